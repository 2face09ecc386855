package org.astronest.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.astronest.cli.Main;
import org.astronest.cli.io.FitsIo;
import org.astronest.cli.map.MapJournal;
import org.astronest.cli.map.MapOutputs;
import org.astronest.cli.map.MapTasks;
import org.astronest.cli.map.TaskResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark job against the CLI on the synthetic line map of {@code map synthesize} (examples/ngc1068-map.yaml's
 * model, T and n free), 3 x 3 pixels with 40 live points: Spark on {@code local[2]} gives the table of
 * {@code astronest map --threads 1} byte for byte, the same median maps and journal; a NaN pixel fails alone and the
 * job finishes; a CLI map cut short is finished on Spark with {@code --resume}; whatever a task throws is recorded;
 * bad arguments are one line and exit status 2.
 */
class MapJobTest {

    record Outcome(int code, String out, String err) {
    }

    @BeforeAll
    static void quietSpark() {
        // no web UI (a port, a server) for a job of seconds; the driver on the loopback, whatever the network
        System.setProperty("spark.ui.enabled", "false");
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
    }

    static Outcome cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static Outcome job(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MapJob.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static void assertOneLineError(Outcome o, String fragment) {
        assertEquals(2, o.code(), o.err());
        String first = o.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("error: ") && first.contains(fragment), "error line: " + o.err());
        assertEquals(1, o.err().lines().count(), o.err());
    }

    /** The example's config with its images in {@code dir/data} and {@code live} live points, its maps written. */
    static Path synthesized(Path dir, int size, int live) throws Exception {
        Path example = Paths.get(System.getProperty("maven.multiModuleProjectDirectory", ".."), "examples",
                "ngc1068-map.yaml");
        String text = Files.readString(example)
                .replace("runs/ngc1068-map-data/", dir.resolve("data") + "/")
                .replace("live_points: 100", "live_points: " + live);
        Path cfg = dir.resolve("map.yaml");
        Files.writeString(cfg, text);
        Outcome o = cli("map", "synthesize", cfg.toString(), "--size", Integer.toString(size));
        assertEquals(0, o.code(), o.err());
        return cfg;
    }

    @Test
    void sparkGivesTheTableOfTheSerialCli(@TempDir Path tmp) throws Exception {
        Path cfg = synthesized(tmp, 3, 40);
        Path serial = tmp.resolve("cli");
        Path spark = tmp.resolve("spark");
        Outcome c = cli("map", cfg.toString(), "--out", serial.toString(), "--threads", "1", "--quiet");
        assertEquals(0, c.code(), c.err());
        Outcome s = job(cfg.toString(), "--out", spark.toString(), "--master", "local[2]");
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("map: 9 tasks (0 failed)"), s.out());

        assertArrayEquals(Files.readAllBytes(serial.resolve(MapOutputs.TABLE_CSV)),
                Files.readAllBytes(spark.resolve(MapOutputs.TABLE_CSV)), "table.csv");
        for (String p : List.of("T", "n")) {
            double[][] a = FitsIo.readImage(serial.resolve("maps/" + p + "_q50.fits")).values();
            double[][] b = FitsIo.readImage(spark.resolve("maps/" + p + "_q50.fits")).values();
            assertEquals(3, b.length);
            for (int y = 0; y < a.length; y++) {
                assertArrayEquals(a[y], b[y], 0.0, p + " median map, row " + y);
            }
        }
        // map.json and the journal as the CLI's: map merge and map --resume take the directory as one of theirs
        assertEquals(Files.readString(serial.resolve("map.json")), Files.readString(spark.resolve("map.json")));
        Map<String, TaskResult> js = MapJournal.read(serial);
        Map<String, TaskResult> jp = MapJournal.read(spark);
        assertEquals(js.keySet(), jp.keySet());
        js.forEach((k, r) -> assertEquals(r.toJson(), jp.get(k).toJson(), k));

        // a map already there is refused before Spark starts, as the CLI refuses it
        assertOneLineError(job(cfg.toString(), "--out", spark.toString(), "--master", "local[2]"),
                "already holds a map");

