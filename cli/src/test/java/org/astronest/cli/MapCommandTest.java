package org.astronest.cli;

import static org.astronest.cli.CliTest.assertOneLineError;
import static org.astronest.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.astronest.cli.io.FitsIo;
import org.astronest.cli.map.MapJournal;
import org.astronest.cli.map.MapOutputs;
import org.astronest.cli.map.TaskResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code astronest map}: a synthetic line map written by {@code map synthesize} (examples/ngc1068-map.yaml's
 * model, T and n free) fitted pixel by pixel. The table is the same for 1 and 2 threads, for two shards merged and
 * after a kill -9 and --resume, because every task's seed comes from the map's seed and the task's key; bad pixels
 * and bad maps are one line each.
 */
class MapCommandTest {

    /** The example's config with its images in {@code dir} and {@code live} live points. */
    static Path config(Path dir, int live) throws Exception {
        String text = Files.readString(ExamplesTest.example("ngc1068-map"))
                .replace("runs/ngc1068-map-data/", dir.resolve("data") + "/")
                .replace("live_points: 100", "live_points: " + live);
        Path cfg = dir.resolve("map.yaml");
        Files.writeString(cfg, text);
        return cfg;
    }

    static Path synthesized(Path dir, int size, int live) throws Exception {
        Path cfg = config(dir, live);
        CliTest.Outcome o = run("map", "synthesize", cfg.toString(), "--size", Integer.toString(size));
        assertEquals(0, o.code(), o.err());
        return cfg;
    }

    @Test
    void tableIsTheSameForAnyThreadCountAndForMergedShards(@TempDir Path tmp) throws Exception {
        Path cfg = synthesized(tmp, 3, 40);
        CliTest.Outcome a = run("map", cfg.toString(), "--out", tmp.resolve("a").toString(), "--threads", "1",
                "--quiet");
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().contains("map: 9 tasks (0 failed)"), a.out());
        CliTest.Outcome b = run("map", cfg.toString(), "--out", tmp.resolve("b").toString(), "--threads", "2",
                "--quiet", "--task-dirs");
        assertEquals(0, b.code(), b.err());
        for (String k : List.of("1/2", "2/2")) {
            CliTest.Outcome s = run("map", cfg.toString(), "--out", tmp.resolve("s" + k.charAt(0)).toString(),
                    "--shard", k, "--quiet");
            assertEquals(0, s.code(), s.err());
        }
        CliTest.Outcome m = run("map", "merge", "--out", tmp.resolve("m").toString(), tmp.resolve("s1").toString(),
                tmp.resolve("s2").toString());
        assertEquals(0, m.code(), m.err());
        String table = Files.readString(tmp.resolve("a").resolve(MapOutputs.TABLE_CSV));
        assertEquals(table, Files.readString(tmp.resolve("b").resolve(MapOutputs.TABLE_CSV)), "1 and 2 threads");
        assertEquals(table, Files.readString(tmp.resolve("m").resolve(MapOutputs.TABLE_CSV)), "2 shards merged");
        assertEquals(10, table.lines().count(), "a header and 9 pixels");
        // the free parameters in the model's order (fixed ones are left out), then the run's numbers
        assertEquals("task,n_mean,n_sd,n_q05,n_q16,n_q50,n_q84,n_q95,T_mean,T_sd,T_q05,T_q16,T_q50,T_q84,T_q95,"
                + "logZ,logZErr,likelihoodCalls,status,warnings,message,x,y", table.lines().findFirst().orElseThrow());

