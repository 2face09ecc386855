package org.astronest.inference.parameters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.diagnostics.ChainDiagnostics;
import org.astronest.inference.hmc.NutsSampler;
import org.astronest.inference.mcmc.EnsembleSampler;
import org.astronest.priors.Parameter;
import org.astronest.priors.Priors;
import org.junit.jupiter.api.Test;

/**
 * Declared parameter blocks: names, the priors they imply on the model values (checked against closed-form moments
 * of order statistics and of the Dirichlet by direct prior draws), gradients carried back through their maps, and
 * runs of two samplers on them.
 */
class ParameterSpaceTest {

    static final long SEED = Long.getLong("astronest.test.seed", 31415L);

    static ParameterSpace space() {
        return ParameterSpace.builder()
                .scalar(Parameter.of("mu", Priors.normal(0, 5)))
                .vector("f", 3, Priors.uniform(0, 1))
                .ordered("t", 3, 0, 10)
                .simplex("w", 1, 2, 3, 4)
                .boundedBy("s2", "mu", 20)
                .build();
    }

    @Test
    void namesAndColumns() {
        ParameterSpace s = space();
        assertEquals(List.of("mu", "f[1]", "f[2]", "f[3]", "t[1]", "t[2]", "t[3]", "w[1]", "w[2]", "w[3]", "w[4]",
                "s2"), s.modelNames());
        assertEquals(List.of("mu", "f[1]", "f[2]", "f[3]", "t_raw[1]", "t_raw[2]", "t_raw[3]", "w_raw[1]", "w_raw[2]",
                "w_raw[3]", "s2_raw"), s.priors().names());
        InferenceProblem p = s.problem(m -> 0);
        assertEquals(List.of("t[1]", "t[2]", "t[3]", "w[1]", "w[2]", "w[3]", "w[4]", "s2"), p.derivedNames());
        // model values: raw (mu, f, t fractions 0.5 each, sticks 0.5 each, s2 fraction 0.25)
        double[] m = s.toModel(new double[] {2, 0.1, 0.2, 0.3, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25});
        assertEquals(5, m[4], 1e-15);
        assertEquals(7.5, m[5], 1e-15);
        assertEquals(8.75, m[6], 1e-15);
        assertEquals(0.5, m[7], 1e-15);
        assertEquals(0.25, m[8], 1e-15);
        assertEquals(0.125, m[9], 1e-15);
        assertEquals(0.125, m[10], 1e-15);
        assertEquals(2 + 0.25 * 18, m[11], 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParameterSpace.builder().boundedBy("a", "b", 1).scalar(Parameter.of("b", Priors.uniform(0, 1)))
                        .build());
        assertEquals("'a' is bounded by 'b', which is not declared before it", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ParameterSpace.builder().vector("f", 2,
                Priors.uniform(0, 1)).scalar(Parameter.of("f[2]", Priors.uniform(0, 1))).build());
        assertTrue(e.getMessage().contains("declared twice"), e.getMessage());
    }

