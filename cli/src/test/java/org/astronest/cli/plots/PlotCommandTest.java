package org.astronest.cli.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.astronest.cli.Main;
import org.astronest.cli.RunOutput;
import org.astronest.cli.io.RunDirectory;
import org.astronest.inference.Evidence;
import org.astronest.inference.RunResult;
import org.astronest.inference.WeightedSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code plot} command on run directories written by {@link RunDirectory#write} and the plots of every run. */
class PlotCommandTest {

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.execute(new PrintWriter(o), new PrintWriter(e), args);
        return new Result(code, o.toString(), e.toString());
    }

    static RunResult nestedResult() {
        double[][] c = Synthetic.identity(3);
        c[0][1] = c[1][0] = 0.6;
        WeightedSamples s = Synthetic.gaussian(List.of("T", "n", "f"), new double[] {150, 5e5, 0.3},
                new double[] {10, 0.5e5, 0.05}, c, 5000, 1.3, 3);
        return RunResult.builder("nested", s).evidence(new Evidence(-12.3, 0.1, 4.2))
                .nestedRun(Synthetic.nestedRun(200, 3, 50, 3000)).build();
    }

    @Test
    void rerendersFromARunDirectory() throws Exception {
        Path dir = tmp.resolve("run1");
        RunResult r = nestedResult();
        RunDirectory.write(dir, r, null);
        Result res = run("plot", dir.toString(), "--truths", "T=150,n=5e5", "--params", "T,n", "--format", "png,svg",
                "--log", "n");
        assertEquals(0, res.code(), res.err());
        for (String f : List.of("corner.png", "corner.svg", "run.png", "run.svg")) {
            Path p = dir.resolve("plots").resolve(f);
            assertTrue(Files.size(p) > 5000, f + " " + Files.size(p));
            assertTrue(res.out().contains(p.toString()), res.out());
        }
        PlotExamplesTest.checkPng(dir.resolve("plots/corner.png"), 0.03);
        String svg = Files.readString(dir.resolve("plots/corner.svg"));
        assertTrue(svg.startsWith("<?xml") || svg.startsWith("<svg"), svg.substring(0, 40));
        assertTrue(svg.contains("<path"), "contours and histograms are paths");

        // the round trip through the files keeps the numbers: same layout as from the result in memory
        CornerOptions o = CornerOptions.defaults().withParams(List.of("T", "n"));
        CornerLayout mem = CornerLayout.compute(r.samples(), o);
        CornerLayout disk = CornerLayout.compute(RunDirectory.read(dir).samples(), o);
        for (int a = 0; a < 2; a++) {
            assertArrayEquals(mem.axes().get(a).quantiles(), disk.axes().get(a).quantiles(), 0.0);
            assertEquals(mem.axes().get(a).title(), disk.axes().get(a).title());
        }
        assertArrayEquals(mem.pair(1, 0).thresholds(), disk.pair(1, 0).thresholds(), 0.0);
    }

    @Test
    void outDirAndPngOnly() throws Exception {
        Path dir = tmp.resolve("run2");
        RunDirectory.write(dir, nestedResult(), null);
        Path out = tmp.resolve("figs");
        Result res = run("plot", dir.toString(), "--format", "png", "--out", out.toString());
        assertEquals(0, res.code(), res.err());
        assertTrue(Files.exists(out.resolve("corner.png")));
        assertTrue(!Files.exists(out.resolve("corner.svg")));
    }

    @Test
    void badInputIsOneLine() throws Exception {
        Path dir = tmp.resolve("run3");
        RunDirectory.write(dir, nestedResult(), null);
        Result unknown = run("plot", dir.toString(), "--params", "T,zz");
        assertEquals(2, unknown.code());
        assertEquals("error: unknown parameter 'zz' in --params; known: T, n, f", unknown.err().strip());
        Result truth = run("plot", dir.toString(), "--truths", "Tx=150");
        assertEquals(2, truth.code());
        assertEquals("error: unknown parameter 'Tx' in --truths; known: T, n, f", truth.err().strip());
        Result value = run("plot", dir.toString(), "--truths", "T=hot");
        assertEquals("error: --truths: value of 'T' is not a number: 'hot'", value.err().strip());
        Result log = run("plot", dir.toString(), "--log", "q");
        assertEquals("error: unknown parameter 'q' in --log; known: T, n, f", log.err().strip());
        Result fmt = run("plot", dir.toString(), "--format", "jpg");
        assertEquals("error: unknown plot format 'jpg'; known: png, svg", fmt.err().strip());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Result notRun = run("plot", empty.toString());
        assertEquals(2, notRun.code());
        assertEquals("error: not a run directory: " + empty + " has no result.json", notRun.err().strip());
    }

    @Test
    void automaticPlotsShowAtMostTwelveColumns() {
        int d = 15;
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < d; i++) {
            names.add("x" + i);
        }
        WeightedSamples s = Synthetic.gaussian(names, new double[d], filled(d, 1.0), Synthetic.identity(d), 2000, 1.0,
                31);
        Plots.Rendered out = Plots.renderRun(tmp.resolve("run15"), RunResult.builder("nested", s).build());
        assertEquals(Plots.MAX_AUTO_PARAMS, out.corner().axes().size());
        assertEquals("x11", out.corner().axes().get(11).name());
        assertTrue(out.corner().options().note().get(1).contains("first 12 of 15 columns"));
    }

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void everyRunRendersItsPlots() throws Exception {
        Path dir = tmp.resolve("run4");
        var chains = Synthetic.chains(List.of("a", "b"), new double[] {0, 1}, new double[] {1, 2}, 8, 400, 100, 4);
        RunResult r = RunResult.builder("ensemble", Synthetic.fromChains(chains)).chains(chains).build();
        StringWriter o = new StringWriter();
        RunOutput.finish(dir, r, null, new PrintWriter(o, true));
        for (String f : List.of("corner.png", "corner.svg", "trace.png")) {
            assertTrue(Files.size(dir.resolve("plots").resolve(f)) > 5000, f);
        }
        assertTrue(!Files.exists(dir.resolve("plots/run.png")), "no nested run, no run plot");
        assertTrue(o.toString().contains("plots: corner.png corner.svg trace.png"), o.toString());
        PlotExamplesTest.checkPng(dir.resolve("plots/trace.png"), 0.02);
    }
}
