package org.astronest.forwardmodels.payne;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectralModelTest {

    @TempDir
    Path tmp;

    @Test
    void dopplerFactorAndNumpyInterpSemantics() {
        // sqrt((1 - v/c)/(1 + v/c)) at v = c/2: sqrt(0.5/1.5) = 1/sqrt(3)
        assertEquals(1 / Math.sqrt(3), Doppler.factor(Doppler.C_KMS / 2), 1e-15);
        assertEquals(1.0, Doppler.factor(0), 0.0);
        // derivative against a central difference
        double h = 1e-3;
        assertEquals((Doppler.factor(30 + h) - Doppler.factor(30 - h)) / (2 * h), Doppler.factorDerivative(30),
                1e-12);
        double[] xp = {0, 1, 2, 4};
        double[] fp = {1, 3, 2, 6};
        double[] x = {-1, 0, 0.5, 1, 3, 4, 5};
        double[] out = new double[x.length];
        double[] slope = new double[x.length];
        // numpy.interp(x, xp, fp) = [1, 1, 2, 3, 4, 6, 6]
        Doppler.interpolate(xp, fp, x, 1, 0, Double.NaN, out, slope);
        assertArrayEquals(new double[] {1, 1, 2, 3, 4, 6, 6}, out, 1e-15);
        assertArrayEquals(new double[] {0, 2, 2, -1, 2, 2, 0}, slope, 1e-15);
        // numpy.interp(x, xp, fp, left=0, right=0) = [0, 1, 2, 3, 4, 6, 0]
        Doppler.interpolate(xp, fp, x, 1, 0, 0.0, out, null);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 6, 0}, out, 1e-15);
        // x * scale + shift: evaluating at x - 1 (a grid shifted by +1)
        Doppler.interpolate(xp, fp, new double[] {1.5, 3.5}, 1, -1, 0.0, out, null);
        assertEquals(2, out[0], 1e-15); // f(0.5) = 1 + 2 * 0.5
        assertEquals(3, out[1], 1e-15); // f(2.5) = 2 + 2 * 0.5
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Doppler.requireIncreasing(new double[] {1, 2, 2}, "grid"));
        assertTrue(e.getMessage().contains("grid must be strictly increasing"), e.getMessage());
    }

    /** A shifted model and its Jacobian (labels and rv) against central differences, and batch vs single. */
    @Test
    void dopplerShiftedModelJacobianAndBatch() {
        SpectralNetwork net = PayneNetworks.load(SharedData.resolve(SpectralNetworkTest.BINSPEC), null).network();
        double[] grid = Spectrum.readVector(SharedData.resolve("payne/binspec_apogee/apogee_wavelength.npz"),
                "wavelength");
        SpectralModel m = new SpectralModel(net, grid, null, true);
        assertEquals(6, m.parameterCount());
        SpectralModel.Scratch s = m.scratch(2);
        double[] theta = {5100, 4.4, -0.2, 0.05, 8, 12.3};
        int n = m.pixelCount();
        double[] f = new double[n];
        double[] jac = new double[n * 6];
        m.modelWithJacobian(theta, f, jac, s);
        double[] g = new double[n];
        m.model(theta, g, s);
        assertArrayEquals(f, g, 0.0);
        // rv = 0 on the model grid gives the network output itself
        double[] rest = net.predict(theta);
        double[] t0 = theta.clone();
        t0[5] = 0;
        m.model(t0, g, s);
        assertArrayEquals(rest, g, 0.0);
        double[] steps = {0.1, 1e-4, 1e-4, 1e-4, 1e-3, 1e-3};
        double[] fp = new double[n];
        double[] fm = new double[n];
        for (int k = 0; k < 6; k++) {
            double[] tp = theta.clone();
            double[] tm = theta.clone();
            tp[k] += steps[k];
            tm[k] -= steps[k];
            m.model(tp, fp, s);
            m.model(tm, fm, s);
            int bad = 0;
            for (int i = 0; i < n; i++) {
                double fd = (fp[i] - fm[i]) / (2 * steps[k]);
                // rv: a central difference straddling a grid node averages two slopes; allow those pixels
                if (Math.abs(fd - jac[i * 6 + k]) > 1e-5 * (1 + Math.abs(fd)) + 1e-6) {
                    bad++;
                }
            }
            assertTrue(bad <= (k == 5 ? n / 50 : 0), "parameter " + k + ": " + bad + " pixels disagree");
        }
        double[] two = new double[12];
        System.arraycopy(theta, 0, two, 0, 6);
        System.arraycopy(t0, 0, two, 6, 6);
        double[] out = new double[2 * n];
        m.modelBatch(two, 2, out, s);
        m.model(theta, g, s);
        for (int i = 0; i < n; i++) {
            assertEquals(g[i], out[i], 0.0);
            assertEquals(rest[i], out[n + i], 0.0);
        }
    }

    @Test
    void chiSquareMasksAndBatch() {
        SpectralNetwork net = PayneNetworks.load(SharedData.resolve(SpectralNetworkTest.TWO_HL), null).network();
        SpectralModel m = new SpectralModel(net, null, null, false);
        double[] truth = net.unscale(new double[] {0.1, -0.2, 0.15, -0.1});
        double[] y = net.predict(truth);
        double[] err = new double[y.length];
        java.util.Arrays.fill(err, 1e-4);
        boolean[] mask = new boolean[y.length];
        mask[3] = true;
        y[3] = 99; // excluded pixel: must not count
        err[5] = Double.NaN; // unusable pixel
        ChiSquareLikelihood like = new ChiSquareLikelihood(m, y, err, mask, Double.POSITIVE_INFINITY);
        assertEquals(y.length - 2, like.goodCount());
        assertEquals(0.0, like.chi2(truth), 1e-20); // noiseless spectrum at the truth
        double[] other = net.unscale(new double[] {0, 0, 0, 0});
        double[][] thetas = new double[40][];
        for (int i = 0; i < thetas.length; i++) {
            thetas[i] = i % 2 == 0 ? truth : other;
        }
        double[] out = new double[40];
        like.logLikelihood(thetas, out);
        for (int i = 0; i < 40; i++) {
            assertEquals(like.logLikelihood(thetas[i]), out[i], 1e-9 * Math.abs(out[i]));
        }
        // ln L normalisation: -sum ln(sqrt(2 pi) sigma) over good pixels
        assertEquals(-(y.length - 2) * Math.log(Math.sqrt(2 * Math.PI) * 1e-4), like.logNormalization(), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ChiSquareLikelihood(m, new double[3], new double[3], null, 1));
        assertTrue(e.getMessage().contains("3 flux values"), e.getMessage());
    }

    /** Per-thread scratch: concurrent evaluations give exactly the sequential values. */
    @Test
    void concurrentEvaluationsEqualSequentialOnes() {
        SpectralNetwork net = PayneNetworks.load(SharedData.resolve(SpectralNetworkTest.BINSPEC), null).network();
        double[] grid = Spectrum.readVector(SharedData.resolve("payne/binspec_apogee/apogee_wavelength.npz"),
                "wavelength");
        Spectrum s = Spectrum.read(SharedData.resolve("payne/binspec_apogee/spectrum_ap_id_2M13012770+5754582_.npz"));
        PayneProblem p = PayneProblem.of(PayneNetworks.load(SharedData.resolve(SpectralNetworkTest.BINSPEC), null), s,
                grid, new PayneProblem.Options(null, null, 0.1, null, null));
        double[][] thetas = new double[48][];
        for (int i = 0; i < thetas.length; i++) {
            double[] x = net.unscale(new double[] {-0.4 + 0.016 * i, 0.1, -0.2 + 0.005 * i, 0.0, 0.3});
            thetas[i] = java.util.Arrays.copyOf(x, 6);
            thetas[i][5] = -20 + i;
        }
        double[] seq = new double[thetas.length];
        for (int i = 0; i < thetas.length; i++) {
            seq[i] = p.logLikelihood(thetas[i]);
        }
        double[] par = java.util.stream.IntStream.range(0, thetas.length).parallel()
                .mapToDouble(i -> p.logLikelihood(thetas[i])).toArray();
        assertArrayEquals(seq, par, 0.0);
    }

    @Test
    void spectrumFilesByColumnNameOrPosition() throws IOException {
        Spectrum a = Spectrum.read(SharedData.resolve("payne/cclya_the_payne_2hl/selfconsistent_spectrum_0.csv"));
        assertEquals(1401, a.size());
        assertEquals(-1400, a.wavelength()[0]);
        assertEquals(0.0029217930471371416, a.flux()[0]); // flux_noisy, first row of the file
        assertEquals(5e-05, a.error()[0], 1e-20);
        Path two = tmp.resolve("two.csv");
        Files.writeString(two, "1.0,0.1\n2.0,0.2\n");
        Spectrum b = Spectrum.read(two);
        assertNull(b.wavelength());
        assertArrayEquals(new double[] {1, 2}, b.flux());
        Path masked = tmp.resolve("m.csv");
        Files.writeString(masked, "wave,flux,err,mask\n1,1,0.1,0\n2,2,0.1,1\n");
        assertArrayEquals(new boolean[] {false, true}, Spectrum.read(masked).mask());
        Path bad = tmp.resolve("bad.csv");
        Files.writeString(bad, "wavelength,flux,error\n1,x,0.1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Spectrum.read(bad));
        assertTrue(e.getMessage().contains("bad.csv line 2: not a number: 'x'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Spectrum.read(SharedData.resolve(
                "payne/binspec_apogee/binspec_model_5800_4.44_0_0_5_10.csv")));
        assertTrue(e.getMessage().contains("needs a flux column") && e.getMessage().contains("an error column"),
                e.getMessage()); // wavelength_A, normalized_flux: no error column
        Spectrum ap = Spectrum.read(SharedData.resolve("payne/binspec_apogee/spectrum_ap_id_2M13012770+5754582_.npz"));
        assertEquals(7214, ap.size());
        e = assertThrows(IllegalArgumentException.class, () -> Spectrum.read(
                SharedData.resolve("payne/binspec_apogee/visit_spectra_ap_id_2M06133561+2433362_.npz")));
        assertTrue(e.getMessage().contains("expected one 1-D spectrum"), e.getMessage());
    }
}