        // the FITS table and maps hold the same numbers, the maps the input's world coordinates
        FitsIo.Table ft = FitsIo.readTable(tmp.resolve("a").resolve(MapOutputs.TABLE_FITS));
        Map<String, TaskResult> journal = MapJournal.read(tmp.resolve("a"));
        FitsIo.Image t50 = FitsIo.readImage(tmp.resolve("a/maps/T_q50.fits"));
        FitsIo.Image in = FitsIo.readImage(tmp.resolve("data/co32.fits"));
        assertEquals(in.wcs(), t50.wcs(), "parameter maps keep the input WCS");
        for (int i = 0; i < ft.rows(); i++) {
            TaskResult r = journal.get(ft.text().get("task")[i]);
            assertEquals(r.params().get("T")[4], ft.numeric().get("T_q50")[i], 0.0);
            assertEquals(r.params().get("n")[0], ft.numeric().get("n_mean")[i], 0.0);
            assertEquals(r.params().get("T")[4], t50.values()[r.y()][r.x()], 0.0);
        }
        // --task-dirs: each task's own run directory, whose summary is the table's row
        org.astronest.inference.RunResult one = org.astronest.cli.io.RunDirectory.read(tmp.resolve("b/tasks/2_1"));
        assertEquals(journal.get("2_1").params().get("T")[0], one.summary().get("T").mean(), 0.0);
        assertEquals(List.of("CO(3-2)", "CO(6-5)", "HCN(4-3)", "CS(7-6)"), one.observed().orElseThrow().coordinates());
        java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(tmp.resolve("a/maps/n_q50.png").toFile());
        assertTrue(png != null && png.getWidth() > 3 * 160, "a picture of the median map (3 x 3 cells of 160 px)");
        CliTest.Outcome again = run("map", cfg.toString(), "--out", tmp.resolve("a").toString());
        assertOneLineError(again, "already holds a map");
        assertEquals(2, again.code());
    }

    @Test
    void killedMapResumesWithNoTaskLostOrDuplicated(@TempDir Path tmp) throws Exception {
        Path cfg = synthesized(tmp, 4, 60);
        Path dir = tmp.resolve("k");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Djava.awt.headless=true", Main.class.getName(), "map", cfg.toString(), "--out", dir.toString(),
                "--threads", "1", "--quiet"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve("child.log").toFile());
        Process child = pb.start();
        Path journal = dir.resolve(MapJournal.FILE);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (child.isAlive() && System.nanoTime() < deadline
                    && (!Files.exists(journal) || Files.readAllLines(journal).size() < 3)) {
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        int before = Files.readAllLines(journal).size();
        assertTrue(before >= 3 && before < 16, "killed after " + before + " of 16 tasks; log: "
                + Files.readString(tmp.resolve("child.log")));
        CliTest.Outcome r = run("map", cfg.toString(), "--out", dir.toString(), "--threads", "2", "--resume",
                "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("resuming: " + before + " of 16 tasks already done")
                || r.err().contains("of 16 tasks already done"), r.err());
        List<String> keys = new ArrayList<>();
        for (String line : Files.readAllLines(journal)) {
            keys.add(TaskResult.parse(line).key());
        }
        assertEquals(16, keys.size(), "every task once: " + keys);
        assertEquals(16, new java.util.HashSet<>(keys).size(), "no task twice: " + keys);
        CliTest.Outcome straight = run("map", cfg.toString(), "--out", tmp.resolve("u").toString(), "--quiet");
        assertEquals(0, straight.code(), straight.err());
        assertEquals(Files.readString(tmp.resolve("u").resolve(MapOutputs.TABLE_CSV)),
                Files.readString(dir.resolve(MapOutputs.TABLE_CSV)), "the resumed map's table");
    }

    @Test
    void badPixelsFailAloneAndBadMapsAreOneLine(@TempDir Path tmp) throws Exception {
        Path cfg = synthesized(tmp, 3, 40);
        // pixel (1, 0): NaN intensity; pixel (2, 2): a negative error
        Path co = tmp.resolve("data/co32.fits");
        FitsIo.Image im = FitsIo.readImage(co);
        double[][] v = im.values();
        v[0][1] = Double.NaN;
        FitsIo.writeImage(co, v, im.wcs(), im.unit(), List.of());
        Path err = tmp.resolve("data/hcn43_err.fits");
        FitsIo.Image e = FitsIo.readImage(err);
        double[][] ev = e.values();
        ev[2][2] = -1;
        FitsIo.writeImage(err, ev, e.wcs(), e.unit(), List.of());
        CliTest.Outcome o = run("map", cfg.toString(), "--out", tmp.resolve("o").toString(), "--quiet");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("map: 9 tasks (2 failed)"), o.out());
        Map<String, TaskResult> j = MapJournal.read(tmp.resolve("o"));
        assertEquals("failed", j.get("1_0").status());
        assertTrue(j.get("1_0").message().contains("lines[0].intensity is NaN"), j.get("1_0").message());
        assertEquals("failed", j.get("2_2").status());
        assertTrue(j.get("2_2").message().contains("sigma must be > 0, got -1"), j.get("2_2").message());
        assertEquals(7, j.values().stream().filter(TaskResult::ok).count());

        // a map of another shape: one line naming both files, nothing run
        FitsIo.writeImage(tmp.resolve("data/cs76.fits"), new double[3][4], im.wcs(), "", List.of());
        o = run("map", cfg.toString(), "--out", tmp.resolve("p").toString());
        assertOneLineError(o, "is 4 x 3 pixels but");
        assertEquals(2, o.code());
        assertFalse(Files.exists(tmp.resolve("p")), "nothing written");
        // a missing error map
        Files.delete(tmp.resolve("data/co65_err.fits"));
        o = run("map", cfg.toString(), "--out", tmp.resolve("q").toString());
        assertOneLineError(o, "map.images.lines[1].sigma");
        assertEquals(2, o.code());
        // a map config given to run
        o = run("run", cfg.toString());
        assertOneLineError(o, "this is a map config");
    }

    /**
     * The recovery check on the example's whole 24 x 24 map (576 fits, about 2 minutes on 2 cores): the truth inside the
     * 5-95% interval for at least 85% of the pixels and the pulls (median - truth) / half the 16-84% width with an sd
     * in 0.7-1.3, for T and for n. With 576 pixels the pull sd scatters by about 1/sqrt(1152) = 0.03 and the coverage
     * of a calibrated 90% interval by 1.25%, so 85% is 4 sd below it.
     */
    @Test
    @Tag("slow")
    void syntheticMapRecoversTemperatureAndDensity(@TempDir Path tmp) throws Exception {
        int size = 24;
        Path cfg = synthesized(tmp, size, 100);
        CliTest.Outcome o = run("map", cfg.toString(), "--out", tmp.resolve("o").toString(), "--quiet");
        assertEquals(0, o.code(), o.err());
        Map<String, TaskResult> j = MapJournal.read(tmp.resolve("o"));
        double[][] tTrue = FitsIo.readImage(tmp.resolve("data/T_true.fits")).values();
        double[][] nTrue = FitsIo.readImage(tmp.resolve("data/n_true.fits")).values();
        for (String p : List.of("T", "n")) {
            int inside = 0;
            double s = 0;
            double s2 = 0;
            for (TaskResult r : j.values()) {
                assertTrue(r.ok(), r.message());
                double truth = p.equals("T") ? tTrue[r.y()][r.x()] : nTrue[r.y()][r.x()];
                double[] v = r.params().get(p);
                if (truth >= v[2] && truth <= v[6]) {
                    inside++;
                }
                // median and half the 16-84% width: the same pull for n and for log n (monotone), and for the
                // Gaussian-like posteriors of T the usual (mean - truth) / sd
                double pull = (v[4] - truth) / ((v[5] - v[3]) / 2);
                s += pull;
                s2 += pull * pull;
            }
            int n = j.size();
            double sd = Math.sqrt((s2 - s * s / n) / (n - 1));
            System.out.printf(java.util.Locale.ROOT, "map recovery %s: truth inside 5-95%% for %d of %d pixels, pull sd "
                    + "%.3f%n", p, inside, n, sd);
            assertTrue(inside >= 0.85 * n, p + ": truth inside 5-95% for " + inside + " of " + n + " pixels");
            assertTrue(sd >= 0.7 && sd <= 1.3, p + ": pull sd " + sd);
        }
    }

    /** A catalogue: one task per CSV row, keyed by its id column; a FITS binary table of the same rows gives the same. */
    @Test
    void csvAndFitsTablesRunOneTaskPerRow(@TempDir Path tmp) throws Exception {
        Path cfg = synthesized(tmp, 2, 40);
        String[] lines = {"co32", "co65", "hcn43", "cs76"};
        StringBuilder csv = new StringBuilder("id");
        for (String l : lines) {
            csv.append(',').append(l).append(',').append(l).append("_err");
        }
        csv.append('\n');
        java.util.List<String> names = new ArrayList<>(List.of("id"));
        Map<String, double[]> numeric = new java.util.LinkedHashMap<>();
        for (String l : lines) {
            names.add(l);
            names.add(l + "_err");
            numeric.put(l, new double[3]);
            numeric.put(l + "_err", new double[3]);
        }
        String[] ids = {"star-a", "star-b", "star-c"};
        for (int r = 0; r < 3; r++) {
            csv.append(ids[r]);
            for (String l : lines) {
                double v = FitsIo.readImage(tmp.resolve("data/" + l + ".fits")).values()[r / 2][r % 2];
                double e = FitsIo.readImage(tmp.resolve("data/" + l + "_err.fits")).values()[r / 2][r % 2];
                numeric.get(l)[r] = v;
                numeric.get(l + "_err")[r] = e;
                csv.append(',').append(v).append(',').append(e);
            }
            csv.append('\n');
        }
        Files.writeString(tmp.resolve("stars.csv"), csv.toString());
        FitsIo.writeTable(tmp.resolve("stars.fits"), new FitsIo.Table(names, numeric, Map.of("id", ids)), "STARS");
        String text = Files.readString(cfg);
        String section = text.substring(text.indexOf("map:"));
        StringBuilder table = new StringBuilder("map:\n  table: TABLE\n  key: id\n  columns:\n");
        for (int i = 0; i < lines.length; i++) {
            table.append("    lines[").append(i).append("].intensity: ").append(lines[i]).append('\n');
            table.append("    lines[").append(i).append("].sigma: ").append(lines[i]).append("_err\n");
        }
        List<String> tables = new ArrayList<>();
        for (String t : List.of("stars.csv", "stars.fits")) {
            Path c = tmp.resolve("cat-" + t + ".yaml");
            Files.writeString(c, text.replace(section, table.toString().replace("TABLE", tmp.resolve(t).toString())));
            CliTest.Outcome o = run("map", c.toString(), "--out", tmp.resolve("o-" + t).toString(), "--quiet");
            assertEquals(0, o.code(), o.err());
            assertTrue(o.out().contains("map: 3 tasks (0 failed)"), o.out());
            String got = Files.readString(tmp.resolve("o-" + t).resolve(MapOutputs.TABLE_CSV));
            assertEquals(List.of("star-a", "star-b", "star-c"), got.lines().skip(1).map(x -> x.split(",")[0]).toList());
            assertFalse(Files.exists(tmp.resolve("o-" + t).resolve(MapOutputs.MAPS)), "no maps for a table");
            tables.add(got);
        }
        assertEquals(tables.get(0), tables.get(1), "the same rows from CSV and from FITS give the same table");
        // a cell that is not a number: one line naming the file, the line and the column
        Files.writeString(tmp.resolve("stars.csv"), csv.toString().replaceFirst("star-b,[^,]*,", "star-b,abc,"));
        CliTest.Outcome o = run("map", tmp.resolve("cat-stars.csv.yaml").toString(), "--out",
                tmp.resolve("bad").toString());
        assertOneLineError(o, "line 3, column 'co32': not a number: 'abc'");
        assertEquals(2, o.code());
    }

    /**
     * examples/payne-catalogue.yaml (100 live points instead of 400): one Payne posterior per star, the spectrum file
     * set from the table's text column. Every label of the three self-consistent spectra within 4 posterior sds of
     * the truth the network made them at (shared/payne/payne_architecture_reference.json; 12 checks at 4 sd: a false
     * alarm rate below 1e-3).
     */
    @Test
    void payneCatalogueRecoversTheLabelsOfEachStar(@TempDir Path tmp) throws Exception {
        Path example = ExamplesTest.example("payne-catalogue");
        Path cfg = tmp.resolve("cat.yaml");
        Files.writeString(cfg, Files.readString(example)
                .replace("examples/payne-catalogue.csv", example.resolveSibling("payne-catalogue.csv").toString())
                .replace("live_points: 400", "live_points: 100"));
        CliTest.Outcome o = run("map", cfg.toString(), "--out", tmp.resolve("o").toString(), "--quiet");
        assertEquals(0, o.code(), o.err());
        Map<String, TaskResult> j = MapJournal.read(tmp.resolve("o"));
        double[][] truth = {
            {90.0, 1.4535659294528717e+19, 29.5, 31238.29377920772},
            {30.0, 2.2095091452076577e+19, 17.5, 47167.014113613506},
            {75.0, 1.755943215754786e+19, 25.0, 36547.86722400965}};
        List<String> labels = List.of("sigma_int", "N_HI", "v_exp", "T");
        for (int s = 0; s < 3; s++) {
            TaskResult r = j.get("sc" + s);
            assertTrue(r.ok(), r.message());
            for (int l = 0; l < 4; l++) {
                double[] v = r.params().get(labels.get(l));
                double z = (v[0] - truth[s][l]) / v[1];
                assertTrue(Math.abs(z) < 4, "star sc" + s + " " + labels.get(l) + ": " + v[0] + " +- " + v[1]
                        + " against " + truth[s][l] + " (" + z + " sd)");
            }
        }
    }
}
