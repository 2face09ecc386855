package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.astronest.cli.io.RunDirectory;
import org.astronest.cli.io.RunLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run directory is complete or refused: its files are written atomically, manifest.json last (sizes and SHA-256),
 * and readers check every file against it; a directory of the earlier layout reads with a warning; a second run
 * into a directory being written is refused.
 */
class RunDirectoryIntegrityTest {

    private static Path written(Path dir) {
        RunDirectory.write(dir, RunDirectoryTest.sample(false), "label: x\n");
        return dir;
    }

    @Test
    void aCompleteRunHasAManifestOfEveryFile(@TempDir Path tmp) throws Exception {
        Path dir = written(tmp.resolve("a"));
        var m = new ObjectMapper().readTree(dir.resolve(RunDirectory.MANIFEST).toFile());
        List<String> names = new java.util.ArrayList<>();
        m.path("files").forEach(f -> names.add(f.path("name").asText()));
        assertEquals(List.of("result.json", "summary.csv", "samples.csv", "weighted_samples.csv", "provenance.json",
                "config.resolved.yaml", "nested_run.csv"), names);
        // 500 samples: a header and 500 rows
        assertEquals(501, m.path("files").get(3).path("lines").asLong());
        assertTrue(RunDirectory.verify(dir).isEmpty());
        assertEquals(500, RunDirectory.read(dir).samples().size());
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary files left");
        }
    }

    @Test
    void aTruncatedOrForeignFileIsRefusedNamingIt(@TempDir Path tmp) throws Exception {
        Path dir = written(tmp.resolve("a"));
        Path ws = dir.resolve(RunDirectory.WEIGHTED_SAMPLES);
        List<String> lines = Files.readAllLines(ws);
        Files.write(ws, lines.subList(0, 400));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.read(dir));
        assertTrue(e.getMessage().startsWith(ws + " does not match the run's manifest.json"), e.getMessage());
        // a file of another run (a rerun killed mid-write used to leave such a mix)
        Path other = written(tmp.resolve("b"));
        RunDirectory.write(other, RunDirectoryTest.sample(true), null);
        Files.copy(other.resolve(RunDirectory.SUMMARY), dir.resolve(RunDirectory.SUMMARY),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.verify(dir));
        assertTrue(e.getMessage().contains("summary.csv does not match") || e.getMessage().contains("weighted"),
                e.getMessage());
    }

    @Test
    void aRunWithoutItsManifestWasInterrupted(@TempDir Path tmp) throws Exception {
        Path dir = written(tmp.resolve("a"));
        Files.delete(dir.resolve(RunDirectory.MANIFEST));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.read(dir));
        assertTrue(e.getMessage().contains("has no manifest.json: the run was interrupted while writing"),
                e.getMessage());
        Files.write(dir.resolve(RunDirectory.RESULT), new byte[0]);
        e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.read(dir));
        assertTrue(e.getMessage().endsWith("result.json is empty: the run did not finish writing; run it again with "
                + "--force"), e.getMessage());
    }

    @Test
    void theEarlierLayoutReadsWithAWarningButIsCrossChecked(@TempDir Path tmp) throws Exception {
        Path dir = written(tmp.resolve("a"));
        Files.delete(dir.resolve(RunDirectory.MANIFEST));
        ObjectMapper json = new ObjectMapper();
        ObjectNode r = (ObjectNode) json.readTree(dir.resolve(RunDirectory.RESULT).toFile());
        r.put("schemaVersion", 1);
        json.writeValue(dir.resolve(RunDirectory.RESULT).toFile(), r);
        assertTrue(RunDirectory.verify(dir).orElseThrow().contains("written by an earlier version"));
        assertEquals(500, RunDirectory.read(dir).samples().size());
        // fewer rows than result.json says
        Path ws = dir.resolve(RunDirectory.WEIGHTED_SAMPLES);
        List<String> lines = Files.readAllLines(ws);
        Files.write(ws, lines.subList(0, 301));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.read(dir));
        assertEquals(ws + " has 300 rows but result.json says 500: the files belong to different runs or one is "
                + "truncated", e.getMessage());
        // a renamed column
        lines.set(0, lines.get(0).replace("tau", "sigma"));
        Files.write(ws, lines);
        e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.read(dir));
        assertTrue(e.getMessage().contains("has columns [mu, sigma, log_weight, log_likelihood] but result.json lists "
                + "[mu, tau]"), e.getMessage());
    }

    @Test
    void aFullDiskIsOneLineAndLeavesNoDirectoryThatLooksComplete(@TempDir Path tmp) throws Exception {
        // the disk fills while weighted_samples.csv is written (simulated: FaultHook throws ENOSPC's message there)
        Path dir = tmp.resolve("full");
        System.setProperty(org.astronest.inference.FaultHook.IO_PROPERTY, "write:weighted_samples.csv");
        CliTest.Outcome o;
        try {
            o = CliTest.run("problem", "loggamma2d", "--live-points", "40", "--quiet", "--out", dir.toString());
        } finally {
            System.clearProperty(org.astronest.inference.FaultHook.IO_PROPERTY);
        }
        assertEquals(1, o.code(), o.err());
        CliTest.assertOneLineError(o, "cannot write run directory " + dir + ": No space left on device");
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "the partial file is removed");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunDirectory.verify(dir));
        assertTrue(e.getMessage().contains("has no manifest.json"), e.getMessage());
    }

    @Test
    void aSecondRunIntoADirectoryBeingWrittenIsRefused(@TempDir Path tmp) {
        Path dir = tmp.resolve("busy");
        RunLock.acquire(dir);
        try {
            CliTest.Outcome o = CliTest.run("problem", "loggamma2d", "--live-points", "40", "--out", dir.toString());
            assertEquals(2, o.code(), o.err());
            CliTest.assertOneLineError(o, "another astronest run is writing " + dir);
        } finally {
            RunLock.releaseAll();
        }
        assertEquals(0, CliTest.run("problem", "loggamma2d", "--live-points", "40", "--quiet", "--out",
                dir.toString()).code());
        assertTrue(Files.notExists(dir.resolve(RunLock.FILE)), "the lock goes with the run");
    }
}
