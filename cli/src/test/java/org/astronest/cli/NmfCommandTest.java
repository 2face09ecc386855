package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code astronest nmf fit}: scikit-learn's golden values through the files, and one-line errors. */
class NmfCommandTest {

    @TempDir
    static Path dir;
    static JsonNode golden;
    static Path v;
    static Path w0;
    static Path h0;

    @BeforeAll
    static void files() throws Exception {
        golden = new ObjectMapper().readTree(SharedData.resolve("nmf/golden.json").toFile());
        v = write("V.csv", golden.get("V"));
        w0 = write("W0.csv", golden.get("W0"));
        h0 = write("H0.csv", golden.get("H0"));
    }

    static Path write(String name, JsonNode m) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (JsonNode row : m) {
            for (int j = 0; j < row.size(); j++) {
                sb.append(j > 0 ? "," : "").append(Double.toString(row.get(j).asDouble()));
            }
            sb.append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb);
        return p;
    }

    static int run(StringWriter out, StringWriter err, String... args) {
        return Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    }

    static double[][] readCsv(Path p) throws Exception {
        List<String> lines = Files.readAllLines(p);
        double[][] m = new double[lines.size()][];
        for (int i = 0; i < m.length; i++) {
            String[] f = lines.get(i).split(",");
            m[i] = new double[f.length];
            for (int j = 0; j < f.length; j++) {
                m[i][j] = Double.parseDouble(f[j]);
            }
        }
        return m;
    }

    static JsonNode goldenCase(String solver, double aW, double aH, double l1, int iter) {
        for (JsonNode c : golden.get("cases")) {
            if (c.get("solver").asText().equals(solver) && c.get("alpha_W").asDouble() == aW
                    && c.get("alpha_H").asDouble() == aH && c.get("l1_ratio").asDouble() == l1
                    && c.get("max_iter").asInt() == iter) {
                return c;
            }
        }
        throw new AssertionError("no golden case " + solver + " " + aW + " " + aH + " " + l1 + " " + iter);
    }

    static void assertClose(JsonNode expected, double[][] actual, String what) {
        assertEquals(expected.size(), actual.length, what + " rows");
        for (int i = 0; i < actual.length; i++) {
            assertEquals(expected.get(i).size(), actual[i].length, what + " columns");
            for (int j = 0; j < actual[i].length; j++) {
                double e = expected.get(i).get(j).asDouble();
                double tol = e == 0 ? 1e-12 : 1e-10 * Math.abs(e);
                assertEquals(e, actual[i][j], tol, what + "[" + i + "][" + j + "]");
            }
        }
    }

    @Test
    void customStartReproducesScikitLearn() throws Exception {
        Object[][] runs = {{"cd", 0.0, 0.0, 0.0, 50}, {"mu", 0.01, 0.01, 0.5, 50}};
        for (Object[] c : runs) {
            Path o = dir.resolve("fit-" + c[0]);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = run(out, err, "nmf", "fit", v.toString(), "--components", "3", "--solver", (String) c[0],
                    "--init", "custom", "--w0", w0.toString(), "--h0", h0.toString(), "--alpha-w", c[1].toString(),
                    "--alpha-h", c[2].toString(), "--l1-ratio", c[3].toString(), "--max-iter", c[4].toString(),
                    "--tol", "0", "--out", o.toString());
            assertEquals(0, code, err.toString());
            JsonNode g = goldenCase((String) c[0], (double) c[1], (double) c[2], (double) c[3], (int) c[4]);
            assertClose(g.get("W"), readCsv(o.resolve("W.csv")), c[0] + " W.csv");
            assertClose(g.get("H"), readCsv(o.resolve("H.csv")), c[0] + " H.csv");
            JsonNode r = new ObjectMapper().readTree(o.resolve("result.json").toFile());
            assertEquals(50, r.get("iterations").asInt());
            assertFalse(r.get("converged").asBoolean());
            assertTrue(r.get("loss").asDouble() > 0);
            assertEquals(c[0], r.at("/options/solver").asText());
            assertEquals("custom", r.at("/options/init").asText());
            assertEquals((double) c[3], r.at("/options/l1Ratio").asDouble(), 0);
        }
    }

    @Test
    void defaultsRunAndAnExistingResultNeedsForce() throws Exception {
        Path o = dir.resolve("defaults");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, "nmf", "fit", v.toString(), "--components", "2", "--out", o.toString()),
                err.toString());
        JsonNode r = new ObjectMapper().readTree(o.resolve("result.json").toFile());
        assertEquals("nndsvda", r.at("/options/init").asText());
        assertEquals("cd", r.at("/options/solver").asText());
        StringWriter err2 = new StringWriter();
        assertEquals(2, run(new StringWriter(), err2, "nmf", "fit", v.toString(), "--components", "2", "--out",
                o.toString()));
        assertTrue(err2.toString().contains("already holds W.csv; pass --force"), err2.toString());
        assertEquals(0, run(new StringWriter(), new StringWriter(), "nmf", "fit", v.toString(), "--components", "2",
                "--out", o.toString(), "--force"));
    }

    @Test
    void badInputIsOneLineNamingTheValue() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "1,2,3\n4,-0.5,6\n");
        Object[][] cases = {
            {new String[] {"nmf", "fit", bad.toString(), "--components", "1", "--out", dir.resolve("b1").toString()},
                "row 2, column 2 (line 2) is -0.5; NMF needs finite values >= 0"},
            {new String[] {"nmf", "fit", v.toString(), "--components", "2", "--solver", "als", "--out",
                dir.resolve("b2").toString()}, "--solver: unknown solver 'als'; known: cd, mu"},
            {new String[] {"nmf", "fit", v.toString(), "--components", "2", "--l1-ratio", "2", "--out",
                dir.resolve("b3").toString()}, "--l1-ratio must be in [0, 1], got 2.0"},
            {new String[] {"nmf", "fit", v.toString(), "--components", "2", "--init", "custom", "--out",
                dir.resolve("b4").toString()}, "--init custom needs --w0 W0.csv and --h0 H0.csv"},
        };
        for (Object[] c : cases) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = run(out, err, (String[]) c[0]);
            assertEquals(2, code, err.toString());
            String e = err.toString().strip();
            assertEquals(1, e.lines().count(), e);
            assertTrue(e.startsWith("error: ") && e.contains((String) c[1]), e);
        }
        assertFalse(Files.exists(dir.resolve("b1").resolve("W.csv")));
    }
}
