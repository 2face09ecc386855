package org.astronest.priors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every proper prior must meet, checked on each kind with one or two parameter sets. */
class PriorContractTest {

    static Stream<Arguments> priors() {
        return Stream.of(
                Arguments.of("uniform(-2, 5)", Priors.uniform(-2, 5)),
                Arguments.of("logUniform(1e4, 1e6)", Priors.logUniform(1e4, 1e6)),
                Arguments.of("normal(0, 5)", Priors.normal(0, 5)),
                Arguments.of("normal(1e19, 3e18)", Priors.normal(1e19, 3e18)),
                Arguments.of("truncatedNormal(0, 1, -1, 2)", Priors.truncatedNormal(0, 1, -1, 2)),
                Arguments.of("truncatedNormal(3, 2, 0, inf)", Priors.truncatedNormal(3, 2, 0, Double.POSITIVE_INFINITY)),
                Arguments.of("halfNormal(2)", Priors.halfNormal(2)),
                Arguments.of("halfNormal(1, 3)", Priors.halfNormal(1, 3)),
                Arguments.of("cauchy(0, 2.5)", Priors.cauchy(0, 2.5)),
                Arguments.of("halfCauchy(0, 5)", Priors.halfCauchy(0, 5)),
                Arguments.of("studentT(3, 1, 2)", Priors.studentT(3, 1, 2)),
                Arguments.of("halfStudentT(3, 10)", Priors.halfStudentT(3, 10)),
                Arguments.of("exponential(0.5)", Priors.exponential(0.5)),
                Arguments.of("gamma(2, 3)", Priors.gamma(2, 3)),
                Arguments.of("gamma(0.7, 1)", Priors.gamma(0.7, 1)),
                Arguments.of("inverseGamma(3, 2)", Priors.inverseGamma(3, 2)),
                Arguments.of("beta(2, 5)", Priors.beta(2, 5)),
                Arguments.of("beta(0.5, 0.5)", Priors.beta(0.5, 0.5)),
                Arguments.of("logNormal(0, 1)", Priors.logNormal(0, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("priors")
    void fromUnitInvertsCdf(String label, Prior p) {
        for (int k = 1; k < 200; k++) {
            double u = k / 200.0;
            double x = p.fromUnit(u);
            assertTrue(p.inSupport(x), label + ": fromUnit(" + u + ") = " + x + " outside the support");
            assertEquals(u, p.cdf(x), 1e-9, label + ": cdf(fromUnit(u)) at u=" + u);
            double back = p.fromUnit(p.cdf(x));
            assertEquals(x, back, 1e-7 * Math.max(1, Math.abs(x)), label + ": fromUnit(cdf(x)) at x=" + x);
        }
    }

    /**
     * The density integrates to 1 and, piece by piece, to the CDF differences. Pieces are bounded by the quantiles
     * at k/400 (any partition would do; quantiles keep heavy tails finite); each piece uses 8-point Gauss-Legendre
     * after the substitution x = a + (b - a) t^2 near a singular end, plain otherwise. The two tails beyond the
     * 1e-6 and 1 - 1e-6 quantiles carry 2e-6 of the mass by construction.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("priors")
    void densityIntegratesToOne(String label, Prior p) {
        double total = 0;
        int pieces = 400;
        for (int k = 0; k < pieces; k++) {
            double ua = k == 0 ? 1e-6 : k / (double) pieces;
            double ub = k == pieces - 1 ? 1 - 1e-6 : (k + 1) / (double) pieces;
            double a = p.fromUnit(ua);
            double b = p.fromUnit(ub);
            double piece = integrate(p, a, b);
            assertEquals(p.cdf(b) - p.cdf(a), piece, 2e-6 * Math.max(piece, 1e-3),
                    label + ": integral over [" + a + ", " + b + "] against the CDF difference");
            total += piece;
        }
        assertEquals(1 - 2e-6, total, 2e-5, label + ": total mass");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("priors")
    void minusInfinityOutsideSupport(String label, Prior p) {
        if (Double.isFinite(p.lower())) {
            double below = p.lower() - 1e-3 * Math.max(1, Math.abs(p.lower()));
            assertEquals(Double.NEGATIVE_INFINITY, p.logDensity(below), label + " below the support");
        }
        if (Double.isFinite(p.upper())) {
            double above = p.upper() + 1e-3 * Math.max(1, Math.abs(p.upper()));
            assertEquals(Double.NEGATIVE_INFINITY, p.logDensity(above), label + " above the support");
        }
        assertTrue(p.isProper());
        assertFalse(p.isFixed());
    }

    @Test
    void knownDensityValues() {
        double ln2pi = Math.log(2 * Math.PI);
        // Standard formulas evaluated by hand.
        assertEquals(-0.5 * ln2pi, Priors.normal(0, 1).logDensity(0), 1e-14);
        assertEquals(-Math.log(7), Priors.uniform(-2, 5).logDensity(0.3), 1e-14);
        assertEquals(-Math.log(1e5) - Math.log(Math.log(100)), Priors.logUniform(1e4, 1e6).logDensity(1e5), 1e-12);
        assertEquals(Math.log(2 / (Math.PI * 5)), Priors.halfCauchy(0, 5).logDensity(0), 1e-14);
        assertEquals(Math.log(2) - 0.5 * ln2pi - Math.log(2) - 0.5, Priors.halfNormal(2).logDensity(2), 1e-14);
        // inverse gamma(a=2, b=3) at 1: a ln b - lnGamma(a) - (a+1) ln x - b/x = 2 ln 3 - 0 - 0 - 3
        assertEquals(2 * Math.log(3) - 3, Priors.inverseGamma(2, 3).logDensity(1), 1e-13);
        // gamma(shape 2, rate 3) at 1: 2 ln 3 - lnGamma(2) + (2-1) ln 1 - 3
        assertEquals(2 * Math.log(3) - 3, Priors.gamma(2, 3).logDensity(1), 1e-13);
        assertEquals(Math.log(2) - 2, Priors.exponential(2).logDensity(1), 1e-14);
        // beta(2, 3) at 0.5: x (1-x)^2 / B(2,3) = 0.125 * 12
        assertEquals(Math.log(1.5), Priors.beta(2, 3).logDensity(0.5), 1e-13);
        // log-normal(0, 1) at e: -(1)^2/2 - ln e - ln 1 - ln(2 pi)/2
        assertEquals(-1.5 - 0.5 * ln2pi, Priors.logNormal(0, 1).logDensity(Math.E), 1e-14);
        // Student-t(nu=3) at 0: lnGamma(2) - lnGamma(1.5) - ln(3 pi)/2, Gamma(1.5) = sqrt(pi)/2
        assertEquals(-Math.log(Math.sqrt(Math.PI) / 2) - 0.5 * Math.log(3 * Math.PI),
                Priors.studentT(3, 0, 1).logDensity(0), 1e-13);
        // truncated N(0,1) on [-1,1] at 0: Phi(1) - Phi(-1) = 0.6826894921370859 (erf(1/sqrt 2))
        assertEquals(-0.5 * ln2pi - Math.log(0.6826894921370859), Priors.truncatedNormal(0, 1, -1, 1).logDensity(0),
                1e-13);
        assertEquals(Math.log(1 / (Math.PI * 2.5)), Priors.cauchy(0, 2.5).logDensity(0), 1e-14);
    }

    @Test
    void badArgumentsAreRefusedNamingTheArgument() {
        List<Object[]> cases = List.of(
                new Object[] {(Supplier<Prior>) () -> Priors.uniform(1, 1), "max must be > min"},
                new Object[] {(Supplier<Prior>) () -> Priors.uniform(Double.NaN, 1), "min"},
                new Object[] {(Supplier<Prior>) () -> Priors.uniform(0, Double.POSITIVE_INFINITY), "max"},
                new Object[] {(Supplier<Prior>) () -> Priors.logUniform(0, 10), "min must be > 0"},
                new Object[] {(Supplier<Prior>) () -> Priors.logUniform(5, 5), "max must be > min"},
                new Object[] {(Supplier<Prior>) () -> Priors.normal(0, 0), "sd"},
                new Object[] {(Supplier<Prior>) () -> Priors.normal(Double.NaN, 1), "mean"},
                new Object[] {(Supplier<Prior>) () -> Priors.truncatedNormal(0, 1, 2, 2), "max must be > min"},
                new Object[] {(Supplier<Prior>) () -> Priors.halfNormal(-1), "sd"},
                new Object[] {(Supplier<Prior>) () -> Priors.cauchy(0, Double.NaN), "scale"},
                new Object[] {(Supplier<Prior>) () -> Priors.halfCauchy(0, 0), "scale"},
                new Object[] {(Supplier<Prior>) () -> Priors.studentT(0, 0, 1), "nu"},
                new Object[] {(Supplier<Prior>) () -> Priors.halfStudentT(3, 0), "scale"},
                new Object[] {(Supplier<Prior>) () -> Priors.exponential(0), "rate"},
                new Object[] {(Supplier<Prior>) () -> Priors.gamma(-1, 1), "shape"},
                new Object[] {(Supplier<Prior>) () -> Priors.gamma(1, Double.NaN), "rate"},
                new Object[] {(Supplier<Prior>) () -> Priors.inverseGamma(1, 0), "scale"},
                new Object[] {(Supplier<Prior>) () -> Priors.beta(0, 1), "alpha"},
                new Object[] {(Supplier<Prior>) () -> Priors.beta(1, -2), "beta"},
                new Object[] {(Supplier<Prior>) () -> Priors.logNormal(0, 0), "sigma"},
                new Object[] {(Supplier<Prior>) () -> Priors.fixed(Double.NaN), "value"});
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Supplier<Prior> s = (Supplier<Prior>) c[0];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::get);
            assertTrue(e.getMessage().contains((String) c[1]), "message '" + e.getMessage() + "' names " + c[1]);
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
    }

    @Test
    void fixedAndFlat() {
        Prior f = Priors.fixed(3.5);
        assertTrue(f.isFixed());
        assertEquals(3.5, f.fromUnit(0.1));
        assertEquals(0, f.logDensity(3.5));
        assertEquals(Double.NEGATIVE_INFINITY, f.logDensity(3.4));
        Prior flat = Priors.flat();
        assertFalse(flat.isProper());
        assertEquals(0, flat.logDensity(-1e300));
        assertThrows(UnsupportedOperationException.class, () -> flat.fromUnit(0.5));
    }

    @Test
    void unitCoordinateOutsideZeroOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Priors.normal(0, 1).fromUnit(1.5));
        assertTrue(e.getMessage().contains("1.5"));
    }

    // 8-point Gauss-Legendre nodes and weights on [-1, 1] (Abramowitz & Stegun Table 25.4).
    private static final double[] GL_X = {-0.9602898564975363, -0.7966664774136267, -0.5255324099163290,
        -0.1834346424956498, 0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363};
    private static final double[] GL_W = {0.1012285362903763, 0.2223810344533745, 0.3137066458778873,
        0.3626837833783620, 0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};

    /** 8-point Gauss-Legendre estimate on [a, b] after the map x = a + (b - a) t^2 (smooths a singular end a). */
    private static double gl(Prior p, double a, double b, double t0, double t1) {
        double s = 0;
        for (int i = 0; i < GL_X.length; i++) {
            double t = 0.5 * (t0 + t1) + 0.5 * (t1 - t0) * GL_X[i];
            double x = a + (b - a) * t * t;
            s += 0.5 * (t1 - t0) * GL_W[i] * Math.exp(p.logDensity(x)) * 2 * (b - a) * t;
        }
        return s;
    }

    /** Adaptive bisection in t until the halves agree with the whole to 1e-12 (relative to the piece). */
    private static double adapt(Prior p, double a, double b, double t0, double t1, double whole, int depth) {
        double tm = 0.5 * (t0 + t1);
        double left = gl(p, a, b, t0, tm);
        double right = gl(p, a, b, tm, t1);
        if (depth > 40 || Math.abs(left + right - whole) <= 1e-13 + 1e-11 * Math.abs(whole)) {
            return left + right;
        }
        return adapt(p, a, b, t0, tm, left, depth + 1) + adapt(p, a, b, tm, t1, right, depth + 1);
    }

    /** Integral of the density over [a, b]. */
    static double integrate(Prior p, double a, double b) {
        return adapt(p, a, b, 0, 1, gl(p, a, b, 0, 1), 0);
    }
}
