package org.astronest.priors;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.CauchyDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;

/**
 * Factory of the standard priors. Argument conventions follow Stan (and so posteriordb): {@code gamma(shape, rate)},
 * {@code inverseGamma(shape, scale)}, {@code exponential(rate)}, {@code logNormal(mu, sigma)} of log x,
 * {@code studentT(nu, location, scale)}, {@code halfStudentT(nu[, location], scale)}. Every factory refuses NaN, infinite or zero-width arguments with a message
 * naming the argument and its value.
 */
public final class Priors {

    private Priors() {
    }

    /** Uniform on [min, max]. */
    public static Prior uniform(double min, double max) {
        finite("uniform", "min", min);
        finite("uniform", "max", max);
        ordered("uniform", min, max);
        return new Uniform(min, max);
    }

    /** Log-uniform (Jeffreys) on [min, max], 0 &lt; min &lt; max: density 1 / (x ln(max/min)). */
    public static Prior logUniform(double min, double max) {
        finite("log-uniform", "min", min);
        finite("log-uniform", "max", max);
        if (!(min > 0)) {
            throw new IllegalArgumentException("log-uniform: min must be > 0, got " + format(min));
        }
        ordered("log-uniform", min, max);
        return new LogUniform(min, max);
    }

    /** Normal with the given mean and standard deviation. */
    public static Prior normal(double mean, double sd) {
        finite("normal", "mean", mean);
        positive("normal", "sd", sd);
        return new Dist("normal", args("mean", mean, "sd", sd), NormalDistribution.of(mean, sd), 0, 1, false, false,
                y -> -(y - mean) / (sd * sd));
    }

    /** Normal(mean, sd) truncated to [min, max] (either end may be infinite, not both). */
    public static Prior truncatedNormal(double mean, double sd, double min, double max) {
        finite("truncated-normal", "mean", mean);
        positive("truncated-normal", "sd", sd);
        notNaN("truncated-normal", "min", min);
        notNaN("truncated-normal", "max", max);
        ordered("truncated-normal", min, max);
        return new Dist("truncated-normal", args("mean", mean, "sd", sd, "min", min, "max", max),
                TruncatedNormalDistribution.of(mean, sd, min, max), 0, 1, false, false, y -> -(y - mean) / (sd * sd));
    }

    /** Half-normal on [0, inf) with scale {@code sd}: the normal(0, sd) folded at 0. */
    public static Prior halfNormal(double sd) {
        return halfNormal(0, sd);
    }

    /** Half-normal on [location, inf): normal(location, sd) folded at its centre. */
    public static Prior halfNormal(double location, double sd) {
        finite("half-normal", "location", location);
        positive("half-normal", "sd", sd);
        return new Dist("half-normal", args("location", location, "sd", sd), NormalDistribution.of(0, 1), location,
                sd, true, false, y -> -y);
    }

    /** Cauchy with the given location and scale. */
    public static Prior cauchy(double location, double scale) {
        finite("cauchy", "location", location);
        positive("cauchy", "scale", scale);
        return new Dist("cauchy", args("location", location, "scale", scale), CauchyDistribution.of(location, scale), 0,
                1, false, false, y -> -2 * (y - location) / (scale * scale + (y - location) * (y - location)));
    }

    /** Half-Cauchy on [0, inf) with the given scale. */
    public static Prior halfCauchy(double scale) {
        return halfCauchy(0, scale);
    }

    /** Half-Cauchy on [location, inf): Cauchy(location, scale) folded at its centre. */
    public static Prior halfCauchy(double location, double scale) {
        finite("half-cauchy", "location", location);
        positive("half-cauchy", "scale", scale);
        return new Dist("half-cauchy", args("location", location, "scale", scale), CauchyDistribution.of(0, 1),
                location, scale, true, false, y -> -2 * y / (1 + y * y));
    }

    /** Student-t with {@code nu} degrees of freedom, location and scale. */
    public static Prior studentT(double nu, double location, double scale) {
        positive("student-t", "nu", nu);
        finite("student-t", "location", location);
        positive("student-t", "scale", scale);
        return new Dist("student-t", args("nu", nu, "location", location, "scale", scale), TDistribution.of(nu),
                location, scale, false, false, y -> -(nu + 1) * y / (nu + y * y));
    }

