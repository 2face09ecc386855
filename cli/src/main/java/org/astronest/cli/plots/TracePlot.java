package org.astronest.cli.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.astronest.inference.Chains;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYDataset;

/**
 * Trace plot of MCMC chains (JFreeChart): one panel per parameter plus the log posterior, every walker as a thin
 * translucent line against the step number, the burn-in shaded and marked. Long chains are drawn at a stride so that
 * a panel holds at most {@link #MAX_POINTS} points (the stride is stated in the title).
 */
public final class TracePlot {

    /** Points per panel above which steps are strided (keeps SVG/PNG rendering bounded). */
    public static final int MAX_POINTS = 200_000;

    private TracePlot() {
    }

    /** The figure; {@code labels} are optional display names per parameter (may be empty). */
    public static Figure of(Chains c, List<String> params) {
        int walkers = c.walkers();
        int steps = c.steps();
        if (walkers == 0 || steps == 0) {
            throw new IllegalArgumentException("trace plot: the chains are empty");
        }
        int stride = Math.max(1, (int) Math.ceil((double) walkers * steps / MAX_POINTS));
        int m = (steps + stride - 1) / stride;
        NumberAxis x = ChartFigure.axis(new NumberAxis("step"));
        x.setRange(0, steps - 1);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(x);
        combined.setGap(8);
        List<String> names = params.isEmpty() ? c.names() : params;
        int panels = names.size() + 1;
        for (int pIdx = 0; pIdx < panels; pIdx++) {
            boolean lp = pIdx == names.size();
            int j = lp ? -1 : c.names().indexOf(names.get(pIdx));
            if (!lp && j < 0) {
                throw new IllegalArgumentException("unknown parameter '" + names.get(pIdx) + "' in trace plot; known: "
                        + String.join(", ", c.names()));
            }
            DefaultXYDataset ds = new DefaultXYDataset();
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
            r.setDrawSeriesLineAsPath(true);
            for (int w = 0; w < walkers; w++) {
                double[][] xy = new double[2][m];
                for (int t = 0, i = 0; t < steps; t += stride, i++) {
                    xy[0][i] = t;
                    xy[1][i] = lp ? c.logPosterior()[w][t] : c.values()[w][t][j];
                }
                ds.addSeries("walker " + w, xy);
                r.setSeriesPaint(w, walkerColor(w, walkers));
                r.setSeriesStroke(w, new BasicStroke(0.7f));
            }
            XYPlot plot = new XYPlot(ds, null, null, r);
            ChartFigure.style(plot, lp ? "log posterior" : names.get(pIdx));
            if (c.burnIn() > 0) {
                IntervalMarker burn = new IntervalMarker(0, c.burnIn(), new Color(0, 0, 0, 28));
                plot.addDomainMarker(burn, Layer.BACKGROUND);
                ValueMarker edge = new ValueMarker(c.burnIn(), new Color(0xc0392b), new BasicStroke(1.4f,
                        BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
                if (pIdx == 0) {
                    edge.setLabel("burn-in " + c.burnIn());
                    edge.setLabelFont(ChartFigure.TICK);
                    edge.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                    edge.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                }
                plot.addDomainMarker(edge, Layer.FOREGROUND);
            }
            combined.add(plot, 1);
        }
        String title = String.format(java.util.Locale.ROOT, "%d walkers, %d steps%s%s", walkers, steps,
                c.thin() > 1 ? ", thin " + c.thin() : "", stride > 1 ? " (drawn every " + stride + " steps)" : "");
        JFreeChart chart = new JFreeChart(title, ChartFigure.TITLE, combined, false);
        return new ChartFigure(chart, 1100, 70 + 150 * panels);
    }

    /** Distinct translucent colours around the hue circle, so individual stuck walkers stand out. */
    static Color walkerColor(int w, int n) {
        float hue = (float) w / Math.max(1, n) * 0.8f;
        Color c = Color.getHSBColor(hue, 0.65f, 0.75f);
        int alpha = n > 64 ? 70 : n > 16 ? 110 : 170;
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
