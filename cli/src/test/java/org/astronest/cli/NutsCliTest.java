package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --sampler nuts} through the command line: flags, result files, resolved config and bad input. */
class NutsCliTest {

    @Test
    void problemRunsWithNutsAndItsFlags(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        EnsembleCliTest.Run r = EnsembleCliTest.run("problem", "corrgauss10d", "--sampler", "nuts", "--metric", "dense",
                "--chains", "2", "--warmup", "300", "--draws", "400", "--seed", "3", "--threads", "2", "--out",
                dir.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertEquals("nuts", j.path("sampler").asText());
        JsonNode d = j.path("diagnostics");
        assertEquals(2, d.path("chains").asInt());
        assertEquals("dense", d.path("metric").asText());
        assertEquals(400, d.path("draws").asInt());
        assertTrue(d.has("divergences") && d.has("ebfmi") && d.has("essPerGradient"), d.toString());
        JsonNode p = j.path("parameters").get(0);
        assertTrue(p.has("rhat") && p.has("essBulk"), p.toString());
        // the catalogue problems have analytic gradients
        assertEquals("analytic", d.path("gradient").asText());
        assertTrue(!(r.out() + r.err()).contains("no analytic gradient"), r.out() + r.err());
        assertTrue(Files.exists(dir.resolve("chains.csv")));
        // 2 chains x 400 draws
        assertEquals(801, Files.readAllLines(dir.resolve("samples.csv")).size());
    }

    /** A config's {@code sampler: {type: nuts, ...}} runs, and its resolved config runs again to the same draws. */
    @Test
    void configSectionAndResolvedConfigRerun(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("c.yaml");
        Files.writeString(cfg, "seed: 9\nmodel: {type: problem, name: loggamma2d}\n"
                + "sampler: {type: nuts, chains: 2, warmup: 200, draws: 300, adapt_delta: 0.9, threads: 2}\n");
        Path a = tmp.resolve("a");
        EnsembleCliTest.Run r = EnsembleCliTest.run("run", cfg.toString(), "--out", a.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        String resolved = Files.readString(a.resolve("config.resolved.yaml"));
        assertTrue(resolved.matches("(?s).*type: \"?nuts\"?.*"), resolved);
        assertTrue(resolved.matches("(?s).*adapt_delta: 0.9.*"), resolved);
        Path b = tmp.resolve("b");
        r = EnsembleCliTest.run("run", a.resolve("config.resolved.yaml").toString(), "--out", b.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
        assertEquals(Files.readString(a.resolve("samples.csv")), Files.readString(b.resolve("samples.csv")));
    }

    @Test
    void badNutsInputGivesOneLine(@TempDir Path tmp) {
        EnsembleCliTest.Run r = EnsembleCliTest.run("problem", "corrgauss10d", "--sampler", "nuts", "--metric",
                "unit", "--out", tmp.resolve("a").toString());
        assertTrue(r.code() != 0);
        assertTrue(r.err().contains("sampler.metric = 'unit': unknown metric 'unit'; choose diag or dense"), r.err());
        r = EnsembleCliTest.run("problem", "corrgauss10d", "--chains", "3", "--out", tmp.resolve("b").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--chains applies to the nuts sampler, not to 'nested'"), r.err());
    }
}
