package org.astronest.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.emulators.npz.NpyArray;
import org.astronest.forwardmodels.payne.PerPixelSpectralNetwork;
import org.astronest.forwardmodels.payne.QuadraticSpectralModel;
import org.astronest.forwardmodels.payne.SpectralNetwork;
import org.astronest.forwardmodels.payne.training.CrossValidation;
import org.astronest.forwardmodels.payne.training.GradientPrior;
import org.astronest.forwardmodels.payne.training.GradientSpectra;
import org.astronest.forwardmodels.payne.training.ModelTrainer;
import org.astronest.forwardmodels.payne.training.NetworkTrainer;
import org.astronest.forwardmodels.payne.training.QuadraticTrainer;
import org.astronest.forwardmodels.payne.training.TrainingCheckpoints;
import org.astronest.forwardmodels.payne.training.TrainingFiles;
import org.astronest.forwardmodels.payne.training.TrainingSet;
import org.astronest.inference.CheckpointStore;

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
record PayneTrainJob(Path labels, Path spectra, Path gradients, NetworkTrainer.Options network,
                     GradientPrior.Options prior, Map<String, Double> reference, Map<String, Double> steps,
                     double[] crossValidate, int folds, long seed, int threads, String referenceKey, String stepsKey) {

    /**
     * Reads the inputs, cross-validates when asked, trains, and writes {@code dir}: model.npz, gradients.csv,
     * result.json (and cross_validation.csv). With {@code checkpoints} the network training saves
     * {@value PayneTrainCommand#CHECKPOINT} and, with {@code resume}, continues from it.
     */
    void run(Path out, boolean checkpoints, boolean resume, boolean quiet, PrintWriter w, PrintWriter err)
            throws IOException {
        PayneTrainJob job = this;
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
            List<String> outside = outsideBox(prior, set);
            if (!outside.isEmpty()) {
                err.println("warning: the gradient prior's points leave the training box in " + outside
                        + "; the prior then constrains the model's extrapolation");
                err.flush();
            }
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
                                PayneTrainOutput.text(d), f + 1, folds, done, planned, secs);
                        err.flush();
                    });
        }
        double cvSeconds = (System.nanoTime() - c0) * 1e-9;
        long t0 = System.nanoTime();
        SpectralNetwork trained;
        NetworkTrainer.Result netResult = null;
        if (network) {
            CheckpointStore store = CheckpointStore.file(out.resolve(PayneTrainCommand.CHECKPOINT));
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
            if (resume && Files.exists(out.resolve(PayneTrainCommand.CHECKPOINT)) && !quiet) {
                err.println("resuming from " + out.resolve(PayneTrainCommand.CHECKPOINT));
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
            p.writeNpz(out.resolve(PayneTrainCommand.MODEL), NpyArray.DType.FLOAT64);
        } else {
            ((QuadraticSpectralModel) trained).writeNpz(out.resolve(PayneTrainCommand.MODEL), NpyArray.DType.FLOAT64);
        }
        PayneTrainOutput.writeGradients(out.resolve(PayneTrainCommand.GRADIENTS), trained, set, prior);
        if (cv != null) {
            PayneTrainOutput.writeCrossValidation(out.resolve(PayneTrainCommand.CROSS_VALIDATION), cv, set, prior);
        }
        ObjectNode json = PayneTrainOutput.result(job, set, prior, netResult, trained, seconds, cv, cvSeconds);
        AtomicFiles.write(out.resolve(PayneTrainCommand.RESULT), fw -> org.astronest.cli.io.RunDirectory.json().writeValue(fw, json));
        Files.deleteIfExists(out.resolve(PayneTrainCommand.CHECKPOINT));
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
                        PayneTrainOutput.text(r.dScale())));
                for (int k = 0; k < set.labelCount(); k++) {
                    b.append(String.format(Locale.ROOT, " %s %.4g", set.labelNames().get(k), r.scatter()[k]));
                }
                w.println(b);
            }
        }
        w.println("model: " + out.resolve(PayneTrainCommand.MODEL) + " (fit with: astronest payne fit --network " + out.resolve(PayneTrainCommand.MODEL)
                + " --labels " + String.join(",", set.labelNames()) + " --no-rv --spectrum FILE --out DIR)");
    }

    /** The labels whose prior points (reference -+ steps) fall outside the training set's range. */
    static List<String> outsideBox(GradientPrior prior, TrainingSet set) {
        double[] pts = prior.points();
        double[] lo = set.xMin();
        double[] hi = set.xMax();
        int nl = set.labelCount();
        List<String> out = new java.util.ArrayList<>();
        for (int k = 0; k < nl; k++) {
            for (int i = 0; i < prior.pointCount(); i++) {
                double v = pts[i * nl + k];
                if (v < lo[k] || v > hi[k]) {
                    out.add(set.labelNames().get(k));
                    break;
                }
            }
        }
        return out;
    }

    /** Values per label from {@code given} over {@code defaults}; an unknown name is an error naming {@code what}. */
    static double[] named(String what, Map<String, Double> given, List<String> names, double[] defaults) {
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
}
