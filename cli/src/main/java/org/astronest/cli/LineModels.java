package org.astronest.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.astronest.cli.config.Node;
import org.astronest.cli.config.RunConfig;
import org.astronest.emulators.Backend;
import org.astronest.emulators.EmulatorCatalog;
import org.astronest.emulators.LineId;
import org.astronest.forwardmodels.molecular.ChemistryModel;
import org.astronest.forwardmodels.molecular.EmulatorChemistry;
import org.astronest.forwardmodels.molecular.EmulatorLineTransfer;
import org.astronest.forwardmodels.molecular.LineFit;
import org.astronest.forwardmodels.molecular.LineLikelihood;
import org.astronest.forwardmodels.molecular.LineModel;
import org.astronest.forwardmodels.molecular.LineParameters;
import org.astronest.forwardmodels.molecular.LineObservation;
import org.astronest.forwardmodels.molecular.LineTransfer;
import org.astronest.forwardmodels.molecular.RadexLineTransfer;
import org.astronest.forwardmodels.radex.Geometry;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogLikelihood;
import org.astronest.priors.Parameter;
import org.astronest.priors.Prior;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/**
 * Reads the molecular-line sections of a run config (the YAML side of {@link LineModelKind}):
 * <pre>
 * model: {type: chemistry-dependent | chemistry-independent, phases: 1, shared: [metallicity, dv],
 *         radiative_transfer: emulator | radex, geometry: sphere | lvg | slab, radex_mode: accelerated | classic,
 *         backend: java | dl4j, emulchem_dir: DIR}
 * lines:
 *   - {line: "CO(3-2)", intensity: 2346.28, sigma_rel: 0.2}       # or sigma: (K km/s); upper_limit: true
 * likelihood: {mode: intensity | ratio, reference: "CO(3-2)",
 *              model_error: {absolute: 0.0, fractional: 0.0},
 *              calibration: {sigma: 0.1, mode: quadrature | nuisance}}
 * </pre>
 * Parameters left out of {@code parameters:} get the defaults of {@link LineParameters} (thesis Table 2.2); a prior
 * reaching outside the valid range of its model input is a config error naming the parameter.
 */
final class LineModels {

    static final Set<String> MODEL_KEYS = Set.of("type", "phases", "shared", "radiative_transfer", "geometry",
            "radex_mode", "backend", "emulchem_dir");

    private LineModels() {
    }

    /** Everything a run or a prediction needs. */
    record Setup(LineModel model, LineFit fit, boolean calibrationNuisance, double calibrationSigma, String type) {
    }

