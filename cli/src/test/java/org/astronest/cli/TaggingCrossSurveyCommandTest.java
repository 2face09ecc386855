package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.astronest.forwardmodels.tagging.Doppelganger;
import org.astronest.forwardmodels.tagging.Ppca;
import org.astronest.forwardmodels.tagging.Spread;
import org.astronest.forwardmodels.tagging.SyntheticClusters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tagging} and {@code crosssurvey} commands end to end on their simulated data: the CSV round trip keeps
 * the library's numbers, and a sampled latent posterior ({@code run} with {@code model: crosssurvey-z}) agrees with the
 * closed form the run directory carries.
 */
class TaggingCrossSurveyCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static int run(StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, code, "exit code; stderr: " + err);
        return code;
    }

    /**
     * simulate -> doppelganger (the command and its YAML form): the leave-one-cluster-out rates through the CSV files
     * equal the library's on the same synthetic data to 1e-12 (CSV numbers are written with round-trip precision).
     */
    @Test
    void taggingCommandsKeepTheLibrarysNumbers(@TempDir Path tmp) throws Exception {
        StringWriter out = new StringWriter();
        run(out, "tagging", "simulate", "--seed", "3", "--out", tmp.resolve("data").toString());
        String f = tmp.resolve("data/field.csv").toString();
        String c = tmp.resolve("data/clusters.csv").toString();
        run(out, "tagging", "doppelganger", "--field", f, "--clusters", c, "--components", "10", "--out",
                tmp.resolve("dg").toString());
        run(out, "tagging", "rsca", "--field", f, "--clusters", c, "--components", "10", "--out",
                tmp.resolve("rsca").toString());
        SyntheticClusters.Data d = SyntheticClusters.draw(SyntheticClusters.Design.issue23(3));
        Ppca.Model p = Ppca.fit(d.field(), Ppca.Options.of(10));
        Doppelganger.Rates[] lib = Doppelganger.leaveOneClusterOut(p.transform(d.field()), p.transform(d.members()),
                d.labels(), Spread.MAD, List.of());
        JsonNode r = JSON.readTree(tmp.resolve("dg/result.json").toFile());
        assertEquals(lib[9].global(), r.get("rate").asDouble(), 1e-12);
        assertEquals(lib[9].error(), r.get("error").asDouble(), 1e-12);
        assertEquals(lib[0].global(), r.get("by_dimensions").get(0).get("rate").asDouble(), 1e-12);
        assertTrue(Files.size(tmp.resolve("dg/doppelganger.png")) > 1000);
        Path yaml = tmp.resolve("dg.yaml");
        Files.writeString(yaml, "model: {type: doppelganger, field: " + f + ", clusters: " + c + ", components: 10}\n");
        run(out, "run", yaml.toString(), "--out", tmp.resolve("dgyaml").toString());
        assertEquals(lib[9].global(), JSON.readTree(tmp.resolve("dgyaml/result.json").toFile()).get("rate")
                .asDouble(), 1e-12, "model: {type: doppelganger} writes the command's result");
        JsonNode s = JSON.readTree(tmp.resolve("rsca/result.json").toFile());
        assertEquals(22, s.get("clusters").asInt());
        assertTrue(Files.size(tmp.resolve("rsca/field_rsca.csv")) > 0);
    }

    /**
     * simulate -> fit -> posterior -> run: the 30 cosmic-ray stars (the first 30 test rows) are the ones flagged, and
     * the nested run's ln Z is within 3 reported errors of the closed-form evidence in exact_posterior.json.
     */
    @Test
    void crossSurveyCommandsAndTheLatentPosteriorRun(@TempDir Path tmp) throws Exception {
        StringWriter out = new StringWriter();
        Path data = tmp.resolve("data");
        run(out, "crosssurvey", "simulate", "--out", data.toString());
        run(out, "crosssurvey", "fit", "--hi", data.resolve("train_hi.csv").toString(), "--lo",
                data.resolve("train_lo.csv").toString(), "--lo-err", data.resolve("train_lo_err.csv").toString(),
                "--latent", "5", "--out", tmp.resolve("fit").toString());
        Path fitYaml = tmp.resolve("fit.yaml");
        Files.writeString(fitYaml, "model: {type: crosssurvey, hi: " + data.resolve("train_hi.csv") + ", lo: "
                + data.resolve("train_lo.csv") + ", lo_err: " + data.resolve("train_lo_err.csv") + ", latent: 5}\n");
        run(out, "run", fitYaml.toString(), "--out", tmp.resolve("fityaml").toString());
        assertEquals(Files.readString(tmp.resolve("fit/model.json")), Files.readString(tmp.resolve(
                "fityaml/model.json")), "model: {type: crosssurvey} writes the command's model");
        run(out, "crosssurvey", "posterior", "--model", tmp.resolve("fit/model.json").toString(), "--lo",
                data.resolve("test_lo.csv").toString(), "--lo-err", data.resolve("test_lo_err.csv").toString(),
                "--out", tmp.resolve("post").toString());
        List<String> rows = Files.readAllLines(tmp.resolve("post/posterior.csv"));
        int flaggedHit = 0;
        int flaggedClean = 0;
        for (int i = 1; i < rows.size(); i++) {
            String[] v = rows.get(i).split(",");
            boolean flagged = Double.parseDouble(v[v.length - 1]) > 0;
            flaggedHit += i <= 30 && flagged ? 1 : 0;
            flaggedClean += i > 30 && flagged ? 1 : 0;
        }
        // 270 clean stars x 150 pixels beyond 5 sigma: expected 270 x 150 x 5.7e-7 = 0.02 false flags
        assertEquals(30, flaggedHit);
        assertTrue(flaggedClean <= 1, flaggedClean + " clean stars flagged");
        Path yaml = tmp.resolve("z.yaml");
        Files.writeString(yaml, "model: {type: crosssurvey-z, model: " + tmp.resolve("fit/model.json") + ", lo: "
                + data.resolve("test_lo.csv") + ", lo_err: " + data.resolve("test_lo_err.csv") + ", star: 40}\n"
                + "sampler: {type: nested}\nseed: 1\n");
        run(out, "run", yaml.toString(), "--out", tmp.resolve("zrun").toString());
        JsonNode exact = JSON.readTree(tmp.resolve("zrun/exact_posterior.json").toFile());
        JsonNode res = JSON.readTree(tmp.resolve("zrun/result.json").toFile());
        double logZ = res.findValue("logZ").asDouble();
        double err = res.findValue("logZErr").asDouble();
        double z = (logZ - exact.get("log_evidence").asDouble()) / err;
        assertTrue(Math.abs(z) < 3, "ln Z " + logZ + " +- " + err + " vs exact " + exact.get("log_evidence"));
    }
}
