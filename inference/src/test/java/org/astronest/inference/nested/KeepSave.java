package org.astronest.inference.nested;

import java.util.Optional;
import org.astronest.inference.CheckpointStore;

/** An in-memory checkpoint store that keeps the state of save number {@code at} (1-based) and ignores the others. */
final class KeepSave implements CheckpointStore {

    private final int at;
    private int saves;
    private byte[] kept;

    KeepSave(int at) {
        this.at = at;
    }

    @Override
    public Optional<byte[]> load() {
        return Optional.ofNullable(kept);
    }

    @Override
    public void save(byte[] state) {
        if (++saves == at) {
            kept = state;
        }
    }
}
