package org.astronest.inference.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.Rngs;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * Diagnostics against values computed from the definitions of Vehtari et al. (2021): a hand-computed R-hat, analytic
 * cases (iid and AR(1) chains, where ESS = S (1 - a) / (1 + a)), and a second, deliberately plain implementation of
 * the paper's formulas ({@link Reference}: O(n^2) autocovariances, ranks by counting, Hipparchus' normal quantile)
 * on a fixed set of chains with ties. The R package posterior / ArviZ are not available offline, so their outputs
 * could not be used as golden values.
 */
class ChainDiagnosticsTest {

    static double[][] ar1Chains(double a, int m, int n, long seed) {
        double[][] x = new double[m][];
        for (int j = 0; j < m; j++) {
            x[j] = AutocorrelationTest.ar1(a, n, Rngs.stream(seed, j));
        }
        return x;
    }

    @Test
    void splitRhatByHand() {
        // chains (1,2,3,4,5,6,7,8) and (3,4,5,6,7,8,9,10); split: (1,2,3,4) (5,6,7,8) (3,4,5,6) (7,8,9,10), n = 4.
        // Each half has variance 5/3 (values k..k+3), so W = 5/3; half means 2.5, 6.5, 4.5, 8.5 have variance
        // (sum of squared deviations from 5.5 = 9 + 1 + 1 + 9 = 20) / 3 = 20/3 = B/n.
        // var+ = (n-1)/n W + B/n = 3/4 * 5/3 + 20/3 = 5/4 + 20/3 = 95/12; R-hat = sqrt(var+ / W) = sqrt(95/12 * 3/5)
        // = sqrt(19/4) (BDA3 eq. 11.4 on split chains, Vehtari et al. eq. 3-4)
        double[][] x = {{1, 2, 3, 4, 5, 6, 7, 8}, {3, 4, 5, 6, 7, 8, 9, 10}};
        assertEquals(Math.sqrt(19.0 / 4), ChainDiagnostics.splitRhat(x), 1e-14);
        // odd length: the middle draw is dropped, (1,2,9) -> (1) and (9)? n = 3 -> halves of 1 draw are too short
        assertThrows(IllegalArgumentException.class, () -> ChainDiagnostics.splitRhat(new double[][] {{1, 2, 9}}));
        double[][] halves = ChainDiagnostics.split(new double[][] {{1, 2, 3, 4, 5}});
        assertEquals("[[1.0, 2.0], [4.0, 5.0]]", Arrays.deepToString(halves));
    }

    @Test
    void iidChainsHaveRhatOneAndEssNearTheDrawCount() {
        // 4 chains x 2000 iid N(0,1): S = 8000. R-hat - 1 has sd ~ 1/sqrt(m n)-ish (here < 0.005); the Geyer ESS
        // estimate of iid draws has a relative sd of a few percent; tolerance 12%.
        double[][] x = ar1Chains(0, 4, 2000, 11);
        double s = 8000;
        assertEquals(1, ChainDiagnostics.rhat(x), 0.01);
        assertEquals(s, ChainDiagnostics.essBulk(x), 0.12 * s);
        assertEquals(s, ChainDiagnostics.essMean(x), 0.12 * s);
        assertEquals(s, ChainDiagnostics.essTail(x), 0.2 * s);
        // MCSE of the mean of iid N(0,1): 1/sqrt(S); of the median: sqrt(p (1-p) / S) / phi(0) = 1.2533/sqrt(S)
        assertEquals(1 / Math.sqrt(s), ChainDiagnostics.mcseMean(x), 0.1 / Math.sqrt(s));
        assertEquals(1.2533 / Math.sqrt(s), ChainDiagnostics.mcseQuantile(x, 0.5), 0.25 * 1.2533 / Math.sqrt(s));
        // MCSE of the sd of iid N(0,1): sqrt((m4 - s^4) / (4 s^2 S)) = sqrt(2/(4 S)) = 1/sqrt(2 S)
        assertEquals(1 / Math.sqrt(2 * s), ChainDiagnostics.mcseSd(x), 0.15 / Math.sqrt(2 * s));
    }

