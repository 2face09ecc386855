package org.astronest.forwardmodels.nmf;

import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Dense helpers of {@link Nmf}: input checks and products. Products are split by output rows over the common
 * fork-join pool when large; each entry is one sequential sum in index order, so the split never changes a result.
 */
final class NmfMatrices {

    /** Multiply-adds above which a product or sweep runs in parallel. */
    static final long PARALLEL_WORK = 1L << 18;

    /** Columns of B from which products stream B's rows (vectorised) rather than summing entry by entry. */
    static final int WIDE = 32;

    private NmfMatrices() {
    }

    /** Runs {@code body} for rows 0..n-1, in parallel when {@code work} is large; rows must be independent. */
    static void forRows(int n, long work, IntConsumer body) {
        if (work >= PARALLEL_WORK && n > 1) {
            IntStream.range(0, n).parallel().forEach(body);
        } else {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
        }
    }

    /** V must be a non-empty rectangular matrix of finite values >= 0; errors name the (1-based) row and column. */
    static void checkData(double[][] V, String name) {
        if (V == null || V.length == 0 || V[0] == null || V[0].length == 0) {
            throw new IllegalArgumentException(name + " must have at least one row and one column");
        }
        int m = V[0].length;
        for (int i = 0; i < V.length; i++) {
            if (V[i] == null || V[i].length != m) {
                throw new IllegalArgumentException(name + ": row " + (i + 1) + " has "
                        + (V[i] == null ? 0 : V[i].length) + " columns, row 1 has " + m);
            }
            for (int j = 0; j < m; j++) {
                double x = V[i][j];
                if (!(x >= 0) || Double.isInfinite(x)) {
                    throw new IllegalArgumentException(name + ": row " + (i + 1) + ", column " + (j + 1) + " is " + x
                            + "; NMF needs finite values >= 0");
                }
            }
        }
    }

    /** A start: shape rows x cols, finite and >= 0, not all zeros (as scikit-learn's _check_init). */
    static void checkStart(double[][] A, int rows, int cols, String name) {
        if (A == null || A.length != rows) {
            throw new IllegalArgumentException(name + " must be " + rows + " x " + cols + ", got "
                    + (A == null ? "none" : A.length + " rows"));
        }
        for (double[] r : A) {
            if (r == null || r.length != cols) {
                throw new IllegalArgumentException(name + " must be " + rows + " x " + cols + ", got a row of "
                        + (r == null ? 0 : r.length) + " columns");
            }
        }
        checkData(A, name);
        double max = 0;
        for (double[] r : A) {
            for (double x : r) {
                max = Math.max(max, x);
            }
        }
        if (max == 0) {
            throw new IllegalArgumentException(name + " is full of zeros");
        }
    }

    static double[][] copy(double[][] A) {
        double[][] c = new double[A.length][];
        for (int i = 0; i < A.length; i++) {
            c[i] = A[i].clone();
        }
        return c;
    }

    /** A B. */
    static double[][] multiply(double[][] A, double[][] B) {
        int n = A.length;
        int k = B.length;
        int m = B[0].length;
        if (m < WIDE) {
            // narrow B (a few columns, e.g. X H^T with H^T tall): B's columns made contiguous, then row sums
            return dots(A, transpose(B), (long) n * k * m);
        }
        double[][] C = new double[n][m];
        // wide B: t outermost, j innermost, so rows of B are read in order and the loop vectorises; c[j] still sums
        // its terms in increasing t from 0, as a dot product does, so the two paths give the same bits
        forRows(n, (long) n * k * m, i -> {
            double[] a = A[i];
            double[] c = C[i];
            for (int t = 0; t < k; t++) {
                double at = a[t];
                double[] b = B[t];
                for (int j = 0; j < m; j++) {
                    c[j] += at * b[j];
                }
            }
        });
        return C;
    }

