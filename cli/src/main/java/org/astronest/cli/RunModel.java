package org.astronest.cli;

import java.nio.file.Path;
import java.util.List;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.RunResult;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;

/**
 * A model whose posterior {@code run} samples: its parameters with default priors, and the inference problem for
 * the priors a config gives (the steps: config -> problem -> check -> sampler -> run directory -> plots).
 */
public non-sealed interface RunModel extends ConfigModel {

    /** The model's parameters with their default priors, in order. */
    List<Parameter> defaults();

    /** The inference problem for the given priors (the defaults overridden by the config). */
    InferenceProblem problem(PriorSet priors);

    /** The data the model is fitted to, carried into the result (ArviZ's observed_data); none by default. */
    default java.util.Optional<org.astronest.inference.ObservedData> observed() {
        return java.util.Optional.empty();
    }

    /** Writes the model's own files into the finished run directory (none by default). */
    default void finish(Path dir, RunResult result) {
    }
}
