package org.astronest.inference.mcmc;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * A proposal strategy of the ensemble sampler: moves one walker using the positions of the complementary half of the
 * ensemble (Goodman &amp; Weare 2010, sec. 3; Foreman-Mackey et al. 2013, sec. 3). Implementations are immutable
 * and thread-safe; all randomness comes from the walker's own generator.
 */
public interface Move {

    /**
     * Writes a proposal for the walker at {@code x} into {@code out} and returns the log of the proposal's
     * correction factor, added to the log acceptance ratio (0 for symmetric proposals; {@code (d - 1) ln z} for the
     * stretch move).
     *
     * @param x          current position of the walker (free parameters; must not be modified)
     * @param complement current positions of the complementary walkers (must not be modified); at least 2
     * @param out        receives the proposal (same length as x)
     * @param rng        the walker's generator for this step
     */
    double propose(double[] x, double[][] complement, double[] out, UniformRandomProvider rng);

    /** A short description for provenance, e.g. {@code stretch(a=2)}. */
    String describe();
}
