package org.astronest.cli.io;

import java.io.BufferedWriter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.astronest.inference.FaultHook;

/**
 * Files written so that a reader sees the old file or the complete new one, never a torn one: the text (or bytes) goes
 * to a temporary file in the same directory, is forced to disk (fsync), and is renamed over the target. Each write
 * returns what a manifest records of the file: its size, SHA-256 and number of lines.
 */
public final class AtomicFiles {

    /** Writes the text of a file. */
    @FunctionalInterface
    public interface Body {
        void write(BufferedWriter out) throws IOException;
    }

    /** What was written: the file name (relative to its directory), bytes, SHA-256 (hex) and newline count. */
    public record Written(String name, long bytes, String sha256, long lines) {
    }

    private AtomicFiles() {
    }

    /** Writes {@code target} atomically (UTF-8 text from {@code body}). */
    public static Written write(Path target, Body body) throws IOException {
        return writeStream(target, counting -> {
            // a body may close its writer (Jackson does): that only flushes, the file is forced and renamed here
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(counting, StandardCharsets.UTF_8), 1 << 16) {
                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            body.write(w);
            w.flush();
        });
    }

    /**
     * Writes {@code target} atomically with exactly these bytes (binary data, e.g. a zarr chunk), with the same
     * temporary file, fsync and rename as {@link #write(Path, Body)}.
     */
    public static Written write(Path target, byte[] bytes) throws IOException {
        return writeStream(target, out -> out.write(bytes, 0, bytes.length));
    }

    @FunctionalInterface
    private interface StreamBody {
        void write(OutputStream out) throws IOException;
    }

    private static Written writeStream(Path target, StreamBody body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + ".part");
        MessageDigest sha = sha256();
        long[] count = new long[2];
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            OutputStream raw = Channels.newOutputStream(ch);
            OutputStream counting = new FilterOutputStream(raw) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    sha.update((byte) b);
                    count[0]++;
                    if (b == '\n') {
                        count[1]++;
                    }
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    sha.update(b, off, len);
                    count[0] += len;
                    for (int i = off; i < off + len; i++) {
                        if (b[i] == '\n') {
                            count[1]++;
                        }
                    }
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            body.write(counting);
            counting.flush();
            FaultHook.ioAt("write:" + target.getFileName());
            FaultHook.at("before-rename:" + target.getFileName());
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        move(tmp, target);
        FaultHook.at("after-rename:" + target.getFileName());
        return new Written(target.getFileName().toString(), count[0], HexFormat.of().formatHex(sha.digest()),
                count[1]);
    }

    /** SHA-256 (hex), size and newline count of an existing file, as {@link #write} reports them. */
    public static Written measure(Path file) throws IOException {
        MessageDigest sha = sha256();
        long bytes = 0;
        long lines = 0;
        byte[] buf = new byte[1 << 16];
        try (var in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return new Written(file.getFileName().toString(), bytes, HexFormat.of().formatHex(sha.digest()), lines);
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        // the rename is durable once the directory entry is on disk; not every file system lets a directory be
        // opened for this, and the data itself is already forced
        try (FileChannel d = FileChannel.open(target.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a file or a directory with everything in it (nothing when absent). */
    public static void deleteTree(Path p) throws IOException {
        if (!java.nio.file.Files.exists(p)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(q);
            }
        }
    }
}
