package org.astronest.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.astronest.cli.config.ConfigPaths;
import org.astronest.cli.config.Node;
import org.astronest.cli.config.RunConfig;
import org.astronest.forwardmodels.payne.Activation;
import org.astronest.forwardmodels.payne.PayneProblem;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.RunResult;
import org.astronest.inference.WeightedSamples;
import org.astronest.inference.WeightedStats;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;

/**
 * {@code model: {type: payne, ...}}: the labels (and radial velocity) of one spectrum under a Payne-family network,
 * the YAML form of {@code payne fit --method nested|ensemble} (docs/payne.md):
 * <pre>
 * model: {type: payne, network: NPZ, spectrum: FILE, wavelength: NPZ, mask: NPZ, max_error: E, rv: true,
 *         rv_range: [MIN, MAX], labels: [..], activations: [..], likelihood: auto | chi2 | cclya}
 * </pre>
 * Paths are relative to the working directory or {@code shared:REL} (see {@link ConfigPaths}). The default priors
 * are uniform over the network's training box and the velocity range, as for {@code payne fit}; {@code parameters:}
 * overrides them. The run directory also gets {@code model_spectrum.csv} at the posterior medians.
 */
final class PayneModelKind implements ModelKind {

    static final Set<String> KEYS = Set.of("type", "network", "spectrum", "wavelength", "mask", "max_error", "rv",
            "rv_range", "labels", "activations", "likelihood");

    @Override
    public List<String> types() {
        return List.of("payne");
    }

    @Override
    public ConfigModel create(RunConfig config) {
        Node m = config.model().object(KEYS);
        Boolean cclya = switch (m.get("likelihood").text("auto")) {
            case "auto" -> null;
            case "chi2" -> Boolean.FALSE;
            case "cclya" -> Boolean.TRUE;
            default -> throw m.get("likelihood").error("must be auto, chi2 or cclya, got "
                    + m.get("likelihood").show());
        };
        double maxError = m.get("max_error").number(Double.POSITIVE_INFINITY);
        if (!(maxError > 0)) {
            throw m.get("max_error").error("must be > 0, got " + m.get("max_error").show());
        }
        Boolean rv = m.has("rv") ? m.get("rv").bool(true) : null;
        double[] rvRange = null;
        if (m.has("rv_range")) {
            List<Node> r = m.get("rv_range").list();
            if (r.size() != 2 || !(r.get(1).number() > r.get(0).number())) {
                throw m.get("rv_range").error("must be [MIN, MAX] in km/s with MIN < MAX, got "
                        + m.get("rv_range").show());
            }
            rvRange = new double[] {r.get(0).number(), r.get(1).number()};
        }
        List<String> labels = texts(m.get("labels"));
        List<Activation> acts = null;
        if (m.has("activations")) {
            acts = new ArrayList<>();
            for (Node a : m.get("activations").list()) {
                try {
                    acts.add(Activation.parse(a.text()));
                } catch (IllegalArgumentException e) {
                    throw a.error(e.getMessage());
                }
            }
        }
        Path network = ConfigPaths.file(m.get("network"));
        Path spectrum = ConfigPaths.file(m.get("spectrum"));
        if (network == null || spectrum == null) {
            throw m.error("give network: NPZ and spectrum: FILE");
        }
        PayneProblem p;
        try {
            p = PayneCommand.problem(network, acts, spectrum, ConfigPaths.file(m.get("mask")), "model.mask",
                    ConfigPaths.file(m.get("wavelength")),
                    new PayneProblem.Options(rv, rvRange, maxError, labels, cclya));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw m.error(e.getMessage());
        }
        List<Parameter> defaults = PayneProblem.parameters(p.parameterNames(), p.lower(), p.upper());
        return new RunModel() {
            @Override
            public String type() {
                return "payne";
            }

            @Override
            public List<Parameter> defaults() {
                return defaults;
            }

            @Override
            public InferenceProblem problem(PriorSet priors) {
                return InferenceProblem.of(priors, likelihood(p));
            }

            @Override
            public void finish(Path dir, RunResult result) {
                WeightedSamples s = result.samples();
                List<String> names = p.parameterNames();
                double[] median = new double[names.size()];
                for (int k = 0; k < median.length; k++) {
                    median[k] = WeightedStats.quantile(s.column(names.get(k)), s.weights(), 0.5);
                }
                PayneCommand.writeModel(dir.resolve(PayneCommand.MODEL_CSV), p, median);
            }
        };
    }

    private static List<String> texts(Node n) {
        if (n.isMissing()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Node x : n.list()) {
            out.add(x.text());
        }
        return out;
    }

    /**
     * The Payne likelihood as the samplers take it: ln L, its batched form through the network's batch path, and its
     * analytic gradient (network Jacobian with the Doppler shift), so NUTS needs no finite differences.
     */
    static GradientLogLikelihood likelihood(PayneProblem p) {
        return new GradientLogLikelihood() {
            @Override
            public double logLikelihood(double[] theta, double[] gradient) {
                return p.logLikelihood(theta, gradient);
            }

            @Override
            public double logLikelihood(double[] theta) {
                return p.logLikelihood(theta);
            }

            @Override
            public void logLikelihood(double[][] thetas, double[] out) {
                p.logLikelihood(thetas, out);
            }
        };
    }
}
