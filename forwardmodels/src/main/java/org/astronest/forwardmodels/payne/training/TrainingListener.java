package org.astronest.forwardmodels.payne.training;

/** Progress of a network training, reported every few iterations (the CLI prints a line). */
@FunctionalInterface
public interface TrainingListener {

    /**
     * Progress after {@code iteration} of {@code iterations}.
     *
     * @param iteration     iterations done
     * @param iterations    iterations planned
     * @param trainChi2     chi-square per training flux value (at the last iteration's start, summed over pixels)
     * @param validChi2     chi-square per validation flux value of the current weights (NaN without validation)
     * @param penalty       gradient-prior penalty summed over pixels (0 without a prior)
     * @param seconds       wall seconds since this training (or its resumption) started
     */
    void progress(int iteration, int iterations, double trainChi2, double validChi2, double penalty, double seconds);

    /** A listener that ignores progress. */
    static TrainingListener none() {
        return (i, n, t, v, p, s) -> { };
    }
}
