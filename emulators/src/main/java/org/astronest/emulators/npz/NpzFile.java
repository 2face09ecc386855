package org.astronest.emulators.npz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A NumPy {@code .npz} archive: a zip file (stored or deflated, as written by {@code numpy.savez} and
 * {@code numpy.savez_compressed}) whose entries {@code NAME.npy} are {@link Npy} arrays. All arrays are read
 * eagerly; the archive is closed when {@link #read(Path)} returns. Errors name the file and the entry.
 */
public final class NpzFile {

    private final Path file;
    private final Map<String, NpyArray> arrays;

    private NpzFile(Path file, Map<String, NpyArray> arrays) {
        this.file = file;
        this.arrays = Collections.unmodifiableMap(arrays);
    }

    /** Reads every array of the archive. */
    public static NpzFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException((Files.isDirectory(file) ? "is a directory, not a .npz file: " : "no such .npz file: ") + file);
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String entry = e.getName();
                if (!entry.endsWith(".npy")) {
                    throw new IllegalArgumentException(file + ": entry '" + entry + "' is not a .npy array");
                }
                String name = entry.substring(0, entry.length() - 4);
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                } catch (ZipException ze) {
                    throw new IllegalArgumentException(file + ": entry '" + entry + "' is corrupt: " + ze.getMessage());
                }
                checkCrc(file, entry, e.getCrc(), bytes);
                arrays.put(name, Npy.parse(name, bytes, file + " entry '" + entry + "'"));
            }
        } catch (ZipException e) {
            throw new IllegalArgumentException(file + ": not a readable .npz (zip) archive: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (arrays.isEmpty()) {
            throw new IllegalArgumentException(file + ": the .npz archive holds no arrays");
        }
        return new NpzFile(file, arrays);
    }

    /**
     * Refuses an entry whose bytes do not match the CRC-32 the archive stores for it (as numpy does): Java's
     * {@code ZipFile} does not check it, so a flipped bit in a stored network would otherwise load as a wrong model.
     */
    private static void checkCrc(Path file, String entry, long stored, byte[] bytes) {
        if (stored < 0) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        if (crc.getValue() != stored) {
            throw new IllegalArgumentException(String.format("%s: entry '%s' fails its CRC-32 check (stored %08x, "
                    + "read %08x): the file is corrupt", file, entry, stored, crc.getValue()));
        }
    }

    /** Writes arrays as an uncompressed {@code .npz} (each value a complete .npy byte array, see {@link Npy#toBytes}). */
    public static void write(Path file, Map<String, byte[]> npyEntries) {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : npyEntries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file this archive was read from. */
    public Path file() {
        return file;
    }

    /** Array names in archive order. */
    public List<String> names() {
        return List.copyOf(arrays.keySet());
    }

    public boolean contains(String name) {
        return arrays.containsKey(name);
    }

    /** An array; an error naming the file and the arrays it holds when absent. */
    public NpyArray get(String name) {
        NpyArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException(file + " has no array '" + name + "'; it holds " + names());
        }
        return a;
    }

    /** The first of several alternative names present, or an error listing them. */
    public NpyArray first(String... candidates) {
        for (String c : candidates) {
            if (arrays.containsKey(c)) {
                return arrays.get(c);
            }
        }
        throw new IllegalArgumentException(file + " has none of the arrays " + List.of(candidates) + "; it holds "
                + names());
    }

    /** All arrays, in archive order. */
    public Map<String, NpyArray> arrays() {
        return arrays;
    }
}
