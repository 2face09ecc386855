package org.astronest.forwardmodels.crosssurvey;

import java.util.Arrays;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;

/**
 * The MAP of seed 002's model with per-star, per-pixel errors and its normal priors (every element of betaF, betaZ and
 * b ~ N(0, priorSd^2); seed 002 uses unit normals) by block coordinate ascent, each block solved exactly:
 * <ul>
 * <li>given betaZ (so every z_i), each pixel's (b_j, betaF row j) is a weighted ridge regression of F2_ij on
 * (1, z_i) with weights 1 / E2_ij^2;</li>
 * <li>given betaF and b, betaZ solves the linear normal equations sum_i (F1_i F1_i^T kron G_i) vec(betaZ) + vec(betaZ)
 * / priorSd^2 = sum_i vec(betaF^T W_i (F2_i - b) F1_i^T), G_i = betaF^T W_i betaF, W_i = diag(E2_i^-2).</li>
 * </ul>
 * and a third exact step: the likelihood depends on betaF and betaZ only through B = betaF betaZ, and of all
 * factorisations of B the one with the smallest ||betaF||^2 + ||betaZ||^2 (the largest prior density) is
 * betaF = U S^1/2, betaZ = S^1/2 V^T with B = U S V^T its rank-c SVD (Srebro, Rennie &amp; Jaakkola 2005, NIPS 17,
 * lemma 1); without it the two blocks move only slowly along this invariance (docs/crosssurvey.md). Each step
 * maximises the log posterior over its variables, so the trace never decreases. It starts from
 * {@link ReducedRankRegression} (per-pixel weights the mean inverse variances) and stops when an iteration gains less
 * than {@code tol} nats or after {@code maxIterations}. (Seed 002 used AdamW on minibatches, a stochastic optimiser
 * with a learning rate; exact blocks need none.)
 */
public final class CrossSurveyFit {

    private CrossSurveyFit() {
    }

    /** Prior sd of every coefficient (infinite = flat), convergence tolerance in nats, iteration cap. */
    public record Options(double priorSd, double tol, int maxIterations) {
        public Options {
            if (!(priorSd > 0)) {
                throw new IllegalArgumentException("prior_sd must be > 0, got " + priorSd);
            }
            if (!(tol > 0)) {
                throw new IllegalArgumentException("tol must be > 0, got " + tol);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("max_iter must be >= 1, got " + maxIterations);
            }
        }

        /** Seed 002's unit-normal priors; stop below a gain of 0.01 nats, at most 200 iterations. */
        public static Options defaults() {
            return new Options(1, 0.01, 200);
        }
    }

    /** The fitted model, its log posterior after each iteration (index 0 = the start) and the iteration count. */
    public record Result(CrossSurveyModel model, double[] trace, int iterations) {
        public double logPosterior() {
            return trace[trace.length - 1];
        }
    }

    /** Fits latent dimension c. */
    public static Result fit(CrossSurveyData d, int c, Options o) {
        CrossSurveyModel m = ReducedRankRegression.fit(d, c);
        double[] trace = new double[o.maxIterations() + 1];
        trace[0] = logPosterior(d, m, o.priorSd());
        int it = 0;
        while (it < o.maxIterations()) {
            m = balance(updateBetaZ(d, updateLoadings(d, m, o.priorSd()), o.priorSd()));
            it++;
            trace[it] = logPosterior(d, m, o.priorSd());
            if (trace[it] - trace[it - 1] < o.tol()) {
                break;
            }
        }
        return new Result(m, Arrays.copyOf(trace, it + 1), it);
    }

    /** Log likelihood of the training data plus the log prior density of every coefficient. */
    public static double logPosterior(CrossSurveyData d, CrossSurveyModel m, double priorSd) {
        double s = m.logLikelihood(d);
        if (Double.isFinite(priorSd)) {
            double c = -Math.log(priorSd) - 0.5 * Math.log(2 * Math.PI);
            for (double[] row : m.betaF()) {
                s += prior(row, priorSd, c);
            }
            for (double[] row : m.betaZ()) {
                s += prior(row, priorSd, c);
            }
            s += prior(m.b(), priorSd, c);
        }
        return s;
    }

    private static double prior(double[] v, double sd, double c) {
        double s = 0;
        for (double x : v) {
            s += c - 0.5 * (x / sd) * (x / sd);
        }
        return s;
    }

    private static CrossSurveyModel updateLoadings(CrossSurveyData d, CrossSurveyModel m, double priorSd) {
        int c = m.latent();
        int p2 = d.loPixels();
        double[][] z = m.latents(d.hi());
        double ridge = Double.isFinite(priorSd) ? 1 / (priorSd * priorSd) : 0;
        double[][] betaF = new double[p2][c];
        double[] b = new double[p2];
        for (int j = 0; j < p2; j++) {
            double[][] a = new double[c + 1][c + 1];
            double[] r = new double[c + 1];
            for (int i = 0; i < d.stars(); i++) {
                double e = d.loErr()[i][j];
                double w = 1 / (e * e);
                double y = d.lo()[i][j];
                for (int s = 0; s <= c; s++) {
                    double fs = s == 0 ? 1 : z[i][s - 1];
                    r[s] += w * fs * y;
                    for (int t = 0; t <= s; t++) {
                        a[s][t] += w * fs * (t == 0 ? 1 : z[i][t - 1]);
                    }
                }
            }
            for (int s = 0; s <= c; s++) {
                a[s][s] += ridge;
                for (int t = 0; t < s; t++) {
                    a[t][s] = a[s][t];
                }
            }
            double[] x = solve(a, r);
            b[j] = x[0];
            System.arraycopy(x, 1, betaF[j], 0, c);
        }
        return new CrossSurveyModel(betaF, m.betaZ(), b);
    }

