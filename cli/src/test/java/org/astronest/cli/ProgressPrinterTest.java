package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.astronest.inference.RunListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress line: throttled to its interval, the nested and ensemble fields, and silence with --quiet. */
class ProgressPrinterTest {

    private static RunListener.Progress nested(long it, double dlogz, double wall) {
        return new RunListener.Progress("nested", it, 1000 * it, wall,
                Map.of("logZ", -12.5, "dlogz", dlogz, "dlogzStop", 0.5, "efficiency", 0.02));
    }

    @Test
    void linesComeAtTheIntervalAndEstimateTheTimeLeft() {
        long[] now = {0};
        StringWriter sw = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(sw), false, 5.0, () -> now[0]);
        now[0] = 1_000_000_000L; // 1 s: too early
        p.progress(nested(100, 40, 1));
        assertEquals("", sw.toString());
        now[0] = 6_000_000_000L;
        p.progress(nested(600, 8, 6));
        now[0] = 8_000_000_000L; // 2 s after the last line: skipped
        p.progress(nested(800, 6, 8));
        now[0] = 11_000_000_000L;
        p.progress(nested(1100, 2, 11));
        List<String> lines = sw.toString().lines().toList();
        assertEquals(2, lines.size(), sw.toString());
        assertEquals("nested: iteration 600, 600k calls, ln Z -12.500, remaining 8.00 (stops below 0.500), "
                + "efficiency 2.00%, 6 s", lines.get(0));
        // ln(remaining) fell from ln 8 to ln 2 in 5 s; ln 2 - ln 0.5 more at that rate takes 5 s
        assertEquals("nested: iteration 1100, 1100k calls, ln Z -12.500, remaining 2.00 (stops below 0.500), "
                + "efficiency 2.00%, about 5 s left, 11 s", lines.get(1));
    }

    @Test
    void ensembleLineAndInPlaceRedraw() {
        long[] now = {0};
        StringWriter sw = new StringWriter();
        ProgressPrinter p = new ProgressPrinter(new PrintWriter(sw), true, 0.5, () -> now[0]);
        now[0] = 1_000_000_000L;
        p.progress(new RunListener.Progress("ensemble", 1200, 38400, 3.2, Map.of("acceptance", 0.31, "tau", 23.44)));
        now[0] = 2_000_000_000L;
        p.progress(new RunListener.Progress("ensemble", 2400, 76800, 6.0, Map.of("acceptance", 0.3)));
        p.done();
        String s = sw.toString();
        assertTrue(s.startsWith("\rensemble: step 1200, 38k calls, acceptance 0.310, tau 23.4, 3 s\r"
                + "ensemble: step 2400, 77k calls, acceptance 0.300, 6 s"), s);
        assertTrue(s.endsWith(System.lineSeparator()), "the in-place line is ended");
    }

    @Test
    void runPrintsProgressUnlessQuiet(@TempDir Path tmp) {
        String prop = "astronest.progressSeconds";
        System.setProperty(prop, "0"); // every event the sampler sends (nested: each 200 iterations, or each second)
        try {
            CliTest.Outcome loud = CliTest.run("problem", "loggamma2d", "--live-points", "100", "--threads", "1",
                    "--out", tmp.resolve("a").toString());
            assertEquals(0, loud.code(), loud.err());
            assertTrue(loud.err().startsWith("nested: iteration "), loud.err());
            CliTest.Outcome quiet = CliTest.run("problem", "loggamma2d", "--live-points", "100", "--threads", "1",
                    "--out", tmp.resolve("b").toString(), "--quiet");
            assertEquals(0, quiet.code(), quiet.err());
            assertEquals("", quiet.err());
            assertTrue(quiet.out().contains("sampler nested"), "the summary is still printed");
        } finally {
            System.clearProperty(prop);
        }
    }
}
