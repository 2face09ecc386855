package org.astronest.forwardmodels.nmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** Lawson-Hanson NNLS ({@link Nnls}) against the exhaustive solution over every active set, and a hand case. */
class NnlsTest {

    @Test
    void handCase() {
        // min (x1 - 1)^2 + (x2 + 1)^2 over x >= 0: (1, 0)
        assertArrayEquals(new double[] {1, 0}, Nnls.solve(new double[][] {{1, 0}, {0, 1}}, new double[] {1, -1}),
                1e-15);
    }

    /**
     * The minimum of a strictly convex quadratic over x >= 0 is the best of the unconstrained minima over the faces
     * {x_j = 0 for j not in S} that are feasible: enumerate all 2^n sets S (n = 4, 13 rows, 200 random problems).
     */
    @Test
    void equalsTheExhaustiveMinimumOverActiveSets() {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(5);
        int m = 13;
        int n = 4;
        for (int trial = 0; trial < 200; trial++) {
            double[][] E = new double[m][n];
            double[] f = new double[m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    E[i][j] = rng.nextDouble();
                }
                f[i] = 2 * rng.nextDouble() - 0.7;
            }
            double[] best = null;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int mask = 0; mask < 1 << n; mask++) {
                double[] x = faceMinimum(E, f, mask);
                boolean feasible = true;
                for (double v : x) {
                    feasible &= v >= 0;
                }
                if (feasible && cost(E, f, x) < bestCost) {
                    bestCost = cost(E, f, x);
                    best = x;
                }
            }
            double[] x = Nnls.solve(E, f);
            assertEquals(bestCost, cost(E, f, x), 1e-12 * Math.max(1, bestCost), "trial " + trial);
            assertArrayEquals(best, x, 1e-9, "trial " + trial);
        }
    }

    private static double cost(double[][] E, double[] f, double[] x) {
        double s = 0;
        for (int i = 0; i < E.length; i++) {
            double r = -f[i];
            for (int j = 0; j < x.length; j++) {
                r += E[i][j] * x[j];
            }
            s += r * r;
        }
        return s;
    }

    /** Least squares with the variables outside {@code mask} fixed at 0 (normal equations, Gaussian elimination). */
    private static double[] faceMinimum(double[][] E, double[] f, int mask) {
        int n = E[0].length;
        int[] idx = new int[Integer.bitCount(mask)];
        for (int j = 0, c = 0; j < n; j++) {
            if ((mask & (1 << j)) != 0) {
                idx[c++] = j;
            }
        }
        int p = idx.length;
        double[][] a = new double[p][p + 1];
        for (int r = 0; r < p; r++) {
            for (int c = 0; c < p; c++) {
                for (double[] row : E) {
                    a[r][c] += row[idx[r]] * row[idx[c]];
                }
            }
            for (int i = 0; i < E.length; i++) {
                a[r][p] += E[i][idx[r]] * f[i];
            }
        }
        for (int c = 0; c < p; c++) {
            for (int r = c + 1; r < p; r++) {
                double q = a[r][c] / a[c][c];
                for (int k = c; k <= p; k++) {
                    a[r][k] -= q * a[c][k];
                }
            }
        }
        double[] x = new double[n];
        double[] z = new double[p];
        for (int r = p - 1; r >= 0; r--) {
            double s = a[r][p];
            for (int k = r + 1; k < p; k++) {
                s -= a[r][k] * z[k];
            }
            z[r] = s / a[r][r];
        }
        for (int r = 0; r < p; r++) {
            x[idx[r]] = z[r];
        }
        assertTrue(p >= 0);
        return x;
    }
}
