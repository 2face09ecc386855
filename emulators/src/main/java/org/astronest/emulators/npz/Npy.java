package org.astronest.emulators.npz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes NumPy {@code .npy} arrays.
 *
 * <p>Format (NumPy Enhancement Proposal 1, "A simple file format for NumPy arrays", and the {@code numpy.lib.format}
 * documentation): the magic bytes {@code \x93NUMPY}, a major and minor version byte, the header length (unsigned
 * little-endian 16 bits for version 1, 32 bits for versions 2 and 3), then an ASCII (version 3: UTF-8) Python dict
 * literal with the keys {@code descr} (dtype string such as {@code '<f4'}), {@code fortran_order} ({@code True} or
 * {@code False}) and {@code shape} (a tuple of ints), padded with spaces and ended by a newline; then the raw
 * element bytes in the declared order.
 *
 * <p>Supported: float32/float64, signed and unsigned integers of 1-8 bytes, booleans; little- or big-endian; C or
 * Fortran order; any number of dimensions. Values are widened to double and returned in C order. Not supported (clear
 * error): object (pickled) arrays, structured dtypes, strings, complex numbers, integers beyond 2^53 in magnitude
 * (not representable exactly as doubles).
 *
 * <p>Every error is an {@link IllegalArgumentException} whose message names the source (file and entry) and the
 * problem.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private Npy() {
    }

    /** Reads a {@code .npy} file; the array is named after the file (without {@code .npy}). */
    public static NpyArray read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no such .npy file: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String n = file.getFileName().toString();
        return parse(n.endsWith(".npy") ? n.substring(0, n.length() - 4) : n, bytes, file.toString());
    }

    /**
     * Parses the bytes of a {@code .npy} file.
     *
     * @param name   the array's name
     * @param bytes  the whole file
     * @param source where the bytes came from, for error messages (e.g. {@code net.npz entry 'w_array_0.npy'})
     */
    public static NpyArray parse(String name, byte[] bytes, String source) {
        if (bytes.length < 10) {
            throw bad(source, "too short for a .npy header (" + bytes.length + " bytes)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw bad(source, "not a .npy array (missing the \\x93NUMPY magic bytes)");
            }
        }
        int major = bytes[6] & 0xff;
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw bad(source, "too short for a version " + major + " .npy header");
            }
            long len = (bytes[8] & 0xffL) | (bytes[9] & 0xffL) << 8 | (bytes[10] & 0xffL) << 16
                    | (bytes[11] & 0xffL) << 24;
            if (len > Integer.MAX_VALUE - 12) {
                throw bad(source, "header length " + len + " is implausible");
            }
            headerLen = (int) len;
            start = 12;
        } else {
            throw bad(source, "unsupported .npy format version " + major + "." + (bytes[7] & 0xff));
        }
        if (start + headerLen > bytes.length) {
            throw bad(source, "header length " + headerLen + " runs past the end of the data (" + bytes.length
                    + " bytes)");
        }
        String header = new String(bytes, start, headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Map<String, Object> dict;
        try {
            dict = new HeaderParser(header).dict();
        } catch (IllegalArgumentException e) {
            throw bad(source, "malformed header " + header.trim() + ": " + e.getMessage());
        }
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shapeObj = dict.get("shape");
        if (descr == null || fortran == null || shapeObj == null) {
            throw bad(source, "header " + header.trim() + " lacks one of the keys 'descr', 'fortran_order', 'shape'");
        }
        if (!(descr instanceof String d)) {
            throw bad(source, "structured dtype " + descr + " is not supported (only plain numeric arrays)");
        }
        if (!(fortran instanceof Boolean fortranOrder)) {
            throw bad(source, "fortran_order must be True or False, got " + fortran);
        }
        if (!(shapeObj instanceof List<?> shapeList)) {
            throw bad(source, "shape must be a tuple, got " + shapeObj);
        }
        int[] shape = new int[shapeList.size()];
        for (int i = 0; i < shape.length; i++) {
            Object o = shapeList.get(i);
            if (!(o instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) {
                throw bad(source, "shape entry " + o + " is not a non-negative int");
            }
            shape[i] = (int) (long) v;
        }
        ByteOrder order;
        char kind;
        int size;
        if (d.length() < 3) {
            throw bad(source, "unsupported dtype '" + d + "'");
        }
        char bo = d.charAt(0);
        if (bo == '<' || bo == '|' || bo == '=') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (bo == '>') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw bad(source, "unsupported dtype '" + d + "' (no byte-order character)");
        }
        kind = d.charAt(1);
        try {
            size = Integer.parseInt(d.substring(2));
        } catch (NumberFormatException e) {
            throw bad(source, "unsupported dtype '" + d + "'");
        }
        if (kind == 'O') {
            throw bad(source, "object (pickled) arrays are not supported; save plain numeric arrays");
        }
        NpyArray.DType type = NpyArray.DType.of(kind, size);
        if (type == null) {
            throw bad(source, "unsupported dtype '" + d + "' (supported: float32, float64, int, uint, bool)");
        }
        long count = NpyArray.count(shape);
        long need = count * type.size();
        long have = bytes.length - (long) (start + headerLen);
        if (need != have) {
            throw bad(source, "shape " + NpyArray.shapeText(shape) + " of " + d + " needs " + need
                    + " data bytes but " + have + " follow the header" + (need > have ? " (truncated file?)" : ""));
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw bad(source, "array of " + count + " elements is too large");
        }
        double[] raw = decode(ByteBuffer.wrap(bytes, start + headerLen, (int) need).slice().order(order), type,
                (int) count, source);
        double[] data = fortranOrder && shape.length > 1 ? fortranToC(raw, shape) : raw;
        return new NpyArray(name, type, shape, fortranOrder, data);
    }

    private static double[] decode(ByteBuffer b, NpyArray.DType type, int n, String source) {
        double[] out = new double[n];
        switch (type) {
            case FLOAT32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getFloat(4 * i);
                }
            }
            case FLOAT64 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getDouble(8 * i);
                }
            }
            case INT8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i);
                }
            }
            case UINT8 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i) & 0xff;
                }
            }
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.get(i) != 0 ? 1 : 0;
                }
            }
            case INT16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getShort(2 * i);
                }
            }
            case UINT16 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getShort(2 * i) & 0xffff;
                }
            }
            case INT32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt(4 * i);
                }
            }
            case UINT32 -> {
                for (int i = 0; i < n; i++) {
                    out[i] = b.getInt(4 * i) & 0xffffffffL;
                }
            }
            case INT64, UINT64 -> {
                for (int i = 0; i < n; i++) {
                    long v = b.getLong(8 * i);
                    boolean exact = type == NpyArray.DType.INT64 ? Math.abs(v) <= (1L << 53) : v >= 0 && v <= (1L << 53);
                    if (!exact) {
                        throw bad(source, "element " + i + " (" + (type == NpyArray.DType.INT64 ? Long.toString(v)
                                : Long.toUnsignedString(v)) + ") is not exactly representable as a double");
                    }
                    out[i] = v;
                }
            }
            default -> throw new AssertionError(type);
        }
        return out;
    }

    /** Reorders column-major values into row-major order. */
    static double[] fortranToC(double[] f, int[] shape) {
        int nd = shape.length;
        double[] c = new double[f.length];
        int[] idx = new int[nd];
        // Fortran strides: stride[0] = 1, stride[k] = stride[k-1] * shape[k-1]
        long[] fStride = new long[nd];
        fStride[0] = 1;
        for (int k = 1; k < nd; k++) {
            fStride[k] = fStride[k - 1] * shape[k - 1];
        }
        for (int i = 0; i < c.length; i++) {
            long off = 0;
            for (int k = 0; k < nd; k++) {
                off += idx[k] * fStride[k];
            }
            c[i] = f[(int) off];
            for (int k = nd - 1; k >= 0; k--) { // advance the C-order multi-index
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return c;
    }

    /**
     * Encodes an array as a version 1.0 {@code .npy} file. {@code cOrderData} holds the values in C order; with
     * {@code fortranOrder} they are written column-major and the header says so. Supported dtypes: FLOAT32,
     * FLOAT64, INT32, INT64, UINT8, BOOL (little-endian).
     */
    public static byte[] toBytes(NpyArray.DType type, int[] shape, boolean fortranOrder, double[] cOrderData) {
        long count = NpyArray.count(shape);
        if (count != cOrderData.length) {
            throw new IllegalArgumentException("shape " + NpyArray.shapeText(shape) + " holds " + count
                    + " values but " + cOrderData.length + " were given");
        }
        double[] src = fortranOrder && shape.length > 1 ? cToFortran(cOrderData, shape) : cOrderData;
        String descr = (type.size() == 1 ? "|" : "<") + type.code();
        StringBuilder h = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': "
                + (fortranOrder ? "True" : "False") + ", 'shape': " + NpyArray.shapeText(shape) + ", }");
        int total = 10 + h.length() + 1;
        while (total % 64 != 0) {
            h.append(' ');
            total++;
        }
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + header.length + (int) count * type.size())
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length).put(header);
        for (double v : src) {
            switch (type) {
                case FLOAT32 -> b.putFloat((float) v);
                case FLOAT64 -> b.putDouble(v);
                case INT32 -> b.putInt((int) v);
                case INT64 -> b.putLong((long) v);
                case UINT8 -> b.put((byte) (int) v);
                case BOOL -> b.put((byte) (v != 0 ? 1 : 0));
                default -> throw new IllegalArgumentException("writing dtype " + type + " is not supported");
            }
        }
        return b.array();
    }

    static double[] cToFortran(double[] c, int[] shape) {
        int nd = shape.length;
        double[] f = new double[c.length];
        long[] fStride = new long[nd];
        fStride[0] = 1;
        for (int k = 1; k < nd; k++) {
            fStride[k] = fStride[k - 1] * shape[k - 1];
        }
        int[] idx = new int[nd];
        for (int i = 0; i < c.length; i++) {
            long off = 0;
            for (int k = 0; k < nd; k++) {
                off += idx[k] * fStride[k];
            }
            f[(int) off] = c[i];
            for (int k = nd - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return f;
    }

    private static IllegalArgumentException bad(String source, String problem) {
        return new IllegalArgumentException(source + ": " + problem);
    }

    /** Recursive-descent parser of the Python literal subset used by .npy headers. */
    private static final class HeaderParser {
        private final String s;
        private int p;

        HeaderParser(String s) {
            this.s = s;
        }

        Map<String, Object> dict() {
            skip();
            Object v = value();
            if (!(v instanceof Map<?, ?>)) {
                throw new IllegalArgumentException("the header is not a dict");
            }
            skip();
            if (p != s.length()) {
                throw new IllegalArgumentException("unexpected text after the dict at position " + p);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) v;
            return m;
        }

        private void skip() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
        }

        private char peek() {
            if (p >= s.length()) {
                throw new IllegalArgumentException("unexpected end of header");
            }
            return s.charAt(p);
        }

        private void expect(char c) {
            skip();
            if (peek() != c) {
                throw new IllegalArgumentException("expected '" + c + "' at position " + p + ", found '" + peek()
                        + "'");
            }
            p++;
        }

        private Object value() {
            skip();
            char c = peek();
            if (c == '{') {
                p++;
                Map<String, Object> m = new LinkedHashMap<>();
                skip();
                while (peek() != '}') {
                    Object k = value();
                    if (!(k instanceof String key)) {
                        throw new IllegalArgumentException("dict key " + k + " is not a string");
                    }
                    expect(':');
                    m.put(key, value());
                    skip();
                    if (peek() == ',') {
                        p++;
                        skip();
                    } else if (peek() != '}') {
                        throw new IllegalArgumentException("expected ',' or '}' at position " + p);
                    }
                }
                p++;
                return m;
            }
            if (c == '(' || c == '[') {
                char close = c == '(' ? ')' : ']';
                p++;
                List<Object> l = new ArrayList<>();
                skip();
                while (peek() != close) {
                    l.add(value());
                    skip();
                    if (peek() == ',') {
                        p++;
                        skip();
                    } else if (peek() != close) {
                        throw new IllegalArgumentException("expected ',' or '" + close + "' at position " + p);
                    }
                }
                p++;
                return l;
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, p + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated string at position " + p);
                }
                String v = s.substring(p + 1, end);
                p = end + 1;
                return v;
            }
            if (s.startsWith("True", p)) {
                p += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", p)) {
                p += 5;
                return Boolean.FALSE;
            }
            if (Character.isDigit(c) || c == '-') {
                int q = p + 1;
                while (q < s.length() && Character.isDigit(s.charAt(q))) {
                    q++;
                }
                long v;
                try {
                    v = Long.parseLong(s.substring(p, q));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad integer at position " + p);
                }
                p = q;
                if (p < s.length() && (s.charAt(p) == 'L' || s.charAt(p) == 'l')) {
                    p++; // Python 2 long suffix
                }
                return v;
            }
            throw new IllegalArgumentException("unexpected '" + c + "' at position " + p);
        }
    }
}