    /** Half-Student-t on [0, inf) with {@code nu} degrees of freedom and the given scale (Stan's student_t(nu, 0, s) on a positive parameter). */
    public static Prior halfStudentT(double nu, double scale) {
        return halfStudentT(nu, 0, scale);
    }

    /** Half-Student-t on [location, inf): Student-t(nu, location, scale) folded at its centre. */
    public static Prior halfStudentT(double nu, double location, double scale) {
        positive("half-student-t", "nu", nu);
        finite("half-student-t", "location", location);
        positive("half-student-t", "scale", scale);
        return new Dist("half-student-t", args("nu", nu, "location", location, "scale", scale), TDistribution.of(nu),
                location, scale, true, false, y -> -(nu + 1) * y / (nu + y * y));
    }

    /** Exponential with the given rate (mean 1/rate), on [0, inf). */
    public static Prior exponential(double rate) {
        positive("exponential", "rate", rate);
        return new Dist("exponential", args("rate", rate), GammaDistribution.of(1, 1 / rate), 0, 1, false, false,
                y -> -rate);
    }

    /** Gamma with shape and rate (mean shape/rate), on [0, inf). */
    public static Prior gamma(double shape, double rate) {
        positive("gamma", "shape", shape);
        positive("gamma", "rate", rate);
        return new Dist("gamma", args("shape", shape, "rate", rate), GammaDistribution.of(shape, 1 / rate), 0, 1, false,
                false, y -> (shape - 1) / y - rate);
    }

    /** Inverse gamma with shape and scale: 1/x ~ gamma(shape, rate = scale). */
    public static Prior inverseGamma(double shape, double scale) {
        positive("inverse-gamma", "shape", shape);
        positive("inverse-gamma", "scale", scale);
        return new InverseGamma(shape, scale);
    }

    /** Beta(alpha, beta) on [0, 1]. */
    public static Prior beta(double alpha, double beta) {
        positive("beta", "alpha", alpha);
        positive("beta", "beta", beta);
        return new Dist("beta", args("alpha", alpha, "beta", beta), BetaDistribution.of(alpha, beta), 0, 1, false,
                false, y -> (alpha - 1) / y - (beta - 1) / (1 - y));
    }

    /** Log-normal: ln x ~ normal(mu, sigma). */
    public static Prior logNormal(double mu, double sigma) {
        finite("log-normal", "mu", mu);
        positive("log-normal", "sigma", sigma);
        return new LogNormal(mu, sigma);
    }

    /** A parameter held at {@code value}: not sampled, written to the output as a constant. */
    public static Prior fixed(double value) {
        finite("fixed", "value", value);
        return new Fixed(value);
    }

    /**
     * The improper flat prior on the real line (log density 0 everywhere). Usable by MCMC only: it has no unit-cube
     * transform, and nested samplers refuse it naming the parameter.
     */
    public static Prior flat() {
        return new Flat(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * A flat prior on [lower, upper] as Stan's constrained declarations give without a prior statement
     * ({@code real<lower=0> sigma;}): improper when an end is infinite (MCMC only, as {@link #flat()}), and the
     * proper {@link #uniform} when both are finite. {@code flat(0, +inf)} is the positive flat prior.
     */
    public static Prior flat(double lower, double upper) {
        notNaN("flat", "min", lower);
        notNaN("flat", "max", upper);
        ordered("flat", lower, upper);
        if (Double.isFinite(lower) && Double.isFinite(upper)) {
            return uniform(lower, upper);
        }
        if (lower == Double.POSITIVE_INFINITY || upper == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("flat: empty support [" + format(lower) + ", " + format(upper) + "]");
        }
        return new Flat(lower, upper);
    }

    // ---------------------------------------------------------------- argument checks

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", v).replace(".0", "");
        }
        return Double.toString(v);
    }

    private static void notNaN(String kind, String arg, double v) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException(kind + ": " + arg + " must be a number, got NaN");
        }
    }

    private static void finite(String kind, String arg, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(kind + ": " + arg + " must be finite, got " + v);
        }
    }

