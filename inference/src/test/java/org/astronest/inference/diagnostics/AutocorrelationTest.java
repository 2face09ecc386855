package org.astronest.inference.diagnostics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.Rngs;
import org.junit.jupiter.api.Test;

class AutocorrelationTest {

    /** AR(1) x_t = a x_{t-1} + e_t started from its stationary distribution. */
    static double[] ar1(double a, int n, UniformRandomProvider rng) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] x = new double[n];
        x[0] = g.sample() / Math.sqrt(1 - a * a);
        for (int t = 1; t < n; t++) {
            x[t] = a * x[t - 1] + g.sample();
        }
        return x;
    }

    @Test
    void fftAutocovarianceEqualsTheDirectSum() {
        double[] x = ar1(0.7, 777, Rngs.stream(1));
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double[] acov = Autocorrelation.autocovariance(x);
        for (int t : new int[] {0, 1, 2, 5, 50, 300, 776}) {
            double s = 0;
            for (int i = 0; i + t < x.length; i++) {
                s += (x[i] - mean) * (x[i + t] - mean);
            }
            // definition: biased estimator (1/n) sum (Geyer 1992; Vehtari et al. 2021 sec. 3.2)
            assertEquals(s / x.length, acov[t], 1e-10, "lag " + t);
        }
    }

    @Test
    void packedPairTransformEqualsTwoSingleOnes() {
        double[] x = ar1(0.5, 1001, Rngs.stream(21));
        double[] y = ar1(-0.4, 1001, Rngs.stream(22));
        double[][] pair = Autocorrelation.autocovariancePair(x, y);
        assertArrayEquals(Autocorrelation.autocovariance(x), pair[0], 1e-10);
        assertArrayEquals(Autocorrelation.autocovariance(y), pair[1], 1e-10);
        // a constant walker is left out of the averaged ACF, whatever its partner in the packed transform
        double[] c = new double[1001];
        java.util.Arrays.fill(c, 3.5);
        assertEquals(Autocorrelation.integratedTime(new double[][] {x, y, x}, 5),
                Autocorrelation.integratedTime(new double[][] {x, c, y, x}, 5), 1e-9);
    }

    @Test
    void ar1TauMatchesTheAnalyticValue() {
        // AR(1) with a = 0.9: rho(t) = a^t, tau = 1 + 2 sum_{t>=1} a^t = (1 + a) / (1 - a) = 19 (analytic).
        // 32 chains of 20000 steps, averaged ACF (emcee estimator): the estimator's relative sd is about
        // sqrt(2 (2 M + 1) / N) with window M ~ 5 tau = 95 and N = 640000: 2.4%, so 10% is > 4 sigma.
        double a = 0.9;
        double[][] chains = new double[32][];
        for (int k = 0; k < chains.length; k++) {
            chains[k] = ar1(a, 20_000, Rngs.stream(2024, k));
        }
        double tau = Autocorrelation.integratedTime(chains, 5);
        assertEquals(19, tau, 0.1 * 19, "tau");
        // a single long chain as well (N = 400000: relative sd ~ 3.1%)
        double tau1 = Autocorrelation.integratedTime(ar1(a, 400_000, Rngs.stream(7)));
        assertEquals(19, tau1, 0.1 * 19, "tau of one chain");
    }

    @Test
    void independentDrawsHaveTauOne() {
        // iid draws: rho(t) = 0 for t >= 1, tau = 1 (AR(1) with a = 0)
        double tau = Autocorrelation.integratedTime(ar1(0, 100_000, Rngs.stream(3)));
        assertEquals(1, tau, 0.05);
    }

    @Test
    void windowStopsAtTheFirstLagBeyondCTau() {
        // rho = (1, 0.5, 0.25, 0, ...): tau(M) = 1, 2, 2.5, 2.5 ...; c = 1: first M >= tau(M) is M = 2 (tau 2.5 > 2? no:
        // M = 2 < 2.5), M = 3 >= 2.5 -> 2.5
        double[] rho = {1, 0.5, 0.25, 0, 0, 0};
        assertEquals(2.5, Autocorrelation.windowedTime(rho, 1), 1e-15);
        // c = 5 never satisfied within 6 lags: the last value is returned
        assertEquals(2.5, Autocorrelation.windowedTime(rho, 5), 1e-15);
        // c = 0.5: M = 1 >= 0.5 * 2 -> tau(1) = 2
        assertEquals(2, Autocorrelation.windowedTime(rho, 0.5), 1e-15);
    }

    @Test
    void badInputIsRefusedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autocorrelation.integratedTime(new double[] {1}));
        assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Autocorrelation.integratedTime(new double[][] {{1, 2, 3}, {1, 2}}, 5));
        assertTrue(e.getMessage().contains("different lengths"), e.getMessage());
        assertTrue(Double.isNaN(Autocorrelation.integratedTime(new double[] {2, 2, 2, 2})));
    }

    @Test
    void fftRoundTrip() {
        double[] re = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] im = new double[8];
        Fft.transform(re, im, false);
        // DFT at frequency 0 is the sum 36; at n/2 the alternating sum -4
        assertEquals(36, re[0], 1e-12);
        assertEquals(-4, re[4], 1e-12);
        Fft.transform(re, im, true);
        for (int i = 0; i < 8; i++) {
            assertEquals(i + 1, re[i], 1e-12);
            assertEquals(0, im[i], 1e-12);
        }
    }
}
