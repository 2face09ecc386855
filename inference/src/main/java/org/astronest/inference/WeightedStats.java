package org.astronest.inference;

import java.util.Arrays;

/** Weighted moments and quantiles of one column of samples. */
public final class WeightedStats {

    private WeightedStats() {
    }

    /**
     * Weighted quantile at probability {@code q}: sort the values, form the cumulative normalized weights c_i, and
     * interpolate linearly in (c_i, x_i) (the convention of corner.py's {@code quantile}); clamps to the extreme
     * values below c_0 and above c_{n-1}. Rows of zero weight are ignored.
     */
    public static double quantile(double[] x, double[] w, double q) {
        return quantiles(x, w, new double[] {q})[0];
    }

    /** Several weighted quantiles at once (one sort). */
    public static double[] quantiles(double[] xAll, double[] wAll, double[] qs) {
        int n = 0;
        for (double v : wAll) {
            if (v > 0) {
                n++;
            }
        }
        double[] x = new double[n];
        double[] w = new double[n];
        for (int i = 0, k = 0; i < wAll.length; i++) {
            if (wAll[i] > 0) {
                x[k] = xAll[i];
                w[k++] = wAll[i];
            }
        }
        if (n == 0) {
            double[] nan = new double[qs.length];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        double[] xs = new double[n];
        double[] c = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            xs[i] = x[order[i]];
            total += w[order[i]];
            c[i] = total;
        }
        for (int i = 0; i < n; i++) {
            c[i] /= total;
        }
        double[] out = new double[qs.length];
        for (int k = 0; k < qs.length; k++) {
            double q = qs[k];
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException("quantile probability must be in [0, 1], got " + q);
            }
            if (q <= c[0]) {
                out[k] = xs[0];
                continue;
            }
            if (q >= c[n - 1]) {
                out[k] = xs[n - 1];
                continue;
            }
            int lo = 0;
            int hi = n - 1;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (c[mid] < q) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double t = c[hi] == c[lo] ? 0 : (q - c[lo]) / (c[hi] - c[lo]);
            out[k] = xs[lo] + t * (xs[hi] - xs[lo]);
        }
        return out;
    }

    /** Weighted mean with normalized weights. */
    public static double mean(double[] x, double[] w) {
        double s = 0;
        double ws = 0;
        for (int i = 0; i < x.length; i++) {
            s += w[i] * x[i];
            ws += w[i];
        }
        return s / ws;
    }

    /** Weighted standard deviation (the plain second central moment with normalized weights). */
    public static double sd(double[] x, double[] w) {
        double m = mean(x, w);
        double s = 0;
        double ws = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - m;
            s += w[i] * d * d;
            ws += w[i];
        }
        return Math.sqrt(s / ws);
    }

    /** Mean, sd and the 5/16/50/84/95% quantiles of one column. */
    public static ParameterSummary summarize(String name, double[] x, double[] w) {
        double[] q = quantiles(x, w, new double[] {0.05, 0.16, 0.5, 0.84, 0.95});
        return ParameterSummary.of(name, mean(x, w), sd(x, w), q[0], q[1], q[2], q[3], q[4]);
    }
}
