package org.astronest.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.mcmc.EnsembleSampler;
import org.astronest.inference.mcmc.Moves;

/**
 * The {@code ensemble} case of {@link SamplerFactory}: maps command-line flags and a config's {@code sampler:}
 * options (snake_case keys) to {@link EnsembleSampler.Options}; flags win over config values. The checkpoint lives in
 * the run directory as {@value #CHECKPOINT}; {@code --resume} continues from it.
 */
final class EnsembleFactory {

    /** The checkpoint file in the run directory. */
    static final String CHECKPOINT = "ensemble.checkpoint";

    /** Config keys understood by the ensemble sampler. */
    static final List<String> KEYS = List.of("walkers", "steps", "until_converged", "max_steps", "threads", "moves",
            "burn_in", "thin", "check_interval", "tau_tolerance", "min_tau_multiple", "max_calls",
            "checkpoint_seconds", "initial_center", "initial_scale", "rhat_target");

    private EnsembleFactory() {
    }

    static EnsembleSampler create(SamplerFlags flags, Map<String, Object> config, Path runDir) {
        Map<String, Object> c = config == null ? Map.of() : config;
        for (String k : c.keySet()) {
            if (!KEYS.contains(k)) {
                throw new Main.UsageException("sampler option '" + k + "' is not known to the ensemble sampler; "
                        + "known: " + String.join(", ", KEYS));
            }
        }
        if (flags.livePoints != null) {
            throw new Main.UsageException("--live-points applies to the nested sampler, not to 'ensemble' "
                    + "(use --walkers)");
        }
        if (flags.dlogz != null) {
            throw new Main.UsageException("--dlogz applies to the nested sampler, not to 'ensemble' "
                    + "(use --until-converged or --steps)");
        }
        try {
            EnsembleSampler.Options o = EnsembleSampler.Options.defaults();
            Integer walkers = flags.walkers != null ? flags.walkers : integer(c, "walkers");
            if (walkers != null) {
                o = o.withWalkers(walkers);
            }
            boolean untilConverged = flags.untilConverged || bool(c, "until_converged");
            Integer steps = flags.steps != null ? flags.steps : integer(c, "steps");
            Integer maxSteps = integer(c, "max_steps");
            if (untilConverged) {
                o = o.untilConverged();
                // with --until-converged, --steps bounds the run (max_steps)
                Integer bound = flags.steps != null ? flags.steps : maxSteps != null ? maxSteps : steps;
                if (bound != null) {
                    o = o.withMaxSteps(bound);
                }
            } else if (steps != null) {
                o = o.withSteps(steps);
            }
            Integer threads = flags.threads != null ? flags.threads : integer(c, "threads");
            if (threads != null) {
                o = o.withThreads(threads);
            }
            if (c.get("moves") != null) {
                o = o.withMove(Moves.parse(String.valueOf(c.get("moves"))));
            }
            Integer burnIn = integer(c, "burn_in");
            Integer thin = integer(c, "thin");
            if (burnIn != null || thin != null) {
                o = o.withBurnInAndThin(burnIn != null ? burnIn : -1, thin != null ? thin : 0);
            }
            Integer interval = integer(c, "check_interval");
            Double tol = number(c, "tau_tolerance");
            Double mult = number(c, "min_tau_multiple");
            if (interval != null || tol != null || mult != null) {
                o = o.withConvergence(interval != null ? interval : o.checkInterval(),
                        tol != null ? tol : o.tauTolerance(), mult != null ? mult : o.minTauMultiple());
            }
            Long maxCalls = flags.maxCalls != null ? flags.maxCalls : longValue(c, "max_calls");
            if (maxCalls != null) {
                o = o.withMaxCalls(maxCalls);
            }
            double[] center = numbers(c, "initial_center");
            double[] scale = numbers(c, "initial_scale");
            if (center != null || scale != null) {
                if (center == null || scale == null) {
                    throw new Main.UsageException("sampler: initial_center and initial_scale must be given together");
                }
                o = o.withInitialBall(center, scale);
            }
            Double rhatTarget = number(c, "rhat_target");
            if (rhatTarget != null) {
                o = o.withRhatTarget(rhatTarget);
            }
            Double seconds = number(c, "checkpoint_seconds");
            Path dir = runDir != null ? runDir : Path.of(".");
            o = o.withCheckpoint(CheckpointStore.file(dir.resolve(CHECKPOINT)), seconds != null ? seconds
                    : o.checkpointSeconds()).withResume(flags.resume);
            return EnsembleSampler.of(o);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    private static Integer integer(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new Main.UsageException("sampler." + key + " must be an integer, got '" + v + "'");
        }
    }

    private static Long longValue(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new Main.UsageException("sampler." + key + " must be an integer, got '" + v + "'");
        }
    }

    private static Double number(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new Main.UsageException("sampler." + key + " must be a number, got '" + v + "'");
        }
    }

    private static boolean bool(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new Main.UsageException("sampler." + key + " must be true or false, got '" + v + "'");
    }

    private static double[] numbers(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (v instanceof List<?> l) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                Object x = l.get(i);
                if (!(x instanceof Number n)) {
                    throw new Main.UsageException("sampler." + key + "[" + i + "] must be a number, got '" + x + "'");
                }
                out[i] = n.doubleValue();
            }
            return out;
        }
        throw new Main.UsageException("sampler." + key + " must be a number or a list of numbers, got '" + v + "'");
    }
}
