package org.astronest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.astronest.cli.config.ConfigException;
import org.astronest.cli.config.ConfigLoader;
import org.astronest.cli.config.RunConfig;
import org.astronest.cli.io.RunDirectory;
import org.astronest.inference.InferenceProblem;
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

    @Option(names = "--formats", split = ",", paramLabel = "FMT", description = "Also write the run for other tools: "
            + "getdist, anesthetic, arviz (replaces the config's output.formats).")
    List<String> formats;

    @Mixin
    SamplerFlags flags = new SamplerFlags();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RunConfig c = ConfigLoader.load(config);
        List<String> fmts = formats != null ? RunOutput.checkFormats(formats) : c.formats();
        ConfigModel model = Models.create(c);
        long seed = flags.seedOr(c.seed());
        Path dir = out != null ? out : c.output() != null ? Paths.get(c.output()) : Paths.get("runs", c.label());
        if (model instanceof FitModel fit) {
            fit(c, fit, seed, dir);
        } else {
            sample(c, (RunModel) model, seed, dir, fmts);
        }
        return 0;
    }

    /** config -> priors -> problem -> check -> sampler -> run directory -> plots -> the model's own files. */
    private void sample(RunConfig c, RunModel model, long seed, Path dir, List<String> fmts) {
        PriorSet priors = c.priors(model.type(), model.defaults());
        for (String t : c.truths().keySet()) {
            if (!priors.contains(t)) {
                throw new ConfigException(c.file() + ": truths." + t + ": not a parameter of the model; parameters: "
                        + String.join(", ", priors.names()));
            }
        }
        InferenceProblem problem = model.problem(priors);
        String type = flags.samplerOr(c.samplerType());
        // the sampler's own check, done here so that a bad likelihood fails before the directory is claimed; the
        // sampler then skips it (the same draws would be evaluated twice)
        problem.checkBeforeRun(seed);
        problem = problem.withoutCheck();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Object> samplerConfig = samplerSection(c, type, err);
        // the sampler before the directory, so that bad options leave nothing behind
        Sampler sampler = SamplerFactory.create(type, flags, samplerConfig, dir);
        RunOutput.claim(dir, flags);
        RunResult r = RunOutput.sample(sampler, problem, seed, dir, flags, err);
        Map<String, Object> opts = SamplerFactory.resolvedConfig(type, sampler, priors.freeDimension());
        String resolved = ConfigLoader.resolvedYaml(c, priors, seed, type, opts);
        r = RunOutput.stamp(r, resolved).toBuilder()
                .columns(org.astronest.inference.ColumnInfo.withTruths(r.columns(), c.truths()))
                .observed(model.observed().orElse(null)).build();
        RunOutput.finish(dir, r, resolved, spec.commandLine().getOut());
        RunOutput.export(dir, r, c.label(), fmts, spec.commandLine().getOut());
        model.finish(dir, r);
    }

    /** A model fitted by its own method: no sampler flags; its result and the resolved config. */
    private void fit(RunConfig c, FitModel model, long seed, Path dir) throws IOException {
        List<String> given = new ArrayList<>(flags.asConfig().keySet());
        if (flags.sampler != null) {
            given.add(0, "--sampler");
        }
        if (!given.isEmpty()) {
            throw new Main.UsageException("model type '" + model.type() + "' is fitted by its own method, not "
                    + "sampled: " + String.join(", ", given) + " do not apply (its options are keys of model:)");
        }
        RunOutput.claim(dir, flags);
        model.fit(dir, seed, spec.commandLine().getOut());
        Files.writeString(dir.resolve(RunDirectory.CONFIG), ConfigLoader.resolvedYaml(c, null, seed, null, null));
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
