package org.astronest.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.cli.io.Csv;
import org.astronest.cli.io.RunLock;
import org.astronest.emulators.npz.NpyArray;
import org.astronest.forwardmodels.payne.PerPixelSpectralNetwork;
import org.astronest.forwardmodels.payne.QuadraticSpectralModel;
import org.astronest.forwardmodels.payne.SpectralNetwork;
import org.astronest.forwardmodels.payne.training.Adam;
import org.astronest.forwardmodels.payne.training.CrossValidation;
import org.astronest.forwardmodels.payne.training.DifferenceScheme;
import org.astronest.forwardmodels.payne.training.GradientPrior;
import org.astronest.forwardmodels.payne.training.GradientSpectra;
import org.astronest.forwardmodels.payne.training.Lbfgs;
import org.astronest.forwardmodels.payne.training.ModelTrainer;
import org.astronest.forwardmodels.payne.training.NetworkTrainer;
import org.astronest.forwardmodels.payne.training.PenaltyShape;
import org.astronest.forwardmodels.payne.training.PixelOptimizer;
import org.astronest.forwardmodels.payne.training.QuadraticTrainer;
import org.astronest.forwardmodels.payne.training.TrainingCheckpoints;
import org.astronest.forwardmodels.payne.training.TrainingFiles;
import org.astronest.forwardmodels.payne.training.TrainingSet;
import org.astronest.inference.CheckpointStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code astronest payne train}: trains a per-pixel spectral model on labelled spectra, optionally with the ab initio
 * gradient prior of Ting et al. 2017 (seed 004), and writes it where {@code payne fit} and the {@code payne} model of
 * a run config read it (docs/payne.md). The physics lives in {@code forwardmodels.payne.training}; this class reads
 * the inputs, wires the options, keeps the checkpoint and writes the directory.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a per-pixel spectral model (the seed's one-hidden-layer networks, or The Cannon's "
                + "quadratic form) on labelled spectra, optionally with the ab initio gradient prior "
                + "(Ting et al. 2017); writes DIR/model.npz for 'payne fit'.")
public final class PayneTrainCommand implements Callable<Integer> {

    /** The trained model. */
    public static final String MODEL = "model.npz";
    /** Figures and options of the training. */
    public static final String RESULT = "result.json";
    /** Model (and ab initio) gradient spectra at the reference star. */
    public static final String GRADIENTS = "gradients.csv";
    /** Cross-validation of D_scale. */
    public static final String CROSS_VALIDATION = "cross_validation.csv";
    /** The network training's checkpoint (removed when the training ends). */
    public static final String CHECKPOINT = "training_checkpoint.bin";

    static final List<String> OUTPUTS = List.of(MODEL, RESULT, GRADIENTS, CROSS_VALIDATION);

    @Option(names = "--labels", required = true, paramLabel = "CSV",
            description = "Training labels: a header of label names, one row per star (an 'id' column is ignored).")
    Path labels;

    @Option(names = "--spectra", required = true, paramLabel = "NPZ",
            description = "Training spectra: flux (stars, pixels) and ivar or error of the same shape; optional "
                    + "wavelength.")
    Path spectra;

    @Option(names = "--gradients", paramLabel = "CSV",
            description = "Ab initio gradient spectra at the reference star: a column per label with a prior, one "
                    + "row per pixel. Without it the model is trained on the chi-square alone.")
    Path gradients;

    @Option(names = "--model", paramLabel = "KIND", description = "network (default: the seed's per-pixel "
            + "networks) or quadratic (The Cannon's form, closed-form least squares).")
    String model = "network";

    @Option(names = "--hidden", paramLabel = "H", description = "Sigmoid units per pixel (default 100, seed 004).")
    Integer hidden;

