package org.astronest.cli.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;

/**
 * A parameter map: one cell per pixel (x to the right, y up, as FITS images are shown), coloured on a perceptually
 * ordered scale between the map's finite minimum and maximum (log10 when {@code log}), grey where a task failed,
 * with a colour bar and a title. The colour scale interpolates five anchor colours of matplotlib's viridis (van der
 * Walt & Smith 2015: #440154, #3b528b, #21918c, #5ec962, #fde725).
 */
public record MapPlot(double[][] values, String title, boolean log) implements Figure {

    private static final int[] ANCHORS = {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725};
    private static final int CELL_MAX = 480;

    @Override
    public int width() {
        return cellSize() * values[0].length + 150;
    }

    @Override
    public int height() {
        return cellSize() * values.length + 70;
    }

    private int cellSize() {
        return Math.max(2, CELL_MAX / Math.max(values.length, values[0].length));
    }

    static Color colour(double t) {
        double s = Math.max(0, Math.min(1, t)) * (ANCHORS.length - 1);
        int i = Math.min(ANCHORS.length - 2, (int) Math.floor(s));
        double f = s - i;
        int a = ANCHORS[i];
        int b = ANCHORS[i + 1];
        int r = (int) Math.round(((a >> 16) & 255) * (1 - f) + ((b >> 16) & 255) * f);
        int g = (int) Math.round(((a >> 8) & 255) * (1 - f) + ((b >> 8) & 255) * f);
        int bl = (int) Math.round((a & 255) * (1 - f) + (b & 255) * f);
        return new Color(r, g, bl);
    }

    private double scaled(double v) {
        return log ? (v > 0 ? Math.log10(v) : Double.NaN) : v;
    }

    @Override
    public void draw(Graphics2D g) {
        int h = values.length;
        int w = values[0].length;
        int c = cellSize();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                double s = scaled(v);
                if (Double.isFinite(s)) {
                    lo = Math.min(lo, s);
                    hi = Math.max(hi, s);
                }
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        int x0 = 20;
        int y0 = 40;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = scaled(values[y][x]);
                g.setColor(Double.isFinite(s) ? colour((s - lo) / (hi - lo)) : Color.LIGHT_GRAY);
                g.fillRect(x0 + x * c, y0 + (h - 1 - y) * c, c, c);
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x0, y0, w * c, h * c);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString(title, x0, 25);
        // colour bar
        int bx = x0 + w * c + 20;
        int bh = h * c;
        for (int k = 0; k < bh; k++) {
            g.setColor(colour(1 - (double) k / Math.max(1, bh - 1)));
            g.fillRect(bx, y0 + k, 18, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(bx, y0, 18, bh);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        String pre = log ? "log10 " : "";
        g.drawString(pre + ValueFormat.sig(hi, 4), bx + 22, y0 + 10);
        g.drawString(pre + ValueFormat.sig(lo, 4), bx + 22, y0 + bh);
    }
}
