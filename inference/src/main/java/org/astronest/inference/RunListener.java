package org.astronest.inference;

import java.util.Map;

/** Progress hook of a run (for a progress line, logging or a live plot). Called on the sampler's own thread. */
@FunctionalInterface
public interface RunListener {

    RunListener NONE = p -> { };

    /** Called every few iterations with the sampler's current state. Must be quick and must not throw. */
    void progress(Progress progress);

    /**
     * A snapshot of progress: iteration count, likelihood calls so far, wall seconds, and sampler-specific numbers
     * (e.g. {@code logZ}, {@code dlogz}, {@code efficiency} for nested sampling; {@code acceptance}, {@code tau} for
     * MCMC).
     */
    record Progress(String sampler, long iteration, long likelihoodCalls, double wallSeconds,
                    Map<String, Double> values) {
        public Progress {
            values = Map.copyOf(values);
        }
    }
}
