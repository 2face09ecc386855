package org.astronest.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.astronest.inference.Chains;
import org.astronest.inference.ParameterSummary;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.junit.jupiter.api.Test;

/**
 * The chain store ({@link ChainStore}): bounded size, an evenly thinned whole chain, results of a store that never
 * fills identical to the version before it, honest moments and tau with a small store, exact resume while thinning.
 */
class EnsembleChainStoreTest {

    /** A digest of everything a run reports: chains, log posterior, summaries, calls and the tau/burn-in/thin. */
    static String digest(RunResult r) {
        long h = 17;
        Chains c = r.chains().orElseThrow();
        for (int k = 0; k < c.walkers(); k++) {
            for (int t = 0; t < c.steps(); t++) {
                for (double v : c.values()[k][t]) {
                    h = h * 31 + Double.doubleToLongBits(v);
                }
                h = h * 31 + Double.doubleToLongBits(c.logPosterior()[k][t]);
            }
        }
        for (String n : r.summary().names()) {
            ParameterSummary p = r.summary().get(n);
            for (double v : new double[] {p.mean(), p.sd(), p.q05(), p.q16(), p.q50(), p.q84(), p.q95(), p.rhat(),
                    p.essBulk(), p.essTail()}) {
                h = h * 31 + Double.doubleToLongBits(v);
            }
        }
        Map<String, Object> d = new TreeMap<>();
        for (String k : new String[] {"steps", "burnIn", "thin", "keptSteps", "equilibrationStep", "tau", "tauMax",
                "rhatMax", "essMean", "mcseMean", "mcseSd", "acceptanceFraction"}) {
            d.put(k, r.diagnostics().get(k));
        }
        return Long.toHexString(h) + " calls=" + r.likelihoodCalls() + " " + d;
    }

    /** Printed by the version before the chain store (commit 51766bb) for the two runs below. */
    static final String FIXED_BEFORE = "2cb69eba2f8a7393 calls=96032 {acceptanceFraction=0.54684375, burnIn=103, "
            + "equilibrationStep=54, essMean={a=3680.1453507032993, b=3996.6017265042206, c=3606.757871013822}, "
            + "keptSteps=290, mcseMean={a=0.016150431137489953, b=7.947706747692824E-4, c=0.340584339268604}, "
            + "mcseSd={a=0.00830239419665522, b=4.4493492192153593E-4, c=0.17638584372397312}, "
            + "rhatMax=1.0045891866499788, steps=3000, tau={a=21.426136424719658, b=21.276493130450888, "
            + "c=24.673317857439}, tauMax=24.673317857439, thin=10}";
    static final String UNTIL_BEFORE = "4c83c3b7f37f39dd calls=67232 {acceptanceFraction=0.6419345238095238, "
            + "burnIn=126, equilibrationStep=56, essMean={a=1565.3167788560404, b=1535.4404680690634, "
            + "c=1547.18625589026}, keptSteps=141, mcseMean={a=0.025470920033448096, b=0.0012698103321260802, "
            + "c=0.5091533919717414}, mcseSd={a=0.012775101172749142, b=6.169898098691066E-4, "
            + "c=0.2540253690036702}, rhatMax=1.015550706640926, steps=2100, tau={a=34.43605237593727, "
            + "b=29.946869826604203, c=35.152557172990555}, tauMax=35.152557172990555, thin=14}";

    static EnsembleSampler.Options mixed() {
        return EnsembleSamplerTest.ball().withThreads(1).withMove(Moves.parse("stretch:0.7,de:0.3"));
    }

    @Test
    void aStoreThatNeverFillsGivesBitwiseTheResultsOfTheVersionBefore() {
        // automatic size: 2^27 / (32 walkers x 5 x 8 bytes) = 104857 steps, far above 3000
        assertEquals(FIXED_BEFORE, digest(EnsembleSampler.of(mixed().withSteps(3000))
                .run(EnsembleSamplerTest.gaussian(), Rngs.seeded(11))));
        // exactly full (3000 rows, never halved)
        assertEquals(FIXED_BEFORE, digest(EnsembleSampler.of(mixed().withSteps(3000).withMaxStoredSteps(3000))
                .run(EnsembleSamplerTest.gaussian(), Rngs.seeded(11))));
        // until converged by emcee's tau rule alone (the default rule of the version before)
        assertEquals(UNTIL_BEFORE, digest(EnsembleSampler.of(EnsembleSamplerTest.ball().withThreads(1)
                .untilConverged().withRhatTarget(Double.NaN).withMinEss(0)).run(EnsembleSamplerTest.gaussian(),
                Rngs.seeded(9))));
    }

