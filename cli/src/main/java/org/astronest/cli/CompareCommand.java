package org.astronest.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.astronest.cli.io.RunDirectory;
import org.astronest.inference.ParameterSummary;
import org.astronest.inference.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code astronest compare RUN_A RUN_B}: how far the posterior of run B lies from that of run A, per common parameter.
 * The shift is (median_B - median_A) / sd_A, the half-width of each 68% interval is (q84 - q16) / 2, and their ratio
 * B/A tells whether B is tighter; {@code --log} parameters are compared in log10 (dex).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare the posteriors of two run directories (e.g. emulated against exact radiative transfer).")
public final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_A", description = "Reference run directory.")
    Path runA;

    @Parameters(index = "1", paramLabel = "RUN_B", description = "Compared run directory.")
    Path runB;

    @Option(names = "--log", split = ",", paramLabel = "NAME", description = "Parameters compared in log10 "
            + "(default: those with a log-uniform or log-normal prior in RUN_A's config.resolved.yaml; without one, "
            + "positive parameters spanning more than a factor 10).")
    List<String> log;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One parameter's comparison. */
    record Row(String name, boolean log10, double medianA, double medianB, double sdA, double sdB, double widthA,
               double widthB) {
        double shift() {
            return (medianB - medianA) / sdA;
        }

        double widthRatio() {
            return widthB / widthA;
        }
    }

    static List<Row> compare(RunResult a, RunResult b, List<String> logNames) {
        List<Row> rows = new ArrayList<>();
        for (String name : a.samples().names()) {
            if (!b.samples().names().contains(name)) {
                continue;
            }
            double[] xa = a.samples().column(name);
            double[] xb = b.samples().column(name);
            boolean constant = true;
            for (double v : xa) {
                constant &= v == xa[0];
            }
            if (constant) {
                continue;
            }
            boolean lg = logNames != null ? logNames.contains(name) : spansDecade(xa);
            ParameterSummary sa = summarize(name, xa, a, lg);
            ParameterSummary sb = summarize(name, xb, b, lg);
            rows.add(new Row(name, lg, sa.q50(), sb.q50(), sa.sd(), sb.sd(), (sa.q84() - sa.q16()) / 2,
                    (sb.q84() - sb.q16()) / 2));
        }
        return rows;
    }

    /** Names with a log-scale prior in the run's resolved config, or null when it has none. */
    static List<String> logScaled(Path run) {
        Path cfg = run.resolve(RunDirectory.CONFIG);
        if (!java.nio.file.Files.isRegularFile(cfg)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        org.astronest.cli.config.RunConfig c = org.astronest.cli.config.ConfigLoader.load(cfg);
        c.parameters().forEach((name, node) -> {
            if (org.astronest.cli.config.PriorSpecs.parameter(name, node).prior().isLogScale()) {
                out.add(name);
            }
        });
        return out;
    }

    private static boolean spansDecade(double[] x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (double v : x) {
            if (!(v > 0)) {
                return false;
            }
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi > 10 * lo;
    }

    private static ParameterSummary summarize(String name, double[] x, RunResult r, boolean lg) {
        double[] v = x.clone();
        if (lg) {
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.log10(v[i]);
            }
        }
        return org.astronest.inference.WeightedStats.summarize(name, v, r.samples().weights());
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        RunResult a = RunDirectory.read(runA, spec.commandLine().getErr()::println);
        RunResult b = RunDirectory.read(runB, spec.commandLine().getErr()::println);
        if (log != null) {
            for (String n : log) {
                if (!a.samples().names().contains(n)) {
                    throw new Main.UsageException("--log: unknown parameter '" + n + "'; known: " + a.samples().names());
                }
            }
        }
        List<Row> rows = compare(a, b, log != null ? log : logScaled(runA));
        if (rows.isEmpty()) {
            throw new Main.UsageException("the runs have no varying parameter in common");
        }
        if (json) {
            ObjectNode o = RunDirectory.json().createObjectNode();
            o.put("runA", runA.toString());
            o.put("runB", runB.toString());
            ArrayNode ps = o.putArray("parameters");
            for (Row r : rows) {
                ObjectNode n = ps.addObject();
                n.put("name", r.name());
                n.put("log10", r.log10());
                n.put("medianA", r.medianA());
                n.put("medianB", r.medianB());
                n.put("sdA", r.sdA());
                n.put("sdB", r.sdB());
                n.put("shiftInSdA", r.shift());
                n.put("halfWidth68A", r.widthA());
                n.put("halfWidth68B", r.widthB());
                n.put("widthRatio", r.widthRatio());
            }
            w.println(RunDirectory.json().writeValueAsString(o));
            return 0;
        }
        w.printf(Locale.ROOT, "A = %s%nB = %s%n", runA, runB);
        w.printf(Locale.ROOT, "%-14s %6s %12s %12s %10s %12s %12s %8s%n", "parameter", "scale", "median A",
                "median B", "shift/sdA", "68% hw A", "68% hw B", "B/A");
        for (Row r : rows) {
            w.printf(Locale.ROOT, "%-14s %6s %12.5g %12.5g %10.3f %12.4g %12.4g %8.3f%n", r.name(),
                    r.log10() ? "log10" : "linear", r.medianA(), r.medianB(), r.shift(), r.widthA(), r.widthB(),
                    r.widthRatio());
        }
        return 0;
    }
}
