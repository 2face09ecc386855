package org.astronest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.astronest.cli.io.RunLock;
import org.astronest.forwardmodels.payne.training.Adam;
import org.astronest.forwardmodels.payne.training.DifferenceScheme;
import org.astronest.forwardmodels.payne.training.GradientPrior;
import org.astronest.forwardmodels.payne.training.Lbfgs;
import org.astronest.forwardmodels.payne.training.NetworkTrainer;
import org.astronest.forwardmodels.payne.training.PenaltyShape;
import org.astronest.forwardmodels.payne.training.PixelOptimizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code astronest payne train}: trains a per-pixel spectral model on labelled spectra, optionally with the ab initio
 * gradient prior of Ting et al. 2017 (seed 004), and writes it where {@code payne fit} and the {@code payne} model of
 * a run config read it (docs/payne.md). The physics lives in {@code forwardmodels.payne.training}; this class
 * validates the options and claims the output directory, {@link PayneTrainJob} reads the inputs, trains (with the
 * checkpoint) and writes the directory through {@link PayneTrainOutput}.
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
        PayneTrainJob job = new PayneTrainJob(labels, spectra, gradients, netOptions, priorOptions,
                pairs("--reference", reference), pairs("--steps", steps), crossValidate, folds, seed, nThreads,
                "--reference", "--steps");
        claim();
        job.run(out, true, resume, quiet, w, err);
        return 0;
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

}
