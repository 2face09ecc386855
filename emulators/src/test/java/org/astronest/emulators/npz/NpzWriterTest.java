package org.astronest.emulators.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NpzWriter}: what it writes, {@link NpzFile#read} reads back exactly, atomically. */
class NpzWriterTest {

    @Test
    void writesArraysThatReadBackExactly(@TempDir Path tmp) throws Exception {
        double[] a = {1.0 / 3, -2.5e-300, 7, Math.PI, 0, -0.0};
        Path f = tmp.resolve("net.npz");
        new NpzWriter().add("w_array_0", NpyArray.DType.FLOAT64, new int[] {2, 3}, a)
                .add("x_min", NpyArray.DType.FLOAT32, new int[] {3}, new double[] {0.1, 1e10, -4})
                .add("n", NpyArray.DType.INT64, new int[] {}, new double[] {42})
                .write(f);
        NpzFile z = NpzFile.read(f);
        assertEquals(List.of("w_array_0", "x_min", "n"), z.names());
        assertArrayEquals(new int[] {2, 3}, z.get("w_array_0").shape());
        assertArrayEquals(a, z.get("w_array_0").toDoubleArray(), 0.0);
        // float32: the nearest float of each value
        assertArrayEquals(new double[] {(float) 0.1, (float) 1e10, -4}, z.get("x_min").toDoubleArray(), 0.0);
        assertEquals(42, z.get("n").toDoubleArray()[0]);
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(f), s.toList(), "no temporary file left");
        }
        Path g = tmp.resolve("again.npz");
        Thread.sleep(2100); // the zip format stores times in 2-second steps
        new NpzWriter().add("w_array_0", NpyArray.DType.FLOAT64, new int[] {2, 3}, a)
                .add("x_min", NpyArray.DType.FLOAT32, new int[] {3}, new double[] {0.1, 1e10, -4})
                .add("n", NpyArray.DType.INT64, new int[] {}, new double[] {42})
                .write(g);
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(g), "equal arrays give equal bytes");
    }

    @Test
    void replacesAnExistingFileAndRefusesBadNames(@TempDir Path tmp) {
        Path f = tmp.resolve("x.npz");
        new NpzWriter().add("a", NpyArray.DType.FLOAT64, new int[] {1}, new double[] {1}).write(f);
        new NpzWriter().add("b", NpyArray.DType.FLOAT64, new int[] {1}, new double[] {2}).write(f);
        assertEquals(List.of("b"), NpzFile.read(f).names());
        NpzWriter w = new NpzWriter().add("a", NpyArray.DType.FLOAT64, new int[] {1}, new double[] {1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> w.add("a", NpyArray.DType.FLOAT64, new int[] {1}, new double[] {1}));
        assertTrue(e.getMessage().contains("added twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> w.add("d/e", NpyArray.DType.FLOAT64, new int[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> w.add("c", NpyArray.DType.FLOAT64, new int[] {2}, new double[] {1}));
        assertThrows(IllegalStateException.class, () -> new NpzWriter().write(tmp.resolve("empty.npz")));
    }
}
