package org.astronest.inference.nested;

import org.astronest.inference.InferenceProblem;
import org.astronest.inference.WorkPool;

/**
 * What a constrained step may read and use: the problem, the live points, the shared proposal buffers, the worker
 * pool, the run's base seed and the options.
 *
 * @param sliceSteps slice steps per new point (resolved: the option, or the calibration's floor of 10 x dimension)
 * @param importance every evaluation with a known proposal density, for the importance-sampled evidence
 */
record StepContext(InferenceProblem problem, LivePoints live, ProposalBatch batch, WorkPool pool, long seed,
                   NestedSampler.Options options, int sliceSteps, ImportanceRecord importance) {

    int n() {
        return live.n;
    }

    int d() {
        return live.d;
    }
}
