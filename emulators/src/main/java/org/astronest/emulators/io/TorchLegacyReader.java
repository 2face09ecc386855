package org.astronest.emulators.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a state dict saved by PyTorch's legacy (non-zip, protocol 1001) serialization, as used by emulchem's
 * network files. The layout (see the shared {@code emulchem/FORMAT.md}) is: pickled magic number, pickled protocol
 * version 1001, pickled system info, the pickled state dict (an OrderedDict of tensors rebuilt by
 * {@code torch._utils._rebuild_tensor_v2} from persistent storage ids), a pickled list of storage keys, then for each
 * key an int64 element count and the raw little-endian elements.
 *
 * <p>Only {@code DoubleStorage} (float64) and {@code FloatStorage} (float32, widened exactly) are accepted; values
 * come out as {@code double[]} in row-major order for the tensor's size (any stride is honoured).
 */
public final class TorchLegacyReader {

    /** The magic number torch writes first (0x1950a86a20f9469cfc6c, as a Python int). */
    static final java.math.BigInteger MAGIC = new java.math.BigInteger("119547037146038801333356");

    /** One tensor of a state dict: its shape and its values in row-major order. */
    public record Tensor(int[] shape, double[] values) {
        public int numel() {
            return values.length;
        }

        @Override
        public String toString() {
            return "Tensor" + Arrays.toString(shape);
        }
    }

    private record StorageRef(String type, String key, long numel) {
    }

    private record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    private TorchLegacyReader() {
    }

