package org.astronest.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import org.astronest.cli.config.ConfigLoader;
import org.astronest.cli.config.PriorSpecs;
import org.astronest.cli.config.RunConfig;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.astronest.cli.io.RunDirectory;
import org.astronest.cli.plots.CornerOptions;
import org.astronest.cli.plots.Plots;
import org.astronest.inference.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code astronest plot RUN_DIR}: re-renders the corner plot (and the trace and run plots when the run has chains or
 * a nested run) from a run directory, without sampling again.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Re-render the plots of a run directory (corner, trace, nested run) without sampling.")
public final class PlotCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory (with result.json and weighted_samples.csv).")
    Path runDir;

    @Option(names = "--truths", paramLabel = "NAME=VALUE,...",
            description = "Reference values drawn as lines, e.g. T=150,n=5e5.")
    String truths;

    @Option(names = "--params", split = ",", paramLabel = "NAME",
            description = "Columns to plot, in order (default: every non-constant column).")
    List<String> params = new ArrayList<>();

    @Option(names = "--format", split = ",", paramLabel = "FMT",
            description = "Formats of the plots: png, svg (default: ${DEFAULT-VALUE}).", defaultValue = "png,svg")
    List<String> formats;

    @Option(names = "--log", split = ",", paramLabel = "NAME", description = "Columns drawn on a log10 axis.")
    List<String> log = new ArrayList<>();

    @Option(names = "--bins", paramLabel = "N", defaultValue = "0",
            description = "Histogram bins per axis (0: automatic from the effective sample size).")
    int bins;

    @Option(names = "--smooth", paramLabel = "BINS", defaultValue = "1.0",
            description = "Gaussian smoothing of the 2-D histograms in bins (default: ${DEFAULT-VALUE}).")
    double smooth;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default RUN_DIR/plots).")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        List<String> fmts = new ArrayList<>();
        for (String f : formats) {
            fmts.add(Plots.checkFormat(f));
        }
        RunResult r = RunDirectory.read(runDir, spec.commandLine().getErr()::println);
        List<String> known = r.samples().names();
        for (String p : params) {
            requireKnown(p, known, "--params");
        }
        for (String p : log) {
            requireKnown(p, known, "--log");
        }
        Map<String, Double> t = parseTruths(truths, known);
        CornerOptions o = CornerOptions.defaults();
        Path cfg = runDir.resolve(RunDirectory.CONFIG);
        if (Files.isRegularFile(cfg)) {
            // labels, units, log axes and truths of the run's own config; --truths replaces the truths
            RunConfig c = ConfigLoader.load(cfg);
            List<Parameter> ps = new ArrayList<>();
            c.parameters().forEach((name, node) -> ps.add(PriorSpecs.parameter(name, node)));
            if (!ps.isEmpty()) {
                o = RunOutput.plotOptions(PriorSet.of(ps), truths == null ? c.truths() : t, known);
            }
        }
        java.util.Set<String> logAxes = new LinkedHashSet<>(o.logScale());
        logAxes.addAll(log);
        o = o.withParams(List.copyOf(new LinkedHashSet<>(params))).withLogScale(logAxes).withBins(bins, smooth);
        if (truths != null || !Files.isRegularFile(cfg)) {
            o = o.withTruths(t);
        }
        // labels, units, log axes and truths the run itself carries (result.json), for a run written without a
        // config (from Java, by problem); the config's and the flags' win
        o = o.withColumns(truths != null ? r.columns().stream().map(x -> x.withTruth(Double.NaN)).toList()
                : r.columns());
        Path dir = out != null ? out : runDir.resolve(Plots.DIR);
        Plots.Rendered done = Plots.render(dir, r, o, fmts, fmts);
        for (Path f : done.files()) {
            w.println("wrote " + f);
        }
        if (!done.corner().skipped().isEmpty()) {
            w.println("constant columns not plotted: " + String.join(", ", done.corner().skipped()));
        }
        return 0;
    }

    private static void requireKnown(String p, List<String> known, String option) {
        if (!known.contains(p)) {
            throw new Main.UsageException("unknown parameter '" + p + "' in " + option + "; known: "
                    + String.join(", ", known));
        }
    }

    /** Parses {@code T=150,n=5e5}. */
    static Map<String, Double> parseTruths(String s, List<String> known) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (s == null || s.isBlank()) {
            return m;
        }
        for (String item : s.split(",")) {
            String it = item.trim();
            int eq = it.indexOf('=');
            if (eq <= 0) {
                throw new Main.UsageException("--truths: expected NAME=VALUE, got '" + it + "'");
            }
            String name = it.substring(0, eq).trim();
            String v = it.substring(eq + 1).trim();
            requireKnown(name, known, "--truths");
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new Main.UsageException("--truths: value of '" + name + "' is not a number: '" + v + "'");
            }
            if (!Double.isFinite(d)) {
                throw new Main.UsageException("--truths: value of '" + name + "' must be finite, got " + v);
            }
            m.put(name, d);
        }
        return m;
    }
}
