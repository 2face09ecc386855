package org.astronest.inference.parameters;

import java.util.ArrayList;
import java.util.List;
import org.astronest.priors.Parameter;
import org.astronest.priors.Priors;

/**
 * An ordered vector {@code a < x[1] < ... < x[k] < b} with a uniform prior on that region (density k! / (b - a)^k):
 * the joint law of the order statistics of k uniform draws. Sampled as t_i ~ Beta(1, k - i + 1) with
 * {@code x_i = x_{i-1} + (b - x_{i-1}) t_i}, x_0 = a: the smallest of k - i + 1 uniforms on (x_{i-1}, b) is at
 * fraction Beta(1, k - i + 1) of the way (the order-statistics construction of e.g. Handley et al. 2015,
 * PolyChord's "sorted" prior).
 */
final class OrderedBlock implements ParameterBlock {

    private final String name;
    private final int k;
    private final double a;
    private final double b;
    private final List<Parameter> sampled;

    OrderedBlock(String name, int k, double a, double b, String label, String unit) {
        if (k < 1) {
            throw new IllegalArgumentException("ordered '" + name + "': size must be >= 1, got " + k);
        }
        if (!(b > a) || !Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("ordered '" + name + "': need finite lower < upper, got [" + a + ", "
                    + b + "]");
        }
        this.name = name;
        this.k = k;
        this.a = a;
        this.b = b;
        List<Parameter> s = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            s.add(new Parameter(name + "_raw[" + i + "]", Priors.beta(1, k - i + 1), label + " (ordered fraction " + i
                    + ")", ""));
        }
        this.sampled = List.copyOf(s);
    }

    @Override
    public List<Parameter> sampled() {
        return sampled;
    }

    @Override
    public List<String> modelNames() {
        List<String> n = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            n.add(name + "[" + i + "]");
        }
        return n;
    }

    @Override
    public void toModel(double[] raw, int ro, double[] model, int mo) {
        double prev = a;
        for (int i = 0; i < k; i++) {
            prev = prev + (b - prev) * raw[ro + i];
            model[mo + i] = prev;
        }
    }

    @Override
    public void pullBack(double[] raw, int ro, double[] model, int mo, double[] gModel, double[] gRaw) {
        double carry = 0;
        for (int i = k - 1; i >= 0; i--) {
            double g = gModel[mo + i] + carry;
            double prev = i == 0 ? a : model[mo + i - 1];
            gRaw[ro + i] += g * (b - prev);
            carry = g * (1 - raw[ro + i]);
        }
    }
}