    static Setup setup(RunConfig c) {
        Node m = c.model().object(MODEL_KEYS);
        String typeText = m.get("type").text();
        LineModel.Kind kind;
        try {
            kind = LineModel.Kind.parse(typeText);
        } catch (IllegalArgumentException e) {
            throw m.get("type").error(e.getMessage());
        }
        int phases = (int) m.get("phases").number(1);
        if (phases < 1 || phases > 5) {
            throw m.get("phases").error("must be a whole number from 1 to 5, got " + m.get("phases").show());
        }
        Set<String> shared = new LinkedHashSet<>();
        if (!m.get("shared").isMissing()) {
            for (Node s : m.get("shared").list()) {
                shared.add(s.text());
            }
        }
        String rt = m.get("radiative_transfer").text("emulator");
        // lines
        Node ls = c.lines();
        if (ls.isMissing()) {
            throw ls.error("missing: give the observed lines, e.g. - {line: \"CO(3-2)\", intensity: 100, sigma_rel: 0.2}");
        }
        List<LineObservation> obs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        EmulatorCatalog catalog = null;
        if (rt.equals("emulator") || kind == LineModel.Kind.CHEMISTRY_DEPENDENT) {
            try {
                catalog = EmulatorCatalog.open(m.get("emulchem_dir").text(null));
                Backend b = Backend.parse(m.get("backend").text("java"));
                catalog = catalog.withBackend(b);
            } catch (IllegalArgumentException e) {
                throw m.error(e.getMessage());
            }
        } else if (!m.get("backend").isMissing()) {
            throw m.get("backend").error("backend applies to emulators only (radiative_transfer: emulator)");
        }
        for (Node l : ls.list()) {
            l.object(Set.of("line", "intensity", "sigma", "sigma_rel", "upper_limit"));
            String name = l.get("line").text();
            LineId id;
            try {
                id = LineId.parse(name);
                if (catalog != null && rt.equals("emulator")) {
                    catalog.line(id);
                }
            } catch (IllegalArgumentException e) {
                throw l.get("line").error("unknown line '" + name + "': " + e.getMessage());
            }
            if (names.contains(id.toString())) {
                throw l.get("line").error("line " + id + " is listed twice");
            }
            names.add(id.toString());
            if (!l.has("sigma") && !l.has("sigma_rel")) {
                throw l.error("missing sigma: give sigma (K km/s) or sigma_rel (fraction of the intensity)");
            }
            double intensity = l.get("intensity").number();
            if (!(intensity >= 0)) {
                throw l.get("intensity").error("must be >= 0 (K km/s), got " + l.get("intensity").show());
            }
            try {
                obs.add(new LineObservation(id.toString(), intensity, l.get("sigma").number(Double.NaN),
                        l.get("sigma_rel").number(Double.NaN), l.get("upper_limit").bool(false)));
            } catch (IllegalArgumentException e) {
                throw l.error(e.getMessage());
            }
        }
        LineTransfer transfer;
        try {
            if (rt.equals("emulator")) {
                if (!m.get("geometry").isMissing()) {
                    throw m.get("geometry").error("the RADEX emulators were trained on one geometry; geometry applies "
                            + "to radiative_transfer: radex");
                }
                transfer = new EmulatorLineTransfer(catalog, names);
            } else if (rt.equals("radex")) {
                Geometry g = m.get("geometry").isMissing() ? null : Geometry.parse(m.get("geometry").text());
                String mode = m.get("radex_mode").text("accelerated");
                org.astronest.forwardmodels.radex.RadexOptions opts = switch (mode) {
                    case "accelerated" -> RadexLineTransfer.FITTING;
                    case "classic" -> org.astronest.forwardmodels.radex.RadexOptions.CLASSIC;
                    default -> throw m.get("radex_mode").error("unknown radex_mode '" + mode
                            + "'; known: accelerated, classic");
                };
                transfer = new RadexLineTransfer(names, g, opts);
            } else {
                throw m.get("radiative_transfer").error("unknown radiative transfer '" + rt + "'; known: emulator, radex");
            }
        } catch (org.astronest.cli.config.ConfigException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw m.error(e.getMessage());
        }
        ChemistryModel chemistry = kind == LineModel.Kind.CHEMISTRY_DEPENDENT
                ? new EmulatorChemistry(catalog, transfer.species()) : null;
        LineModel model;
        try {
            model = new LineModel(kind, phases, shared, transfer, chemistry);
        } catch (IllegalArgumentException e) {
            throw m.error(e.getMessage());
        }
        // likelihood
        Node lk = c.likelihood();
        String mode = "intensity";
        double floorAbs = 0;
        double floorRel = 0;
        double calSigma = 0;
        boolean nuisance = false;
        String reference = null;
        if (!lk.isMissing()) {
            lk.object(Set.of("mode", "reference", "model_error", "calibration"));
            mode = lk.get("mode").text("intensity");
            Node me = lk.get("model_error");
            if (!me.isMissing()) {
                me.object(Set.of("absolute", "fractional"));
                floorAbs = nonNegative(me.get("absolute"));
                floorRel = nonNegative(me.get("fractional"));
            }
            Node cal = lk.get("calibration");
            if (!cal.isMissing()) {
                cal.object(Set.of("sigma", "mode"));
                calSigma = nonNegative(cal.get("sigma"));
                String cm = cal.get("mode").text("quadrature");
                if (!cm.equals("quadrature") && !cm.equals("nuisance")) {
                    throw cal.get("mode").error("unknown calibration mode '" + cm + "'; known: quadrature, nuisance");
                }
                nuisance = cm.equals("nuisance") && calSigma > 0;
            }
            reference = lk.get("reference").text(null);
        }
        LineLikelihood likelihood;
        try {
            if (mode.equals("intensity")) {
                likelihood = LineLikelihood.intensities(obs, floorAbs, floorRel, nuisance ? 0 : calSigma);
            } else if (mode.equals("ratio")) {
                if (reference == null) {
                    throw lk.error("ratio mode needs 'reference' (the line the others are divided by)");
                }
                int ref = names.indexOf(LineId.parse(reference).toString());
                if (ref < 0) {
                    throw lk.get("reference").error("reference line '" + reference + "' is not among the lines "
                            + names);
                }
                likelihood = LineLikelihood.ratios(obs, ref);
            } else {
                throw lk.get("mode").error("unknown likelihood mode '" + mode + "'; known: intensity, ratio");
            }
        } catch (org.astronest.cli.config.ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw lk.error(e.getMessage());
        }
        return new Setup(model, new LineFit(model, likelihood, nuisance), nuisance, calSigma, kind.label());
    }

