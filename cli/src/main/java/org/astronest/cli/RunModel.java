package org.astronest.cli;

import java.util.List;
import org.astronest.inference.InferenceProblem;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;

/** A model a config can name under {@code model: {type: ...}}: its parameters with default priors and a problem. */
public interface RunModel {

    /** The model type as written in configs. */
    String type();

    /** The model's parameters with their default priors, in order. */
    List<Parameter> defaults();

    /** The inference problem for the given priors (the defaults overridden by the config). */
    InferenceProblem problem(PriorSet priors);
}
