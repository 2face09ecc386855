package org.astronest.forwardmodels.payne;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.linear.SingularValueDecomposition;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.util.Pair;

/**
 * Best fit of a {@link ResidualFunction} inside a box, by Levenberg-Marquardt (Hipparchus
 * {@link LevenbergMarquardtOptimizer}, a port of MINPACK's lmder) from one or more starts, keeping the lowest
 * chi-square. Parameters are optimized in units of their {@link ResidualFunction#typicalScale()} (labels: the width
 * of the training box, so the variables are The Payne's scaled labels up to a shift; velocities: 100 km/s); a step
 * leaving the box is clamped onto it, as The Payne bounds the scaled labels to [-0.5, 0.5] (its fitting code uses
 * {@code curve_fit(method='trf', bounds=...)}; shared/payne/payne_architecture_reference.json).
 *
 * <p>Errors: the covariance {@code (J^T W J)^-1} at the best fit, with J the model Jacobian in physical units and
 * {@code W = diag(1/sigma^2)} (equivalently the Jacobian of the normalized residuals), inverted by SVD.
 * Configured once, holds no run state.
 */
public final class LabelFitter {

    /**
     * Options.
     *
     * @param maxEvaluations   per start; default 1000 (generous: converged fits take 5-30)
     * @param costTolerance    relative chi-square tolerance; default 1e-10 (MINPACK's ftol default is 1.49e-8;
     *                         tighter because a fit is cheap)
     * @param paramTolerance   relative parameter tolerance; default 1e-10
     */
    public record Options(int maxEvaluations, double costTolerance, double paramTolerance) {
        public Options {
            if (maxEvaluations < 1) {
                throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + maxEvaluations);
            }
            if (!(costTolerance > 0) || !(paramTolerance > 0)) {
                throw new IllegalArgumentException("tolerances must be > 0, got " + costTolerance + ", "
                        + paramTolerance);
            }
        }

