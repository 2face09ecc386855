package org.astronest.forwardmodels.payne.training;

import java.util.Optional;

/**
 * Where a network training keeps its checkpoint (the CLI stores it atomically in the output directory; see
 * {@link TrainingState} for the format).
 */
public interface TrainingCheckpoints {

    /** The last saved checkpoint, if any. */
    Optional<byte[]> load();

    /** Replaces the checkpoint (atomically: a kill leaves the old or the new one). */
    void save(byte[] state);

    /** No checkpoints. */
    static TrainingCheckpoints none() {
        return new TrainingCheckpoints() {
            @Override
            public Optional<byte[]> load() {
                return Optional.empty();
            }

            @Override
            public void save(byte[] state) {
            }
        };
    }
}
