package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.astronest.cli.io.Csv;
import org.astronest.cli.io.RunDirectory;
import org.astronest.inference.Chains;
import org.astronest.inference.Evidence;
import org.astronest.inference.NestedRun;
import org.astronest.inference.ParameterSummary;
import org.astronest.inference.Provenance;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.Summary;
import org.astronest.inference.WeightedSamples;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    static RunResult sample(boolean mcmc) {
        UniformRandomProvider rng = Rngs.seeded(11);
        int n = 500;
        double[][] rows = new double[n][2];
        double[] lw = new double[n];
        double[] ll = new double[n];
        for (int i = 0; i < n; i++) {
            rows[i][0] = rng.nextDouble() * 10 - 5;
            rows[i][1] = Math.exp(rng.nextDouble());
            ll[i] = -0.5 * rows[i][0] * rows[i][0];
            lw[i] = mcmc ? 0 : ll[i] + 0.1 * i;
        }
        WeightedSamples s = WeightedSamples.of(List.of("mu", "tau"), rows, lw, ll);
        RunResult.Builder b = RunResult.builder(mcmc ? "ensemble" : "nested", s).likelihoodCalls(12345)
                .wallSeconds(1.25).provenance(Provenance.of(11L, "nested", Map.of("live_points", 400), "2026-11-22T00:00:00Z",
                        1.25).withConfig("ab".repeat(32)).withVersion("0.1.0", null))
                .diagnostic("logZErrResampled", 0.21).diagnostic("note", "x");
        if (mcmc) {
            Summary sm = Summary.of(s);
            sm = sm.with(sm.get("mu").withDiagnostics(1.003, 2100.5, 1800.25));
            double[][][] v = new double[4][10][2];
            double[][] lp = new double[4][10];
            for (int k = 0; k < 4; k++) {
                for (int t = 0; t < 10; t++) {
                    v[k][t][0] = k + 0.1 * t;
                    v[k][t][1] = 1.0 / (1 + t);
                    lp[k][t] = -t;
                }
            }
            b.summary(sm).chains(new Chains(List.of("mu", "tau"), v, lp, 3, 2)).diagnostic("burnIn", 3)
                    .diagnostic("thin", 2);
        } else {
            b.evidence(new Evidence(-3.25, 0.125, 2.5)).nestedRun(new NestedRun(new double[] {-5, -4, -3},
                    new double[] {-0.0025, -0.005, -0.0075}, new double[] {-6, -5, -4}, new int[] {400, 400, 399}));
        }
        return b.build();
    }

    @Test
    void nestedResultRoundTrips(@TempDir Path dir) throws Exception {
        RunResult r = sample(false);
        RunDirectory.write(dir, r, "label: x\n");
        for (String f : List.of("result.json", "summary.csv", "samples.csv", "weighted_samples.csv",
                "provenance.json", "config.resolved.yaml", "nested_run.csv")) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        RunResult back = RunDirectory.read(dir);
        assertSame(r, back);
        assertEquals(-3.25, back.evidence().orElseThrow().logZ());
        assertEquals(0.125, back.evidence().orElseThrow().logZErr());
        assertEquals(2.5, back.evidence().orElseThrow().information());
        assertArrayEquals(r.nestedRun().orElseThrow().logX(), back.nestedRun().orElseThrow().logX());
        assertArrayEquals(r.nestedRun().orElseThrow().liveCount(), back.nestedRun().orElseThrow().liveCount());
        JsonNode j = RunDirectory.json().readTree(dir.resolve("result.json").toFile());
        for (String k : List.of("sampler", "seed", "logZ", "logZErr", "information", "likelihoodCalls", "wallSeconds",
                "effectiveSampleSize", "parameters")) {
            assertTrue(j.has(k), "result.json has " + k);
        }
        assertEquals(11, j.get("seed").asLong());
        JsonNode p0 = j.get("parameters").get(0);
        for (String k : List.of("name", "mean", "sd", "q05", "q16", "q50", "q84", "q95")) {
            assertTrue(p0.has(k), "parameter entry has " + k);
        }
        JsonNode prov = RunDirectory.json().readTree(dir.resolve("provenance.json").toFile());
        for (String k : List.of("astronestVersion", "gitCommit", "javaVersion", "seed", "sampler", "options",
                "configSha256", "startTime", "wallSeconds")) {
            assertTrue(prov.has(k), "provenance.json has " + k);
        }
        // samples.csv holds equal-weight draws: as many rows as the rounded Kish ESS.
        Csv.Table eq = Csv.read(dir.resolve("samples.csv"));
        assertEquals(List.of("mu", "tau"), eq.header());
        assertEquals(Math.round(r.samples().effectiveSampleSize()), eq.rows().size());
    }

    @Test
    void mcmcResultRoundTripsWithDiagnosticsAndChains(@TempDir Path dir) throws Exception {
        RunResult r = sample(true);
        RunDirectory.write(dir, r, null);
        RunResult back = RunDirectory.read(dir);
        assertSame(r, back);
        assertTrue(back.evidence().isEmpty());
        JsonNode j = RunDirectory.json().readTree(dir.resolve("result.json").toFile());
        assertTrue(j.get("logZ").isNull() && j.get("logZErr").isNull() && j.get("information").isNull());
        assertEquals(1.003, j.get("parameters").get(0).get("rhat").asDouble());
        assertEquals(2100.5, back.summary().get("mu").essBulk());
        Chains c = back.chains().orElseThrow();
        assertEquals(4, c.walkers());
        assertEquals(10, c.steps());
        assertEquals(3, c.burnIn());
        assertEquals(2, c.thin());
        assertArrayEquals(r.chains().orElseThrow().values()[2][7], c.values()[2][7]);
    }

    private static void assertSame(RunResult a, RunResult b) {
        assertEquals(a.sampler(), b.sampler());
        assertEquals(a.likelihoodCalls(), b.likelihoodCalls());
        assertEquals(a.wallSeconds(), b.wallSeconds());
        assertEquals(a.effectiveSampleSize(), b.effectiveSampleSize());
        assertEquals(a.samples().names(), b.samples().names());
        assertEquals(a.samples().size(), b.samples().size());
        for (int i = 0; i < a.samples().size(); i++) {
            assertArrayEquals(a.samples().row(i), b.samples().row(i));
        }
        assertArrayEquals(a.samples().logWeights(), b.samples().logWeights(), 1e-15);
        assertArrayEquals(a.samples().logLikelihoods(), b.samples().logLikelihoods());
        for (ParameterSummary p : a.summary().all()) {
            assertEquals(p, b.summary().get(p.name()));
        }
        assertEquals(a.seed(), b.seed());
        assertEquals(a.provenance().configSha256(), b.provenance().configSha256());
        assertEquals(a.provenance().options(), b.provenance().options());
        assertEquals(a.diagnostics().get("logZErrResampled"), b.diagnostics().get("logZErrResampled"));
    }
}
