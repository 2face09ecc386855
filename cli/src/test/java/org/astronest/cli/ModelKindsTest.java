package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.astronest.cli.io.RunDirectory;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Payne and MCFA models of a run config are the YAML forms of {@code payne fit} and {@code mcfa fit}: the same
 * inputs give the same numbers through either door (the numbers themselves are pinned against the authors' code in
 * PayneCommandTest, McfaTruthTest and docs/payne.md, docs/mcfa.md).
 */
class ModelKindsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void paynePosteriorFromYamlEqualsPayneFit(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("p.yaml");
        Files.writeString(cfg, """
                label: p
                seed: 7
                model:
                  type: payne
                  network: shared:payne/cclya_the_payne_2hl/NN_normalized_spectra_smallbatch_v2.npz
                  spectrum: shared:payne/cclya_the_payne_2hl/selfconsistent_spectrum_1.csv
                sampler: {type: nested, live_points: 60}
                """);
        CliTest.Outcome y = CliTest.run("run", cfg.toString(), "--out", tmp.resolve("yaml").toString(), "--quiet",
                "--threads", "1");
        assertEquals(0, y.code(), y.err());
        String net = SharedData.resolve("payne/cclya_the_payne_2hl/NN_normalized_spectra_smallbatch_v2.npz")
                .toString();
        String spec = SharedData.resolve("payne/cclya_the_payne_2hl/selfconsistent_spectrum_1.csv").toString();
        CliTest.Outcome f = CliTest.run("payne", "fit", "--network", net, "--spectrum", spec, "--method", "nested",
                "--seed", "7", "--live-points", "60", "--threads", "1", "--quiet", "--out",
                tmp.resolve("fit").toString());
        assertEquals(0, f.code(), f.err());
        JsonNode a = JSON.readTree(tmp.resolve("yaml/result.json").toFile());
        JsonNode b = JSON.readTree(tmp.resolve("fit/result.json").toFile());
        for (String k : new String[] {"logZ", "logZErr", "likelihoodCalls", "samples"}) {
            assertEquals(b.get(k), a.get(k), k);
        }
        assertEquals(b.get("parameters"), a.get("parameters"), "posterior summaries");
        assertTrue(Files.isRegularFile(tmp.resolve("yaml/model_spectrum.csv")));
    }

    @Test
    void mcfaFitFromYamlEqualsMcfaFit(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("m.yaml");
        Files.writeString(cfg, """
                seed: 3
                model: {type: mcfa, data: "shared:mcfa/toy_N5000_Y.csv", latent: 2, components: 3, inits: 1,
                        convergence: mcfa-compatible}
                """);
        CliTest.Outcome y = CliTest.run("run", cfg.toString(), "--out", tmp.resolve("yaml").toString());
        assertEquals(0, y.code(), y.err());
        CliTest.Outcome f = CliTest.run("mcfa", "fit", SharedData.resolve("mcfa/toy_N5000_Y.csv").toString(),
                "--latent", "2", "--components", "3", "--inits", "1", "--convergence", "mcfa-compatible", "--seed", "3",
                "--out", tmp.resolve("fit").toString());
        assertEquals(0, f.code(), f.err());
        ObjectNode a = (ObjectNode) JSON.readTree(tmp.resolve("yaml/result.json").toFile());
        ObjectNode b = (ObjectNode) JSON.readTree(tmp.resolve("fit/result.json").toFile());
        a.remove("seconds");
        b.remove("seconds");
        assertEquals(b, a);
        assertTrue(Files.readString(tmp.resolve("yaml/config.resolved.yaml")).contains("seed: 3"));
        // a fitted model takes no sampler flags
        CliTest.Outcome s = CliTest.run("run", cfg.toString(), "--out", tmp.resolve("s").toString(), "--sampler",
                "ensemble");
        assertEquals(2, s.code(), s.err());
        CliTest.assertOneLineError(s, "model type 'mcfa' is fitted by its own method, not sampled: --sampler do not "
                + "apply");
    }

    @Test
    void badModelKeysNameTheKeyPath(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("bad.yaml");
        Files.writeString(cfg, "model: {type: payne, network: nowhere.npz, spectrum: x.csv}\n");
        CliTest.Outcome o = CliTest.run("run", cfg.toString(), "--out", tmp.resolve("o").toString());
        CliTest.assertOneLineError(o, "bad.yaml: model.network: no such file: nowhere.npz");
        Files.writeString(cfg, "model: {type: mcfa, data: \"shared:mcfa/toy_N5000_Y.csv\", latent: 2, components: 3,"
                + " missing: imputed}\n");
        o = CliTest.run("run", cfg.toString(), "--out", tmp.resolve("o").toString());
        CliTest.assertOneLineError(o, "bad.yaml: model.missing: must be exact or mcfa, got 'imputed'");
        Files.writeString(cfg, "model: {type: payne, network: x, spectrum: y, rv_range: [5, 1]}\n");
        o = CliTest.run("run", cfg.toString(), "--out", tmp.resolve("o").toString());
        CliTest.assertOneLineError(o, "model.rv_range: must be [MIN, MAX] in km/s with MIN < MAX");
        Files.writeString(cfg, "model: {type: spectra}\n");
        o = CliTest.run("run", cfg.toString(), "--out", tmp.resolve("o").toString());
        CliTest.assertOneLineError(o, "unknown model type 'spectra'; known: chemistry-dependent, "
                + "chemistry-independent, problem, payne, payne-train, mcfa, nmf-halo");
    }

    /**
     * examples/nmf-halo.yaml through `run` gives nmf halo's result.json numbers, and the acceptance values on
     * the shared synthetic halo (truth 0.33181 and -1.6634e5; tolerances 0.015 and 0.01e5, issue 21).
     */
    @Test
    void nmfHaloFromYamlEqualsNmfHalo(@TempDir Path tmp) throws Exception {
        CliTest.Outcome r = CliTest.run("run", ExamplesTest.example("nmf-halo").toString(), "--out",
                tmp.resolve("r").toString());
        assertEquals(0, r.code(), r.err());
        CliTest.Outcome h = CliTest.run("nmf", "halo", SharedData.resolve("nmf/halo_stars.csv").toString(), "--out",
                tmp.resolve("h").toString());
        assertEquals(0, h.code(), h.err());
        var a = RunDirectory.json().readTree(tmp.resolve("r/result.json").toFile());
        var b = RunDirectory.json().readTree(tmp.resolve("h/result.json").toFile());
        for (String k : new String[] {"highEnergyFraction", "crossoverE"}) {
            assertEquals(b.get(k).asDouble(), a.get(k).asDouble(), 0.0, k);
        }
        assertEquals(0.33181, a.get("highEnergyFraction").asDouble(), 0.015);
        assertEquals(-1.6634e5, a.get("crossoverE").asDouble(), 0.01e5);
        assertTrue(Files.isRegularFile(tmp.resolve("r/config.resolved.yaml")));
    }
}
