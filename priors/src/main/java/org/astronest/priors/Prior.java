package org.astronest.priors;

import java.util.Map;

/**
 * A one-dimensional prior distribution.
 *
 * <p>{@link #fromUnit(double)} maps u in [0, 1] to a value (the inverse CDF, as nested samplers need);
 * {@link #logDensity(double)} is -infinity outside the support; {@link #cdf(double)} is the cumulative distribution.
 * Instances are immutable and come from {@link Priors}.
 */
public interface Prior {

    /** Inverse CDF: the value whose cumulative probability is {@code u} (u in [0, 1]). */
    double fromUnit(double u);

    /** Natural log of the density at {@code x}; -infinity outside the support; 0 for a fixed value at it. */
    double logDensity(double x);

    /** Cumulative distribution function at {@code x}. */
    double cdf(double x);

    /** Lower end of the support (may be -infinity). */
    double lower();

    /** Upper end of the support (may be +infinity). */
    double upper();

    /** Kind, as used in configs: {@code uniform}, {@code log-uniform}, {@code normal}, ... */
    String kind();

    /** The arguments of the prior by their config names (e.g. {@code min}, {@code max}), in a stable order. */
    Map<String, Double> arguments();

    /** False for improper priors ({@link Priors#flat()}), which a nested sampler must refuse. */
    default boolean isProper() {
        return true;
    }

    /** True for a parameter held at one value ({@link Priors#fixed(double)}); samplers do not explore it. */
    default boolean isFixed() {
        return false;
    }

    /** True when the natural axis of the parameter is logarithmic (log-uniform, log-normal). */
    default boolean isLogScale() {
        return false;
    }

    /** True when {@code x} lies in the support. */
    default boolean inSupport(double x) {
        return x >= lower() && x <= upper();
    }

    /**
     * d ln p(x) / dx inside the support (0 for flat and fixed priors). The priors of {@link Priors} give it in closed
     * form; this default, for priors written elsewhere, is a central finite difference with a relative step of 1e-6.
     */
    default double logDensityGradient(double x) {
        double h = 1e-6 * Math.max(1, Math.abs(x));
        double lo = Math.max(x - h, lower());
        double hi = Math.min(x + h, upper());
        return (logDensity(hi) - logDensity(lo)) / (hi - lo);
    }

    /** The bijection between the support and the real line that gradient samplers use (Stan's transforms). */
    default Bijection bijection() {
        return Bijection.forSupport(lower(), upper());
    }

    /** Short text such as {@code uniform(min=0, max=1)}. */
    default String describe() {
        StringBuilder b = new StringBuilder(kind()).append('(');
        boolean first = true;
        for (Map.Entry<String, Double> e : arguments().entrySet()) {
            if (!first) {
                b.append(", ");
            }
            first = false;
            b.append(e.getKey()).append('=').append(Priors.format(e.getValue()));
        }
        return b.append(')').toString();
    }
}
