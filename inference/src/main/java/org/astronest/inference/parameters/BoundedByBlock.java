package org.astronest.inference.parameters;

import java.util.List;
import org.astronest.priors.Parameter;
import org.astronest.priors.Priors;

/**
 * A parameter uniform between two bounds, either of which may be another (earlier) model parameter:
 * {@code y | lower, upper ~ uniform(lower, upper)}, sampled as t ~ uniform(0, 1) with
 * {@code y = lower + (upper - lower) t} (the conditional density 1 / (upper - lower) is the prior the
 * reparameterisation implies; no Jacobian is left for the likelihood).
 */
final class BoundedByBlock implements ParameterBlock {

    private final String name;
    private final String lowerName;
    private final String upperName;
    private final double lower;
    private final double upper;
    private final List<Parameter> sampled;
    private int lowerIndex = -1;
    private int upperIndex = -1;

    /** {@code lowerName}/{@code upperName} null for the constant {@code lower}/{@code upper}. */
    BoundedByBlock(String name, String lowerName, double lower, String upperName, double upper, String label,
                   String unit) {
        if (lowerName == null && upperName == null) {
            throw new IllegalArgumentException("'" + name + "': give another parameter as one of the bounds (a "
                    + "constant box is a uniform prior)");
        }
        if ((lowerName == null && !Double.isFinite(lower)) || (upperName == null && !Double.isFinite(upper))) {
            throw new IllegalArgumentException("'" + name + "': constant bounds must be finite, got [" + lower + ", "
                    + upper + "]");
        }
        this.name = name;
        this.lowerName = lowerName;
        this.upperName = upperName;
        this.lower = lower;
        this.upper = upper;
        this.sampled = List.of(new Parameter(name + "_raw", Priors.uniform(0, 1), label + " (fraction of its range)",
                ""));
    }

    @Override
    public List<Parameter> sampled() {
        return sampled;
    }

    @Override
    public List<String> modelNames() {
        return List.of(name);
    }

    @Override
    public void resolve(java.util.function.ToIntFunction<String> indexOf) {
        if (lowerName != null) {
            lowerIndex = indexOf.applyAsInt(lowerName);
        }
        if (upperName != null) {
            upperIndex = indexOf.applyAsInt(upperName);
        }
    }

    private double lo(double[] model) {
        return lowerIndex >= 0 ? model[lowerIndex] : lower;
    }

    private double hi(double[] model) {
        return upperIndex >= 0 ? model[upperIndex] : upper;
    }

    @Override
    public void toModel(double[] raw, int ro, double[] model, int mo) {
        double l = lo(model);
        model[mo] = l + (hi(model) - l) * raw[ro];
    }

    @Override
    public void pullBack(double[] raw, int ro, double[] model, int mo, double[] gModel, double[] gRaw) {
        double g = gModel[mo];
        double t = raw[ro];
        gRaw[ro] += g * (hi(model) - lo(model));
        if (lowerIndex >= 0) {
            gModel[lowerIndex] += g * (1 - t);
        }
        if (upperIndex >= 0) {
            gModel[upperIndex] += g * t;
        }
    }
}
