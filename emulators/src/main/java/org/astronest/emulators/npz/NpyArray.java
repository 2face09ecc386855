package org.astronest.emulators.npz;

import java.util.Arrays;

/**
 * One NumPy array read from a {@code .npy} file or an entry of a {@code .npz} archive: its dtype, shape, the memory
 * order declared in the file, and its values widened to {@code double} and stored in C (row-major) order whatever
 * the order on disk.
 *
 * <p>Immutable: accessors return copies of arrays, except {@link #data()} which documents that it shares.
 */
public final class NpyArray {

    /** Element types understood by the reader (NumPy type codes {@code f4 f8 i1 i2 i4 i8 u1 u2 u4 u8 b1}). */
    public enum DType {
        FLOAT32('f', 4), FLOAT64('f', 8), INT8('i', 1), INT16('i', 2), INT32('i', 4), INT64('i', 8),
        UINT8('u', 1), UINT16('u', 2), UINT32('u', 4), UINT64('u', 8), BOOL('b', 1);

        private final char kind;
        private final int size;

        DType(char kind, int size) {
            this.kind = kind;
            this.size = size;
        }

        /** Bytes per element. */
        public int size() {
            return size;
        }

        /** NumPy kind character: f, i, u or b. */
        public char kind() {
            return kind;
        }

        /** The NumPy type code without byte order, e.g. {@code f4}. */
        public String code() {
            return "" + kind + size;
        }

        /** The dtype for a kind and size, or null. */
        static DType of(char kind, int size) {
            for (DType t : values()) {
                if (t.kind == kind && t.size == size) {
                    return t;
                }
            }
            return null;
        }
    }

    private final String name;
    private final DType dtype;
    private final int[] shape;
    private final boolean fortranOrder;
    private final double[] data;

    /**
     * @param name         the array's name (entry name without {@code .npy}, or the file name)
     * @param dtype        element type on disk
     * @param shape        dimensions (empty for a 0-d scalar)
     * @param fortranOrder the order declared in the file's header
     * @param data         values in C order; length must equal the product of the shape
     */
    public NpyArray(String name, DType dtype, int[] shape, boolean fortranOrder, double[] data) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.fortranOrder = fortranOrder;
        long n = count(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("array '" + name + "': shape " + Arrays.toString(shape) + " holds " + n
                    + " values but " + data.length + " were given");
        }
        this.data = data;
    }

    static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public String name() {
        return name;
    }

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions. */
    public int ndim() {
        return shape.length;
    }

    /** Size of dimension {@code axis}. */
    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    /** Whether the file stored the array in Fortran (column-major) order. */
    public boolean fortranOrder() {
        return fortranOrder;
    }

    /** The values in C order, shared (do not modify). Prefer {@link #toDoubleArray()} outside hot set-up code. */
    double[] data() {
        return data;
    }

    /** A copy of the values in C (row-major) order. */
    public double[] toDoubleArray() {
        return data.clone();
    }

    /** The values as booleans (non-zero = true), C order. */
    public boolean[] toBooleanArray() {
        boolean[] b = new boolean[data.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = data[i] != 0;
        }
        return b;
    }

    /** A 2-D array as rows; an error naming the array when it is not 2-D. */
    public double[][] toMatrix() {
        requireDims(2);
        double[][] m = new double[shape[0]][shape[1]];
        for (int i = 0; i < shape[0]; i++) {
            System.arraycopy(data, i * shape[1], m[i], 0, shape[1]);
        }
        return m;
    }

    /** The element at a multi-index (C-order addressing). */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("array '" + name + "' has " + shape.length + " dimensions, got index "
                    + Arrays.toString(index));
        }
        int flat = 0;
        for (int k = 0; k < index.length; k++) {
            if (index[k] < 0 || index[k] >= shape[k]) {
                throw new IndexOutOfBoundsException("array '" + name + "' index " + Arrays.toString(index)
                        + " outside shape " + Arrays.toString(shape));
            }
            flat = flat * shape[k] + index[k];
        }
        return data[flat];
    }

    /** Fails with a message naming the array when it does not have {@code n} dimensions. */
    public NpyArray requireDims(int n) {
        if (shape.length != n) {
            throw new IllegalArgumentException("array '" + name + "' must have " + n + " dimensions, has shape "
                    + shapeText(shape));
        }
        return this;
    }

    /** Python-style shape text, e.g. {@code (300, 4)} or {@code (7214,)}. */
    public static String shapeText(int[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(shape[i]);
        }
        if (shape.length == 1) {
            b.append(',');
        }
        return b.append(')').toString();
    }

    @Override
    public String toString() {
        return name + " " + dtype.code() + shapeText(shape) + (fortranOrder ? " F-order" : "");
    }
}
