package org.astronest.inference.nested;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronest.inference.Evidence;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogLikelihood;
import org.astronest.inference.NestedRun;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;
import org.junit.jupiter.api.Test;

class NestedSamplerTest {

    private static final long SEED = Long.getLong("astronest.test.seed", 20241122L);

    @Test
    void optionsAreValidatedWithTheFieldName() {
        NestedSampler.Options d = NestedSampler.Options.defaults();
        assertEquals(400, d.livePoints());
        assertEquals(0.5, d.dlogz()); // as MultiNest tol and UltraNest dlogz (issue 16)
        assertEquals(Runtime.getRuntime().availableProcessors(), d.threads());
        assertEquals(10.0, d.checkpointSeconds());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withLivePoints(1));
        assertTrue(e.getMessage().contains("live_points") && e.getMessage().contains("1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withDlogz(-0.5));
        assertTrue(e.getMessage().contains("dlogz") && e.getMessage().contains("-0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withThreads(0));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.withMaxCalls(0));
        assertTrue(e.getMessage().contains("max_calls"), e.getMessage());
    }

    @Test
    void livePointsMustExceedTheDimension() {
        NestedSampler s = NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(3).withThreads(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.run(TestProblems.gaussian(3, 0.5), Rngs.seeded(1)));
        assertTrue(e.getMessage().contains("live_points must be >= dimension + 1 = 4, got 3"), e.getMessage());
    }

    @Test
    void plusInfinityAndAnOverflowingEvidenceAreErrors() {
        // a likelihood that is +infinity on part of the prior would take the whole posterior: refused naming theta
        InferenceProblem inf = InferenceProblem.of(PriorSet.of(Parameter.of("a", Priors.uniform(0, 1))),
                th -> th[0] > 0.9 ? Double.POSITIVE_INFINITY : -th[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(20).withThreads(1))
                        .run(inf, Rngs.seeded(1)));
        assertTrue(e.getMessage().startsWith("log-likelihood is +infinity at a=0.9"), e.getMessage());
        // ln L of order 1e308 leaves no precision for the evidence: it reported ln Z = 1e308 +- Infinity
        InferenceProblem huge = InferenceProblem.of(PriorSet.of(Parameter.of("a", Priors.uniform(0, 1))),
                th -> 1e308 * (0.5 + 0.5 * th[0]));
        e = assertThrows(IllegalStateException.class,
                () -> NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(20).withThreads(1)
                        .withMaxCalls(2000)).run(huge, Rngs.seeded(1)));
        assertTrue(e.getMessage().startsWith("the evidence overflowed double precision"), e.getMessage());
    }

    @Test
    void aBatchMethodThatDisagreesWithSingleCallsIsRefusedBeforeTheRun() {
        // such a likelihood shifted ln Z by a nat without a word; the sampler now runs InferenceProblem.check
        LogLikelihood bad = new LogLikelihood() {
            @Override
            public double logLikelihood(double[] th) {
                return -0.5 * th[0] * th[0];
            }

            @Override
            public void logLikelihood(double[][] ths, double[] out) {
                for (int i = 0; i < ths.length; i++) {
                    out[i] = -0.5 * ths[i][0] * ths[i][0] - 1;
                }
            }
        };
        InferenceProblem p = InferenceProblem.of(PriorSet.of(Parameter.of("a", Priors.uniform(-3, 3))), bad);
        NestedSampler s = NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(20).withThreads(1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.run(p, Rngs.seeded(1)));
        assertTrue(e.getMessage().startsWith("batch log-likelihood") && e.getMessage().contains("differs from single"),
                e.getMessage());
        // a caller that opts out gets the run
        assertTrue(s.run(p.withoutCheck(), Rngs.seeded(1)).evidence().isPresent());
    }

    @Test
    void improperPriorsAreRefused() {
        InferenceProblem p = InferenceProblem.of(PriorSet.of(Parameter.of("a", Priors.flat())), th -> 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NestedSampler.of(NestedSampler.Options.defaults().withThreads(1)).run(p, Rngs.seeded(1)));
        assertTrue(e.getMessage().contains("nested sampling") && e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void gaussianEvidenceMatchesTheClosedFormWithImportanceWeights() {
        // the default bound (tight ellipsoids): ln Z, weights and errors from importance nested sampling
        RunResult r = NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(200).withThreads(1))
                .run(TestProblems.gaussian(3, 0.5), Rngs.seeded(SEED));
        Evidence e = assertGaussian(r);
        // every evaluation is a weighted sample but those holding together at most 1e-6 of Z; the plain
        // nested-sampling ln Z stays as a cross-check
        assertEquals(((Number) r.diagnostics().get("importanceSamplesKept")).intValue(), r.samples().size());
        assertTrue(r.samples().size() <= ((Number) r.diagnostics().get("importancePoints")).intValue());
        assertEquals((double) r.diagnostics().get("logZImportance"), e.logZ());
        assertEquals((double) r.diagnostics().get("logZErrImportance"), e.logZErr());
        double ns = (double) r.diagnostics().get("logZNested");
        double nsErr = (double) r.diagnostics().get("logZErrNested");
        assertTrue(Math.abs(ns - -3 * Math.log(10)) < 4 * nsErr, "nested-sampling ln Z " + ns + " +- " + nsErr);
        assertTrue(r.samples().size() > r.nestedRun().orElseThrow().size());
        assertFalse(r.diagnostics().containsKey("evidenceWarning"), String.valueOf(r.diagnostics()));
    }

    @Test
    void gaussianEvidenceMatchesTheClosedFormWithMlfriends() {
        RunResult r = NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(200).withThreads(1)
                .withBound(NestedSampler.Bound.MLFRIENDS)).run(TestProblems.gaussian(3, 0.5), Rngs.seeded(SEED));
        Evidence e = assertGaussian(r);
        assertEquals(r.samples().size(), r.nestedRun().orElseThrow().size());
        assertEquals(Math.max((double) r.diagnostics().get("logZErrSimple"),
                Math.max((double) r.diagnostics().get("logZErrResampled"),
                        (double) r.diagnostics().get("logZErrBootstrap"))), e.logZErr());
        assertFalse(r.diagnostics().containsKey("logZImportance"));
    }

    /** ln Z, posterior means, the run's order and H of the 3-d Gaussian against their closed forms. */
    private static Evidence assertGaussian(RunResult r) {
        // ln Z = -3 ln 10 (normalized Gaussian well inside the box [-5, 5]^3, prior density 1/10 per axis)
        Evidence e = r.evidence().orElseThrow();
        double ref = -3 * Math.log(10);
        assertTrue(Math.abs(e.logZ() - ref) < 4 * e.logZErr(), "logZ " + e.logZ() + " +- " + e.logZErr()
                + " vs " + ref);
        // posterior means mu = (-1, 0, 1), sd 0.5: within 4.5 Monte Carlo errors sd / sqrt(ESS)
        double ess = r.effectiveSampleSize();
        double[] mu = {-1, 0, 1};
        for (int i = 0; i < 3; i++) {
            double m = r.summary().all().get(i).mean();
            assertTrue(Math.abs(m - mu[i]) < 4.5 * 0.5 / Math.sqrt(ess), "mean of x" + i + " = " + m);
        }
        NestedRun run = r.nestedRun().orElseThrow();
        for (int i = 1; i < run.size(); i++) {
            assertTrue(run.logL()[i] >= run.logL()[i - 1], "dead points in increasing log L");
            assertTrue(run.logX()[i] < run.logX()[i - 1], "log X decreasing");
        }
        assertTrue(r.diagnostics().containsKey("logZErrSimple"));
        assertTrue(r.diagnostics().containsKey("logZErrResampled"));
        assertTrue(r.diagnostics().containsKey("logZErrBootstrap"));
        // information H of N(mu, s) against the uniform box: sum_i [ln(10 / (s sqrt(2 pi e)))] = 3 * 1.8836
        double h = 3 * Math.log(10 / (0.5 * Math.sqrt(2 * Math.PI * Math.E)));
        assertEquals(h, e.information(), 0.15 * h);
        return e;
    }

    @Test
    void sameSeedSameResultOnOneAndThreeThreadsRejection() {
        assertSameRun(NestedSampler.Options.defaults().withLivePoints(120), TestProblems.twoModes(2));
    }

    @Test
    void sameSeedSameResultOnOneAndThreeThreadsSlice() {
        assertSameRun(NestedSampler.Options.defaults().withLivePoints(100).withStep(NestedSampler.StepMethod.SLICE),
                TestProblems.gaussian(4, 0.5));
    }

    private static void assertSameRun(NestedSampler.Options o, InferenceProblem p) {
        RunResult one = NestedSampler.of(o.withThreads(1)).run(p, Rngs.seeded(SEED));
        RunResult three = NestedSampler.of(o.withThreads(3)).run(p, Rngs.seeded(SEED));
        assertEquals(Double.doubleToLongBits(one.evidence().orElseThrow().logZ()),
                Double.doubleToLongBits(three.evidence().orElseThrow().logZ()));
        assertEquals(one.likelihoodCalls(), three.likelihoodCalls());
        assertEquals(one.samples().size(), three.samples().size());
        for (int j = 0; j < one.samples().dimension(); j++) {
            assertArrayEquals(one.samples().column(j), three.samples().column(j), 0.0);
        }
        assertArrayEquals(one.samples().logWeights(), three.samples().logWeights(), 0.0);
    }

    @Test
    void twoModesKeepTheirWeightAndTheEvidence() {
        // ln Z = -2 ln 10; each mode holds half of the posterior mass, so the mean of x0 is 0 and P(x0 > 0) = 1/2
        RunResult r = NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(200).withThreads(2))
                .run(TestProblems.twoModes(2), Rngs.seeded(SEED));
        Evidence e = r.evidence().orElseThrow();
        assertTrue(Math.abs(e.logZ() + 2 * Math.log(10)) < 4 * e.logZErr(), e.toString());
        double[] x0 = r.samples().column(0);
        double[] w = r.samples().weights();
        double right = 0;
        double total = 0;
        for (int i = 0; i < x0.length; i++) {
            total += w[i];
            if (x0[i] > 0) {
                right += w[i];
            }
        }
        double frac = right / total;
        // binomial Monte Carlo error with the Kish ESS: sqrt(0.25 / ESS); 4.5 sigma
        assertEquals(0.5, frac, 4.5 * Math.sqrt(0.25 / r.effectiveSampleSize()));
    }

    @Test
    void maxCallsStopsTheRun() {
        RunResult r = NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(50).withThreads(1)
                .withMaxCalls(500)).run(TestProblems.gaussian(2, 0.1), Rngs.seeded(SEED));
        assertEquals("max_calls", r.diagnostics().get("stopReason"));
        assertTrue(r.likelihoodCalls() >= 500 && r.likelihoodCalls() < 500 + 50 * 16 * 4, "calls "
                + r.likelihoodCalls());
    }

