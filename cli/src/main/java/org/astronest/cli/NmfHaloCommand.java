package org.astronest.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.cli.io.Csv;
import org.astronest.cli.plots.Figure;
import org.astronest.cli.plots.HaloComponentsPlot;
import org.astronest.cli.plots.HaloFractionPlot;
import org.astronest.forwardmodels.nmf.HaloPipeline;
import org.astronest.forwardmodels.nmf.Nmf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code astronest nmf halo}: seed 003's stellar-halo pipeline ({@link HaloPipeline}) on a star table; writes
 * result.json, W.csv, H.csv, components.png and fraction.png.
 */
@Command(name = "halo", mixinStandardHelpOptions = true,
        description = "Split a stellar halo into chemical components by NMF (Davies et al.; seed 003): equal-count "
                + "(E, Lz) bins, [Al/Fe]-[Fe/H] and [Mg/Fe]-[Fe/H] histograms, NMF, re-application in 20 E bins from "
                + "-2.5e5 to -1e5. Writes DIR/result.json, W.csv, H.csv, components.png, fraction.png.")
final class NmfHaloCommand implements Callable<Integer> {

    static final String[] COLUMNS = {"E", "Lz", "FeH", "MgFe", "AlFe"};
    static final String[] OUTPUTS = {"result.json", "W.csv", "H.csv", "components.png", "fraction.png"};

    @Parameters(index = "0", paramLabel = "STARS.csv",
            description = "Header row with columns E, Lz, FeH, MgFe, AlFe (others ignored); one star per line.")
    Path stars;

    @Option(names = "--bins", paramLabel = "Q", description = "Equal-count bins per axis, Q x Q in (E, Lz) "
            + "(default 8).")
    int bins = 8;

    @Option(names = "--hist", paramLabel = "L", description = "Pixels per axis of each histogram (default 50).")
    int hist = 50;

    @Option(names = "--components", paramLabel = "P", description = "NMF components (default 2).")
    int components = 2;

    @Option(names = "--solver", paramLabel = "cd|mu", description = "Coordinate descent (default) or multiplicative "
            + "updates.")
    String solver = "cd";

