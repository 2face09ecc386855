package org.astronest.emulators.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzFileTest {

    @TempDir
    Path tmp;

    /** C-order values 0..n-1 of a given shape, so element (i,j,k) of shape (a,b,c) is i*b*c + j*c + k. */
    private static double[] iota(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i + 0.25;
        }
        return d;
    }

    @Test
    void roundTripsCAndFortranOrderFloat64() {
        int[] shape = {2, 3};
        for (boolean fortran : new boolean[] {false, true}) {
            byte[] b = Npy.toBytes(NpyArray.DType.FLOAT64, shape, fortran, iota(6));
            NpyArray a = Npy.parse("x", b, "test");
            assertEquals(fortran, a.fortranOrder());
            assertArrayEquals(shape, a.shape());
            // element (i,j) = i*3 + j + 0.25 whatever the order on disk
            assertEquals(1 * 3 + 2 + 0.25, a.get(1, 2));
            assertEquals(0 * 3 + 1 + 0.25, a.get(0, 1));
            assertArrayEquals(iota(6), a.toDoubleArray());
        }
    }

    @Test
    void fortranOrderOnDiskIsColumnMajor() {
        // Hand-written column-major bytes of [[1, 2, 3], [4, 5, 6]]: on disk 1 4 2 5 3 6 (NEP 1, fortran_order).
        byte[] b = raw("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", ByteOrder.LITTLE_ENDIAN,
                new double[] {1, 4, 2, 5, 3, 6}, 8);
        NpyArray a = Npy.parse("m", b, "test");
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, a.toDoubleArray());
        assertArrayEquals(new double[][] {{1, 2, 3}, {4, 5, 6}}, a.toMatrix());
    }

    @Test
    void threeDimensionalFloat32BothOrders() {
        int[] shape = {2, 3, 4};
        for (boolean fortran : new boolean[] {false, true}) {
            NpyArray a = Npy.parse("t", Npy.toBytes(NpyArray.DType.FLOAT32, shape, fortran, iota(24)), "test");
            assertEquals(NpyArray.DType.FLOAT32, a.dtype());
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int k = 0; k < 4; k++) {
                        assertEquals(i * 12 + j * 4 + k + 0.25, a.get(i, j, k)); // exact in float32
                    }
                }
            }
        }
    }

    @Test
    void bigEndianAndVersion2Headers() {
        byte[] be = raw("{'descr': '>f4', 'fortran_order': False, 'shape': (3,), }", ByteOrder.BIG_ENDIAN,
                new double[] {1.5, -2, 3}, 4);
        assertArrayEquals(new double[] {1.5, -2, 3}, Npy.parse("b", be, "test").toDoubleArray());
        byte[] v1 = raw("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", ByteOrder.LITTLE_ENDIAN,
                new double[] {7, -9}, 4);
        // version 2: 4-byte header length
        byte[] v2 = new byte[v1.length + 2];
        System.arraycopy(v1, 0, v2, 0, 6);
        v2[6] = 2;
        v2[7] = 0;
        int hl = (v1[8] & 0xff) | (v1[9] & 0xff) << 8;
        ByteBuffer.wrap(v2, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(hl);
        System.arraycopy(v1, 10, v2, 12, v1.length - 10);
        NpyArray a = Npy.parse("v2", v2, "test");
        assertEquals(NpyArray.DType.INT32, a.dtype());
        assertArrayEquals(new double[] {7, -9}, a.toDoubleArray());
    }

    @Test
    void boolAndIntegerMasks() {
        NpyArray m = Npy.parse("mask", Npy.toBytes(NpyArray.DType.BOOL, new int[] {4}, false,
                new double[] {1, 0, 0, 1}), "test");
        assertArrayEquals(new boolean[] {true, false, false, true}, m.toBooleanArray());
        NpyArray i = Npy.parse("idx", Npy.toBytes(NpyArray.DType.INT64, new int[] {3}, false,
                new double[] {-5, 0, 123456789012L}), "test");
        assertArrayEquals(new double[] {-5, 0, 123456789012.0}, i.toDoubleArray());
        NpyArray s = Npy.parse("s", Npy.toBytes(NpyArray.DType.FLOAT64, new int[] {}, false, new double[] {2.5}),
                "test");
        assertEquals(0, s.ndim());
        assertEquals(2.5, s.get());
    }

    @Test
    void malformedInputsNameTheSourceAndProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Npy.parse("x", "hello world, not numpy".getBytes(StandardCharsets.US_ASCII), "f.npy"));
        assertTrue(e.getMessage().startsWith("f.npy: not a .npy array"), e.getMessage());

        byte[] good = Npy.toBytes(NpyArray.DType.FLOAT64, new int[] {4}, false, iota(4));
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 8);
        e = assertThrows(IllegalArgumentException.class, () -> Npy.parse("x", cut, "f.npy"));
        assertTrue(e.getMessage().contains("needs 32 data bytes but 24 follow") && e.getMessage().contains("truncated"),
                e.getMessage());

        byte[] obj = raw("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", ByteOrder.LITTLE_ENDIAN,
                new double[] {0}, 8);
        e = assertThrows(IllegalArgumentException.class, () -> Npy.parse("x", obj, "f.npy"));
        assertTrue(e.getMessage().contains("dtype '|O'") || e.getMessage().contains("object"), e.getMessage());

        byte[] c16 = raw("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", ByteOrder.LITTLE_ENDIAN,
                new double[] {0, 0}, 8);
        e = assertThrows(IllegalArgumentException.class, () -> Npy.parse("x", c16, "f.npy"));
        assertTrue(e.getMessage().contains("unsupported dtype '<c16'"), e.getMessage());

        byte[] noShape = raw("{'descr': '<f8', 'fortran_order': False, }", ByteOrder.LITTLE_ENDIAN,
                new double[] {0}, 8);
        e = assertThrows(IllegalArgumentException.class, () -> Npy.parse("x", noShape, "f.npy"));
        assertTrue(e.getMessage().contains("lacks one of the keys"), e.getMessage());

        byte[] garbled = raw("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1,), }", ByteOrder.LITTLE_ENDIAN,
                new double[] {0}, 8);
        e = assertThrows(IllegalArgumentException.class, () -> Npy.parse("x", garbled, "f.npy"));
        assertTrue(e.getMessage().startsWith("f.npy: malformed header"), e.getMessage());
    }

    @Test
    void npzArchivesStoredAndDeflatedWithErrors() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a", Npy.toBytes(NpyArray.DType.FLOAT32, new int[] {2, 2}, true, new double[] {1, 2, 3, 4}));
        entries.put("m", Npy.toBytes(NpyArray.DType.BOOL, new int[] {3}, false, new double[] {0, 1, 0}));
        Path f = tmp.resolve("x.npz");
        NpzFile.write(f, entries);
        NpzFile z = NpzFile.read(f);
        assertEquals(java.util.List.of("a", "m"), z.names());
        assertArrayEquals(new double[][] {{1, 2}, {3, 4}}, z.get("a").toMatrix());
        assertArrayEquals(new boolean[] {false, true, false}, z.get("m").toBooleanArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> z.get("w"));
        assertTrue(e.getMessage().contains("x.npz has no array 'w'; it holds [a, m]"), e.getMessage());

        // savez_compressed writes deflated entries
        Path d = tmp.resolve("deflated.npz");
        try (ZipOutputStream zo = new ZipOutputStream(Files.newOutputStream(d))) {
            zo.setLevel(Deflater.BEST_COMPRESSION);
            zo.putNextEntry(new ZipEntry("w.npy"));
            zo.write(Npy.toBytes(NpyArray.DType.FLOAT64, new int[] {100}, false, iota(100)));
            zo.closeEntry();
        }
        assertArrayEquals(iota(100), NpzFile.read(d).get("w").toDoubleArray());

        Path junk = tmp.resolve("junk.npz");
        Files.writeString(junk, "this is not a zip file");
        e = assertThrows(IllegalArgumentException.class, () -> NpzFile.read(junk));
        assertTrue(e.getMessage().contains("junk.npz") && e.getMessage().contains("not a readable .npz"),
                e.getMessage());

        Path badEntry = tmp.resolve("bad.npz");
        Map<String, byte[]> bad = new LinkedHashMap<>();
        bad.put("w_array_0", java.util.Arrays.copyOf(entries.get("a"), entries.get("a").length - 1));
        NpzFile.write(badEntry, bad);
        e = assertThrows(IllegalArgumentException.class, () -> NpzFile.read(badEntry));
        assertTrue(e.getMessage().contains("bad.npz entry 'w_array_0.npy'") && e.getMessage().contains("truncated"),
                e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> NpzFile.read(tmp.resolve("missing.npz")));
        assertTrue(e.getMessage().contains("no such .npz file"), e.getMessage());
    }

    @Test
    void aFlippedBitFailsTheCrcCheck() throws IOException {
        // numpy refuses such a file (zipfile.BadZipFile: Bad CRC-32); a stored entry read by java.util.zip is not
        // checked, so without our check one flipped bit in a weight loads as a different network
        double[] w = iota(64);
        Path f = tmp.resolve("net.npz");
        byte[] npy = Npy.toBytes(NpyArray.DType.FLOAT64, new int[] {64}, false, w);
        try (ZipOutputStream zo = new ZipOutputStream(Files.newOutputStream(f))) {
            // numpy.savez writes stored (uncompressed) entries
            ZipEntry en = new ZipEntry("w.npy");
            en.setMethod(ZipEntry.STORED);
            en.setSize(npy.length);
            en.setCompressedSize(npy.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(npy);
            en.setCrc(crc.getValue());
            zo.putNextEntry(en);
            zo.write(npy);
            zo.closeEntry();
        }
        assertArrayEquals(w, NpzFile.read(f).get("w").toDoubleArray());
        byte[] bytes = Files.readAllBytes(f);
        byte[] last = java.nio.ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(63.25).array();
        int at = indexOf(bytes, last);
        assertTrue(at > 0, "the last weight is stored as written");
        bytes[at + 6] ^= 0x10; // one bit of the exponent: the weight is no longer 63.25
        Files.write(f, bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NpzFile.read(f));
        assertTrue(e.getMessage().contains("net.npz: entry 'w.npy' fails its CRC-32 check"), e.getMessage());
        assertTrue(e.getMessage().endsWith("the file is corrupt"), e.getMessage());
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void readsTheSharedPayneNetworks() {
        NpzFile z = NpzFile.read(SharedData.resolve("payne/binspec_apogee/NN_normalized_spectra.npz"));
        NpyArray w0 = z.get("w_array_0");
        assertEquals(NpyArray.DType.FLOAT32, w0.dtype());
        assertArrayEquals(new int[] {7214, 5, 5}, w0.shape());
        assertFalse(w0.fortranOrder());
        // numpy: float(np.load(...)['w_array_0'][0,0,1]) and [7213,4,4], ['b_array_1'][100]
        assertEquals(-0.6352221965789795, w0.get(0, 0, 1));
        assertEquals(-1.0443135499954224, w0.get(7213, 4, 4));
        assertEquals(0.6121416091918945, z.get("b_array_1").get(100));
        // x_min, x_max: payne_architecture_reference.json binspec_network
        assertEquals(NpyArray.DType.FLOAT64, z.get("x_min").dtype());
        assertEquals(4200.492309147424, z.get("x_min").get(0));
        assertEquals(44.99199055792334, z.get("x_max").get(4));

        NpzFile mask = NpzFile.read(SharedData.resolve("payne/the_payne_apogee_aux/apogee_mask.npz"));
        NpyArray m = mask.get("apogee_mask");
        assertEquals(NpyArray.DType.BOOL, m.dtype());
        int n = 0;
        for (boolean b : m.toBooleanArray()) {
            n += b ? 1 : 0;
        }
        assertEquals(875, n); // numpy: np.load(...)['apogee_mask'].sum()

        NpzFile cclya = NpzFile.read(SharedData.resolve("payne/cclya_payne_v1.1/cclya_neuralnetwork.npz"));
        assertArrayEquals(new int[] {1401, 300}, cclya.get("w_array_3").shape()); // README: 1401 outputs
        assertArrayEquals(new double[] {0, 18, -300, 3.6}, cclya.get("x_min").toDoubleArray()); // README x_min
    }

    /** A version-1 .npy with the given header text and raw element bytes (8- or 4-byte floats, or ints). */
    private static byte[] raw(String dict, ByteOrder order, double[] values, int itemSize) {
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + header.length + values.length * itemSize);
        b.order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length);
        b.put(header);
        b.order(order);
        boolean isInt = dict.contains("'<i4'");
        for (double v : values) {
            if (itemSize == 8) {
                b.putDouble(v);
            } else if (isInt) {
                b.putInt((int) v);
            } else {
                b.putFloat((float) v);
            }
        }
        return b.array();
    }
}
