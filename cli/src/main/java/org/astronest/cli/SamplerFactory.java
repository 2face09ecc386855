package org.astronest.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.astronest.inference.Sampler;

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
                throw new Main.UsageException("sampler 'nested' is not available in this build");
            case "ensemble":
                return EnsembleFactory.create(flags, config, runDir);
            default:
                throw new Main.UsageException("unknown sampler '" + type + "'; choose one of " + NAMES);
        }
    }
}
