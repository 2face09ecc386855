package org.astronest.forwardmodels.nmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The permutation-minimised MAE of thesis chapter 3 (seed 001, sec. 3.5). */
class ComponentMatchTest {

    @Test
    void handComputedCase() {
        // true columns (1,2,3), (3,2,1): means 2, 2, normalised (0.5,1,1.5), (1.5,1,0.5)
        double[][] trueW = {{1, 3}, {2, 2}, {3, 1}};
        // recovered in the other order and scaled: (6,4,2)/4 = (1.5,1,0.5) exactly; (2,4,7)/(13/3) = (6,12,21)/13
        double[][] W = {{6, 2}, {4, 4}, {2, 7}};
        ComponentMatch.Match m = ComponentMatch.mae(trueW, W);
        assertArrayEquals(new int[] {1, 0}, m.permutation());
        // |6.5-6|/13 + |13-12|/13 + |19.5-21|/13 = 3/13 over 6 entries = 1/26
        assertEquals(1.0 / 26, m.mae(), 1e-15);
    }

    /** The subset dynamic programme against every permutation enumerated (K = 5, 120 orders), random columns. */
    @Test
    void equalsTheBruteForceMinimumOverAllPermutations() {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(11);
        for (int trial = 0; trial < 20; trial++) {
            int n = 7;
            int k = 5;
            double[][] a = new double[n][k];
            double[][] b = new double[n][k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    a[i][j] = rng.nextDouble();
                    b[i][j] = rng.nextDouble() * 4;
                }
            }
            double[][] na = ComponentMatch.normaliseColumns(a);
            double[][] nb = ComponentMatch.normaliseColumns(b);
            double best = Double.POSITIVE_INFINITY;
            int[] perm = {0, 1, 2, 3, 4};
            do {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    for (int t = 0; t < k; t++) {
                        s += Math.abs(na[i][t] - nb[i][perm[t]]);
                    }
                }
                best = Math.min(best, s / (n * k));
            } while (next(perm));
            assertEquals(best, ComponentMatch.mae(a, b).mae(), 1e-14, "trial " + trial);
        }
    }

    /** Lexicographic next permutation; false after the last. */
    private static boolean next(int[] p) {
        int i = p.length - 2;
        while (i >= 0 && p[i] >= p[i + 1]) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        int j = p.length - 1;
        while (p[j] <= p[i]) {
            j--;
        }
        int t = p[i];
        p[i] = p[j];
        p[j] = t;
        for (int l = i + 1, r = p.length - 1; l < r; l++, r--) {
            t = p[l];
            p[l] = p[r];
            p[r] = t;
        }
        return true;
    }

    @Test
    void aZeroColumnIsComparedAsZeros() {
        // true (1,1) normalised (1,1); recovered zero column: MAE = mean |1 - 0| = 1
        assertEquals(1.0, ComponentMatch.mae(new double[][] {{1}, {1}}, new double[][] {{0}, {0}}).mae(), 0.0);
    }

    @Test
    void errors() {
        assertEquals("W must have the shape of trueW, 2 x 1, got 2 x 2", assertThrows(IllegalArgumentException.class,
                () -> ComponentMatch.mae(new double[][] {{1}, {1}}, new double[][] {{1, 2}, {1, 2}})).getMessage());
        assertEquals("W: line 1, component 1 is -1.0; emission profiles must be finite and >= 0",
                assertThrows(IllegalArgumentException.class,
                        () -> ComponentMatch.mae(new double[][] {{1}}, new double[][] {{-1}})).getMessage());
    }
}
