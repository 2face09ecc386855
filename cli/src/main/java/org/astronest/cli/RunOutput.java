package org.astronest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.astronest.cli.io.RunDirectory;
import org.astronest.cli.io.RunLock;
import org.astronest.cli.plots.CornerOptions;
import org.astronest.cli.plots.Plots;
import org.astronest.priors.PriorSet;
import org.astronest.cli.config.ConfigLoader;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.ParameterSummary;
import org.astronest.inference.Provenance;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.Sampler;

/**
 * The steps every run command shares ({@code run}, {@code problem}, {@code payne fit}): claiming the run directory
 * (never overwriting a run silently), sampling with a progress line, writing the directory, and printing the summary
 * and the verdict.
 */
public final class RunOutput {

    /** What a run writes into its directory; {@code --force} deletes these (and nothing else) before a new run. */
    static final List<String> RUN_FILES = runFiles();
    /** The registered samplers' checkpoint files: what {@code --resume} continues from. */
    static final List<String> CHECKPOINTS = org.astronest.inference.Samplers.all().stream()
            .map(org.astronest.inference.SamplerKind::checkpointFile).toList();

    private static List<String> runFiles() {
        List<String> f = new ArrayList<>(List.of(RunDirectory.RESULT, RunDirectory.SUMMARY, RunDirectory.SAMPLES,
                RunDirectory.WEIGHTED_SAMPLES, RunDirectory.PROVENANCE, RunDirectory.CONFIG, RunDirectory.CHAINS,
                RunDirectory.SAMPLER_STATS, RunDirectory.NESTED_RUN, RunDirectory.MANIFEST));
        org.astronest.inference.Samplers.all().forEach(k -> f.add(k.checkpointFile()));
        f.add("plots");
        org.astronest.cli.formats.OutputFormats.all().forEach(x -> f.add(x.directory()));
        return List.copyOf(f);
    }

    private RunOutput() {
    }

    /**
     * Checks, before any sampling, that a run may write {@code dir}: nothing of a run is there; or {@code --resume}
     * and a checkpoint to continue; or {@code --force}, and then the previous run's files are deleted so that none
     * of them survives into the new run. Otherwise a usage error names the directory and the way out: an existing
     * run is never overwritten silently.
     */
    public static void claim(Path dir, SamplerFlags flags) {
        if (dir.toString().isBlank()) {
            throw new Main.UsageException("--out must name a directory, got '" + dir + "'");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Main.UsageException("--out " + dir + " is a file, not a directory");
        }
        try {
            RunLock.acquire(dir);
        } catch (IllegalStateException e) {
            throw new Main.UsageException(e.getMessage());
        }
        List<String> present = new ArrayList<>();
        for (String f : RUN_FILES) {
            if (Files.exists(dir.resolve(f))) {
                present.add(f);
            }
        }
        if (present.isEmpty()) {
            return;
        }
        if (flags.resume && CHECKPOINTS.stream().anyMatch(f -> Files.exists(dir.resolve(f)))) {
            return;
        }
        if (!flags.force) {
            if (flags.resume) {
                throw new Main.UsageException("--resume: " + dir + " holds a run (" + present.get(0)
                        + ") but no checkpoint to continue; pass --force to replace it");
            }
            throw new Main.UsageException("run directory " + dir + " already holds a run (" + present.get(0)
                    + "); pass --force to replace it, --resume to continue it if it was interrupted, or --out for "
                    + "another directory");
        }
        for (String f : present) {
            delete(dir.resolve(f));
        }
    }

    /**
     * Runs the sampler with a progress line on {@code err} (none with {@code --quiet}), saying first when it resumes
     * from a checkpoint in {@code dir}.
     */
    public static RunResult sample(Sampler sampler, InferenceProblem problem, long seed, Path dir, SamplerFlags flags,
                                   PrintWriter err) {
        if (flags.resume) {
            for (String f : CHECKPOINTS) {
                if (Files.exists(dir.resolve(f))) {
                    err.println("resuming from " + dir.resolve(f));
                    err.flush();
                }
            }
        }
        RunListener listener = ProgressPrinter.forCommand(err, flags.quiet);
        try {
            return sampler.run(problem, Rngs.seeded(seed), listener);
        } catch (Main.UsageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new Main.RunFailedException(e);
        } finally {
            if (listener instanceof ProgressPrinter pp) {
                pp.done();
            }
        }
    }

    /**
     * For commands that write named files into an output folder ({@code mcfa}, {@code validate}): a usage error
     * when one of {@code files} is already in {@code dir}, unless {@code force}; checked before any work.
     */
    public static void refuseExisting(Path dir, boolean force, String... files) {
        if (force) {
            return;
        }
        for (String f : files) {
            if (Files.exists(dir.resolve(f))) {
                throw new Main.UsageException(dir + " already holds " + f + "; pass --force to replace it, or --out "
                        + "for another directory");
            }
        }
    }

