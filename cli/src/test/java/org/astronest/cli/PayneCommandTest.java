package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.cli.io.RunDirectory;
import org.astronest.data.SharedData;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Provenance;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.Rngs;
import org.astronest.inference.Sampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PayneCommandTest {

    @TempDir
    Path tmp;

    static String shared(String rel) {
        return SharedData.resolve("payne/" + rel).toString();
    }

    static final String NET = "cclya_the_payne_2hl/NN_normalized_spectra_smallbatch_v2.npz";
    static final String SPEC = "cclya_the_payne_2hl/selfconsistent_spectrum_1.csv";

    private static int run(StringWriter out, StringWriter err, String... args) {
        return Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    }

    /** Optimizer run: result.json keys and the reference chi2 (payne_architecture_reference.json chi2_tight). */
    @Test
    void optimizeWritesBestFitAndModelSpectrum() throws Exception {
        Path dir = tmp.resolve("opt");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = run(out, err, "payne", "fit", "--network", shared(NET), "--spectrum", shared(SPEC), "--out",
                dir.toString());
        assertEquals(0, rc, err.toString());
        JsonNode r = RunDirectory.json().readTree(dir.resolve("result.json").toFile());
        assertEquals("optimize", r.path("method").asText());
        assertEquals(List.of("sigma_int", "N_HI", "v_exp", "T"), names(r.path("bestFit")));
        assertEquals(names(r.path("bestFit")), names(r.path("bestFitErrors")));
        assertEquals(1421.093860045584, r.path("chi2").asDouble(), 1e-6 * 1421); // chi2_tight of spectrum 1
        assertEquals(1401, r.path("goodPixels").asInt());
        List<String> lines = Files.readAllLines(dir.resolve("model_spectrum.csv"));
        assertEquals("wavelength,flux,error,model,mask", lines.get(0));
        assertEquals(1402, lines.size());
        assertTrue(lines.get(1).startsWith("-1400.0,"), lines.get(1));
    }

    /**
     * Posterior wiring with a stand-in sampler (importance sampling from a Gaussian around the optimizer's best fit;
     * the real samplers are wired through SamplerFactory). With flat priors and a near-Gaussian likelihood
     * {@code ln L = -chi2/2}, the posterior median must equal the best fit and the posterior sd the best-fit error
     * (the covariance (J^T W J)^-1), within the Monte Carlo error from the run's own effective sample size.
     */
    @Test
    void posteriorMethodsGoThroughTheSamplerInterface() throws Exception {
        Path opt = tmp.resolve("opt");
        assertEquals(0, run(new StringWriter(), new StringWriter(), "payne", "fit", "--network", shared(NET),
                "--spectrum", shared(SPEC), "--out", opt.toString()));
        JsonNode o = RunDirectory.json().readTree(opt.resolve("result.json").toFile());
        List<String> names = names(o.path("bestFit"));
        double[] mu = new double[names.size()];
        double[] sd = new double[names.size()];
        for (int k = 0; k < mu.length; k++) {
            mu[k] = o.path("bestFit").path(names.get(k)).asDouble();
            sd[k] = o.path("bestFitErrors").path(names.get(k)).asDouble();
        }
        List<String> asked = new ArrayList<>();
        PayneCommand.Fit fit = new PayneCommand.Fit(type -> {
            asked.add(type);
            return new GaussianImportanceSampler(mu, sd, 2.0, 4000);
        });
        Path dir = tmp.resolve("post");
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(fit);
        cl.setOut(new PrintWriter(out));
        int rc = cl.execute("--network", shared(NET), "--spectrum", shared(SPEC), "--method", "nested", "--seed", "7",
                "--out", dir.toString());
        assertEquals(0, rc, out.toString());
        assertEquals(List.of("nested"), asked);
        JsonNode r = RunDirectory.json().readTree(dir.resolve("result.json").toFile());
        assertEquals("nested", r.path("method").asText());
        assertEquals("importance-standin", r.path("sampler").asText());
        assertEquals(7, r.path("seed").asLong());
        assertTrue(r.has("bestFit") && r.has("bestFitErrors") && r.has("chi2"));
        assertTrue(Files.isRegularFile(dir.resolve("samples.csv")));
        assertTrue(Files.isRegularFile(dir.resolve("model_spectrum.csv")));
        double ess = r.path("effectiveSampleSize").asDouble();
        assertTrue(ess > 300, "ESS " + ess);
        JsonNode ps = r.path("parameters");
        assertEquals(4, ps.size());
        for (int k = 0; k < 4; k++) {
            JsonNode p = ps.get(k);
            assertEquals(names.get(k), p.path("name").asText());
            // MC errors: median ~1.25 sd/sqrt(ESS), sd ~ sd/sqrt(2 ESS); 4 sigma, plus 5% for non-Gaussianity
            assertEquals(mu[k], p.path("q50").asDouble(), 4 * 1.25 * sd[k] / Math.sqrt(ess) + 0.05 * sd[k],
                    names.get(k) + " median");
            assertEquals(sd[k], p.path("sd").asDouble(), 4 * sd[k] / Math.sqrt(2 * ess) + 0.05 * sd[k],
                    names.get(k) + " sd");
        }
    }

    /** The bench prints one JSON object with the fit's chi2 (payne_architecture_reference.json chi2_tight). */
    @Test
    void benchPrintsJson() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = run(out, err, "payne", "bench", "--repeat", "1", "--warmup", "0", "--network", shared(NET),
                "--spectrum", shared(SPEC));
        assertEquals(0, rc, err.toString());
        JsonNode j = RunDirectory.json().readTree(out.toString());
        assertEquals(1421.093860045584, j.path("chi2").asDouble(), 1e-6 * 1421);
        for (String k : List.of("medianCpuSecondsPerFit", "evaluationsPerFit", "likelihoodCpuSecondsPerCall",
                "batchedLikelihoodCpuSecondsPerTheta", "residualsAndJacobianCpuSeconds")) {
            assertTrue(j.path(k).isNumber(), k + " in " + j);
        }
    }

    @Test
    void badInputGivesOneLineErrors() {
        StringWriter err = new StringWriter();
        int rc = run(new StringWriter(), err, "payne", "fit", "--network", shared(NET), "--spectrum", shared(SPEC),
                "--method", "annealing", "--out", tmp.resolve("x").toString());
        assertEquals(2, rc);
        assertTrue(err.toString().startsWith("error: --method must be optimize, nested or ensemble, got 'annealing'"),
                err.toString());
        err = new StringWriter();
        rc = run(new StringWriter(), err, "payne", "fit", "--network", tmp.resolve("none.npz").toString(),
                "--spectrum", shared(SPEC), "--out", tmp.resolve("x").toString());
        assertEquals(2, rc);
        assertTrue(err.toString().startsWith("error: no such .npz file: "), err.toString());
        err = new StringWriter();
        rc = run(new StringWriter(), err, "payne", "fit", "--network",
                shared("binspec_apogee/NN_normalized_spectra.npz"), "--spectrum",
                shared("binspec_apogee/spectrum_ap_id_2M13012770+5754582_.npz"), "--out", tmp.resolve("x").toString());
        assertEquals(2, rc);
        assertTrue(err.toString().contains("needs the network's wavelength grid (--wavelength NPZ)"), err.toString());
    }

    private static List<String> names(JsonNode o) {
        List<String> l = new ArrayList<>();
        o.fieldNames().forEachRemaining(l::add);
        return l;
    }

    /** Test stand-in: importance sampling with an independent Gaussian proposal (widths inflated by a factor). */
    static final class GaussianImportanceSampler implements Sampler {
        private final double[] mu;
        private final double[] sd;
        private final double inflate;
        private final int n;

        GaussianImportanceSampler(double[] mu, double[] sd, double inflate, int n) {
            this.mu = mu;
            this.sd = sd;
            this.inflate = inflate;
            this.n = n;
        }

        @Override
        public RunResult run(InferenceProblem problem, UniformRandomProvider rng, RunListener listener) {
            long t0 = System.nanoTime();
            int d = problem.dimension();
            List<double[]> thetas = new ArrayList<>();
            List<Double> logq = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double[] x = new double[d];
                double lq = 0;
                for (int k = 0; k < d; k++) {
                    double z = gaussian(rng);
                    x[k] = mu[k] + inflate * sd[k] * z;
                    lq += -0.5 * z * z;
                }
                double[] theta = problem.expand(x);
                if (problem.logPrior(theta) == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                thetas.add(theta);
                logq.add(lq);
            }
            double[][] th = thetas.toArray(new double[0][]);
            double[] ll = new double[th.length];
            problem.logLikelihood(th, ll);
            double[] lw = new double[th.length];
            for (int i = 0; i < th.length; i++) {
                lw[i] = problem.logPrior(th[i]) + ll[i] - logq.get(i);
            }
            double wall = (System.nanoTime() - t0) * 1e-9;
            return RunResult.builder(name(), problem.samples(th, lw, ll)).likelihoodCalls(th.length).wallSeconds(wall)
                    .provenance(Provenance.of(Rngs.seedOf(rng), name(), Map.of("n", n), Instant.now().toString(),
                            wall))
                    .build();
        }

        private static double gaussian(UniformRandomProvider rng) {
            double u1 = 1 - rng.nextDouble();
            double u2 = rng.nextDouble();
            return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        }

        @Override
        public String name() {
            return "importance-standin";
        }
    }
}
