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

/** {@code model: {type: problem, name: shells2d}}: an analytic problem of the catalogue (docs/validation.md). */
final class ProblemModelKind implements ModelKind {

    @Override
    public List<String> types() {
        return List.of("problem");
    }

    @Override
    public ConfigModel create(RunConfig config) {
        Node m = config.model().object(Set.of("type", "name"));
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
