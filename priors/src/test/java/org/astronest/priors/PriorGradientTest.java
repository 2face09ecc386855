package org.astronest.priors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each prior's closed-form {@link Prior#logDensityGradient} against a central difference of its own
 * {@link Prior#logDensity} (which the contract test ties to the CDF), and each support's {@link Bijection} against
 * the definitions of Stan's transforms (round trip, dx/dy by central difference, ln |dx/dy|).
 */
class PriorGradientTest {

    /**
     * At the quantiles 0.05..0.95 of each prior: the analytic slope equals the central difference with step
     * h = 1e-5 * scale to 1e-6 relative (the difference's truncation error is O(h^2 f''') ~ 1e-10 relative here).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.astronest.priors.PriorContractTest#priors")
    void slopeMatchesCentralDifference(String label, Prior p) {
        double scale = p.fromUnit(0.75) - p.fromUnit(0.25);
        for (int k = 1; k < 20; k++) {
            double x = p.fromUnit(k / 20.0);
            double h = 1e-5 * scale;
            double fd = (p.logDensity(x + h) - p.logDensity(x - h)) / (2 * h);
            double g = p.logDensityGradient(x);
            assertEquals(fd, g, 1e-6 * Math.max(Math.abs(fd), 1 / scale), label + " at x=" + x);
        }
    }

    @Test
    void fixedAndFlatHaveZeroSlope() {
        assertEquals(0, Priors.fixed(3).logDensityGradient(3));
        assertEquals(0, Priors.flat().logDensityGradient(-7));
    }

    @Test
    void priorSetGradientIsPerParameterWithZeroForFixed() {
        PriorSet s = PriorSet.of(Parameter.of("a", Priors.normal(1, 2)), Parameter.of("b", Priors.fixed(4)),
                Parameter.of("c", Priors.exponential(3)));
        double[] g = new double[3];
        s.logDensityGradient(new double[] {2, 4, 0.5}, g);
        // normal: -(x - mu) / sd^2 = -0.25; exponential: -rate = -3
        assertEquals(-0.25, g[0], 1e-15);
        assertEquals(0, g[1]);
        assertEquals(-3, g[2], 1e-15);
    }

    /** The four transforms of Stan's reference manual, on each kind of support. */
    @Test
    void bijectionsFollowStansTransforms() {
        double inf = Double.POSITIVE_INFINITY;
        Bijection[] all = {new Bijection(-inf, inf), new Bijection(2, inf), new Bijection(-inf, -1),
                           new Bijection(-3, 5)};
        String[] kinds = {"identity", "log", "log-upper", "logit"};
        for (int b = 0; b < all.length; b++) {
            Bijection t = all[b];
            assertEquals(kinds[b], t.kind());
            for (double y = -4; y <= 4; y += 0.37) {
                double x = t.fromUnconstrained(y);
                assertEquals(y, t.toUnconstrained(x), 1e-9, kinds[b] + " round trip at y=" + y);
                double h = 1e-6;
                double fd = (t.fromUnconstrained(y + h) - t.fromUnconstrained(y - h)) / (2 * h);
                assertEquals(fd, t.derivative(y), 1e-7 * Math.max(1, Math.abs(fd)), kinds[b] + " dx/dy at " + y);
                assertEquals(Math.log(Math.abs(t.derivative(y))), t.logJacobian(y), 1e-12, kinds[b] + " ln|J|");
                double fdj = (t.logJacobian(y + h) - t.logJacobian(y - h)) / (2 * h);
                assertEquals(fdj, t.logJacobianDerivative(y), 1e-7, kinds[b] + " d ln|J|/dy at " + y);
            }
        }
        // x = a + (b - a) / (1 + e^-y): y = 0 is the midpoint, ln|J| = ln((b - a) / 4)
        assertEquals(1, all[3].fromUnconstrained(0), 1e-15);
        assertEquals(Math.log(2), all[3].logJacobian(0), 1e-15);
        // far tails stay finite and inside the support
        assertEquals(5, all[3].fromUnconstrained(800), 0);
        assertEquals(-800 - Math.log(1) + Math.log(8), all[3].logJacobian(-800), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new Bijection(1, 1));
    }

    /** Stan's {@code real<lower=0>} without a prior: flat on (0, inf), improper, log transform; bounded: uniform. */
    @Test
    void boundedFlatPriors() {
        Prior pos = Priors.flat(0, Double.POSITIVE_INFINITY);
        assertEquals("log", pos.bijection().kind());
        assertEquals(0, pos.logDensity(3));
        assertEquals(Double.NEGATIVE_INFINITY, pos.logDensity(-1));
        assertEquals(false, pos.isProper());
        assertEquals("flat(min=0)", pos.describe());
        assertEquals("uniform", Priors.flat(-1, 2).kind());
        assertThrows(IllegalArgumentException.class, () -> Priors.flat(2, 1));
    }

    @Test
    void priorsUseTheirSupportsTransform() {
        assertEquals("logit", Priors.uniform(0, 1).bijection().kind());
        assertEquals("log", Priors.halfNormal(2).bijection().kind());
        assertEquals("log", Priors.gamma(2, 1).bijection().kind());
        assertEquals("identity", Priors.normal(0, 1).bijection().kind());
        assertEquals("logit", Priors.beta(2, 2).bijection().kind());
    }
}