    @Test
    void theStoreKeepsAnEvenlyThinnedWholeChainInBoundedMemory() {
        ChainStore c = new ChainStore(2, 1, 100);
        double[][] pos = new double[2][1];
        for (int t = 0; t < 1_000_000; t++) {
            pos[0][0] = t;
            pos[1][0] = -t;
            c.record(pos, new double[] {t, -t}, new double[] {0, 0});
            assertTrue(c.rows() <= 100 && c.allocatedRows() <= 100, "step " + t);
        }
        assertEquals(1_000_000, c.steps());
        // 10^6 steps / 100 rows: the stride is the power of two that keeps 50..100 rows
        assertEquals(16384, c.stride());
        assertEquals((1_000_000 - 1) / 16384 + 1, c.rows());
        double[][] s = c.series(0, 0, 1);
        for (int r = 0; r < c.rows(); r++) {
            assertEquals(r * 16384.0, s[0][r], 0);
            assertEquals(-r * 16384.0, s[1][r], 0);
        }
        // growth never allocates past the rows the run's last step needs
        ChainStore d = new ChainStore(1, 3, 1000);
        d.limitSteps(130);
        for (int t = 0; t < 130; t++) {
            d.record(new double[1][3], new double[1], new double[1]);
        }
        assertEquals(130, d.allocatedRows());
    }

    @Test
    void aLongRunStoresAtMostTheCapAndItsRowsAreTheFullChainsSteps() {
        EnsembleSampler.Options o = mixed().withSteps(20_000);
        RunResult full = EnsembleSampler.of(o).run(EnsembleSamplerTest.gaussian(), Rngs.seeded(21));
        RunResult capped = EnsembleSampler.of(o.withMaxStoredSteps(300)).run(EnsembleSamplerTest.gaussian(),
                Rngs.seeded(21));
        Chains a = full.chains().orElseThrow();
        Chains b = capped.chains().orElseThrow();
        // 20000 steps into 300 rows: stride 128, rows 0, 128, ..., 19968
        assertEquals(128, b.stride());
        assertEquals(157, b.steps());
        assertEquals(128, ((Number) capped.diagnostics().get("stride")).intValue());
        assertEquals(157, ((Number) capped.diagnostics().get("storedSteps")).intValue());
        assertEquals(20_000, ((Number) capped.diagnostics().get("steps")).intValue());
        for (int k = 0; k < a.walkers(); k++) {
            for (int r = 0; r < b.steps(); r++) {
                assertArrayEquals(a.values()[k][r * 128], b.values()[k][r], "walker " + k + " row " + r);
                assertEquals(a.logPosterior()[k][r * 128], b.logPosterior()[k][r]);
            }
        }
        // the same chain, so the same calls; burn-in and thinning reported in steps, multiples of the stride
        assertEquals(full.likelihoodCalls(), capped.likelihoodCalls());
        int burnIn = ((Number) capped.diagnostics().get("burnIn")).intValue();
        int thin = ((Number) capped.diagnostics().get("thin")).intValue();
        assertEquals(0, burnIn % 128);
        assertEquals(128, thin, "tau / 2 is below the stride: every stored row after burn-in is kept");
        assertEquals(b.burnIn() * 128, burnIn);
        assertEquals(b.thin() * 128, thin);
    }

    @Test
    void tauFromAThinnedStoreIsCloseWhileTheStrideIsBelowTauAndAnUpperBoundAfter() {
        EnsembleSampler.Options o = mixed().withSteps(16_000);
        RunResult full = EnsembleSampler.of(o).run(EnsembleSamplerTest.gaussian(), Rngs.seeded(22));
        double tau = (Double) full.diagnostics().get("tauMax");
        // stride 4 (16000 steps into 4000..8000 rows), tau ~ 25: within 5% of the full-chain estimate
        RunResult s4 = EnsembleSampler.of(o.withMaxStoredSteps(5000)).run(EnsembleSamplerTest.gaussian(),
                Rngs.seeded(22));
        assertEquals(4, ((Number) s4.diagnostics().get("stride")).intValue());
        assertEquals(tau, (Double) s4.diagnostics().get("tauMax"), 0.05 * tau);
        // stride 16 (tau / 1.4): the trapezoid error O((stride / tau)^2) is no longer small; measured +16..+25%
        // (seeds 22-24), always upwards: the estimate stays an upper bound
        RunResult s16 = EnsembleSampler.of(o.withMaxStoredSteps(1200)).run(EnsembleSamplerTest.gaussian(),
                Rngs.seeded(22));
        assertEquals(16, ((Number) s16.diagnostics().get("stride")).intValue());
        double t16 = (Double) s16.diagnostics().get("tauMax");
        assertTrue(t16 >= tau && t16 <= 1.5 * tau, "tau " + t16 + " vs " + tau);
        // stride 128 >> tau: the rows are nearly independent and tau is reported as about one stride, an upper
        // bound (never below the true tau by more than the estimator's noise)
        RunResult s128 = EnsembleSampler.of(o.withMaxStoredSteps(150)).run(EnsembleSamplerTest.gaussian(),
                Rngs.seeded(22));
        assertEquals(128, ((Number) s128.diagnostics().get("stride")).intValue());
        double t128 = (Double) s128.diagnostics().get("tauMax");
        assertTrue(t128 >= 0.8 * tau && t128 >= 0.8 * 128, "tau " + t128 + " vs " + tau);
    }

