package org.astronest.inference;

import java.util.concurrent.atomic.LongAdder;
import org.astronest.priors.Bijection;

/**
 * The posterior of a problem as a density over the whole real line in each free parameter, as gradient samplers and
 * optimisers need: each free parameter x_i = f_i(y_i) through its prior's {@link Bijection} (Stan's transforms), and
 * {@code ln p(y) = ln prior(x) + ln L(x) + sum_i ln |dx_i/dy_i|} (Stan Reference Manual, "Change of variables"), with
 * its gradient by the chain rule: {@code d ln p / dy_i = (d ln prior/dx_i + d ln L/dx_i) dx_i/dy_i + d ln|J_i|/dy_i}.
 * Likelihood gradients are the model's own when it has one ({@link GradientLogLikelihood}), else central finite
 * differences ({@link InferenceProblem#logLikelihoodAndGradient}). Thread-safe; counts its evaluations.
 */
public final class UnconstrainedDensity {

    private final InferenceProblem problem;
    private final int[] free;
    private final Bijection[] maps;
    private final int size;
    private final LongAdder gradients = new LongAdder();
    private final LongAdder calls = new LongAdder();

    public UnconstrainedDensity(InferenceProblem problem) {
        this.problem = problem;
        this.free = problem.priors().freeIndices();
        this.size = problem.priors().size();
        this.maps = new Bijection[free.length];
        for (int k = 0; k < free.length; k++) {
            maps[k] = problem.priors().get(free[k]).prior().bijection();
        }
    }

    public InferenceProblem problem() {
        return problem;
    }

    /** Number of free parameters (the dimension of y). */
    public int dimension() {
        return free.length;
    }

    /** Whether gradients are analytic (otherwise central finite differences, 2 d + 1 likelihood calls each). */
    public boolean analytic() {
        return problem.hasGradient();
    }

    /** The bijection of free parameter k. */
    public Bijection bijection(int k) {
        return maps[k];
    }

    /** The full theta of an unconstrained point y. */
    public double[] theta(double[] y) {
        double[] x = new double[free.length];
        for (int k = 0; k < free.length; k++) {
            x[k] = maps[k].fromUnconstrained(y[k]);
        }
        return problem.expand(x);
    }

    /** The unconstrained point of a full theta (free parameters strictly inside their supports). */
    public double[] toUnconstrained(double[] theta) {
        double[] y = new double[free.length];
        for (int k = 0; k < free.length; k++) {
            y[k] = maps[k].toUnconstrained(theta[free[k]]);
        }
        return y;
    }

    /**
     * ln p(y) with its gradient in {@code gradient} (length d); -infinity (gradient unspecified) where the prior or
     * the likelihood is zero. {@code out}, when not null, receives ln L at index 0 and ln prior(x) at index 1.
     */
    public double logDensity(double[] y, double[] gradient, double[] out) {
        return logDensity(y, gradient, out, true);
    }

    /**
     * As {@link #logDensity(double[], double[], double[])}, with the log-Jacobian left out when {@code jacobian} is
     * false: then the maximum over y is the posterior mode in the model's own coordinates (Stan's optimiser default,
     * {@code jacobian=false}), while with it the maximum is the mode of the unconstrained density that a Laplace
     * approximation centres on (Stan's {@code laplace_sample}).
     */
    public double logDensity(double[] y, double[] gradient, double[] out, boolean jacobian) {
        double[] theta = theta(y);
        gradients.increment();
        double lp = problem.logPrior(theta);
        if (lp == Double.NEGATIVE_INFINITY) {
            return fail(out, Double.NaN, lp);
        }
        double[] g = new double[size];
        double ll = problem.logLikelihoodAndGradient(theta, g);
        calls.add(analytic() ? 1 : 2L * free.length + 1);
        if (ll == Double.NEGATIVE_INFINITY) {
            return fail(out, ll, lp);
        }
        double[] gp = new double[size];
        problem.priors().logDensityGradient(theta, gp);
        double lj = 0;
        for (int k = 0; k < free.length; k++) {
            int i = free[k];
            gradient[k] = (g[i] + gp[i]) * maps[k].derivative(y[k]);
            if (jacobian) {
                lj += maps[k].logJacobian(y[k]);
                gradient[k] += maps[k].logJacobianDerivative(y[k]);
            }
        }
        if (out != null) {
            out[0] = ll;
            out[1] = lp;
        }
        double v = lp + ll + lj;
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    private static double fail(double[] out, double ll, double lp) {
        if (out != null) {
            out[0] = ll;
            out[1] = lp;
        }
        return Double.NEGATIVE_INFINITY;
    }

    /** Evaluations of {@link #logDensity} so far (each one value and one gradient). */
    public long gradientEvaluations() {
        return gradients.sum();
    }

    /** Likelihood calls so far (one per analytic gradient, 2 d + 1 per finite-difference one). */
    public long likelihoodCalls() {
        return calls.sum();
    }
}
