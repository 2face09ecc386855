package org.astronest.cli.plots;

import java.util.ArrayList;
import java.util.List;

/**
 * Tick positions and labels for one axis: "nice" steps 1, 2, 2.5, 5 x 10^k (the classic choice of Heckbert,
 * "Nice numbers for graph labels", Graphics Gems, 1990), at most {@code maxTicks} inside the range; for a log axis
 * (positions in log10) whole decades when the range spans one, else nice linear values mapped to log10.
 *
 * @param positions tick positions in axis coordinates (log10 of the value on a log axis)
 * @param labels    rich-text labels
 * @param exponent  power of ten factored out of linear labels (0 when none), to be shown with the axis label
 */
public record Ticks(double[] positions, String[] labels, int exponent) {

    private static final double[] NICE = {1, 2, 2.5, 5};

    /** Ticks for the axis range [lo, hi] (log10 values when {@code log}). */
    public static Ticks of(double lo, double hi, boolean log, int maxTicks) {
        if (!(hi > lo)) {
            return new Ticks(new double[0], new String[0], 0);
        }
        if (log) {
            int a = (int) Math.ceil(lo - 1e-9);
            int b = (int) Math.floor(hi + 1e-9);
            if (b - a >= 1) {
                int stride = 1;
                while ((b - a) / stride + 1 > maxTicks) {
                    stride++;
                }
                List<Double> p = new ArrayList<>();
                List<String> l = new ArrayList<>();
                int first = (int) (Math.ceil(a / (double) stride) * stride);
                for (int k = first; k <= b; k += stride) {
                    p.add((double) k);
                    l.add("10^{" + k + "}");
                }
                return new Ticks(p.stream().mapToDouble(Double::doubleValue).toArray(), l.toArray(new String[0]), 0);
            }
            Ticks lin = linear(Math.pow(10, lo), Math.pow(10, hi), maxTicks);
            // linear values crowd towards the top of a log axis: keep a tick only when it lies at least a
            // (maxTicks + 1)-th of the axis above the last one kept (the first tick is always kept)
            double minGap = (hi - lo) / (maxTicks + 1);
            List<Double> p = new ArrayList<>();
            List<String> l = new ArrayList<>();
            for (int i = 0; i < lin.positions.length; i++) {
                double x = Math.log10(lin.positions[i]);
                if (!p.isEmpty() && x - p.get(p.size() - 1) < minGap) {
                    continue;
                }
                p.add(x);
                l.add(lin.exponent != 0 ? lin.labels[i] + "\\times10^{" + lin.exponent + "}" : lin.labels[i]);
            }
            return new Ticks(p.stream().mapToDouble(Double::doubleValue).toArray(), l.toArray(new String[0]), 0);
        }
        return linear(lo, hi, maxTicks);
    }

    private static Ticks linear(double lo, double hi, int maxTicks) {
        double span = hi - lo;
        double raw = span / Math.max(1, maxTicks);
        int k = (int) Math.floor(Math.log10(raw));
        double step = 0;
        double[] t = null;
        search:
        for (int e = k - 1; e <= k + 2; e++) {
            for (double m : NICE) {
                step = m * Math.pow(10, e);
                double first = Math.ceil(lo / step - 1e-9) * step;
                int n = (int) Math.floor((hi - first) / step + 1e-9) + 1;
                if (n <= maxTicks && n >= 1) {
                    t = new double[n];
                    for (int i = 0; i < n; i++) {
                        t[i] = first + i * step;
                    }
                    break search;
                }
            }
        }
        if (t == null) {
            t = new double[] {lo};
            step = span;
        }
        double max = 0;
        for (double v : t) {
            max = Math.max(max, Math.abs(v));
        }
        int exp = 0;
        if (max >= 1e4 || (max > 0 && max < 1e-2)) {
            exp = (int) Math.floor(Math.log10(max));
        }
        double f = Math.pow(10, -exp);
        double[] scaled = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            scaled[i] = t[i] * f;
        }
        return new Ticks(t, ValueFormat.ticks(scaled, step * f), exp);
    }
}
