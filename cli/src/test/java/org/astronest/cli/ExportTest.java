package org.astronest.cli;

import static org.astronest.cli.CliTest.assertOneLineError;
import static org.astronest.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.astronest.cli.io.Csv;
import org.astronest.cli.io.RunDirectory;
import org.astronest.inference.ColumnInfo;
import org.astronest.inference.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export} and {@code --formats}: the GetDist and PolyChord (anesthetic) files parsed by their own rules and
 * checked value by value against the run directory they came from. GetDist (getdist.readthedocs.io, "Chain files"):
 * whitespace rows {@code weight -ln(posterior) params}, {@code ROOT.paramnames} (tag, derived marked {@code *},
 * LaTeX label), {@code ROOT.ranges} (tag lower upper, N open). PolyChord (Handley et al. 2015; read by
 * anesthetic's {@code read_chains}): {@code ROOT_dead-birth.txt} and {@code ROOT_phys_live-birth.txt}, rows
 * {@code params logL logL_birth}.
 */
class ExportTest {

    /** Whitespace-separated rows as numpy.loadtxt reads them (inf, -inf, nan accepted). */
    static List<double[]> table(Path f) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(f)) {
            if (line.isBlank()) {
                continue;
            }
            String[] t = line.trim().split("\\s+");
            double[] r = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                r[i] = switch (t[i]) {
                    case "inf" -> Double.POSITIVE_INFINITY;
                    case "-inf" -> Double.NEGATIVE_INFINITY;
                    case "nan" -> Double.NaN;
                    default -> Double.parseDouble(t[i]);
                };
            }
            rows.add(r);
        }
        return rows;
    }

    private static Path problemRun(Path tmp, String... extra) {
        List<String> args = new ArrayList<>(List.of("problem", "rosenbrock2d", "--live-points", "80", "--threads", "1",
                "--seed", "7", "--quiet", "--out", tmp.resolve("lg").toString()));
        args.addAll(List.of(extra));
        CliTest.Outcome o = run(args.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        return tmp.resolve("lg");
    }

    @Test
    void problemWritesGetDistAndAnestheticFilesThatMatchTheRun(@TempDir Path tmp) throws Exception {
        Path dir = problemRun(tmp, "--formats", "getdist,anesthetic");
        RunResult r = RunDirectory.read(dir);
        Csv.Table ws = Csv.read(dir.resolve(RunDirectory.WEIGHTED_SAMPLES));
        int p = r.samples().names().size();
        assertEquals(List.of("x1", "x2"), r.samples().names());

        // GetDist chain: weight = w / max w, -ln posterior = -(ln L + ln prior), then the columns
        List<double[]> g = table(dir.resolve("getdist/rosenbrock2d.txt"));
        assertEquals(ws.rows().size(), g.size());
        double[] lw = r.samples().logWeights();
        double max = java.util.Arrays.stream(lw).max().orElseThrow();
        double[] ll = r.samples().logLikelihoods();
        double[] lp = r.samples().logPriors();
        for (int i = 0; i < g.size(); i++) {
            double[] row = g.get(i);
            assertEquals(2 + p, row.length);
            assertEquals(Math.exp(lw[i] - max), row[0], 1e-15 * Math.max(1, row[0]));
            assertEquals(-(ll[i] + lp[i]), row[1], 0.0);
            for (int j = 0; j < p; j++) {
                assertEquals(r.samples().row(i)[j], row[2 + j], 0.0);
            }
        }
        // rosenbrock2d's priors are uniform on [-5, 5]^2 (shared/problems/README.md): ln prior
        // = -2 ln 10 for every sample
        for (double v : lp) {
            assertEquals(-2 * Math.log(10), v, 1e-12);
        }
        assertEquals(List.of("x1\tx1", "x2\tx2"), Files.readAllLines(dir.resolve("getdist/rosenbrock2d.paramnames")));
        assertEquals(List.of("x1\t-5.0\t5.0", "x2\t-5.0\t5.0"),
                Files.readAllLines(dir.resolve("getdist/rosenbrock2d.ranges")));

        // PolyChord / anesthetic: dead points then final live points, params logL logL_birth
        Csv.Table nr = Csv.read(dir.resolve(RunDirectory.NESTED_RUN));
        int deadCol = nr.header().indexOf("dead");
        int dead = (int) nr.rows().stream().filter(x -> x[deadCol] == 1).count();
        List<double[]> d = table(dir.resolve("anesthetic/rosenbrock2d_dead-birth.txt"));
        List<double[]> live = table(dir.resolve("anesthetic/rosenbrock2d_phys_live-birth.txt"));
        assertEquals(dead, d.size());
        assertEquals(80, live.size());
        List<double[]> all = new ArrayList<>(d);
        all.addAll(live);
        int firstOccupants = 0;
        for (int i = 0; i < all.size(); i++) {
            double[] row = all.get(i);
            assertEquals(p + 2, row.length);
            assertEquals(nr.rows().get(i)[0], row[p], 0.0, "logL of row " + i);
            assertTrue(row[p + 1] < row[p], "logL_birth < logL at row " + i);
            if (row[p + 1] == Double.NEGATIVE_INFINITY) {
                firstOccupants++;
            }
        }
        assertEquals(80, firstOccupants, "the first 80 live points are born at -inf");
        // anesthetic's reconstruction: live points at a death = born strictly below it and not yet dead
        int liveCol = nr.header().indexOf("live_points");
        for (int i = 0; i < all.size(); i++) {
            double li = all.get(i)[p];
            int n = 0;
            for (double[] q : all) {
                if (q[p + 1] < li && q[p] >= li) {
                    n++;
                }
            }
            assertEquals((int) nr.rows().get(i)[liveCol], n, "live-point count at row " + i);
        }
        assertEquals(Files.readAllLines(dir.resolve("getdist/rosenbrock2d.paramnames")),
                Files.readAllLines(dir.resolve("anesthetic/rosenbrock2d.paramnames")));
    }

    @Test
    void exportConvertsRunAndJavaWrittenDirectoriesAndRefusesToOverwrite(@TempDir Path tmp) throws Exception {
        // a directory written by `run` from a config: ROOT is its label
        Path cfg = tmp.resolve("s.yaml");
        Files.writeString(cfg, "label: my-shells\nseed: 3\nmodel: {type: problem, name: shells2d}\n"
                + "sampler: {type: nested, live_points: 60}\n");
        CliTest.Outcome o = run("run", cfg.toString(), "--out", tmp.resolve("s").toString(), "--quiet");
        assertEquals(0, o.code(), o.err());
        o = run("export", tmp.resolve("s").toString(), "--format", "getdist");
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.isRegularFile(tmp.resolve("s/getdist/my-shells.txt")), o.out());
        o = run("export", tmp.resolve("s").toString(), "--format", "getdist");
        assertOneLineError(o, "already exists; pass --force");
        assertEquals(2, o.code());
        o = run("export", tmp.resolve("s").toString(), "--format", "getdist", "--force", "--root", "other");
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.isRegularFile(tmp.resolve("s/getdist/other.txt")));
        assertFalse(Files.exists(tmp.resolve("s/getdist/my-shells.txt")), "--force replaces the subdirectory");

        // written from Java, MCMC with 4 walkers: one GetDist file per walker, labels and units from the result
        RunResult mc = RunDirectoryTest.sample(true);
        mc = mc.toBuilder().columns(List.of(new ColumnInfo("mu", "\\mu", "km/s", false, -5, 5, ColumnInfo.FREE, 0.5),
                new ColumnInfo("tau", "\\tau", "", true, 1, Math.E, ColumnInfo.FREE, Double.NaN)))
                .observed(new org.astronest.inference.ObservedData("line", List.of("CO(3-2)", "HCN(4-3)"),
                        java.util.Map.of("intensity", new double[] {12.5, 0.75}))).build();
        Path j = tmp.resolve("java");
        RunDirectory.write(j, mc, null);
        o = run("export", j.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("anesthetic skipped: format anesthetic needs a nested-sampling run"), o.err());
        for (int k = 1; k <= 4; k++) {
            List<double[]> rows = table(j.resolve("getdist/chains_" + k + ".txt"));
            assertEquals(mc.samples().size() / 4, rows.size());
            assertEquals(mc.samples().row(k - 1)[0], rows.get(0)[2], 0.0, "walker " + k + " starts at row " + (k - 1));
            assertEquals(mc.samples().row(k - 1 + 4)[0], rows.get(1)[2], 0.0, "step-major rows");
        }
        assertEquals(List.of("mu\t\\mu\t# unit: km/s", "tau\t\\tau"),
                Files.readAllLines(j.resolve("getdist/chains.paramnames")));
        assertEquals(List.of("mu\t-5.0\t5.0", "tau\t1.0\t" + Math.E), Files.readAllLines(j.resolve("getdist/chains.ranges")));
        RunResult back = RunDirectory.read(j);
        assertEquals(mc.columns(), back.columns(), "labels, units, log axes, support and truths round-trip");
        assertEquals(List.of("CO(3-2)", "HCN(4-3)"), back.observed().orElseThrow().coordinates());
        assertEquals("line", back.observed().orElseThrow().dimension());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {12.5, 0.75},
                back.observed().orElseThrow().variables().get("intensity"), 0.0);
    }

    @Test
    void earlierLayoutExportsGetDistButNotAnestheticAndBadInputIsOneLine(@TempDir Path tmp) throws Exception {
        Path dir = problemRun(tmp);
        // the previous release's layout: schema 1, no manifest, no log_prior, 4-column nested_run.csv, no labels
        Files.delete(dir.resolve(RunDirectory.MANIFEST));
        ObjectNode res = (ObjectNode) RunDirectory.json().readTree(dir.resolve(RunDirectory.RESULT).toFile());
        res.put("schemaVersion", 1);
        for (JsonNode p : (ArrayNode) res.get("parameters")) {
            ((ObjectNode) p).remove(List.of("label", "unit", "logScale", "role", "lower", "upper", "truth"));
        }
        Files.writeString(dir.resolve(RunDirectory.RESULT), RunDirectory.json().writeValueAsString(res));
        cut(dir.resolve(RunDirectory.NESTED_RUN), 4);
        List<String> ws = Files.readAllLines(dir.resolve(RunDirectory.WEIGHTED_SAMPLES));
        assertTrue(ws.get(0).endsWith(",log_prior"));
        cut(dir.resolve(RunDirectory.WEIGHTED_SAMPLES), ws.get(0).split(",").length - 1);

        CliTest.Outcome o = run("export", dir.toString(), "--format", "getdist");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("written by an earlier version"), o.err());
        assertTrue(o.err().contains("GetDist's second column and ArviZ's lp are -ln L"), o.err());
        List<double[]> g = table(dir.resolve("getdist/chains.txt"));
        RunResult r = RunDirectory.read(dir);
        assertEquals(-r.samples().logLikelihoods()[0], g.get(0)[1], 0.0);

        o = run("export", dir.toString(), "--format", "anesthetic");
        assertOneLineError(o, "needs each dead point's birth contour");
        assertEquals(2, o.code());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        o = run("export", empty.toString());
        assertOneLineError(o, "has no result.json");
        assertEquals(2, o.code());

        Path fresh = problemRun(tmp.resolve("b"));
        Files.writeString(fresh.resolve(RunDirectory.RESULT), "{\"schemaVersion\": 2, \"sampler\"");
        o = run("export", fresh.toString());
        assertOneLineError(o, "does not match the run's manifest.json");
        assertEquals(2, o.code());

        o = run("export", dir.toString(), "--format", "votable");
        assertOneLineError(o, "unknown output format 'votable'; known: getdist, anesthetic");
        assertEquals(2, o.code());
    }

    @Test
    void yamlOutputFormatsAreWrittenAndCheckedByName(@TempDir Path tmp) throws Exception {
        Path cfg = tmp.resolve("f.yaml");
        Files.writeString(cfg, "label: lg\nseed: 5\nmodel: {type: problem, name: loggamma2d}\n"
                + "sampler: {type: nested, live_points: 60}\noutput: {dir: " + tmp.resolve("out") + ", formats: [getdist]}\n");
        CliTest.Outcome o = run("run", cfg.toString(), "--quiet");
        assertEquals(0, o.code(), o.err());
        assertTrue(Files.isRegularFile(tmp.resolve("out/getdist/lg.txt")), o.out());
        assertTrue(Files.readString(tmp.resolve("out/config.resolved.yaml")).contains("formats:"));

        Files.writeString(cfg, "label: lg\nmodel: {type: problem, name: loggamma2d}\noutput: {formats: [getdist, fits]}\n");
        o = run("run", cfg.toString(), "--out", tmp.resolve("out2").toString());
        assertOneLineError(o, "output.formats[1]: unknown output format 'fits'");
        assertEquals(2, o.code());
        assertFalse(Files.exists(tmp.resolve("out2")), "nothing written");

        // a format that does not apply to the run's sampler: the run is kept, the format skipped with a warning
        o = run("problem", "loggamma2d", "--sampler", "ensemble", "--walkers", "8", "--steps", "50", "--quiet",
                "--formats", "anesthetic,getdist", "--out", tmp.resolve("out4").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("warning: anesthetic not written: format anesthetic needs a nested-sampling run"),
                o.out());
        assertTrue(Files.isRegularFile(tmp.resolve("out4/getdist/loggamma2d_1.txt")), o.out());

        o = run("problem", "loggamma2d", "--formats", "getdist,bogus", "--out", tmp.resolve("out3").toString());
        assertOneLineError(o, "--formats: unknown output format 'bogus'");
        assertFalse(Files.exists(tmp.resolve("out3")), "nothing written");
    }

    /**
     * The check with the field's reader: an ensemble run written by {@code problem --formats arviz} opened by
     * xarray (Debian's python3-xarray and python3-zarr) gives per-parameter means equal to summary.csv's to 1e-12
     * (the posterior group holds every post-burn-in draw, each walker a chain, so its mean is the equal-weight mean
     * summary.csv reports). Skipped, naming why, only when that Python cannot import xarray and zarr.
     */
    @Test
    @org.junit.jupiter.api.Tag("python")
    void xarrayMeansOfAnEnsembleRunEqualSummaryCsv(@TempDir Path tmp) throws Exception {
        String python = PythonReaders.require("xarray, zarr", "python3-xarray python3-zarr");
        Path dir = tmp.resolve("e");
        CliTest.Outcome o = run("problem", "rosenbrock2d", "--sampler", "ensemble", "--walkers", "16", "--steps", "600",
                "--seed", "3", "--threads", "1", "--quiet", "--formats", "arviz", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        Process p = new ProcessBuilder(python, "-c", String.join("\n",
                "import sys, xarray as xr",
                "ds = xr.open_zarr(sys.argv[1], group='posterior', consolidated=True)",
                "for n in ds.data_vars:",
                "    print(n, repr(float(ds[n].mean())), ds[n].sizes['chain'])"),
                dir.resolve("arviz/idata.zarr").toString()).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(0, p.waitFor(), err);
        java.util.Map<String, Double> means = new java.util.HashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve(RunDirectory.SUMMARY));
        assertTrue(lines.get(0).startsWith("name,mean,"), lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            String[] t = line.split(",");
            means.put(t[0], Double.parseDouble(t[1]));
        }
        int checked = 0;
        for (String line : out.strip().split("\n")) {
            String[] t = line.split(" ");
            double m = means.get(t[0]);
            assertEquals(m, Double.parseDouble(t[1]), 1e-12 * Math.max(1, Math.abs(m)), t[0]);
            assertEquals("16", t[2], "one chain per walker");
            checked++;
        }
        assertEquals(2, checked, out);
    }

    /** Keeps the first {@code keep} columns of a CSV file. */
    private static void cut(Path f, int keep) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(f)) {
            String[] t = line.split(",");
            out.add(String.join(",", java.util.Arrays.copyOf(t, keep)));
        }
        Files.write(f, out);
    }
}