    @Test
    void aSmallStoreKeepsTheGaussianMomentsWithinTheirMonteCarloErrors() {
        // 40000 steps into at most 400 rows (stride 128, about 5 tau): means and sds of the three Gaussians
        // within 4.5 MCSE (the MCSE of the kept rows, which are nearly independent)
        RunResult r = EnsembleSampler.of(mixed().withSteps(40_000).withMaxStoredSteps(400))
                .run(EnsembleSamplerTest.gaussian(), Rngs.seeded(23));
        assertEquals(128, ((Number) r.diagnostics().get("stride")).intValue());
        List<String> names = List.of("a", "b", "c");
        for (int i = 0; i < 3; i++) {
            String n = names.get(i);
            ParameterSummary p = r.summary().get(n);
            assertEquals(EnsembleSamplerTest.MU[i], p.mean(), 4.5 * EnsembleSamplerTest.diag(r, "mcseMean", n), n);
            assertEquals(EnsembleSamplerTest.SD[i], p.sd(), 4.5 * EnsembleSamplerTest.diag(r, "mcseSd", n), n);
            assertTrue(p.rhat() < 1.01 && p.essBulk() > 5000, p.toString());
        }
    }

    @Test
    void resumeWithThinningActiveEqualsTheUninterruptedRun() {
        EnsembleSampler.Options o = mixed().withMaxStoredSteps(64);
        RunResult full = EnsembleSampler.of(o.withSteps(1500)).run(EnsembleSamplerTest.gaussian(), Rngs.seeded(3));
        EnsembleSamplerTest.MemoryStore store = new EnsembleSamplerTest.MemoryStore();
        EnsembleSampler.of(o.withSteps(333).withCheckpoint(store, 1000)).run(EnsembleSamplerTest.gaussian(),
                Rngs.seeded(3));
        RunResult resumed = EnsembleSampler.of(o.withSteps(1500).withCheckpoint(store, 1000).withResume(true))
                .run(EnsembleSamplerTest.gaussian(), Rngs.seeded(3));
        assertEquals(32, resumed.chains().orElseThrow().stride());
        EnsembleSamplerTest.assertSameRun(full, resumed);
        assertEquals(digest(full), digest(resumed));
        // a checkpoint written with another store size is refused
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnsembleSampler.of(
                o.withMaxStoredSteps(128).withSteps(1500).withCheckpoint(store, 1000).withResume(true))
                .run(EnsembleSamplerTest.gaussian(), Rngs.seeded(3)));
        assertTrue(e.getMessage().contains("maxStoredSteps=64"), e.getMessage());
    }

    @Test
    void aCheckpointOfTheEarlierFormatIsRefusedInOneLine() throws Exception {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream o = new java.io.DataOutputStream(b);
        o.writeUTF("astronest-ensemble-checkpoint-1");
        o.writeUTF("whatever");
        EnsembleSamplerTest.MemoryStore store = new EnsembleSamplerTest.MemoryStore();
        store.save(b.toByteArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnsembleSampler.of(
                mixed().withSteps(100).withCheckpoint(store, 1000).withResume(true))
                .run(EnsembleSamplerTest.gaussian(), Rngs.seeded(3)));
        assertEquals("ensemble: cannot resume: the checkpoint has format 1 (an earlier astronest), this version "
                + "reads format 3; remove it or run without resume", e.getMessage());
    }

    @Test
    void aBitFlippedOrTruncatedCheckpointIsRefused() {
        // before format 3 a flipped bit resumed silently with a changed sample
        EnsembleSamplerTest.MemoryStore store = new EnsembleSamplerTest.MemoryStore();
        EnsembleSampler.of(mixed().withSteps(100).withCheckpoint(store, 1e-9)).run(EnsembleSamplerTest.gaussian(),
                Rngs.seeded(3));
        byte[] good = store.data.clone();
        store.data[good.length / 2] ^= 0x04;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnsembleSampler.of(
                mixed().withSteps(200).withCheckpoint(store, 1000).withResume(true))
                .run(EnsembleSamplerTest.gaussian(), Rngs.seeded(3)));
        assertEquals("ensemble: the checkpoint is damaged (checksum mismatch); remove it to start afresh",
                e.getMessage());
        store.data = java.util.Arrays.copyOf(good, good.length - 100);
        e = assertThrows(IllegalArgumentException.class, () -> EnsembleSampler.of(
                mixed().withSteps(200).withCheckpoint(store, 1000).withResume(true))
                .run(EnsembleSamplerTest.gaussian(), Rngs.seeded(3)));
        assertEquals("ensemble: the checkpoint is damaged (checksum mismatch); remove it to start afresh",
                e.getMessage());
    }
}
