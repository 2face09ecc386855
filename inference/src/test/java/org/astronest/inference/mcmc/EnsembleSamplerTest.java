package org.astronest.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.Chains;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.ParameterSummary;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;
import org.junit.jupiter.api.Test;

class EnsembleSamplerTest {

    static final double[] MU = {1, -2, 0.5};
    static final double[] SD = {1, 0.05, 20};

    /**
     * Independent Gaussians with very different scales (the stretch move is affine invariant, so scales should not
     * matter) under flat priors, with a fixed parameter in the middle: exact posterior means MU and sds SD.
     */
    static InferenceProblem gaussian() {
        PriorSet ps = PriorSet.of(Parameter.of("a", Priors.flat()), Parameter.of("fixed", Priors.fixed(7)),
                Parameter.of("b", Priors.flat()), Parameter.of("c", Priors.flat()));
        return InferenceProblem.of(ps, th -> {
            if (th[1] != 7) {
                throw new IllegalStateException("fixed parameter not inserted: " + th[1]);
            }
            double s = 0;
            int[] idx = {0, 2, 3};
            for (int i = 0; i < 3; i++) {
                double z = (th[idx[i]] - MU[i]) / SD[i];
                s += -0.5 * z * z;
            }
            return s;
        });
    }

    static EnsembleSampler.Options ball() {
        return EnsembleSampler.Options.defaults().withWalkers(32).withInitialBall(new double[] {0, 0, 0}, 1, 0.1, 5);
    }

    @SuppressWarnings("unchecked")
    static double diag(RunResult r, String key, String name) {
        return ((Map<String, Double>) r.diagnostics().get(key)).get(name);
    }

