package org.astronest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.astronest.inference.Chains;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.diagnostics.Autocorrelation;
import org.astronest.inference.mcmc.EnsembleSampler;
import org.astronest.inference.mcmc.Moves;
import org.astronest.validation.problems.ProblemCatalog;
import org.astronest.validation.problems.TestProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code astronest bench ensemble}: ensemble-sampler efficiency on catalogue problems, measured as emcee's figures in
 * {@code shared/problems/README.md} were (32 walkers, stretch or DE moves, fixed steps, the first 20% discarded, ESS
 * = walkers x kept steps / tau_max), plus our own bulk ESS (Vehtari et al. 2021) after the automatic burn-in and
 * thinning. Prints a markdown table (and writes it with {@code --out}).
 *
 * <p>A subcommand of {@link BenchCommand}, beside {@code bench nested}.
 */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = "Benchmark the ensemble sampler (ESS per 1000 likelihood calls and per CPU second) on "
                + "catalogue problems, in the format of emcee's figures in shared/problems/README.md.")
public final class BenchEnsembleCommand implements Callable<Integer> {

    @Option(names = "--problems", split = ",", paramLabel = "NAME",
            description = "Problems (default: ${DEFAULT-VALUE}).", defaultValue = "corrgauss10d,rosenbrock5d")
    List<String> problems;

    @Option(names = "--moves", split = ",", paramLabel = "MOVE",
            description = "Moves to compare, each 'stretch', 'de' or a mixture in quotes with ';' between parts "
                    + "(default: ${DEFAULT-VALUE}).", defaultValue = "stretch,de")
    List<String> moves;

    @Option(names = "--walkers", description = "Walkers (default: ${DEFAULT-VALUE}, as emcee's figures).",
            defaultValue = "32")
    int walkers;

    @Option(names = "--steps", description = "Steps per walker (default: 10000 for corrgauss, 30000 otherwise: "
            + "the call counts of emcee's figures).")
    Integer steps;

    @Option(names = "--runs", description = "Runs per problem and move (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int runs;

    @Option(names = "--seed", description = "Seed of the first run; run i uses seed + i (default: ${DEFAULT-VALUE}).",
            defaultValue = "1")
    long seed;

    @Option(names = "--threads", description = "Likelihood threads (default: ${DEFAULT-VALUE}; emcee ran serially).",
            defaultValue = "1")
    int threads;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the markdown table to FILE.")
    Path out;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (runs < 1) {
            throw new Main.UsageException("--runs must be >= 1, got " + runs);
        }
        if (out != null) {
            if (java.nio.file.Files.isDirectory(out)) {
                throw new Main.UsageException("--out " + out + " is a directory; give a file for the table");
            }
            Path parent = out.toAbsolutePath().getParent();
            RunOutput.checkWritable(parent, "--out");
        }
        PrintWriter w = spec.commandLine().getOut();
        List<String> lines = new ArrayList<>();
        lines.add("| problem | moves | runs | tau_max (per run) | chain/tau_max | ESS (mean) | ESS per 1000 calls "
                + "| ESS per CPU s | bulk ESS min (mean) | bulk ESS per 1000 calls | calls | CPU s | wall s "
                + "| acceptance | max R-hat | max posterior-mean error [sigma] |");
        lines.add("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        w.println(lines.get(0));
        w.println(lines.get(1));
        w.flush();
        for (String name : problems) {
            TestProblem tp = ProblemCatalog.get(name.trim());
            int n = steps != null ? steps : tp.name().startsWith("corrgauss") ? 10_000 : 30_000;
            for (String mv : moves) {
                String spec1 = mv.trim().replace(';', ',');
                StringBuilder taus = new StringBuilder();
                double chainOverTau = 0;
                double ess = 0;
                double bulk = 0;
                double calls = 0;
                double cpu = 0;
                double wall = 0;
                double acc = 0;
                double rhat = 0;
                double err = 0;
                for (int i = 0; i < runs; i++) {
                    EnsembleSampler s = EnsembleSampler.of(EnsembleSampler.Options.defaults().withWalkers(walkers)
                            .withSteps(n).withMaxStoredSteps(n + 16).withMove(Moves.parse(spec1)).withThreads(threads));
                    long c0 = cpuNanos();
                    long t0 = System.nanoTime();
                    RunResult r = s.run(tp.problem(), Rngs.seeded(seed + i));
                    cpu += (cpuNanos() - c0) * 1e-9;
                    wall += (System.nanoTime() - t0) * 1e-9;
                    Chains ch = r.chains().orElseThrow();
                    int discard = n / 5;
                    double tauMax = 0;
                    for (int p = 0; p < tp.dimension(); p++) {
                        double[][] series = new double[ch.walkers()][n - discard];
                        for (int k = 0; k < ch.walkers(); k++) {
                            for (int t = discard; t < n; t++) {
                                series[k][t - discard] = ch.values()[k][t][p];
                            }
                        }
                        tauMax = Math.max(tauMax, Autocorrelation.integratedTime(series, 5));
                    }
                    taus.append(i == 0 ? "" : ", ").append(Math.round(tauMax));
                    chainOverTau += (n - discard) / tauMax / runs;
                    ess += ch.walkers() * (n - discard) / tauMax / runs;
                    bulk += r.effectiveSampleSize() / runs;
                    calls += (double) r.likelihoodCalls() / runs;
                    acc += (Double) r.diagnostics().get("acceptanceFraction") / runs;
                    rhat = Math.max(rhat, (Double) r.diagnostics().get("rhatMax"));
                    if (tp.hasMoments()) {
                        for (int p = 0; p < tp.dimension(); p++) {
                            String pn = tp.problem().freeNames().get(p);
                            err = Math.max(err, Math.abs(r.summary().get(pn).mean() - tp.mean()[p]) / tp.sd()[p]);
                        }
                    }
                }
                cpu /= runs;
                wall /= runs;
                String line = String.format(Locale.ROOT, "| %s | %s | %d | %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f "
                                + "| %.0f | %.2f | %.2f | %.2f | %.4f | %.3f |", tp.name(), spec1, runs, taus,
                        chainOverTau, ess, 1000 * ess / calls, ess / cpu, bulk, 1000 * bulk / calls, calls, cpu, wall,
                        acc, rhat, err);
                lines.add(line);
                w.println(line);
                w.flush();
            }
        }
        w.println("command: astronest bench ensemble --problems " + String.join(",", problems) + " --moves "
                + String.join(",", moves) + " --walkers " + walkers + (steps != null ? " --steps " + steps : "")
                + " --runs " + runs + " --seed " + seed + " --threads " + threads);
        if (out != null) {
            try {
                Files.write(out, lines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
            }
        }
        return 0;
    }

    /** CPU time of the whole process (all threads, JIT and GC included), as the peers' figures count it. */
    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return System.nanoTime();
    }
}