    /** Reads a state dict file; errors name the file. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        try {
            return read(ByteBuffer.wrap(data));
        } catch (PickleReader.PickleException | IllegalArgumentException e) {
            throw new IOException("cannot read torch network file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a state dict from the bytes of a legacy torch file. */
    public static Map<String, Tensor> read(ByteBuffer data) {
        ByteBuffer b = data.order(ByteOrder.LITTLE_ENDIAN);
        PickleReader plain = new PickleReader((f, a) -> {
            throw new PickleReader.PickleException("unexpected call of " + f + " in a torch file header");
        });
        Object magic = plain.read(b);
        Object magicValue = magic instanceof Long ? java.math.BigInteger.valueOf((Long) magic) : magic;
        if (!MAGIC.equals(magicValue)) {
            throw new IllegalArgumentException("not a legacy torch file: magic number " + magic + " (expected " + MAGIC
                    + ")");
        }
        Object proto = plain.read(b);
        if (!Long.valueOf(1001).equals(proto)) {
            throw new IllegalArgumentException("unsupported torch protocol version " + proto + " (expected 1001)");
        }
        Object sysInfo = plain.read(b);
        if (sysInfo instanceof Map && Boolean.FALSE.equals(((Map<?, ?>) sysInfo).get("little_endian"))) {
            throw new IllegalArgumentException("big-endian torch files are not supported");
        }
        PickleReader stateReader = new PickleReader(new StateDictResolver());
        Object state = stateReader.read(b);
        if (!(state instanceof Map)) {
            throw new IllegalArgumentException("state dict is a " + (state == null ? "None" : state.getClass()
                    .getSimpleName()) + ", expected an OrderedDict");
        }
        Object keys = plain.read(b);
        if (!(keys instanceof List)) {
            throw new IllegalArgumentException("storage key list missing after the state dict");
        }
        Map<String, StorageRef> refs = new HashMap<>();
        for (Object v : ((Map<?, ?>) state).values()) {
            if (v instanceof TensorRef) {
                refs.put(((TensorRef) v).storage.key, ((TensorRef) v).storage);
            }
        }
        Map<String, double[]> storages = new HashMap<>();
        for (Object k : (List<?>) keys) {
            String key = String.valueOf(k);
            StorageRef ref = refs.get(key);
            if (b.remaining() < 8) {
                throw new IllegalArgumentException("file truncated before storage " + key);
            }
            long n = b.getLong();
            String type = ref == null ? "DoubleStorage" : ref.type;
            int width = "FloatStorage".equals(type) ? 4 : 8;
            if (n < 0 || n > Integer.MAX_VALUE || b.remaining() < n * width) {
                throw new IllegalArgumentException("storage " + key + " declares " + n + " elements but only "
                        + b.remaining() + " bytes remain");
            }
            if (ref != null && ref.numel != n) {
                throw new IllegalArgumentException("storage " + key + " holds " + n + " elements, the state dict says "
                        + ref.numel);
            }
            double[] v = new double[(int) n];
            if (width == 8) {
                b.asDoubleBuffer().get(v);
            } else {
                float[] f = new float[(int) n];
                b.asFloatBuffer().get(f);
                for (int i = 0; i < f.length; i++) {
                    v[i] = f[i];
                }
            }
            b.position(b.position() + (int) n * width);
            storages.put(key, v);
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) state).entrySet()) {
            if (!(e.getValue() instanceof TensorRef)) {
                continue;
            }
            TensorRef t = (TensorRef) e.getValue();
            double[] s = storages.get(t.storage.key);
            if (s == null) {
                throw new IllegalArgumentException("tensor " + e.getKey() + " uses storage " + t.storage.key
                        + " which has no data in the file");
            }
            out.put(String.valueOf(e.getKey()), gather(String.valueOf(e.getKey()), s, t));
        }
        return out;
    }

    private static Tensor gather(String name, double[] storage, TensorRef t) {
        int dims = t.size.length;
        int[] shape = new int[dims];
        long numel = 1;
        for (int i = 0; i < dims; i++) {
            if (t.size[i] < 0 || t.size[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor " + name + " has invalid size " + Arrays.toString(t.size));
            }
            shape[i] = (int) t.size[i];
            numel *= t.size[i];
        }
        if (numel > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor " + name + " is too large");
        }
        double[] v = new double[(int) numel];
        int[] idx = new int[dims];
        for (int flat = 0; flat < v.length; flat++) {
            long pos = t.offset;
            for (int d = 0; d < dims; d++) {
                pos += idx[d] * t.stride[d];
            }
            if (pos < 0 || pos >= storage.length) {
                throw new IllegalArgumentException("tensor " + name + " reads element " + pos + " outside its storage of "
                        + storage.length);
            }
            v[flat] = storage[(int) pos];
            for (int d = dims - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return new Tensor(shape, v);
    }

    /** Gives meaning to the three globals a torch state dict uses. */
    private static final class StateDictResolver implements PickleReader.Resolver {
        @Override
        public Object call(PickleReader.Global f, PickleReader.Tuple args) {
            String g = f.toString();
            if (g.equals("collections.OrderedDict")) {
                return new LinkedHashMap<>();
            }
            if (g.equals("torch._utils._rebuild_tensor_v2") || g.equals("torch._utils._rebuild_tensor")) {
                if (args.size() < 4 || !(args.get(0) instanceof StorageRef)) {
                    throw new PickleReader.PickleException("malformed _rebuild_tensor arguments " + args);
                }
                return new TensorRef((StorageRef) args.get(0), toLong(args.get(1)), longs(args.get(2)),
                        longs(args.get(3)));
            }
            throw new PickleReader.PickleException("unsupported global " + g + " in a torch state dict");
        }

        @Override
        public Object persistentLoad(Object pid) {
            if (!(pid instanceof PickleReader.Tuple) || ((PickleReader.Tuple) pid).size() < 5
                    || !"storage".equals(((PickleReader.Tuple) pid).get(0))) {
                throw new PickleReader.PickleException("unsupported persistent id " + pid);
            }
            PickleReader.Tuple t = (PickleReader.Tuple) pid;
            if (!(t.get(1) instanceof PickleReader.Global)) {
                throw new PickleReader.PickleException("storage type is not a global: " + t.get(1));
            }
            String type = ((PickleReader.Global) t.get(1)).name();
            if (!type.equals("DoubleStorage") && !type.equals("FloatStorage")) {
                throw new PickleReader.PickleException("unsupported storage type " + type
                        + " (DoubleStorage and FloatStorage are supported)");
            }
            return new StorageRef(type, String.valueOf(t.get(2)), toLong(t.get(4)));
        }

        @Override
        public Object build(Object obj, Object state) {
            return obj; // OrderedDict._metadata (module versions) is not needed
        }

        private static long toLong(Object o) {
            if (o instanceof Long) {
                return (Long) o;
            }
            throw new PickleReader.PickleException("expected an int, got " + o);
        }

        private static long[] longs(Object o) {
            if (!(o instanceof PickleReader.Tuple)) {
                throw new PickleReader.PickleException("expected a tuple of ints, got " + o);
            }
            PickleReader.Tuple t = (PickleReader.Tuple) o;
            long[] r = new long[t.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = toLong(t.get(i));
            }
            return r;
        }
    }
}
