package org.astronest.cli.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link CornerLayout} with plain Java2D (shared by PNG and SVG): a K x K lower-triangle grid; on the
 * diagonal the weighted histogram with dashed quantile lines and the title; below it the filled contour regions, the
 * contour lines and the scatter points outside the outer contour; truths as lines. Axes are shared per column (x)
 * and row (y); tick labels, rotated 45 degrees as corner.py does, only on the bottom row and the left column.
 */
public final class CornerPlot implements Figure {

    static final Color MAIN = new Color(0x1d4e89);
    static final Color[] FILLS = {new Color(0x8fb1d9), new Color(0xcfdcee)}; // inner (39%), outer (86%)
    static final Color POINTS = new Color(0x1d, 0x4e, 0x89, 110);
    static final Color TRUTH = new Color(0xe66101);
    static final Color FRAME = new Color(0x222222);

    private final CornerLayout layout;
    private final int k;
    private final double p;
    private final double gap;
    private final double left;
    private final double top;
    private final double right;
    private final double bottom;
    private final Font tickFont;
    private final Font labelFont;
    private final Font titleFont;
    private final boolean rotateX;
    private final boolean rotateY;
    private final double bottomTicks; // space taken below the grid by x tick labels
    private final double leftTicks;   // space taken left of the grid by y tick labels
    private final double pad;

