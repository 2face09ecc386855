package org.astronest.cli.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An exclusive lock on a run directory for the life of a command ({@value #FILE}, an OS file lock that the system
 * releases when the process dies, so a killed run never leaves a stale lock): a second run into the same directory
 * is refused instead of both writing and one result vanishing.
 */
public final class RunLock {

    /** The lock file inside a run directory. */
    public static final String FILE = ".astronest.lock";

    private static final List<RunLock> HELD = new ArrayList<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    /** The directory, when the lock created it (removed again at release if the command left it empty). */
    private final Path created;

    private RunLock(Path file, FileChannel channel, FileLock lock, Path created) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.created = created;
    }

    /**
     * Locks {@code dir} (created if needed) until {@link #releaseAll()}; an {@link IllegalStateException} naming the
     * directory when another run holds it.
     */
    public static synchronized void acquire(Path dir) {
        Path f = dir.resolve(FILE);
        try {
            Path created = Files.isDirectory(dir) ? null : dir;
            Files.createDirectories(dir);
            FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                l = null;
            }
            if (l == null) {
                ch.close();
                throw new IllegalStateException("another astronest run is writing " + dir + "; wait for it to end or "
                        + "choose another --out");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            HELD.add(new RunLock(f, ch, l, created));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Releases every lock this process holds (at the end of a command) and removes the lock files. */
    public static synchronized void releaseAll() {
        for (RunLock r : HELD) {
            try {
                r.lock.release();
                r.channel.close();
                Files.deleteIfExists(r.file);
                if (r.created != null) {
                    try (var s = Files.list(r.created)) {
                        if (s.findAny().isEmpty()) {
                            Files.delete(r.created); // a command that failed before writing leaves no directory
                        }
                    }
                }
            } catch (IOException e) {
                // the OS drops the lock when the channel or the process goes; a left lock file is harmless
            }
        }
        HELD.clear();
    }
}
