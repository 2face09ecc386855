package org.astronest.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.cli.io.Csv;
import org.astronest.cli.io.RunDirectory;
import org.astronest.forwardmodels.payne.Activation;
import org.astronest.forwardmodels.payne.LabelFitter;
import org.astronest.forwardmodels.payne.PayneNetworks;
import org.astronest.forwardmodels.payne.PayneProblem;
import org.astronest.forwardmodels.payne.Spectrum;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.Sampler;
import org.astronest.priors.PriorSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code astronest payne fit|bench|train}: stellar labels from a spectrum with a Payne-family network, and the training
 * of per-pixel models ({@link PayneTrainCommand}) (docs/payne.md).
 */
@Command(name = "payne", mixinStandardHelpOptions = true,
        description = "Fit labels of a spectrum with a Payne-family neural network (The Payne, binspec, CCLya), or "
                + "train a per-pixel model.",
        subcommands = {PayneCommand.Fit.class, PayneCommand.Bench.class, PayneTrainCommand.class})
public final class PayneCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new Main.UsageException("give a subcommand: fit, bench or train (see 'astronest payne --help')");
    }

    /** Options shared by fit and bench: the network, the spectrum and how they are compared. */
    static final class ModelOptions {
        @Option(names = "--network", required = true, paramLabel = "NPZ", description = "Network file (.npz).")
        Path network;

        @Option(names = "--spectrum", required = true, paramLabel = "FILE",
                description = "Observed spectrum: CSV (wavelength?, flux, error[, mask]) or NPZ (spectrum, spec_err).")
        Path spectrum;

        @Option(names = "--wavelength", paramLabel = "NPZ",
                description = "The network's wavelength (or velocity) grid; needed for a radial velocity.")
        Path wavelength;

        @Option(names = "--mask", paramLabel = "NPZ",
                description = "Boolean pixel mask of the observed pixels, true = excluded (The Payne's apogee_mask).")
        Path mask;

        @Option(names = "--max-error", paramLabel = "E",
                description = "Leave out pixels with error >= E (APOGEE flags bad pixels with huge errors). "
                        + "Default: keep all with finite positive errors.")
        Double maxError;

        @Option(names = "--rv", negatable = true,
                description = "Fit a radial velocity (default: yes for stellar networks, no for CCLya).")
        Boolean rv;

        @Option(names = "--rv-range", paramLabel = "MIN,MAX", split = ",",
                description = "Velocity box in km/s (default -500,500; CCLya v_lya -100,100).")
        double[] rvRange;

        @Option(names = "--labels", paramLabel = "NAME", split = ",",
                description = "Label names, comma-separated (default per network family).")
        List<String> labels;

        @Option(names = "--activations", paramLabel = "ACT", split = ",",
                description = "Dense layer activations (lrelu, sigmoid, linear); default detected from the file.")
        List<String> activations;

        @Option(names = "--likelihood", paramLabel = "KIND",
                description = "auto (default), chi2, or cclya (velocity shift, unit sum, analytic amplitude).")
        String likelihood = "auto";

        @Option(names = "--prior", paramLabel = "FILE",
                description = "Uniform prior boxes 'name_min: v' / 'name_max: v' (CCLya prior.txt format); other "
                        + "parameters keep the network box / velocity range.")
        Path priorFile;

        @Option(names = "--optimizer", paramLabel = "LM",
                description = "Levenberg-Marquardt implementation: hipparchus (default) or nielsen.")
        String optimizer = "hipparchus";

        LabelFitter fitter() {
            LabelFitter.Algorithm a = switch (optimizer.toLowerCase(Locale.ROOT)) {
                case "hipparchus" -> LabelFitter.Algorithm.HIPPARCHUS;
                case "nielsen" -> LabelFitter.Algorithm.NIELSEN;
                default -> throw new Main.UsageException("--optimizer must be hipparchus or nielsen, got '"
                        + optimizer + "'");
            };
            return new LabelFitter(LabelFitter.Options.defaults().withAlgorithm(a));
        }

        /** The box {lower, upper}: the problem's, narrowed or widened by --prior. */
        double[][] box(PayneProblem p) throws IOException {
            double[] lo = p.lower();
            double[] hi = p.upper();
            if (priorFile != null) {
                applyPriorFile(priorFile, p.parameterNames(), lo, hi);
            }
            return new double[][] {lo, hi};
        }

        PayneProblem problem() {
            List<Activation> acts = null;
            if (activations != null) {
                acts = new ArrayList<>();
                for (String a : activations) {
                    acts.add(Activation.parse(a));
                }
            }
            Boolean cclya = switch (likelihood.toLowerCase(Locale.ROOT)) {
                case "auto" -> null;
                case "chi2" -> Boolean.FALSE;
                case "cclya" -> Boolean.TRUE;
                default -> throw new Main.UsageException("--likelihood must be auto, chi2 or cclya, got '"
                        + likelihood + "'");
            };
            if (maxError != null && !(maxError > 0)) {
                throw new Main.UsageException("--max-error must be > 0, got " + maxError);
            }
            PayneProblem.Options o = new PayneProblem.Options(rv, rvRange,
                    maxError == null ? Double.POSITIVE_INFINITY : maxError, labels, cclya);
            return PayneCommand.problem(network, acts, spectrum, mask, "--mask " + mask, wavelength, o);
        }
    }

    /**
     * The fit problem of a network file (activations detected when null), a spectrum file, an optional pixel mask
     * ({@code maskWhat} names it in messages) and an optional wavelength grid: shared by {@code payne fit} and the
     * {@code payne} model of a run config.
     */
    static PayneProblem problem(Path network, List<Activation> activations, Path spectrum, Path mask, String maskWhat,
                                Path wavelength, PayneProblem.Options options) {
        PayneNetworks.Loaded net = PayneNetworks.load(network, activations);
        Spectrum s = Spectrum.read(spectrum);
        if (mask != null) {
            s = s.withMask(Spectrum.readMask(mask), maskWhat);
        }
        double[] grid = wavelength == null ? null : Spectrum.readVector(wavelength, "wavelength", "wave");
        return PayneProblem.of(net, s, grid, options);
    }

    /** {@code payne fit}. */
    @Command(name = "fit", mixinStandardHelpOptions = true,
            description = "Best fit (Levenberg-Marquardt) and, with --method nested|ensemble, the posterior.")
    public static final class Fit implements Callable<Integer> {

        @Mixin
        ModelOptions model = new ModelOptions();

        @Option(names = "--method", paramLabel = "M", description = "optimize (default), nested or ensemble.")
        String method = "optimize";

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run directory.")
        Path out;

        @Mixin
        SamplerFlags flags = new SamplerFlags();

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        private final Function<String, Sampler> samplers;

        public Fit() {
            this(null);
        }

        /** With a sampler source replacing {@link SamplerFactory} (tests use a stand-in sampler). */
        Fit(Function<String, Sampler> samplers) {
            this.samplers = samplers;
        }

        @Override
        public Integer call() throws IOException {
            PrintWriter w = spec.commandLine().getOut();
            String m = method.toLowerCase(Locale.ROOT);
            if (!List.of("optimize", "nested", "ensemble").contains(m)) {
                throw new Main.UsageException("--method must be optimize, nested or ensemble, got '" + method + "'");
            }
            // the sampler first, so that an unavailable sampler fails before any work
            Sampler sampler = m.equals("optimize") ? null : samplers != null ? samplers.apply(m)
                    : SamplerFactory.create(m, flags, Map.of(), out);
            RunOutput.claim(out, flags);
            PayneProblem p = model.problem();
            List<String> names = p.parameterNames();
            double[][] box = model.box(p);
            double[] lo = box[0];
            double[] hi = box[1];
            long t0 = System.nanoTime();
            LabelFitter.Result fit = p.fit(model.fitter(), lo, hi);
            double fitSeconds = (System.nanoTime() - t0) * 1e-9;
            w.printf(Locale.ROOT, "best fit (%s, %d pixels, %d evaluations, %.3f s): chi2 = %.4f%n",
                    p.network().family(), p.goodCount(), fit.evaluations(), fitSeconds, fit.chi2());
            for (int k = 0; k < names.size(); k++) {
                w.printf(Locale.ROOT, "  %-10s %14.6g +- %-12.4g%s%n", names.get(k), fit.theta()[k], fit.errors()[k],
                        fit.atBound()[k] ? " (at bound)" : "");
            }
            Files.createDirectories(out);
            ObjectNode json;
            RunResult result = null;
            if (m.equals("optimize")) {
                json = RunDirectory.json().createObjectNode();
                json.put("schemaVersion", RunDirectory.SCHEMA_VERSION);
                json.put("method", "optimize");
            } else {
                PriorSet priors = PriorSet.of(PayneProblem.parameters(names, lo, hi));
                InferenceProblem problem = InferenceProblem.of(priors, PayneModelKind.likelihood(p));
                long seed = flags.seedOr(null);
                problem.check(Rngs.stream(seed, 0x50415945L), 8);
                problem = problem.withoutCheck(); // checked just above: the sampler need not repeat it
                result = RunOutput.sample(sampler, problem, seed, out, flags, spec.commandLine().getErr());
                RunOutput.finish(out, result, null, org.astronest.cli.plots.CornerOptions.defaults(), w, j -> {
                    j.put("method", m);
                    describe(j, p, names, lo, hi, fit, fitSeconds);
                });
                json = null;
            }
            if (json != null) {
                describe(json, p, names, lo, hi, fit, fitSeconds);
                ObjectNode j = json;
                AtomicFiles.write(out.resolve(RunDirectory.RESULT), fw -> RunDirectory.json().writeValue(fw, j));
            }
            writeModel(out.resolve(MODEL_CSV), p, fit.theta());
            if (result == null) {
                w.println("run directory: " + out);
            }
            return 0;
        }
    }

    /** Name of the model spectrum file in the run directory. */
    public static final String MODEL_CSV = "model_spectrum.csv";

    /** Reads 'name_min: v' / 'name_max: v' lines ('#' comments) into the box; unknown names are errors. */
    static void applyPriorFile(Path f, List<String> names, double[] lo, double[] hi) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new Main.UsageException("--prior: " + (Files.isDirectory(f) ? "is a directory, not a file: " : "no such file: ") + f);
        }
        int line = 0;
        for (String raw : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            line++;
            String s = raw.replaceAll("#.*", "").trim();
            if (s.isEmpty()) {
                continue;
            }
            int c = s.indexOf(':');
            if (c < 0) {
                throw new Main.UsageException(f + " line " + line + ": expected 'name_min: value', got '" + raw + "'");
            }
            String key = s.substring(0, c).trim();
            double v;
            try {
                v = Double.parseDouble(s.substring(c + 1).trim());
            } catch (NumberFormatException e) {
                throw new Main.UsageException(f + " line " + line + ": not a number: '" + s.substring(c + 1).trim()
                        + "'");
            }
            boolean min = key.endsWith("_min");
            if (!min && !key.endsWith("_max")) {
                throw new Main.UsageException(f + " line " + line + ": key '" + key + "' must end in _min or _max");
            }
            String name = key.substring(0, key.length() - 4);
            int k = names.indexOf(name);
            if (k < 0) {
                throw new Main.UsageException(f + " line " + line + ": unknown parameter '" + name + "'; parameters: "
                        + names);
            }
            if (min) {
                lo[k] = v;
            } else {
                hi[k] = v;
            }
        }
        for (int k = 0; k < names.size(); k++) {
            if (!(hi[k] > lo[k])) {
                throw new Main.UsageException(f + ": " + names.get(k) + " has min " + lo[k] + " >= max " + hi[k]);
            }
        }
    }

    /** Adds the fit keys to result.json. */
    static void describe(ObjectNode json, PayneProblem p, List<String> names, double[] lo, double[] hi,
                         LabelFitter.Result fit, double fitSeconds) {
        json.put("network", p.network().file().getFileName().toString());
        json.put("family", p.network().family().name());
        json.put("spectrum", Path.of(p.spectrum().source()).getFileName().toString());
        json.put("likelihood", p.isCclya() ? "cclya" : "chi2");
        ObjectNode best = json.putObject("bestFit");
        ObjectNode errs = json.putObject("bestFitErrors");
        ObjectNode box = json.putObject("box");
        for (int k = 0; k < names.size(); k++) {
            best.put(names.get(k), fit.theta()[k]);
            put(errs, names.get(k), fit.errors()[k]);
            ArrayNode b = box.putArray(names.get(k));
            b.add(lo[k]);
            b.add(hi[k]);
        }
        json.put("chi2", fit.chi2());
        json.put("goodPixels", p.goodCount());
        json.put("dof", p.goodCount() - names.size());
        json.put("reducedChi2", fit.chi2() / (p.goodCount() - names.size()));
        ArrayNode cov = json.putArray("covariance");
        int n = names.size();
        for (int a = 0; a < n; a++) {
            ArrayNode row = cov.addArray();
            for (int b = 0; b < n; b++) {
                double v = fit.covariance()[a * n + b];
                if (Double.isFinite(v)) {
                    row.add(v);
                } else {
                    row.addNull();
                }
            }
        }
        ArrayNode at = json.putArray("atBound");
        for (int k = 0; k < n; k++) {
            if (fit.atBound()[k]) {
                at.add(names.get(k));
            }
        }
        json.put("optimizerEvaluations", fit.evaluations());
        json.put("optimizerStarts", fit.starts());
        json.put("optimizerSeconds", fitSeconds);
        json.put("modelSpectrum", MODEL_CSV);
    }

    private static void put(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) {
            o.put(k, v);
        } else {
            o.putNull(k);
        }
    }

    /** wavelength (pixel index when unknown), flux, error, model, mask (1 = not in the chi-square). */
    static void writeModel(Path f, PayneProblem p, double[] theta) {
        Spectrum s = p.spectrum();
        double[] wl = p.wavelength();
        double[] model = p.model(theta);
        boolean[] used = p.used();
        try {
            AtomicFiles.write(f, w -> {
                w.write("wavelength,flux,error,model,mask");
                w.newLine();
                for (int i = 0; i < s.size(); i++) {
                    w.write((wl != null ? Csv.number(wl[i]) : Integer.toString(i)) + "," + Csv.number(s.flux()[i])
                            + "," + Csv.number(s.error()[i]) + "," + Csv.number(model[i]) + "," + (used[i] ? 0 : 1));
                    w.newLine();
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }

    /** {@code payne bench}: time per optimizer fit, printed as JSON. */
    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Time optimizer fits (wall and CPU seconds per fit) and forward passes; prints JSON.")
    public static final class Bench implements Callable<Integer> {

        @Mixin
        ModelOptions model = new ModelOptions();

        @Option(names = "--repeat", paramLabel = "N", description = "Timed fits (default 20).")
        int repeat = 20;

        @Option(names = "--warmup", paramLabel = "N", description = "Untimed fits first, for the JIT (default 5).")
        int warmup = 5;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (repeat < 1 || warmup < 0) {
                throw new Main.UsageException("--repeat must be >= 1 and --warmup >= 0, got " + repeat + ", " + warmup);
            }
            PayneProblem p = model.problem();
            double[][] box = model.box(p);
            LabelFitter fitter = model.fitter();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            LabelFitter.Result r = null;
            for (int i = 0; i < warmup; i++) {
                r = p.fit(fitter, box[0], box[1]);
            }
            double[] wall = new double[repeat];
            double[] cpu = new double[repeat];
            int evals = 0;
            for (int i = 0; i < repeat; i++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                r = p.fit(fitter, box[0], box[1]);
                wall[i] = (System.nanoTime() - t0) * 1e-9;
                cpu[i] = (mx.getCurrentThreadCpuTime() - c0) * 1e-9;
                evals += r.evaluations();
            }
            double sink = 0;
            // forward passes (network + shift + chi2) at the best fit
            int passes = 200;
            for (int i = 0; i < passes; i++) {
                p.logLikelihood(r.theta());
            }
            long f0 = System.nanoTime();
            long fc0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < passes; i++) {
                sink += p.logLikelihood(r.theta());
            }
            double perPass = (System.nanoTime() - f0) * 1e-9 / passes;
            double perPassCpu = (mx.getCurrentThreadCpuTime() - fc0) * 1e-9 / passes;
            // batched likelihood (what samplers call): 16 thetas per call around the best fit
            double[][] batch = new double[16][];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = r.theta().clone();
                batch[i][0] += 1e-3 * (i - 8) * r.errors()[0];
            }
            double[] lls = new double[batch.length];
            for (int i = 0; i < 5; i++) {
                p.logLikelihood(batch, lls);
            }
            long b0 = mx.getCurrentThreadCpuTime();
            int batches = 20;
            for (int i = 0; i < batches; i++) {
                p.logLikelihood(batch, lls);
                sink += lls[0];
            }
            double perBatched = (mx.getCurrentThreadCpuTime() - b0) * 1e-9 / (batches * batch.length);
            // residuals + Jacobian (what one optimizer evaluation costs without the optimizer's own work)
            double[] rr = new double[p.residuals().residualCount()];
            double[] jj = new double[rr.length * p.residuals().parameterCount()];
            int jac = 50;
            for (int i = 0; i < 10; i++) {
                p.residuals().residualsAndJacobian(r.theta(), rr, jj);
            }
            long j0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < jac; i++) {
                p.residuals().residualsAndJacobian(r.theta(), rr, jj);
            }
            double perJac = (mx.getCurrentThreadCpuTime() - j0) * 1e-9 / jac;
            Arrays.sort(wall);
            Arrays.sort(cpu);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("network", p.network().file().getFileName().toString());
            o.put("family", p.network().family().name());
            o.put("pixels", p.goodCount());
            o.put("parameters", p.parameterNames());
            o.put("fits", repeat);
            o.put("medianWallSecondsPerFit", wall[repeat / 2]);
            o.put("medianCpuSecondsPerFit", cpu[repeat / 2]);
            o.put("minWallSecondsPerFit", wall[0]);
            o.put("evaluationsPerFit", (double) evals / repeat);
            o.put("likelihoodWallSecondsPerCall", perPass);
            o.put("likelihoodCpuSecondsPerCall", perPassCpu);
            o.put("batchedLikelihoodCpuSecondsPerTheta", perBatched);
            o.put("residualsAndJacobianCpuSeconds", perJac);
            o.put("chi2", r.chi2());
            o.put("checksum", sink);
            o.put("java", System.getProperty("java.version"));
            o.put("cores", Runtime.getRuntime().availableProcessors());
            spec.commandLine().getOut().println(RunDirectory.json().writeValueAsString(o));
            return 0;
        }
    }
}
