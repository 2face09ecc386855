package org.astronest.forwardmodels.nmf;

/**
 * The two solvers of {@link Nmf}, in scikit-learn 1.2.1's order of operations (so that its results are reproduced
 * to rounding). W and H are updated in place.
 */
final class NmfSolvers {

    /**
     * Guard of a zero denominator in the multiplicative updates: scikit-learn's {@code EPSILON}, which is
     * {@code np.finfo(np.float32).eps} (2^-23), not float64's machine epsilon.
     */
    static final double EPSILON = Math.ulp(1.0f);

    /** Iterations run and whether the stopping rule fired. */
    record Outcome(int iterations, boolean converged) {
    }

    private NmfSolvers() {
    }

    /**
     * Coordinate descent (Cichocki &amp; Phan 2009): each iteration one sweep over W, then (if {@code updateH}) one
     * over H^T with the roles of V and V^T exchanged. Stops when the summed projected-gradient violation of an
     * iteration over that of the first is <= tol (or the first is 0).
     */
    static Outcome coordinateDescent(double[][] V, double[][] W, double[][] H, double tol, int maxIter,
                                     double l1W, double l1H, double l2W, double l2H, boolean updateH) {
        double[][] Vt = NmfMatrices.transpose(V);
        double[][] Ht = NmfMatrices.transpose(H);
        double violationInit = 0;
        int iter = 0;
        boolean converged = false;
        for (iter = 1; iter <= maxIter; iter++) {
            double violation = sweep(V, W, Ht, l1W, l2W);
            if (updateH) {
                violation += sweep(Vt, Ht, W, l1H, l2H);
            }
            if (iter == 1) {
                violationInit = violation;
            }
            if (violationInit == 0 || violation / violationInit <= tol) {
                converged = true;
                break;
            }
        }
        int done = Math.min(iter, maxIter);
        for (int t = 0; t < H.length; t++) {
            for (int j = 0; j < H[0].length; j++) {
                H[t][j] = Ht[j][t];
            }
        }
        return new Outcome(done, converged);
    }

    /**
     * One sweep of W (rows x k) for X ~ W Ht^T: Gram matrix Ht^T Ht with l2 on its diagonal, X Ht minus l1, then
     * for each component t and row i the Newton step projected on >= 0. Rows are independent within a sweep (the
     * step of (i, t) reads only row i of W), so rows run in parallel when large; the violation is summed afterwards
     * in scikit-learn's order (components outer, rows inner).
     */
    static double sweep(double[][] X, double[][] W, double[][] Ht, double l1, double l2) {
        int rows = W.length;
        int k = Ht[0].length;
        double[][] HHt = NmfMatrices.transposedMultiply(Ht, Ht);
        double[][] XHt = NmfMatrices.multiply(X, Ht);
        if (l2 != 0.0) {
            for (int t = 0; t < k; t++) {
                HHt[t][t] += l2;
            }
        }
        if (l1 != 0.0) {
            for (double[] r : XHt) {
                for (int t = 0; t < k; t++) {
                    r[t] -= l1;
                }
            }
        }
        double[][] pg = new double[k][rows];
        NmfMatrices.forRows(rows, (long) rows * k * k, i -> {
            double[] w = W[i];
            double[] xh = XHt[i];
            for (int t = 0; t < k; t++) {
                double grad = -xh[t];
                double[] g = HHt[t];
                for (int r = 0; r < k; r++) {
                    grad += g[r] * w[r];
                }
                pg[t][i] = Math.abs(w[t] == 0 ? Math.min(0.0, grad) : grad);
                double hess = g[t];
                if (hess != 0) {
                    w[t] = Math.max(w[t] - grad / hess, 0.0);
                }
            }
        });
        double violation = 0;
        for (int t = 0; t < k; t++) {
            for (int i = 0; i < rows; i++) {
                violation += pg[t][i];
            }
        }
        return violation;
    }

    /**
     * Multiplicative updates for the Frobenius loss (Lee &amp; Seung 2001): W then (if {@code updateH}) H each
     * iteration; every 10 iterations (tol > 0) stops when the decrease of ||V - WH||_F since the last check, over
     * its value at the start, is < tol.
     */
    static Outcome multiplicative(double[][] V, double[][] W, double[][] H, double tol, int maxIter,
                                  double l1W, double l1H, double l2W, double l2H, boolean updateH) {
        int n = V.length;
        int m = V[0].length;
        int k = H.length;
        double errorInit = tol > 0 ? NmfMatrices.reconstructionError(V, W, H) : 0;
        double previous = errorInit;
        double[][] XHt = null;
        double[][] HHt = null;
        boolean costLeft = (long) k * k * (n + m) < 2L * n * m * k; // NumPy multi_dot's choice for W^T W H
        int iter;
        boolean converged = false;
        for (iter = 1; iter <= maxIter; iter++) {
            // W
            if (XHt == null) {
                XHt = NmfMatrices.multiplyTransposed(V, H);
                HHt = NmfMatrices.multiplyTransposed(H, H);
            }
            double[][] denW = NmfMatrices.multiply(W, HHt);
            applyUpdate(W, XHt, denW, l1W, l2W);
            // H
            if (updateH) {
                double[][] num = NmfMatrices.transposedMultiply(W, V);
                double[][] den = costLeft
                        ? NmfMatrices.multiply(NmfMatrices.transposedMultiply(W, W), H)
                        : NmfMatrices.transposedMultiply(W, NmfMatrices.multiply(W, H));
                applyUpdate(H, num, den, l1H, l2H);
                XHt = null;
                HHt = null;
            }
            if (tol > 0 && iter % 10 == 0) {
                double error = NmfMatrices.reconstructionError(V, W, H);
                if ((previous - error) / errorInit < tol) {
                    converged = true;
                    break;
                }
                previous = error;
            }
        }
        return new Outcome(Math.min(iter, maxIter), converged);
    }

    /** A *= num / den' with den' = den + l1 (l1 > 0) + l2 A (l2 > 0), zeros of den' replaced by EPSILON. */
    private static void applyUpdate(double[][] A, double[][] num, double[][] den, double l1, double l2) {
        NmfMatrices.forRows(A.length, (long) A.length * A[0].length * 8, i -> {
            double[] a = A[i];
            double[] nu = num[i];
            double[] de = den[i];
            for (int j = 0; j < a.length; j++) {
                double d = de[j];
                if (l1 > 0) {
                    d += l1;
                }
                if (l2 > 0) {
                    d = d + l2 * a[j];
                }
                if (d == 0) {
                    d = EPSILON;
                }
                a[j] *= nu[j] / d;
            }
        });
    }
}
