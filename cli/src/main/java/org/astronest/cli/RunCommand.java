package org.astronest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.astronest.cli.config.ConfigLoader;
import org.astronest.cli.config.RunConfig;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.Sampler;
import org.astronest.priors.PriorSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code astronest run CONFIG}: samples the posterior a YAML config describes and writes the run directory. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Sample the posterior described by a YAML config and write the run directory.")
public final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CONFIG", description = "The run config (YAML).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: the config's output, else "
            + "runs/LABEL).")
    Path out;

    @Mixin
    SamplerFlags flags = new SamplerFlags();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        RunConfig c = ConfigLoader.load(config);
        RunModel model = Models.create(c);
        PriorSet priors = c.priors(model.type(), model.defaults());
        InferenceProblem problem = model.problem(priors);
        long seed = flags.seedOr(c.seed());
        String type = flags.samplerOr(c.samplerType());
        Path dir = out != null ? out : c.output() != null ? Paths.get(c.output()) : Paths.get("runs", c.label());
        problem.check(Rngs.stream(seed, 0xC4EC4L), 5);
        RunOutput.claim(dir, flags);
        Sampler sampler = SamplerFactory.create(type, flags, c.sampler(), dir);
        RunResult r = RunOutput.sample(sampler, problem, seed, dir, flags, spec.commandLine().getErr());
        Map<String, Object> opts = new LinkedHashMap<>(c.sampler());
        if (r.provenance() != null) {
            Set<String> keys = SamplerFactory.configKeys(type);
            r.provenance().options().forEach((k, v) -> {
                if (keys.contains(k)) {
                    opts.put(k, v);
                }
            });
        }
        String resolved = ConfigLoader.resolvedYaml(c, priors, seed, type, opts);
        r = RunOutput.stamp(r, c.text());
        RunOutput.finish(dir, r, resolved, RunOutput.plotOptions(priors, c.truths(), r.samples().names()), w);
        return 0;
    }
}
