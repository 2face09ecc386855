package org.astronest.inference.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.Rngs;
import org.astronest.inference.nested.NestedSampler;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;
import org.junit.jupiter.api.Test;

/**
 * Posterior repartitioning leaves L pi (so the posterior and Z) unchanged and shrinks the prior volume nested sampling
 * has to cross. Reference: a normalised Gaussian likelihood of sd 0.01 well inside uniform(-5, 5) priors has
 * Z = 10^-d exactly (the Gaussian's mass outside the box is below 1e-100).
 */
class RepartitionTest {

    static final long SEED = Long.getLong("astronest.test.seed", 88L);
    static final int D = 4;
    static final double SD = 0.01;
    static final double[] MU = {0.3, -1.2, 2.0, 0.0};

    static InferenceProblem narrowGaussian() {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < D; i++) {
            ps.add(Parameter.of("x" + i, Priors.uniform(-5, 5)));
        }
        double norm = -D * (Math.log(SD) + 0.5 * Math.log(2 * Math.PI));
        GradientLogLikelihood like = (t, g) -> {
            double s = norm;
            for (int i = 0; i < D; i++) {
                double z = (t[i] - MU[i]) / SD;
                s -= 0.5 * z * z;
                g[i] = -z / SD;
            }
            return s;
        };
        return InferenceProblem.of(PriorSet.of(ps), like);
    }

    @Test
    void priorTimesLikelihoodIsUnchangedAndTheGradientChecks() {
        InferenceProblem p = narrowGaussian();
        InferenceProblem r = Repartition.around(p, Laplace.fit(p, SEED), Repartition.DEFAULT_WIDEN);
        var rng = Rngs.stream(SEED, 1);
        for (int k = 0; k < 50; k++) {
            double[] t = new double[D];
            for (int i = 0; i < D; i++) {
                // half the points near the mode, half anywhere in the box
                t[i] = k % 2 == 0 ? MU[i] + 5 * SD * (2 * rng.nextDouble() - 1) : -5 + 10 * rng.nextDouble();
            }
            double before = p.logLikelihood(t) + p.priors().logDensity(t);
            double after = r.logLikelihood(t) + r.priors().logDensity(t);
            assertEquals(before, after, 1e-9 * Math.max(1, Math.abs(before)), "at point " + k);
        }
        InferenceProblem.GradientCheck c = r.checkGradient(Rngs.stream(SEED, 2), 20, InferenceProblem.checkSteps());
        assertTrue(c.relativeError() < 1e-6, c.describe());
    }

    @Test
    void nestedEvidenceIsExactWithFewerCalls() {
        InferenceProblem p = narrowGaussian();
        NestedSampler.Options o = NestedSampler.Options.defaults().withLivePoints(200).withThreads(2);
        RunResult plain = NestedSampler.of(o).run(p, Rngs.stream(SEED), RunListener.NONE);
        RunResult rep = NestedSampler.of(o.withRepartition(Repartition.DEFAULT_WIDEN))
                .run(p, Rngs.stream(SEED), RunListener.NONE);
        double exact = -D * Math.log(10);
        for (RunResult r : new RunResult[] {plain, rep}) {
            double lnZ = r.evidence().orElseThrow().logZ();
            double err = r.evidence().orElseThrow().logZErr();
            // 3 reported errors: a false alarm of 0.3% for a Gaussian error
            assertEquals(exact, lnZ, 3 * err, "ln Z " + lnZ + " +- " + err);
            double mean = 0;
            double wsum = 0;
            double[] x0 = r.samples().column("x0");
            double[] w = r.samples().weights();
            for (int k = 0; k < w.length; k++) {
                mean += w[k] * x0[k];
                wsum += w[k];
            }
            assertEquals(MU[0], mean / wsum, 5 * SD / Math.sqrt(r.effectiveSampleSize()), "posterior mean of x0");
        }
        // the samples carry the problem's own ln L, not the repartitioned one
        for (int k = 0; k < rep.samples().size(); k += 97) {
            double[] theta = java.util.Arrays.copyOf(rep.samples().row(k), D);
            assertEquals(p.logLikelihood(theta), rep.samples().logLikelihoods()[k],
                    1e-9 * Math.abs(p.logLikelihood(theta)) + 1e-9, "ln L of sample " + k);
        }
        // H falls from about d ln(10 / (0.01 sqrt(2 pi e))) = 23.6 nats to a few: far fewer iterations
        assertTrue(rep.likelihoodCalls() < plain.likelihoodCalls() / 2,
                "calls " + rep.likelihoodCalls() + " repartitioned, " + plain.likelihoodCalls() + " plain");
    }
}
