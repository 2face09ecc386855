package org.astronest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.astronest.data.SharedData;
import org.astronest.validation.posteriordb.Comparison;
import org.astronest.validation.posteriordb.PosteriorFolder;
import org.astronest.validation.posteriordb.PosteriorReport;
import org.astronest.validation.posteriordb.PosteriordbValidation;
import org.astronest.validation.sbc.Sbc;
import org.astronest.validation.sbc.SbcModels;
import org.astronest.validation.sbc.SbcReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code astronest validate posteriordb|sbc}: regression against published posteriors and SBC. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate the samplers: against posteriordb reference posteriors, or by simulation-based "
                + "calibration.",
        subcommands = {ValidateCommand.PosteriordbCommand.class, ValidateCommand.SbcCommand.class})
public final class ValidateCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new Main.UsageException("give a subcommand: posteriordb or sbc");
    }

    static List<String> samplers(String s) {
        List<String> names = org.astronest.inference.Samplers.names();
        if (s.equals("all")) {
            return names;
        }
        if (s.equals("both")) {
            return List.of("nested", "ensemble");
        }
        if (names.contains(s)) {
            return List.of(s);
        }
        throw new IllegalArgumentException("--sampler must be " + String.join(", ", names)
                + ", both (nested and ensemble) or all, got '" + s + "'");
    }

    static void writeJson(Path file, Object value) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code validate posteriordb}. */
    @Command(name = "posteriordb", mixinStandardHelpOptions = true,
            description = "Run the samplers on the posteriordb entries of the shared data and apply the README's "
                    + "comparison protocol; writes DIR/report.json; exit 0 only if every run passes.")
    public static final class PosteriordbCommand implements Callable<Integer> {

        @Option(names = "--dir", paramLabel = "DIR", description = "posteriordb folder (default ../shared/posteriordb).")
        Path dir;

        @Option(names = "--names", split = ",", paramLabel = "a,b", description = "Entries (default: all in index.json).")
        List<String> names;

        @Option(names = "--sampler", defaultValue = "both",
                description = "nested, ensemble, nuts, both (nested and ensemble; the default) or all.")
        String sampler;

        @Option(names = "--seed", defaultValue = "20260401", description = "Base seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", description = "Threads (default: available processors).")
        Integer threads;

        @Option(names = "--live-points", defaultValue = "2000", description = "Nested live points (default 2000: ESS >= 4000 on the eight entries).")
        int livePoints;

        @Option(names = "--walkers", defaultValue = "64", description = "Ensemble walkers (default 64).")
        int walkers;

        @Option(names = "--steps", defaultValue = "0", description = "Ensemble steps per walker of a fixed-length "
                + "run; 0 (default) = until converged: chains longer than 80 tau, tau stable within 1%%, every R-hat "
                + "below 1.005, at most --max-steps.")
        int steps;

        @Option(names = "--max-steps", defaultValue = "400000", description = "Cap on an until-converged ensemble "
                + "run (default ${DEFAULT-VALUE}).")
        int maxSteps;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder for report.json.")
        Path out;

        @Option(names = "--force", description = "Replace a report.json already in the output folder.")
        boolean force;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RunOutput.refuseExisting(out, force, "report.json");
            RunOutput.checkWritable(out, "--out");
            PrintWriter w = spec.commandLine().getOut();
            Path root = dir != null ? dir : SharedData.resolve("posteriordb");
            List<String> entries = names != null ? names : PosteriorFolder.index(root);
            List<String> kinds = samplers(sampler);
            PosteriordbValidation.Options o = PosteriordbValidation.Options.defaults().withLivePoints(livePoints)
                    .withWalkers(walkers).withSteps(steps).withMaxSteps(maxSteps);
            if (threads != null) {
                o = o.withThreads(threads);
            }
            List<PosteriorReport> reports = new ArrayList<>();
            boolean all = true;
            int k = 0;
            for (String n : entries) {
                for (String kind : kinds) {
                    PosteriorReport r = PosteriordbValidation.run(root, n, kind, seed + 1000L * k, o);
                    reports.add(r);
                    all &= r.passed();
                    w.printf(Locale.ROOT, "%-42s %-8s %s worst|z| %.2f (%s) ESS %.0f wall %.1fs%s%s%n", n, kind,
                            r.passed() ? "PASS" : "FAIL", r.worstAbsZ(), r.worstStatistic(), r.ess(), r.wallSeconds(),
                            Double.isNaN(r.logZSigma()) ? "" : String.format(Locale.ROOT,
                                    " logZ %.3f +- %.3f (exact %.3f, %.2f sigma)", r.logZ(), r.logZErr(),
                                    r.logZExact(), r.logZSigma()),
                            r.divergences() < 0 ? String.format(Locale.ROOT, " ESS/call %.3g", r.essPerCost())
                                    : String.format(Locale.ROOT, " ESS/gradient %.3g, %d divergences",
                                    r.essPerCost(), r.divergences()));
                    for (PosteriorReport.Failure fl : r.failures()) {
                        w.printf(Locale.ROOT, "    fail %s %s = %.4g (threshold %.4g)%n", fl.statistic(),
                                fl.parameter(), fl.value(), fl.threshold());
                    }
                    w.flush();
                }
                k++;
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("passed", all);
            doc.put("thresholds", Map.of("z", Comparison.FAIL_Z, "ks", Comparison.KS_LIMIT, "energy_p",
                    Comparison.ENERGY_P, "rhat", Comparison.RHAT_LIMIT));
            doc.put("options", o);
            doc.put("posteriors", reports);
            writeJson(out.resolve("report.json"), doc);
            w.println((all ? "all passed" : "FAILURES") + "; wrote " + out.resolve("report.json"));
            return all ? 0 : 1;
        }
    }

    /** {@code validate sbc}. */
    @Command(name = "sbc", mixinStandardHelpOptions = true,
            description = "Simulation-based calibration (Talts et al. 2018): rank histograms and a chi-square "
                    + "uniformity test per model and sampler; writes DIR/sbc.json and DIR/ranks-MODEL-SAMPLER.csv.")
    public static final class SbcCommand implements Callable<Integer> {

        @Option(names = "--models", split = ",", description = "Models (default: all of ${COMPLETION-CANDIDATES}).")
        List<String> models;

        @Option(names = "--sampler", defaultValue = "both",
                description = "nested, ensemble, nuts, both (nested and ensemble; the default) or all.")
        String sampler;

        @Option(names = "--replicates", defaultValue = "200", description = "Simulations per model (default 200).")
        int replicates;

        @Option(names = "--draws", defaultValue = "99", description = "Posterior draws ranked against the truth "
                + "(L; ranks 0..L; default 99).")
        int draws;

        @Option(names = "--seed", defaultValue = "20260402", description = "Base seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--threads", description = "Threads (default: available processors).")
        Integer threads;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
        Path out;

        @Option(names = "--force", description = "Replace an sbc.json already in the output folder.")
        boolean force;

        @Option(names = "--broken-shrinkage", hidden = true, description = "Power demonstration only: replace the "
                + "nested sampler by MisShrunkNestedSampler with this shrinkage factor (e.g. 0.5).")
        Double brokenShrinkage;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RunOutput.refuseExisting(out, force, "sbc.json");
            RunOutput.checkWritable(out, "--out");
            PrintWriter w = spec.commandLine().getOut();
            List<String> ms = models != null ? models : SbcModels.NAMES;
            Sbc.Options o = Sbc.Options.defaults().withReplicates(replicates).withDraws(draws);
            if (threads != null) {
                o = o.withThreads(threads);
            }
            List<SbcReport> reports = new ArrayList<>();
            boolean all = true;
            for (String m : ms) {
                for (String kind : samplers(sampler)) {
                    org.astronest.inference.Sampler smp = Sbc.sampler(kind, o);
                    if (brokenShrinkage != null && kind.equals("nested")) {
                        smp = new org.astronest.validation.sbc.MisShrunkNestedSampler(
                                (org.astronest.inference.nested.NestedSampler) smp, brokenShrinkage);
                    }
                    SbcReport r = Sbc.run(SbcModels.get(m), kind, smp, seed, o);
                    reports.add(r);
                    all &= r.passed();
                    w.print(r.describe());
                    try {
                        Files.createDirectories(out);
                        Files.writeString(out.resolve("ranks-" + m + "-" + kind + ".csv"), r.csv());
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write to " + out + ": " + e.getMessage(), e);
                    }
                    w.flush();
                }
            }
            writeJson(out.resolve("sbc.json"), Map.of("passed", all, "results", reports));
            w.println((all ? "uniformity not rejected anywhere" : "UNIFORMITY REJECTED") + "; wrote " + out);
            return all ? 0 : 1;
        }
    }
}
