package org.astronest.forwardmodels.tagging;

import java.util.Arrays;
import org.astronest.forwardmodels.linalg.SymmetricEigen;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * Probabilistic PCA with missing values, fitted by EM: y = mu + W x + e with x ~ N(0, I_K), e ~ N(0, sigma^2 I)
 * (Tipping &amp; Bishop 1999, JRSS B 61, 611), missing entries marginalised exactly, with the E- and M-steps of Ilin
 * &amp; Raiko 2010 (JMLR 11, 1957, sec. 3.2 and eqs. 20-23). Step 1 of RSCA (thesis, seed 001 sec. 5.3.2: "we use
 * Probabilistic PCA, a variant of the PCA algorithm which can accommodate missing values").
 *
 * <p>Missing values are {@code NaN}. The start is deterministic: mu the observed means, W the top K eigenvectors of
 * the mean-imputed covariance scaled by the square roots of their eigenvalues, sigma^2 the mean of the remaining
 * eigenvalues (floored at 1e-6 of the total variance). EM stops when the observed-data log-likelihood gains less than
 * {@code tol} per star. The fitted W is rotated to its principal axes (W^T W diagonal, decreasing), which fixes the
 * otherwise arbitrary rotation of the latent space.
 */
public final class Ppca {

    private Ppca() {
    }

    /** Fit options: latent dimension K, relative tolerance per star, iteration cap. */
    public record Options(int components, double tol, int maxIterations) {
        public Options {
            if (components < 1) {
                throw new IllegalArgumentException("components must be >= 1, got " + components);
            }
            if (!(tol > 0)) {
                throw new IllegalArgumentException("tol must be > 0, got " + tol);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("max_iter must be >= 1, got " + maxIterations);
            }
        }

        /**
         * K components, EM until an iteration gains less than 1e-4 nats per star, or 500 iterations. Past that
         * point EM only creeps along the near-flat rotations of the latent space (on issue 23's synthetic spectra
         * with 20% missing pixels it reaches the maximum to 3e-6 nats per star in 10 iterations and then gains
         * ~6e-6 per iteration), which no later RSCA step sees: sphering removes any linear map of the latent space.
         */
        public static Options of(int components) {
            return new Options(components, 1e-4, 500);
        }
    }

    /** A fitted PPCA: mean (d), loadings W (d x K, row-major as d rows), noise variance, EM trace. */
    public record Model(double[] mean, double[][] loadings, double noiseVariance, int iterations,
            double logLikelihood) {

        /** Number of pixels d. */
        public int pixels() {
            return mean.length;
        }

        /** Latent dimension K. */
        public int components() {
            return loadings[0].length;
        }

        /** Posterior means E[x | observed y] of each row ({@code NaN} = missing), n x K. */
        public double[][] transform(double[][] y) {
            check(y, pixels(), "spectra");
            int k = components();
            double[][] out = new double[y.length][];
            double[][] wtw = gram(loadings);
            for (int n = 0; n < y.length; n++) {
                Posterior p = posterior(y[n], loadings, mean, noiseVariance, wtw);
                out[n] = p.mean;
                if (p.observed < 1) {
                    throw new IllegalArgumentException("spectra row " + n + " has no observed pixel");
                }
            }
            return out.length == 0 ? new double[0][k] : out;
        }
    }

    /** Fits the model to the rows of {@code y} (n x d, {@code NaN} = missing). */
    public static Model fit(double[][] y, Options o) {
        int d = y.length == 0 ? 0 : y[0].length;
        check(y, d, "spectra");
        int n = y.length;
        int k = o.components();
        if (k >= d) {
            throw new IllegalArgumentException("components must be < the number of pixels " + d + ", got " + k);
        }
        if (n <= k) {
            throw new IllegalArgumentException("need more than components = " + k + " spectra, got " + n);
        }
        double[] mu = new double[d];
        int[] count = new int[d];
        for (double[] row : y) {
            for (int j = 0; j < d; j++) {
                if (!Double.isNaN(row[j])) {
                    mu[j] += row[j];
                    count[j]++;
                }
            }
        }
        for (int j = 0; j < d; j++) {
            if (count[j] == 0) {
                throw new IllegalArgumentException("spectra pixel " + j + " is missing in every row");
            }
            mu[j] /= count[j];
        }
        double[][] w = new double[d][k];
        double s2 = start(y, mu, k, w);
        double ll = Double.NEGATIVE_INFINITY;
        int it = 0;
        double[][] xs = new double[n][];
        double[][][] covs = new double[n][][];
        while (it < o.maxIterations()) {
            it++;
            // E-step
            double[][] wtw = gram(w);
            double llNew = 0;
            for (int i = 0; i < n; i++) {
                Posterior p = posterior(y[i], w, mu, s2, wtw);
                xs[i] = p.mean;
                covs[i] = p.cov;
                llNew += p.logLikelihood;
            }
            // M-step (Ilin & Raiko eqs. 21-23): mu with the old W, then each row of W, then sigma^2
            double[][] total = new double[k][k];
            for (int i = 0; i < n; i++) {
                addOuter(total, xs[i], covs[i], 1);
            }
            double sse = 0;
            long nobs = 0;
            for (int j = 0; j < d; j++) {
                double m = 0;
                int c = 0;
                for (int i = 0; i < n; i++) {
                    double v = y[i][j];
                    if (!Double.isNaN(v)) {
                        m += v - dot(w[j], xs[i]);
                        c++;
                    }
                }
                mu[j] = m / c;
                double[][] a = copy(total);
                double[] b = new double[k];
                for (int i = 0; i < n; i++) {
                    double v = y[i][j];
                    if (Double.isNaN(v)) {
                        addOuter(a, xs[i], covs[i], -1);
                    } else {
                        double r = v - mu[j];
                        for (int q = 0; q < k; q++) {
                            b[q] += xs[i][q] * r;
                        }
                    }
                }
                w[j] = new CholeskyDecomposition(new Array2DRowRealMatrix(symmetric(a), false), 1e-14, 1e-300).getSolver()
                        .solve(new org.hipparchus.linear.ArrayRealVector(b, false)).toArray();
                for (int i = 0; i < n; i++) {
                    double v = y[i][j];
                    if (!Double.isNaN(v)) {
                        double r = v - mu[j] - dot(w[j], xs[i]);
                        sse += r * r + quad(covs[i], w[j]);
                        nobs++;
                    }
                }
            }
            s2 = Math.max(sse / nobs, 1e-300);
            boolean done = llNew - ll < o.tol() * n;
            ll = llNew;
            if (done) {
                break;
            }
        }
        return new Model(mu, principalAxes(w), s2, it, ll);
    }

    /** The posterior of x for one row: mean, covariance sigma^2 M^-1, observed count, log N(y_obs). */
    private record Posterior(double[] mean, double[][] cov, int observed, double logLikelihood) {
    }

    private static Posterior posterior(double[] y, double[][] w, double[] mu, double s2, double[][] wtw) {
        int k = wtw.length;
        double[][] m = copy(wtw);
        double[] wr = new double[k];
        double rr = 0;
        int obs = 0;
        for (int j = 0; j < y.length; j++) {
            double[] wj = w[j];
            if (Double.isNaN(y[j])) {
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        m[a][b] -= wj[a] * wj[b];
                    }
                }
            } else {
                double r = y[j] - mu[j];
                rr += r * r;
                obs++;
                for (int a = 0; a < k; a++) {
                    wr[a] += wj[a] * r;
                }
            }
        }
        for (int a = 0; a < k; a++) {
            m[a][a] += s2;
        }
        CholeskyDecomposition ch = new CholeskyDecomposition(new Array2DRowRealMatrix(symmetric(m), false), 1e-14,
                1e-300);
        double[] x = ch.getSolver().solve(new org.hipparchus.linear.ArrayRealVector(wr, false)).toArray();
        RealMatrix inv = ch.getSolver().getInverse().scalarMultiply(s2);
        double logDetM = 0;
        RealMatrix l = ch.getL();
        for (int a = 0; a < k; a++) {
            logDetM += 2 * Math.log(l.getEntry(a, a));
        }
        // Woodbury: C = W W^T + s2 I on the observed pixels; log det C = (obs - K) log s2 + log det M,
        // r^T C^-1 r = (r^T r - r^T W M^-1 W^T r) / s2
        double quadForm = (rr - dot(wr, x)) / s2;
        double ll = -0.5 * (obs * Math.log(2 * Math.PI) + (obs - k) * Math.log(s2) + logDetM + quadForm);
        return new Posterior(x, inv.getData(), obs, ll);
    }

    private static double start(double[][] y, double[] mu, int k, double[][] w) {
        int d = mu.length;
        double[][] c = new double[d][d];
        double[] r = new double[d];
        for (double[] row : y) {
            for (int j = 0; j < d; j++) {
                r[j] = Double.isNaN(row[j]) ? 0 : row[j] - mu[j];
            }
            for (int a = 0; a < d; a++) {
                if (r[a] != 0) {
                    for (int b = 0; b <= a; b++) {
                        c[a][b] += r[a] * r[b];
                    }
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                c[a][b] /= y.length;
                c[b][a] = c[a][b];
            }
        }
        SymmetricEigen e = SymmetricEigen.of(c);
        double total = 0;
        double rest = 0;
        for (int a = 0; a < d; a++) {
            total += e.values()[a];
            if (a >= k) {
                rest += e.values()[a];
            }
        }
        double s2 = Math.max(rest / (d - k), 1e-6 * total / d);
        for (int q = 0; q < k; q++) {
            double s = Math.sqrt(Math.max(e.values()[q] - s2, s2));
            for (int j = 0; j < d; j++) {
                w[j][q] = e.vectors()[j][q] * s;
            }
        }
        return s2;
    }

    /** W R with R the eigenvectors of W^T W (decreasing), so the columns are orthogonal and ordered. */
    private static double[][] principalAxes(double[][] w) {
        SymmetricEigen e = SymmetricEigen.of(gram(w));
        int k = w[0].length;
        double[][] out = new double[w.length][k];
        for (int j = 0; j < w.length; j++) {
            for (int q = 0; q < k; q++) {
                double s = 0;
                for (int a = 0; a < k; a++) {
                    s += w[j][a] * e.vectors()[a][q];
                }
                out[j][q] = s;
            }
        }
        return out;
    }

    static double[][] gram(double[][] w) {
        int k = w[0].length;
        double[][] g = new double[k][k];
        for (double[] wj : w) {
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    g[a][b] += wj[a] * wj[b];
                }
            }
        }
        return g;
    }

    private static void addOuter(double[][] a, double[] x, double[][] cov, double sign) {
        int k = x.length;
        for (int p = 0; p < k; p++) {
            for (int q = 0; q < k; q++) {
                a[p][q] += sign * (x[p] * x[q] + cov[p][q]);
            }
        }
    }

    private static double quad(double[][] s, double[] v) {
        double t = 0;
        for (int a = 0; a < v.length; a++) {
            for (int b = 0; b < v.length; b++) {
                t += v[a] * s[a][b] * v[b];
            }
        }
        return t;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** (A + A^T) / 2 in place: sums of outer products differ from symmetric in the last bit. */
    private static double[][] symmetric(double[][] a) {
        for (int p = 0; p < a.length; p++) {
            for (int q = 0; q < p; q++) {
                double m = 0.5 * (a[p][q] + a[q][p]);
                a[p][q] = m;
                a[q][p] = m;
            }
        }
        return a;
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    static void check(double[][] y, int d, String what) {
        for (int i = 0; i < y.length; i++) {
            if (y[i] == null || y[i].length != d) {
                throw new IllegalArgumentException(what + " row " + i + " has " + (y[i] == null ? 0 : y[i].length)
                        + " values, expected " + d);
            }
            for (int j = 0; j < d; j++) {
                if (Double.isInfinite(y[i][j])) {
                    throw new IllegalArgumentException(what + " row " + i + " pixel " + j + " is " + y[i][j]);
                }
            }
        }
        if (y.length > 0 && Arrays.stream(y).allMatch(r -> r.length == 0)) {
            throw new IllegalArgumentException(what + " have no pixels");
        }
    }
}
