package org.astronest.cli.plots;

import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.astronest.inference.WeightedSamples;
import org.astronest.inference.WeightedStats;

/**
 * Everything the corner plot draws, computed before drawing so that it can be checked: per parameter the axis range,
 * the weighted quantiles and title, the weighted 1-D histogram and ticks; per pair the smoothed weighted 2-D
 * density, its contour thresholds and lines, and the scatter points outside the outer contour.
 *
 * <p>Axis coordinates are the values themselves, or log10 of them on a log axis; quantiles, medians and truths are
 * kept in data units.
 */
public final class CornerLayout {

    /** Probabilities of the title numbers: median and the central 68% interval. */
    public static final double[] TITLE_QUANTILES = {0.16, 0.5, 0.84};

    /**
     * One plotted parameter.
     *
     * @param column    index of the column in the samples
     * @param lo        lower end of the axis (axis coordinates)
     * @param hi        upper end of the axis
     * @param quantiles weighted quantiles at {@link CornerOptions#quantiles()} (data units), drawn as dashed lines
     * @param median    weighted median (data units)
     * @param plus      q84 - median
     * @param minus     median - q16
     * @param title     rich-text title {@code label = median^{+plus}_{-minus} unit}
     * @param histogram weighted histogram over [lo, hi] in {@code histogram.length} equal bins, peak scaled to 1
     * @param truth     truth value (data units) or NaN
     */
    public record Axis(String name, int column, String label, String unit, boolean log, double lo, double hi,
                       double[] quantiles, double median, double plus, double minus, String title, double[] histogram,
                       double truth, Ticks ticks) {

        /** Axis coordinate of a data value. */
        public double toAxis(double v) {
            return log ? Math.log10(v) : v;
        }

        /** Axis label with unit and tick scale factor, e.g. {@code n [10^{5} cm^-3]}. */
        public String axisLabel() {
            String scale = ticks.exponent() == 0 ? "" : "10^{" + ticks.exponent() + "}";
            String u = (scale + (scale.isEmpty() || unit.isEmpty() ? "" : " ") + unit).trim();
            return u.isEmpty() ? label : label + " [" + u + "]";
        }
    }

    /**
     * One off-diagonal panel: column {@code col} on x, {@code row} on y (indices into {@link #axes()}).
     *
     * @param thresholds density thresholds of {@link CornerOptions#levels()} in the same order
     * @param contours   contour lines at those thresholds
     * @param outsideX   x of the scatter points outside the outer contour (axis coordinates)
     * @param outsideY   y of those points
     */
    public record Pair(int row, int col, Density2D density, double[] thresholds, List<Contours.Level> contours,
                       double[] outsideX, double[] outsideY) {
    }

    private final List<Axis> axes;
    private final List<Pair> pairs;
    private final List<String> skipped;
    private final CornerOptions options;
    private final int bins;
    private final int bins2;

    private CornerLayout(List<Axis> axes, List<Pair> pairs, List<String> skipped, CornerOptions options, int bins,
                         int bins2) {
        this.bins2 = bins2;
        this.axes = axes;
        this.pairs = pairs;
        this.skipped = skipped;
        this.options = options;
        this.bins = bins;
    }

    public List<Axis> axes() {
        return axes;
    }

    public List<Pair> pairs() {
        return pairs;
    }

    /** The pair with {@code row > col}. */
    public Pair pair(int row, int col) {
        for (Pair p : pairs) {
            if (p.row == row && p.col == col) {
                return p;
            }
        }
        throw new IllegalArgumentException("no panel (" + row + ", " + col + ")");
    }

    /** Columns left out because they are constant (fixed parameters). */
    public List<String> skipped() {
        return skipped;
    }

    public CornerOptions options() {
        return options;
    }

    /** Bins of the 1-D histograms. */
    public int bins() {
        return bins;
    }

    /** Bins per axis of the 2-D histograms. */
    public int bins2d() {
        return bins2;
    }

    /**
     * Automatic bin count clamp(round(c ESS^{1/3}), 20, 60): 20 is corner.py's default, the cube-root growth is the
     * rate of Scott's and Freedman-Diaconis' rules; c = 2 for 1-D and 1.5 for the 2-D grids, which spread the same
     * samples over the square of the bins.
     */
    static int autoBins(double ess, double c) {
        return (int) Math.max(20, Math.min(60, Math.round(c * Math.cbrt(ess))));
    }