    @Option(names = "--init", paramLabel = "nndsvd|nndsvda|nndsvdar|random", description = "Start (default nndsvda, "
            + "scikit-learn's default here).")
    String init = "nndsvda";

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the random and nndsvdar starts (default 0).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--force", description = "Replace the results already in the output directory.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RunOutput.refuseExisting(out, force, OUTPUTS);
        Nmf.Solver s = named("--solver", () -> Nmf.Solver.parse(solver));
        Nmf.Init in = named("--init", () -> Nmf.Init.parse(init));
        if (in == Nmf.Init.CUSTOM) {
            throw new IllegalArgumentException("--init custom is not available for nmf halo; use nndsvd, nndsvda, "
                    + "nndsvdar or random");
        }
        if (bins < 1) {
            throw new IllegalArgumentException("--bins must be >= 1, got " + bins);
        }
        if (hist < 1) {
            throw new IllegalArgumentException("--hist must be >= 1, got " + hist);
        }
        if (components < 1) {
            throw new IllegalArgumentException("--components must be >= 1, got " + components);
        }
        String tooMany = tooManyComponents(bins, hist, components, in);
        if (tooMany != null) {
            throw new IllegalArgumentException("--components " + tooMany + "; use --init random");
        }
        fitAndWrite(stars, bins, hist, Nmf.Options.defaults(components).withSolver(s).withInit(in).withSeed(seed),
                out, spec.commandLine().getOut());
        return 0;
    }

    /**
     * Why {@code components} is too many for an nndsvd start on a bins^2 x 2 hist^2 matrix (at most the smaller
     * side), or null; the random start has no such limit. Shared by {@code nmf halo} and {@code model: {type:
     * nmf-halo}}.
     */
    static String tooManyComponents(int bins, int hist, int components, Nmf.Init init) {
        int max = Math.min(bins * bins, 2 * hist * hist);
        return components > max && init != Nmf.Init.RANDOM
                ? components + " exceeds min(bins^2, 2 hist^2) = " + max + ", which the nndsvd starts need" : null;
    }

    /**
     * Reads the stars, runs the pipeline and writes result.json, W.csv, H.csv and the two plots into {@code out}
     * (claimed by the caller); shared by {@code nmf halo} and {@code model: {type: nmf-halo}}.
     */
    static void fitAndWrite(Path stars, int bins, int hist, Nmf.Options nmf, Path out, java.io.PrintWriter pw)
            throws IOException {
        Nmf.Solver s = nmf.solver();
        Nmf.Init in = nmf.init();
        int components = nmf.components();
        HaloPipeline.Stars st = read(stars);
        if (st.size() < bins * bins) {
            throw new IllegalArgumentException("STARS.csv " + stars + ": " + st.size() + " stars, --bins " + bins
                    + " needs at least " + bins * bins);
        }
        HaloPipeline.Options d = HaloPipeline.Options.defaults();
        HaloPipeline.Options o = d.with(bins, hist, nmf);
        RunOutput.checkWritable(out, "--out");
        long t0 = System.nanoTime();
        HaloPipeline.Result r = HaloPipeline.run(st, o);
        double secs = (System.nanoTime() - t0) * 1e-9;

        AtomicFiles.write(out.resolve("W.csv"), w -> NmfCommand.writeMatrix(w, r.W()));
        AtomicFiles.write(out.resolve("H.csv"), w -> NmfCommand.writeMatrix(w, r.H()));
        AtomicFiles.write(out.resolve("result.json"), w -> NmfCommand.JSON.writeValue(w, json(st, o, r, secs)));
        png(out.resolve("components.png"), new HaloComponentsPlot(r.H(), hist, o.first(), o.second(),
                r.highEnergy()));
        png(out.resolve("fraction.png"), new HaloFractionPlot(r.reEdges(), r.reFraction(), r.crossoverE(),
                r.highEnergyFraction()));
        pw.printf("nmf halo %s, %s start, %d stars, %dx%d bins, P=%d: high-energy fraction "
                        + "%.5f, 50%% crossover at E = %.6g after %d iterations%s; wrote %s%n", s.id(), in.id(),
                st.size(), bins, bins, components, r.highEnergyFraction(), r.crossoverE(), r.fit().iterations(),
                r.fit().converged() ? " (converged)" : " (NOT converged: 200 iterations reached)", out);
    }

    static Map<String, Object> json(HaloPipeline.Stars st, HaloPipeline.Options o, HaloPipeline.Result r,
                                    double secs) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("highEnergyFraction", num(r.highEnergyFraction()));
        j.put("crossoverE", num(r.crossoverE()));
        j.put("highEnergyComponent", r.highEnergy());
        j.put("components", o.nmf().components());
        j.put("bins", o.bins());
        j.put("hist", o.hist());
        j.put("stars", st.size());
        j.put("iterations", r.fit().iterations());
        j.put("loss", r.fit().loss());
        j.put("converged", r.fit().converged());
        j.put("seconds", secs);
        j.put("options", NmfCommand.optionsJson(o.nmf()));
        j.put("histograms", List.of(panel(o.first()), panel(o.second())));
        j.put("componentMeanE", nums(r.componentMeanE()));
        HaloPipeline.Bins b = r.bins();
        List<Map<String, Object>> bl = new ArrayList<>();
        for (int i = 0; i < b.counts().length; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            int a = i / o.bins();
            m.put("bin", i);
            m.put("eGroup", a);
            m.put("stars", b.counts()[i]);
            m.put("eMin", b.eLo()[a]);
            m.put("eMax", b.eHi()[a]);
            m.put("lzMin", b.lzLo()[i]);
            m.put("lzMax", b.lzHi()[i]);
            m.put("meanE", b.meanE()[i]);
            m.put("W", r.W()[i]);
            m.put("fractions", nums(r.fractions()[i]));
            bl.add(m);
        }
        j.put("perBin", bl);
        List<Map<String, Object>> rl = new ArrayList<>();
        for (int k = 0; k < r.reFraction().length; k++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("eLo", r.reEdges()[k]);
            m.put("eHi", r.reEdges()[k + 1]);
            m.put("eCentre", 0.5 * (r.reEdges()[k] + r.reEdges()[k + 1]));
            m.put("stars", r.reCounts()[k]);
            m.put("W", r.reW()[k]);
            m.put("highEnergyFraction", num(r.reFraction()[k]));
            rl.add(m);
        }
        j.put("reapplied", rl);
        return j;
    }

    private static Map<String, Object> panel(HaloPipeline.Panel p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", "[Fe/H]");
        m.put("xRange", new double[] {p.feHLo(), p.feHHi()});
        m.put("y", p.y().label());
        m.put("yRange", new double[] {p.yLo(), p.yHi()});
        return m;
    }

    /** JSON has no NaN: null instead. */
    private static Double num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static List<Double> nums(double[] v) {
        List<Double> l = new ArrayList<>();
        for (double x : v) {
            l.add(num(x));
        }
        return l;
    }

    static void png(Path file, Figure f) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(f.toImage(), "png", bytes)) {
            throw new IOException("no PNG writer");
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    /** The star table: the five columns must be present; E and Lz finite; an empty abundance is NaN (left out). */
    static HaloPipeline.Stars read(Path f) throws IOException {
        Csv.Table t;
        try {
            t = Csv.read(f);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("STARS.csv: " + e.getMessage(), e);
        }
        int[] col = new int[COLUMNS.length];
        for (int c = 0; c < col.length; c++) {
            col[c] = t.header().indexOf(COLUMNS[c]);
            if (col[c] < 0) {
                throw new IllegalArgumentException("STARS.csv " + f + ": no column '" + COLUMNS[c] + "'; needs "
                        + String.join(", ", COLUMNS) + ", has " + String.join(", ", t.header()));
            }
        }
        int n = t.rows().size();
        if (n == 0) {
            throw new IllegalArgumentException("STARS.csv " + f + ": no stars");
        }
        double[][] v = new double[COLUMNS.length][n];
        for (int s = 0; s < n; s++) {
            double[] row = t.rows().get(s);
            for (int c = 0; c < col.length; c++) {
                v[c][s] = row[col[c]];
            }
            if (!Double.isFinite(v[0][s]) || !Double.isFinite(v[1][s])) {
                throw new IllegalArgumentException("STARS.csv " + f + ": star " + (s + 1) + " has E " + v[0][s]
                        + " and Lz " + v[1][s] + "; both must be finite");
            }
        }
        return new HaloPipeline.Stars(v[0], v[1], v[2], v[3], v[4]);
    }

    private static <T> T named(String option, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
