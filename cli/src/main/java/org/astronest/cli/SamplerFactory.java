package org.astronest.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.Sampler;
import org.astronest.inference.nested.NestedSampler;

/**
 * Builds the sampler named by {@code --sampler} (or a config's {@code sampler.type}) from command-line flags and
 * config options. Config options are a map of snake_case keys (e.g. {@code live_points}); flags win over them.
 */
public final class SamplerFactory {

    /** Sampler names accepted by {@code --sampler} and {@code sampler.type}. */
    public static final List<String> NAMES = List.of("nested", "ensemble");

    private SamplerFactory() {
    }

    /**
     * @param type       sampler name
     * @param flags      command-line flags (null fields: not given)
     * @param config     options from a config's {@code sampler:} section (without {@code type}); may be empty
     * @param runDir     the run directory (checkpoints live there)
     */
    public static Sampler create(String type, SamplerFlags flags, Map<String, Object> config, Path runDir) {
        switch (type) {
            case "nested":
                return nested(flags, config, runDir);
            case "ensemble":
                return EnsembleFactory.create(flags, config, runDir);
            default:
                throw new Main.UsageException("unknown sampler '" + type + "'; choose one of " + NAMES);
        }
    }

    /** Config keys understood by the nested sampler (snake_case, as in a config's {@code sampler:} section). */
    /**
     * The config keys sampler {@code type} accepts: the resolved config keeps only these of the options a run
     * reports, so that it runs again as it is (run-time flags such as {@code resume}, and the ensemble's camelCase
     * provenance names, are not config keys).
     */
    static Set<String> configKeys(String type) {
        return switch (type) {
            case "nested" -> NESTED_KEYS;
            case "ensemble" -> Set.copyOf(EnsembleFactory.KEYS);
            default -> Set.of();
        };
    }

    static final Set<String> NESTED_KEYS = Set.of("live_points", "dlogz", "max_calls", "threads", "bound", "step",
            "slice_steps", "batch", "bootstraps", "resamples", "checkpoint_seconds");

    /** File of the nested sampler's checkpoint inside the run directory. */
    public static final String NESTED_CHECKPOINT = "nested.checkpoint";

    /**
     * The nested sampler from config options (snake_case keys) and flags (which win); the checkpoint is
     * {@code runDir/nested.checkpoint}, and {@code --resume} continues from it.
     */
    static NestedSampler nested(SamplerFlags flags, Map<String, Object> config, Path runDir) {
        Map<String, Object> c = config == null ? Map.of() : config;
        for (String k : c.keySet()) {
            if (!NESTED_KEYS.contains(k)) {
                throw new Main.UsageException("unknown nested-sampler option '" + k + "'; known: "
                        + new java.util.TreeSet<>(NESTED_KEYS));
            }
        }
        NestedSampler.Options o = NestedSampler.Options.defaults();
        try {
            if (c.containsKey("live_points")) {
                o = o.withLivePoints(intOf(c, "live_points"));
            }
            if (c.containsKey("dlogz")) {
                o = o.withDlogz(doubleOf(c, "dlogz"));
            }
            if (c.containsKey("max_calls")) {
                o = o.withMaxCalls(longOf(c, "max_calls"));
            }
            if (c.containsKey("threads")) {
                o = o.withThreads(intOf(c, "threads"));
            }
            if (c.containsKey("bound")) {
                o = o.withBound(enumOf(NestedSampler.Bound.class, c, "bound"));
            }
            if (c.containsKey("step")) {
                o = o.withStep(enumOf(NestedSampler.StepMethod.class, c, "step"));
            }
            if (c.containsKey("slice_steps")) {
                o = o.withSliceSteps(intOf(c, "slice_steps"));
            }
            if (c.containsKey("batch")) {
                o = o.withBatch(intOf(c, "batch"));
            }
            if (c.containsKey("bootstraps")) {
                o = o.withBootstraps(intOf(c, "bootstraps"));
            }
            if (c.containsKey("resamples")) {
                o = o.withResamples(intOf(c, "resamples"));
            }
            double seconds = c.containsKey("checkpoint_seconds") ? doubleOf(c, "checkpoint_seconds")
                    : o.checkpointSeconds();
            if (flags != null) {
                if (flags.livePoints != null) {
                    o = o.withLivePoints(flags.livePoints);
                }
                if (flags.dlogz != null) {
                    o = o.withDlogz(flags.dlogz);
                }
                if (flags.maxCalls != null) {
                    o = o.withMaxCalls(flags.maxCalls);
                }
                if (flags.threads != null) {
                    o = o.withThreads(flags.threads);
                }
                o = o.withResume(flags.resume);
            }
            CheckpointStore store = runDir == null ? CheckpointStore.none()
                    : CheckpointStore.file(runDir.resolve(NESTED_CHECKPOINT));
            o = o.withCheckpoint(store, seconds);
            return NestedSampler.of(o);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    private static Object value(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            throw new Main.UsageException("sampler option '" + key + "' has no value");
        }
        return v;
    }

    private static int intOf(Map<String, Object> c, String key) {
        long v = longOf(c, key);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new Main.UsageException("sampler option '" + key + "' is out of range: " + v);
        }
        return (int) v;
    }

    private static long longOf(Map<String, Object> c, String key) {
        Object v = value(c, key);
        if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
            return num.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new Main.UsageException("sampler option '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    private static double doubleOf(Map<String, Object> c, String key) {
        Object v = value(c, key);
        if (v instanceof Number num) {
            return num.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new Main.UsageException("sampler option '" + key + "' must be a number, got '" + v + "'");
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, Map<String, Object> c, String key) {
        return enumValue(type, value(c, key).toString(), "sampler option '" + key + "'");
    }

    /** The nested-sampler bound named {@code v} (any case), or a usage error naming {@code what}. */
    static NestedSampler.Bound boundOf(String v, String what) {
        return enumValue(NestedSampler.Bound.class, v, what);
    }

    /** The nested-sampler step method named {@code v} (any case), or a usage error naming {@code what}. */
    static NestedSampler.StepMethod stepOf(String v, String what) {
        return enumValue(NestedSampler.StepMethod.class, v, what);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String what) {
        String v = value.trim();
        try {
            return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder known = new StringBuilder();
            for (E x : type.getEnumConstants()) {
                known.append(known.length() == 0 ? "" : ", ").append(x.name().toLowerCase(Locale.ROOT));
            }
            throw new Main.UsageException(what + " must be one of " + known + ", got '" + v + "'");
        }
    }
}
