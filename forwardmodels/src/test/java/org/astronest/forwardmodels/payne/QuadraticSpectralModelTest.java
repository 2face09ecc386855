package org.astronest.forwardmodels.payne;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.astronest.emulators.npz.NpyArray;
import org.astronest.emulators.npz.NpzWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Cannon-form quadratic model: its formula, Jacobian, file layout and detection by {@link PayneNetworks}. */
class QuadraticSpectralModelTest {

    // 2 labels, box [0, 10] x [-1, 1]; terms (1, s0, s1, s0^2, s0 s1, s1^2)
    private static final double[] LO = {0, -1};
    private static final double[] HI = {10, 1};
    private static final double[] THETA = {
        1.0, 0.1, -0.2, 0.3, 0.05, -0.4,   // pixel 0
        0.9, -0.3, 0.25, 0.0, 0.7, 0.2};   // pixel 1

    @Test
    void predictsTheQuadraticFormOfTheScaledLabels() {
        QuadraticSpectralModel m = new QuadraticSpectralModel(LO, HI, 2, THETA);
        double[] x = {7.5, -0.2};
        double s0 = 7.5 / 10 - 0.5;       // 0.25
        double s1 = (-0.2 + 1) / 2 - 0.5; // -0.1
        double[] f = m.predict(x);
        for (int p = 0; p < 2; p++) {
            double[] c = m.coefficients(p);
            double expect = c[0] + c[1] * s0 + c[2] * s1 + c[3] * s0 * s0 + c[4] * s0 * s1 + c[5] * s1 * s1;
            assertEquals(expect, f[p], 1e-15);
        }
        // pixel 0 by hand: 1 + 0.025 + 0.02 + 0.01875 - 0.00125 - 0.004 = 1.0585
        assertEquals(1.0585, f[0], 1e-14);
        assertEquals(6, QuadraticSpectralModel.termCount(2));
        assertEquals(15, QuadraticSpectralModel.termCount(4));
    }

    @Test
    void jacobianEqualsCentralDifferences() {
        QuadraticSpectralModel m = new QuadraticSpectralModel(LO, HI, 2, THETA);
        double[] x = {3.0, 0.4};
        double[] f = new double[2];
        double[] jac = new double[4];
        m.predictWithJacobian(x, f, jac, m.workspace(1));
        assertArrayEquals(m.predict(x), f, 1e-15);
        for (int k = 0; k < 2; k++) {
            double h = 1e-3 * (HI[k] - LO[k]);
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[k] += h;
            xm[k] -= h;
            double[] fp = m.predict(xp);
            double[] fm = m.predict(xm);
            for (int p = 0; p < 2; p++) {
                // central differences are exact for a quadratic up to rounding
                assertEquals((fp[p] - fm[p]) / (2 * h), jac[p * 2 + k], 1e-11);
            }
        }
    }

    @Test
    void npzRoundTripIsDetectedAsQuadratic(@TempDir Path tmp) {
        QuadraticSpectralModel m = new QuadraticSpectralModel(LO, HI, 2, THETA);
        Path f = tmp.resolve("q.npz");
        m.writeNpz(f, NpyArray.DType.FLOAT64);
        PayneNetworks.Loaded l = PayneNetworks.load(f, null);
        assertEquals(PayneNetworks.Family.QUADRATIC, l.family());
        assertEquals(java.util.List.of("label0", "label1"), l.labelNames());
        double[] x = {2.0, 0.9};
        assertArrayEquals(m.predict(x), l.network().predict(x), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PayneNetworks.load(f,
                java.util.List.of(Activation.LINEAR)));
        assertTrue(e.getMessage().contains("quadratic"), e.getMessage());
    }

    @Test
    void refusesAWrongNumberOfTerms(@TempDir Path tmp) {
        Path f = tmp.resolve("bad.npz");
        new NpzWriter().add(QuadraticSpectralModel.THETA, NpyArray.DType.FLOAT64, new int[] {2, 5}, new double[10])
                .add("x_min", NpyArray.DType.FLOAT64, new int[] {2}, LO)
                .add("x_max", NpyArray.DType.FLOAT64, new int[] {2}, HI).write(f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PayneNetworks.load(f, null));
        assertTrue(e.getMessage().contains("quadratic_theta has shape (2, 5); a quadratic model of 2 labels needs "
                + "(pixels, 6)"), e.getMessage());
    }
}
