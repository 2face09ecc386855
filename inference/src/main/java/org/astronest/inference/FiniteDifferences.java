package org.astronest.inference;

/**
 * Central finite differences of a log-likelihood, the fallback gradient for models without an analytic one and the
 * reference that {@link InferenceProblem#checkGradient} compares analytic gradients with. The step of parameter i is
 * {@code h_i = RELATIVE_STEP * max(|theta_i|, scale_i)} (scale: the width of the prior's central 50%), clipped so
 * that both points stay inside the prior support; the truncation error is O(h^2) (Nocedal & Wright 2006, sec. 8.1).
 */
public final class FiniteDifferences {

    /** Relative step: cube root of machine epsilon (about 6e-6), optimal for central differences (Nocedal & Wright). */
    public static final double RELATIVE_STEP = Math.cbrt(Math.ulp(1.0));

    private FiniteDifferences() {
    }

    /**
     * {@code ln L(theta)} and its central-difference gradient over the free parameters of {@code problem} (2 d + 1
     * likelihood calls; entries of fixed parameters are 0).
     */
    public static double valueAndGradient(InferenceProblem problem, double[] theta, double[] gradient) {
        double v = problem.logLikelihood(theta);
        java.util.Arrays.fill(gradient, 0);
        if (v == Double.NEGATIVE_INFINITY) {
            return v;
        }
        int[] free = problem.priors().freeIndices();
        double[] t = theta.clone();
        for (int i : free) {
            double h = step(problem, theta, i);
            double lo = Math.max(theta[i] - h, problem.priors().get(i).prior().lower());
            double hi = Math.min(theta[i] + h, problem.priors().get(i).prior().upper());
            t[i] = hi;
            double fp = problem.logLikelihood(t);
            t[i] = lo;
            double fm = problem.logLikelihood(t);
            t[i] = theta[i];
            gradient[i] = (fp - fm) / (hi - lo);
        }
        return v;
    }

    /** The step for parameter i at theta. */
    static double step(InferenceProblem problem, double[] theta, int i) {
        var prior = problem.priors().get(i).prior();
        double scale = prior.isProper() ? prior.fromUnit(0.75) - prior.fromUnit(0.25) : 1;
        if (!(scale > 0) || !Double.isFinite(scale)) {
            scale = 1;
        }
        return RELATIVE_STEP * Math.max(Math.abs(theta[i]), scale);
    }
}
