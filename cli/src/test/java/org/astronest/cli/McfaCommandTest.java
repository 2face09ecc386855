package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.simple.RandomSource;
import org.astronest.forwardmodels.mcfa.Mcfa;
import org.astronest.forwardmodels.mcfa.McfaParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code astronest mcfa fit|grid}: output files, keys, and one-line errors. */
class McfaCommandTest {

    @TempDir
    static Path dir;
    static Path csv;

    @BeforeAll
    static void data() throws Exception {
        // 600 rows from a known D=4, J=1, K=2 model, a few entries missing
        McfaParameters p = new McfaParameters(4, 1, 2, new double[] {0.4, 0.6}, new double[] {0.5, -0.5, 0.5, 0.5},
                new double[] {-2, 2}, new double[] {0.3, 0.5}, new double[] {0.2, 0.3, 0.4, 0.5});
        double[] y = Mcfa.sample(p, 600, RandomSource.L64_X128_MIX.create(5L), null);
        StringBuilder sb = new StringBuilder("a,b,c,d\n");
        for (int i = 0; i < 600; i++) {
            for (int c = 0; c < 4; c++) {
                if (c > 0) {
                    sb.append(',');
                }
                if ((i * 4 + c) % 37 != 5) {
                    sb.append(y[i * 4 + c]);
                } else if (i % 2 == 0) {
                    sb.append("NaN");
                }
            }
            sb.append('\n');
        }
        csv = dir.resolve("data.csv");
        Files.writeString(csv, sb);
    }

    static int run(StringWriter out, StringWriter err, String... args) {
        return Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void fitWritesResultJson() throws Exception {
        Path o = dir.resolve("fit");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "mcfa", "fit", csv.toString(), "--latent", "1", "--components", "2", "--inits", "2",
                "--seed", "3", "--out", o.toString());
        assertEquals(0, code, err.toString());
        JsonNode r = new ObjectMapper().readTree(o.resolve("result.json").toFile());
        for (String key : List.of("logLikelihood", "bic", "messageLength", "messageLengthParts", "iterations", "loads",
                "weights", "means", "covariances", "psi")) {
            assertTrue(r.has(key), "result.json has " + key);
        }
        assertEquals(4, r.get("loads").size());
        assertEquals(2, r.get("weights").size());
        // BIC = Q ln N - 2 ln L with Q = (K-1) + D + J(D+K) + KJ(J+1)/2 - J^2 = 1 + 4 + 6 + 2 - 1 = 12 (Eq. 20)
        assertEquals(12, r.get("Q").asInt());
        assertEquals(12 * Math.log(600) - 2 * r.get("logLikelihood").asDouble(), r.get("bic").asDouble(), 1e-9);
        assertEquals(r.get("messageLength").asDouble(), r.at("/messageLengthParts/total").asDouble(), 0);
        assertEquals(-r.get("logLikelihood").asDouble(), r.at("/messageLengthParts/nll").asDouble(), 0);
    }

    @Test
    void anExistingResultIsReplacedOnlyWithForce() throws Exception {
        Path o = dir.resolve("twice");
        String[] args = {"mcfa", "fit", csv.toString(), "--latent", "1", "--components", "2", "--inits", "1",
            "--seed", "3", "--out", o.toString()};
        assertEquals(0, run(new StringWriter(), new StringWriter(), args));
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, args));
        assertEquals("error: " + o + " already holds result.json; pass --force to replace it, or --out for another "
                + "directory", err.toString().trim());
        String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
        forced[args.length] = "--force";
        StringWriter err2 = new StringWriter();
        assertEquals(0, run(new StringWriter(), err2, forced), err2.toString());
    }

    @Test
    void gridWritesGridJsonWithSelections() throws Exception {
        Path o = dir.resolve("grid");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run(out, err, "mcfa", "grid", csv.toString(), "--latent", "1..2", "--components", "1..3",
                "--inits", "1", "--threads", "2", "--out", o.toString());
        assertEquals(0, code, err.toString());
        JsonNode g = new ObjectMapper().readTree(o.resolve("grid.json").toFile());
        assertEquals(6, g.get("cells").size());
        for (JsonNode c : g.get("cells")) {
            for (String key : List.of("J", "K", "logLikelihood", "bic", "messageLength", "iterations")) {
                assertTrue(c.has(key), "grid row has " + key);
            }
        }
        for (String key : List.of("messageLength", "bic", "logLikelihood")) {
            assertTrue(g.at("/selected/" + key).has("J"), "selected by " + key);
        }
        // the data have two well separated components on one factor
        assertEquals(2, g.at("/selected/messageLength/K").asInt());
    }

    @Test
    void badInputGivesOneLineErrors() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b,c\n1,2,3\n1,zz,3\n");
        StringWriter err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "mcfa", "fit", bad.toString(), "--latent", "1", "--components",
                "1", "--out", dir.resolve("x").toString()));
        assertEquals("error: bad.csv line 3: field 2 'zz' is not a number", err.toString().trim());
        err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "mcfa", "fit", csv.toString(), "--latent", "1", "--components",
                "2", "--missing", "imputed", "--out", dir.resolve("x").toString()));
        assertEquals("error: --missing must be exact or mcfa, got 'imputed'", err.toString().trim());
        err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "mcfa", "grid", csv.toString(), "--latent", "1..x",
                "--components", "2", "--out", dir.resolve("x").toString()));
        assertEquals("error: --latent must be N, A..B or a comma list, got '1..x'", err.toString().trim());
        err = new StringWriter();
        assertEquals(2, run(new StringWriter(), err, "mcfa", "fit", csv.toString(), "--latent", "4", "--components",
                "2", "--out", dir.resolve("x").toString()));
        assertEquals("error: --latent must be in 1..3 for D=4, got 4", err.toString().trim());
        assertTrue(Arrays.asList(err.toString().split("\n")).size() == 1);
    }
}
