package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.astronest.cli.io.RunDirectory;
import org.astronest.data.SharedData;
import org.astronest.emulators.npz.NpyArray;
import org.astronest.emulators.npz.NpzWriter;
import org.astronest.forwardmodels.payne.PayneNetworks;
import org.astronest.forwardmodels.payne.SpectralNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24's second acceptance test: {@code payne train} learns a shared Payne-family network from its own spectra.
 * The shared binspec APOGEE network (per-pixel sigmoid networks of El-Badry et al. 2018, The Payne's family; labels
 * Teff, logg, [Fe/H], [Mg/Fe], vmacro) is evaluated at 1000 random labels uniform in its scaling box, on every 60th
 * of its 7214 pixels (121 pixels, to keep the test affordable), with Gaussian noise of 0.01 (S/N 100). The trained
 * network (10 sigmoid units per pixel, 1000 L-BFGS iterations) must
 * <ul>
 *   <li>reproduce 30 held-out noiseless spectra to within the noise: rms(model - truth) &lt; sigma/2, so that the
 *       model adds less than a quarter of the noise variance;</li>
 *   <li>let the existing {@code payne fit} recover the labels of 10 held-out noisy spectra within their errors:
 *       every |pull| &lt; 4 (false-alarm rate 0.3% for 50 normal pulls) and the rms pull &lt; 1.5 (50 normal pulls:
 *       rms above 1.5 has a probability below 1e-6).</li>
 * </ul>
 */
@Tag("slow")
class PayneTrainReproductionTest {

    static final long SEED = Long.getLong("astronest.test.seed", 11L);
    static final int STRIDE = 60;
    static final double SIGMA = 0.01;
    static final List<String> LABELS = List.of("Teff", "logg", "FeH", "MgFe", "vmacro");

    @TempDir
    Path tmp;

    @Test
    void learnsTheSharedNetworkAndPayneFitRecoversHeldOutLabels() throws Exception {
        SpectralNetwork shared = PayneNetworks.load(SharedData.resolve(
                "payne/binspec_apogee/NN_normalized_spectra.npz"), null).network();
        int nl = shared.labelCount();
        int[] pix = java.util.stream.IntStream.iterate(0, p -> p < shared.pixelCount(), p -> p + STRIDE).toArray();
        int np = pix.length;
        double[] lo = shared.xMin();
        double[] hi = shared.xMax();
        UniformRandomProvider r = RandomSource.L64_X128_MIX.create(SEED);
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(r);
        int n = 1000;
        StringBuilder lab = new StringBuilder(String.join(",", LABELS)).append('\n');
        double[] flux = new double[n * np];
        double[] ivar = new double[n * np];
        for (int i = 0; i < n; i++) {
            double[] x = new double[nl];
            for (int k = 0; k < nl; k++) {
                x[k] = lo[k] + (hi[k] - lo[k]) * r.nextDouble();
                lab.append(k > 0 ? "," : "").append(String.format(Locale.ROOT, "%.17g", x[k]));
            }
            lab.append('\n');
            double[] f = shared.predict(x);
            for (int q = 0; q < np; q++) {
                flux[i * np + q] = f[pix[q]] + SIGMA * g.sample();
                ivar[i * np + q] = 1 / (SIGMA * SIGMA);
            }
        }
        Files.writeString(tmp.resolve("labels.csv"), lab);
        new NpzWriter().add("flux", NpyArray.DType.FLOAT64, new int[] {n, np}, flux)
                .add("ivar", NpyArray.DType.FLOAT64, new int[] {n, np}, ivar).write(tmp.resolve("spectra.npz"));
        Path dir = tmp.resolve("model");
        long t0 = System.nanoTime();
        CliTest.Outcome o = CliTest.run("payne", "train", "--labels", tmp.resolve("labels.csv").toString(),
                "--spectra", tmp.resolve("spectra.npz").toString(), "--hidden", "10", "--iterations", "1000",
                "--seed", Long.toString(SEED), "--quiet", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        double secs = (System.nanoTime() - t0) * 1e-9;
        SpectralNetwork trained = PayneNetworks.load(dir.resolve("model.npz"), null).network();

        // held-out labels inside the inner 90% of the box (fits then stay off its edges)
        double ss = 0;
        int values = 0;
        double[][] held = new double[30][];
        for (int i = 0; i < held.length; i++) {
            held[i] = new double[nl];
            for (int k = 0; k < nl; k++) {
                held[i][k] = lo[k] + (hi[k] - lo[k]) * (0.05 + 0.9 * r.nextDouble());
            }
            double[] a = shared.predict(held[i]);
            double[] b = trained.predict(held[i]);
            for (int q = 0; q < np; q++) {
                ss += (a[pix[q]] - b[q]) * (a[pix[q]] - b[q]);
                values++;
            }
        }
        double rms = Math.sqrt(ss / values);

        double pullSq = 0;
        double maxPull = 0;
        int pulls = 0;
        for (int i = 0; i < 10; i++) {
            double[] a = shared.predict(held[i]);
            StringBuilder sp = new StringBuilder("flux,error\n");
            for (int q = 0; q < np; q++) {
                sp.append(String.format(Locale.ROOT, "%.17g,%s%n", a[pix[q]] + SIGMA * g.sample(), SIGMA));
            }
            Path star = Files.writeString(tmp.resolve("star" + i + ".csv"), sp);
            Path fit = tmp.resolve("fit" + i);
            CliTest.Outcome f = CliTest.run("payne", "fit", "--network", dir.resolve("model.npz").toString(),
                    "--labels", String.join(",", LABELS), "--no-rv", "--spectrum", star.toString(), "--out",
                    fit.toString());
            assertEquals(0, f.code(), f.err());
            JsonNode res = RunDirectory.json().readTree(fit.resolve("result.json").toFile());
            for (int k = 0; k < nl; k++) {
                double v = res.path("bestFit").path(LABELS.get(k)).asDouble();
                double e = res.path("bestFitErrors").path(LABELS.get(k)).asDouble();
                double pull = (v - held[i][k]) / e;
                pullSq += pull * pull;
                maxPull = Math.max(maxPull, Math.abs(pull));
                pulls++;
            }
        }
        double rmsPull = Math.sqrt(pullSq / pulls);
        JsonNode tr = RunDirectory.json().readTree(dir.resolve("result.json").toFile());
        System.out.printf("binspec reproduction (seed %d, %d pixels): training %.1f s, chi2/value train %.4f valid "
                + "%.4f; held-out rms(model - truth) = %.4g (sigma %.3g, ratio %.3f); payne fit pulls: rms %.3f, "
                + "max %.2f over %d%n", SEED, np, secs, tr.path("network").path("trainChi2PerValue").asDouble(),
                tr.path("network").path("validChi2PerValue").asDouble(), rms, SIGMA, rms / SIGMA, rmsPull, maxPull,
                pulls);
        assertTrue(rms < SIGMA / 2, "rms(model - truth) " + rms);
        assertTrue(maxPull < 4, "max |pull| " + maxPull);
        assertTrue(rmsPull < 1.5, "rms pull " + rmsPull);
    }
}
