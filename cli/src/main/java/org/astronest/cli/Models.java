package org.astronest.cli;

import java.util.ArrayList;
import java.util.List;
import org.astronest.cli.config.Node;
import org.astronest.cli.config.RunConfig;

/** The registry of model kinds a run config can name: the one place that lists them. */
public final class Models {

    private static final List<ModelKind> KINDS = List.of(
            new LineModelKind(),
            new ProblemModelKind(),
            new PayneModelKind(),
            new PayneTrainModelKind(),
            new McfaModelKind(),
            new NmfHaloModelKind(),
            new CrossSurveyModelKind(),
            new CrossSurveyZModelKind(),
            new DoppelgangerModelKind());

    /** Model types known to {@code run}, in registration order. */
    public static final List<String> TYPES = types();

    private Models() {
    }

    private static List<String> types() {
        List<String> out = new ArrayList<>();
        for (ModelKind k : KINDS) {
            out.addAll(k.types());
        }
        return List.copyOf(out);
    }

    /** The model of a config; errors name {@code model.type} and the known types. */
    public static ConfigModel create(RunConfig config) {
        Node m = config.model();
        if (m.isMissing()) {
            throw m.error("missing: give model: {type: ...}; known types: " + String.join(", ", TYPES));
        }
        String type = m.get("type").text();
        for (ModelKind k : KINDS) {
            if (k.types().contains(type)) {
                return k.create(config);
            }
        }
        throw m.get("type").error("unknown model type '" + type + "'; known: " + String.join(", ", TYPES));
    }

    /** The sampled model of a config, or a config error when its kind is fitted, not sampled. */
    public static RunModel sampled(RunConfig config) {
        ConfigModel m = create(config);
        if (m instanceof RunModel r) {
            return r;
        }
        throw config.model().get("type").error("model type '" + m.type() + "' is fitted, not sampled");
    }
}