    private static double nonNegative(Node n) {
        double v = n.number(0);
        if (!(v >= 0)) {
            throw n.error("must be >= 0, got " + n.show());
        }
        return v;
    }

    /** The default priors of every model parameter (thesis Table 2.2, {@link LineParameters#defaults}). */
    static List<Parameter> defaults(Setup s) {
        return LineParameters.defaults(s.model(), s.calibrationNuisance(), s.calibrationSigma());
    }

    /** Refuses a prior that reaches outside the valid range of the model input it feeds, naming the parameter. */
    static void checkDomain(Setup s, PriorSet priors, RunConfig c) {
        for (Parameter p : priors.parameters()) {
            double[] r = LineParameters.validRange(s.model(), p.name());
            Prior pr = p.prior();
            if (pr.lower() < r[0] || pr.upper() > r[1]) {
                String what = LineParameters.emulated(s.model()) ? "the emulators' valid range" : "the valid range";
                throw c.parameters().getOrDefault(p.name(), c.model()).error("prior " + pr.describe() + " of "
                        + p.name() + " reaches outside " + what + " " + fmt(r[0]) + ".." + fmt(r[1]));
            }
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /**
     * The inference problem of a line fit: values through the batched model; with emulated radiative transfer also
     * the analytic gradient (reverse mode through the networks, {@link LineFit#logLikelihood(double[], double[])}),
     * while the native RADEX leaves gradient samplers to finite differences.
     */
    static InferenceProblem problem(Setup s, PriorSet priors) {
        LineFit fit = s.fit();
        LogLikelihood like = new LogLikelihood() {
            @Override
            public double logLikelihood(double[] theta) {
                return fit.logLikelihood(theta);
            }

            @Override
            public void logLikelihood(double[][] thetas, double[] out) {
                fit.logLikelihood(thetas, out);
            }
        };
        if (!fit.differentiable()) {
            return InferenceProblem.of(priors, like);
        }
        return InferenceProblem.of(priors, GradientLogLikelihood.of(like, fit::logLikelihood));
    }

    /**
     * The observed lines as data along the dimension {@code line}: {@code intensity} and {@code sigma} (the
     * observational 1-sigma, K km/s) and {@code upper_limit} (1 for an upper limit, else 0).
     */
    static org.astronest.inference.ObservedData observed(Setup s) {
        List<LineObservation> obs = s.fit().likelihood().observations();
        List<String> names = new ArrayList<>();
        double[] in = new double[obs.size()];
        double[] sg = new double[obs.size()];
        double[] ul = new double[obs.size()];
        for (int i = 0; i < obs.size(); i++) {
            LineObservation o = obs.get(i);
            names.add(o.line());
            in[i] = o.intensity();
            sg[i] = o.observationalSigma();
            ul[i] = o.upperLimit() ? 1 : 0;
        }
        java.util.Map<String, double[]> v = new java.util.LinkedHashMap<>();
        v.put("intensity", in);
        v.put("sigma", sg);
        v.put("upper_limit", ul);
        return new org.astronest.inference.ObservedData("line", names, v);
    }
}
