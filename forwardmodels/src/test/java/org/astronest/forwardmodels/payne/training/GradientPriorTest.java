package org.astronest.forwardmodels.payne.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The gradient prior's points, penalty and derivative against values worked out by hand (class javadoc formula). */
class GradientPriorTest {

    private static final List<String> NAMES = List.of("Teff", "logg", "FeH");

    @Test
    void defaultsAreTheSeedsReferenceStarAndSteps() {
        // seed 004 sec. 2: 4800 K, log g 2.5, solar; steps 200 K, 0.5 dex, 0.2 dex
        assertArrayEquals(new double[] {4800, 2.5, 0, 0}, GradientPrior.defaultReference(
                List.of("Teff", "logg", "FeH", "vmacro")), 0.0);
        assertArrayEquals(new double[] {200, 0.5, 0.2, 0.2}, GradientPrior.defaultSteps(
                List.of("teff", "LOGG", "FeH", "vmacro")), 0.0);
    }

    @Test
    void pointsOfBothSchemes() {
        double[] a = {0.1, 0.2, 0.3, -0.1, 0.05, 0.0};
        GradientPrior c = prior(List.of("Teff", "FeH"), a, 3, PenaltyShape.SQUARED, DifferenceScheme.CENTRAL, 1);
        // Teff -+ 100 K, then FeH -+ 0.1 dex around (4800, 2.5, 0)
        assertArrayEquals(new double[] {4700, 2.5, 0, 4900, 2.5, 0, 4800, 2.5, -0.1, 4800, 2.5, 0.1}, c.points(),
                1e-12);
        GradientPrior f = prior(List.of("Teff", "FeH"), a, 3, PenaltyShape.SQUARED, DifferenceScheme.FORWARD, 1);
        assertArrayEquals(new double[] {4800, 2.5, 0, 5000, 2.5, 0, 4800, 2.5, 0, 4800, 2.5, 0.2}, f.points(),
                1e-12);
        assertEquals(4, c.pointCount());
        assertEquals(List.of("Teff", "FeH"), c.labelNames());
        assertEquals(2, c.labelIndex(1));
    }

    @Test
    void penaltyAndDerivativeByHand() {
        // one label (FeH), 3 pixels: a = (0.1, 0.00005, -0.02); floor = 1e-3 * 0.1 = 1e-4, so n = (0.1, 1e-4, 0.02)
        double[] a = {0.1, 0.00005, -0.02};
        double d = 2.5;
        GradientPrior sq = prior(List.of("FeH"), a, 3, PenaltyShape.SQUARED, DifferenceScheme.CENTRAL, d);
        GradientPrior ab = prior(List.of("FeH"), a, 3, PenaltyShape.ABSOLUTE, DifferenceScheme.CENTRAL, d);
        assertEquals(1e-4, sq.norm(0, 1), 1e-18);
        // model differences f+ - f-: pixel 0: 0.12 (u = 0.2); pixel 1: -0.00005 (u = -1); pixel 2: -0.02 (u = 0)
        double[][] fr = {{1.0, 1.12}, {0.5, 0.49995}, {0.3, 0.28}};
        double[] expSq = {d * 0.04, d * 1.0, 0};
        double[] expAb = {d * 0.2, d * 1.0, 0};
        for (int p = 0; p < 3; p++) {
            double[] dfr = new double[2];
            assertEquals(expSq[p], sq.penalty(p, fr[p], 0, dfr), 1e-9 * Math.max(1, expSq[p]));
            // d/d f+ = D rho'(u) / n, d/d f- = minus that
            double u = (fr[p][1] - fr[p][0] - a[p]) / sq.norm(0, p);
            assertEquals(d * 2 * u / sq.norm(0, p), dfr[1], 1e-6 * Math.abs(d * 2 * u / sq.norm(0, p)) + 1e-9);
            assertEquals(-dfr[1], dfr[0], 0.0);
            assertEquals(expAb[p], ab.penalty(p, fr[p], 0, null), 1e-9);
        }
    }

    @Test
    void derivativeMatchesFiniteDifferences() {
        double[] a = {0.03, -0.01, 0.002, 0.04, 0.0, -0.05};
        GradientPrior pr = prior(List.of("Teff", "FeH"), a, 3, PenaltyShape.SQUARED, DifferenceScheme.CENTRAL, 3);
        double[] fr = {0.9, 0.95, 0.7, 0.69};
        double[] dfr = new double[4];
        pr.penalty(1, fr, 0, dfr);
        for (int i = 0; i < 4; i++) {
            double h = 1e-7;
            double[] up = fr.clone();
            double[] dn = fr.clone();
            up[i] += h;
            dn[i] -= h;
            double num = (pr.penalty(1, up, 0, null) - pr.penalty(1, dn, 0, null)) / (2 * h);
            assertEquals(num, dfr[i], 1e-6 * Math.abs(num) + 1e-6);
        }
    }

    @Test
    void badInputsAreNamed() {
        double[] a = {0.1, 0.2};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> prior(List.of("NiH"), a, 2, PenaltyShape.SQUARED, DifferenceScheme.CENTRAL, 1));
        assertTrue(e.getMessage().contains("label 'NiH' is not a training label"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> prior(List.of("FeH"), new double[] {0, 0}, 2, PenaltyShape.SQUARED, DifferenceScheme.CENTRAL,
                        1));
        assertTrue(e.getMessage().contains("FeH is zero at every pixel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> prior(List.of("FeH"), new double[] {0, Double.NaN}, 2, PenaltyShape.SQUARED,
                        DifferenceScheme.CENTRAL, 1));
        assertTrue(e.getMessage().contains("pixel 1 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GradientPrior.Options(-1, PenaltyShape.SQUARED,
                1e-3, DifferenceScheme.CENTRAL));
        assertTrue(e.getMessage().contains("D_scale must be finite and >= 0, got -1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PenaltyShape.parse("cube"));
        assertTrue(e.getMessage().contains("abs or square"), e.getMessage());
    }

    static GradientPrior prior(List<String> priorLabels, double[] a, int pixels, PenaltyShape shape,
                               DifferenceScheme scheme, double d) {
        return GradientPrior.of(NAMES, priorLabels, pixels, a, GradientPrior.defaultReference(NAMES),
                GradientPrior.defaultSteps(NAMES), new GradientPrior.Options(d, shape, 1e-3, scheme));
    }
}