    @Test
    void ar1ChainsHaveTheAnalyticEss() {
        // AR(1): tau = (1 + a) / (1 - a), so ESS = S (1 - a) / (1 + a).
        // a = 0.9, 8 chains x 20000: S = 160000, ESS = 8421; the estimate's relative sd is about 3% here.
        double[][] x = ar1Chains(0.9, 8, 20_000, 12);
        double expected = 160_000 * 0.1 / 1.9;
        assertEquals(expected, ChainDiagnostics.essMean(x), 0.12 * expected);
        assertEquals(expected, ChainDiagnostics.essBulk(x), 0.12 * expected);
        assertEquals(1, ChainDiagnostics.rhat(x), 0.01);
        // antithetic a = -0.3: ESS = S * 1.3 / 0.7 > S (Vehtari et al. sec. 3.2 allow ESS > S; bounded by S log10 S)
        double[][] y = ar1Chains(-0.3, 4, 5000, 13);
        double e2 = 20_000 * 1.3 / 0.7;
        assertEquals(e2, ChainDiagnostics.essMean(y), 0.12 * e2);
    }

    @Test
    void shiftedChainsGiveTheExpectedRhat() {
        // 4 chains x 4000 iid N(mu_j, 1) with mu = (0, 0, 0, 1). Expected split R-hat from its definition: W ~ 1,
        // B/n ~ var(half-chain means) = var(0,0,0,0,0,0,1,1) = (6/16 + 2 * 9/16) / 7 = 3/14, var+ ~ 1 + 3/14
        // -> R-hat ~ sqrt(17/14) = 1.1019.
        double[][] x = ar1Chains(0, 4, 4000, 14);
        for (int i = 0; i < x[3].length; i++) {
            x[3][i] += 1;
        }
        // sampling error of var(means): each half mean has sd 1/sqrt(2000); effect on R-hat < 0.005
        assertEquals(Math.sqrt(17.0 / 14), ChainDiagnostics.splitRhat(x), 0.01);
        // rank normalization keeps the order, so the rank-normalized R-hat is also clearly above 1.01
        assertTrue(ChainDiagnostics.rhat(x) > 1.05, "rank-normalized R-hat " + ChainDiagnostics.rhat(x));
        // a chain with a larger scale but the same location: the bulk R-hat stays near 1, the folded one catches it
        double[][] z = ar1Chains(0, 4, 4000, 15);
        for (int i = 0; i < z[0].length; i++) {
            z[0][i] *= 3;
        }
        double bulkOnly = ChainDiagnostics.rhatBasic(ChainDiagnostics.rankNormalize(ChainDiagnostics.split(z)));
        assertTrue(bulkOnly < 1.01, "bulk R-hat " + bulkOnly);
        assertTrue(ChainDiagnostics.rhat(z) > 1.05, "folded R-hat " + ChainDiagnostics.rhat(z));
    }

    @Test
    void matchesAPlainSecondImplementationOnFixedChains() {
        // fixed chains: 4 AR(1) chains (a = 0.6) of 301 draws (odd: exercises the dropped middle draw), shifted
        // slightly per chain and rounded to 0.1 so there are many ties in the ranks
        double[][] x = ar1Chains(0.6, 4, 301, 99);
        for (int j = 0; j < x.length; j++) {
            for (int i = 0; i < x[j].length; i++) {
                x[j][i] = Math.round((x[j][i] + 0.1 * j) * 10) / 10.0;
            }
        }
        assertEquals(Reference.rhat(x), ChainDiagnostics.rhat(x), 1e-10);
        assertEquals(Reference.essBulk(x), ChainDiagnostics.essBulk(x), 1e-8);
        assertEquals(Reference.essTail(x), ChainDiagnostics.essTail(x), 1e-8);
        assertEquals(Reference.essMean(x), ChainDiagnostics.essMean(x), 1e-8);
        // and a strongly correlated set (a = 0.95), where the Geyer truncation and monotone steps matter
        double[][] y = ar1Chains(0.95, 3, 500, 98);
        assertEquals(Reference.essBulk(y), ChainDiagnostics.essBulk(y), 1e-8);
        assertEquals(Reference.essMean(y), ChainDiagnostics.essMean(y), 1e-8);
        assertEquals(Reference.rhat(y), ChainDiagnostics.rhat(y), 1e-10);
    }

