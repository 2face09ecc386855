package org.astronest.cli;

import java.util.List;
import java.util.Set;
import org.astronest.cli.config.Node;
import org.astronest.cli.config.RunConfig;
import org.astronest.inference.InferenceProblem;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.validation.problems.ProblemCatalog;
import org.astronest.validation.problems.TestProblem;

/** The model types a run config can name. */
public final class Models {

    /** Model types known to {@code run}. */
    public static final List<String> TYPES = List.of("chemistry-dependent", "chemistry-independent", "problem");

    private Models() {
    }

    /** The model of a config; errors name {@code model.type} and the known types. */
    public static RunModel create(RunConfig config) {
        Node m = config.model();
        if (m.isMissing()) {
            throw m.error("missing: give model: {type: ...}; known types: " + String.join(", ", TYPES));
        }
        String type = m.get("type").text();
        switch (type) {
            case "problem":
                return problem(m);
            case "chemistry-dependent":
            case "chemistry-independent":
                return lines(config);
            default:
                throw m.get("type").error("unknown model type '" + type + "'; known: " + String.join(", ", TYPES));
        }
    }

    /** The molecular-line models (see {@link LineModels}). */
    private static RunModel lines(RunConfig config) {
        LineModels.Setup s = LineModels.setup(config);
        List<Parameter> defaults = LineModels.defaults(s);
        return new RunModel() {
            @Override
            public String type() {
                return s.type();
            }

            @Override
            public List<Parameter> defaults() {
                return defaults;
            }

            @Override
            public InferenceProblem problem(PriorSet priors) {
                LineModels.checkDomain(s, priors, config);
                return LineModels.problem(s, priors);
            }
        };
    }

    /** {@code model: {type: problem, name: shells2d}}: an analytic catalogue problem. */
    private static RunModel problem(Node m) {
        m.object(Set.of("type", "name"));
        String name = m.get("name").text();
        if (!ProblemCatalog.NAMES.contains(name)) {
            throw m.get("name").error("unknown problem '" + name + "'; known: " + String.join(", ",
                    ProblemCatalog.NAMES));
        }
        TestProblem tp = ProblemCatalog.get(name);
        return new RunModel() {
            @Override
            public String type() {
                return "problem " + name;
            }

            @Override
            public List<Parameter> defaults() {
                return tp.problem().priors().parameters();
            }

            @Override
            public InferenceProblem problem(PriorSet priors) {
                return InferenceProblem.of(priors, tp.problem().likelihood());
            }
        };
    }
}
