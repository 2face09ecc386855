package org.astronest.cli.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import org.astronest.forwardmodels.nmf.HaloPipeline;

/**
 * The NMF components of the halo pipeline as images: one row per component, its two l x l histograms side by side
 * ([Fe/H] to the right, the panel's abundance up), each image on its own colour scale from 0 to its maximum (the
 * viridis anchors of {@link MapPlot}), the high-energy component's row marked.
 *
 * @param H          p x 2 l^2, the normalised components (panel 1 then 2, each flattened x-major)
 * @param l          pixels per axis
 * @param first      the first panel
 * @param second     the second panel
 * @param highEnergy index of the high-energy component
 */
public record HaloComponentsPlot(double[][] H, int l, HaloPipeline.Panel first, HaloPipeline.Panel second,
                                 int highEnergy) implements Figure {

    private static final int IMAGE = 250;
    private static final int LEFT = 70;
    private static final int TOP = 40;
    private static final int GAP_X = 80;
    private static final int GAP_Y = 70;

    @Override
    public int width() {
        return LEFT + 2 * IMAGE + GAP_X + 30;
    }

    @Override
    public int height() {
        return TOP + H.length * (IMAGE + GAP_Y);
    }

    @Override
    public void draw(Graphics2D g) {
        HaloPipeline.Panel[] panels = {first, second};
        double cell = (double) IMAGE / l;
        for (int k = 0; k < H.length; k++) {
            int y0 = TOP + k * (IMAGE + GAP_Y);
            for (int p = 0; p < 2; p++) {
                int x0 = LEFT + p * (IMAGE + GAP_X);
                int off = p * l * l;
                double max = 0;
                for (int j = 0; j < l * l; j++) {
                    max = Math.max(max, H[k][off + j]);
                }
                for (int ix = 0; ix < l; ix++) {
                    for (int iy = 0; iy < l; iy++) {
                        double v = H[k][off + ix * l + iy];
                        g.setColor(MapPlot.colour(max > 0 ? v / max : 0));
                        int px = x0 + (int) Math.floor(ix * cell);
                        int py = y0 + (int) Math.floor((l - 1 - iy) * cell);
                        g.fillRect(px, py, (int) Math.ceil(cell) + 1, (int) Math.ceil(cell) + 1);
                    }
                }
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(1f));
                g.drawRect(x0, y0, IMAGE, IMAGE);
                HaloPipeline.Panel pn = panels[p];
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                g.drawString(ValueFormat.sig(pn.feHLo(), 3), x0, y0 + IMAGE + 14);
                String hi = ValueFormat.sig(pn.feHHi(), 3);
                g.drawString(hi, x0 + IMAGE - g.getFontMetrics().stringWidth(hi), y0 + IMAGE + 14);
                g.drawString("[Fe/H]", x0 + IMAGE / 2 - 15, y0 + IMAGE + 28);
                String ylo = ValueFormat.sig(pn.yLo(), 3);
                String yhi = ValueFormat.sig(pn.yHi(), 3);
                g.drawString(yhi, x0 - 4 - g.getFontMetrics().stringWidth(yhi), y0 + 10);
                g.drawString(ylo, x0 - 4 - g.getFontMetrics().stringWidth(ylo), y0 + IMAGE);
                g.drawString(pn.y().label(), x0 - 4 - g.getFontMetrics().stringWidth(pn.y().label()),
                        y0 + IMAGE / 2);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString("component " + k + (k == highEnergy ? " (high energy)" : " (low energy)")
                    , LEFT, y0 - 8);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        g.drawString("NMF components (rows of H), each image scaled 0 to its maximum", LEFT, 18);
    }
}
