package org.astronest.cli.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;

/** A JFreeChart drawn as a {@link Figure}, with the plain white style shared by the trace and run plots. */
final class ChartFigure implements Figure {

    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 15);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 17);

    private final JFreeChart chart;
    private final int width;
    private final int height;

    ChartFigure(JFreeChart chart, int width, int height) {
        this.chart = chart;
        this.width = width;
        this.height = height;
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
        }
    }

    JFreeChart chart() {
        return chart;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void draw(Graphics2D g) {
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    }

    /** White background, light grid, fonts; a y axis labelled {@code label} that does not force zero. */
    static XYPlot style(XYPlot plot, String label) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        plot.setDomainGridlineStroke(new BasicStroke(0.6f));
        plot.setRangeGridlineStroke(new BasicStroke(0.6f));
        plot.setOutlinePaint(new Color(0x222222));
        NumberAxis y = new NumberAxis(label);
        y.setAutoRangeIncludesZero(false);
        axis(y);
        plot.setRangeAxis(y);
        return plot;
    }

    static NumberAxis axis(NumberAxis a) {
        a.setTickLabelFont(TICK);
        a.setLabelFont(LABEL);
        a.setTickLabelPaint(Color.BLACK);
        a.setLabelPaint(Color.BLACK);
        return a;
    }
}
