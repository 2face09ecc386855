package org.astronest.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        Map<String, Object> samplerConfig = samplerSection(c, type, spec.commandLine().getErr());
        Sampler sampler = SamplerFactory.create(type, flags, samplerConfig, dir);
        RunResult r = RunOutput.sample(sampler, problem, seed, dir, flags, spec.commandLine().getErr());
        Map<String, Object> opts = new LinkedHashMap<>(samplerConfig);
        if (r.provenance() != null) {
            Set<String> keys = SamplerFactory.configKeys(type);
            EnsembleFactory.configOf(sampler, problem.dimension(), r.provenance().options()).forEach((k, v) -> {
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

    /**
     * The config's sampler options for sampler {@code type}. When {@code --sampler} picks another sampler than the
     * config's, the options only the config's sampler knows are dropped with one warning line (a config written for
     * nested sampling runs with {@code --sampler ensemble}); options no sampler knows stay, and fail as typos.
     */
    static Map<String, Object> samplerSection(RunConfig c, String type, PrintWriter err) {
        String own = c.samplerType();
        if (type.equals(own)) {
            return c.sampler();
        }
        Set<String> theirs = SamplerFactory.configKeys(own);
        Set<String> mine = SamplerFactory.configKeys(type);
        Map<String, Object> kept = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>();
        c.sampler().forEach((k, v) -> {
            if (!mine.contains(k) && theirs.contains(k)) {
                dropped.add(k);
            } else {
                kept.put(k, v);
            }
        });
        if (!dropped.isEmpty()) {
            err.println("warning: --sampler " + type + " ignores the config's " + own + "-sampler options: "
                    + String.join(", ", dropped));
            err.flush();
        }
        return kept;
    }
}
