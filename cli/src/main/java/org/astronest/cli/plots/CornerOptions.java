package org.astronest.cli.plots;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;

/**
 * Options of the corner plot.
 *
 * @param params      columns to plot, in order; empty = every non-constant column of the samples
 * @param labels      display label per column (TeX-like, see {@link RichText}); missing = the column name
 * @param units       unit per column; missing = none
 * @param logScale    columns drawn on a log10 axis (values must be > 0)
 * @param truths      reference value per column, drawn as lines; missing = none
 * @param quantiles   probabilities marked on the diagonal; default 0.16, 0.5, 0.84 (corner.py's usual choice,
 *                    the median and the central 68% interval)
 * @param levels      masses enclosed by the 2-D contours; default 1 - exp(-1/2) = 0.393 and 1 - exp(-2) = 0.865 (the
 *                    1 and 2 sigma regions of a 2-D Gaussian, corner.py's default {@code levels})
 * @param bins        histogram bins per axis; 0 = automatic: clamp(round(c ESS^{1/3}), 20, 60) with c = 2 for the
 *                    1-D and 1.5 for the 2-D histograms (20 is corner.py's default; the cube-root growth is the rate
 *                    of Scott's and Freedman-Diaconis' rules)
 * @param smooth      Gaussian smoothing of the 2-D histogram in bins; default 1.0 (the value used in corner.py's
 *                    documentation examples)
 * @param rangeMass   central mass that the axis range must contain (padded by 10% per side); default 0.999, so a
 *                    few prior-volume points of negligible weight from nested sampling do not squash the plot
 * @param maxPoints   at most this many scatter points (a deterministic systematic resample of the weighted samples);
 *                    default 4000
 * @param panelSize   side of one panel in pixels; default 240 (an 8-parameter figure is about 2.2k pixels wide)
 * @param note        text drawn in the empty upper-right corner (sampler, ESS, log Z), or empty
 */
public record CornerOptions(List<String> params, Map<String, String> labels, Map<String, String> units,
                            Set<String> logScale, Map<String, Double> truths, double[] quantiles, double[] levels,
                            int bins, double smooth, double rangeMass, int maxPoints, int panelSize,
                            List<String> note) {

    /** 1 - exp(-1/2) and 1 - exp(-2). */
    public static final double[] SIGMA_LEVELS = {1 - Math.exp(-0.5), 1 - Math.exp(-2)};

    public CornerOptions {
        params = List.copyOf(params);
        labels = Map.copyOf(labels);
        units = Map.copyOf(units);
        logScale = Set.copyOf(logScale);
        truths = Map.copyOf(truths);
        quantiles = quantiles.clone();
        levels = levels.clone();
        note = List.copyOf(note);
        for (double q : quantiles) {
            if (!(q >= 0 && q <= 1)) {
                throw new IllegalArgumentException("quantiles must be in [0, 1], got " + q);
            }
        }
        for (double l : levels) {
            if (!(l > 0 && l < 1)) {
                throw new IllegalArgumentException("levels must be in (0, 1), got " + l);
            }
        }
        if (bins != 0 && bins < 5) {
            throw new IllegalArgumentException("bins must be 0 (automatic) or >= 5, got " + bins);
        }
        if (!(smooth >= 0)) {
            throw new IllegalArgumentException("smooth must be >= 0 bins, got " + smooth);
        }
        if (!(rangeMass > 0 && rangeMass <= 1)) {
            throw new IllegalArgumentException("rangeMass must be in (0, 1], got " + rangeMass);
        }
        if (maxPoints < 0) {
            throw new IllegalArgumentException("maxPoints must be >= 0, got " + maxPoints);
        }
        if (panelSize < 80) {
            throw new IllegalArgumentException("panelSize must be >= 80 pixels, got " + panelSize);
        }
    }

    /** The defaults documented above. */
    public static CornerOptions defaults() {
        return new CornerOptions(List.of(), Map.of(), Map.of(), Set.of(), Map.of(), new double[] {0.16, 0.5, 0.84},
                SIGMA_LEVELS, 0, 1.0, 0.999, 4000, 240, List.of());
    }

    public CornerOptions withParams(List<String> p) {
        return new CornerOptions(p, labels, units, logScale, truths, quantiles, levels, bins, smooth, rangeMass,
                maxPoints, panelSize, note);
    }

    public CornerOptions withTruths(Map<String, Double> t) {
        return new CornerOptions(params, labels, units, logScale, t, quantiles, levels, bins, smooth, rangeMass,
                maxPoints, panelSize, note);
    }

    public CornerOptions withLogScale(Set<String> l) {
        return new CornerOptions(params, labels, units, l, truths, quantiles, levels, bins, smooth, rangeMass,
                maxPoints, panelSize, note);
    }

    public CornerOptions withLabels(Map<String, String> l, Map<String, String> u) {
        return new CornerOptions(params, l, u, logScale, truths, quantiles, levels, bins, smooth, rangeMass,
                maxPoints, panelSize, note);
    }

    public CornerOptions withBins(int b, double s) {
        return new CornerOptions(params, labels, units, logScale, truths, quantiles, levels, b, s, rangeMass,
                maxPoints, panelSize, note);
    }

    public CornerOptions withNote(List<String> n) {
        return new CornerOptions(params, labels, units, logScale, truths, quantiles, levels, bins, smooth, rangeMass,
                maxPoints, panelSize, n);
    }

    /**
     * Labels, units and log axes (priors with {@link org.astronest.priors.Prior#isLogScale()}) taken from the
     * parameters of a prior set; other options unchanged. Log axes are added to those already asked for.
     */
    public CornerOptions withPriors(PriorSet priors) {
        Map<String, String> l = new LinkedHashMap<>(labels);
        Map<String, String> u = new LinkedHashMap<>(units);
        Set<String> lg = new LinkedHashSet<>(logScale);
        for (Parameter p : priors.parameters()) {
            l.putIfAbsent(p.name(), p.label());
            if (!p.unit().isEmpty()) {
                u.putIfAbsent(p.name(), p.unit());
            }
            if (p.prior().isLogScale()) {
                lg.add(p.name());
            }
        }
        return new CornerOptions(params, l, u, lg, truths, quantiles, levels, bins, smooth, rangeMass, maxPoints,
                panelSize, note);
    }

    /**
     * Labels, units, log axes and truths carried by a result's columns ({@link org.astronest.inference.ColumnInfo});
     * other options unchanged. Entries already set win; log axes are added to those already asked for.
     */
    public CornerOptions withColumns(java.util.List<org.astronest.inference.ColumnInfo> columns) {
        Map<String, String> l = new LinkedHashMap<>(labels);
        Map<String, String> u = new LinkedHashMap<>(units);
        Set<String> lg = new LinkedHashSet<>(logScale);
        Map<String, Double> t = new LinkedHashMap<>(truths);
        for (org.astronest.inference.ColumnInfo c : columns) {
            l.putIfAbsent(c.name(), c.label());
            if (!c.unit().isEmpty()) {
                u.putIfAbsent(c.name(), c.unit());
            }
            if (c.logScale()) {
                lg.add(c.name());
            }
            if (Double.isFinite(c.truth())) {
                t.putIfAbsent(c.name(), c.truth());
            }
        }
        return new CornerOptions(params, l, u, lg, t, quantiles, levels, bins, smooth, rangeMass, maxPoints,
                panelSize, note);
    }
}
