package org.astronest.cli.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Path2D;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.Rngs;
import org.astronest.inference.WeightedSamples;
import org.junit.jupiter.api.Test;

class ContoursTest {

    /** Grid of exp(-r^2/2) with spacing h on [-3, 3]^2 (plus centres of offset (cx, cy)). */
    static double[] grid(int n, double[] xc, double[] yc, double... centres) {
        double h = 6.0 / (n - 1);
        for (int i = 0; i < n; i++) {
            xc[i] = -3 + i * h;
            yc[i] = -3 + i * h;
        }
        double[] g = new double[n * n];
        for (int iy = 0; iy < n; iy++) {
            for (int ix = 0; ix < n; ix++) {
                for (double c : centres) {
                    double dx = xc[ix] - c;
                    g[iy * n + ix] += Math.exp(-0.5 * (dx * dx + yc[iy] * yc[iy]));
                }
            }
        }
        return g;
    }

    @Test
    void circleOfAGaussianBump() {
        int n = 61;
        double h = 6.0 / (n - 1);
        double[] xc = new double[n];
        double[] yc = new double[n];
        double[] g = grid(n, xc, yc, 0.0);
        Contours.Level lv = Contours.trace(g, n, n, xc, yc, Math.exp(-0.5));
        assertEquals(1, lv.lines().size());
        Contours.Line l = lv.lines().get(0);
        assertTrue(l.closed());
        // each cell edge crossing the circle r = 1 gives one vertex: about 4 * (2 r / h) = 80 of them
        assertTrue(l.size() > 60 && l.size() < 100, "vertices " + l.size());
        for (int i = 0; i < l.size(); i++) {
            double r = Math.hypot(l.x()[i], l.y()[i]);
            // linear interpolation of a smooth function along an edge of length h: error O(h^2)
            assertEquals(1.0, r, h * h, "vertex " + i);
        }
        // the enclosed region is the unit disc: area pi within the polygon's O(h^2) chord error
        assertEquals(Math.PI, area(l), 2 * Math.PI * h * h);
    }

    @Test
    void twoBumpsGiveTwoLinesAndAHoleIsAHole() {
        int n = 81;
        double[] xc = new double[n];
        double[] yc = new double[n];
        double[] g = grid(n, xc, yc, -1.5, 1.5);
        Contours.Level two = Contours.trace(g, n, n, xc, yc, 0.8);
        assertEquals(2, two.lines().size());
        // a ring 4 g (1 - g) of the unit bump g: peak 1 on r = sqrt(2 ln 2); above half the peak is an annulus
        double[] ring = new double[n * n];
        double[] g0 = grid(n, xc, yc, 0.0);
        for (int i = 0; i < ring.length; i++) {
            ring[i] = 4 * g0[i] * (1 - g0[i]); // 4 e^{-r^2/2} (1 - e^{-r^2/2}): peak 1 at r = sqrt(2 ln 2) = 1.18
        }
        double peak = 0;
        for (double v : ring) {
            peak = Math.max(peak, v);
        }
        Contours.Level annulus = Contours.trace(ring, n, n, xc, yc, 0.5 * peak);
        assertEquals(2, annulus.lines().size(), "inner and outer edge of the ring");
        Path2D region = annulus.region();
        assertTrue(!region.contains(0, 0), "the hole is outside the region (even-odd)");
        assertTrue(region.contains(Math.sqrt(2 * Math.log(2)), 0), "the ridge r = sqrt(2 ln 2) is inside");
    }

    /**
     * Contour levels on a unit 2-D Gaussian (importance-weighted samples, unequal weights) enclose the stated mass.
     * The smoothed histogram estimates N(0, (1 + s^2) I) with s^2 = (smooth * dx)^2 + dx^2 / 12 (kernel plus
     * bin-width variance), whose HPD region of mass m has r^2 = -2 ln(1 - m)(1 + s^2); its true mass is
     * 1 - (1 - m)^{1 + s^2}. Tolerance: 4 standard errors of a fraction from the estimate's ESS and the fresh
     * test sample, sqrt(m(1-m)(1/ESS + 1/N)).
     */
    @Test
    void levelsEncloseTheStatedMassOfAGaussian() {
        WeightedSamples s = Synthetic.gaussian(List.of("x", "y"), new double[] {0, 0}, new double[] {1, 1},
                Synthetic.identity(2), 60_000, 1.3, 21);
        CornerLayout l = CornerLayout.compute(s, CornerOptions.defaults());
        CornerLayout.Pair p = l.pair(1, 0);
        double dx = p.density().dx();
        double dy = p.density().dy();
        double s2 = Math.pow(l.options().smooth(), 2) * dx * dy + dx * dy / 12;
        double ess = s.effectiveSampleSize();

        UniformRandomProvider rng = Rngs.seeded(22);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        int fresh = 100_000;
        double[] fx = new double[fresh];
        double[] fy = new double[fresh];
        for (int i = 0; i < fresh; i++) {
            fx[i] = g.sample();
            fy[i] = g.sample();
        }
        double[] masses = l.options().levels();
        assertEquals(0.3935, masses[0], 1e-4); // 1 - e^{-1/2}
        assertEquals(0.8647, masses[1], 1e-4); // 1 - e^{-2}
        for (int k = 0; k < masses.length; k++) {
            double m = masses[k];
            Contours.Level lv = p.contours().get(k);
            Path2D region = lv.region();
            int in = 0;
            for (int i = 0; i < fresh; i++) {
                if (region.contains(fx[i], fy[i])) {
                    in++;
                }
            }
            double frac = (double) in / fresh;
            double expect = 1 - Math.pow(1 - m, 1 + s2);
            double tol = 4 * Math.sqrt(m * (1 - m) * (1 / ess + 1.0 / fresh));
            assertEquals(expect, frac, tol, "mass " + m + " (ESS " + ess + ", s^2 " + s2 + ")");
            // the contour is the circle r = sqrt(-2 ln(1-m)(1+s^2)) (1 and 2 for the two levels, inflated by s^2):
            // mean vertex radius within 4 standard errors, dr = dm / (dm/dr) = dm / (r e^{-r^2/2})
            double r = Math.sqrt(-2 * Math.log(1 - m) * (1 + s2));
            double sum = 0;
            int cnt = 0;
            for (Contours.Line line : lv.lines()) {
                for (int i = 0; i < line.size(); i++) {
                    sum += Math.hypot(line.x()[i], line.y()[i]);
                    cnt++;
                }
            }
            double dr = Math.sqrt(m * (1 - m) / ess) / (r * Math.exp(-r * r / 2));
            System.out.printf(java.util.Locale.ROOT, "contour %.4f: enclosed %.4f (expected %.4f +- %.4f), mean radius"
                    + " %.4f (expected %.4f +- %.4f), ESS %.0f%n", m, frac, expect, tol, sum / cnt, r, 4 * dr + dx * dx,
                    ess);
            assertEquals(r, sum / cnt, 4 * dr + dx * dx, "radius of the " + m + " contour");
        }
    }

    private static double area(Contours.Line l) {
        double a = 0;
        for (int i = 0; i < l.size(); i++) {
            int j = (i + 1) % l.size();
            a += l.x()[i] * l.y()[j] - l.x()[j] * l.y()[i];
        }
        return Math.abs(a) / 2;
    }
}
