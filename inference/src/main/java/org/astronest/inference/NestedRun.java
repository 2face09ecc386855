package org.astronest.inference;

/**
 * The sequence of a nested-sampling run, dead points then the final live points in order of increasing
 * likelihood: log-likelihood, expected log prior volume ln X, and unnormalized log weight ln(L dX); and the live-point
 * count at each. Enough to draw the run plot (log L and posterior weight against ln X, cumulative log Z).
 */
public record NestedRun(double[] logL, double[] logX, double[] logWeight, int[] liveCount) {

    public int size() {
        return logL.length;
    }
}
