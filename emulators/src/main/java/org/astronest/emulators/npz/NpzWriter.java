package org.astronest.emulators.npz;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a NumPy {@code .npz} archive (a plain zip of {@code NAME.npy} entries, deflated, as
 * {@code numpy.savez_compressed} writes it; {@code numpy.load} and {@link NpzFile#read} read both forms) and writes it
 * atomically: the bytes go to a temporary file in the target's folder, are forced to disk, and the file is renamed
 * onto the target, so a reader (or a process killed mid-write) sees either the old file or the complete new one.
 * Used to save trained networks in The Payne's layout ({@code payne.training}).
 */
public final class NpzWriter {

    /** The fixed entry time (the zip format's earliest): equal arrays give byte-identical files. */
    private static final java.time.LocalDateTime ENTRY_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0);

    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    /** Adds an array (values in C order) under {@code name}; names are unique and contain no '/'. */
    public NpzWriter add(String name, NpyArray.DType type, int[] shape, double[] cOrderData) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("npz entry name must be non-empty without '/', got '" + name + "'");
        }
        if (entries.containsKey(name)) {
            throw new IllegalArgumentException("npz entry '" + name + "' added twice");
        }
        entries.put(name, Npy.toBytes(type, shape, false, cOrderData));
        return this;
    }

    /** Names added so far, in order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** Writes the archive to {@code file} atomically (see the class comment). */
    public void write(Path file) {
        if (entries.isEmpty()) {
            throw new IllegalStateException("an .npz archive needs at least one array");
        }
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = dir.resolve("." + abs.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                OutputStream os = java.nio.channels.Channels.newOutputStream(ch);
                ZipOutputStream zip = new ZipOutputStream(os);
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    ZipEntry z = new ZipEntry(e.getKey() + ".npy");
                    z.setTimeLocal(ENTRY_TIME);
                    zip.putNextEntry(z);
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
                zip.finish();
                zip.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write error below is what matters
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