    /**
     * Checks before any work that files can be created in {@code dir} (created if needed), so that a long
     * computation does not end in a write error: a usage error naming the directory and the reason otherwise.
     *
     * @param option the option that named it, for the message
     */
    public static void checkWritable(Path dir, String option) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".astronest-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            throw new Main.UsageException(option + ": cannot write to " + dir + " (" + why + ")");
        }
    }

    private static void delete(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p + " of the run being replaced", e);
        }
    }

    /**
     * Removes the finished run's checkpoint, after its files and manifest are written (unless its sampler keeps it
     * to extend the run).
     */
    static void removeCheckpoint(Path dir, RunResult result) {
        if (!org.astronest.inference.Samplers.names().contains(result.sampler())) {
            return;
        }
        org.astronest.inference.SamplerKind kind = org.astronest.inference.Samplers.get(result.sampler());
        if (!kind.keepsCheckpoint()) {
            try {
                Files.deleteIfExists(dir.resolve(kind.checkpointFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove checkpoint " + dir.resolve(kind.checkpointFile()) + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Writes the run directory (and its plots) and prints a summary to {@code out}. */
    public static void finish(Path dir, RunResult result, String resolvedConfig, PrintWriter out) {
        finish(dir, result, resolvedConfig, CornerOptions.defaults(), out);
    }

    /** As {@link #finish(Path, RunResult, String, PrintWriter)}, plotting with the given labels, units and truths. */
    public static void finish(Path dir, RunResult result, String resolvedConfig, CornerOptions plot, PrintWriter out) {
        finish(dir, result, resolvedConfig, plot, out, json -> { });
    }

    /** As above, with {@code decorate} adding a command's own keys to result.json before it is written. */
    public static void finish(Path dir, RunResult result, String resolvedConfig, CornerOptions plot, PrintWriter out,
                              java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> decorate) {
        RunDirectory.write(dir, result, resolvedConfig, decorate);
        org.astronest.inference.FaultHook.at("before-checkpoint-removal");
        removeCheckpoint(dir, result);
        printSummary(result, out);
        Verdict.of(result).forEach(out::println);
        Plots.renderRun(dir, result, plot.withColumns(result.columns()), out);
        out.println("run directory: " + dir);
    }

    /**
     * Writes the run in the named other tools' formats into its directory ({@code output.formats} or
     * {@code --formats}), replacing earlier exports (the directory was claimed for this run), and lists the files.
     */
    public static void export(Path dir, RunResult result, String label, List<String> formats, PrintWriter out) {
        if (formats.isEmpty()) {
            return;
        }
        // a format that cannot write this run (anesthetic after an ensemble run) is a warning: the run is done
        List<org.astronest.cli.formats.OutputFormat> ok = new ArrayList<>();
        for (org.astronest.cli.formats.OutputFormat f : org.astronest.cli.formats.OutputFormats.of(formats)) {
            java.util.Optional<String> why = f.cannotWrite(result);
            if (why.isPresent()) {
                out.println("warning: " + f.name() + " not written: " + why.get());
            } else {
                ok.add(f);
            }
        }
        for (Path f : org.astronest.cli.formats.Exports.write(dir, result, label, ok, true)) {
            out.println("wrote " + f);
        }
    }

    /** The formats of {@code --formats}, checked by name before any work (a usage error naming the known ones). */
    public static List<String> checkFormats(List<String> flag) {
        try {
            return org.astronest.cli.formats.OutputFormats.of(flag).stream()
                    .map(org.astronest.cli.formats.OutputFormat::name).toList();
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--formats: " + e.getMessage());
        }
    }

    /**
     * Plot options of a run: labels, units and log axes (log-uniform and log-normal priors) from the priors, and the
     * truths that name a column of the samples.
     */
    public static CornerOptions plotOptions(PriorSet priors, Map<String, Double> truths, List<String> columns) {
        Map<String, Double> t = new LinkedHashMap<>();
        truths.forEach((k, v) -> {
            if (columns.contains(k)) {
                t.put(k, v);
            }
        });
        return CornerOptions.defaults().withPriors(priors).withTruths(t);
    }

    /**
     * The result with provenance completed: astronest version, git commit of the installation when known, and the
     * sha256 of the config text (null when the run came from no config).
     */
    public static RunResult stamp(RunResult r, String configText) {
        Provenance p = r.provenance() != null ? r.provenance()
                : Provenance.of(r.seed().orElse(null), r.sampler(), java.util.Map.of(), null, r.wallSeconds());
        p = p.withVersion(Main.Version.version(), gitCommit());
        if (configText != null) {
            p = p.withConfig(ConfigLoader.sha256(configText));
        }
        return r.toBuilder().provenance(p).build();
    }

    /** HEAD of the astronest checkout the launcher ran from, or null. */
    static String gitCommit() {
        String home = System.getProperty("astronest.home");
        if (home == null) {
            return null;
        }
        try {
            Process proc = new ProcessBuilder("git", "-C", home, "rev-parse", "HEAD").redirectErrorStream(true).start();
            String s = new String(proc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return proc.waitFor() == 0 && s.matches("[0-9a-f]{40}") ? s : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The summary table: evidence, calls, wall time, then one line per parameter. */
    public static void printSummary(RunResult r, PrintWriter out) {
        out.printf(Locale.ROOT, "sampler %s, %d likelihood calls, %.2f s wall, ESS %.0f%n", r.sampler(),
                r.likelihoodCalls(), r.wallSeconds(), r.effectiveSampleSize());
        r.evidence().ifPresent(e -> out.printf(Locale.ROOT, "logZ = %.4f +- %.4f   (information H = %.3f nats)%n",
                e.logZ(), e.logZErr(), e.information()));
        boolean diag = r.summary().all().stream().anyMatch(ParameterSummary::hasDiagnostics);
        out.printf(Locale.ROOT, "%-16s %12s %12s %12s %12s %12s%s%n", "parameter", "mean", "sd", "q16", "q50", "q84",
                diag ? String.format(Locale.ROOT, " %8s %9s %9s", "rhat", "essBulk", "essTail") : "");
        for (ParameterSummary p : r.summary().all()) {
            out.printf(Locale.ROOT, "%-16s %12.5g %12.5g %12.5g %12.5g %12.5g%s%n", p.name(), p.mean(), p.sd(), p.q16(),
                    p.q50(), p.q84(), diag ? String.format(Locale.ROOT, " %8.4f %9.0f %9.0f", p.rhat(), p.essBulk(),
                            p.essTail()) : "");
        }
    }
}
