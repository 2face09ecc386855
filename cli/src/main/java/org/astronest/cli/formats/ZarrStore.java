package org.astronest.cli.formats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.astronest.cli.io.AtomicFiles;

/**
 * A minimal writer of zarr format 2 directory stores (zarr storage specification version 2; zarr-python 2's
 * consolidated-metadata extension), enough for xarray and ArviZ to read: groups ({@code .zgroup} and {@code .zattrs}),
 * uncompressed little-endian float64 and int64 arrays in one chunk ({@code .zarray}, {@code .zattrs} with xarray's
 * {@code _ARRAY_DIMENSIONS} naming the dimensions, and the chunk {@code 0}, {@code 0.0}, {@code 0.0.0}, ... holding the
 * raw C-order bytes), and the consolidated metadata {@code .zmetadata}.
 *
 * <p>Metadata, as the spec has it: {@code .zarray} holds {@code zarr_format} 2, {@code shape}, {@code chunks} (here
 * the shape: one chunk), {@code dtype} ({@code "<f8"}, {@code "<i8"} or {@code "|b1"}), {@code compressor} null, {@code fill_value}
 * ({@code "NaN"} for floats, the spec's JSON encoding; null for integers, because xarray turns a non-null fill value
 * into {@code _FillValue} and would mask coordinate values equal to it), {@code order} {@code "C"} and {@code filters}
 * null. The root {@code .zmetadata} is {@code {"zarr_consolidated_format": 1, "metadata": {key: content}}} over every
 * {@code .zgroup}, {@code .zattrs} and {@code .zarray} of the store (keys relative to the root), which
 * {@code zarr.open_consolidated} and {@code xarray.open_zarr(consolidated=True)} read instead of walking the tree. Each
 * group below the root gets its own {@code .zmetadata} too, keyed relative to the group, for readers that look for
 * consolidated metadata at the path of the group they open (zarr-python 3 does); zarr-python 2 ignores those.
 *
 * <p>Every file goes through {@link AtomicFiles}. Keys are checked: a path segment must be non-empty printable ASCII
 * without {@code /} or {@code \} and must not start with {@code .} (so that it can neither escape the store nor
 * collide with a metadata key); callers make names fit. {@link #finish} writes the consolidated metadata last and
 * removes zarr entries a previous write into the same directory left that this one did not write, so the store holds
 * exactly what was written.
 */
final class ZarrStore {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Largest array written in one chunk: its bytes must fit in a Java array. */
    private static final long MAX_ELEMENTS = (Integer.MAX_VALUE - 64) / 8;

    private final Path root;
    private final Map<String, JsonNode> metadata = new LinkedHashMap<>();
    private final Set<String> groups = new HashSet<>();
    private final List<Path> written = new ArrayList<>();

    /** A store in directory {@code root} (created when missing); writes the root group with these attributes. */
    ZarrStore(Path root, ObjectNode rootAttrs) throws IOException {
        this.root = root;
        group("", rootAttrs);
    }

    /** A new object node for attributes. */
    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** Writes a group at {@code path} ({@code ""} for the root); its parent group must have been written. */
    void group(String path, ObjectNode attrs) throws IOException {
        checkPath(path);
        if (!path.isEmpty()) {
            requireParent(path);
        }
        ObjectNode zgroup = object().put("zarr_format", 2);
        put(key(path, ".zgroup"), zgroup);
        put(key(path, ".zattrs"), attrs == null ? object() : attrs);
        groups.add(path);
    }

    /** Writes a float64 array of this shape (C order), its dimension names and further attributes. */
    void array(String path, long[] shape, double[] data, List<String> dims, ObjectNode attrs) throws IOException {
        long n = checkArray(path, shape, data.length, dims);
        ByteBuffer b = ByteBuffer.allocate((int) n * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(data);
        writeArray(path, shape, "<f8", NODES.textNode("NaN"), b.array(), dims, attrs);
    }

    /** Writes an int64 array of this shape (C order), its dimension names and further attributes. */
    /** A boolean array (zarr dtype {@code |b1}, one byte 0 or 1 per value). */
    void array(String path, long[] shape, boolean[] data, List<String> dims, ObjectNode attrs) throws IOException {
        long n = checkArray(path, shape, data.length, dims);
        byte[] b = new byte[(int) n];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (data[i] ? 1 : 0);
        }
        writeArray(path, shape, "|b1", NODES.nullNode(), b, dims, attrs);
    }

