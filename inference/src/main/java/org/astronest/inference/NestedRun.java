package org.astronest.inference;

import java.util.Arrays;

/**
 * The sequence of a nested-sampling run, dead points then the final live points in order of increasing
 * likelihood: log-likelihood, expected log prior volume ln X, unnormalized log weight ln(L dX), the live-point count at
 * each, the birth contour of each point (the threshold it was drawn above: -infinity for the first live points;
 * PolyChord's and anesthetic's {@code logL_birth}), the number of dead points (the rest are the final live points),
 * and the points themselves (every column of the samples, with plain nested-sampling weights). Enough to draw the run
 * plot and to write PolyChord's {@code dead-birth} / {@code phys_live-birth} files.
 *
 * <p>Runs read from a directory of an earlier layout have no births (NaN), {@code deadCount} -1 and no points.
 */
public record NestedRun(double[] logL, double[] logX, double[] logWeight, int[] liveCount, double[] logLBirth,
                        int deadCount, WeightedSamples points) {

    public NestedRun {
        int n = logL.length;
        if (logX.length != n || logWeight.length != n || liveCount.length != n || logLBirth.length != n) {
            throw new IllegalArgumentException("nested run: arrays of different lengths (" + n + " log-likelihoods)");
        }
        if (deadCount > n) {
            throw new IllegalArgumentException("nested run: " + deadCount + " dead points of " + n);
        }
        if (points != null && points.size() != n) {
            throw new IllegalArgumentException("nested run: " + points.size() + " points for " + n + " rows");
        }
    }

    /** A run without births or points (the layout before they were recorded). */
    public NestedRun(double[] logL, double[] logX, double[] logWeight, int[] liveCount) {
        this(logL, logX, logWeight, liveCount, nan(logL.length), -1, null);
    }

    private static double[] nan(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    public int size() {
        return logL.length;
    }

    /** True when every point's birth contour and the dead/live split are recorded. */
    public boolean hasBirths() {
        if (deadCount < 0) {
            return false;
        }
        for (double b : logLBirth) {
            if (Double.isNaN(b)) {
                return false;
            }
        }
        return true;
    }
}
