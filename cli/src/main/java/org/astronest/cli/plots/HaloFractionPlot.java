package org.astronest.cli.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;

/**
 * The high-energy component's fraction against E (re-applied bins, at their centres), the 50% level dashed and the
 * crossover marked by a vertical line (absent when NaN).
 *
 * @param edges              the E edges of the bins
 * @param fraction           per bin, the high-energy fraction (NaN: not drawn)
 * @param crossoverE         the 50% crossover
 * @param highEnergyFraction the overall share, for the title
 */
public record HaloFractionPlot(double[] edges, double[] fraction, double crossoverE, double highEnergyFraction)
        implements Figure {

    private static final int LEFT = 70;
    private static final int TOP = 40;
    private static final int W = 520;
    private static final int H = 320;

    @Override
    public int width() {
        return LEFT + W + 30;
    }

    @Override
    public int height() {
        return TOP + H + 60;
    }

    private double px(double e) {
        return LEFT + (e - edges[0]) / (edges[edges.length - 1] - edges[0]) * W;
    }

    private double py(double f) {
        return TOP + (1 - f) * H;
    }

    @Override
    public void draw(Graphics2D g) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(LEFT, TOP, W, H);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int t = 0; t <= 4; t++) {
            double f = t / 4.0;
            g.drawLine(LEFT - 4, (int) py(f), LEFT, (int) py(f));
            String s = ValueFormat.sig(f, 2);
            g.drawString(s, LEFT - 8 - g.getFontMetrics().stringWidth(s), (int) py(f) + 4);
        }
        int ticks = 6;
        for (int t = 0; t <= ticks; t++) {
            double e = edges[0] + t * (edges[edges.length - 1] - edges[0]) / ticks;
            g.drawLine((int) px(e), TOP + H, (int) px(e), TOP + H + 4);
            String s = ValueFormat.sig(e / 1e5, 3);
            g.drawString(s, (int) px(e) - g.getFontMetrics().stringWidth(s) / 2, TOP + H + 17);
        }
        g.drawString("E [1e5 (km/s)^2]", LEFT + W / 2 - 40, TOP + H + 35);
        g.drawString("high-energy fraction", 5, TOP - 8);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
        g.draw(new Line2D.Double(LEFT, py(0.5), LEFT + W, py(0.5)));
        Color line = new Color(0xd6604d);
        g.setColor(line);
        g.setStroke(new BasicStroke(2f));
        Path2D.Double path = new Path2D.Double();
        boolean pen = false;
        for (int b = 0; b < fraction.length; b++) {
            double c = 0.5 * (edges[b] + edges[b + 1]);
            if (Double.isNaN(fraction[b])) {
                pen = false;
                continue;
            }
            if (pen) {
                path.lineTo(px(c), py(fraction[b]));
            } else {
                path.moveTo(px(c), py(fraction[b]));
                pen = true;
            }
            g.fill(new Ellipse2D.Double(px(c) - 3, py(fraction[b]) - 3, 6, 6));
        }
        g.draw(path);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        if (Double.isFinite(crossoverE)) {
            g.setColor(new Color(0x2166ac));
            g.setStroke(new BasicStroke(1.5f));
            g.draw(new Line2D.Double(px(crossoverE), TOP, px(crossoverE), TOP + H));
            g.drawString("50% at E = " + ValueFormat.sig(crossoverE / 1e5, 4) + "e5", (int) px(crossoverE) + 5,
                    TOP + 16);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString("High-energy component against E (overall share " + ValueFormat.sig(highEnergyFraction, 4) + ")",
                LEFT, 22);
    }
}