    /**
     * Computes the layout.
     *
     * @throws IllegalArgumentException for an unknown parameter in the options (naming it and the known columns),
     *                                  a log axis with values <= 0, or nothing left to plot
     */
    public static CornerLayout compute(WeightedSamples s, CornerOptions o) {
        List<String> names = s.names();
        for (String p : o.params()) {
            requireKnown(p, names, "params");
        }
        for (String p : o.truths().keySet()) {
            requireKnown(p, names, "truths");
        }
        for (String p : o.logScale()) {
            requireKnown(p, names, "log");
        }
        List<String> wanted = o.params().isEmpty() ? names : o.params();
        double[] w = s.weights();
        List<String> skipped = new ArrayList<>();
        List<Integer> cols = new ArrayList<>();
        for (String p : wanted) {
            int j = s.indexOf(p);
            if (isConstant(s.column(j))) {
                skipped.add(p);
            } else {
                cols.add(j);
            }
        }
        if (cols.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: every selected column is constant " + skipped);
        }
        double ess = s.effectiveSampleSize();
        int bins = o.bins() > 0 ? o.bins() : autoBins(ess, 2.0);
        int bins2 = o.bins() > 0 ? o.bins() : autoBins(ess, 1.5);

        List<Axis> axes = new ArrayList<>();
        for (int j : cols) {
            String name = names.get(j);
            boolean log = o.logScale().contains(name);
            double[] x = s.column(j);
            double[] xa = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                if (log && x[i] <= 0) {
                    throw new IllegalArgumentException("log axis for '" + name + "' needs values > 0, found "
                            + x[i]);
                }
                xa[i] = log ? Math.log10(x[i]) : x[i];
            }
            double[] fw = finiteWeights(xa, w);
            double[] q = WeightedStats.quantiles(x, fw, o.quantiles());
            double[] t = WeightedStats.quantiles(x, fw, TITLE_QUANTILES);
            double truth = o.truths().getOrDefault(name, Double.NaN);
            if (log && truth <= 0) {
                throw new IllegalArgumentException("truth of '" + name + "' must be > 0 on a log axis, got " + truth);
            }
            double[] range = range(xa, fw, o.rangeMass(), log ? Math.log10(truth) : truth);
            if (!(range[1] > range[0])) {
                skipped.add(name); // all the weight on one value
                continue;
            }
            String label = o.labels().getOrDefault(name, name);
            String unit = o.units().getOrDefault(name, "");
            String title = label + " = " + ValueFormat.title(t[1], t[2] - t[1], t[1] - t[0])
                    + (unit.isEmpty() ? "" : " " + unit);
            double[] hist = histogram(xa, fw, range[0], range[1], bins);
            axes.add(new Axis(name, j, label, unit, log, range[0], range[1], q, t[1], t[2] - t[1], t[1] - t[0], title,
                    hist, truth, Ticks.of(range[0], range[1], log, 5)));
        }
        if (axes.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: every selected column is constant " + skipped);
        }
        // axis-coordinate columns aligned with axes
        double[][] cx = new double[axes.size()][];
        for (int a = 0; a < axes.size(); a++) {
            Axis axis = axes.get(a);
            double[] x = s.column(axis.column());
            double[] xa = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                xa[i] = axis.toAxis(x[i]);
            }
            cx[a] = xa;
        }
        int[] scatter = systematic(w, Math.min(o.maxPoints(), s.size()));
        double[] masses = o.levels();
        int outer = 0;
        for (int l = 1; l < masses.length; l++) {
            if (masses[l] > masses[outer]) {
                outer = l;
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (int r = 1; r < axes.size(); r++) {
            for (int c = 0; c < r; c++) {
                Axis X = axes.get(c);
                Axis Y = axes.get(r);
                Density2D d = Density2D.of(cx[c], cx[r], w, X.lo(), X.hi(), Y.lo(), Y.hi(), bins2, bins2,
                        o.smooth());
                double[] th = masses.length == 0 ? new double[0] : d.thresholds(masses);
                List<Contours.Level> levels = new ArrayList<>();
                for (double v : th) {
                    levels.add(d.contour(v));
                }
                double[] px = new double[scatter.length];
                double[] py = new double[scatter.length];
                int n = 0;
                Path2D region = levels.isEmpty() ? null : levels.get(outer).region();
                for (int i : scatter) {
                    double x = cx[c][i];
                    double y = cx[r][i];
                    if (Double.isFinite(x) && Double.isFinite(y) && (region == null || !region.contains(x, y))) {
                        px[n] = x;
                        py[n] = y;
                        n++;
                    }
                }
                pairs.add(new Pair(r, c, d, th, Collections.unmodifiableList(levels),
                        java.util.Arrays.copyOf(px, n), java.util.Arrays.copyOf(py, n)));
            }
        }
        return new CornerLayout(List.copyOf(axes), List.copyOf(pairs), List.copyOf(skipped), o, bins, bins2);
    }

    private static void requireKnown(String p, List<String> names, String what) {
        if (!names.contains(p)) {
            throw new IllegalArgumentException("unknown parameter '" + p + "' in " + what + "; known: "
                    + String.join(", ", names));
        }
    }

    private static boolean isConstant(double[] x) {
        double first = Double.NaN;
        for (double v : x) {
            if (Double.isFinite(v)) {
                if (Double.isNaN(first)) {
                    first = v;
                } else if (v != first) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Weights with zero for non-finite values. */
    private static double[] finiteWeights(double[] x, double[] w) {
        double[] fw = w.clone();
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                fw[i] = 0;
            }
        }
        return fw;
    }

    /**
     * Axis range: the central {@code mass} interval of the weighted values padded by 10% of its width on each side,
     * not beyond the smallest and largest value, widened to show the truth.
     */
    static double[] range(double[] x, double[] w, double mass, double truth) {
        double a = (1 - mass) / 2;
        double[] q = WeightedStats.quantiles(x, w, new double[] {a, 1 - a});
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && w[i] > 0) {
                min = Math.min(min, x[i]);
                max = Math.max(max, x[i]);
            }
        }
        double pad = 0.1 * (q[1] - q[0]);
        double lo = Math.max(q[0] - pad, min);
        double hi = Math.min(q[1] + pad, max);
        if (!(hi > lo)) {
            lo = min;
            hi = max;
        }
        if (Double.isFinite(truth) && hi > lo) {
            double span = hi - lo;
            if (truth < lo) {
                lo = truth - 0.05 * span;
            }
            if (truth > hi) {
                hi = truth + 0.05 * span;
            }
        }
        return new double[] {lo, hi};
    }

    /** Weighted histogram over [lo, hi] with its peak scaled to 1. */
    static double[] histogram(double[] x, double[] w, double lo, double hi, int bins) {
        double[] h = new double[bins];
        double dx = (hi - lo) / bins;
        for (int i = 0; i < x.length; i++) {
            double f = (x[i] - lo) / dx;
            if (f >= 0 && f <= bins && w[i] > 0) {
                h[Math.min(bins - 1, (int) f)] += w[i];
            }
        }
        double peak = 0;
        for (double v : h) {
            peak = Math.max(peak, v);
        }
        if (peak > 0) {
            for (int i = 0; i < bins; i++) {
                h[i] /= peak;
            }
        }
        return h;
    }

    /**
     * Indices of a systematic resample of size m with the fixed offset 1/2 (deterministic): row i appears about
     * m w_i times, so the scatter shows the posterior, not the prior-volume points of nested sampling.
     */
    static int[] systematic(double[] w, int m) {
        int[] out = new int[m];
        double total = 0;
        for (double v : w) {
            total += v;
        }
        double cum = w.length == 0 ? 0 : w[0] / total;
        int i = 0;
        for (int k = 0; k < m; k++) {
            double t = (k + 0.5) / m;
            while (cum < t && i < w.length - 1) {
                i++;
                cum += w[i] / total;
            }
            out[k] = i;
        }
        return out;
    }

    /** Map from column name to axis index. */
    public int indexOf(String name) {
        for (int a = 0; a < axes.size(); a++) {
            if (axes.get(a).name().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("parameter '" + name + "' is not plotted; plotted: "
                + axes.stream().map(Axis::name).toList());
    }
}
