package org.astronest.inference.optim;

import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.astronest.inference.UnconstrainedDensity;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * A Laplace approximation of a posterior: the mode of its density on the unconstrained scale (log-Jacobian included,
 * as Stan's {@code laplace_sample}), found by {@link Lbfgs} from the best of a few prior draws, and the inverse of
 * the negative Hessian there (central differences of the gradient, symmetrised) as the covariance. Its
 * {@link #center()} and {@link #scale()} (the free parameters at the mode and their standard deviations by the delta
 * method) are the initial ball any MCMC sampler accepts ({@code withInitialBall}); {@link #mapTheta()} is the
 * posterior mode in the model's own coordinates (Jacobian left out, Stan's optimiser default).
 *
 * @param mode       the unconstrained mode y*
 * @param covariance the unconstrained covariance, row-major d x d
 * @param theta      the full theta at y*
 * @param mapTheta   the full theta at the posterior mode in the model's coordinates
 * @param logDensity ln p(y*) (unconstrained, with the Jacobian)
 * @param center     free parameters at y*
 * @param scale      their standard deviations: |dx/dy| sqrt(covariance_ii)
 * @param evaluations gradient evaluations spent
 * @param likelihoodCalls likelihood calls spent (more than the evaluations when gradients are finite differences)
 */
public record Laplace(double[] mode, double[] covariance, double[] theta, double[] mapTheta, double logDensity,
                      double[] center, double[] scale, long evaluations, long likelihoodCalls) {

    /** Prior draws the optimiser starts from (the best is kept). */
    public static final int STARTS = 4;

    /** The Laplace approximation of {@code problem}, starting points from {@code Rngs.stream(seed, 0x1A7, k)}. */
    public static Laplace fit(InferenceProblem problem, long seed) {
        UnconstrainedDensity density = new UnconstrainedDensity(problem);
        int d = density.dimension();
        Lbfgs lbfgs = Lbfgs.defaults();
        Lbfgs.Result best = null;
        for (int k = 0; k < STARTS; k++) {
            UniformRandomProvider rng = Rngs.stream(seed, 0x1A7L, k);
            double[] y0 = start(problem, density, rng);
            if (y0 == null) {
                continue;
            }
            Lbfgs.Result r = lbfgs.maximise((y, g) -> density.logDensity(y, g, null, true), y0);
            if (best == null || r.value() > best.value()) {
                best = r;
            }
        }
        if (best == null) {
            throw new IllegalStateException("laplace: no start of finite posterior density in " + STARTS
                    + " prior draws");
        }
        double[] mode = best.x();
        double[] cov = covariance(density, mode);
        Lbfgs.Result map = lbfgs.maximise((y, g) -> density.logDensity(y, g, null, false), mode);
        double[] center = new double[d];
        double[] scale = new double[d];
        double[] theta = density.theta(mode);
        int[] free = problem.priors().freeIndices();
        for (int k = 0; k < d; k++) {
            center[k] = theta[free[k]];
            scale[k] = Math.abs(density.bijection(k).derivative(mode[k])) * Math.sqrt(cov[k * d + k]);
        }
        return new Laplace(mode, cov, theta, density.theta(map.x()), best.value(), center, scale,
                density.gradientEvaluations(), density.likelihoodCalls());
    }

    private static double[] start(InferenceProblem problem, UnconstrainedDensity density, UniformRandomProvider rng) {
        int[] free = problem.priors().freeIndices();
        for (int attempt = 0; attempt < 100; attempt++) {
            double[] x = new double[free.length];
            for (int k = 0; k < free.length; k++) {
                var p = problem.priors().get(free[k]).prior();
                x[k] = p.isProper() ? p.fromUnit(rng.nextDouble()) : 4 * rng.nextDouble() - 2;
            }
            double[] y = density.toUnconstrained(problem.expand(x));
            double[] g = new double[y.length];
            boolean finite = true;
            for (double v : y) {
                finite &= Double.isFinite(v);
            }
            if (finite && density.logDensity(y, g, null, true) > Double.NEGATIVE_INFINITY) {
                return y;
            }
        }
        return null;
    }

    /** (-H)^-1 at y, H by central differences of the gradient (step 1e-4 max(1, |y_i|)), symmetrised. */
    static double[] covariance(UnconstrainedDensity density, double[] y) {
        int d = y.length;
        double[][] h = new double[d][d];
        for (int i = 0; i < d; i++) {
            double step = 1e-4 * Math.max(1, Math.abs(y[i]));
            double[] yp = y.clone();
            double[] ym = y.clone();
            yp[i] += step;
            ym[i] -= step;
            double[] gp = new double[d];
            double[] gm = new double[d];
            density.logDensity(yp, gp, null, true);
            density.logDensity(ym, gm, null, true);
            for (int j = 0; j < d; j++) {
                h[i][j] = (gp[j] - gm[j]) / (2 * step);
            }
        }
        RealMatrix neg = MatrixUtils.createRealMatrix(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                neg.setEntry(i, j, -0.5 * (h[i][j] + h[j][i]));
            }
        }
        RealMatrix inv;
        try {
            inv = new CholeskyDecomposition(neg, 1e-12, 1e-15).getSolver().getInverse();
        } catch (RuntimeException e) {
            // not positive definite (a flat or curved-away direction, a mode on a boundary, or noise of
            // finite-difference gradients): invert with the eigenvalues replaced by max(|lambda|, 1e-6 max |lambda|),
            // a covariance that is at least as wide as the curvature allows in every direction
            var eig = new org.hipparchus.linear.EigenDecompositionSymmetric(neg);
            double[] lam = eig.getEigenvalues();
            double top = 0;
            for (double v : lam) {
                top = Math.max(top, Math.abs(v));
            }
            if (!(top > 0)) {
                throw new IllegalStateException("laplace: the Hessian at the mode is zero (a flat posterior)", e);
            }
            RealMatrix v = eig.getV();
            RealMatrix diag = MatrixUtils.createRealMatrix(d, d);
            for (int i = 0; i < d; i++) {
                diag.setEntry(i, i, 1 / Math.max(Math.abs(lam[i]), 1e-6 * top));
            }
            inv = v.multiply(diag).multiply(v.transpose());
        }
        double[] out = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = inv.getEntry(i, j);
            }
        }
        return out;
    }
}
