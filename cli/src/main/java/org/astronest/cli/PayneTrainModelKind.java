package org.astronest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.astronest.cli.config.ConfigPaths;
import org.astronest.cli.config.Node;
import org.astronest.cli.config.RunConfig;
import org.astronest.forwardmodels.payne.training.Adam;
import org.astronest.forwardmodels.payne.training.DifferenceScheme;
import org.astronest.forwardmodels.payne.training.GradientPrior;
import org.astronest.forwardmodels.payne.training.Lbfgs;
import org.astronest.forwardmodels.payne.training.NetworkTrainer;
import org.astronest.forwardmodels.payne.training.PenaltyShape;
import org.astronest.forwardmodels.payne.training.PixelOptimizer;

/**
 * {@code model: {type: payne-train, ...}}: trains a per-pixel spectral model, the YAML form of {@code payne train}
 * (docs/payne.md), with its options as snake_case keys:
 * <pre>
 * model: {type: payne-train, labels: CSV, spectra: NPZ, gradients: CSV, model: network | quadratic, hidden: 100,
 *         optimizer: lbfgs | adam, learning_rate: 1e-3, iterations: N, validation_fraction: 0.1, d_scale: 10,
 *         penalty: square | abs, difference: central | forward, gradient_floor: 1e-3,
 *         reference: {Teff: 4800, ...}, steps: {Teff: 200, ...}, cross_validate: [0, 1, 10], folds: 5, threads: N}
 * </pre>
 * The config's {@code seed} seeds the initial weights, the validation split and the folds. It writes the same files
 * as {@code payne train} (no checkpoints: an interrupted training restarts; {@code payne train --resume} continues).
 */
final class PayneTrainModelKind implements ModelKind {

    static final Set<String> KEYS = Set.of("type", "labels", "spectra", "gradients", "model", "hidden", "optimizer",
            "learning_rate", "iterations", "validation_fraction", "d_scale", "penalty", "difference",
            "gradient_floor", "reference", "steps", "cross_validate", "folds", "threads");

    @Override
    public List<String> types() {
        return List.of("payne-train");
    }

    @Override
    public ConfigModel create(RunConfig config) {
        Node m = config.model().object(KEYS);
        Path labels = ConfigPaths.file(m.get("labels"));
        Path spectra = ConfigPaths.file(m.get("spectra"));
        if (labels == null || spectra == null) {
            throw m.error("give labels: CSV and spectra: NPZ");
        }
        Path gradients = ConfigPaths.file(m.get("gradients"));
        String kind = m.get("model").text("network");
        if (!kind.equals("network") && !kind.equals("quadratic")) {
            throw m.get("model").error("must be network or quadratic, got " + m.get("model").show());
        }
        boolean network = kind.equals("network");
        int threads = m.get("threads").whole(Runtime.getRuntime().availableProcessors(), 1);
        if (!network) {
            for (String k : List.of("hidden", "optimizer", "learning_rate", "iterations", "validation_fraction")) {
                if (m.has(k)) {
                    throw m.get(k).error("applies to model: network only");
                }
            }
        }
        if (gradients == null) {
            for (String k : List.of("d_scale", "penalty", "difference", "gradient_floor", "reference", "steps")) {
                if (m.has(k)) {
                    throw m.get(k).error("needs gradients: CSV (the ab initio gradient spectra)");
                }
            }
        }
        NetworkTrainer.Options net = network ? network(m, threads) : null;
        GradientPrior.Options prior = gradients == null ? null : prior(m);
        double[] cv = null;
        if (m.has("cross_validate")) {
            List<Node> l = m.get("cross_validate").list();
            cv = new double[l.size()];
            for (int i = 0; i < cv.length; i++) {
                cv[i] = l.get(i).number();
                if (!(cv[i] >= 0) || !Double.isFinite(cv[i])) {
                    throw l.get(i).error("must be finite and >= 0, got " + l.get(i).show());
                }
                if (cv[i] > 0 && gradients == null) {
                    throw l.get(i).error("D_scale " + l.get(i).show() + " needs gradients: CSV");
                }
            }
            if (cv.length == 0) {
                throw m.get("cross_validate").error("give at least one D_scale, e.g. [0, 1, 10]");
            }
        }
        int folds = m.get("folds").whole(5, 2);
        Map<String, Double> reference = values(m.get("reference"));
        Map<String, Double> steps = values(m.get("steps"));
        double[] crossValidate = cv;
        return new FitModel() {
            @Override
            public String type() {
                return "payne-train";
            }

            @Override
            public void fit(Path dir, long seed, PrintWriter out) throws IOException {
                NetworkTrainer.Options no = net == null ? null : net.withSeed(seed);
                Node r = m.get("reference");
                Node s = m.get("steps");
                PayneTrainJob job = new PayneTrainJob(labels, spectra, gradients, no, prior,
                        reference, steps, crossValidate, folds, seed, threads, r.file() + ": " + r.path(),
                        s.file() + ": " + s.path());
                // input files are read here: their errors name the file, the row or array and the value
                job.run(dir, false, false, true, out, out);
            }
        };
    }

