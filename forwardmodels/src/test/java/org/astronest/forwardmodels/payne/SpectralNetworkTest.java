package org.astronest.forwardmodels.payne;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;

class SpectralNetworkTest {

    static final String TWO_HL = "payne/cclya_the_payne_2hl/NN_normalized_spectra_smallbatch_v2.npz";
    static final String CCLYA = "payne/cclya_payne_v1.1/cclya_neuralnetwork.npz";
    static final String BINSPEC = "payne/binspec_apogee/NN_normalized_spectra.npz";

    static JsonNode json(String rel) throws IOException {
        return new ObjectMapper().readTree(SharedData.resolve(rel).toFile());
    }

    static double[] doubles(JsonNode a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).asDouble();
        }
        return d;
    }

    /**
     * The 1e-12 relative tolerance, taken relative to the spectrum's scale: |got_i - want_i| <= tol *
     * max_j |want_j| for every pixel. An element-wise relative test cannot hold for pixels whose value comes from
     * cancellation (e.g. -5.9e-10 from 300 terms of size ~1e-3): there the fixture's own float64 rounding, in NumPy's
     * BLAS summation order, is ~1e-19 absolute, i.e. ~1e-10 relative to the pixel. Returns the largest
     * scale-relative error.
     */
    static double assertRelative(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what + ": length");
        double scale = 0;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            double rel = Math.abs(got[i] - want[i]) / scale;
            worst = Math.max(worst, rel);
            if (!(rel <= tol)) {
                throw new AssertionError(what + " pixel " + i + ": expected " + want[i] + ", got " + got[i]
                        + " (error " + rel + " of max |f| = " + scale + ", tolerance " + tol + ")");
            }
        }
        System.out.printf(java.util.Locale.ROOT, "%s: max |diff| / max|f| = %.3g%n", what, worst);
        return worst;
    }

    @Test
    void thePayneTwoLayerMatchesFixtures() throws IOException {
        PayneNetworks.Loaded l = PayneNetworks.load(SharedData.resolve(TWO_HL), null);
        assertEquals(PayneNetworks.Family.CCLYA_2HL, l.family());
        assertEquals(List.of(Activation.LEAKY_RELU, Activation.LEAKY_RELU, Activation.LINEAR),
                ((DenseSpectralNetwork) l.network()).activations());
        // columns flux_train0, flux_train100, flux_train200, flux_center in the order of the labels in
        // payne_architecture_reference.json the_payne_2hl_network.forward_fixtures
        double[][] cols = columns(SharedData.resolve(
                "payne/cclya_the_payne_2hl/forward_fixture_train0_train100_train200_center.csv"));
        JsonNode fx = json("payne/payne_architecture_reference.json").path("the_payne_2hl_network")
                .path("forward_fixtures");
        assertEquals(4, fx.size());
        for (int i = 0; i < 4; i++) {
            double[] labels = doubles(fx.get(i).path("labels"));
            double[] f = l.network().predict(labels);
            assertRelative(cols[i + 1], f, 1e-12, "2HL fixture " + i);
            double[] s = l.network().scale(labels);
            org.junit.jupiter.api.Assertions.assertArrayEquals(doubles(fx.get(i).path("scaled")), s, 1e-15,
                    "scaled labels " + i);
        }
    }

    @Test
    void cclyaV11MatchesFixtures() throws IOException {
        PayneNetworks.Loaded l = PayneNetworks.load(SharedData.resolve(CCLYA), null);
        assertEquals(PayneNetworks.Family.CCLYA_V11, l.family());
        assertEquals(List.of("sigma_int", "logN_HI", "v_exp", "logT"), l.labelNames());
        assertEquals(List.of(Activation.LEAKY_RELU, Activation.LEAKY_RELU, Activation.SIGMOID, Activation.LINEAR),
                ((DenseSpectralNetwork) l.network()).activations());
        JsonNode fx = json("payne/cclya_payne_v1.1/reproduction.json").path("forward_fixtures");
        List<Path> files;
        try (Stream<Path> s = Files.list(SharedData.resolve("payne/cclya_payne_v1.1"))) {
            files = s.filter(p -> p.getFileName().toString().startsWith("forward_fixture_")).sorted().toList();
        }
        assertEquals(3, files.size());
        int matched = 0;
        for (JsonNode f : fx) {
            double[] labels = doubles(f.path("labels"));
            for (Path p : files) {
                // file names carry the labels to 6 significant digits, e.g. forward_fixture_30_19.8_20_4.2.csv
                String[] parts = p.getFileName().toString().replace("forward_fixture_", "").replace(".csv", "")
                        .split("_");
                boolean same = true;
                for (int k = 0; k < 4; k++) {
                    same &= Math.abs(Double.parseDouble(parts[k]) - labels[k]) <= 1e-5 * Math.abs(labels[k]);
                }
                if (same) {
                    double[] want = columns(p)[1];
                    assertRelative(want, l.network().predict(labels), 1e-12, p.getFileName().toString());
                    matched++;
                }
            }
        }
        assertEquals(3, matched);
    }

    @Test
    void binspecMatchesFixture() throws IOException {
        PayneNetworks.Loaded l = PayneNetworks.load(SharedData.resolve(BINSPEC), null);
        assertEquals(PayneNetworks.Family.BINSPEC_NORMALIZED, l.family());
        assertEquals(7214, l.network().pixelCount());
        double[][] c = columns(SharedData.resolve("payne/binspec_apogee/forward_fixture_norm_5800_4.44_0_0_5.csv"));
        // labels in the file name: Teff 5800, logg 4.44, [Fe/H] 0, [Mg/Fe] 0, vmacro 5
        assertRelative(c[1], l.network().predict(new double[] {5800, 4.44, 0, 0, 5}), 1e-12, "binspec fixture");
    }

    @Test
    void batchEqualsSingleAndJacobianMatchesFiniteDifferences() {
        for (String rel : new String[] {TWO_HL, CCLYA, BINSPEC}) {
            SpectralNetwork n = PayneNetworks.load(SharedData.resolve(rel), null).network();
            int nl = n.labelCount();
            int np = n.pixelCount();
            double[] lo = n.xMin();
            double[] hi = n.xMax();
            int batch = 3;
            double[] xs = new double[batch * nl];
            for (int i = 0; i < batch; i++) {
                for (int k = 0; k < nl; k++) {
                    xs[i * nl + k] = lo[k] + (0.2 + 0.3 * i + 0.05 * k) * (hi[k] - lo[k]);
                }
            }
            SpectralNetwork.Workspace ws = n.workspace(batch);
            double[] out = new double[batch * np];
            n.predictBatch(xs, batch, out, ws);
            for (int i = 0; i < batch; i++) {
                double[] x = java.util.Arrays.copyOfRange(xs, i * nl, (i + 1) * nl);
                double[] single = n.predict(x);
                for (int p = 0; p < np; p++) {
                    assertEquals(single[p], out[i * np + p], 0.0, rel + " batch vs single");
                }
                // analytic Jacobian vs central differences (h = 1e-6 of the label range; error O(h^2))
                double[] f = new double[np];
                double[] jac = new double[np * nl];
                n.predictWithJacobian(x, f, jac, ws);
                for (int p = 0; p < np; p++) {
                    assertEquals(single[p], f[p], 1e-15 * Math.max(1, Math.abs(f[p])));
                }
                double scale = 0;
                for (double v : f) {
                    scale = Math.max(scale, Math.abs(v));
                }
                for (int k = 0; k < nl; k++) {
                    double h = 1e-6 * (hi[k] - lo[k]);
                    double[] xp = x.clone();
                    double[] xm = x.clone();
                    xp[k] += h;
                    xm[k] -= h;
                    double[] fp = n.predict(xp);
                    double[] fm = n.predict(xm);
                    for (int p = 0; p < np; p++) {
                        double fd = (fp[p] - fm[p]) / (2 * h) * (hi[k] - lo[k]);
                        double an = jac[p * nl + k] * (hi[k] - lo[k]);
                        assertEquals(fd, an, 1e-6 * Math.max(scale, 1e-3), rel + " d f[" + p + "]/d x" + k);
                    }
                }
            }
        }
    }

    @Test
    void rejectsNonNetworksAndWrongWorkspaces() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PayneNetworks.load(
                SharedData.resolve("payne/binspec_apogee/apogee_wavelength.npz"), null));
        assertTrue(e.getMessage().contains("not a Payne-style network"), e.getMessage());
        SpectralNetwork a = PayneNetworks.load(SharedData.resolve(TWO_HL), null).network();
        SpectralNetwork b = PayneNetworks.load(SharedData.resolve(BINSPEC), null).network();
        e = assertThrows(IllegalArgumentException.class,
                () -> a.predict(new double[4], new double[a.pixelCount()], b.workspace(1)));
        assertTrue(e.getMessage().contains("workspace"), e.getMessage());
    }

    /** Numeric CSV columns (header skipped). */
    static double[][] columns(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f);
        int nc = lines.get(0).split(",").length;
        int nr = lines.size() - 1;
        double[][] c = new double[nc][nr];
        for (int r = 0; r < nr; r++) {
            String[] p = lines.get(r + 1).split(",");
            for (int j = 0; j < nc; j++) {
                c[j][r] = Double.parseDouble(p[j]);
            }
        }
        return c;
    }
}
