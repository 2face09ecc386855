package org.astronest.forwardmodels.mcfa;

/** Small dense linear algebra on flat row-major arrays (J x J matrices with J of a few). */
final class Dense {

    private Dense() {
    }

    /**
     * In-place lower Cholesky of the n x n matrix at {@code a[off..]} (only the lower triangle is read; the upper
     * triangle is zeroed). Returns false when the matrix is not positive definite.
     */
    static boolean cholesky(double[] a, int off, int n) {
        for (int i = 0; i < n; i++) {
            int ri = off + i * n;
            for (int j = 0; j <= i; j++) {
                int rj = off + j * n;
                double s = a[ri + j];
                for (int k = 0; k < j; k++) {
                    s -= a[ri + k] * a[rj + k];
                }
                if (i == j) {
                    if (!(s > 0) || !Double.isFinite(s)) {
                        return false;
                    }
                    a[ri + i] = Math.sqrt(s);
                } else {
                    a[ri + j] = s / a[rj + j];
                }
            }
            for (int j = i + 1; j < n; j++) {
                a[ri + j] = 0;
            }
        }
        return true;
    }

    /** log det of the matrix whose lower Cholesky factor is at {@code l[off..]}. */
    static double logDetFromCholesky(double[] l, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(l[off + i * n + i]);
        }
        return 2 * s;
    }

    /** Solves L x = b in place (b at bOff, length n). */
    static void forward(double[] l, int off, int n, double[] b, int bOff) {
        for (int i = 0; i < n; i++) {
            double s = b[bOff + i];
            int ri = off + i * n;
            for (int k = 0; k < i; k++) {
                s -= l[ri + k] * b[bOff + k];
            }
            b[bOff + i] = s / l[ri + i];
        }
    }

    /** Solves L^T x = b in place. */
    static void backward(double[] l, int off, int n, double[] b, int bOff) {
        for (int i = n - 1; i >= 0; i--) {
            double s = b[bOff + i];
            for (int k = i + 1; k < n; k++) {
                s -= l[off + k * n + i] * b[bOff + k];
            }
            b[bOff + i] = s / l[off + i * n + i];
        }
    }

    /** Inverse (full, symmetric) from a lower Cholesky factor into {@code out[outOff..]}; needs n scratch. */
    static void inverseFromCholesky(double[] l, int off, int n, double[] out, int outOff, double[] col) {
        for (int c = 0; c < n; c++) {
            for (int i = 0; i < n; i++) {
                col[i] = i == c ? 1 : 0;
            }
            forward(l, off, n, col, 0);
            backward(l, off, n, col, 0);
            for (int i = 0; i < n; i++) {
                out[outOff + i * n + c] = col[i];
            }
        }
        // symmetrize against round-off
        for (int i = 0; i < n; i++) {
            for (int k = i + 1; k < n; k++) {
                double v = 0.5 * (out[outOff + i * n + k] + out[outOff + k * n + i]);
                out[outOff + i * n + k] = v;
                out[outOff + k * n + i] = v;
            }
        }
    }

    /** The inverse of the lower-triangular n x n matrix at {@code l[off..]} into {@code out[outOff..]} (lower; upper zeroed). */
    static void invertLower(double[] l, int off, int n, double[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            int ri = off + i * n;
            double inv = 1 / l[ri + i];
            for (int c = 0; c < i; c++) {
                double s = 0;
                for (int k = c; k < i; k++) {
                    s += l[ri + k] * out[outOff + k * n + c];
                }
                out[outOff + i * n + c] = -s * inv;
            }
            out[outOff + i * n + i] = inv;
            for (int c = i + 1; c < n; c++) {
                out[outOff + i * n + c] = 0;
            }
        }
    }

    /**
     * Lower triangle of the inverse of L L^T into {@code out[outOff..]} (upper triangle not written), via
     * M = L^-1 and (L L^T)^-1 = M^T M; {@code work} holds n*n.
     */
    static void inverseLowerFromCholesky(double[] l, int off, int n, double[] out, int outOff, double[] work) {
        invertLower(l, off, n, work, 0); // M = L^-1
        for (int q = 0; q < n; q++) {
            for (int r = 0; r <= q; r++) {
                double s = 0;
                for (int k = q; k < n; k++) {
                    s += work[k * n + q] * work[k * n + r];
                }
                out[outOff + q * n + r] = s;
            }
        }
    }

    /** General n x n inverse by Gauss-Jordan with partial pivoting; returns false when singular. */
    static boolean invert(double[] a, int n, double[] out) {
        double[] m = a.clone();
        for (int i = 0; i < n * n; i++) {
            out[i] = 0;
        }
        for (int i = 0; i < n; i++) {
            out[i * n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) {
                    p = r;
                }
            }
            double piv = m[p * n + c];
            if (piv == 0 || !Double.isFinite(piv)) {
                return false;
            }
            if (p != c) {
                swapRows(m, n, p, c);
                swapRows(out, n, p, c);
            }
            double inv = 1 / piv;
            for (int k = 0; k < n; k++) {
                m[c * n + k] *= inv;
                out[c * n + k] *= inv;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = m[r * n + c];
                    if (f != 0) {
                        for (int k = 0; k < n; k++) {
                            m[r * n + k] -= f * m[c * n + k];
                            out[r * n + k] -= f * out[c * n + k];
                        }
                    }
                }
            }
        }
        return true;
    }

    /** log |det| of a general n x n matrix (LU with partial pivoting); -infinity when singular. */
    static double logAbsDet(double[] a, int n) {
        return lu(a, n, new int[1]);
    }

    /** Sign of the determinant of a general n x n matrix (LU with partial pivoting): 1, -1, or 0 when singular. */
    static int detSign(double[] a, int n) {
        int[] sign = new int[1];
        lu(a, n, sign);
        return sign[0];
    }

    /** LU with partial pivoting on a copy of {@code a}: returns log |det| and writes the determinant's sign. */
    private static double lu(double[] a, int n, int[] sign) {
        double[] m = a.clone();
        double s = 0;
        int sgn = 1;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) {
                    p = r;
                }
            }
            double piv = m[p * n + c];
            if (piv == 0) {
                sign[0] = 0;
                return Double.NEGATIVE_INFINITY;
            }
            if (p != c) {
                swapRows(m, n, p, c);
                sgn = -sgn;
            }
            if (piv < 0) {
                sgn = -sgn;
            }
            s += Math.log(Math.abs(piv));
            for (int r = c + 1; r < n; r++) {
                double f = m[r * n + c] / piv;
                for (int k = c; k < n; k++) {
                    m[r * n + k] -= f * m[c * n + k];
                }
            }
        }
        sign[0] = sgn;
        return s;
    }

    private static void swapRows(double[] m, int n, int a, int b) {
        for (int k = 0; k < n; k++) {
            double t = m[a * n + k];
            m[a * n + k] = m[b * n + k];
            m[b * n + k] = t;
        }
    }
}