    public CornerPlot(CornerLayout layout) {
        this.layout = layout;
        this.k = layout.axes().size();
        // few panels: enlarge them so that the figure is at least about 640 pixels wide (at most 400 per panel)
        // many panels: shrink them so that the image stays below about 4000 pixels (64 MB as RGB)
        int n = Math.max(1, layout.axes().size());
        this.p = Math.min(Math.max(layout.options().panelSize(), Math.min(400, 640 / n)), Math.max(80, 3600 / n));
        this.gap = Math.round(0.05 * p);
        this.top = Math.round(0.2 * p);
        this.right = Math.round(0.1 * p);
        this.pad = 0.03 * p;
        this.tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(0.064 * p));
        this.labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(0.078 * p));
        this.titleFont = new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(0.07 * p));
        FontRenderContext frc = new FontRenderContext(null, true, true);
        double h = tickFont.getSize2D();
        // x labels stay horizontal when each fits in 85% of the spacing between ticks; else rotated 45 degrees
        boolean rx = false;
        double maxX = 0;
        for (CornerLayout.Axis a : layout.axes()) {
            double[] pos = a.ticks().positions();
            double spacing = pos.length < 2 ? p : (pos[1] - pos[0]) / (a.hi() - a.lo()) * p;
            for (String t : a.ticks().labels()) {
                double w = RichText.parse(t).width(tickFont, frc);
                maxX = Math.max(maxX, w);
                rx |= w > 0.85 * spacing;
            }
        }
        // y labels stay horizontal when they are short
        double maxY = 0;
        for (int r = 1; r < k; r++) {
            for (String t : layout.axes().get(r).ticks().labels()) {
                maxY = Math.max(maxY, RichText.parse(t).width(tickFont, frc));
            }
        }
        boolean ry = maxY > 0.3 * p;
        this.rotateX = rx;
        this.rotateY = ry;
        this.bottomTicks = rx ? (maxX + h) * Math.sqrt(0.5) : 1.2 * h;
        this.leftTicks = k < 2 ? 0 : ry ? (maxY + h) * Math.sqrt(0.5) : maxY;
        this.bottom = Math.ceil(pad + bottomTicks + 1.9 * labelFont.getSize2D());
        this.left = Math.ceil(pad + leftTicks + (k < 2 ? 0.2 * labelFont.getSize2D() : 1.9 * labelFont.getSize2D()));
    }

    public CornerLayout layout() {
        return layout;
    }

    @Override
    public int width() {
        return (int) Math.ceil(left + k * p + (k - 1) * gap + right);
    }

    @Override
    public int height() {
        return (int) Math.ceil(top + k * p + (k - 1) * gap + bottom);
    }

    private double px(int col) {
        return left + col * (p + gap);
    }

    private double py(int row) {
        return top + row * (p + gap);
    }

    /** Axis-to-pixel transform of panel (row, col) for x on axis {@code xa} and y on axis {@code ya}. */
    private AffineTransform transform(int row, int col, double xlo, double xhi, double ylo, double yhi) {
        AffineTransform t = new AffineTransform();
        t.translate(px(col), py(row) + p);
        t.scale(p / (xhi - xlo), -p / (yhi - ylo));
        t.translate(-xlo, -ylo);
        return t;
    }

    @Override
    public void draw(Graphics2D g) {
        List<CornerLayout.Axis> axes = layout.axes();
        for (CornerLayout.Pair pr : layout.pairs()) {
            drawPair(g, pr, axes.get(pr.col()), axes.get(pr.row()));
        }
        for (int a = 0; a < k; a++) {
            drawDiagonal(g, a, axes.get(a));
        }
        // tick labels and axis labels on the outer panels
        for (int c = 0; c < k; c++) {
            CornerLayout.Axis x = axes.get(c);
            double y0 = py(k - 1) + p;
            for (int t = 0; t < x.ticks().positions().length; t++) {
                double v = x.ticks().positions()[t];
                if (!keep(v, x)) {
                    continue;
                }
                double xx = px(c) + (v - x.lo()) / (x.hi() - x.lo()) * p;
                tickLabel(g, x.ticks().labels()[t], xx, y0 + pad, true);
            }
            RichText lab = RichText.parse(x.axisLabel());
            Font f = fit(lab, labelFont, p, g);
            g.setColor(Color.BLACK);
            lab.drawCentered(g, f, px(c) + p / 2, y0 + pad + bottomTicks + 1.25 * f.getSize2D());
        }
        for (int r = 1; r < k; r++) {
            CornerLayout.Axis y = axes.get(r);
            double x0 = px(0);
            for (int t = 0; t < y.ticks().positions().length; t++) {
                double v = y.ticks().positions()[t];
                if (!keep(v, y)) {
                    continue;
                }
                double yy = py(r) + p - (v - y.lo()) / (y.hi() - y.lo()) * p;
                tickLabel(g, y.ticks().labels()[t], x0 - pad, yy, false);
            }
            RichText lab = RichText.parse(y.axisLabel());
            Font f = fit(lab, labelFont, p, g);
            g.setColor(Color.BLACK);
            lab.drawRotated(g, f, x0 - pad - leftTicks - 0.45 * f.getSize2D(), py(r) + p / 2, -Math.PI / 2, 0.5);
        }
        drawNote(g);
    }

    /** Ticks closer than 3% of the span to an end are dropped so that labels of adjacent panels do not touch. */
    private static boolean keep(double v, CornerLayout.Axis a) {
        double span = a.hi() - a.lo();
        return v >= a.lo() + 0.03 * span && v <= a.hi() - 0.03 * span;
    }

    /**
     * A tick label at the anchor (x, y): below it (x axis) or left of it (y axis); when rotated (45 degrees, as
     * corner.py does) the text ends at the anchor and runs down-left.
     */
    private void tickLabel(Graphics2D g, String text, double x, double y, boolean xAxis) {
        RichText t = RichText.parse(text);
        g.setColor(Color.BLACK);
        double h = tickFont.getSize2D();
        double w = t.width(tickFont, g.getFontRenderContext());
        boolean rotate = xAxis ? rotateX : rotateY;
        if (!rotate) {
            if (xAxis) {
                t.draw(g, tickFont, x - w / 2, y + 0.95 * h);
            } else {
                t.draw(g, tickFont, x - w, y + 0.36 * h);
            }
            return;
        }
        AffineTransform old = g.getTransform();
        if (xAxis) {
            g.translate(x + 0.25 * h, y + 0.25 * h);
        } else {
            g.translate(x, y + 0.25 * h);
        }
        g.rotate(-Math.PI / 4);
        t.draw(g, tickFont, -w, 0.36 * h);
        g.setTransform(old);
    }

    private static Font fit(RichText t, Font f, double width, Graphics2D g) {
        Font out = f;
        while (out.getSize2D() > 7 && t.width(out, g.getFontRenderContext()) > width) {
            out = out.deriveFont(out.getSize2D() * 0.92f);
        }
        return out;
    }

    private void drawPair(Graphics2D g, CornerLayout.Pair pr, CornerLayout.Axis x, CornerLayout.Axis y) {
        int row = pr.row();
        int col = pr.col();
        Rectangle2D box = new Rectangle2D.Double(px(col), py(row), p, p);
        AffineTransform t = transform(row, col, x.lo(), x.hi(), y.lo(), y.hi());
        Shape oldClip = g.getClip();
        g.clip(box);
        // regions from the outermost (largest mass) in, so inner fills paint over outer ones
        double[] masses = layout.options().levels();
        Integer[] order = new Integer[masses.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(masses[b], masses[a]));
        for (int rank = 0; rank < order.length; rank++) {
            Contours.Level lv = pr.contours().get(order[rank]);
            int fromInner = order.length - 1 - rank;
            g.setColor(FILLS[Math.min(fromInner, FILLS.length - 1)]);
            g.fill(t.createTransformedShape(lv.region()));
        }
        // points outside the outer contour
        double rpt = Math.max(1.0, 0.0055 * p);
        Path2D.Double dots = new Path2D.Double();
        double[] pt = new double[2];
        for (int i = 0; i < pr.outsideX().length; i++) {
            pt[0] = pr.outsideX()[i];
            pt[1] = pr.outsideY()[i];
            t.transform(pt, 0, pt, 0, 1);
            dots.append(new Ellipse2D.Double(pt[0] - rpt, pt[1] - rpt, 2 * rpt, 2 * rpt), false);
        }
        g.setColor(POINTS);
        g.fill(dots);
        g.setColor(MAIN);
        g.setStroke(new BasicStroke((float) Math.max(1.0, 0.0065 * p), BasicStroke.CAP_ROUND,
                BasicStroke.JOIN_ROUND));
        for (Contours.Level lv : pr.contours()) {
            for (Contours.Line l : lv.lines()) {
                Path2D.Double path = new Path2D.Double();
                path.moveTo(l.x()[0], l.y()[0]);
                for (int i = 1; i < l.size(); i++) {
                    path.lineTo(l.x()[i], l.y()[i]);
                }
                if (l.closed()) {
                    path.closePath();
                }
                g.draw(t.createTransformedShape(path));
            }
        }
        // truths
        g.setColor(TRUTH);
        g.setStroke(new BasicStroke((float) Math.max(1.0, 0.006 * p)));
        double tx = Double.isNaN(x.truth()) ? Double.NaN : x.toAxis(x.truth());
        double ty = Double.isNaN(y.truth()) ? Double.NaN : y.toAxis(y.truth());
        if (!Double.isNaN(tx)) {
            double xx = px(col) + (tx - x.lo()) / (x.hi() - x.lo()) * p;
            g.draw(new Line2D.Double(xx, py(row), xx, py(row) + p));
        }
        if (!Double.isNaN(ty)) {
            double yy = py(row) + p - (ty - y.lo()) / (y.hi() - y.lo()) * p;
            g.draw(new Line2D.Double(px(col), yy, px(col) + p, yy));
        }
        if (!Double.isNaN(tx) && !Double.isNaN(ty)) {
            double[] q = {tx, ty};
            t.transform(q, 0, q, 0, 1);
            double s = 0.018 * p;
            g.fill(new Rectangle2D.Double(q[0] - s, q[1] - s, 2 * s, 2 * s));
        }
        g.setClip(oldClip);
        frame(g, row, col, x, y);
    }

    private void drawDiagonal(Graphics2D g, int a, CornerLayout.Axis x) {
        double[] h = x.histogram();
        double n = h.length;
        double top = 1.1;
        double bx = px(a);
        double by = py(a);
        Path2D.Double step = new Path2D.Double();
        step.moveTo(bx, by + p);
        for (int i = 0; i < h.length; i++) {
            double yy = by + p - h[i] / top * p;
            step.lineTo(bx + i / n * p, yy);
            step.lineTo(bx + (i + 1) / n * p, yy);
        }
        step.lineTo(bx + p, by + p);
        g.setColor(new Color(0xeef3fa));
        g.fill(step);
        g.setColor(MAIN);
        g.setStroke(new BasicStroke((float) Math.max(1.0, 0.0065 * p), BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER));
        g.draw(step);
        g.setStroke(new BasicStroke((float) Math.max(1.0, 0.0055 * p), BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {(float) (0.025 * p), (float) (0.017 * p)}, 0f));
        for (double q : x.quantiles()) {
            double xx = bx + (x.toAxis(q) - x.lo()) / (x.hi() - x.lo()) * p;
            g.draw(new Line2D.Double(xx, by, xx, by + p));
        }
        if (!Double.isNaN(x.truth())) {
            g.setColor(TRUTH);
            g.setStroke(new BasicStroke((float) Math.max(1.0, 0.006 * p)));
            double xx = bx + (x.toAxis(x.truth()) - x.lo()) / (x.hi() - x.lo()) * p;
            g.draw(new Line2D.Double(xx, by, xx, by + p));
        }
        frame(g, a, a, x, null);
        RichText title = RichText.parse(x.title());
        Font f = fit(title, titleFont, p + gap, g);
        g.setColor(Color.BLACK);
        title.drawCentered(g, f, bx + p / 2, by - 0.45 * f.getSize2D());
    }

    /** Panel frame and inward tick marks (on x, and on y unless this is a diagonal panel). */
    private void frame(Graphics2D g, int row, int col, CornerLayout.Axis x, CornerLayout.Axis y) {
        double bx = px(col);
        double by = py(row);
        g.setColor(FRAME);
        g.setStroke(new BasicStroke((float) Math.max(1.0, 0.004 * p)));
        g.draw(new Rectangle2D.Double(bx, by, p, p));
        double len = 0.03 * p;
        for (double v : x.ticks().positions()) {
            double xx = bx + (v - x.lo()) / (x.hi() - x.lo()) * p;
            if (xx > bx && xx < bx + p) {
                g.draw(new Line2D.Double(xx, by + p, xx, by + p - len));
                g.draw(new Line2D.Double(xx, by, xx, by + len));
            }
        }
        if (y != null) {
            for (double v : y.ticks().positions()) {
                double yy = by + p - (v - y.lo()) / (y.hi() - y.lo()) * p;
                if (yy > by && yy < by + p) {
                    g.draw(new Line2D.Double(bx, yy, bx + len, yy));
                    g.draw(new Line2D.Double(bx + p - len, yy, bx + p, yy));
                }
            }
        }
    }

    /** The note (sampler, ESS, log Z) in the empty upper-right triangle, right-aligned. */
    private void drawNote(Graphics2D g) {
        List<String> note = new ArrayList<>(layout.options().note());
        if (!layout.skipped().isEmpty()) {
            note.add("constant, not shown: " + String.join(", ", layout.skipped()));
        }
        if (note.isEmpty() || k < 2) {
            return;
        }
        double xr = px(k - 1) + p;
        double y = py(0) + 0.5 * labelFont.getSize2D();
        g.setColor(Color.DARK_GRAY);
        double maxW = (k - 1) * (p + gap) - 0.1 * p;
        for (String line : note) {
            RichText t = RichText.parse(line);
            Font f = fit(t, tickFont, maxW, g);
            double w = t.width(f, g.getFontRenderContext());
            y += 1.5 * f.getSize2D();
            t.draw(g, f, xr - w, y);
        }
    }
}
