package org.astronest.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.astronest.inference.Rngs;
import org.junit.jupiter.api.Test;

/** {@code Options.fromConfig} / {@code toConfig}: the config form round-trips, key by key and run by run. */
class EnsembleConfigTest {

    static final int DIM = 3;

    /** Every option at a value other than its default. */
    static EnsembleSampler.Options everyKeyChanged() {
        return EnsembleSampler.Options.defaults().withWalkers(40).withSteps(1234).untilConverged().withMaxSteps(9999)
                .withThreads(3).withMove(Moves.parse("stretch:0.8,de:0.2")).withBurnInAndThin(100, 3)
                .withConvergence(50, 0.02, 60).withMaxCalls(123_456).withCheckpoint(
                        EnsembleSampler.Options.defaults().checkpoint(), 7.5)
                .withInitialBall(new double[] {1, 2, 3}, 0.5, 0.25, 2).withRhatTarget(1.02).withMinEss(500)
                .withMaxStoredSteps(2000);
    }

    static void assertRoundTrip(EnsembleSampler.Options o) {
        Map<String, Object> c = o.toConfig(DIM);
        assertEquals(EnsembleSampler.Options.CONFIG_KEYS, new ArrayList<>(c.keySet()), "every key, in order");
        EnsembleSampler.Options back = EnsembleSampler.Options.fromConfig(c);
        assertEquals(o.resolved(DIM), back.resolved(DIM), c.toString());
        assertEquals(c, back.toConfig(DIM));
    }

