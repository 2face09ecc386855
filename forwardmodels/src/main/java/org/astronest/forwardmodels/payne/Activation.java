package org.astronest.forwardmodels.payne;

import java.util.Locale;

/** Layer activations of the Payne-family networks. */
public enum Activation {
    /** {@code z} for {@code z > 0}, else {@code 0.01 z}: The Payne's leaky ReLU (Ting et al. 2019, slope 0.01). */
    LEAKY_RELU,
    /** {@code 1 / (1 + exp(-z))}: binspec's per-pixel hidden layer and the third layer of CCLya-Payne v1.1. */
    SIGMOID,
    /** Identity (output layers). */
    LINEAR;

    /** Slope of the leaky ReLU for negative inputs (The Payne's {@code leaky_relu}). */
    public static final double LEAKY_SLOPE = 0.01;

    /** The activation of {@code z}. */
    public double apply(double z) {
        return switch (this) {
            case LEAKY_RELU -> z > 0 ? z : LEAKY_SLOPE * z;
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-z));
            case LINEAR -> z;
        };
    }

    /** The derivative at pre-activation {@code z} whose activation is {@code y}. */
    public double derivative(double z, double y) {
        return switch (this) {
            case LEAKY_RELU -> z > 0 ? 1.0 : LEAKY_SLOPE;
            case SIGMOID -> y * (1.0 - y);
            case LINEAR -> 1.0;
        };
    }

    /** Parses {@code lrelu}, {@code leaky_relu}, {@code sigmoid}, {@code linear} (case-insensitive). */
    public static Activation parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "lrelu", "leaky_relu", "leakyrelu", "leaky-relu" -> LEAKY_RELU;
            case "sigmoid" -> SIGMOID;
            case "linear", "identity", "none" -> LINEAR;
            default -> throw new IllegalArgumentException("unknown activation '" + s
                    + "'; choose lrelu, sigmoid or linear");
        };
    }
}