        public static Options defaults() {
            return new Options(1000, 1e-10, 1e-10);
        }
    }

    /**
     * A best fit.
     *
     * @param theta       best-fit parameters
     * @param errors      1-sigma errors, sqrt of the covariance diagonal
     * @param covariance  {@code (J^T W J)^-1}, row-major {@code n x n}
     * @param chi2        chi-square at the best fit
     * @param residuals   number of residuals (good pixels)
     * @param evaluations total residual evaluations over all starts
     * @param starts      number of starts tried
     * @param atBound     per parameter: whether the best fit sits on the box edge
     */
    public record Result(double[] theta, double[] errors, double[] covariance, double chi2, int residuals,
                         int evaluations, int starts, boolean[] atBound) {
    }

    private final Options options;

    public LabelFitter(Options options) {
        this.options = options;
    }

    public LabelFitter() {
        this(Options.defaults());
    }

    /**
     * Fits from each start and returns the lowest chi-square.
     *
     * @param f      residuals
     * @param lower  lower bounds (physical units)
     * @param upper  upper bounds
     * @param starts starting points (physical units; clamped into the box)
     */
    public Result fit(ResidualFunction f, double[] lower, double[] upper, List<double[]> starts) {
        int np = f.parameterCount();
        int m = f.residualCount();
        if (lower.length != np || upper.length != np) {
            throw new IllegalArgumentException("bounds have " + lower.length + "/" + upper.length + " values, need "
                    + np);
        }
        if (starts.isEmpty()) {
            throw new IllegalArgumentException("need at least one start");
        }
        if (m < np) {
            throw new IllegalArgumentException(m + " usable pixels cannot constrain " + np + " parameters");
        }
        double[] scale = f.typicalScale();
        double[] r = new double[m];
        double[] jac = new double[m * np];
        MultivariateJacobianFunction model = point -> {
            double[] theta = new double[np];
            for (int k = 0; k < np; k++) {
                theta[k] = point.getEntry(k) * scale[k];
            }
            f.residualsAndJacobian(theta, r, jac);
            double[][] j = new double[m][np];
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < np; k++) {
                    j[i][k] = jac[i * np + k] * scale[k];
                }
            }
            return new Pair<>(new ArrayRealVector(r, true), new Array2DRowRealMatrix(j, false));
        };
        LevenbergMarquardtOptimizer lm = new LevenbergMarquardtOptimizer()
                .withCostRelativeTolerance(options.costTolerance())
                .withParameterRelativeTolerance(options.paramTolerance());
        double[] best = null;
        double bestChi2 = Double.POSITIVE_INFINITY;
        int evals = 0;
        for (double[] start : starts) {
            double[] p0 = new double[np];
            for (int k = 0; k < np; k++) {
                p0[k] = clamp(start[k], lower[k], upper[k]) / scale[k];
            }
            LeastSquaresProblem problem = new LeastSquaresBuilder()
                    .start(p0)
                    .model(model)
                    .target(new double[m])
                    .maxEvaluations(options.maxEvaluations())
                    .maxIterations(options.maxEvaluations())
                    .lazyEvaluation(false)
                    .parameterValidator(v -> {
                        RealVector c = v.copy();
                        for (int k = 0; k < np; k++) {
                            c.setEntry(k, clamp(v.getEntry(k), lower[k] / scale[k], upper[k] / scale[k]));
                        }
                        return c;
                    })
                    .build();
            double[] theta = new double[np];
            try {
                LeastSquaresOptimizer.Optimum opt = lm.optimize(problem);
                evals += opt.getEvaluations();
                for (int k = 0; k < np; k++) {
                    theta[k] = opt.getPoint().getEntry(k) * scale[k];
                }
            } catch (MathIllegalStateException e) {
                // evaluation limit reached: keep the start's result out of the comparison
                evals += options.maxEvaluations();
                continue;
            }
            double c = chi2(f, theta, r);
            if (c < bestChi2) {
                bestChi2 = c;
                best = theta;
            }
        }
        if (best == null) {
            throw new IllegalStateException("Levenberg-Marquardt did not converge within " + options.maxEvaluations()
                    + " evaluations from any of " + starts.size() + " starts");
        }
        double[] cov = covariance(f, best, r, jac);
        double[] err = new double[np];
        boolean[] atBound = new boolean[np];
        for (int k = 0; k < np; k++) {
            err[k] = Math.sqrt(cov[k * np + k]);
            atBound[k] = best[k] <= lower[k] || best[k] >= upper[k];
        }
        return new Result(best, err, cov, bestChi2, m, evals, starts.size(), atBound);
    }

    /** {@code (J^T J)^-1} of the normalized residuals at theta (pseudo-inverse when singular). */
    public static double[] covariance(ResidualFunction f, double[] theta) {
        int np = f.parameterCount();
        int m = f.residualCount();
        return covariance(f, theta, new double[m], new double[m * np]);
    }

    /**
     * The inverse is taken in units of {@link ResidualFunction#typicalScale()} (columns of J multiplied by the
     * scales) and scaled back: physical labels span 1e0..1e19 (a linear column density), which would make J^T J
     * numerically singular.
     */
    private static double[] covariance(ResidualFunction f, double[] theta, double[] r, double[] jac) {
        int np = f.parameterCount();
        int m = f.residualCount();
        double[] sc = f.typicalScale();
        f.residualsAndJacobian(theta, r, jac);
        double[][] jtj = new double[np][np];
        for (int i = 0; i < m; i++) {
            int o = i * np;
            for (int a = 0; a < np; a++) {
                double ja = jac[o + a] * sc[a];
                for (int b = 0; b <= a; b++) {
                    jtj[a][b] += ja * jac[o + b] * sc[b];
                }
            }
        }
        for (int a = 0; a < np; a++) {
            for (int b = a + 1; b < np; b++) {
                jtj[a][b] = jtj[b][a];
            }
        }
        DecompositionSolver solver = new SingularValueDecomposition(new Array2DRowRealMatrix(jtj, false)).getSolver();
        RealMatrix inv = solver.getInverse();
        double[] c = new double[np * np];
        for (int a = 0; a < np; a++) {
            for (int b = 0; b < np; b++) {
                c[a * np + b] = inv.getEntry(a, b) * sc[a] * sc[b];
            }
        }
        return c;
    }

    private static double chi2(ResidualFunction f, double[] theta, double[] r) {
        f.residuals(theta, r);
        double c = 0;
        for (double v : r) {
            c += v * v;
        }
        return c;
    }

    private static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }

    /** The centre of a box, a convenient first start. */
    public static double[] centre(double[] lower, double[] upper) {
        double[] c = new double[lower.length];
        for (int k = 0; k < c.length; k++) {
            c[k] = 0.5 * (lower[k] + upper[k]);
        }
        return c;
    }

    /** Starts: the given point, plus copies with parameter {@code index} set to each of {@code values}. */
    public static List<double[]> withValues(double[] base, int index, double... values) {
        List<double[]> l = new ArrayList<>();
        l.add(base.clone());
        for (double v : values) {
            double[] s = base.clone();
            s[index] = v;
            l.add(s);
        }
        return l;
    }
}
