package org.astronest.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.Sampler;
import org.astronest.inference.SamplerKind;
import org.astronest.inference.Samplers;
import org.astronest.inference.nested.NestedSampler;

/**
 * Builds the sampler named by {@code --sampler} (or a config's {@code sampler.type}) through the
 * {@link Samplers} registry: the config's {@code sampler:} options (snake_case keys) with the command-line flags
 * written over them as the same keys ({@code --live-points} is {@code live_points}). The checkpoint is
 * {@code RUN_DIR/NAME.checkpoint}; {@code --resume} continues from it.
 */
public final class SamplerFactory {

    /** Sampler names accepted by {@code --sampler} and {@code sampler.type}. */
    public static final List<String> NAMES = Samplers.names();

    /** File of the nested sampler's checkpoint inside the run directory. */
    public static final String NESTED_CHECKPOINT = "nested.checkpoint";

    private SamplerFactory() {
    }

    /** The registered kind named {@code type}, or a usage error naming it and the known names. */
    static SamplerKind kind(String type) {
        try {
            return Samplers.get(type);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    /**
     * @param type   sampler name
     * @param flags  command-line flags (null fields: not given); may be null
     * @param config options from a config's {@code sampler:} section (without {@code type}); may be empty
     * @param runDir the run directory (checkpoints live there); null for none
     */
    public static Sampler create(String type, SamplerFlags flags, Map<String, Object> config, Path runDir) {
        SamplerKind kind = kind(type);
        if (kind.name().equals("ensemble")) {
            // the command line's own defaults and flag meanings for the ensemble (until converged unless given
            // steps; --steps bounds an until-converged run): EnsembleFactory
            return EnsembleFactory.create(flags == null ? new SamplerFlags() : flags, config, runDir);
        }
        Map<String, Object> merged = withFlags(kind, config, flags);
        CheckpointStore store = runDir == null ? CheckpointStore.none()
                : keptUntilWritten(CheckpointStore.file(runDir.resolve(kind.checkpointFile())));
        try {
            return kind.create(merged, store, flags != null && flags.resume);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
    }

    /**
     * The sampler section of a run's {@code config.resolved.yaml}: every option at the value the run used, so that
     * the resolved config runs again to the same result.
     */
    static Map<String, Object> resolvedConfig(String type, Sampler sampler, int dimension) {
        return kind(type).toConfig(sampler, dimension);
    }

    /**
     * A store whose {@code clear()} at the end of a run does nothing: {@link RunOutput#finish} removes the checkpoint
     * only after the run's files and manifest are written, so a kill in between still leaves the run resumable.
     */
    static CheckpointStore keptUntilWritten(CheckpointStore file) {
        return new CheckpointStore() {
            @Override
            public java.util.Optional<byte[]> load() {
                return file.load();
            }

            @Override
            public void save(byte[] state) {
                file.save(state);
            }
        };
    }

    /** The config keys sampler {@code type} accepts (empty for an unknown name). */
    static Set<String> configKeys(String type) {
        return Samplers.names().contains(type) ? Samplers.get(type).keys() : Set.of();
    }

    /**
     * The config section with the flags given on the command line written over it. A flag of an option the sampler
     * does not have is a usage error naming the flag and the samplers that have it.
     */
    static Map<String, Object> withFlags(SamplerKind kind, Map<String, Object> config, SamplerFlags flags) {
        Map<String, Object> out = new LinkedHashMap<>(config == null ? Map.of() : config);
        if (flags == null) {
            return out;
        }
        refuseForeignFlags(kind, flags);
        for (Map.Entry<String, Map.Entry<String, Object>> f : flags.asConfig().entrySet()) {
            out.put(f.getValue().getKey(), f.getValue().getValue());
        }
        return out;
    }

    /** A usage error for the first flag given whose option sampler {@code kind} does not have, naming its owners. */
    static void refuseForeignFlags(SamplerKind kind, SamplerFlags flags) {
        for (Map.Entry<String, Map.Entry<String, Object>> f : flags.asConfig().entrySet()) {
            String key = f.getValue().getKey();
            if (!kind.keys().contains(key)) {
                List<String> owners = new ArrayList<>();
                for (SamplerKind k : Samplers.all()) {
                    if (k.keys().contains(key)) {
                        owners.add(k.name());
                    }
                }
                throw new Main.UsageException(f.getKey() + " applies to the " + String.join(" and ", owners)
                        + " sampler, not to '" + kind.name() + "'");
            }
        }
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