    @Test
    void gaussianMomentsWithinMcseAndDiagnosticsPresent() {
        RunResult r = EnsembleSampler.of(ball().withSteps(8000).withThreads(1)).run(gaussian(), Rngs.seeded(5));
        assertEquals("ensemble", r.sampler());
        List<String> names = List.of("a", "b", "c");
        double minBulk = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 3; i++) {
            ParameterSummary p = r.summary().get(names.get(i));
            // exact posterior: N(MU, SD^2); tolerance 4.5 x the run's own MCSE (Vehtari et al. 2021 sec. 4.4)
            assertEquals(MU[i], p.mean(), 4.5 * diag(r, "mcseMean", names.get(i)), "mean " + names.get(i));
            assertEquals(SD[i], p.sd(), 4.5 * diag(r, "mcseSd", names.get(i)), "sd " + names.get(i));
            assertTrue(p.rhat() < 1.01, "rhat " + p.rhat());
            assertTrue(p.essBulk() > 1000 && p.essTail() > 500, p.toString());
            minBulk = Math.min(minBulk, p.essBulk());
        }
        assertEquals(minBulk, r.effectiveSampleSize(), 0);
        assertEquals(7, r.summary().get("fixed").mean(), 1e-9); // weighted mean of a constant: rounding only
        assertFalse(r.summary().get("fixed").hasDiagnostics());
        Chains c = r.chains().orElseThrow();
        assertEquals(32, c.walkers());
        assertEquals(8000, c.steps());
        assertEquals(3, c.values()[0][0].length);
        assertEquals(((Number) r.diagnostics().get("burnIn")).intValue(), c.burnIn());
        assertEquals(((Number) r.diagnostics().get("thin")).intValue(), c.thin());
        int kept = (8000 - c.burnIn() + c.thin() - 1) / c.thin();
        assertEquals(kept * 32, r.samples().size());
        // stretch move on a Gaussian: acceptance is typically 0.3-0.7 (Foreman-Mackey et al. 2013 sec. 4)
        double acc = (Double) r.diagnostics().get("acceptanceFraction");
        assertTrue(acc > 0.3 && acc < 0.8, "acceptance " + acc);
        // 8000 steps x 32 walkers + 32 initial points (flat priors: every proposal is evaluated)
        assertEquals(8000L * 32 + 32, r.likelihoodCalls());
        assertEquals(5L, r.seed().orElseThrow());
    }

    @Test
    void sameResultForAnyThreadCount() {
        EnsembleSampler.Options o = ball().withSteps(300).withMove(Moves.parse("stretch:0.6,de:0.4"));
        RunResult one = EnsembleSampler.of(o.withThreads(1)).run(gaussian(), Rngs.seeded(77));
        RunResult three = EnsembleSampler.of(o.withThreads(3)).run(gaussian(), Rngs.seeded(77));
        Chains a = one.chains().orElseThrow();
        Chains b = three.chains().orElseThrow();
        for (int k = 0; k < a.walkers(); k++) {
            for (int t = 0; t < a.steps(); t++) {
                assertArrayEquals(a.values()[k][t], b.values()[k][t], "walker " + k + " step " + t);
            }
            assertArrayEquals(a.logPosterior()[k], b.logPosterior()[k]);
        }
        assertEquals(one.likelihoodCalls(), three.likelihoodCalls());
        assertEquals(one.summary().get("b").mean(), three.summary().get("b").mean(), 0);
        assertEquals(one.summary().get("b").rhat(), three.summary().get("b").rhat(), 0);
        // and a different seed gives a different chain
        RunResult other = EnsembleSampler.of(o.withThreads(1)).run(gaussian(), Rngs.seeded(78));
        assertFalse(other.summary().get("b").mean() == one.summary().get("b").mean());
    }

    @Test
    void runsUntilConvergedByTheTauCriterion() {
        EnsembleSampler.Options o = ball().untilConverged().withThreads(1);
        RunResult r = EnsembleSampler.of(o).run(gaussian(), Rngs.seeded(9));
        assertEquals(Boolean.TRUE, r.diagnostics().get("converged"));
        int steps = ((Number) r.diagnostics().get("steps")).intValue();
        double tauMax = (Double) r.diagnostics().get("tauMax");
        // emcee's criterion: chain longer than 50 tau (and tau stable within 1%)
        assertTrue(steps > 50 * tauMax, steps + " steps, tau " + tauMax);
        assertTrue(steps < 100_000, "stopped at max steps");
        // burn-in at least 2 tau_max (emcee docs), thinning floor(tau_min / 2)
        assertTrue(((Number) r.diagnostics().get("burnIn")).intValue() >= (int) (2 * tauMax));
    }

    @Test
    void rhatTargetExtendsTheRunUntilRhatIsBelowIt() {
        EnsembleSampler.Options o = ball().untilConverged().withThreads(1).withMinEss(0);
        RunResult plain = EnsembleSampler.of(o.withRhatTarget(Double.NaN)).run(gaussian(), Rngs.seeded(9));
        RunResult strict = EnsembleSampler.of(o.withRhatTarget(1.005)).run(gaussian(), Rngs.seeded(9));
        assertEquals(Boolean.TRUE, strict.diagnostics().get("converged"));
        int a = ((Number) plain.diagnostics().get("steps")).intValue();
        int b = ((Number) strict.diagnostics().get("steps")).intValue();
        double rhat = (Double) strict.diagnostics().get("rhatMax");
        // the run stops only when the result's own R-hat (whole-chain tau, its burn-in and thinning) is below it
        assertTrue(rhat < 1.005, "rhat " + rhat + " after " + b + " steps");
        assertTrue(b > a, a + " vs " + b);
        // the default rule: R-hat below 1.01 and every bulk ESS at least 1000, in the result it reports
        RunResult dflt = EnsembleSampler.of(ball().untilConverged().withThreads(1)).run(gaussian(), Rngs.seeded(9));
        assertEquals(Boolean.TRUE, dflt.diagnostics().get("converged"));
        assertTrue((Double) dflt.diagnostics().get("rhatMax") < 1.01, dflt.diagnostics().toString());
        assertTrue(dflt.effectiveSampleSize() >= 1000, "ESS " + dflt.effectiveSampleSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> o.withRhatTarget(0.99));
        assertTrue(e.getMessage().contains("rhat_target must be > 1"), e.getMessage());
    }

    @Test
    void resumedRunEqualsUninterruptedRun() {
        EnsembleSampler.Options o = ball().withThreads(1).withMove(Moves.parse("stretch:0.7,de:0.3"));
        RunResult full = EnsembleSampler.of(o.withSteps(600)).run(gaussian(), Rngs.seeded(3));
        MemoryStore store = new MemoryStore();
        EnsembleSampler.of(o.withSteps(250).withCheckpoint(store, 1000)).run(gaussian(), Rngs.seeded(3));
        assertEquals(250, EnsembleState.stepOf(store.data));
        RunResult resumed = EnsembleSampler.of(o.withSteps(600).withCheckpoint(store, 1000).withResume(true))
                .run(gaussian(), Rngs.seeded(3));
        assertSameRun(full, resumed);
        // a checkpoint from another configuration is refused with a message
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnsembleSampler.of(
                o.withWalkers(40).withSteps(600).withCheckpoint(store, 1000).withResume(true))
                .run(gaussian(), Rngs.seeded(3)));
        assertTrue(e.getMessage().contains("cannot resume") && e.getMessage().contains("walkers=32"), e.getMessage());
        // the store now holds 600 steps: resuming with fewer is refused
        e = assertThrows(IllegalArgumentException.class, () -> EnsembleSampler.of(
                o.withSteps(300).withCheckpoint(store, 1000).withResume(true)).run(gaussian(), Rngs.seeded(3)));
        assertTrue(e.getMessage().contains("already has 600 steps, more than steps = 300"), e.getMessage());
    }

    static void assertSameRun(RunResult a, RunResult b) {
        Chains x = a.chains().orElseThrow();
        Chains y = b.chains().orElseThrow();
        assertEquals(x.steps(), y.steps());
        for (int k = 0; k < x.walkers(); k++) {
            for (int t = 0; t < x.steps(); t++) {
                assertArrayEquals(x.values()[k][t], y.values()[k][t]);
            }
        }
        assertEquals(a.likelihoodCalls(), b.likelihoodCalls());
        assertEquals(x.burnIn(), y.burnIn());
        assertEquals(x.thin(), y.thin());
        for (String n : a.summary().names()) {
            assertEquals(a.summary().get(n), b.summary().get(n));
        }
    }

    @Test
    void refusesTooFewWalkersAndFlatPriorsWithoutABall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnsembleSampler.of(
                ball().withWalkers(4)).run(gaussian(), Rngs.seeded(1)));
        assertEquals("ensemble: walkers must be >= 2 x dimension = 2 x 3 = 6, got 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnsembleSampler.Options.defaults().withWalkers(3));
        assertTrue(e.getMessage().contains("got 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnsembleSampler.of(
                EnsembleSampler.Options.defaults()).run(gaussian(), Rngs.seeded(1)));
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("initial ball"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnsembleSampler.of(EnsembleSampler.Options.defaults()
                .withInitialBall(new double[] {0, 0}, 1)).run(gaussian(), Rngs.seeded(1)));
        assertTrue(e.getMessage().contains("initial_center has 2 values"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnsembleSampler.Options.defaults().withSteps(100)
                .withBurnInAndThin(100, 0));
        assertTrue(e.getMessage().contains("burn_in must be < steps = 100, got 100"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> EnsembleSampler.Options.defaults().withThreads(0));
        assertTrue(e.getMessage().contains("threads must be >= 1, got 0"), e.getMessage());
    }

    @Test
    void likelihoodIsEvaluatedThroughTheBatchMethodPerHalfEnsemble() {
        java.util.concurrent.atomic.AtomicInteger single = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger maxBatch = new java.util.concurrent.atomic.AtomicInteger();
        InferenceProblem g = gaussian();
        org.astronest.inference.LogLikelihood batched = new org.astronest.inference.LogLikelihood() {
            @Override
            public double logLikelihood(double[] theta) {
                single.incrementAndGet();
                return g.likelihood().logLikelihood(theta);
            }

            @Override
            public void logLikelihood(double[][] thetas, double[] out) {
                maxBatch.accumulateAndGet(thetas.length, Math::max);
                for (int i = 0; i < thetas.length; i++) {
                    out[i] = g.likelihood().logLikelihood(thetas[i]);
                }
            }
        };
        InferenceProblem p = InferenceProblem.of(g.priors(), batched).withoutCheck(); // the check calls both forms
        EnsembleSampler.of(ball().withSteps(20).withThreads(1)).run(p, Rngs.seeded(1));
        assertEquals(0, single.get());
        // flat priors: every proposal of a half-ensemble (16 of 32 walkers) goes in one batch (initial: all 32)
        assertEquals(32, maxBatch.get());
        maxBatch.set(0);
        EnsembleSampler.of(ball().withSteps(20).withThreads(4)).run(p, Rngs.seeded(1));
        // 4 threads: contiguous chunks of 32/4 = 8 (initialisation) and 16/4 = 4 (steps)
        assertEquals(8, maxBatch.get());
        assertEquals(0, single.get());
    }

    @Test
    void startsFromThePriorAndNeverLeavesTheSupport() {
        // uniform prior on [0, 1]^2 with a likelihood peaked at the upper edge of x: no draw may leave the box
        PriorSet ps = PriorSet.of(Parameter.of("x", Priors.uniform(0, 1)), Parameter.of("y", Priors.uniform(0, 1)));
        InferenceProblem p = InferenceProblem.of(ps, th -> -0.5 * Math.pow((th[0] - 1) / 0.2, 2));
        RunResult r = EnsembleSampler.of(EnsembleSampler.Options.defaults().withWalkers(8).withSteps(500)
                .withThreads(1)).run(p, Rngs.seeded(2));
        for (double[] w : r.chains().orElseThrow().values()[0]) {
            assertTrue(w[0] >= 0 && w[0] <= 1 && w[1] >= 0 && w[1] <= 1);
        }
        // fewer calls than proposals: proposals outside the box are not evaluated
        assertTrue(r.likelihoodCalls() < 500L * 8, "calls " + r.likelihoodCalls());
    }

    @Test
    void movesProposeWhatTheyPromise() {
        UniformRandomProvider rng = Rngs.stream(4);
        double[] x = {1, 2, 3};
        double[][] comp = {{0, 0, 0}};
        double[] y = new double[3];
        StretchMove s = StretchMove.defaults();
        for (int i = 0; i < 1000; i++) {
            double logq = s.propose(x, comp, y, rng);
            double z = y[0] / x[0];
            // Goodman & Weare 2010 eq. 9: y = c + z (x - c), z in [1/a, a], factor z^(d-1)
            assertTrue(z >= 0.5 && z <= 2, "z " + z);
            assertEquals(z, y[2] / x[2], 1e-12);
            assertEquals(2 * Math.log(z), logq, 1e-12);
        }
        double[][] comp2 = {{0, 0, 0}, {1, 1, 1}};
        DifferentialEvolutionMove de = new DifferentialEvolutionMove(0.5, 0, 0);
        assertEquals(0, de.propose(x, comp2, y, rng), 0);
        // y = x +- 0.5 (c1 - c2), c1 != c2
        assertEquals(0.5, Math.abs(y[0] - x[0]), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new StretchMove(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Moves.parse("walk"));
        assertTrue(e.getMessage().contains("unknown move 'walk'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Moves.parse("de:-1"));
        assertTrue(e.getMessage().contains("weight of 'de' must be > 0, got -1"), e.getMessage());
        MixtureMove m = (MixtureMove) Moves.parse("stretch:3,de:1");
        assertArrayEquals(new double[] {0.75, 0.25}, m.weights(), 1e-15);
    }

    /** A derived column equal to a free one gets exactly its R-hat and ESS (the same draws). */
    @Test
    void derivedColumnsGetDiagnostics() {
        InferenceProblem p = gaussian().withDerived(java.util.List.of("copy"), th -> new double[] {th[0]});
        RunResult r = EnsembleSampler.of(ball().withSteps(600).withThreads(2)).run(p, Rngs.seeded(8));
        String first = p.freeNames().get(0);
        assertEquals(r.summary().get(first).rhat(), r.summary().get("copy").rhat(), 0);
        assertEquals(r.summary().get(first).essBulk(), r.summary().get("copy").essBulk(), 0);
        assertEquals(r.summary().get(first).essTail(), r.summary().get("copy").essTail(), 0);
    }

    /** An in-memory checkpoint store. */
    static final class MemoryStore implements CheckpointStore {
        byte[] data;

        @Override
        public Optional<byte[]> load() {
            return Optional.ofNullable(data);
        }

        @Override
        public void save(byte[] state) {
            data = state.clone();
        }
    }
}
