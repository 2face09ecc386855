package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.astronest.inference.mcmc.EnsembleSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnsembleCliTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void problemCommandWritesDiagnosticsChainsAndResumes(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Run r = run("problem", "rosenbrock2d", "--sampler", "ensemble", "--walkers", "16", "--steps", "300",
                "--seed", "5", "--threads", "2", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("sampler ensemble"), r.out());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertEquals("ensemble", j.path("sampler").asText());
        JsonNode p = j.path("parameters").get(0);
        assertTrue(p.has("rhat") && p.has("essBulk") && p.has("essTail"), p.toString());
        assertEquals(16, j.path("diagnostics").path("walkers").asInt());
        assertTrue(j.path("diagnostics").path("tau").has("x1"));
        assertTrue(Files.exists(dir.resolve("chains.csv")));
        assertTrue(Files.exists(dir.resolve(EnsembleFactory.CHECKPOINT)));
        // 300 + 16 walkers x ... : continue the same run to 500 steps with --resume, then compare with a fresh run
        Run resumed = run("problem", "rosenbrock2d", "--sampler", "ensemble", "--walkers", "16", "--steps", "500",
                "--seed", "5", "--threads", "1", "--out", dir.toString(), "--resume");
        assertEquals(0, resumed.code(), resumed.err());
        Path fresh = tmp.resolve("fresh");
        Run f = run("problem", "rosenbrock2d", "--sampler", "ensemble", "--walkers", "16", "--steps", "500",
                "--seed", "5", "--out", fresh.toString());
        assertEquals(0, f.code(), f.err());
        JsonNode a = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        JsonNode b = new ObjectMapper().readTree(fresh.resolve("result.json").toFile());
        assertEquals(b.path("parameters"), a.path("parameters"));
        assertEquals(b.path("likelihoodCalls"), a.path("likelihoodCalls"));
    }

    @Test
    void badInputGivesOneLineErrors(@TempDir Path tmp) {
        Run r = run("problem", "corrgauss10d", "--sampler", "ensemble", "--walkers", "12", "--out",
                tmp.resolve("a").toString());
        assertTrue(r.code() != 0);
        assertTrue(r.err().contains("error: ensemble: walkers must be >= 2 x dimension = 2 x 10 = 20, got 12"),
                r.err());
        r = run("problem", "corrgauss10d", "--sampler", "ensemble", "--dlogz", "0.1", "--out",
                tmp.resolve("b").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--dlogz applies to the nested sampler"), r.err());
        // every other foreign flag too, not only the two with hints (--bootstraps ran the ensemble silently before)
        r = run("problem", "corrgauss10d", "--sampler", "ensemble", "--bootstraps", "3", "--out",
                tmp.resolve("c").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("error: --bootstraps applies to the nested sampler, not to 'ensemble'"), r.err());
        r = run("problem", "corrgauss10d", "--sampler", "ensemble", "--chains", "2", "--out",
                tmp.resolve("d").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("error: --chains applies to the nuts sampler, not to 'ensemble'"), r.err());
        assertFalse(java.nio.file.Files.exists(tmp.resolve("c").resolve("result.json")));
    }

    @Test
    void configOptionsMapAndFlagsWin(@TempDir Path tmp) {
        SamplerFlags flags = new SamplerFlags();
        flags.walkers = 36;
        Map<String, Object> config = Map.of("walkers", 40, "steps", 1234, "moves", "stretch:0.8,de:0.2",
                "threads", 3, "initial_center", List.of(0.0, 1.0), "initial_scale", 0.5, "thin", 2);
        EnsembleSampler s = (EnsembleSampler) SamplerFactory.create("ensemble", flags, config, tmp);
        EnsembleSampler.Options o = s.options();
        assertEquals(36, o.walkers());
        assertEquals(1234, o.steps());
        assertEquals(3, o.threads());
        assertEquals(2, o.thin());
        assertEquals(-1, o.burnIn());
        assertTrue(o.move().describe().startsWith("mixture(stretch"), o.move().describe());
        assertEquals(1.0, o.initialCenter()[1]);
        // --until-converged with --steps: steps bound the run
        SamplerFlags f2 = new SamplerFlags();
        f2.untilConverged = true;
        f2.steps = 7000;
        EnsembleSampler.Options o2 = ((EnsembleSampler) SamplerFactory.create("ensemble", f2,
                Map.of("until_converged", false, "rhat_target", 1.01), tmp)).options();
        assertTrue(o2.runUntilConverged());
        assertEquals(1.01, o2.rhatTarget());
        assertEquals(7000, o2.maxSteps());
        Main.UsageException e = assertThrows(Main.UsageException.class,
                () -> SamplerFactory.create("ensemble", new SamplerFlags(), Map.of("walker", 3), tmp));
        assertTrue(e.getMessage().startsWith("sampler.walker = 3: not an ensemble option; known: walkers, steps"),
                e.getMessage());
        e = assertThrows(Main.UsageException.class,
                () -> SamplerFactory.create("ensemble", new SamplerFlags(), Map.of("steps", "many"), tmp));
        assertEquals("sampler.steps must be an integer, got 'many'", e.getMessage());
        e = assertThrows(Main.UsageException.class,
                () -> SamplerFactory.create("ensemble", new SamplerFlags(), Map.of("moves", "hop"), tmp));
        assertTrue(e.getMessage().contains("unknown move 'hop'"), e.getMessage());
    }

    static EnsembleSampler.Options options(SamplerFlags flags, Map<String, Object> config, Path dir) {
        return ((EnsembleSampler) SamplerFactory.create("ensemble", flags, config, dir)).options();
    }

    static SamplerFlags flags(Integer steps, boolean untilConverged) {
        SamplerFlags f = new SamplerFlags();
        f.steps = steps;
        f.untilConverged = untilConverged;
        return f;
    }

    @Test
    void theDefaultIsUntilConvergedUnlessStepsAreGiven(@TempDir Path tmp) {
        // no steps anywhere: until converged, with R-hat < 1.01 and bulk ESS >= 1000 as well as emcee's tau rule
        EnsembleSampler.Options d = options(new SamplerFlags(), Map.of(), tmp);
        assertTrue(d.runUntilConverged());
        assertEquals(100_000, d.maxSteps());
        assertEquals(1.01, d.rhatTarget());
        assertEquals(1000, d.minEss());
        // steps given (flag or config), or until_converged: false: fixed length, as before
        EnsembleSampler.Options f = options(flags(800, false), Map.of(), tmp);
        assertTrue(!f.runUntilConverged() && f.steps() == 800);
        f = options(new SamplerFlags(), Map.of("steps", 900), tmp);
        assertTrue(!f.runUntilConverged() && f.steps() == 900);
        f = options(flags(700, false), Map.of("steps", 900), tmp);
        assertTrue(!f.runUntilConverged() && f.steps() == 700, "the flag wins");
        f = options(new SamplerFlags(), Map.of("until_converged", false), tmp);
        assertTrue(!f.runUntilConverged() && f.steps() == 5000);
        // until converged asked for: --steps, or the config's steps without max_steps, bound the run
        EnsembleSampler.Options u = options(flags(7000, true), Map.of(), tmp);
        assertTrue(u.runUntilConverged() && u.maxSteps() == 7000);
        u = options(new SamplerFlags(), Map.of("until_converged", true, "steps", 6000), tmp);
        assertTrue(u.runUntilConverged() && u.maxSteps() == 6000);
        u = options(new SamplerFlags(), Map.of("until_converged", true, "steps", 6000, "max_steps", 8000), tmp);
        assertTrue(u.runUntilConverged() && u.maxSteps() == 8000);
        u = options(flags(null, true), Map.of("until_converged", false), tmp);
        assertTrue(u.runUntilConverged(), "the flag wins");
        // the new keys, and every key the config form writes, are accepted
        EnsembleSampler.Options n = options(new SamplerFlags(), Map.of("min_ess", 400, "max_stored_steps", 5000,
                "rhat_target", "off"), tmp);
        assertEquals(400, n.minEss());
        assertEquals(5000, n.maxStoredSteps());
        assertTrue(Double.isNaN(n.rhatTarget()));
        Map<String, Object> written = n.toConfig(10);
        EnsembleSampler.Options again = options(new SamplerFlags(), written, tmp);
        assertEquals(n.resolved(10).withCheckpoint(again.checkpoint(), again.checkpointSeconds()),
                again.resolved(10));
    }

    @Test
    void theDefaultRunOfCorrgauss10dConvergesWithoutWarnings(@TempDir Path tmp) throws Exception {
        // the CLI default converges on corrgauss10d: R-hat < 1.01 and every bulk ESS >= 1000 (the stopping rule)
        Path dir = tmp.resolve("run");
        Run r = run("problem", "corrgauss10d", "--sampler", "ensemble", "--seed", "42", "--quiet", "--out",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        JsonNode d = j.path("diagnostics");
        assertTrue(d.path("untilConverged").asBoolean() && d.path("converged").asBoolean(), d.toString());
        assertTrue(d.path("rhatMax").asDouble() < 1.01, d.toString());
        assertTrue(j.path("effectiveSampleSize").asDouble() >= 1000, j.path("effectiveSampleSize").toString());
        for (JsonNode p : j.path("parameters")) {
            assertTrue(p.path("rhat").asDouble() < 1.01 && p.path("essBulk").asDouble() >= 1000, p.toString());
        }
        assertTrue(!r.out().contains("warning") && !r.err().contains("warning"), r.out() + r.err());
        assertTrue(r.out().contains("verdict: converged"), r.out());
    }

    @Test
    void theResolvedConfigOfAnEnsembleRunRunsAgainToTheSameResult(@TempDir Path tmp) throws Exception {
        // config.resolved.yaml holds Options.toConfig: until_converged, max_steps and the moves in the config's
        // syntax (the provenance's "stretch(a=2.0)" and a fixed "steps" would not run again as the first run)
        Path a = tmp.resolve("a");
        Run first = run("run", ExamplesTest.example("shells2d").toString(), "--sampler", "ensemble", "--walkers", "16",
                "--threads", "1", "--quiet", "--out", a.toString());
        assertEquals(0, first.code(), first.err());
        String resolved = Files.readString(a.resolve("config.resolved.yaml"));
        assertTrue(resolved.contains("until_converged: true") && resolved.contains("moves: \"stretch\"")
                || resolved.contains("moves: stretch"), resolved);
        Path b = tmp.resolve("b");
        Run again = run("run", a.resolve("config.resolved.yaml").toString(), "--quiet", "--out", b.toString());
        assertEquals(0, again.code(), again.err());
        JsonNode x = new ObjectMapper().readTree(a.resolve("result.json").toFile());
        JsonNode y = new ObjectMapper().readTree(b.resolve("result.json").toFile());
        assertEquals(x.path("parameters"), y.path("parameters"));
        assertEquals(x.path("likelihoodCalls"), y.path("likelihoodCalls"));
        assertEquals(x.path("diagnostics").path("steps"), y.path("diagnostics").path("steps"));
    }

    @Test
    void benchEnsembleRunsAndPrintsTheTable(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bench.md");
        Run r = run("bench", "ensemble", "--problems", "corrgauss10d", "--moves", "stretch", "--steps", "400",
                "--runs", "1", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| corrgauss10d | stretch | 1 |"), r.out());
        assertTrue(Files.readString(out).contains("ESS per 1000 calls"));
    }
}
