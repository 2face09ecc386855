package org.astronest.forwardmodels.nmf;

import java.util.Arrays;

/**
 * The goodness-of-fit metric of thesis chapter 3 (seed 001, sec. 3.5, the paragraph before 3.5.1): the mean absolute
 * error between the true components' emission profiles (columns of W_true, N_M lines x K) and the recovered ones,
 * after each column is rescaled to a mean of 1 over the lines, for the permutation of the recovered components that
 * makes it smallest. "A MAE of 0.1 means the recovered intensities differ on average by 10% of the mean line
 * intensity of their closest matching true component."
 *
 * <p>The MAE is a sum of one term per (true, recovered) pair, so the best permutation is a linear assignment; it is
 * found exactly by dynamic programming over subsets (O(K^2 2^K), K up to 20). A column that is zero everywhere
 * cannot be rescaled and is compared as zeros (its pair then contributes the mean of the other column, 1).
 */
public final class ComponentMatch {

    /** Largest K the subset dynamic programme takes (2^20 states). */
    public static final int MAX_COMPONENTS = 20;

    private ComponentMatch() {
    }

    /**
     * The metric and the permutation that gives it.
     *
     * @param mae         mean over lines and components of |W_true[l][k] - W[l][perm[k]]| (columns normalised)
     * @param permutation {@code permutation[k]} = the recovered column matched to true column k
     */
    public record Match(double mae, int[] permutation) {
        public Match {
            permutation = permutation.clone();
        }

        @Override
        public int[] permutation() {
            return permutation.clone();
        }
    }

    /** Each column of {@code W} (rows x K) divided by its mean over the rows; a zero column stays zero. */
    public static double[][] normaliseColumns(double[][] W) {
        int n = W.length;
        int k = W[0].length;
        double[][] out = new double[n][k];
        for (int j = 0; j < k; j++) {
            double s = 0;
            for (double[] row : W) {
                s += row[j];
            }
            double mean = s / n;
            for (int i = 0; i < n; i++) {
                out[i][j] = mean > 0 ? W[i][j] / mean : 0;
            }
        }
        return out;
    }

    /**
     * The permutation-minimised MAE between the columns of {@code trueW} and {@code W} (both lines x K, entries
     * finite and >= 0). Errors name the argument and the shape or entry.
     */
    public static Match mae(double[][] trueW, double[][] W) {
        check(trueW, "trueW");
        check(W, "W");
        int n = trueW.length;
        int k = trueW[0].length;
        if (W.length != n || W[0].length != k) {
            throw new IllegalArgumentException("W must have the shape of trueW, " + n + " x " + k + ", got "
                    + W.length + " x " + W[0].length);
        }
        if (k > MAX_COMPONENTS) {
            throw new IllegalArgumentException("components must be <= " + MAX_COMPONENTS + ", got " + k);
        }
        double[][] a = normaliseColumns(trueW);
        double[][] b = normaliseColumns(W);
        double[][] cost = new double[k][k]; // cost[t][r]: sum over lines of |true t - recovered r|
        for (int t = 0; t < k; t++) {
            for (int r = 0; r < k; r++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += Math.abs(a[i][t] - b[i][r]);
                }
                cost[t][r] = s;
            }
        }
        // best[mask]: least cost of matching true columns 0..popcount(mask)-1 to the recovered columns in mask
        int states = 1 << k;
        double[] best = new double[states];
        int[] choice = new int[states];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        best[0] = 0;
        for (int mask = 1; mask < states; mask++) {
            int t = Integer.bitCount(mask) - 1;
            for (int r = 0; r < k; r++) {
                if ((mask & (1 << r)) != 0) {
                    double c = best[mask ^ (1 << r)] + cost[t][r];
                    if (c < best[mask]) {
                        best[mask] = c;
                        choice[mask] = r;
                    }
                }
            }
        }
        int[] perm = new int[k];
        int mask = states - 1;
        for (int t = k - 1; t >= 0; t--) {
            perm[t] = choice[mask];
            mask ^= 1 << perm[t];
        }
        return new Match(best[states - 1] / ((double) n * k), perm);
    }

    private static void check(double[][] A, String name) {
        if (A == null || A.length == 0 || A[0] == null || A[0].length == 0) {
            throw new IllegalArgumentException(name + " must have at least one line and one component");
        }
        int k = A[0].length;
        for (int i = 0; i < A.length; i++) {
            if (A[i] == null || A[i].length != k) {
                throw new IllegalArgumentException(name + ": line " + (i + 1) + " has "
                        + (A[i] == null ? 0 : A[i].length) + " components, line 1 has " + k);
            }
            for (int j = 0; j < k; j++) {
                if (!(A[i][j] >= 0) || Double.isInfinite(A[i][j])) {
                    throw new IllegalArgumentException(name + ": line " + (i + 1) + ", component " + (j + 1) + " is "
                            + A[i][j] + "; emission profiles must be finite and >= 0");
                }
            }
        }
    }
}
