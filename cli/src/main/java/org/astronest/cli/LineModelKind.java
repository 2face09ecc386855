package org.astronest.cli;

import java.util.List;
import org.astronest.cli.config.RunConfig;
import org.astronest.inference.InferenceProblem;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;

/**
 * The molecular-line models ({@code chemistry-dependent}, {@code chemistry-independent}): the {@code model},
 * {@code lines} and {@code likelihood} sections are read by {@link LineModels}; defaults and valid ranges come from
 * {@code forwardmodels.molecular.LineParameters}.
 */
final class LineModelKind implements ModelKind {

    @Override
    public List<String> types() {
        return List.of("chemistry-dependent", "chemistry-independent");
    }

    @Override
    public ConfigModel create(RunConfig config) {
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
            public java.util.Optional<org.astronest.inference.ObservedData> observed() {
                return java.util.Optional.of(LineModels.observed(s));
            }

            @Override
            public InferenceProblem problem(PriorSet priors) {
                LineModels.checkDomain(s, priors, config);
                return LineModels.problem(s, priors);
            }
        };
    }
}