    private static CrossSurveyModel updateBetaZ(CrossSurveyData d, CrossSurveyModel m, double priorSd) {
        int c = m.latent();
        int p1 = d.hiPixels();
        int p2 = d.loPixels();
        int n = d.stars();
        double[][] f = m.betaF();
        int dim = c * p1; // unknown (a, k) at k * c + a
        double[][] mat = new double[dim][dim];
        double[] rhs = new double[dim];
        double[] g = new double[c * c];
        double[] h = new double[c];
        for (int i = 0; i < n; i++) {
            Arrays.fill(g, 0);
            Arrays.fill(h, 0);
            double[] e = d.loErr()[i];
            double[] y = d.lo()[i];
            for (int j = 0; j < p2; j++) {
                double w = 1 / (e[j] * e[j]);
                double r = y[j] - m.b()[j];
                for (int a = 0; a < c; a++) {
                    double fa = w * f[j][a];
                    h[a] += fa * r;
                    for (int q = 0; q <= a; q++) {
                        g[a * c + q] += fa * f[j][q];
                    }
                }
            }
            double[] x = d.hi()[i];
            for (int k = 0; k < p1; k++) {
                double xk = x[k];
                for (int a = 0; a < c; a++) {
                    rhs[k * c + a] += xk * h[a];
                }
                // lower triangle of the block matrix only: rows (k, a) >= columns (l, q)
                for (int a = 0; a < c; a++) {
                    double[] row = mat[k * c + a];
                    for (int l = 0; l <= k; l++) {
                        double xkl = xk * x[l];
                        int qmax = l == k ? a : c - 1;
                        for (int q = 0; q <= qmax; q++) {
                            row[l * c + q] += xkl * (a >= q ? g[a * c + q] : g[q * c + a]);
                        }
                    }
                }
            }
        }
        double ridge = Double.isFinite(priorSd) ? 1 / (priorSd * priorSd) : 0;
        for (int u = 0; u < dim; u++) {
            mat[u][u] += ridge;
            for (int v = 0; v < u; v++) {
                mat[v][u] = mat[u][v];
            }
        }
        double[] sol = solve(mat, rhs);
        double[][] betaZ = new double[c][p1];
        for (int k = 0; k < p1; k++) {
            for (int a = 0; a < c; a++) {
                betaZ[a][k] = sol[k * c + a];
            }
        }
        return new CrossSurveyModel(f, betaZ, m.b());
    }

    /** The balanced factorisation of betaF betaZ (class comment); b unchanged. */
    static CrossSurveyModel balance(CrossSurveyModel m) {
        int c = m.latent();
        // B = QF RF RZ^T QZ^T with thin QRs of betaF (p2 x c) and betaZ^T (p1 x c); SVD of the c x c core
        org.hipparchus.linear.QRDecomposition qf = new org.hipparchus.linear.QRDecomposition(
                new Array2DRowRealMatrix(m.betaF(), false));
        org.hipparchus.linear.QRDecomposition qz = new org.hipparchus.linear.QRDecomposition(
                new Array2DRowRealMatrix(m.betaZ(), false).transpose());
        org.hipparchus.linear.RealMatrix rf = qf.getR().getSubMatrix(0, c - 1, 0, c - 1);
        org.hipparchus.linear.RealMatrix rz = qz.getR().getSubMatrix(0, c - 1, 0, c - 1);
        org.hipparchus.linear.SingularValueDecomposition svd = new org.hipparchus.linear.SingularValueDecomposition(
                rf.multiplyTransposed(rz));
        double[] sv = svd.getSingularValues();
        org.hipparchus.linear.RealMatrix root = org.hipparchus.linear.MatrixUtils.createRealDiagonalMatrix(
                Arrays.stream(sv).map(Math::sqrt).toArray());
        org.hipparchus.linear.RealMatrix f = qf.getQ().getSubMatrix(0, m.betaF().length - 1, 0, c - 1)
                .multiply(svd.getU()).multiply(root);
        org.hipparchus.linear.RealMatrix z = qz.getQ().getSubMatrix(0, m.betaZ()[0].length - 1, 0, c - 1)
                .multiply(svd.getV()).multiply(root);
        return new CrossSurveyModel(f.getData(), z.transpose().getData(), m.b());
    }

    private static double[] solve(double[][] a, double[] r) {
        return new CholeskyDecomposition(new Array2DRowRealMatrix(a, false), 1e-12, 1e-300).getSolver()
                .solve(new ArrayRealVector(r, false)).toArray();
    }
}
