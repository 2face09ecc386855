package org.astronest.forwardmodels.payne.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.astronest.forwardmodels.payne.PerPixelSpectralNetwork;
import org.junit.jupiter.api.Test;

/**
 * The per-pixel objective: its forward pass equals the reader's {@link PerPixelSpectralNetwork}, its analytic
 * gradient equals central finite differences (chi-square and prior), and D_scale = 0 is the chi-square bit for bit.
 */
class PixelObjectiveTest {

    private static final int H = 4;
    private static final int L = 3;
    private static final int N = 9;

    @Test
    void gradientEqualsFiniteDifferences() {
        UniformRandomProvider r = RandomSource.L64_X128_MIX.create(11L);
        double[][] s = columns(r, N);
        double[] y = new double[N];
        double[] w = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = 0.8 + 0.2 * r.nextDouble();
            w[i] = 100 + 900 * r.nextDouble();
        }
        GradientPrior prior = GradientPriorTest.prior(List.of("Teff", "FeH"), new double[] {0.02, -0.03}, 1,
                PenaltyShape.SQUARED, DifferenceScheme.CENTRAL, 7);
        double[][] sRef = refColumns(prior);
        PixelObjective o = new PixelObjective(H, s, N, new double[L][0], 0, sRef, prior);
        o.target(0, y, w, new double[0], new double[0]);
        double[] th = new double[PixelNetwork.size(H, L)];
        for (int i = 0; i < th.length; i++) {
            th[i] = r.nextDouble() - 0.5;
        }
        double[] g = new double[th.length];
        double v = o.valueAndGradient(th, g);
        assertEquals(v, o.lastChi2() + o.lastPenalty(), 0.0);
        for (int i = 0; i < th.length; i++) {
            double h = 1e-6;
            double[] up = th.clone();
            double[] dn = th.clone();
            up[i] += h;
            dn[i] -= h;
            double num = (o.valueAndGradient(up, new double[th.length]) - o.valueAndGradient(dn,
                    new double[th.length])) / (2 * h);
            assertEquals(num, g[i], 1e-6 * Math.max(1, Math.abs(num)), "parameter " + i);
        }
    }

    @Test
    void forwardPassEqualsTheReader() {
        UniformRandomProvider r = RandomSource.L64_X128_MIX.create(5L);
        double[] th = new double[PixelNetwork.size(H, L)];
        for (int i = 0; i < th.length; i++) {
            th[i] = 2 * r.nextDouble() - 1;
        }
        double[] lo = {4000, 1, -1};
        double[] hi = {5600, 4, 0.5};
        double[] x = {4321, 2.2, -0.3};
        double[][] s = new double[L][1];
        for (int k = 0; k < L; k++) {
            s[k][0] = (x[k] - lo[k]) / (hi[k] - lo[k]) - 0.5;
        }
        double[] f = new double[1];
        PixelNetwork.forward(th, H, L, s, 1, f, new double[H]);
        PerPixelSpectralNetwork net = new PerPixelSpectralNetwork(lo, hi, 1, H,
                java.util.Arrays.copyOfRange(th, 0, H * L), java.util.Arrays.copyOfRange(th, H * L, H * L + H),
                java.util.Arrays.copyOfRange(th, H * L + H, H * L + 2 * H), new double[] {th[th.length - 1]});
        assertEquals(net.predict(x)[0], f[0], 1e-15);
    }

    @Test
    void zeroDScaleIsTheChiSquareBitForBit() {
        UniformRandomProvider r = RandomSource.L64_X128_MIX.create(3L);
        double[][] s = columns(r, N);
        double[] y = new double[N];
        double[] w = new double[N];
        java.util.Arrays.fill(y, 0.9);
        java.util.Arrays.fill(w, 400);
        GradientPrior prior = GradientPriorTest.prior(List.of("FeH"), new double[] {0.02}, 1, PenaltyShape.ABSOLUTE,
                DifferenceScheme.CENTRAL, 0);
        PixelObjective plain = new PixelObjective(H, s, N, new double[L][0], 0, null, null);
        PixelObjective zero = new PixelObjective(H, s, N, new double[L][0], 0, refColumns(prior), prior);
        plain.target(0, y, w, new double[0], new double[0]);
        zero.target(0, y, w, new double[0], new double[0]);
        double[] th = new double[PixelNetwork.size(H, L)];
        for (int i = 0; i < th.length; i++) {
            th[i] = r.nextDouble() - 0.5;
        }
        double[] g1 = new double[th.length];
        double[] g2 = new double[th.length];
        assertEquals(plain.valueAndGradient(th, g1), zero.valueAndGradient(th, g2), 0.0);
        assertArrayEquals(g1, g2, 0.0);
        assertEquals(0.0, zero.lastPenalty(), 0.0);
    }

    private static double[][] columns(UniformRandomProvider r, int n) {
        double[][] s = new double[L][n];
        for (int k = 0; k < L; k++) {
            for (int i = 0; i < n; i++) {
                s[k][i] = r.nextDouble() - 0.5;
            }
        }
        return s;
    }

    /** The prior's points scaled to the box [4000, 5600] x [1, 4] x [-1, 0.5]. */
    private static double[][] refColumns(GradientPrior prior) {
        double[] lo = {4000, 1, -1};
        double[] hi = {5600, 4, 0.5};
        double[] pts = prior.points();
        int m = prior.pointCount();
        double[][] c = new double[L][m];
        for (int i = 0; i < m; i++) {
            for (int k = 0; k < L; k++) {
                c[k][i] = (pts[i * L + k] - lo[k]) / (hi[k] - lo[k]) - 0.5;
            }
        }
        return c;
    }
}