    @Test
    void plateauInTheLikelihoodIsHandled() {
        // L = 1 on x < 0.5 (half the prior), e^2 on x >= 0.5 with ties everywhere: Z = (1 + e^2) / 2
        InferenceProblem p = InferenceProblem.of(PriorSet.of(Parameter.of("x", Priors.uniform(0, 1)),
                Parameter.of("y", Priors.uniform(0, 1))), th -> th[0] < 0.5 ? 0.0 : 2.0);
        RunResult r = NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(400).withThreads(1))
                .run(p, Rngs.seeded(SEED));
        Evidence e = r.evidence().orElseThrow();
        double ref = Math.log((1 + Math.exp(2)) / 2);
        assertEquals("plateau", r.diagnostics().get("stopReason"));
        // the removal of k tied points has binomial scatter: sd of ln Z about sqrt(p(1-p)/n) / p-ish; use 4 sigma of
        // the binomial error of the fraction below the plateau: sd(frac) = sqrt(0.25/400) = 0.025
        double fracErr = 0.025;
        double dZ = (Math.exp(2) - 1) * fracErr / (1 + Math.exp(2));
        assertEquals(ref, e.logZ(), 4 * dZ);
    }

    @Test
    void impossibleLikelihoodEverywhereIsAClearError() {
        InferenceProblem p = InferenceProblem.of(PriorSet.of(Parameter.of("x", Priors.uniform(0, 1))),
                th -> Double.NEGATIVE_INFINITY);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NestedSampler.of(
                NestedSampler.Options.defaults().withLivePoints(20).withThreads(1)).run(p, Rngs.seeded(SEED)));
        assertTrue(e.getMessage().contains("-infinity"), e.getMessage());
    }
}