    /**
     * 400,000 prior draws of the sampled parameters mapped to model values. Order statistics of 3 uniforms on (0, 10):
     * E t[i] = 10 i / 4, Var = 100 i (4 - i) / (16 x 5). Dirichlet(1, 2, 3, 4): E w_i = a_i / 10,
     * Var = a_i (10 - a_i) / (100 x 11). s2 | mu ~ U(mu, 20) with mu ~ N(0, 5): E s2 = (0 + 20) / 2 = 10. Each mean
     * within 4.5 standard errors.
     */
    @Test
    void impliedPriorsMatchTheirClosedForms() {
        ParameterSpace s = space();
        UniformRandomProvider rng = Rngs.stream(SEED, 1);
        int n = 400_000;
        int d = s.modelNames().size();
        double[] sum = new double[d];
        double[] sum2 = new double[d];
        double[] theta = new double[s.priors().size()];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < theta.length; i++) {
                theta[i] = s.priors().get(i).prior().fromUnit(rng.nextDouble());
            }
            double[] m = s.toModel(theta);
            for (int i = 0; i < d; i++) {
                sum[i] += m[i];
                sum2[i] += m[i] * m[i];
            }
        }
        for (int i = 1; i <= 3; i++) {
            double mean = 10.0 * i / 4;
            double var = 100.0 * i * (4 - i) / (16 * 5);
            int j = 3 + i;
            assertEquals(mean, sum[j] / n, 4.5 * Math.sqrt(var / n), "E t[" + i + "]");
            assertEquals(var, sum2[j] / n - (sum[j] / n) * (sum[j] / n), 0.02 * var, "Var t[" + i + "]");
        }
        for (int i = 1; i <= 4; i++) {
            double mean = i / 10.0;
            double var = i * (10.0 - i) / (100 * 11);
            int j = 6 + i;
            assertEquals(mean, sum[j] / n, 4.5 * Math.sqrt(var / n), "E w[" + i + "]");
            assertEquals(var, sum2[j] / n - (sum[j] / n) * (sum[j] / n), 0.02 * var, "Var w[" + i + "]");
        }
        // Var s2 = E Var(s2|mu) + Var E(s2|mu) = E (20 - mu)^2 / 12 + Var(mu) / 4 = (400 + 25) / 12 + 25 / 4
        double varS2 = 425.0 / 12 + 25.0 / 4;
        assertEquals(10, sum[11] / n, 4.5 * Math.sqrt(varS2 / n), "E s2");
    }

    /**
     * ln L = sum_i c_i m_i^2 / 2 over the model values, gradient c_i m_i: carried back through every block's map it
     * matches five-point finite differences of the composed likelihood to 1e-8.
     */
    @Test
    void gradientsPullBackThroughTheMaps() {
        ParameterSpace s = space();
        int d = s.modelNames().size();
        GradientLogLikelihood ll = (m, g) -> {
            double v = 0;
            for (int i = 0; i < d; i++) {
                double c = -(i + 1) * 0.1;
                v += 0.5 * c * m[i] * m[i];
                g[i] = c * m[i];
            }
            return v;
        };
        InferenceProblem p = s.problem(ll);
        assertTrue(p.hasGradient());
        InferenceProblem.GradientCheck c = p.checkGradient(Rngs.stream(SEED, 2), 20);
        assertTrue(c.relativeError() < 1e-8, c.describe());
    }

    /**
     * Both MCMC samplers on the prior of the blocks alone (a zero likelihood): model-value means within 4.5 Monte
     * Carlo errors of their closed forms (order statistics 2.5, 5, 7.5; Dirichlet 0.1 .. 0.4).
     */
    @Test
    void everySamplerUsesTheBlocks() {
        ParameterSpace s = ParameterSpace.builder().ordered("t", 3, 0, 10).simplex("w", 1, 2, 3, 4).build();
        GradientLogLikelihood zero = (m, g) -> {
            java.util.Arrays.fill(g, 0);
            return 0;
        };
        InferenceProblem p = s.problem(zero);
        double[] expected = {2.5, 5, 7.5, 0.1, 0.2, 0.3, 0.4};
        RunResult nuts = NutsSampler.of(NutsSampler.Options.defaults().withThreads(2)).run(p, Rngs.seeded(SEED));
        check(nuts, s, expected, 4);
        RunResult ens = EnsembleSampler.of(EnsembleSampler.Options.defaults().withSteps(6000).withThreads(2))
                .run(p, Rngs.seeded(SEED));
        check(ens, s, expected, -1);
    }

    private static void check(RunResult r, ParameterSpace s, double[] expected, int chains) {
        for (int i = 0; i < expected.length; i++) {
            String name = s.modelNames().get(i);
            double[] col = r.samples().column(name);
            double mean = 0;
            for (double v : col) {
                mean += v;
            }
            mean /= col.length;
            double ess = r.summary().get(name).essBulk();
            double sd = r.summary().get(name).sd();
            double mcse = chains > 0 ? ChainDiagnostics.mcseMean(split(col, chains)) : sd / Math.sqrt(ess);
            assertEquals(expected[i], mean, 4.5 * mcse, r.sampler() + " mean of " + name);
        }
    }

    private static double[][] split(double[] col, int chains) {
        return org.astronest.inference.Chains.split(col, chains);
    }
}