    @Test
    void everyKeyRoundTrips() {
        EnsembleSampler.Options o = everyKeyChanged();
        Map<String, Object> c = o.toConfig(DIM);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("walkers", 40);
        expected.put("steps", 1234);
        expected.put("until_converged", true);
        expected.put("max_steps", 9999);
        expected.put("threads", 3);
        expected.put("moves", "stretch:0.8,de:0.2");
        expected.put("burn_in", 100);
        expected.put("thin", 3);
        expected.put("check_interval", 50);
        expected.put("tau_tolerance", 0.02);
        expected.put("min_tau_multiple", 60.0);
        expected.put("max_calls", 123_456L);
        expected.put("checkpoint_seconds", 7.5);
        expected.put("initial_center", List.of(1.0, 2.0, 3.0));
        expected.put("initial_scale", List.of(0.5, 0.25, 2.0));
        expected.put("rhat_target", 1.02);
        expected.put("min_ess", 500.0);
        expected.put("max_stored_steps", 2000);
        assertEquals(expected, c);
        assertRoundTrip(o);
        // each key alone, on top of the defaults
        for (String k : EnsembleSampler.Options.CONFIG_KEYS) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put(k, c.get(k));
            if (k.equals("initial_center") || k.equals("initial_scale")) {
                one.put("initial_center", c.get("initial_center"));
                one.put("initial_scale", c.get("initial_scale"));
            }
            assertRoundTrip(EnsembleSampler.Options.fromConfig(one));
            assertEquals(c.get(k), EnsembleSampler.Options.fromConfig(one).toConfig(DIM).get(k), k);
        }
    }

    @Test
    void defaultsWriteTheirResolvedValues() {
        EnsembleSampler.Options d = EnsembleSampler.Options.defaults();
        Map<String, Object> c = d.toConfig(DIM);
        assertEquals(32, c.get("walkers"), "max(32, 2 d), not 0");
        assertEquals("auto", c.get("burn_in"));
        assertEquals("auto", c.get("thin"));
        assertEquals("stretch", c.get("moves"));
        assertEquals(false, c.get("until_converged"));
        assertEquals(1.01, c.get("rhat_target"));
        assertEquals(1000.0, c.get("min_ess"));
        // 2^27 bytes / (32 walkers x (3 + 2) x 8 bytes)
        assertEquals(104_857, c.get("max_stored_steps"));
        assertEquals(Long.MAX_VALUE, c.get("max_calls"));
        assertEquals("none", c.get("initial_center"));
        assertEquals("none", c.get("initial_scale"));
        Map<String, Object> nulls = new LinkedHashMap<>();
        nulls.put("initial_center", null);
        nulls.put("initial_scale", null);
        assertEquals(d, EnsembleSampler.Options.fromConfig(nulls));
        assertRoundTrip(d);
        assertEquals(d, EnsembleSampler.Options.fromConfig(Map.of()));
        // off, auto and de
        EnsembleSampler.Options off = d.withRhatTarget(Double.NaN).withMinEss(0).withMove(Moves.de());
        assertEquals("off", off.toConfig(DIM).get("rhat_target"));
        assertEquals("de", off.toConfig(DIM).get("moves"));
        assertRoundTrip(off);
        assertEquals(d.withBurnInAndThin(-1, 0), EnsembleSampler.Options.fromConfig(Map.of("burn_in", "auto",
                "thin", "auto", "walkers", "auto", "max_stored_steps", "auto")));
        // the earlier numeric spellings of "automatic" still read
        assertEquals(d, EnsembleSampler.Options.fromConfig(Map.of("burn_in", -1, "thin", 0, "walkers", 0)));
    }

    @Test
    void aRunFromTheConfigFormIsTheSameRun() {
        EnsembleSampler.Options o = EnsembleSamplerTest.ball().withSteps(700).withThreads(2)
                .withMove(Moves.parse("stretch:3,de:1")).withMaxStoredSteps(200);
        EnsembleSampler.Options back = EnsembleSampler.Options.fromConfig(o.toConfig(DIM));
        assertEquals(EnsembleChainStoreTest.digest(EnsembleSampler.of(o).run(EnsembleSamplerTest.gaussian(),
                Rngs.seeded(4))), EnsembleChainStoreTest.digest(EnsembleSampler.of(back).run(
                EnsembleSamplerTest.gaussian(), Rngs.seeded(4))));
    }

    @Test
    void unknownKeysAndBadValuesNameTheKeyAndTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleSampler.Options.fromConfig(Map.of("walker", 3)));
        assertEquals("sampler.walker = 3: not an ensemble option; known: "
                + String.join(", ", EnsembleSampler.Options.CONFIG_KEYS), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleSampler.Options.fromConfig(Map.of("steps", "many")));
        assertEquals("sampler.steps must be an integer, got 'many'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleSampler.Options.fromConfig(Map.of("walkers", 3)));
        assertEquals("sampler.walkers = 3: walkers must be >= 4 (two per half-ensemble), got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleSampler.Options.fromConfig(Map.of("thin", "often")));
        assertEquals("sampler.thin must be an integer or 'auto', got 'often'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleSampler.Options.fromConfig(Map.of("moves", "hop")));
        assertTrue(e.getMessage().startsWith("sampler.moves = 'hop': moves: unknown move 'hop'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleSampler.Options.fromConfig(Map.of("steps", 100, "burn_in", 100)));
        assertEquals("sampler.burn_in = 100: burn_in must be < steps = 100, got 100", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleSampler.Options.fromConfig(Map.of("until_converged", "yes")));
        assertEquals("sampler.until_converged must be true or false, got 'yes'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleSampler.Options.fromConfig(Map.of("initial_center", List.of(0.0))));
        assertTrue(e.getMessage().startsWith("sampler.initial_center = [0.0]: initial_center and initial_scale"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleSampler.Options.fromConfig(Map.of("max_stored_steps", 8)));
        assertEquals("sampler.max_stored_steps = 8: max_stored_steps must be >= 16 (or 0 = automatic), got 8",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> EnsembleSampler.Options.fromConfig(Map.of("min_ess", -1)));
        assertEquals("sampler.min_ess = -1: min_ess must be >= 0 (0 = off), got -1.0", e.getMessage());
        // a move the config syntax cannot write
        e = assertThrows(IllegalArgumentException.class, () -> EnsembleSampler.Options.defaults()
                .withMove(new StretchMove(3)).toConfig(DIM));
        assertTrue(e.getMessage().contains("has no config form"), e.getMessage());
    }
}
