package org.astronest.forwardmodels.nmf;

/**
 * Non-negative least squares by the active-set algorithm of Lawson &amp; Hanson (1974, Solving Least Squares Problems,
 * ch. 23, algorithm NNLS), in the Gram form: minimise 0.5 x^T G x - c^T x subject to x >= 0, with G = E^T E
 * positive definite and c = E^T f for the problem min ||E x - f||, x >= 0. The Gram form suits the small problems of
 * {@link PhysicalNmf}, where G is the same for every pixel. Each passive-set subproblem is solved by Cholesky.
 *
 * <p>Stops when no zero variable has a positive gradient c - G x above {@code tol} (relative to the largest |c_j|
 * and the scale of G), or after 3 n outer iterations (Lawson and Hanson's limit) with an error.
 */
public final class Nnls {

    /** min ||E x - f||, x >= 0 (E m x n with independent columns). */
    public static double[] solve(double[][] E, double[] f) {
        int m = E.length;
        int n = E[0].length;
        if (f.length != m) {
            throw new IllegalArgumentException("f must have " + m + " entries (rows of E), got " + f.length);
        }
        double[][] G = new double[n][n];
        double[] c = new double[n];
        for (int i = 0; i < m; i++) {
            for (int a = 0; a < n; a++) {
                c[a] += E[i][a] * f[i];
                for (int b = 0; b < n; b++) {
                    G[a][b] += E[i][a] * E[i][b];
                }
            }
        }
        return solveGram(G, c);
    }

    /** min 0.5 x^T G x - c^T x, x >= 0 (G n x n symmetric positive definite). */
    public static double[] solveGram(double[][] G, double[] c) {
        double[] x = new double[c.length];
        new Nnls(c.length).solve(G, c, x);
        return x;
    }

    private final int n;
    private final boolean[] passive;
    private final double[] w;
    private final double[] z;
    private final int[] idx;
    private final double[] chol;
    private final double[] y;

    /** A solver for problems of n variables, its work arrays allocated once (not thread-safe). */
    public Nnls(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        this.n = n;
        passive = new boolean[n];
        w = new double[n];
        z = new double[n];
        idx = new int[n];
        chol = new double[n * n];
        y = new double[n];
    }

    /** min 0.5 x^T G x - c^T x, x >= 0, into {@code x} (length n). */
    public void solve(double[][] G, double[] c, double[] x) {
        java.util.Arrays.fill(x, 0, n, 0);
        java.util.Arrays.fill(passive, false);
        double scale = 0;
        for (int j = 0; j < n; j++) {
            scale = Math.max(scale, Math.abs(c[j]));
        }
        double tol = 1e-13 * Math.max(scale, Double.MIN_NORMAL) * n;
        int outer = 0;
        while (true) {
            gradient(G, c, x, w, n);
            int t = -1;
            double best = tol;
            for (int j = 0; j < n; j++) {
                if (!passive[j] && w[j] > best) {
                    best = w[j];
                    t = j;
                }
            }
            if (t < 0) {
                return;
            }
            if (++outer > 3 * n) {
                throw new IllegalStateException("NNLS did not converge in " + 3 * n + " iterations");
            }
            passive[t] = true;
            while (true) {
                solvePassive(G, c);
                double alpha = 1;
                int hit = -1;
                for (int j = 0; j < n; j++) {
                    if (passive[j] && z[j] <= 0) {
                        double a = x[j] / (x[j] - z[j]);
                        if (a < alpha) {
                            alpha = a;
                            hit = j;
                        }
                    }
                }
                if (hit < 0) {
                    System.arraycopy(z, 0, x, 0, n);
                    break;
                }
                for (int j = 0; j < n; j++) {
                    if (passive[j]) {
                        x[j] += alpha * (z[j] - x[j]);
                    }
                }
                x[hit] = 0;
                for (int j = 0; j < n; j++) {
                    if (passive[j] && (j == hit || x[j] <= 0)) {
                        passive[j] = false;
                        x[j] = 0;
                    }
                }
            }
        }
    }

    private static void gradient(double[][] G, double[] c, double[] x, double[] w, int n) {
        for (int a = 0; a < n; a++) {
            double s = c[a];
            for (int b = 0; b < n; b++) {
                s -= G[a][b] * x[b];
            }
            w[a] = s;
        }
    }

    /** z_P = G_PP^-1 c_P, z = 0 elsewhere (Cholesky of the passive block). */
    private void solvePassive(double[][] G, double[] c) {
        int p = 0;
        for (int j = 0; j < n; j++) {
            z[j] = 0;
            if (passive[j]) {
                idx[p++] = j;
            }
        }
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double s = G[idx[i]][idx[j]];
                for (int k = 0; k < j; k++) {
                    s -= chol[i * n + k] * chol[j * n + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("NNLS: the Gram matrix is not positive definite");
                    }
                    chol[i * n + i] = Math.sqrt(s);
                } else {
                    chol[i * n + j] = s / chol[j * n + j];
                }
            }
        }
        for (int i = 0; i < p; i++) {
            double s = c[idx[i]];
            for (int k = 0; k < i; k++) {
                s -= chol[i * n + k] * y[k];
            }
            y[i] = s / chol[i * n + i];
        }
        for (int i = p - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < p; k++) {
                s -= chol[k * n + i] * z[idx[k]];
            }
            z[idx[i]] = s / chol[i * n + i];
        }
    }
}
