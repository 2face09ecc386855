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
 * Best fit of a {@link ResidualFunction} inside a box, by Levenberg-Marquardt ({@link Algorithm}: Hipparchus
 * {@link LevenbergMarquardtOptimizer} by default, or our compact normal-equation LM) from one or more starts, keeping
 * the lowest chi-square. Parameters are optimized in units of their {@link ResidualFunction#typicalScale()} (labels: the width
 * of the training box, so the variables are The Payne's scaled labels up to a shift; velocities: 100 km/s); a step
 * leaving the box is clamped onto it, as The Payne bounds the scaled labels to [-0.5, 0.5] (its fitting code uses
 * {@code curve_fit(method='trf', bounds=...)}; shared/payne/payne_architecture_reference.json).
 *
 * <p>Errors: the covariance {@code (J^T W J)^-1} at the best fit, with J the model Jacobian in physical units and
 * {@code W = diag(1/sigma^2)} (equivalently the Jacobian of the normalized residuals), inverted by SVD.
 * Configured once, holds no run state.
 */
public final class LabelFitter {

    /** Levenberg-Marquardt implementations. */
    public enum Algorithm {
        /**
         * Our compact LM: normal equations {@code (J^T J + lambda diag(J^T J)) delta = -J^T r} solved by
         * Cholesky, Nielsen's damping update (H. B. Nielsen 1999, "Damping parameter in Marquardt's method", IMM
         * DTU report; also Madsen, Nielsen &amp; Tingleff 2004, "Methods for non-linear least squares problems",
         * section 3.2), steps projected onto the box. Cheap per iteration (n x n system, n &lt;= 26).
         */
        NIELSEN,
        /**
         * Hipparchus {@link LevenbergMarquardtOptimizer} (MINPACK lmder port, QR of the m x n Jacobian); the default:
         * equal CPU time per fit in our measurements (docs/payne.md) and fewer evaluations on kinked likelihoods.
         */
        HIPPARCHUS
    }

    /**
     * Options.
     *
     * @param maxEvaluations   per start; default 1000 (generous: converged fits take 2-60)
     * @param costTolerance    relative chi-square tolerance; default 1e-10 (MINPACK's ftol default is 1.49e-8;
     *                         tighter because a fit is cheap)
     * @param paramTolerance   relative parameter tolerance; default 1e-10
     * @param algorithm        default {@link Algorithm#HIPPARCHUS}
     */
    public record Options(int maxEvaluations, double costTolerance, double paramTolerance, Algorithm algorithm) {
        public Options {
            if (maxEvaluations < 1) {
                throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + maxEvaluations);
            }
            if (!(costTolerance > 0) || !(paramTolerance > 0)) {
                throw new IllegalArgumentException("tolerances must be > 0, got " + costTolerance + ", "
                        + paramTolerance);
            }
            if (algorithm == null) {
                throw new IllegalArgumentException("algorithm must not be null");
            }
        }

        public static Options defaults() {
            return new Options(1000, 1e-10, 1e-10, Algorithm.HIPPARCHUS);
        }

        public Options withAlgorithm(Algorithm a) {
            return new Options(maxEvaluations, costTolerance, paramTolerance, a);
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
            if (options.algorithm() == Algorithm.NIELSEN) {
                int[] used = new int[1];
                double[] theta = nielsen(f, p0, lower, upper, scale, r, jac, used);
                evals += used[0];
                if (theta == null) {
                    continue;
                }
                double c = chi2(f, theta, r);
                if (c < bestChi2) {
                    bestChi2 = c;
                    best = theta;
                }
                continue;
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

    /**
     * One LM run in scaled variables {@code u = theta / scale} from {@code u0}; returns theta, or null when the
     * evaluation limit is reached. {@code used[0]} receives the number of evaluations.
     */
    private double[] nielsen(ResidualFunction f, double[] u0, double[] lower, double[] upper, double[] scale,
                             double[] r, double[] jac, int[] used) {
        int np = u0.length;
        int m = r.length;
        double[] lo = new double[np];
        double[] hi = new double[np];
        for (int k = 0; k < np; k++) {
            lo[k] = lower[k] / scale[k];
            hi[k] = upper[k] / scale[k];
        }
        double[] u = u0.clone();
        double[] theta = new double[np];
        double[] a = new double[np * np];
        double[] g = new double[np];
        double[] rTrial = new double[m];
        double[] jTrial = new double[m * np];
        double[] lhs = new double[np * np];
        double[] delta = new double[np];
        double[] uTrial = new double[np];
        int evals = 0;
        toTheta(u, scale, theta);
        f.residualsAndJacobian(theta, r, jac);
        evals++;
        double cost = sumSq(r);
        normal(jac, r, scale, m, np, a, g);
        double maxDiag = 0;
        for (int k = 0; k < np; k++) {
            maxDiag = Math.max(maxDiag, a[k * np + k]);
        }
        // dimensionless damping with Marquardt's diag(A) scaling; starts at tau = 1e-3 (Madsen, Nielsen & Tingleff
        // 2004, section 3.2, start of the damping parameter relative to the diagonal of A)
        double lambda = 1e-3;
        double nu = 2;
        while (true) {
            if (evals >= options.maxEvaluations()) {
                used[0] = evals;
                return null;
            }
            // (A + lambda D) delta = -g, D = diag(A) floored at 1e-12 max diag (Marquardt's scaling)
            for (int i = 0; i < np * np; i++) {
                lhs[i] = a[i];
            }
            for (int k = 0; k < np; k++) {
                lhs[k * np + k] += lambda * Math.max(a[k * np + k], 1e-12 * maxDiag);
                delta[k] = -g[k];
            }
            if (!choleskySolve(lhs, delta, np)) {
                lambda *= nu;
                nu *= 2;
                continue;
            }
            double stepNorm = 0;
            double uNorm = 0;
            for (int k = 0; k < np; k++) {
                uTrial[k] = clamp(u[k] + delta[k], lo[k], hi[k]);
                delta[k] = uTrial[k] - u[k];
                stepNorm += delta[k] * delta[k];
                uNorm += u[k] * u[k];
            }
            if (Math.sqrt(stepNorm) <= options.paramTolerance() * (Math.sqrt(uNorm) + options.paramTolerance())) {
                break; // the (projected) step vanished: converged or pinned at the bounds
            }
            // predicted decrease of |r|^2 for the linear model: -(2 delta.g + delta.A.delta)
            double dg = 0;
            double dad = 0;
            for (int i = 0; i < np; i++) {
                dg += delta[i] * g[i];
                double s = 0;
                for (int j = 0; j < np; j++) {
                    s += a[i * np + j] * delta[j];
                }
                dad += delta[i] * s;
            }
            double predicted = -(2 * dg + dad);
            toTheta(uTrial, scale, theta);
            f.residualsAndJacobian(theta, rTrial, jTrial);
            evals++;
            double costTrial = sumSq(rTrial);
            double rho = predicted > 0 ? (cost - costTrial) / predicted : -1;
            if (rho > 0 && Double.isFinite(costTrial)) {
                double decrease = cost - costTrial;
                System.arraycopy(uTrial, 0, u, 0, np);
                System.arraycopy(rTrial, 0, r, 0, m);
                System.arraycopy(jTrial, 0, jac, 0, m * np);
                cost = costTrial;
                normal(jac, r, scale, m, np, a, g);
                double t = 2 * rho - 1;
                lambda *= Math.max(1.0 / 3.0, 1 - t * t * t);
                nu = 2;
                if (decrease <= options.costTolerance() * cost) {
                    break;
                }
            } else {
                lambda *= nu;
                nu *= 2;
                if (lambda > 1e16) {
                    break; // no descent possible from here
                }
            }
        }
        used[0] = evals;
        toTheta(u, scale, theta);
        return theta.clone();
    }

    private static void toTheta(double[] u, double[] scale, double[] theta) {
        for (int k = 0; k < u.length; k++) {
            theta[k] = u[k] * scale[k];
        }
    }

    private static double sumSq(double[] r) {
        double c = 0;
        for (double v : r) {
            c += v * v;
        }
        return c;
    }

    /** {@code A = Js^T Js} and {@code g = Js^T r} with {@code Js = J diag(scale)}. */
    private static void normal(double[] jac, double[] r, double[] scale, int m, int np, double[] a, double[] g) {
        java.util.Arrays.fill(a, 0.0);
        java.util.Arrays.fill(g, 0.0);
        for (int i = 0; i < m; i++) {
            int o = i * np;
            double ri = r[i];
            for (int p = 0; p < np; p++) {
                double jp = jac[o + p] * scale[p];
                g[p] += jp * ri;
                for (int q = 0; q <= p; q++) {
                    a[p * np + q] += jp * jac[o + q] * scale[q];
                }
            }
        }
        for (int p = 0; p < np; p++) {
            for (int q = p + 1; q < np; q++) {
                a[p * np + q] = a[q * np + p];
            }
        }
    }

    /** Solves {@code M x = b} in place for symmetric positive-definite M (destroyed); false if not positive. */
    private static boolean choleskySolve(double[] mat, double[] b, int n) {
        for (int j = 0; j < n; j++) {
            double d = mat[j * n + j];
            for (int k = 0; k < j; k++) {
                d -= mat[j * n + k] * mat[j * n + k];
            }
            if (!(d > 0)) {
                return false;
            }
            d = Math.sqrt(d);
            mat[j * n + j] = d;
            for (int i = j + 1; i < n; i++) {
                double s = mat[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= mat[i * n + k] * mat[j * n + k];
                }
                mat[i * n + j] = s / d;
            }
        }
        for (int i = 0; i < n; i++) { // L y = b
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= mat[i * n + k] * b[k];
            }
            b[i] = s / mat[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) { // L^T x = y
            double s = b[i];
            for (int k = i + 1; k < n; k++) {
                s -= mat[k * n + i] * b[k];
            }
            b[i] = s / mat[i * n + i];
        }
        return true;
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
