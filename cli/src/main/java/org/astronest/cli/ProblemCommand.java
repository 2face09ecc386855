package org.astronest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.astronest.inference.RunResult;
import org.astronest.inference.Sampler;
import org.astronest.validation.problems.ProblemCatalog;
import org.astronest.validation.problems.TestProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code astronest problem NAME}: runs an analytic test problem and compares with its reference answer. */
@Command(name = "problem", mixinStandardHelpOptions = true,
        description = "Run an analytic test problem (shells, eggbox, corrgauss, rosenbrock, loggamma) and compare "
                + "with its reference evidence and moments.")
public final class ProblemCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Problem name (see --list).")
    String name;

    @Option(names = "--list", description = "List the problems and their reference ln Z.")
    boolean list;

    @Option(names = "--formats", split = ",", paramLabel = "FMT",
            description = "Also write the run for other tools: getdist, anesthetic, arviz.")
    List<String> formats;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default runs/NAME-SAMPLER-seedS).")
    Path out;

    @Mixin
    SamplerFlags flags = new SamplerFlags();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        if (list) {
            w.printf(Locale.ROOT, "%-14s %4s %14s  %s%n", "name", "dim", "reference lnZ", "reference");
            for (String n : ProblemCatalog.NAMES) {
                TestProblem p = ProblemCatalog.get(n);
                w.printf(Locale.ROOT, "%-14s %4d %14.6f  %s%n", n, p.dimension(), p.logZ(), p.source());
            }
            return 0;
        }
        if (name == null) {
            throw new Main.UsageException("give a problem NAME or --list");
        }
        TestProblem tp = ProblemCatalog.get(name);
        List<String> fmts = formats == null ? List.of() : RunOutput.checkFormats(formats);
        String type = flags.samplerOr("nested");
        long seed = flags.seedOr(null);
        Path dir = out != null ? out : Paths.get("runs", name + "-" + type + "-seed" + seed);
        Sampler sampler = SamplerFactory.create(type, flags, Map.of(), dir);
        RunOutput.claim(dir, flags);
        RunResult r = RunOutput.stamp(RunOutput.sample(sampler, tp.problem(), seed, dir, flags,
                spec.commandLine().getErr()), null);
        RunOutput.finish(dir, r, null, w);
        RunOutput.export(dir, r, name, fmts, w);
        r.evidence().ifPresent(e -> w.printf(Locale.ROOT, "reference logZ = %.4f (%s): difference %.2f sigma%n",
                tp.logZ(), tp.source(), (e.logZ() - tp.logZ()) / e.logZErr()));
        if (tp.hasMoments()) {
            for (int i = 0; i < tp.mean().length; i++) {
                String p = tp.problem().freeNames().get(i);
                w.printf(Locale.ROOT, "reference %-6s mean %.4f sd %.4f%n", p, tp.mean()[i], tp.sd()[i]);
            }
        }
        return 0;
    }
}
