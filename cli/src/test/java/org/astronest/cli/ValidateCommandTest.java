package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code astronest validate posteriordb|sbc}: exit codes, report.json keys, bad input. */
class ValidateCommandTest {

    @TempDir
    Path tmp;

    @Test
    void posteriordbWritesReportWithTheContractKeys() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.execute(new PrintWriter(out), new PrintWriter(err), "validate", "posteriordb", "--names",
                "kilpisjarvi_mod-kilpisjarvi", "--sampler", "nested", "--live-points", "400", "--threads", "2",
                "--seed", "5", "--out", tmp.toString());
        JsonNode doc = new ObjectMapper().readTree(tmp.resolve("report.json").toFile());
        JsonNode p = doc.get("posteriors").get(0);
        for (String key : new String[] {"name", "sampler", "passed", "worstAbsZ", "failures", "ess", "wallSeconds",
            "logZ", "logZErr", "logZExact", "logZSigma"}) {
            assertTrue(p.has(key), "report.json key " + key);
        }
        assertEquals("kilpisjarvi_mod-kilpisjarvi", p.get("name").asText());
        // exit code 0 exactly when every run passed
        assertEquals(doc.get("passed").asBoolean() ? 0 : 1, rc, out.toString());
        // summary.json: exact log evidence -104.8356 for the sigma box [0, 5]
        assertEquals(-104.83560608604415, p.get("logZExact").asDouble(), 1e-12);
    }

    @Test
    void badSamplerIsAOneLineError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.execute(new PrintWriter(out), new PrintWriter(err), "validate", "posteriordb", "--sampler", "hmc",
                "--out", tmp.toString());
        assertTrue(rc != 0);
        assertTrue(err.toString().contains("--sampler must be nested, ensemble, nuts, both (nested and ensemble) or all, got 'hmc'"), err.toString());
    }

    @Test
    void unknownPosteriorNamesThePath() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.execute(new PrintWriter(out), new PrintWriter(err), "validate", "posteriordb", "--names",
                "no-such-entry", "--sampler", "nested", "--out", tmp.toString());
        assertTrue(rc != 0);
        assertTrue(err.toString().contains("no-such-entry") && err.toString().contains("does not exist"),
                err.toString());
        assertTrue(Files.notExists(tmp.resolve("report.json")));
    }

    @Test
    void tooFewStepsIsAOneLineErrorNamingTheUntilConvergedDefault() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.execute(new PrintWriter(out), new PrintWriter(err), "validate", "posteriordb", "--names",
                "kilpisjarvi_mod-kilpisjarvi", "--sampler", "ensemble", "--steps", "5", "--out", tmp.toString());
        assertTrue(rc != 0);
        assertTrue(err.toString().contains("steps must be >= 10 (or 0 = until converged), got 5"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(Files.notExists(tmp.resolve("report.json")));
    }

    @Test
    void outOfMemoryIsDescribedInOneLine() {
        // picocli passes JVM errors through; Main reports them as one line naming the remedy
        assertEquals("out of memory (Java heap space); raise -Xmx through JAVA_OPTS",
                Main.describe(new OutOfMemoryError("Java heap space")));
    }
}
