package org.astronest.forwardmodels.payne;

/**
 * Radial-velocity shift and linear interpolation of spectra.
 *
 * <p>Shift (shared/payne/README.md, as in The Payne's {@code spectral_model.py}): a source with radial velocity
 * {@code v} (km/s, positive receding) observed at wavelength {@code lambda} emitted at
 * {@code lambda * sqrt((1 - v/c)/(1 + v/c))}; the model flux at the observed pixel is the rest-frame model linearly
 * interpolated at that wavelength, with {@code c = 2.99792458e5 km/s}.
 *
 * <p>Interpolation follows {@code numpy.interp}: {@code f = fp[j] + (fp[j+1] - fp[j]) / (xp[j+1] - xp[j]) * (x -
 * xp[j])} for {@code xp[j] <= x < xp[j+1]}; outside the grid the edge value, or a given fill value.
 */
public final class Doppler {

    /** Speed of light in km/s (exact, SI definition). */
    public static final double C_KMS = 2.99792458e5;

    private Doppler() {
    }

    /** {@code sqrt((1 - v/c)/(1 + v/c))}. */
    public static double factor(double vKms) {
        double b = vKms / C_KMS;
        return Math.sqrt((1 - b) / (1 + b));
    }

    /** d factor / d v in 1/(km/s). */
    public static double factorDerivative(double vKms) {
        double b = vKms / C_KMS;
        double d = Math.sqrt((1 - b) / (1 + b));
        return -1.0 / ((1 + b) * (1 + b) * d) / C_KMS;
    }

    /** Fails naming the grid when it is not strictly increasing or not finite. */
    public static void requireIncreasing(double[] x, String what) {
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] is not finite: " + x[i]);
            }
            if (i > 0 && !(x[i] > x[i - 1])) {
                throw new IllegalArgumentException(what + " must be strictly increasing; [" + (i - 1) + "]=" + x[i - 1]
                        + ", [" + i + "]=" + x[i]);
            }
        }
    }

    /**
     * Interpolation of {@code fp} (on increasing grid {@code xp}) at {@code x[i] * scale + shift} for every i, with
     * {@code x} increasing; writes values to {@code out} and, when {@code slope} is not null, the local slope
     * {@code d f / d x'} (0 outside the grid). Outside the grid: {@code fill}, or the edge values when fill is NaN.
     */
    public static void interpolate(double[] xp, double[] fp, double[] x, double scale, double shift, double fill,
                                   double[] out, double[] slope) {
        int n = xp.length;
        int j = 0;
        boolean edge = Double.isNaN(fill);
        for (int i = 0; i < x.length; i++) {
            double q = x[i] * scale + shift;
            if (q < xp[0]) {
                out[i] = edge ? fp[0] : fill;
                if (slope != null) {
                    slope[i] = 0;
                }
                continue;
            }
            if (q >= xp[n - 1]) {
                out[i] = q == xp[n - 1] ? fp[n - 1] : edge ? fp[n - 1] : fill;
                if (slope != null) {
                    // at the last grid point the left interval's slope (one-sided derivative)
                    slope[i] = q == xp[n - 1] && n > 1 ? (fp[n - 1] - fp[n - 2]) / (xp[n - 1] - xp[n - 2]) : 0;
                }
                continue;
            }
            if (xp[j] > q) {
                j = 0; // queries are increasing, so this happens only for a non-monotone caller; restart
            }
            while (xp[j + 1] <= q) {
                j++;
            }
            double s = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
            out[i] = s * (q - xp[j]) + fp[j];
            if (slope != null) {
                slope[i] = s;
            }
        }
    }

    /**
     * Like {@link #interpolate} for several functions on the same grid: {@code fps} holds {@code m} values per grid
     * point ({@code fps[j*m + k]}) and {@code outs} receives {@code m} values per query ({@code outs[i*m + k]}).
     * Used for the Jacobian columns of a shifted spectrum.
     */
    public static void interpolateColumns(double[] xp, double[] fps, int m, double[] x, double scale, double shift,
                                          double fill, double[] outs) {
        int n = xp.length;
        int j = 0;
        boolean edge = Double.isNaN(fill);
        for (int i = 0; i < x.length; i++) {
            double q = x[i] * scale + shift;
            int o = i * m;
            if (q < xp[0] || q >= xp[n - 1]) {
                boolean exactLast = q == xp[n - 1];
                int src = q < xp[0] ? 0 : n - 1;
                for (int k = 0; k < m; k++) {
                    outs[o + k] = exactLast || edge ? fps[src * m + k] : fill;
                }
                continue;
            }
            if (xp[j] > q) {
                j = 0;
            }
            while (xp[j + 1] <= q) {
                j++;
            }
            double t = (q - xp[j]) / (xp[j + 1] - xp[j]);
            int a = j * m;
            int b = a + m;
            for (int k = 0; k < m; k++) {
                outs[o + k] = fps[a + k] + t * (fps[b + k] - fps[a + k]);
            }
        }
    }
}