    void array(String path, long[] shape, long[] data, List<String> dims, ObjectNode attrs) throws IOException {
        long n = checkArray(path, shape, data.length, dims);
        ByteBuffer b = ByteBuffer.allocate((int) n * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(data);
        writeArray(path, shape, "<i8", NODES.nullNode(), b.array(), dims, attrs);
    }

    /**
     * Writes a 1-D array of strings as NumPy's fixed-width unicode ({@code <U n}, n the longest string in code points;
     * each element n UTF-32LE code units, zero-padded), with no fill value: how xarray stores string coordinates.
     */
    void array(String path, String[] data, List<String> dims, ObjectNode attrs) throws IOException {
        long n = checkArray(path, new long[] {data.length}, data.length, dims);
        int width = 1;
        for (String v : data) {
            width = Math.max(width, v.codePointCount(0, v.length()));
        }
        ByteBuffer b = ByteBuffer.allocate((int) n * width * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (String v : data) {
            int[] cps = v.codePoints().toArray();
            for (int k = 0; k < width; k++) {
                b.putInt(k < cps.length ? cps[k] : 0);
            }
        }
        writeArray(path, new long[] {data.length}, "<U" + width, NODES.nullNode(), b.array(), dims, attrs);
    }

    /**
     * Writes the consolidated metadata (the root's, then each group's), removes stale zarr entries, and returns every
     * file written, in order.
     */
    List<Path> finish() throws IOException {
        for (String g : groups.stream().sorted(Comparator.comparingInt(String::length)).toList()) {
            ObjectNode meta = object();
            String prefix = g.isEmpty() ? "" : g + "/";
            metadata.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    meta.set(k.substring(prefix.length()), v);
                }
            });
            ObjectNode consolidated = object();
            consolidated.put("zarr_consolidated_format", 1);
            consolidated.set("metadata", meta);
            writeJson(key(g, ".zmetadata"), consolidated);
        }
        removeStale();
        return List.copyOf(written);
    }

    /** The metadata written so far, key (relative to the root) to content: what the root .zmetadata holds. */
    Map<String, JsonNode> metadata() {
        return java.util.Collections.unmodifiableMap(metadata);
    }

    private long checkArray(String path, long[] shape, int length, List<String> dims) {
        checkPath(path);
        requireParent(path);
        if (dims.size() != shape.length) {
            throw new IllegalArgumentException("zarr array " + path + ": " + shape.length + " dimensions but "
                    + dims.size() + " names " + dims);
        }
        long n = 1;
        for (long s : shape) {
            if (s < 1) {
                throw new IllegalArgumentException("zarr array " + path + ": empty dimension in shape "
                        + java.util.Arrays.toString(shape));
            }
            n *= s;
            if (n > MAX_ELEMENTS) {
                throw new IllegalArgumentException("zarr array " + path + ": more than " + MAX_ELEMENTS
                        + " values, too many for one chunk");
            }
        }
        if (n != length) {
            throw new IllegalArgumentException("zarr array " + path + ": shape " + java.util.Arrays.toString(shape)
                    + " holds " + n + " values, got " + length);
        }
        return n;
    }

    private void writeArray(String path, long[] shape, String dtype, JsonNode fill, byte[] bytes, List<String> dims,
                            ObjectNode attrs) throws IOException {
        ObjectNode zarray = object();
        zarray.put("zarr_format", 2);
        ArrayNode sh = zarray.putArray("shape");
        ArrayNode ch = zarray.putArray("chunks");
        for (long s : shape) {
            sh.add(s);
            ch.add(s);
        }
        zarray.put("dtype", dtype);
        zarray.putNull("compressor");
        zarray.set("fill_value", fill);
        zarray.put("order", "C");
        zarray.putNull("filters");
        ObjectNode zattrs = object();
        ArrayNode d = zattrs.putArray("_ARRAY_DIMENSIONS");
        dims.forEach(d::add);
        if (attrs != null) {
            attrs.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("_ARRAY_DIMENSIONS")) {
                    zattrs.set(e.getKey(), e.getValue());
                }
            });
        }
        // the chunk first, so that a reader never finds metadata for an array whose data is missing
        StringBuilder chunk = new StringBuilder("0");
        for (int i = 1; i < shape.length; i++) {
            chunk.append(".0");
        }
        Path f = resolve(key(path, chunk.toString()));
        AtomicFiles.write(f, bytes);
        written.add(f);
        put(key(path, ".zarray"), zarray);
        put(key(path, ".zattrs"), zattrs);
    }

    private void put(String key, JsonNode content) throws IOException {
        metadata.put(key, content);
        writeJson(key, content);
    }

    private void writeJson(String key, JsonNode content) throws IOException {
        Path f = resolve(key);
        AtomicFiles.write(f, w -> JSON.writeValue(w, content));
        written.add(f);
    }

    private void requireParent(String path) {
        int slash = path.lastIndexOf('/');
        String parent = slash < 0 ? "" : path.substring(0, slash);
        if (!groups.contains(parent)) {
            throw new IllegalStateException("zarr node " + path + ": parent group '" + parent + "' not written");
        }
    }

    private static String key(String path, String name) {
        return path.isEmpty() ? name : path + "/" + name;
    }

    private Path resolve(String key) {
        Path p = root;
        for (String s : key.split("/")) {
            p = p.resolve(s);
        }
        return p;
    }

    /** A logical path of the store: segments of printable ASCII, no separators, none starting with a dot. */
    static void checkPath(String path) {
        if (path.isEmpty()) {
            return;
        }
        for (String s : path.split("/", -1)) {
            if (!validSegment(s)) {
                throw new IllegalArgumentException("not a zarr path segment: '" + s + "' in '" + path + "'");
            }
        }
    }

    /** True when {@code s} can be a path segment of this store (see {@link #checkPath}). */
    static boolean validSegment(String s) {
        if (s.isEmpty() || s.charAt(0) == '.') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '/' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Deletes zarr entries under the root that this write did not produce, then directories left empty. */
    private void removeStale() throws IOException {
        Set<Path> keep = new HashSet<>();
        for (Path p : written) {
            keep.add(p.toAbsolutePath().normalize());
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            boolean zarrEntry = name.equals(".zgroup") || name.equals(".zattrs") || name.equals(".zarray")
                    || name.equals(".zmetadata") || name.matches("[0-9]+(\\.[0-9]+)*");
            if (zarrEntry && !keep.contains(f.toAbsolutePath().normalize())) {
                Files.delete(f);
            }
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(root)) {
            dirs = s.filter(Files::isDirectory).filter(d -> !d.equals(root))
                    .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
        }
        for (Path d : dirs) {
            try (Stream<Path> s = Files.list(d)) {
                if (s.findAny().isEmpty()) {
                    Files.delete(d);
                }
            }
        }
    }
}