    private static void positive(String kind, String arg, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(kind + ": " + arg + " must be finite and > 0, got " + format(v));
        }
    }

    private static void ordered(String kind, double min, double max) {
        if (!(max > min)) {
            throw new IllegalArgumentException(kind + ": max must be > min (zero or negative width), got min="
                    + format(min) + ", max=" + format(max));
        }
    }

    private static Map<String, Double> args(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Double) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static double clampUnit(double u) {
        if (!(u >= 0 && u <= 1)) {
            throw new IllegalArgumentException("unit-cube coordinate must be in [0, 1], got " + u);
        }
        return u;
    }

    // ---------------------------------------------------------------- implementations

    private record Uniform(double min, double max) implements Prior {
        @Override
        public double logDensityGradient(double x) {
            return 0;
        }

        @Override
        public double fromUnit(double u) {
            return Math.min(max, min + clampUnit(u) * (max - min));
        }

        @Override
        public double logDensity(double x) {
            return x >= min && x <= max ? -Math.log(max - min) : Double.NEGATIVE_INFINITY;
        }

        @Override
        public double cdf(double x) {
            return x <= min ? 0 : x >= max ? 1 : (x - min) / (max - min);
        }

        @Override
        public double lower() {
            return min;
        }

        @Override
        public double upper() {
            return max;
        }

        @Override
        public String kind() {
            return "uniform";
        }

        @Override
        public Map<String, Double> arguments() {
            return args("min", min, "max", max);
        }
    }

    private record LogUniform(double min, double max) implements Prior {
        @Override
        public double logDensityGradient(double x) {
            return -1 / x;
        }

        @Override
        public double fromUnit(double u) {
            double x = Math.exp(Math.log(min) + clampUnit(u) * Math.log(max / min));
            return Math.min(max, Math.max(min, x));
        }

        @Override
        public double logDensity(double x) {
            return x >= min && x <= max ? -Math.log(x) - Math.log(Math.log(max / min)) : Double.NEGATIVE_INFINITY;
        }

        @Override
        public double cdf(double x) {
            return x <= min ? 0 : x >= max ? 1 : Math.log(x / min) / Math.log(max / min);
        }

        @Override
        public double lower() {
            return min;
        }

        @Override
        public double upper() {
            return max;
        }

        @Override
        public String kind() {
            return "log-uniform";
        }

        @Override
        public Map<String, Double> arguments() {
            return args("min", min, "max", max);
        }

        @Override
        public boolean isLogScale() {
            return true;
        }
    }

    /**
     * A commons-statistics distribution of y, shifted and scaled: x = location + scale * y; {@code half} folds y at
     * 0 (density doubled on y &gt;= 0).
     */
    private record Dist(String kind, Map<String, Double> arguments, ContinuousDistribution d, double location,
                        double scale, boolean half, boolean logScale, DoubleUnaryOperator slope) implements Prior {
        @Override
        public double logDensityGradient(double x) {
            return slope.applyAsDouble((x - location) / scale) / scale;
        }

        @Override
        public double fromUnit(double u) {
            clampUnit(u);
            double y = half ? d.inverseCumulativeProbability(0.5 + 0.5 * u) : d.inverseCumulativeProbability(u);
            return location + scale * y;
        }

        @Override
        public double logDensity(double x) {
            if (Double.isNaN(x)) {
                return Double.NaN;
            }
            double y = (x - location) / scale;
            if (half && y < 0) {
                return Double.NEGATIVE_INFINITY;
            }
            double ld = d.logDensity(y) - Math.log(scale);
            return half ? ld + Math.log(2) : ld;
        }

        @Override
        public double cdf(double x) {
            double y = (x - location) / scale;
            if (half) {
                return y <= 0 ? 0 : 2 * d.cumulativeProbability(y) - 1;
            }
            return d.cumulativeProbability(y);
        }

        @Override
        public double lower() {
            return half ? location : location + scale * d.getSupportLowerBound();
        }

        @Override
        public double upper() {
            return location + scale * d.getSupportUpperBound();
        }

        @Override
        public boolean isLogScale() {
            return logScale;
        }
    }

    private record LogNormal(double mu, double sigma) implements Prior {
        @Override
        public double logDensityGradient(double x) {
            return -((Math.log(x) - mu) / (sigma * sigma) + 1) / x;
        }

        private static final NormalDistribution STD = NormalDistribution.of(0, 1);

        @Override
        public double fromUnit(double u) {
            return Math.exp(mu + sigma * STD.inverseCumulativeProbability(clampUnit(u)));
        }

        @Override
        public double logDensity(double x) {
            if (!(x > 0)) {
                return Double.isNaN(x) ? Double.NaN : Double.NEGATIVE_INFINITY;
            }
            double z = (Math.log(x) - mu) / sigma;
            return -0.5 * z * z - Math.log(x * sigma) - 0.5 * Math.log(2 * Math.PI);
        }

        @Override
        public double cdf(double x) {
            return x <= 0 ? 0 : STD.cumulativeProbability((Math.log(x) - mu) / sigma);
        }

        @Override
        public double lower() {
            return 0;
        }

        @Override
        public double upper() {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        public String kind() {
            return "log-normal";
        }

        @Override
        public Map<String, Double> arguments() {
            return args("mu", mu, "sigma", sigma);
        }

        @Override
        public boolean isLogScale() {
            return true;
        }
    }

    private record InverseGamma(double shape, double scale) implements Prior {
        @Override
        public double logDensityGradient(double x) {
            return -(shape + 1) / x + scale / (x * x);
        }

        @Override
        public double fromUnit(double u) {
            // X = 1/Y with Y ~ gamma(shape, rate = scale): P(X <= x) = P(Y >= 1/x).
            GammaDistribution g = GammaDistribution.of(shape, 1 / scale);
            return 1 / g.inverseSurvivalProbability(clampUnit(u));
        }

        @Override
        public double logDensity(double x) {
            if (!(x > 0)) {
                return Double.isNaN(x) ? Double.NaN : Double.NEGATIVE_INFINITY;
            }
            return shape * Math.log(scale) - org.apache.commons.numbers.gamma.LogGamma.value(shape)
                    - (shape + 1) * Math.log(x) - scale / x;
        }

        @Override
        public double cdf(double x) {
            return x <= 0 ? 0 : GammaDistribution.of(shape, 1 / scale).survivalProbability(1 / x);
        }

        @Override
        public double lower() {
            return 0;
        }

        @Override
        public double upper() {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        public String kind() {
            return "inverse-gamma";
        }

        @Override
        public Map<String, Double> arguments() {
            return args("shape", shape, "scale", scale);
        }
    }

    private record Fixed(double value) implements Prior {
        @Override
        public double logDensityGradient(double x) {
            return 0;
        }

        @Override
        public double fromUnit(double u) {
            return value;
        }

        @Override
        public double logDensity(double x) {
            return x == value ? 0 : Double.NEGATIVE_INFINITY;
        }

        @Override
        public double cdf(double x) {
            return x < value ? 0 : 1;
        }

        @Override
        public double lower() {
            return value;
        }

        @Override
        public double upper() {
            return value;
        }

        @Override
        public String kind() {
            return "fixed";
        }

        @Override
        public Map<String, Double> arguments() {
            return args("value", value);
        }

        @Override
        public boolean isFixed() {
            return true;
        }
    }

    private record Flat(double lower, double upper) implements Prior {
        @Override
        public double logDensityGradient(double x) {
            return 0;
        }

        @Override
        public double fromUnit(double u) {
            throw new UnsupportedOperationException("the flat prior is improper and has no unit-cube transform; "
                    + "use a bounded prior (e.g. uniform) for nested sampling");
        }

        @Override
        public double logDensity(double x) {
            return Double.isNaN(x) ? Double.NaN : x >= lower && x <= upper ? 0 : Double.NEGATIVE_INFINITY;
        }

        @Override
        public double cdf(double x) {
            throw new UnsupportedOperationException("the flat prior is improper and has no CDF");
        }


        @Override
        public String kind() {
            return "flat";
        }

        @Override
        public Map<String, Double> arguments() {
            Map<String, Double> m = new LinkedHashMap<>();
            if (Double.isFinite(lower)) {
                m.put("min", lower);
            }
            if (Double.isFinite(upper)) {
                m.put("max", upper);
            }
            return java.util.Collections.unmodifiableMap(m);
        }

        @Override
        public boolean isProper() {
            return false;
        }
    }
}
