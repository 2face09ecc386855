package org.astronest.inference;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * A posterior sampler. Configured once (options are validated records), holds no run state, and may run any number
 * of problems. Randomness comes only from the given generator; see {@link Rngs}.
 */
public interface Sampler {

    /** Runs the sampler on a problem, reporting progress to the listener. */
    RunResult run(InferenceProblem problem, UniformRandomProvider rng, RunListener listener);

    /** Runs the sampler without progress reports. */
    default RunResult run(InferenceProblem problem, UniformRandomProvider rng) {
        return run(problem, rng, RunListener.NONE);
    }

    /** Short name written to results ({@code nested}, {@code ensemble}, ...). */
    String name();
}
