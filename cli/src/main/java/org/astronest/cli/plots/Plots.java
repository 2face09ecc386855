package org.astronest.cli.plots;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.astronest.inference.RunResult;

/**
 * Renders the plots of a run into a directory: {@code corner.png}/{@code corner.svg} always, {@code trace.png}
 * (and .svg) when the result has MCMC chains, {@code run.png} (and .svg) when it has a nested-sampling run.
 */
public final class Plots {

    /** Sub-directory of a run directory that holds the plots. */
    public static final String DIR = "plots";

    private Plots() {
    }

    /** What was written. */
    public record Rendered(List<Path> files, CornerLayout corner) {
    }

    /** The automatic plots of a finished run: corner.png and .svg, trace.png, run.png, into {@code runDir/plots}. */
    public static Rendered renderRun(Path runDir, RunResult r) {
        return renderRun(runDir, r, CornerOptions.defaults());
    }

    /** As {@link #renderRun(Path, RunResult)} starting from {@code base} options (labels, units, truths). */
    public static Rendered renderRun(Path runDir, RunResult r, CornerOptions base) {
        CornerOptions o = base;
        List<String> cols = new ArrayList<>();
        for (String name : r.samples().names()) {
            double[] x = r.samples().column(name);
            boolean constant = true;
            for (double v : x) {
                constant &= v == x[0];
            }
            if (!constant) {
                cols.add(name);
            }
        }
        if (cols.size() > MAX_AUTO_PARAMS) {
            List<String> shown = cols.subList(0, MAX_AUTO_PARAMS);
            List<String> note = new ArrayList<>(note(r));
            note.add("first " + MAX_AUTO_PARAMS + " of " + cols.size() + " columns; 'astronest plot --params' for others");
            o = o.withParams(shown).withNote(note);
        }
        return render(runDir.resolve(DIR), r, o, List.of("png", "svg"), List.of("png"));
    }

    /**
     * At most this many columns in the automatic corner plot of a run (66 panels; a 30-parameter problem would have
     * 435): the others are a {@code plot --params} away.
     */
    public static final int MAX_AUTO_PARAMS = 12;

    /**
     * {@link #renderRun(Path, RunResult)} for the end of a run: says on {@code out} which plots were written. A
     * failure to plot does not lose the run (its results are already written): it is reported as one
     * {@code warning:} line and {@code astronest plot DIR} can retry.
     */
    public static void renderRun(Path runDir, RunResult r, PrintWriter out) {
        renderRun(runDir, r, CornerOptions.defaults(), out);
    }

    /** As {@link #renderRun(Path, RunResult, PrintWriter)} starting from {@code base} options. */
    public static void renderRun(Path runDir, RunResult r, CornerOptions base, PrintWriter out) {
        try {
            Rendered done = renderRun(runDir, r, base);
            StringBuilder b = new StringBuilder("plots:");
            for (Path f : done.files()) {
                b.append(' ').append(f.getFileName());
            }
            out.println(b.append(" in ").append(runDir.resolve(DIR)));
        } catch (RuntimeException e) {
            out.println("warning: plots not written (" + e.getMessage() + "); retry with 'astronest plot " + runDir
                    + "'");
        }
    }

    /**
     * Renders into {@code outDir}: the corner plot in {@code cornerFormats}, the trace and run plots (when the result
     * has them) in {@code otherFormats}.
     */
    public static Rendered render(Path outDir, RunResult r, CornerOptions options, List<String> cornerFormats,
                                  List<String> otherFormats) {
        for (String f : cornerFormats) {
            checkFormat(f);
        }
        for (String f : otherFormats) {
            checkFormat(f);
        }
        CornerOptions o = options.note().isEmpty() ? options.withNote(note(r)) : options;
        CornerLayout layout = CornerLayout.compute(r.samples(), o);
        List<Path> files = new ArrayList<>();
        Figure corner = new CornerPlot(layout);
        for (String f : cornerFormats) {
            Path p = outDir.resolve("corner." + f.toLowerCase(Locale.ROOT));
            corner.write(p, f);
            files.add(p);
        }
        if (r.chains().isPresent() && !otherFormats.isEmpty()) {
            var c = r.chains().get();
            List<String> params = new ArrayList<>();
            for (CornerLayout.Axis a : layout.axes()) {
                if (c.names().contains(a.name())) {
                    params.add(a.name());
                }
            }
            Figure trace = TracePlot.of(c, params.isEmpty() ? c.names() : params);
            for (String f : otherFormats) {
                Path p = outDir.resolve("trace." + f.toLowerCase(Locale.ROOT));
                trace.write(p, f);
                files.add(p);
            }
        }
        if (r.nestedRun().isPresent() && r.nestedRun().get().size() > 0 && !otherFormats.isEmpty()) {
            Figure run = RunPlot.of(r.nestedRun().get(), r.evidence().orElse(null));
            for (String f : otherFormats) {
                Path p = outDir.resolve("run." + f.toLowerCase(Locale.ROOT));
                run.write(p, f);
                files.add(p);
            }
        }
        return new Rendered(List.copyOf(files), layout);
    }

    /** Checks a format name; an error naming it and the known ones. */
    public static String checkFormat(String f) {
        String l = f.trim().toLowerCase(Locale.ROOT);
        if (!l.equals("png") && !l.equals("svg")) {
            throw new IllegalArgumentException("unknown plot format '" + f + "'; known: png, svg");
        }
        return l;
    }

    /** The note of the corner plot: sampler, samples and ESS, and ln Z when there is one. */
    static List<String> note(RunResult r) {
        List<String> n = new ArrayList<>();
        n.add(String.format(Locale.ROOT, "%s: %d samples, ESS %.0f", r.sampler().replace("_", "\\_"),
                r.samples().size(), r.samples().effectiveSampleSize()));
        r.evidence().ifPresent(e -> n.add(String.format(Locale.ROOT, "ln Z = %.3f \u00b1 %.3f", e.logZ(),
                e.logZErr())));
        return n;
    }
}