        // a CLI map cut short (4 of 9 tasks journalled) finished on Spark: the same table
        Path cut = Files.createDirectories(tmp.resolve("cut"));
        Files.copy(serial.resolve("map.json"), cut.resolve("map.json"));
        Files.write(cut.resolve(MapJournal.FILE), Files.readAllLines(serial.resolve(MapJournal.FILE)).subList(0, 4));
        Outcome r = job(cfg.toString(), "--out", cut.toString(), "--master", "local[2]", "--resume");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("resuming: 4 of 9 tasks already done"), r.err());
        assertTrue(r.out().contains("map: 9 tasks (0 failed) in " + cut + "; this run 5 tasks on Spark"), r.out());
        assertArrayEquals(Files.readAllBytes(serial.resolve(MapOutputs.TABLE_CSV)),
                Files.readAllBytes(cut.resolve(MapOutputs.TABLE_CSV)), "table.csv of the resumed map");
    }

    @Test
    void aNanPixelFailsAloneAndTheJobFinishes(@TempDir Path tmp) throws Exception {
        Path cfg = synthesized(tmp, 3, 40);
        Path co = tmp.resolve("data/co32.fits");
        FitsIo.Image im = FitsIo.readImage(co);
        double[][] v = im.values();
        v[0][1] = Double.NaN;
        FitsIo.writeImage(co, v, im.wcs(), im.unit(), List.of());
        Outcome s = job(cfg.toString(), "--out", tmp.resolve("o").toString(), "--master", "local[2]");
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("map: 9 tasks (1 failed)"), s.out());
        Map<String, TaskResult> j = MapJournal.read(tmp.resolve("o"));
        assertEquals("failed", j.get("1_0").status());
        assertTrue(j.get("1_0").message().contains("lines[0].intensity is NaN"), j.get("1_0").message());
        assertEquals(8, j.values().stream().filter(TaskResult::ok).count());
        double[][] t50 = FitsIo.readImage(tmp.resolve("o/maps/T_q50.fits")).values();
        assertTrue(Double.isNaN(t50[0][1]) && Double.isFinite(t50[1][1]), "NaN where the task failed");
    }

    @Test
    void whateverATaskThrowsIsRecordedAsFailed() {
        MapTasks.Task t = new MapTasks.Task("4_2", 7, 4, 2, Map.of("lines[0].intensity", 1.0));
        TaskResult e = TaskResult.parse(MapJob.fitOne(x -> {
            throw new StackOverflowError();
        }, t));
        assertEquals("failed", e.status());
        assertEquals("task 4_2: StackOverflowError", e.message());
        assertEquals(7, e.index());
        TaskResult r = TaskResult.parse(MapJob.fitOne(x -> {
            throw new IllegalStateException("emulator file cut short\n\tmore detail");
        }, t));
        assertEquals("task 4_2: emulator file cut short", r.message());
    }

    @Test
    void badArgumentsAreOneLineBeforeSparkStarts(@TempDir Path tmp) throws Exception {
        assertOneLineError(job(), "give the map's CONFIG");
        Path cfg = Files.writeString(tmp.resolve("m.yaml"), "model: {type: problem, name: shells2d}\n");
        assertOneLineError(job(cfg.toString()), "--out DIR is required");
        assertOneLineError(job(cfg.toString(), "--out", tmp.resolve("o").toString()), "m.yaml: no map: section");
        assertOneLineError(job(cfg.toString(), "--out", tmp.resolve("o").toString(), "--master", "local[0]"),
                "--master must be local, local[N]");
        assertOneLineError(job(cfg.toString(), "--out", tmp.resolve("o").toString(), "--seed", "x"), "--seed");
        assertOneLineError(job(tmp.resolve("none.yaml").toString(), "--out", tmp.resolve("o").toString()),
                "config file not found");
        assertFalse(Files.exists(tmp.resolve("o")), "nothing written");
    }

    /** A task travels to the executors whole: numbers and text values (a catalogue's spectrum file per star). */
    @Test
    void tasksTravelWithTheirTextValues() {
        MapTasks.Task t = new MapTasks.Task("sc1", 1, -1, -1, Map.of("lines[0].intensity", 2.5),
                Map.of("model.spectrum", "shared:payne/cclya_the_payne_2hl/selfconsistent_spectrum_1.csv"));
        assertEquals(t, MapJob.Work.of(t).task());
    }
}