    @Test
    void constantDrawsGiveNaNAndBadInputAMessage() {
        double[][] c = {{1, 1, 1, 1}, {1, 1, 1, 1}};
        assertTrue(Double.isNaN(ChainDiagnostics.essBulk(c)));
        assertTrue(Double.isNaN(ChainDiagnostics.rhat(c)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChainDiagnostics.essBulk(new double[][] {{1, 2, 3, 4}, {1, 2}}));
        assertTrue(e.getMessage().contains("chain 1 has 2 draws"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ChainDiagnostics.mcseQuantile(c, 1.5));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }

    /** A plain transcription of the formulas of Vehtari et al. (2021), independent of the production code. */
    static final class Reference {

        static double[][] split(double[][] x) {
            int n = x[0].length / 2;
            double[][] out = new double[2 * x.length][n];
            for (int j = 0; j < x.length; j++) {
                int len = x[j].length;
                for (int i = 0; i < n; i++) {
                    out[2 * j][i] = x[j][i];
                    out[2 * j + 1][i] = x[j][len - n + i];
                }
            }
            return out;
        }

        /** Eq. 14: z = Phi^-1((r - 3/8)/(S + 1/4)), r the average rank over all draws. */
        static double[][] z(double[][] x) {
            int s = x.length * x[0].length;
            NormalDistribution phi = new NormalDistribution(0, 1);
            double[][] out = new double[x.length][x[0].length];
            for (int j = 0; j < x.length; j++) {
                for (int i = 0; i < x[j].length; i++) {
                    int less = 0;
                    int equal = 0;
                    for (double[] c : x) {
                        for (double v : c) {
                            if (v < x[j][i]) {
                                less++;
                            } else if (v == x[j][i]) {
                                equal++;
                            }
                        }
                    }
                    double rank = less + (equal + 1) / 2.0;
                    out[j][i] = phi.inverseCumulativeProbability((rank - 0.375) / (s + 0.25));
                }
            }
            return out;
        }

        static double median(double[][] x) {
            double[] all = Arrays.stream(x).flatMapToDouble(Arrays::stream).sorted().toArray();
            int s = all.length;
            return s % 2 == 1 ? all[s / 2] : 0.5 * (all[s / 2 - 1] + all[s / 2]);
        }

        static double rhatOf(double[][] c) {
            int m = c.length;
            int n = c[0].length;
            double[] mean = new double[m];
            double grand = 0;
            for (int j = 0; j < m; j++) {
                mean[j] = Arrays.stream(c[j]).average().orElseThrow();
                grand += mean[j] / m;
            }
            double b = 0;
            double w = 0;
            for (int j = 0; j < m; j++) {
                b += n * (mean[j] - grand) * (mean[j] - grand) / (m - 1);
                double s2 = 0;
                for (double v : c[j]) {
                    s2 += (v - mean[j]) * (v - mean[j]) / (n - 1);
                }
                w += s2 / m;
            }
            return Math.sqrt(((n - 1.0) / n * w + b / n) / w);
        }

        static double rhat(double[][] x) {
            double med = median(x);
            double[][] folded = new double[x.length][x[0].length];
            for (int j = 0; j < x.length; j++) {
                for (int i = 0; i < x[j].length; i++) {
                    folded[j][i] = Math.abs(x[j][i] - med);
                }
            }
            return Math.max(rhatOf(z(split(x))), rhatOf(z(split(folded))));
        }

        /** Eq. 10-11 with Geyer's initial monotone sequence, as in Stan / posterior (improved last term). */
        static double essOf(double[][] c) {
            int m = c.length;
            int n = c[0].length;
            double[] mean = new double[m];
            double[][] acov = new double[m][n];
            for (int j = 0; j < m; j++) {
                mean[j] = Arrays.stream(c[j]).average().orElseThrow();
                for (int t = 0; t < n; t++) {
                    double s = 0;
                    for (int i = 0; i + t < n; i++) {
                        s += (c[j][i] - mean[j]) * (c[j][i + t] - mean[j]);
                    }
                    acov[j][t] = s / n;
                }
            }
            double w = 0;
            for (int j = 0; j < m; j++) {
                w += acov[j][0] * n / (n - 1.0) / m;
            }
            double grand = Arrays.stream(mean).average().orElseThrow();
            double varMeans = 0;
            for (double mu : mean) {
                varMeans += (mu - grand) * (mu - grand) / (m - 1);
            }
            double varPlus = (n - 1.0) / n * w + varMeans;
            double[] rho = new double[n];
            for (int t = 0; t < n; t++) {
                double a = 0;
                for (int j = 0; j < m; j++) {
                    a += acov[j][t] / m;
                }
                rho[t] = 1 - (w - a) / varPlus;
            }
            // eq. 10 at t = 0 is exactly 1 (with the biased autocovariances of Stan/posterior used for t >= 1, the
            // formula would give 1 - W/(n var+) at t = 0; Stan and posterior set it to 1)
            rho[0] = 1;
            // pairs P_k = rho_2k + rho_2k+1, kept while positive; the first non-positive pair ends the sum
            double[] kept = new double[n];
            kept[0] = rho[0];
            kept[1] = rho[1];
            int last = 0;
            while (last < n - 5 && rho[last] + rho[last + 1] > 0) {
                last += 2;
                if (rho[last] + rho[last + 1] >= 0) {
                    kept[last] = rho[last];
                    kept[last + 1] = rho[last + 1];
                }
            }
            if (rho[last] > 0) {
                kept[last] = rho[last];
            }
            for (int t = 2; t <= last - 2; t += 2) {
                double prev = kept[t - 2] + kept[t - 1];
                if (kept[t] + kept[t + 1] > prev) {
                    kept[t] = prev / 2;
                    kept[t + 1] = prev / 2;
                }
            }
            double tau = -1 + kept[last];
            for (int t = 0; t < last; t++) {
                tau += 2 * kept[t];
            }
            double s = (double) m * n;
            tau = Math.max(tau, 1 / Math.log10(s));
            return s / tau;
        }

        static double essBulk(double[][] x) {
            return essOf(z(split(x)));
        }

        static double essMean(double[][] x) {
            return essOf(split(x));
        }

        static double essTail(double[][] x) {
            double[] all = Arrays.stream(x).flatMapToDouble(Arrays::stream).sorted().toArray();
            double e = Double.POSITIVE_INFINITY;
            for (double p : new double[] {0.05, 0.95}) {
                double h = (all.length - 1) * p; // R type-7 quantile
                int lo = (int) Math.floor(h);
                double q = all[lo] + (h - lo) * (all[Math.min(lo + 1, all.length - 1)] - all[lo]);
                double[][] ind = new double[x.length][x[0].length];
                for (int j = 0; j < x.length; j++) {
                    for (int i = 0; i < x[j].length; i++) {
                        ind[j][i] = x[j][i] <= q ? 1 : 0;
                    }
                }
                e = Math.min(e, essOf(split(ind)));
            }
            return e;
        }
    }

    @SuppressWarnings("unused")
    private static double[] normals(UniformRandomProvider rng, int n) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = g.sample();
        }
        return x;
    }
}
