package org.astronest.cli.plots;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Locale;
import org.astronest.inference.Evidence;
import org.astronest.inference.LogMath;
import org.astronest.inference.NestedRun;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The nested-sampling run plot (JFreeChart), three panels against -ln X (prior volume shrinking to the right, as in
 * dynesty's run plot): ln L; the posterior weight L dX / max; the cumulative ln Z with a band of
 * +-sqrt(H_i / n_i), where H_i is the information accumulated up to point i and n_i the live-point count there
 * (Skilling 2006, Bayesian Analysis 1(4), 833-860: the ln Z error of a run with n live points is about sqrt(H/n)).
 */
public final class RunPlot {

    /** Points per line above which the run is drawn at a stride. */
    public static final int MAX_POINTS = 20_000;

    private RunPlot() {
    }

    /** Cumulative ln Z_i, information H_i and the band half-width sqrt(H_i / n_i) at every point of the run. */
    public record Cumulative(double[] logZ, double[] information, double[] error) {
    }

    /** Accumulates ln Z_i = ln sum_{k<=i} w_k and H_i = sum_{k<=i} (w_k / Z_i) ln L_k - ln Z_i. */
    public static Cumulative cumulative(NestedRun run) {
        int n = run.size();
        double[] lz = new double[n];
        double[] h = new double[n];
        double[] err = new double[n];
        double m = Double.NEGATIVE_INFINITY;
        double s = 0; // sum_k exp(lw_k - m) lnL_k
        for (int i = 0; i < n; i++) {
            double lw = run.logWeight()[i];
            if (lw > Double.NEGATIVE_INFINITY) {
                double m2 = LogMath.logAddExp(m, lw);
                s = (m == Double.NEGATIVE_INFINITY ? 0 : s * Math.exp(m - m2)) + Math.exp(lw - m2) * run.logL()[i];
                m = m2;
            }
            lz[i] = m;
            h[i] = m == Double.NEGATIVE_INFINITY ? 0 : Math.max(0, s - m);
            int live = Math.max(1, run.liveCount()[i]);
            err[i] = Math.sqrt(h[i] / live);
        }
        return new Cumulative(lz, h, err);
    }

    /** The figure; {@code evidence} (may be null) adds the final ln Z line and its stated error to the title. */
    public static Figure of(NestedRun run, Evidence evidence) {
        int n = run.size();
        if (n == 0) {
            throw new IllegalArgumentException("run plot: the nested run is empty");
        }
        int stride = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
        Cumulative cum = cumulative(run);
        double maxW = Double.NEGATIVE_INFINITY;
        double maxL = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            maxW = Math.max(maxW, run.logWeight()[i]);
            maxL = Math.max(maxL, run.logL()[i]);
        }
        int m = (n + stride - 1) / stride;
        double[][] ll = new double[2][m];
        double[][] ww = new double[2][m];
        YIntervalSeries z = new YIntervalSeries("ln Z");
        double minL = Double.POSITIVE_INFINITY;
        for (int i = 0, k = 0; i < n; i += stride, k++) {
            double x = -run.logX()[i];
            ll[0][k] = x;
            ll[1][k] = run.logL()[i];
            ww[0][k] = x;
            ww[1][k] = Math.exp(run.logWeight()[i] - maxW);
            if (Double.isFinite(cum.logZ()[i])) {
                z.add(x, cum.logZ()[i], cum.logZ()[i] - cum.error()[i], cum.logZ()[i] + cum.error()[i]);
            }
            if (Double.isFinite(run.logL()[i])) {
                minL = Math.min(minL, run.logL()[i]);
            }
        }
        double finalZ = cum.logZ()[n - 1];
        NumberAxis x = ChartFigure.axis(new NumberAxis("\u2212ln X (prior volume)"));
        x.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(x);
        combined.setGap(10);

        DefaultXYDataset dl = new DefaultXYDataset();
        dl.addSeries("ln L", ll);
        XYPlot pl = new XYPlot(dl, null, null, line(new Color(0x1d4e89)));
        ChartFigure.style(pl, "ln L");
        // the first prior points can sit thousands of nats below the peak; show the last 50 nats and up
        double lo = Math.max(minL, maxL - 50);
        ((NumberAxis) pl.getRangeAxis()).setRange(lo - 0.03 * (maxL - lo + 1e-9), maxL + 0.05 * (maxL - lo + 1e-9));
        combined.add(pl, 1);

        DefaultXYDataset dw = new DefaultXYDataset();
        dw.addSeries("weight", ww);
        XYPlot pw = new XYPlot(dw, null, null, line(new Color(0x2a7f62)));
        ChartFigure.style(pw, "posterior weight / max");
        ((NumberAxis) pw.getRangeAxis()).setRange(0, 1.05);
        combined.add(pw, 1);

        DeviationRenderer dr = new DeviationRenderer(true, false);
        dr.setSeriesPaint(0, new Color(0x8e3b8e));
        dr.setSeriesFillPaint(0, new Color(0x8e3b8e));
        dr.setAlpha(0.25f);
        dr.setSeriesStroke(0, new BasicStroke(1.6f));
        YIntervalSeriesCollection zc = new YIntervalSeriesCollection();
        zc.addSeries(z);
        XYPlot pz = new XYPlot(zc, null, null, dr);
        ChartFigure.style(pz, "cumulative ln Z");
        double zerr = evidence != null && Double.isFinite(evidence.logZErr()) ? evidence.logZErr()
                : cum.error()[n - 1];
        double span = Math.max(5, 20 * zerr);
        ((NumberAxis) pz.getRangeAxis()).setRange(finalZ - span, finalZ + 0.25 * span);
        if (evidence != null && Double.isFinite(evidence.logZ())) {
            ValueMarker vm = new ValueMarker(evidence.logZ(), new Color(0x444444), new BasicStroke(1f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
            pz.addRangeMarker(vm);
        }
        combined.add(pz, 1);

        String title = evidence != null
                ? String.format(Locale.ROOT, "nested run: %d points, ln Z = %.3f \u00b1 %.3f, H = %.2f nats", n,
                        evidence.logZ(), evidence.logZErr(), evidence.information())
                : String.format(Locale.ROOT, "nested run: %d points, ln Z = %.3f \u00b1 %.3f (sqrt(H/n))", n, finalZ,
                        cum.error()[n - 1]);
        JFreeChart chart = new JFreeChart(title, ChartFigure.TITLE, combined, false);
        return new ChartFigure(chart, 1000, 900);
    }

    private static XYLineAndShapeRenderer line(Color c) {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, c);
        r.setSeriesStroke(0, new BasicStroke(1.5f));
        r.setDrawSeriesLineAsPath(true);
        return r;
    }
}
