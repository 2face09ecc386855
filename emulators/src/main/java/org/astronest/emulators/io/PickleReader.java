package org.astronest.emulators.io;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A small reader of Python pickles (protocols 0-2 binary opcodes), enough for the legacy PyTorch serialization that
 * emulchem's networks use. Written from the opcode descriptions of CPython's {@code pickletools} module documentation
 * (the opcode table, arguments and stack effects); no code was copied.
 *
 * <p>Python values map to Java as: int to {@link Long} (or {@link BigInteger} when it does not fit), float to
 * {@link Double}, str to {@link String}, bytes to {@code byte[]}, True/False to {@link Boolean}, None to
 * {@code null}, list to {@link ArrayList}, tuple to {@link Tuple}, dict to {@link LinkedHashMap}. A {@code GLOBAL}
 * becomes a {@link Global}; calling it ({@code REDUCE}) and persistent ids ({@code BINPERSID}) are delegated to a
 * {@link Resolver}, so the reader itself never instantiates arbitrary classes (pickles from untrusted sources cannot
 * execute anything here).
 *
 * <p>Reading starts at the buffer's position and stops after one {@code STOP}; the buffer is left just after it,
 * so a file holding several pickles in a row is read by calling {@link #read} repeatedly.
 */
public final class PickleReader {

    /** A Python tuple: an immutable list. */
    public static final class Tuple {
        private final List<Object> items;

        Tuple(List<Object> items) {
            this.items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        public List<Object> items() {
            return items;
        }

        public int size() {
            return items.size();
        }

        public Object get(int i) {
            return items.get(i);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tuple && ((Tuple) o).items.equals(items);
        }

        @Override
        public int hashCode() {
            return items.hashCode();
        }

        @Override
        public String toString() {
            return "tuple" + items;
        }
    }

    /** A reference to a Python global ({@code module.name}), as pushed by the GLOBAL opcode. */
    public record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** Gives meaning to calls of globals and persistent ids; the default rejects both. */
    public interface Resolver {
        /** The result of {@code callable(*args)} for a REDUCE or NEWOBJ opcode. */
        Object call(Global callable, Tuple args);

        /** The object a persistent id stands for (BINPERSID / PERSID). */
        default Object persistentLoad(Object pid) {
            throw new PickleException("persistent id not supported here: " + pid);
        }

        /** Applies a BUILD state to an object; the default returns the object unchanged (state ignored). */
        default Object build(Object obj, Object state) {
            return obj;
        }
    }

    /** Malformed or unsupported pickle data. */
    public static final class PickleException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PickleException(String message) {
            super(message);
        }
    }

    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "MARK";
        }
    };

    private final Resolver resolver;

    public PickleReader(Resolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Reads one pickle from the buffer's position up to and including its STOP opcode. */
    public Object read(ByteBuffer in) {
        ByteBuffer b = in.order(ByteOrder.LITTLE_ENDIAN);
        List<Object> stackList = new ArrayList<>(); // a list, not an ArrayDeque: None is pushed as null
        Map<Integer, Object> memo = new HashMap<>();
        while (true) {
            int at = b.position();
            if (!b.hasRemaining()) {
                throw new PickleException("pickle truncated: no STOP opcode before end of data (offset " + at + ")");
            }
            int op = b.get() & 0xff;
            switch (op) {
                case 0x80: { // PROTO
                    int proto = u8(b, at);
                    if (proto > 2) {
                        throw new PickleException("unsupported pickle protocol " + proto + " at offset " + at
                                + " (this reader handles protocols 0-2)");
                    }
                    break;
                }
                case '.': // STOP
                    if (stackList.size() != 1) {
                        throw new PickleException("malformed pickle: STOP with " + stackList.size()
                                + " objects on the stack at offset " + at);
                    }
                    return stackList.get(0);
                case '(': // MARK
                    stackList.add(MARK);
                    break;
                case 'N': // NONE
                    stackList.add(null);
                    break;
                case 0x88: // NEWTRUE
                    stackList.add(Boolean.TRUE);
                    break;
                case 0x89: // NEWFALSE
                    stackList.add(Boolean.FALSE);
                    break;
                case 'K': // BININT1
                    stackList.add((long) u8(b, at));
                    break;
                case 'M': // BININT2
                    need(b, 2, at);
                    stackList.add((long) (b.getShort() & 0xffff));
                    break;
                case 'J': // BININT
                    need(b, 4, at);
                    stackList.add((long) b.getInt());
                    break;
                case 0x8a: { // LONG1
                    int n = u8(b, at);
                    stackList.add(littleEndianSigned(bytes(b, n, at)));
                    break;
                }
                case 0x8b: { // LONG4
                    need(b, 4, at);
                    int n = b.getInt();
                    stackList.add(littleEndianSigned(bytes(b, n, at)));
                    break;
                }
                case 'G': // BINFLOAT (big-endian IEEE 754)
                    need(b, 8, at);
                    stackList.add(Double.longBitsToDouble(Long.reverseBytes(b.getLong())));
                    break;
                case 'X': { // BINUNICODE
                    need(b, 4, at);
                    int n = b.getInt();
                    stackList.add(new String(bytes(b, n, at), StandardCharsets.UTF_8));
                    break;
                }
                case 'T': { // BINSTRING (Python 2 str)
                    need(b, 4, at);
                    int n = b.getInt();
                    stackList.add(new String(bytes(b, n, at), StandardCharsets.ISO_8859_1));
                    break;
                }
                case 'U': { // SHORT_BINSTRING
                    int n = u8(b, at);
                    stackList.add(new String(bytes(b, n, at), StandardCharsets.ISO_8859_1));
                    break;
                }
                case ')': // EMPTY_TUPLE
                    stackList.add(new Tuple(List.of()));
                    break;
                case 0x85: // TUPLE1
                case 0x86: // TUPLE2
                case 0x87: { // TUPLE3
                    int n = op - 0x84;
                    if (stackList.size() < n) {
                        throw underflow(op, at);
                    }
                    List<Object> items = new ArrayList<>(stackList.subList(stackList.size() - n, stackList.size()));
                    truncate(stackList, stackList.size() - n);
                    checkNoMark(items, op, at);
                    stackList.add(new Tuple(items));
                    break;
                }
                case 't': { // TUPLE
                    int m = markIndex(stackList, op, at);
                    List<Object> items = new ArrayList<>(stackList.subList(m + 1, stackList.size()));
                    truncate(stackList, m);
                    stackList.add(new Tuple(items));
                    break;
                }
                case ']': // EMPTY_LIST
                    stackList.add(new ArrayList<>());
                    break;
                case 'l': { // LIST
                    int m = markIndex(stackList, op, at);
                    List<Object> items = new ArrayList<>(stackList.subList(m + 1, stackList.size()));
                    truncate(stackList, m);
                    stackList.add(items);
                    break;
                }
                case 'a': { // APPEND
                    Object v = pop(stackList, op, at);
                    asList(peek(stackList, op, at), op, at).add(v);
                    break;
                }
                case 'e': { // APPENDS
                    int m = markIndex(stackList, op, at);
                    List<Object> items = new ArrayList<>(stackList.subList(m + 1, stackList.size()));
                    truncate(stackList, m);
                    asList(peek(stackList, op, at), op, at).addAll(items);
                    break;
                }
                case '}': // EMPTY_DICT
                    stackList.add(new LinkedHashMap<>());
                    break;
                case 'd': { // DICT
                    int m = markIndex(stackList, op, at);
                    List<Object> items = new ArrayList<>(stackList.subList(m + 1, stackList.size()));
                    truncate(stackList, m);
                    Map<Object, Object> d = new LinkedHashMap<>();
                    putPairs(d, items, op, at);
                    stackList.add(d);
                    break;
                }
                case 's': { // SETITEM
                    Object v = pop(stackList, op, at);
                    Object k = pop(stackList, op, at);
                    asMap(peek(stackList, op, at), op, at).put(key(k), v);
                    break;
                }
                case 'u': { // SETITEMS
                    int m = markIndex(stackList, op, at);
                    List<Object> items = new ArrayList<>(stackList.subList(m + 1, stackList.size()));
                    truncate(stackList, m);
                    putPairs(asMap(peek(stackList, op, at), op, at), items, op, at);
                    break;
                }
                case 'q': // BINPUT
                    memo.put(u8(b, at), peek(stackList, op, at));
                    break;
                case 'r': // LONG_BINPUT
                    need(b, 4, at);
                    memo.put(b.getInt(), peek(stackList, op, at));
                    break;
                case 'h': // BINGET
                    stackList.add(memoGet(memo, u8(b, at), at));
                    break;
                case 'j': // LONG_BINGET
                    need(b, 4, at);
                    stackList.add(memoGet(memo, b.getInt(), at));
                    break;
                case 'c': { // GLOBAL: "module\nname\n"
                    String module = line(b, at);
                    String name = line(b, at);
                    stackList.add(new Global(module, name));
                    break;
                }
                case 'R': { // REDUCE
                    Object args = pop(stackList, op, at);
                    Object f = pop(stackList, op, at);
                    if (!(f instanceof Global) || !(args instanceof Tuple)) {
                        throw new PickleException("malformed pickle: REDUCE of " + describe(f) + " with "
                                + describe(args) + " at offset " + at);
                    }
                    stackList.add(resolver.call((Global) f, (Tuple) args));
                    break;
                }
                case 0x81: { // NEWOBJ: cls.__new__(cls, *args)
                    Object args = pop(stackList, op, at);
                    Object cls = pop(stackList, op, at);
                    if (!(cls instanceof Global) || !(args instanceof Tuple)) {
                        throw new PickleException("malformed pickle: NEWOBJ of " + describe(cls) + " at offset " + at);
                    }
                    stackList.add(resolver.call((Global) cls, (Tuple) args));
                    break;
                }
                case 'b': { // BUILD
                    Object state = pop(stackList, op, at);
                    Object obj = pop(stackList, op, at);
                    stackList.add(resolver.build(obj, state));
                    break;
                }
                case 'Q': // BINPERSID
                    stackList.add(resolver.persistentLoad(pop(stackList, op, at)));
                    break;
                case '0': // POP
                    pop(stackList, op, at);
                    break;
                case '2': // DUP
                    stackList.add(peek(stackList, op, at));
                    break;
                default:
                    throw new PickleException(String.format("unsupported or invalid pickle opcode 0x%02x at offset %d",
                            op, at));
            }
        }
    }

    private static int u8(ByteBuffer b, int at) {
        need(b, 1, at);
        return b.get() & 0xff;
    }

    private static void need(ByteBuffer b, int n, int at) {
        if (n < 0 || b.remaining() < n) {
            throw new PickleException("pickle truncated: opcode at offset " + at + " needs " + n
                    + " more bytes, " + b.remaining() + " left");
        }
    }

    private static byte[] bytes(ByteBuffer b, int n, int at) {
        need(b, n, at);
        byte[] r = new byte[n];
        b.get(r);
        return r;
    }

    private static String line(ByteBuffer b, int at) {
        StringBuilder s = new StringBuilder();
        while (true) {
            need(b, 1, at);
            char c = (char) (b.get() & 0xff);
            if (c == '\n') {
                return s.toString();
            }
            s.append(c);
            if (s.length() > 1000) {
                throw new PickleException("malformed pickle: GLOBAL name longer than 1000 bytes at offset " + at);
            }
        }
    }

    /** Two's-complement little-endian integer (Python's LONG1/LONG4 encoding); zero bytes mean 0. */
    static Object littleEndianSigned(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static Object memoGet(Map<Integer, Object> memo, int key, int at) {
        if (!memo.containsKey(key)) {
            throw new PickleException("malformed pickle: memo key " + key + " not defined (offset " + at + ")");
        }
        return memo.get(key);
    }

    private static int markIndex(List<Object> s, int op, int at) {
        for (int i = s.size() - 1; i >= 0; i--) {
            if (s.get(i) == MARK) {
                return i;
            }
        }
        throw new PickleException(String.format("malformed pickle: opcode '%c' at offset %d without MARK", (char) op,
                at));
    }

    private static void checkNoMark(List<Object> items, int op, int at) {
        for (Object o : items) {
            if (o == MARK) {
                throw new PickleException(String.format("malformed pickle: opcode 0x%02x at offset %d hit a MARK",
                        op, at));
            }
        }
    }

    private static void truncate(List<Object> s, int size) {
        s.subList(size, s.size()).clear();
    }

    private static Object pop(List<Object> s, int op, int at) {
        if (s.isEmpty() || s.get(s.size() - 1) == MARK) {
            throw underflow(op, at);
        }
        return s.remove(s.size() - 1);
    }

    private static Object peek(List<Object> s, int op, int at) {
        if (s.isEmpty() || s.get(s.size() - 1) == MARK) {
            throw underflow(op, at);
        }
        return s.get(s.size() - 1);
    }

    private static PickleException underflow(int op, int at) {
        return new PickleException(String.format("malformed pickle: stack underflow at opcode 0x%02x, offset %d", op,
                at));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o, int op, int at) {
        if (o instanceof List) {
            return (List<Object>) o;
        }
        throw new PickleException("malformed pickle: append to " + describe(o) + " at offset " + at);
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object o, int op, int at) {
        if (o instanceof Map) {
            return (Map<Object, Object>) o;
        }
        throw new PickleException("malformed pickle: setitem on " + describe(o) + " at offset " + at);
    }

    private static void putPairs(Map<Object, Object> d, List<Object> items, int op, int at) {
        if (items.size() % 2 != 0) {
            throw new PickleException("malformed pickle: odd number of items for a dict at offset " + at);
        }
        for (int i = 0; i < items.size(); i += 2) {
            d.put(key(items.get(i)), items.get(i + 1));
        }
    }

    private static Object key(Object k) {
        return k;
    }

    private static String describe(Object o) {
        return o == null ? "None" : o.getClass().getSimpleName();
    }
}
