package org.astronest.validation.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronest.inference.InferenceProblem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The catalogue's likelihoods against the reference values of shared/problems/reference_values.json: for the 2-D
 * problems, ln Z by a 1201 x 1201 midpoint rule over the unit cube, and the posterior means by the same grid.
 */
class ProblemCatalogTest {

    @ParameterizedTest
    @ValueSource(strings = {"shells2d", "eggbox2d", "rosenbrock2d", "loggamma2d"})
    void gridQuadratureMatchesTheReference(String name) {
        TestProblem tp = ProblemCatalog.get(name);
        InferenceProblem p = tp.problem();
        int n = 1201;
        double max = Double.NEGATIVE_INFINITY;
        double[] logL = new double[n * n];
        double[] x = new double[n];
        double[] y = new double[n];
        double[] theta = new double[2];
        for (int i = 0; i < n; i++) {
            x[i] = p.fromUnit(new double[] {(i + 0.5) / n, 0.5})[0];
            y[i] = p.fromUnit(new double[] {0.5, (i + 0.5) / n})[1];
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                theta[0] = x[i];
                theta[1] = y[j];
                logL[i * n + j] = p.likelihood().logLikelihood(theta);
                max = Math.max(max, logL[i * n + j]);
            }
        }
        double s = 0;
        double m0 = 0;
        double m1 = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double w = Math.exp(logL[i * n + j] - max);
                s += w;
                m0 += w * x[i];
                m1 += w * y[j];
            }
        }
        double logZ = max + Math.log(s / logL.length);
        // The midpoint rule on a 1201^2 grid is accurate to ~1e-4 in ln Z for these smooth integrands.
        assertEquals(tp.logZ(), logZ, 2e-3, name + " ln Z");
        assertEquals(tp.mean()[0], m0 / s, 2e-3 * Math.max(1, Math.abs(tp.mean()[0])), name + " mean x1");
        assertEquals(tp.mean()[1], m1 / s, 2e-3 * Math.max(1, Math.abs(tp.mean()[1])), name + " mean x2");
    }

    @Test
    void corrGaussIsNormalized() {
        TestProblem tp = ProblemCatalog.get("corrgauss10d");
        double[] mean = tp.mean();
        // At the mode, ln L = -0.5 ln det(Sigma) - 5 ln(2 pi), det = 0.05^9 (0.05 + 10 * 0.95)
        double expected = -0.5 * (9 * Math.log(0.05) + Math.log(0.05 + 9.5)) - 5 * Math.log(2 * Math.PI);
        assertEquals(expected, tp.problem().logLikelihood(mean), 1e-12);
        // ln Z = -D ln 20 since the Gaussian lies well inside the box
        assertEquals(-10 * Math.log(20), tp.logZ(), 1e-9);
    }

    @Test
    void unknownNameListsTheCatalogue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProblemCatalog.get("egg"));
        assertTrue(e.getMessage().contains("eggbox2d"));
        assertEquals(13, ProblemCatalog.NAMES.size());
    }

    /**
     * Every catalogue problem's analytic gradient against five-point central differences at 20 prior draws, within
     * 1e-6 relative (issue 22; {@link org.astronest.inference.InferenceProblem#checkSteps()}).
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        long seed = Long.getLong("astronest.test.seed", 7L);
        int k = 0;
        for (String name : ProblemCatalog.NAMES) {
            var p = ProblemCatalog.get(name).problem();
            assertTrue(p.hasGradient(), name);
            var c = p.checkGradient(org.astronest.inference.Rngs.stream(seed, k++), 20,
                    org.astronest.inference.InferenceProblem.checkSteps());
            assertTrue(c.relativeError() < 1e-6, name + ": " + c.describe());
        }
    }
}
