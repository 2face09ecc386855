package org.astronest.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class WeightedSamplesTest {

    @Test
    void weightedQuantilesInterpolateTheCumulativeWeights() {
        // corner.py convention: cdf = cumsum(w)/sum(w) at sorted x, linear interpolation.
        double[] x = {3, 1, 2, 4};
        double[] w = {0.25, 0.25, 0.25, 0.25};
        // sorted x = 1,2,3,4 with cdf 0.25,0.5,0.75,1
        assertEquals(1.0, WeightedStats.quantile(x, w, 0.1));
        assertEquals(2.5, WeightedStats.quantile(x, w, 0.625), 1e-15);
        assertEquals(4.0, WeightedStats.quantile(x, w, 1.0));
        double[] w2 = {0, 0.5, 0.5, 0}; // all mass on x = 1 and 2 (cdf 0.5, 1); zero-weight rows are ignored
        assertEquals(1.8, WeightedStats.quantile(x, w2, 0.9), 1e-15);
        assertEquals(1.5, WeightedStats.quantile(x, w2, 0.75), 1e-15);
        assertEquals(2.0, WeightedStats.quantile(x, w2, 1.0));
    }

    @Test
    void kishEffectiveSampleSizeAndNormalization() {
        WeightedSamples s = WeightedSamples.of(List.of("a"), new double[][] {{1}, {2}, {3}},
                new double[] {Math.log(2), Math.log(1), Math.log(1)}, new double[] {0, 0, 0});
        // weights 1/2, 1/4, 1/4: (sum w)^2 / sum w^2 = 1 / (1/4 + 1/16 + 1/16) = 8/3
        assertEquals(8.0 / 3, s.effectiveSampleSize(), 1e-12);
        assertEquals(1.0, s.weights()[0] + s.weights()[1] + s.weights()[2], 1e-15);
        assertEquals(1.75, WeightedStats.mean(s.column("a"), s.weights()), 1e-15);
    }

    @Test
    void systematicResamplingKeepsTheWeightedMean() {
        UniformRandomProvider rng = Rngs.seeded(7);
        int n = 20000;
        double[][] rows = new double[n][1];
        double[] lw = new double[n];
        for (int i = 0; i < n; i++) {
            rows[i][0] = rng.nextDouble();
            lw[i] = Math.log(rows[i][0]); // weight proportional to x on U(0,1): mean 2/3, sd sqrt(1/18)
        }
        WeightedSamples s = WeightedSamples.of(List.of("x"), rows, lw, new double[n]);
        WeightedSamples eq = s.equalWeighted(Rngs.seeded(8));
        assertTrue(eq.isEqualWeighted());
        assertEquals(Math.round(s.effectiveSampleSize()), eq.size());
        double m = WeightedStats.mean(eq.column("x"), eq.weights());
        // standard error of a mean over ESS draws with sd sqrt(1/18)
        assertEquals(2.0 / 3, m, 5 * Math.sqrt(1.0 / 18 / eq.size()));
        assertSame(eq, eq.equalWeighted(rng));
    }

    @Test
    void resampleIndicesNameTheRowsResampleDraws() {
        double[][] rows = new double[7][1];
        double[] lw = new double[7];
        double[] ll = new double[7];
        double[] lp = new double[7];
        for (int i = 0; i < 7; i++) {
            rows[i][0] = i;
            lw[i] = 0.3 * i * (i % 3);
            ll[i] = -i;
            lp[i] = 10 + i;
        }
        WeightedSamples s = WeightedSamples.of(List.of("x"), rows, lw, ll, lp);
        int[] idx = s.resampleIndices(Rngs.stream(3, 0xA7B12L), 9);
        // the draws resample gave for this stream before resampleIndices existed (run directories' equal-weight
        // files must not change for a seed)
        assertArrayEquals(new int[] {5, 5, 4, 5, 2, 5, 5, 5, 0}, idx);
        WeightedSamples r = s.resample(Rngs.stream(3, 0xA7B12L), 9);
        for (int k = 0; k < idx.length; k++) {
            assertArrayEquals(s.row(idx[k]), r.row(k));
            assertEquals(ll[idx[k]], r.logLikelihoods()[k]);
            assertEquals(lp[idx[k]], r.logPriors()[k]);
        }
        assertThrows(IllegalArgumentException.class, () -> s.resampleIndices(Rngs.seeded(1), 0));
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WeightedSamples.of(List.of("a", "a"),
                new double[][] {{1, 2}}, new double[1], new double[1]));
        assertThrows(IllegalArgumentException.class, () -> WeightedSamples.of(List.of("a"),
                new double[][] {{1}}, new double[] {Double.NaN}, new double[1]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightedSamples.of(
                List.of("a"), new double[][] {{1, 2}}, new double[1], new double[1]));
        assertTrue(e.getMessage().contains("row 0"));
    }

    @Test
    void derivedStreamsDependOnlyOnSeedAndPath() {
        long a = Rngs.stream(5, 1, 2).nextLong();
        assertEquals(a, Rngs.stream(5, 1, 2).nextLong());
        assertTrue(a != Rngs.stream(5, 2, 1).nextLong());
        assertTrue(a != Rngs.stream(6, 1, 2).nextLong());
        assertEquals(Rngs.seeded(9).nextDouble(), Rngs.seeded(9).nextDouble());
        assertEquals(9L, Rngs.seedOf(Rngs.seeded(9)));
    }

    @Test
    void logMath() {
        assertEquals(Math.log(3), LogMath.logAddExp(Math.log(1), Math.log(2)), 1e-15);
        assertEquals(-1000 + Math.log(2), LogMath.logAddExp(-1000, -1000), 1e-12);
        assertEquals(Math.log(6), LogMath.logSumExp(new double[] {0, Math.log(2), Math.log(3)}), 1e-15);
        assertEquals(Math.log(2), LogMath.logSubExp(Math.log(3), 0), 1e-15);
        assertEquals(Double.NEGATIVE_INFINITY, LogMath.logSumExp(new double[0]));
    }
}
