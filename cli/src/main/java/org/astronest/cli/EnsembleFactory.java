package org.astronest.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.mcmc.EnsembleSampler;

/**
 * The {@code ensemble} case of {@link SamplerFactory}: a config's {@code sampler:} options (snake_case keys, read by
 * {@link EnsembleSampler.Options#fromConfig}), then the command-line flags on top (flags win). The checkpoint lives
 * in the run directory as {@value #CHECKPOINT}; {@code --resume} continues from it.
 *
 * <p>The command line's default mode is until-converged (a run should end converged without the user
 * choosing a length): a run is fixed-length only when it is given {@code steps} (config {@code steps:} or
 * {@code --steps N}) or {@code until_converged: false}. With until-converged given explicitly
 * ({@code --until-converged} or {@code until_converged: true}), {@code --steps} or, without {@code max_steps}, the
 * config's {@code steps} bound the run (they set {@code max_steps}), as before.
 */
final class EnsembleFactory {

    /** The checkpoint file in the run directory. */
    static final String CHECKPOINT = "ensemble.checkpoint";

    /** Config keys understood by the ensemble sampler. */
    static final List<String> KEYS = EnsembleSampler.Options.CONFIG_KEYS;

    private EnsembleFactory() {
    }

    static EnsembleSampler create(SamplerFlags flags, Map<String, Object> config, Path runDir) {
        Map<String, Object> c = config == null ? Map.of() : config;
        try {
            EnsembleSampler.Options o = EnsembleSampler.Options.fromConfig(c);
            if (flags.livePoints != null) {
                throw new Main.UsageException("--live-points applies to the nested sampler, not to 'ensemble' "
                        + "(use --walkers)");
            }
            if (flags.dlogz != null) {
                throw new Main.UsageException("--dlogz applies to the nested sampler, not to 'ensemble' "
                        + "(use --until-converged or --steps)");
            }
            // any other flag of an option the ensemble does not have (--bootstraps, the NUTS flags)
            SamplerFactory.refuseForeignFlags(SamplerFactory.kind("ensemble"), flags);
            if (flags.walkers != null) {
                o = o.withWalkers(flags.walkers);
            }
            boolean explicitUntil = flags.untilConverged || o.runUntilConverged();
            boolean explicitFixed = !flags.untilConverged && c.get("until_converged") != null
                    && !o.runUntilConverged();
            boolean stepsGiven = flags.steps != null || c.get("steps") != null;
            if (explicitUntil) {
                o = o.untilConverged();
                // with until-converged asked for, --steps (or a config's steps without max_steps) bounds the run
                Integer bound = flags.steps != null ? flags.steps : c.get("max_steps") == null
                        && c.get("steps") != null ? o.steps() : null;
                if (bound != null) {
                    o = o.withMaxSteps(bound);
                }
            } else if (explicitFixed || stepsGiven) {
                o = o.withSteps(flags.steps != null ? flags.steps : o.steps());
            } else {
                o = o.untilConverged();
            }
            if (flags.threads != null) {
                o = o.withThreads(flags.threads);
            }
            if (flags.maxCalls != null) {
                o = o.withMaxCalls(flags.maxCalls);
            }
            Path dir = runDir != null ? runDir : Path.of(".");
            o = o.withCheckpoint(CheckpointStore.file(dir.resolve(CHECKPOINT)), o.checkpointSeconds())
                    .withResume(flags.resume);
            return EnsembleSampler.of(o);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }
}