    @Option(names = "--optimizer", paramLabel = "OPT", description = "lbfgs (default) or adam.")
    String optimizer;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "Adam's step size (default 1e-3).")
    Double learningRate;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Full-batch iterations of the network training (default 300 for lbfgs, 3000 for adam).")
    Integer iterations;

    @Option(names = "--validation-fraction", paramLabel = "F",
            description = "Share of stars held out for early stopping (default 0.1).")
    Double validationFraction;

    @Option(names = "--d-scale", paramLabel = "D",
            description = "Weight of the gradient prior (default 10, seed 004's choice; needs --gradients).")
    Double dScale;

    @Option(names = "--penalty", paramLabel = "SHAPE", description = "square (default) or abs: how a relative "
            + "deviation from the ab initio gradient is charged.")
    String penalty;

    @Option(names = "--difference", paramLabel = "SCHEME", description = "central (default) or forward: the "
            + "finite difference of the gradient spectra (the --gradients file must use the same).")
    String difference;

    @Option(names = "--gradient-floor", paramLabel = "F", description = "Floor of the normaliser |ab initio "
            + "gradient| as a fraction of the label's largest (default 1e-3).")
    Double gradientFloor;

    @Option(names = "--reference", paramLabel = "NAME=V", split = ",", description = "Reference star (default "
            + "Teff=4800, logg=2.5, every other label 0: seed 004).")
    List<String> reference;

    @Option(names = "--steps", paramLabel = "NAME=V", split = ",", description = "Finite-difference steps "
            + "(default Teff=200, logg=0.5, every other label 0.2: seed 004).")
    List<String> steps;

    @Option(names = "--cross-validate", paramLabel = "D", split = ",",
            description = "Cross-validate these D_scale values (e.g. 0,1,10) before the final training.")
    double[] crossValidate;

    @Option(names = "--folds", paramLabel = "K", description = "Cross-validation folds (default 5).")
    int folds = 5;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the initial weights, the validation split "
            + "and the folds (default 42).")
    long seed = SamplerFlags.DEFAULT_SEED;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores; results do "
            + "not depend on it).")
    Integer threads;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Iterations between checkpoints of the "
            + "network training (default 100).")
    Integer checkpointEvery;

    @Option(names = "--progress-every", paramLabel = "N", description = "Iterations between progress lines "
            + "(default 10 for lbfgs, 100 for adam).")
    Integer progressEvery;

    @Option(names = "--resume", description = "Continue the interrupted training in --out from its checkpoint.")
    boolean resume;

    @Option(names = "--force", description = "Replace the model already in --out.")
    boolean force;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean network = switch (model.toLowerCase(Locale.ROOT)) {
            case "network" -> true;
            case "quadratic" -> false;
            default -> throw new Main.UsageException("--model must be network or quadratic, got '" + model + "'");
        };
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) {
            throw new Main.UsageException("--threads must be >= 1, got " + nThreads);
        }
        if (!network) {
            for (Object[] o : new Object[][] {{"--hidden", hidden}, {"--optimizer", optimizer},
                {"--learning-rate", learningRate}, {"--iterations", iterations},
                {"--validation-fraction", validationFraction}, {"--checkpoint-every", checkpointEvery}}) {
                if (o[1] != null) {
                    throw new Main.UsageException(o[0] + " applies to --model network only");
                }
            }
            if (resume) {
                throw new Main.UsageException("--resume applies to --model network only (the quadratic model is "
                        + "solved in one step)");
            }
        }
        if (gradients == null) {
            for (Object[] o : new Object[][] {{"--d-scale", dScale}, {"--penalty", penalty},
                {"--difference", difference}, {"--gradient-floor", gradientFloor}, {"--reference", reference},
                {"--steps", steps}}) {
                if (o[1] != null) {
                    throw new Main.UsageException(o[0] + " needs --gradients (the ab initio gradient spectra)");
                }
            }
        }
        if (crossValidate != null && (folds < 2)) {
            throw new Main.UsageException("--folds must be >= 2, got " + folds);
        }
        if (crossValidate != null) {
            for (double d : crossValidate) {
                if (!(d >= 0) || !Double.isFinite(d)) {
                    throw new Main.UsageException("--cross-validate values must be finite and >= 0, got " + d);
                }
                if (d > 0 && gradients == null) {
                    throw new Main.UsageException("--cross-validate " + d + " needs --gradients (only D_scale 0 "
                            + "runs without ab initio gradient spectra)");
                }
            }
        }
        NetworkTrainer.Options netOptions = network ? networkOptions(nThreads) : null;
        GradientPrior.Options priorOptions = gradients == null ? null : priorOptions();
        Job job = new Job(labels, spectra, gradients, netOptions, priorOptions, pairs("--reference", reference),
                pairs("--steps", steps), crossValidate, folds, seed, nThreads, "--reference", "--steps");
        claim();
        trainAndWrite(job, out, true, resume, quiet, w, err);
        return 0;
    }

    /**
     * A validated training job (shared by this command and the {@code payne-train} model of a run config).
     *
     * @param labels        labels CSV
     * @param spectra       spectra NPZ
     * @param gradients     ab initio gradients CSV, or null (no prior)
     * @param network       the network options, or null for the quadratic model
     * @param prior         the prior options (null without gradients)
     * @param reference     reference-star values by label name (others: the seed's defaults)
     * @param steps         steps by label name (others: the seed's defaults)
     * @param crossValidate D_scale values to cross-validate, or null
     * @param folds         cross-validation folds
     * @param seed          seed of the initial weights, the split and the folds
     * @param threads       worker threads
     * @param referenceKey  how messages name the reference values (an option or a config key)
     * @param stepsKey      how messages name the steps
     */
    record Job(Path labels, Path spectra, Path gradients, NetworkTrainer.Options network, GradientPrior.Options prior,
               java.util.Map<String, Double> reference, java.util.Map<String, Double> steps, double[] crossValidate,
               int folds, long seed, int threads, String referenceKey, String stepsKey) {
    }

    /**
     * Reads the inputs, cross-validates when asked, trains, and writes {@code dir}: model.npz, gradients.csv,
     * result.json (and cross_validation.csv). With {@code checkpoints} the network training saves
     * {@value #CHECKPOINT} and, with {@code resume}, continues from it.
     */
    static void trainAndWrite(Job job, Path out, boolean checkpoints, boolean resume, boolean quiet, PrintWriter w,
                              PrintWriter err) throws IOException {
        boolean network = job.network() != null;
        NetworkTrainer.Options netOptions = job.network();
        double[] crossValidate = job.crossValidate();
        int folds = job.folds();
        int nThreads = job.threads();
        TrainingSet set = TrainingFiles.read(job.labels(), job.spectra());
        if (crossValidate != null && folds > set.starCount()) {
            throw new IllegalArgumentException("cross-validation: " + folds + " folds for " + set.starCount()
                    + " stars; give at most one fold per star");
        }
        GradientPrior prior = null;
        if (job.gradients() != null) {
            TrainingFiles.Gradients g = TrainingFiles.readGradients(job.gradients(), set.labelNames(),
                    set.pixelCount());
            double[] ref = named(job.referenceKey(), job.reference(), set.labelNames(),
                    GradientPrior.defaultReference(set.labelNames()));
            double[] st = named(job.stepsKey(), job.steps(), set.labelNames(),
                    GradientPrior.defaultSteps(set.labelNames()));
            prior = GradientPrior.of(set.labelNames(), g.labels(), set.pixelCount(), g.values(), ref, st,
                    job.prior());
        }
        ModelTrainer trainer = network ? new NetworkTrainer(netOptions) : new QuadraticTrainer(nThreads);
        if (!quiet) {
            err.printf(Locale.ROOT, "training set: %d stars x %d pixels, labels %s%n", set.starCount(),
                    set.pixelCount(), set.labelNames());
            err.flush();
        }
        List<CrossValidation.Row> cv = null;
        long c0 = System.nanoTime();
        if (crossValidate != null) {
            cv = CrossValidation.run(set, prior, crossValidate, trainer, folds, job.seed(), nThreads,
                    quiet ? null : (d, f, done, planned, secs) -> {
                        err.printf(Locale.ROOT, "cross-validation: D_scale %s fold %d of %d done (%d of %d, %.1f s)%n",
                                text(d), f + 1, folds, done, planned, secs);
                        err.flush();
                    });
        }
        double cvSeconds = (System.nanoTime() - c0) * 1e-9;
        long t0 = System.nanoTime();
        SpectralNetwork trained;
        NetworkTrainer.Result netResult = null;
        if (network) {
            CheckpointStore store = CheckpointStore.file(out.resolve(CHECKPOINT));
            TrainingCheckpoints cps = !checkpoints ? TrainingCheckpoints.none() : new TrainingCheckpoints() {
                @Override
                public Optional<byte[]> load() {
                    return resume ? store.load() : Optional.empty();
                }

                @Override
                public void save(byte[] state) {
                    store.save(state);
                    org.astronest.inference.FaultHook.at("payne-train-after-checkpoint");
                }
            };
            if (resume && Files.exists(out.resolve(CHECKPOINT)) && !quiet) {
                err.println("resuming from " + out.resolve(CHECKPOINT));
                err.flush();
            }
            NetworkTrainer nt = new NetworkTrainer(netOptions);
            try {
                netResult = nt.train(set, prior, quiet ? (i, n, tc, vc, pen, s) -> { } : (i, n, tc, vc, pen, s) -> {
                    err.printf(Locale.ROOT, "iteration %d of %d: chi2 per value %.5f train, %s validation, penalty "
                            + "%.5g, %.1f s%n", i, n, tc, Double.isNaN(vc) ? "-" : String.format(Locale.ROOT, "%.5f",
                            vc), pen, s);
                    err.flush();
                }, cps);
            } catch (IllegalStateException e) {
                throw new Main.RunFailedException(e);
            }
            trained = netResult.network();
        } else {
            trained = trainer.fit(set, prior);
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (trained instanceof PerPixelSpectralNetwork p) {
            p.writeNpz(out.resolve(MODEL), NpyArray.DType.FLOAT64);
        } else {
            ((QuadraticSpectralModel) trained).writeNpz(out.resolve(MODEL), NpyArray.DType.FLOAT64);
        }
        writeGradients(out.resolve(GRADIENTS), trained, set, prior);
        if (cv != null) {
            writeCrossValidation(out.resolve(CROSS_VALIDATION), cv, set, prior);
        }
        ObjectNode json = result(job, set, prior, netResult, trained, seconds, cv, cvSeconds);
        AtomicFiles.write(out.resolve(RESULT), fw -> org.astronest.cli.io.RunDirectory.json().writeValue(fw, json));
        Files.deleteIfExists(out.resolve(CHECKPOINT));
        w.printf(Locale.ROOT, "trained %s on %d stars x %d pixels in %.1f s%s%n", trained.describe(),
                set.starCount(), set.pixelCount(), seconds, cv != null ? String.format(Locale.ROOT,
                        " (cross-validation %.1f s)", cvSeconds) : "");
        if (netResult != null) {
            w.printf(Locale.ROOT, "chi2 per value: %.5f training, %s validation%n", netResult.trainChi2(),
                    Double.isNaN(netResult.validChi2()) ? "-" : String.format(Locale.ROOT, "%.5f",
                            netResult.validChi2()));
        }
        if (prior != null) {
            double[] c = GradientSpectra.correlations(trained, prior);
            List<String> names = prior.labelNames();
            StringBuilder b = new StringBuilder("gradient correlation with the ab initio spectra:");
            for (int g = 0; g < c.length; g++) {
                b.append(String.format(Locale.ROOT, " %s %.4f", names.get(g), c[g]));
            }
            w.println(b);
        }
        if (cv != null) {
            for (CrossValidation.Row r : cv) {
                StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "cross-validation D_scale %s: scatter",
                        text(r.dScale())));
                for (int k = 0; k < set.labelCount(); k++) {
                    b.append(String.format(Locale.ROOT, " %s %.4g", set.labelNames().get(k), r.scatter()[k]));
                }
                w.println(b);
            }
        }
        w.println("model: " + out.resolve(MODEL) + " (fit with: astronest payne fit --network " + out.resolve(MODEL)
                + " --labels " + String.join(",", set.labelNames()) + " --no-rv --spectrum FILE --out DIR)");
    }

    /** NAME=V pairs of an option as a map (in order); a pair without '=' is a usage error naming the option. */
    static java.util.Map<String, Double> pairs(String option, List<String> pairs) {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        if (pairs == null) {
            return m;
        }
        for (String p : pairs) {
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new Main.UsageException(option + ": expected NAME=VALUE, got '" + p + "'");
            }
            String name = p.substring(0, eq).trim();
            double v;
            try {
                v = Double.parseDouble(p.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new Main.UsageException(option + ": not a number: '" + p.substring(eq + 1).trim() + "' for "
                        + name);
            }
            if (!Double.isFinite(v)) {
                throw new Main.UsageException(option + ": " + name + " must be finite, got " + v);
            }
            m.put(name, v);
        }
        return m;
    }

    private NetworkTrainer.Options networkOptions(int nThreads) {
        PixelOptimizer opt;
        String o = optimizer == null ? "lbfgs" : optimizer.toLowerCase(Locale.ROOT);
        switch (o) {
            case "lbfgs" -> {
                if (learningRate != null) {
                    throw new Main.UsageException("--learning-rate applies to --optimizer adam only");
                }
                opt = Lbfgs.defaults();
            }
            case "adam" -> {
                double lr = learningRate == null ? Adam.DEFAULT_LEARNING_RATE : learningRate;
                if (!(lr > 0) || !Double.isFinite(lr)) {
                    throw new Main.UsageException("--learning-rate must be > 0, got " + lr);
                }
                opt = Adam.defaults().withLearningRate(lr);
            }
            default -> throw new Main.UsageException("--optimizer must be lbfgs or adam, got '" + optimizer + "'");
        }
        boolean adam = o.equals("adam");
        int it = iterations != null ? iterations : adam ? 3000 : NetworkTrainer.Options.defaults().iterations();
        int pe = progressEvery != null ? progressEvery : adam ? 100 : 10;
        try {
            return NetworkTrainer.Options.defaults()
                    .withHidden(hidden == null ? 100 : hidden)
                    .withOptimizer(opt)
                    .withIterations(it)
                    .withValidationFraction(validationFraction == null ? 0.1 : validationFraction)
                    .withSeed(seed)
                    .withThreads(nThreads)
                    .withCheckpointEvery(checkpointEvery == null ? 100 : checkpointEvery)
                    .withProgressEvery(pe);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(optionMessage(e.getMessage()));
        }
    }

    /** Turns an options record's message into one naming the command-line option. */
    private static String optionMessage(String m) {
        return m.replace("hidden units", "--hidden").replace("iterations must", "--iterations must")
                .replace("validation fraction", "--validation-fraction")
                .replace("checkpoint interval", "--checkpoint-every").replace("progress interval", "--progress-every");
    }

    private GradientPrior.Options priorOptions() {
        PenaltyShape shape;
        DifferenceScheme scheme;
        try {
            shape = penalty == null ? PenaltyShape.SQUARED : PenaltyShape.parse(penalty);
            scheme = difference == null ? DifferenceScheme.CENTRAL : DifferenceScheme.parse(difference);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException((penalty != null && e.getMessage().startsWith("penalty") ? "--penalty: "
                    : "--difference: ") + e.getMessage());
        }
        double d = dScale == null ? 10 : dScale;
        if (!(d >= 0) || !Double.isFinite(d)) {
            throw new Main.UsageException("--d-scale must be finite and >= 0, got " + d);
        }
        double floor = gradientFloor == null ? 1e-3 : gradientFloor;
        if (!(floor > 0 && floor <= 1)) {
            throw new Main.UsageException("--gradient-floor must be in (0, 1], got " + floor);
        }
        return new GradientPrior.Options(d, shape, floor, scheme);
    }

    /** Values per label from {@code given} over {@code defaults}; an unknown name is an error naming {@code what}. */
    static double[] named(String what, java.util.Map<String, Double> given, List<String> names, double[] defaults) {
        double[] v = defaults.clone();
        for (java.util.Map.Entry<String, Double> e : given.entrySet()) {
            int k = names.indexOf(e.getKey());
            if (k < 0) {
                throw new IllegalArgumentException(what + ": unknown label '" + e.getKey() + "'; labels: " + names);
            }
            v[k] = e.getValue();
        }
        return v;
    }

    /**
     * The output directory: locked for this command; a previous model is replaced only with --force (its files are
     * deleted first); an interrupted training continues only with --resume.
     */
    private void claim() throws IOException {
        if (out.toString().isBlank()) {
            throw new Main.UsageException("--out must name a directory, got '" + out + "'");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new Main.UsageException("--out " + out + " is a file, not a directory");
        }
        RunOutput.checkWritable(out, "--out");
        try {
            RunLock.acquire(out);
        } catch (IllegalStateException e) {
            throw new Main.UsageException(e.getMessage());
        }
        List<String> present = new ArrayList<>();
        for (String f : OUTPUTS) {
            if (Files.exists(out.resolve(f))) {
                present.add(f);
            }
        }
        boolean checkpoint = Files.exists(out.resolve(CHECKPOINT));
        if (force) {
            for (String f : present) {
                Files.delete(out.resolve(f));
            }
            Files.deleteIfExists(out.resolve(CHECKPOINT));
            if (resume) {
                throw new Main.UsageException("--resume and --force contradict each other: --force starts afresh");
            }
            return;
        }
        if (!present.isEmpty()) {
            throw new Main.UsageException(out + " already holds a trained model (" + present.get(0) + "); pass "
                    + "--force to replace it, or --out for another directory");
        }
        if (checkpoint && !resume) {
            throw new Main.UsageException(out + " holds an interrupted training (" + CHECKPOINT + "); pass --resume "
                    + "to continue it or --force to start afresh");
        }
        if (resume && !checkpoint) {
            throw new Main.UsageException("--resume: " + out + " holds no checkpoint (" + CHECKPOINT + ") to "
                    + "continue");
        }
    }

    /** pixel, wavelength (if known), then per label the model's gradient spectrum and, with a prior, the ab initio one. */
    private static void writeGradients(Path f, SpectralNetwork trained, TrainingSet set, GradientPrior prior)
            throws IOException {
        List<String> names = set.labelNames();
        int nl = names.size();
        int np = set.pixelCount();
        double[] ref = prior != null ? prior.reference() : GradientPrior.defaultReference(names);
        double[] st = prior != null ? prior.steps() : GradientPrior.defaultSteps(names);
        DifferenceScheme scheme = prior != null ? prior.options().scheme() : DifferenceScheme.CENTRAL;
        int[] all = new int[nl];
        for (int k = 0; k < nl; k++) {
            all[k] = k;
        }
        double[] g = GradientSpectra.of(trained, ref, st, all, scheme);
        double[] wl = set.wavelength();
        AtomicFiles.write(f, out -> {
            StringBuilder h = new StringBuilder("pixel");
            if (wl != null) {
                h.append(",wavelength");
            }
            for (String n : names) {
                h.append(",model_").append(n);
            }
            if (prior != null) {
                for (String n : prior.labelNames()) {
                    h.append(",abinitio_").append(n);
                }
            }
            out.write(h.toString());
            out.newLine();
            for (int p = 0; p < np; p++) {
                StringBuilder b = new StringBuilder(Integer.toString(p));
                if (wl != null) {
                    b.append(',').append(Csv.number(wl[p]));
                }
                for (int k = 0; k < nl; k++) {
                    b.append(',').append(Csv.number(g[k * np + p]));
                }
                if (prior != null) {
                    for (int q = 0; q < prior.size(); q++) {
                        b.append(',').append(Csv.number(prior.abInitio(q, p)));
                    }
                }
                out.write(b.toString());
                out.newLine();
            }
        });
    }

    /** One row per D_scale: scatter and bias per label, gradient correlation per prior label, precision ratio to the first row. */
    private static void writeCrossValidation(Path f, List<CrossValidation.Row> cv, TrainingSet set,
                                             GradientPrior prior) throws IOException {
        List<String> names = set.labelNames();
        List<String> pl = prior == null ? List.of() : prior.labelNames();
        AtomicFiles.write(f, out -> {
            StringBuilder h = new StringBuilder("d_scale,stars");
            for (String n : names) {
                h.append(",scatter_").append(n);
            }
            for (String n : names) {
                h.append(",bias_").append(n);
            }
            for (String n : names) {
                h.append(",ratio_").append(n);
            }
            for (String n : pl) {
                h.append(",gradient_correlation_").append(n);
            }
            out.write(h.toString());
            out.newLine();
            CrossValidation.Row base = cv.get(0);
            for (CrossValidation.Row r : cv) {
                StringBuilder b = new StringBuilder(Csv.number(r.dScale())).append(',').append(r.fits().starCount());
                for (double v : r.scatter()) {
                    b.append(',').append(Csv.number(v));
                }
                for (double v : r.bias()) {
                    b.append(',').append(Csv.number(v));
                }
                for (double v : CrossValidation.precisionRatio(r, base)) {
                    b.append(',').append(Csv.number(v));
                }
                double[] c = r.gradientCorrelation();
                for (int g = 0; g < pl.size(); g++) {
                    b.append(',').append(g < c.length ? Csv.number(c[g]) : "");
                }
                out.write(b.toString());
                out.newLine();
            }
        });
    }

    private static ObjectNode result(Job job, TrainingSet set, GradientPrior prior, NetworkTrainer.Result nr,
                                     SpectralNetwork trained, double seconds, List<CrossValidation.Row> cv,
                                     double cvSeconds) {
        boolean network = job.network() != null;
        NetworkTrainer.Options no = job.network();
        ObjectNode j = org.astronest.cli.io.RunDirectory.json().createObjectNode();
        j.put("command", "payne train");
        j.put("model", network ? "network" : "quadratic");
        j.put("modelFile", MODEL);
        j.put("describe", trained.describe());
        ArrayNode ln = j.putArray("labels");
        set.labelNames().forEach(ln::add);
        j.put("stars", set.starCount());
        j.put("pixels", set.pixelCount());
        ObjectNode box = j.putObject("box");
        double[] lo = trained.xMin();
        double[] hi = trained.xMax();
        for (int k = 0; k < set.labelCount(); k++) {
            ArrayNode b = box.putArray(set.labelNames().get(k));
            b.add(lo[k]);
            b.add(hi[k]);
        }
        j.put("labelsFile", job.labels().getFileName().toString());
        j.put("spectraFile", job.spectra().getFileName().toString());
        j.put("seed", job.seed());
        if (network) {
            ObjectNode o = j.putObject("network");
            o.put("hidden", no.hidden());
            o.put("optimizer", no.optimizer().id());
            if (no.optimizer() instanceof Adam a) {
                o.put("learningRate", a.learningRate());
            }
            if (no.optimizer() instanceof Lbfgs l) {
                o.put("memory", l.memory());
            }
            o.put("iterations", nr.iterations());
            o.put("bestIteration", nr.bestIteration());
            o.put("validationFraction", no.validationFraction());
            o.put("trainStars", nr.trainStars());
            o.put("validStars", nr.validStars());
            o.put("trainChi2PerValue", nr.trainChi2());
            putNumber(o, "validChi2PerValue", nr.validChi2());
            o.put("penalty", nr.penalty());
            o.put("resumedFromIteration", nr.resumedFrom());
        }
        j.put("trainingSeconds", seconds);
        if (prior != null) {
            ObjectNode p = j.putObject("prior");
            p.put("gradientsFile", job.gradients().getFileName().toString());
            p.put("dScale", prior.dScale());
            p.put("penalty", prior.options().shape().id());
            p.put("difference", prior.options().scheme().id());
            p.put("gradientFloor", prior.options().floorFraction());
            ArrayNode pl = p.putArray("labels");
            prior.labelNames().forEach(pl::add);
            ObjectNode ref = p.putObject("reference");
            ObjectNode st = p.putObject("steps");
            for (int k = 0; k < set.labelCount(); k++) {
                ref.put(set.labelNames().get(k), prior.reference()[k]);
                st.put(set.labelNames().get(k), prior.steps()[k]);
            }
            ObjectNode gc = j.putObject("gradientCorrelation");
            double[] c = GradientSpectra.correlations(trained, prior);
            for (int g = 0; g < c.length; g++) {
                putNumber(gc, prior.labelNames().get(g), c[g]);
            }
        }
        if (cv != null) {
            ObjectNode c = j.putObject("crossValidation");
            c.put("folds", job.folds());
            c.put("seconds", cvSeconds);
            c.put("file", CROSS_VALIDATION);
            ArrayNode rows = c.putArray("rows");
            for (CrossValidation.Row r : cv) {
                ObjectNode row = rows.addObject();
                row.put("dScale", r.dScale());
                ObjectNode sc = row.putObject("scatter");
                ObjectNode bi = row.putObject("bias");
                ObjectNode ra = row.putObject("ratioToFirst");
                double[] ratio = CrossValidation.precisionRatio(r, cv.get(0));
                for (int k = 0; k < set.labelCount(); k++) {
                    putNumber(sc, set.labelNames().get(k), r.scatter()[k]);
                    putNumber(bi, set.labelNames().get(k), r.bias()[k]);
                    putNumber(ra, set.labelNames().get(k), ratio[k]);
                }
                if (prior != null) {
                    ObjectNode gc = row.putObject("gradientCorrelation");
                    for (int g = 0; g < prior.size(); g++) {
                        putNumber(gc, prior.labelNames().get(g), r.gradientCorrelation()[g]);
                    }
                }
            }
        }
        return j;
    }

    /** A D_scale for messages: {@code 10} rather than {@code 10.0}. */
    static String text(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static void putNumber(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) {
            o.put(k, v);
        } else {
            o.putNull(k);
        }
    }
}
