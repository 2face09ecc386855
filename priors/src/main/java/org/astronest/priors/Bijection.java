package org.astronest.priors;

/**
 * A smooth bijection between a parameter's support and the whole real line, as gradient samplers need: the
 * parameter x = {@link #fromUnconstrained(double) f(y)} for unconstrained y, with ln |dx/dy| as the log-Jacobian that
 * turns a density in x into one in y. The forms are Stan's (Stan Reference Manual, "Constraint transforms"):
 * identity on the real line, x = a + exp(y) above a lower bound a, x = b - exp(y) below an upper bound b, and
 * x = a + (b - a) logistic(y) between a and b.
 *
 * @param lower lower end of the support (may be -infinity)
 * @param upper upper end of the support (may be +infinity)
 */
public record Bijection(double lower, double upper) {

    public Bijection {
        if (Double.isNaN(lower) || Double.isNaN(upper) || !(upper > lower)) {
            throw new IllegalArgumentException("bijection: need lower < upper, got [" + lower + ", " + upper + "]");
        }
    }

    /** The bijection of a support [lower, upper]. */
    public static Bijection forSupport(double lower, double upper) {
        return new Bijection(lower, upper);
    }

    private boolean hasLower() {
        return lower != Double.NEGATIVE_INFINITY;
    }

    private boolean hasUpper() {
        return upper != Double.POSITIVE_INFINITY;
    }

    /** Short name of the transform: {@code identity}, {@code log}, {@code log-upper} or {@code logit}. */
    public String kind() {
        if (hasLower() && hasUpper()) {
            return "logit";
        }
        return hasLower() ? "log" : hasUpper() ? "log-upper" : "identity";
    }

    /** y = f^-1(x); +-infinity at the ends of a bounded support. */
    public double toUnconstrained(double x) {
        if (hasLower() && hasUpper()) {
            double p = (x - lower) / (upper - lower);
            return Math.log(p) - Math.log1p(-p);
        }
        if (hasLower()) {
            return Math.log(x - lower);
        }
        if (hasUpper()) {
            return Math.log(upper - x);
        }
        return x;
    }

    /** x = f(y), kept inside the support against rounding. */
    public double fromUnconstrained(double y) {
        if (hasLower() && hasUpper()) {
            double x = lower + (upper - lower) * logistic(y);
            return Math.min(upper, Math.max(lower, x));
        }
        if (hasLower()) {
            return lower + Math.exp(y);
        }
        if (hasUpper()) {
            return upper - Math.exp(y);
        }
        return y;
    }

    /** dx/dy at y. */
    public double derivative(double y) {
        if (hasLower() && hasUpper()) {
            double s = logistic(y);
            return (upper - lower) * s * (1 - s);
        }
        if (hasLower()) {
            return Math.exp(y);
        }
        if (hasUpper()) {
            return -Math.exp(y);
        }
        return 1;
    }

    /** ln |dx/dy| at y. */
    public double logJacobian(double y) {
        if (hasLower() && hasUpper()) {
            // ln s + ln(1 - s) = -softplus(-y) - softplus(y)
            return Math.log(upper - lower) - softplus(-y) - softplus(y);
        }
        if (hasLower() || hasUpper()) {
            return y;
        }
        return 0;
    }

    /** d ln |dx/dy| / dy at y. */
    public double logJacobianDerivative(double y) {
        if (hasLower() && hasUpper()) {
            return 1 - 2 * logistic(y);
        }
        return hasLower() || hasUpper() ? 1 : 0;
    }

    private static double logistic(double y) {
        return y >= 0 ? 1 / (1 + Math.exp(-y)) : Math.exp(y) / (1 + Math.exp(y));
    }

    private static double softplus(double y) {
        return y > 0 ? y + Math.log1p(Math.exp(-y)) : Math.log1p(Math.exp(y));
    }
}
