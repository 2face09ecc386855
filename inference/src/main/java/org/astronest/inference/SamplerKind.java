package org.astronest.inference;

import java.util.Map;
import java.util.Set;

/**
 * One kind of sampler as the command line, configs, validation and SBC know it: a name, the keys of its config
 * section, and its options read from and written back to that section. A new sampler is this interface in one file
 * plus one line in {@link Samplers}.
 */
public interface SamplerKind {

    /** The name written as {@code sampler.type} and {@code --sampler}. */
    String name();

    /** The snake_case keys of the sampler's config section (without {@code type}). */
    Set<String> keys();

    /**
     * The sampler its config section describes; keys not given keep the documented defaults.
     *
     * @param config     the section (snake_case keys, YAML scalars); see {@link SamplerConfig}
     * @param checkpoint where the run saves its state ({@link CheckpointStore#none()} for none)
     * @param resume     continue from the checkpoint when one is there
     * @throws IllegalArgumentException naming {@code sampler.KEY} and the value
     */
    Sampler create(Map<String, Object> config, CheckpointStore checkpoint, boolean resume);

    /**
     * The config section of {@code sampler} (made by this kind) with every option at the value the run used on a
     * problem of {@code dimension} free parameters: {@link #create} of it gives the same run.
     */
    Map<String, Object> toConfig(Sampler sampler, int dimension);

    /**
     * Whether a finished run's checkpoint stays in the run directory, so that the run can be extended with
     * {@code --resume} (the ensemble: more steps); otherwise the checkpoint is removed once the run's files are
     * complete.
     */
    default boolean keepsCheckpoint() {
        return false;
    }

    /** The checkpoint's file name inside a run directory. */
    default String checkpointFile() {
        return name() + ".checkpoint";
    }
}