    private static NetworkTrainer.Options network(Node m, int threads) {
        String o = m.get("optimizer").text("lbfgs");
        PixelOptimizer opt;
        switch (o) {
            case "lbfgs" -> {
                if (m.has("learning_rate")) {
                    throw m.get("learning_rate").error("applies to optimizer: adam only");
                }
                opt = Lbfgs.defaults();
            }
            case "adam" -> {
                double lr = m.get("learning_rate").number(Adam.DEFAULT_LEARNING_RATE);
                if (!(lr > 0)) {
                    throw m.get("learning_rate").error("must be > 0, got " + m.get("learning_rate").show());
                }
                opt = Adam.defaults().withLearningRate(lr);
            }
            default -> throw m.get("optimizer").error("must be lbfgs or adam, got " + m.get("optimizer").show());
        }
        int hidden = m.get("hidden").whole(100, 1);
        int iterations = m.get("iterations").whole(o.equals("adam") ? 3000 : NetworkTrainer.Options.defaults()
                .iterations(), 1);
        double vf = m.get("validation_fraction").number(0.1);
        if (!(vf >= 0 && vf <= 0.5)) {
            throw m.get("validation_fraction").error("must be in [0, 0.5], got " + m.get("validation_fraction")
                    .show());
        }
        return NetworkTrainer.Options.defaults().withHidden(hidden).withOptimizer(opt).withIterations(iterations)
                .withValidationFraction(vf).withThreads(threads).withProgressEvery(iterations);
    }

    private static GradientPrior.Options prior(Node m) {
        double d = m.get("d_scale").number(10);
        if (!(d >= 0) || !Double.isFinite(d)) {
            throw m.get("d_scale").error("must be finite and >= 0, got " + m.get("d_scale").show());
        }
        double floor = m.get("gradient_floor").number(1e-3);
        if (!(floor > 0 && floor <= 1)) {
            throw m.get("gradient_floor").error("must be in (0, 1], got " + m.get("gradient_floor").show());
        }
        PenaltyShape shape;
        DifferenceScheme scheme;
        try {
            shape = PenaltyShape.parse(m.get("penalty").text("square"));
        } catch (IllegalArgumentException e) {
            throw m.get("penalty").error(e.getMessage());
        }
        try {
            scheme = DifferenceScheme.parse(m.get("difference").text("central"));
        } catch (IllegalArgumentException e) {
            throw m.get("difference").error(e.getMessage());
        }
        return new GradientPrior.Options(d, shape, floor, scheme);
    }

    private static Map<String, Double> values(Node n) {
        Map<String, Double> v = new LinkedHashMap<>();
        if (n.isMissing()) {
            return v;
        }
        n.object(null);
        for (String k : n.keys()) {
            double x = n.get(k).number();
            if (!Double.isFinite(x)) {
                throw n.get(k).error("must be finite, got " + n.get(k).show());
            }
            v.put(k, x);
        }
        return v;
    }
}
