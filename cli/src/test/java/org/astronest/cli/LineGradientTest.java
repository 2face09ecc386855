package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronest.cli.config.ConfigLoader;
import org.astronest.cli.config.RunConfig;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.astronest.priors.PriorSet;
import org.junit.jupiter.api.Test;

/**
 * The line fits' analytic gradients (reverse mode through the UCLCHEM and RADEX emulators, the chain N/dv = X Av
 * 1.6e21 / dv, phases and shared parameters, and every line likelihood: Gaussian with a model-error floor, upper
 * limits, quadrature and nuisance calibration, ratios) against five-point finite differences at 20 prior draws
 * ({@link InferenceProblem#checkGradient}), within 1e-6 relative (issue 22). The emulators are ReLU networks, so ln L
 * is piecewise smooth; each component counts its best agreement over the steps of {@link InferenceProblem#checkSteps}
 * (inside one piece the stencil is exact, a wrong gradient disagrees at every step).
 */
class LineGradientTest {

    static final long SEED = Long.getLong("astronest.test.seed", 2205L);

    private static final String LINES = """
            lines:
              - {line: "CO(3-2)", intensity: 6869.1, sigma_rel: 0.2}
              - {line: "CO(6-5)", intensity: 6844.5, sigma: 1200}
              - {line: "HCN(4-3)", intensity: 958.3, sigma_rel: 0.2}
              - {line: "HCO+(4-3)", intensity: 19.9, sigma_rel: 0.2}
              - {line: "CS(7-6)", intensity: 443.7, sigma_rel: 0.2}
            """;

    static InferenceProblem problem(String yaml) {
        RunConfig c = ConfigLoader.parse("c.yaml", yaml);
        LineModels.Setup s = LineModels.setup(c);
        PriorSet p = c.priors(s.type(), LineModels.defaults(s));
        return LineModels.problem(s, p);
    }

    static void check(String yaml, int stream) {
        InferenceProblem p = problem(yaml);
        assertTrue(p.hasGradient());
        InferenceProblem.GradientCheck c = p.checkGradient(Rngs.stream(SEED, stream), 20,
                InferenceProblem.checkSteps());
        assertTrue(c.relativeError() < 1e-6, c.describe());
    }

    @Test
    void chemistryDependentSinglePhase() {
        check("model: {type: chemistry-dependent}\n" + LINES, 1);
    }

    @Test
    void chemistryDependentTwoPhasesWithSharedParametersFloorAndQuadratureCalibration() {
        check("model: {type: chemistry-dependent, phases: 2, shared: [metallicity, zeta, dv]}\n" + LINES
                + "likelihood: {model_error: {absolute: 5, fractional: 0.1}, calibration: {sigma: 0.1}}\n", 2);
    }

    @Test
    void chemistryIndependentWithUpperLimitsAndACalibrationNuisance() {
        check("""
                model: {type: chemistry-independent}
                lines:
                  - {line: "CO(3-2)", intensity: 300, sigma_rel: 0.2}
                  - {line: "CO(6-5)", intensity: 120, sigma: 30}
                  - {line: "HCN(4-3)", intensity: 40, sigma: 10, upper_limit: true}
                  - {line: "HCO+(4-3)", intensity: 2, sigma: 1, upper_limit: true}
                likelihood: {calibration: {sigma: 0.2, mode: nuisance}, model_error: {fractional: 0.05}}
                """, 3);
    }

    @Test
    void ratioMode() {
        check("model: {type: chemistry-dependent}\n" + LINES
                + "likelihood: {mode: ratio, reference: \"CO(3-2)\"}\n", 4);
    }

    @Test
    void gradientPathGivesTheValuePathsValue() {
        InferenceProblem p = problem("model: {type: chemistry-dependent, phases: 2, shared: [metallicity]}\n"
                + LINES);
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int finite = 0;
        for (int k = 0; k < 50; k++) {
            double[] theta = new double[p.priors().size()];
            for (int i = 0; i < theta.length; i++) {
                theta[i] = p.priors().get(i).prior().fromUnit(r.nextDouble());
            }
            double[] g = new double[theta.length];
            double v = p.logLikelihoodAndGradient(theta, g);
            assertEquals(p.logLikelihood(theta), v, 0.0);
            finite += Double.isFinite(v) ? 1 : 0;
        }
        assertTrue(finite > 10, "only " + finite + " of 50 prior draws inside the emulators' domain");
    }

    @Test
    void nativeRadexHasNoAnalyticGradient() {
        InferenceProblem p = problem("model: {type: chemistry-independent, radiative_transfer: radex}\n"
                + "lines:\n  - {line: \"CO(3-2)\", intensity: 300, sigma_rel: 0.2}\n");
        assertFalse(p.hasGradient());
    }

    /** {@code bench gradient} prints its JSON with one case per batch and the cost ratio (a bench, not a timing test). */
    @Test
    void benchGradientPrintsTheCostRatio() throws Exception {
        EmulateCommandTest.Run r = EmulateCommandTest.run("bench", "gradient", "--batches", "1,8", "--seconds", "0.05");
        assertEquals(0, r.code(), r.err());
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals(2, j.get("cases").size());
        assertEquals(8, j.get("cases").get(1).get("batch").asInt());
        assertTrue(j.get("cases").get(0).get("gradient_cost_over_value_cost").asDouble() > 0);
        EmulateCommandTest.Run bad = EmulateCommandTest.run("bench", "gradient", "--batches", "0");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--batches"), bad.err());
    }
}
