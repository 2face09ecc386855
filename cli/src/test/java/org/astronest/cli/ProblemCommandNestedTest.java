package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code astronest problem NAME} runs the nested sampler by default and writes the run directory. */
class ProblemCommandNestedTest {

    @Test
    void problemRunsNestedByDefaultAndWritesTheRunDirectory(@TempDir Path tmp) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path dir = tmp.resolve("run");
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), "problem", "loggamma2d", "--live-points",
                "60", "--threads", "1", "--seed", "3", "--out", dir.toString());
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("sampler nested"), out.toString());
        assertTrue(out.toString().contains("reference logZ"), out.toString());
        for (String f : new String[] {"result.json", "samples.csv", "weighted_samples.csv", "nested_run.csv"}) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        String json = Files.readString(dir.resolve("result.json"));
        assertTrue(json.contains("logZErrResampled") && json.contains("logZErrSimple"), json);
        assertTrue(!Files.exists(dir.resolve(SamplerFactory.NESTED_CHECKPOINT)), "checkpoint removed at the end");
    }

    @Test
    void badLivePointsIsAOneLineUsageError(@TempDir Path tmp) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), "problem", "loggamma2d", "--live-points",
                "2", "--out", tmp.toString());
        assertEquals(1, code, "checked when the run starts (the dimension is known then): a run error, exit 1");
        assertEquals("error: live_points must be >= dimension + 1 = 3, got 2", err.toString().trim());
    }
}
