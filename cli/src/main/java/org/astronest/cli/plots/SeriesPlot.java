package org.astronest.cli.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Line charts of named series in stacked panels sharing one x axis (the doppelganger rate against kept dimensions;
 * a spectrum, its denoised version and the residuals). Each panel is a y label and its series.
 */
public final class SeriesPlot {

    private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x7f7f7f)};

    private SeriesPlot() {
    }

    /** One line: its legend name, points, and whether the points are marked. */
    public record Series(String name, double[] x, double[] y, boolean markers) {
    }

    /** One panel: its y label, its relative height and its series. */
    public record Panel(String yLabel, int weight, List<Series> series) {
    }

    /** The figure, {@code width} x {@code height} pixels. */
    public static Figure of(String title, String xLabel, List<Panel> panels, int width, int height) {
        NumberAxis x = ChartFigure.axis(new NumberAxis(xLabel));
        x.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(x);
        combined.setGap(8);
        int colour = 0;
        for (Panel p : panels) {
            XYSeriesCollection data = new XYSeriesCollection();
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
            for (int s = 0; s < p.series().size(); s++) {
                Series se = p.series().get(s);
                XYSeries xy = new XYSeries(se.name(), false, true);
                for (int i = 0; i < se.x().length; i++) {
                    if (Double.isFinite(se.y()[i])) {
                        xy.add(se.x()[i], se.y()[i]);
                    }
                }
                data.addSeries(xy);
                r.setSeriesPaint(s, COLORS[colour++ % COLORS.length]);
                r.setSeriesStroke(s, new BasicStroke(1.4f));
                r.setSeriesShapesVisible(s, se.markers());
            }
            XYPlot plot = ChartFigure.style(new XYPlot(data, null, null, r), p.yLabel());
            combined.add(plot, p.weight());
        }
        JFreeChart chart = new JFreeChart(title, ChartFigure.TITLE, combined, true);
        return new ChartFigure(chart, width, height);
    }
}
