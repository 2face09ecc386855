package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.astronest.data.SharedData;
import org.astronest.inference.FaultHook;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at the dangerous moments of a run's final write and of a checkpoint write (a forked JVM halted by
 * {@link FaultHook}): afterwards a reader ({@code plot}) either reads the complete run or refuses with one line, and
 * {@code run --resume} gives the uninterrupted run's result.json (wall time and the resume count aside).
 */
@Tag("slow")
class KillDuringWriteTest {

    private static final String CONFIG = """
            label: crash
            seed: 5
            model: {type: problem, name: shells2d}
            sampler: {type: nested, live_points: 60, threads: 1, checkpoint_seconds: 0}
            """;

    @ParameterizedTest
    @ValueSource(strings = {"checkpoint-before-rename", "before-rename:result.json", "after-rename:result.json",
        "before-rename:weighted_samples.csv", "before-rename:manifest.json", "before-checkpoint-removal"})
    void aKillLeavesAReadableOrRefusedDirectoryAndResumes(String moment, @TempDir Path tmp) throws Exception {
        Path cfg = Files.writeString(tmp.resolve("crash.yaml"), CONFIG);
        Path ref = tmp.resolve("ref");
        CliTest.Outcome r = CliTest.run("run", cfg.toString(), "--out", ref.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());

        Path dir = tmp.resolve("killed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-D" + FaultHook.PROPERTY + "=" + moment, "-D" + SharedData.PROPERTY + "=" + SharedData.root(),
                "-Djava.awt.headless=true", Main.class.getName(), "run", cfg.toString(), "--out", dir.toString(),
                "--quiet"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log")
                .toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child finished");
        assertEquals(FaultHook.STATUS, p.exitValue(), "halted at " + moment + ": " + Files.readString(
                tmp.resolve("child.log")));

        CliTest.Outcome read = CliTest.run("plot", dir.toString());
        if (moment.equals("before-checkpoint-removal")) {
            assertEquals(0, read.code(), "the manifest is written: a complete run " + read.err());
        } else {
            assertEquals(2, read.code(), moment + ": " + read.out() + read.err());
            assertEquals(1, read.err().strip().lines().count(), read.err());
            assertTrue(read.err().contains("has no result.json") || read.err().contains("interrupted while writing"),
                    moment + ": " + read.err());
        }

        CliTest.Outcome resumed = CliTest.run("run", cfg.toString(), "--out", dir.toString(), "--resume", "--quiet");
        assertEquals(0, resumed.code(), moment + ": " + resumed.err());
        assertEquals(withoutTimes(ref), withoutTimes(dir), moment);
        assertTrue(Files.notExists(dir.resolve("nested.checkpoint")), "checkpoint removed after the manifest");
    }

    private static JsonNode withoutTimes(Path dir) throws Exception {
        ObjectNode n = (ObjectNode) new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        n.remove("wallSeconds");
        ((ObjectNode) n.get("diagnostics")).remove("resumes"); // how often the run was resumed: 1 after a kill
        return n;
    }
}
