package org.astronest.forwardmodels.crosssurvey;

/**
 * Stars seen by two surveys (seed 002, Wheeler 2019, sec. 2): {@code hi} the high-resolution spectra F1 (n x p1,
 * treated as exact), {@code lo} the low-resolution spectra F2 (n x p2) and {@code loErr} their per-pixel errors E2.
 */
public record CrossSurveyData(double[][] hi, double[][] lo, double[][] loErr) {

    public CrossSurveyData {
        if (lo.length == 0) {
            throw new IllegalArgumentException("no stars");
        }
        if (hi.length != lo.length || loErr.length != lo.length) {
            throw new IllegalArgumentException("hi, lo and lo_err must have one row per star, got " + hi.length
                    + ", " + lo.length + " and " + loErr.length);
        }
        check(hi, hi[0].length, "hi", false);
        check(lo, lo[0].length, "lo", false);
        check(loErr, lo[0].length, "lo_err", true);
    }

    /** Number of stars. */
    public int stars() {
        return lo.length;
    }

    /** Pixels of the high-resolution spectra. */
    public int hiPixels() {
        return hi[0].length;
    }

    /** Pixels of the low-resolution spectra. */
    public int loPixels() {
        return lo[0].length;
    }

    /** Rows {@code from..to-1}. */
    public CrossSurveyData rows(int from, int to) {
        return new CrossSurveyData(java.util.Arrays.copyOfRange(hi, from, to),
                java.util.Arrays.copyOfRange(lo, from, to), java.util.Arrays.copyOfRange(loErr, from, to));
    }

    static void check(double[][] m, int width, String name, boolean positive) {
        for (int i = 0; i < m.length; i++) {
            if (m[i].length != width) {
                throw new IllegalArgumentException(name + " row " + i + " has " + m[i].length + " values, expected "
                        + width);
            }
            for (int j = 0; j < width; j++) {
                double v = m[i][j];
                if (!Double.isFinite(v) || positive && !(v > 0)) {
                    throw new IllegalArgumentException(name + " row " + i + " pixel " + j + " must be "
                            + (positive ? "> 0" : "finite") + ", got " + v);
                }
            }
        }
    }
}
