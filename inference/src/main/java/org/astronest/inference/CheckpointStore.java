package org.astronest.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Where a sampler keeps its checkpoint. A file store writes atomically (temporary file, fsync, rename), so a run
 * killed at any moment leaves either the previous or the new checkpoint, never a torn one.
 */
public interface CheckpointStore {

    /** The last saved checkpoint, if any. */
    Optional<byte[]> load();

    /** Replaces the checkpoint. */
    void save(byte[] state);

    /** Removes the checkpoint (after a run ends normally, when asked to). */
    default void clear() {
    }

    /** A store that keeps nothing (one shared instance, so options records holding it compare equal). */
    static CheckpointStore none() {
        return Stores.NONE;
    }

    /** The shared stores. */
    final class Stores {
        static final CheckpointStore NONE = new CheckpointStore() {
            @Override
            public Optional<byte[]> load() {
                return Optional.empty();
            }

            @Override
            public void save(byte[] state) {
            }
        };

        private Stores() {
        }
    }

    /** A store in one file. */
    static CheckpointStore file(Path path) {
        return new CheckpointStore() {
            @Override
            public Optional<byte[]> load() {
                try {
                    return Files.exists(path) ? Optional.of(Files.readAllBytes(path)) : Optional.empty();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read checkpoint " + path + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void save(byte[] state) {
                try {
                    Path dir = path.toAbsolutePath().getParent();
                    Files.createDirectories(dir);
                    Path tmp = dir.resolve(path.getFileName() + ".tmp");
                    try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                            java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
                        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(state);
                        while (b.hasRemaining()) {
                            ch.write(b);
                        }
                        ch.force(true);
                    }
                    FaultHook.at("checkpoint-before-rename");
                    try {
                        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write checkpoint " + path + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void clear() {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot remove checkpoint " + path + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