    /**
     * C[i][j] = sum_t A[i][t] R[j][t], each entry one sum in increasing t from 0. Four rows of A at a time, so four
     * independent sums are in flight (a single sum waits for each add: the latency, not the arithmetic, bounds it);
     * the order within each sum is unchanged, so so are the results.
     */
    static double[][] dots(double[][] A, double[][] R, long work) {
        int n = A.length;
        int m = R.length;
        int p = R[0].length;
        double[][] C = new double[n][m];
        int groups = (n + 3) / 4;
        forRows(groups, work, g -> {
            int i0 = 4 * g;
            if (i0 + 4 <= n) {
                double[] a0 = A[i0];
                double[] a1 = A[i0 + 1];
                double[] a2 = A[i0 + 2];
                double[] a3 = A[i0 + 3];
                for (int j = 0; j < m; j++) {
                    double[] r = R[j];
                    double s0 = 0;
                    double s1 = 0;
                    double s2 = 0;
                    double s3 = 0;
                    for (int t = 0; t < p; t++) {
                        double rt = r[t];
                        s0 += a0[t] * rt;
                        s1 += a1[t] * rt;
                        s2 += a2[t] * rt;
                        s3 += a3[t] * rt;
                    }
                    C[i0][j] = s0;
                    C[i0 + 1][j] = s1;
                    C[i0 + 2][j] = s2;
                    C[i0 + 3][j] = s3;
                }
            } else {
                for (int i = i0; i < n; i++) {
                    double[] a = A[i];
                    for (int j = 0; j < m; j++) {
                        double[] r = R[j];
                        double s = 0;
                        for (int t = 0; t < p; t++) {
                            s += a[t] * r[t];
                        }
                        C[i][j] = s;
                    }
                }
            }
        });
        return C;
    }

    /** A B^T (A n x p, B m x p). */
    static double[][] multiplyTransposed(double[][] A, double[][] B) {
        int n = A.length;
        int m = B.length;
        int p = A[0].length;
        return dots(A, B, (long) n * m * p);
    }

    /** A^T B (A p x n, B p x m). */
    static double[][] transposedMultiply(double[][] A, double[][] B) {
        int p = A.length;
        int n = A[0].length;
        int m = B[0].length;
        double[][] C = new double[n][m];
        // as in multiply: wide B streamed by rows, narrow B one sum per entry, each c[j] in increasing t from 0
        boolean wide = m >= WIDE;
        forRows(n, (long) n * m * p, i -> {
            double[] c = C[i];
            if (wide) {
                for (int t = 0; t < p; t++) {
                    double at = A[t][i];
                    double[] bt = B[t];
                    for (int j = 0; j < m; j++) {
                        c[j] += at * bt[j];
                    }
                }
            } else {
                for (int j = 0; j < m; j++) {
                    double s = 0;
                    for (int t = 0; t < p; t++) {
                        s += A[t][i] * B[t][j];
                    }
                    c[j] = s;
                }
            }
        });
        return C;
    }

    static double[][] transpose(double[][] A) {
        int n = A.length;
        int m = A[0].length;
        double[][] T = new double[m][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                T[j][i] = A[i][j];
            }
        }
        return T;
    }

    /** ||V - W H||_F, scikit-learn's reconstruction error (its _beta_divergence with square_root). */
    static double reconstructionError(double[][] V, double[][] W, double[][] H) {
        double[][] WH = multiply(W, H);
        double r = 0;
        for (int i = 0; i < V.length; i++) {
            for (int j = 0; j < V[0].length; j++) {
                double d = V[i][j] - WH[i][j];
                r += d * d;
            }
        }
        return Math.sqrt(r);
    }

    /** The mean of all entries, summed pairwise in row-major order as NumPy's {@code mean} does. */
    static double mean(double[][] V) {
        int n = V.length;
        int m = V[0].length;
        double[] flat = new double[n * m];
        for (int i = 0; i < n; i++) {
            System.arraycopy(V[i], 0, flat, i * m, m);
        }
        return pairwiseSum(flat, 0, flat.length) / flat.length;
    }

    /** NumPy's pairwise summation: plain below 8, eight accumulators up to 128, halves (multiples of 8) above. */
    static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += a[from + i];
            }
            return s;
        }
        if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                s += a[from + i];
            }
            return s;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }
}
