package org.astronest.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;
import org.junit.jupiter.api.Test;

class InferenceProblemTest {

    private final PriorSet priors = PriorSet.of(Parameter.of("T", Priors.uniform(10, 200)),
            Parameter.of("n", Priors.logUniform(1e4, 1e6)));

    @Test
    void checkReportsNaNNamingTheParameters() {
        InferenceProblem p = InferenceProblem.of(priors, t -> t[0] > 0 ? Double.NaN : 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.check(Rngs.seeded(1), 3));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("T=") && e.getMessage().contains("n="),
                e.getMessage());
    }

    @Test
    void checkReportsAMutatedInput() {
        InferenceProblem p = InferenceProblem.of(priors, t -> {
            t[0] = 0;
            return 0;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.check(Rngs.seeded(1), 3));
        assertTrue(e.getMessage().contains("mutated"), e.getMessage());
    }

    @Test
    void checkReportsABatchThatDisagrees() {
        LogLikelihood bad = new LogLikelihood() {
            @Override
            public double logLikelihood(double[] theta) {
                return -theta[0];
            }

            @Override
            public void logLikelihood(double[][] thetas, double[] out) {
                for (int i = 0; i < thetas.length; i++) {
                    out[i] = -thetas[i][0] + 1;
                }
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> InferenceProblem.of(priors, bad).check(Rngs.seeded(1), 2));
        assertTrue(e.getMessage().contains("batch"), e.getMessage());
    }

    @Test
    void checkReportsAWrongDerivedLength() {
        InferenceProblem p = InferenceProblem.of(priors, t -> 0).withDerived(List.of("a", "b"),
                t -> new double[] {1});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.check(Rngs.seeded(1), 1));
        assertTrue(e.getMessage().contains("expected 2"), e.getMessage());
    }

    @Test
    void goodProblemPassesAndPosteriorAddsPrior() {
        InferenceProblem p = InferenceProblem.of(priors, t -> -0.5 * Math.pow((t[0] - 100) / 10, 2));
        p.check(Rngs.seeded(1), 10);
        double[] theta = {110, 1e5};
        // log prior: -ln 190 - ln(1e5) - ln ln 100; log L: -0.5
        assertEquals(-Math.log(190) - Math.log(1e5) - Math.log(Math.log(100)) - 0.5, p.logPosterior(theta), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, p.logPosterior(new double[] {5, 1e5}));
        assertArrayEquals(new double[] {110, 1e5}, p.row(theta));
    }

    @Test
    void nanDuringSamplingNamesTheta() {
        InferenceProblem p = InferenceProblem.of(priors, t -> Double.NaN);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> p.logLikelihood(new double[] {20, 3e4}));
        assertTrue(e.getMessage().contains("T=20"), e.getMessage());
    }

    /**
     * ln L = -0.5 (a - 1)^2 / 4 - b^3 / 3 has gradient (-(a - 1) / 4, -b^2): a correct gradient passes the check to
     * rounding (the five-point difference is exact for this cubic); a wrong one is named with its parameter.
     */
    @Test
    void gradientCheckNamesTheWorstComponent() {
        PriorSet ps = PriorSet.of(Parameter.of("a", Priors.normal(0, 3)), Parameter.of("k", Priors.fixed(2)),
                Parameter.of("b", Priors.uniform(-2, 2)));
        GradientLogLikelihood right = (th, g) -> {
            g[0] = -(th[0] - 1) / 4;
            g[2] = -th[2] * th[2];
            return -0.5 * (th[0] - 1) * (th[0] - 1) / 4 - th[2] * th[2] * th[2] / 3;
        };
        InferenceProblem ok = InferenceProblem.of(ps, right);
        assertTrue(ok.hasGradient());
        InferenceProblem.GradientCheck c = ok.checkGradient(Rngs.stream(3), 20);
        assertTrue(c.relativeError() < 1e-9, c.describe());
        GradientLogLikelihood wrong = (th, g) -> {
            double v = right.logLikelihood(th, g);
            g[2] *= 1.01;
            return v;
        };
        InferenceProblem bad = InferenceProblem.of(ps, wrong);
        c = bad.checkGradient(Rngs.stream(3), 20);
        assertEquals("b", c.parameter());
        assertEquals(0.01, c.relativeError(), 1e-6);
        assertTrue(c.describe().startsWith("d lnL/d b: analytic "), c.describe());
        // no analytic gradient: nothing to check, and the fallback is a central difference
        InferenceProblem plain = InferenceProblem.of(ps, th -> right.logLikelihood(th, new double[3]));
        assertThrows(IllegalStateException.class, () -> plain.checkGradient(Rngs.stream(3), 1));
        double[] g = new double[3];
        double v = plain.logLikelihoodAndGradient(new double[] {3, 2, 0.5}, g);
        assertEquals(-0.5 - 0.125 / 3, v, 1e-15);
        assertEquals(-0.5, g[0], 1e-8);
        assertEquals(0, g[1]);
        assertEquals(-0.25, g[2], 1e-8);
    }

    /**
     * The unconstrained density of a uniform(0, 2) x normal(1, 2) prior with ln L = -x: ln p(y) = ln prior(x) + ln L +
     * ln |dx/dy|, x0 = 2 logistic(y0) (ln|J| = ln 2 + ln s + ln(1 - s)), and its gradient by the chain rule.
     */
    @Test
    void unconstrainedDensityAddsTheJacobian() {
        PriorSet ps = PriorSet.of(Parameter.of("x", Priors.uniform(0, 2)), Parameter.of("z", Priors.normal(1, 2)));
        GradientLogLikelihood ll = (th, g) -> {
            g[0] = -1;
            g[1] = 0;
            return -th[0];
        };
        UnconstrainedDensity u = new UnconstrainedDensity(InferenceProblem.of(ps, ll));
        double y0 = 0.3;
        double s = 1 / (1 + Math.exp(-y0));
        double x = 2 * s;
        double[] grad = new double[2];
        double[] parts = new double[2];
        double v = u.logDensity(new double[] {y0, 2}, grad, parts);
        double lnNormal = -0.5 * 0.25 - Math.log(2 * Math.sqrt(2 * Math.PI));
        assertEquals(-Math.log(2) + lnNormal - x + Math.log(2 * s * (1 - s)), v, 1e-12);
        assertEquals(-x, parts[0], 1e-15);
        // d/dy0: (-1)(2 s (1 - s)) + (1 - 2 s); d/dz: -(z - 1) / 4
        assertEquals(-2 * s * (1 - s) + 1 - 2 * s, grad[0], 1e-12);
        assertEquals(-0.25, grad[1], 1e-12);
        assertArrayEquals(new double[] {x, 2}, u.theta(new double[] {y0, 2}), 1e-15);
        assertEquals(1, u.gradientEvaluations());
    }
}
