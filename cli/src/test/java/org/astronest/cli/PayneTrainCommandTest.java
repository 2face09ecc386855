package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.astronest.cli.io.RunDirectory;
import org.astronest.data.SharedData;
import org.astronest.emulators.npz.NpyArray;
import org.astronest.emulators.npz.NpzWriter;
import org.astronest.forwardmodels.payne.PayneNetworks;
import org.astronest.inference.FaultHook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code payne train} end to end on a small synthetic training set whose spectra are a known quadratic function of
 * the labels (so The Cannon's form is exact): the files it writes, {@code payne fit} reading its model, the
 * cross-validation table, the --force / --resume rules, and a kill -9 right after a checkpoint followed by
 * {@code --resume}, which must give the uninterrupted run's model byte for byte.
 */
class PayneTrainCommandTest {

    static final List<String> LABELS = List.of("Teff", "logg", "FeH");
    static final double[] LO = {4300, 1.5, -0.6};
    static final double[] HI = {5300, 3.5, 0.4};
    static final int PIXELS = 30;
    static final double SIGMA = 0.005;

    @TempDir
    Path tmp;

    /** The truth: f_p = 1 - A_p (1 + 0.8 s_Fe + 0.3 s_T - 0.2 s_g + 0.4 s_T s_Fe - 0.3 s_Fe^2), s scaled to [-0.5, 0.5]. */
    static double[] truth(double[] x) {
        double sT = (x[0] - LO[0]) / (HI[0] - LO[0]) - 0.5;
        double sg = (x[1] - LO[1]) / (HI[1] - LO[1]) - 0.5;
        double sF = (x[2] - LO[2]) / (HI[2] - LO[2]) - 0.5;
        double[] f = new double[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            double a = 0.3 * Math.exp(-0.5 * Math.pow((p - 10) / 2.0, 2)) + 0.2 * Math.exp(-0.5 * Math.pow((p - 22)
                    / 1.5, 2));
            f[p] = 1 - a * (1 + 0.8 * sF + 0.3 * sT - 0.2 * sg + 0.4 * sT * sF - 0.3 * sF * sF);
        }
        return f;
    }

    /** labels.csv, spectra.npz (n stars, noise SIGMA) and gradients.csv (exact centred differences at 4800, 2.5, 0). */
    static void writeTrainingSet(Path dir, int n, long seed) throws Exception {
        UniformRandomProvider r = RandomSource.L64_X128_MIX.create(seed);
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(r);
        StringBuilder lab = new StringBuilder("id,Teff,logg,FeH\n");
        double[] flux = new double[n * PIXELS];
        double[] err = new double[n * PIXELS];
        for (int i = 0; i < n; i++) {
            double[] x = new double[3];
            for (int k = 0; k < 3; k++) {
                x[k] = i < 2 ? (i == 0 ? LO[k] : HI[k]) : LO[k] + (HI[k] - LO[k]) * r.nextDouble();
            }
            lab.append(String.format(Locale.ROOT, "s%d,%.10g,%.10g,%.10g%n", i, x[0], x[1], x[2]));
            double[] f = truth(x);
            for (int p = 0; p < PIXELS; p++) {
                flux[i * PIXELS + p] = f[p] + SIGMA * g.sample();
                err[i * PIXELS + p] = SIGMA;
            }
        }
        Files.writeString(dir.resolve("labels.csv"), lab);
        new NpzWriter().add("flux", NpyArray.DType.FLOAT64, new int[] {n, PIXELS}, flux)
                .add("error", NpyArray.DType.FLOAT64, new int[] {n, PIXELS}, err).write(dir.resolve("spectra.npz"));
        double[] ref = {4800, 2.5, 0};
        double[] steps = {200, 0.5, 0.2};
        double[][] grad = new double[3][];
        for (int k = 0; k < 3; k++) {
            double[] xp = ref.clone();
            double[] xm = ref.clone();
            xp[k] += steps[k] / 2;
            xm[k] -= steps[k] / 2;
            double[] fp = truth(xp);
            double[] fm = truth(xm);
            grad[k] = new double[PIXELS];
            for (int p = 0; p < PIXELS; p++) {
                grad[k][p] = fp[p] - fm[p];
            }
        }
        StringBuilder gs = new StringBuilder("pixel,Teff,logg,FeH\n");
        for (int p = 0; p < PIXELS; p++) {
            gs.append(String.format(Locale.ROOT, "%d,%.17g,%.17g,%.17g%n", p, grad[0][p], grad[1][p], grad[2][p]));
        }
        Files.writeString(dir.resolve("gradients.csv"), gs);
    }

    private List<String> trainArgs(String out, String... extra) {
        List<String> a = new ArrayList<>(List.of("payne", "train", "--labels", tmp.resolve("labels.csv").toString(),
                "--spectra", tmp.resolve("spectra.npz").toString(), "--out", tmp.resolve(out).toString()));
        a.addAll(List.of(extra));
        return a;
    }

    @Test
    void quadraticModelIsWrittenAndPayneFitRecoversAHeldOutStar() throws Exception {
        writeTrainingSet(tmp, 150, 3L);
        CliTest.Outcome o = CliTest.run(trainArgs("quad", "--model", "quadratic", "--gradients",
                tmp.resolve("gradients.csv").toString(), "--d-scale", "1", "--quiet").toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        Path dir = tmp.resolve("quad");
        for (String f : List.of("model.npz", "result.json", "gradients.csv")) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        assertFalse(Files.exists(dir.resolve(PayneTrainCommand.CHECKPOINT)));
        assertEquals(PayneNetworks.Family.QUADRATIC, PayneNetworks.load(dir.resolve("model.npz"), null).family());
        JsonNode r = RunDirectory.json().readTree(dir.resolve("result.json").toFile());
        assertEquals("quadratic", r.path("model").asText());
        assertEquals(150, r.path("stars").asInt());
        assertEquals(1.0, r.path("prior").path("dScale").asDouble(), 0.0);
        assertEquals("square", r.path("prior").path("penalty").asText());
        assertEquals(4800, r.path("prior").path("reference").path("Teff").asDouble(), 0.0);
        assertEquals(0, r.path("prior").path("outsideTrainingBox").size(), "4800 K +- 100 K is inside 4300-5300 K");
        // the truth is quadratic, so the learned gradients equal the exact ones up to the noise
        for (String k : LABELS) {
            assertTrue(r.path("gradientCorrelation").path(k).asDouble() > 0.99, k + " " + r.path(
                    "gradientCorrelation"));
        }
        List<String> g = Files.readAllLines(dir.resolve("gradients.csv"));
        assertEquals("pixel,model_Teff,model_logg,model_FeH,abinitio_Teff,abinitio_logg,abinitio_FeH", g.get(0));
        assertEquals(PIXELS + 1, g.size());

        // a held-out star at S/N 200 fitted with the existing payne fit
        double[] x = {4950, 2.8, -0.15};
        double[] f = truth(x);
        UniformRandomProvider rr = RandomSource.L64_X128_MIX.create(99L);
        NormalizedGaussianSampler gs = ZigguratSampler.NormalizedGaussian.of(rr);
        StringBuilder sp = new StringBuilder("flux,error\n");
        for (double v : f) {
            sp.append(String.format(Locale.ROOT, "%.17g,%g%n", v + SIGMA * gs.sample(), SIGMA));
        }
        Path star = Files.writeString(tmp.resolve("star.csv"), sp);
        CliTest.Outcome fit = CliTest.run("payne", "fit", "--network", dir.resolve("model.npz").toString(),
                "--labels", "Teff,logg,FeH", "--no-rv", "--spectrum", star.toString(), "--out",
                tmp.resolve("fit").toString());
        assertEquals(0, fit.code(), fit.err());
        JsonNode fr = RunDirectory.json().readTree(tmp.resolve("fit/result.json").toFile());
        for (int k = 0; k < 3; k++) {
            double v = fr.path("bestFit").path(LABELS.get(k)).asDouble();
            double e = fr.path("bestFitErrors").path(LABELS.get(k)).asDouble();
            assertTrue(Math.abs(v - x[k]) < 3 * e, LABELS.get(k) + ": " + v + " +- " + e + " vs " + x[k]);
        }

        // an existing model is not overwritten silently
        CliTest.Outcome again = CliTest.run(trainArgs("quad", "--model", "quadratic", "--quiet")
                .toArray(String[]::new));
        assertEquals(2, again.code());
        assertTrue(again.err().contains("already holds a trained model (model.npz); pass --force"), again.err());
        CliTest.Outcome forced = CliTest.run(trainArgs("quad", "--model", "quadratic", "--quiet", "--force")
                .toArray(String[]::new));
        assertEquals(0, forced.code(), forced.err());
        JsonNode r2 = RunDirectory.json().readTree(dir.resolve("result.json").toFile());
        assertTrue(r2.path("prior").isMissingNode(), "the forced run had no prior");
    }

    @Test
    void aReferenceOutsideTheTrainingBoxIsWarnedAbout() throws Exception {
        writeTrainingSet(tmp, 60, 8L);
        CliTest.Outcome o = CliTest.run(trainArgs("far", "--model", "quadratic", "--gradients",
                tmp.resolve("gradients.csv").toString(), "--reference", "Teff=5290").toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        // 5290 + 100 K leaves the 4300-5300 K box
        assertTrue(o.err().contains("warning: the gradient prior's points leave the training box in [Teff]"), o.err());
        JsonNode r = RunDirectory.json().readTree(tmp.resolve("far/result.json").toFile());
        assertEquals("Teff", r.path("prior").path("outsideTrainingBox").get(0).asText());
    }

    @Test
    void crossValidationTableHasARowPerDScale() throws Exception {
        writeTrainingSet(tmp, 90, 4L);
        CliTest.Outcome o = CliTest.run(trainArgs("cv", "--model", "quadratic", "--gradients",
                tmp.resolve("gradients.csv").toString(), "--cross-validate", "0,1,10", "--folds", "3")
                .toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("cross-validation: D_scale 10 fold 3 of 3 done (9 of 9"), o.err());
        List<String> rows = Files.readAllLines(tmp.resolve("cv/cross_validation.csv"));
        assertEquals(4, rows.size());
        assertTrue(rows.get(0).startsWith("d_scale,stars,scatter_Teff,scatter_logg,scatter_FeH,bias_Teff"),
                rows.get(0));
        assertTrue(rows.get(1).startsWith("0.0,90,"), rows.get(1));
        JsonNode r = RunDirectory.json().readTree(tmp.resolve("cv/result.json").toFile());
        assertEquals(3, r.path("crossValidation").path("rows").size());
        assertEquals(1.0, r.path("crossValidation").path("rows").get(0).path("ratioToFirst").path("FeH").asDouble(),
                0.0);
    }

    @Test
    void aKillAfterACheckpointResumesToTheUninterruptedModel() throws Exception {
        writeTrainingSet(tmp, 60, 5L);
        String[] common = {"--hidden", "3", "--iterations", "30", "--checkpoint-every", "10", "--threads", "1",
            "--seed", "5", "--quiet", "--gradients", tmp.resolve("gradients.csv").toString()};
        CliTest.Outcome ref = CliTest.run(trainArgs("ref", common).toArray(String[]::new));
        assertEquals(0, ref.code(), ref.err());

        Path killed = tmp.resolve("killed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-D" + FaultHook.PROPERTY + "=payne-train-after-checkpoint",
                "-D" + SharedData.PROPERTY + "=" + SharedData.root(), Main.class.getName()));
        cmd.addAll(trainArgs("killed", common));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log")
                .toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child finished");
        assertEquals(FaultHook.STATUS, p.exitValue(), Files.readString(tmp.resolve("child.log")));
        assertTrue(Files.exists(killed.resolve(PayneTrainCommand.CHECKPOINT)));
        assertFalse(Files.exists(killed.resolve("model.npz")));

        CliTest.Outcome refused = CliTest.run(trainArgs("killed", common).toArray(String[]::new));
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("holds an interrupted training (training_checkpoint.bin); pass --resume"),
                refused.err());
        List<String> resumeArgs = trainArgs("killed", common);
        resumeArgs.add("--resume");
        CliTest.Outcome resumed = CliTest.run(resumeArgs.toArray(String[]::new));
        assertEquals(0, resumed.code(), resumed.err());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("ref/model.npz")), Files.readAllBytes(killed.resolve(
                "model.npz")), "the resumed model equals the uninterrupted one byte for byte");
        JsonNode r = RunDirectory.json().readTree(killed.resolve("result.json").toFile());
        assertEquals(10, r.path("network").path("resumedFromIteration").asInt());
        assertFalse(Files.exists(killed.resolve(PayneTrainCommand.CHECKPOINT)), "checkpoint removed at the end");
    }

    @Test
    void yamlModelEqualsTheCommand() throws Exception {
        writeTrainingSet(tmp, 80, 6L);
        String files = String.format("labels: %s, spectra: %s, gradients: %s", tmp.resolve("labels.csv"),
                tmp.resolve("spectra.npz"), tmp.resolve("gradients.csv"));
        for (String kind : List.of("quadratic", "network")) {
            String extra = kind.equals("network") ? ", hidden: 3, iterations: 20" : "";
            Path cfg = Files.writeString(tmp.resolve(kind + ".yaml"), "seed: 9\nmodel: {type: payne-train, " + files
                    + ", model: " + kind + extra + ", d_scale: 2, reference: {Teff: 4900}, cross_validate: [0, 2], "
                    + "folds: 3}\n");
            CliTest.Outcome y = CliTest.run("run", cfg.toString(), "--out", tmp.resolve("yaml-" + kind).toString());
            assertEquals(0, y.code(), y.err());
            List<String> args = trainArgs("cli-" + kind, "--model", kind, "--gradients",
                    tmp.resolve("gradients.csv").toString(), "--d-scale", "2", "--reference", "Teff=4900",
                    "--cross-validate", "0,2", "--folds", "3", "--seed", "9", "--quiet");
            if (kind.equals("network")) {
                args.addAll(List.of("--hidden", "3", "--iterations", "20"));
            }
            CliTest.Outcome c = CliTest.run(args.toArray(String[]::new));
            assertEquals(0, c.code(), c.err());
            for (String f : List.of("model.npz", "cross_validation.csv", "gradients.csv")) {
                assertArrayEquals(Files.readAllBytes(tmp.resolve("cli-" + kind).resolve(f)),
                        Files.readAllBytes(tmp.resolve("yaml-" + kind).resolve(f)), kind + " " + f);
            }
            JsonNode a = RunDirectory.json().readTree(tmp.resolve("yaml-" + kind + "/result.json").toFile());
            assertEquals(4900, a.path("prior").path("reference").path("Teff").asDouble(), 0.0);
            assertTrue(Files.exists(tmp.resolve("yaml-" + kind + "/config.resolved.yaml")));
        }
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "model: {type: payne-train, " + files
                + ", reference: {Zn: 1}}\n");
        CliTest.Outcome b = CliTest.run("run", bad.toString(), "--out", tmp.resolve("bad").toString());
        assertEquals(2, b.code());
        assertTrue(b.err().contains("bad.yaml: model.reference: unknown label 'Zn'; labels: [Teff, logg, FeH]"),
                b.err());
    }

    /**
     * NumPy reads the trained models, and the layouts' own formulas evaluated in NumPy (binspec's per-pixel sigmoid
     * network: {@code h = sigmoid(W0[p] s + b0[p])}, {@code f = W1[p] . h + b1[p]}; the quadratic label vector of
     * {@link org.astronest.forwardmodels.payne.QuadraticSpectralModel}) give our predictions to 1e-12.
     */
    @Test
    @org.junit.jupiter.api.Tag("python")
    void numpyEvaluatesTheTrainedModelsAsWeDo() throws Exception {
        String python = PythonReaders.require("numpy", "python3-numpy");
        writeTrainingSet(tmp, 60, 7L);
        for (String kind : List.of("network", "quadratic")) {
            List<String> args = trainArgs(kind, "--model", kind, "--quiet");
            if (kind.equals("network")) {
                args.addAll(List.of("--hidden", "4", "--iterations", "15"));
            }
            CliTest.Outcome o = CliTest.run(args.toArray(String[]::new));
            assertEquals(0, o.code(), o.err());
            Path model = tmp.resolve(kind).resolve("model.npz");
            double[] x = {4711, 2.9, -0.33};
            Process p = new ProcessBuilder(python, "-c", String.join("\n",
                    "import sys, numpy as np",
                    "z = np.load(sys.argv[1])",
                    "x = np.array([4711, 2.9, -0.33])",
                    "s = (x - z['x_min']) / (z['x_max'] - z['x_min']) - 0.5",
                    "if 'quadratic_theta' in z:",
                    "    L = len(s); phi = [1.0] + list(s) + [s[k] * s[l] for k in range(L) for l in range(k, L)]",
                    "    f = z['quadratic_theta'] @ np.array(phi)",
                    "else:",
                    "    h = 1 / (1 + np.exp(-(np.einsum('phl,l->ph', z['w_array_0'], s) + z['b_array_0'])))",
                    "    f = np.einsum('ph,ph->p', z['w_array_1'], h) + z['b_array_1']",
                    "print(' '.join(repr(float(v)) for v in f))"), model.toString()).start();
            String out = new String(p.getInputStream().readAllBytes());
            String err = new String(p.getErrorStream().readAllBytes());
            assertEquals(0, p.waitFor(), err);
            String[] t = out.strip().split(" ");
            double[] ours = PayneNetworks.load(model, null).network().predict(x);
            assertEquals(ours.length, t.length);
            for (int i = 0; i < t.length; i++) {
                assertEquals(ours[i], Double.parseDouble(t[i]), 1e-12, kind + " pixel " + i);
            }
        }
    }
}
