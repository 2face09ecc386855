package org.astronest.inference.nested;

import org.astronest.inference.RunResult;
import org.astronest.inference.StateCodec;

/**
 * One way of drawing new points from the prior restricted to {@code L > L_min}: region rejection, slice chains, ...
 * A step owns its bound or metric and its counters, and writes them as its own checkpoint section. A new step is
 * this interface in one file plus its registration in {@link StepPolicy}.
 *
 * <p>Contract: draws come only from {@code Rngs.stream(seed, kind, batchId, item)} streams with the step's own kind
 * ({@link Streams}); the points a batch appends depend only on the state, the threshold and {@code batchId}, never
 * on the thread count.
 */
interface ConstrainedStep extends StateCodec.Part {

    /** Name in diagnostics and messages. */
    String name();

    /**
     * Refits the step's bound or metric to the current live points (called at every rebuild while active);
     * {@code logX} is the expected ln prior volume inside the current threshold.
     */
    void rebuild(long rebuildId, double logX);

    /**
     * Draws one batch and appends the new points (each uniform in the prior above {@code lMin}) to {@code queue}.
     * Returns the likelihood calls spent.
     */
    long fill(double lMin, long batchId, ProposalQueue queue);

    /**
     * As {@link #fill(double, long, ProposalQueue)}, every new point drawn within cluster {@code cluster} of the
     * live points ({@link ClusterVolumes}) and queued with that cluster; a negative cluster is the whole region.
     * Only steps whose chains stay in their start's mode can do this (slice chains); the default refuses.
     */
    default long fill(double lMin, long batchId, ProposalQueue queue, int cluster) {
        if (cluster < 0) {
            return fill(lMin, batchId, queue);
        }
        throw new UnsupportedOperationException(name() + " cannot draw within one cluster");
    }

    /**
     * Called once when this step takes over from another after the first dead point, threshold {@code lMin}: the
     * step may move the live points within {@code L > lMin} by a kernel that keeps the uniform distribution there,
     * so that they no longer carry the previous step's defects (default: nothing). Returns the likelihood calls.
     */
    default long takeOver(double lMin) {
        return 0;
    }

    /** Live slot {@code slot} now holds a new point. */
    void replaced(int slot);

    /** Likelihood calls spent by this step since the run started. */
    long calls();

    /**
     * What the step has spent since the run started, in likelihood-call equivalents: its calls plus its own work
     * (region draws) on the same scale (default: the calls alone).
     */
    default double cost() {
        return calls();
    }

    /** New points this step has delivered (appended to the queue) since the run started. */
    long accepted();

    /** Recent acceptance rate per likelihood call (for progress lines). */
    double efficiency();

    /** Adds the step's diagnostics to the result. */
    void diagnostics(RunResult.Builder result);
}
