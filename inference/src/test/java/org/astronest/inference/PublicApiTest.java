package org.astronest.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.priors.*;
import org.junit.jupiter.api.Test;

/**
 * The public API exactly as the foundation issue writes it, compiled and run against a stand-in sampler (importance
 * sampling from the prior), plus a check of the stand-in's numbers against the analytic answer.
 */
class PublicApiTest {

    /** Importance sampling with the prior as proposal: weights L, evidence = mean L (a stand-in, not a product). */
    static final class PriorImportanceSampler implements Sampler {
        private final int n;

        PriorImportanceSampler(int n) {
            this.n = n;
        }

        @Override
        public RunResult run(InferenceProblem problem, UniformRandomProvider rng, RunListener listener) {
            int d = problem.dimension();
            double[][] thetas = new double[n][];
            double[] logL = new double[n];
            for (int i = 0; i < n; i++) {
                double[] u = new double[d];
                for (int j = 0; j < d; j++) {
                    u[j] = rng.nextDouble();
                }
                thetas[i] = problem.fromUnit(u);
            }
            problem.logLikelihood(thetas, logL);
            double logZ = LogMath.logSumExp(logL) - Math.log(n);
            double[] w = new double[n];
            double m2 = 0;
            for (int i = 0; i < n; i++) {
                w[i] = Math.exp(logL[i] - logZ);
                m2 += w[i] * w[i];
            }
            double relVar = (m2 / n - 1) / n;
            WeightedSamples s = problem.samples(thetas, logL, logL);
            return RunResult.builder(name(), s).evidence(new Evidence(logZ, Math.sqrt(relVar), Double.NaN))
                    .likelihoodCalls(n).provenance(Provenance.of(Rngs.seedOf(rng), name(), java.util.Map.of("n", n),
                            null, 0)).build();
        }

        @Override
        public String name() {
            return "prior-importance";
        }
    }

    @Test
    void issueExampleCompilesAndRuns() {
        PriorSet priors = PriorSet.of(
            Parameter.of("mu", Priors.normal(0, 5)),
            Parameter.of("tau", Priors.halfCauchy(0, 5)),
            Parameter.of("n", Priors.logUniform(1e4, 1e6)).withLabel("n_H").withUnit("cm^-3"));
        LogLikelihood like = theta -> -0.5 * theta[0] * theta[0];     // double logLikelihood(double[] theta)
        InferenceProblem problem = InferenceProblem.of(priors, like);  // optional: .withDerived(names, function)
        Sampler sampler = new PriorImportanceSampler(200_000);
        RunResult result = sampler.run(problem, Rngs.seeded(42));
        result.samples();                   // WeightedSamples: names, rows, log weights, log likelihoods
        result.samples().equalWeighted(Rngs.seeded(1));
        result.evidence();                  // Optional<Evidence>: logZ(), logZErr(), information()
        result.summary().get("mu").mean();  // ParameterSummary: mean(), sd(), q05(), q16(), q50(), q84(), q95()
        WeightedSamples s = result.samples();
        s.names(); s.size(); s.column("mu"); s.logWeights();   // List<String>, int, double[], double[]

        // Analytic answer: prior N(0, 25) times exp(-mu^2/2) gives posterior N(0, 25/26) and
        // Z = integral N(mu; 0, 25) exp(-mu^2/2) dmu = 1/sqrt(1 + 25) = 1/sqrt(26).
        Evidence e = result.evidence().orElseThrow();
        assertEquals(-0.5 * Math.log(26), e.logZ(), 5 * e.logZErr());
        double sdPost = Math.sqrt(25.0 / 26);
        double ess = s.effectiveSampleSize();
        assertEquals(0, result.summary().get("mu").mean(), 5 * sdPost / Math.sqrt(ess));
        assertEquals(sdPost, result.summary().get("mu").sd(), 5 * sdPost / Math.sqrt(2 * ess));
        assertEquals(List.of("mu", "tau", "n"), s.names());
        assertEquals(42L, result.seed().orElseThrow());
    }

    @Test
    void derivedParametersAreWrittenBesideTheSampledOnes() {
        // Non-centred hierarchical parameterization: theta_j = mu + tau * z_j.
        PriorSet priors = PriorSet.of(Parameter.of("mu", Priors.normal(0, 5)), Parameter.of("tau",
                Priors.halfNormal(5)), Parameter.of("z1", Priors.normal(0, 1)), Parameter.of("z2", Priors.normal(0, 1)));
        InferenceProblem p = InferenceProblem.of(priors, theta -> 0.0)
                .withDerived(List.of("theta1", "theta2"), t -> new double[] {t[0] + t[1] * t[2], t[0] + t[1] * t[3]});
        RunResult r = new PriorImportanceSampler(1000).run(p, Rngs.seeded(3));
        WeightedSamples s = r.samples();
        assertEquals(List.of("mu", "tau", "z1", "z2", "theta1", "theta2"), s.names());
        for (int i = 0; i < s.size(); i++) {
            double[] row = s.row(i);
            assertEquals(row[0] + row[1] * row[2], row[4], 1e-12);
            assertEquals(row[0] + row[1] * row[3], row[5], 1e-12);
        }
    }
}
