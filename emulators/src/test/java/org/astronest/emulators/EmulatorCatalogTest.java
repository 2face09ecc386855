package org.astronest.emulators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulatorCatalogTest {

    @Test
    void concurrentLoadsShareOneCachedEmulator() throws Exception {
        EmulatorCatalog cat = Golden.catalog();
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            List<Future<Emulator>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fs.add(ex.submit(() -> cat.line("HCN(4-3)").emulator()));
            }
            Emulator first = fs.get(0).get();
            for (Future<Emulator> f : fs) {
                assertSame(first, f.get());
            }
        } finally {
            ex.shutdown();
        }
        // another backend view shares the loaded network (same DenseNetwork object)
        assertSame(cat.chemistry("CO").emulator().kernel().network(),
                cat.withBackend(Backend.JAVA).chemistry("CO").emulator().kernel().network());
    }

    @Test
    void twoDimensionalBatchEqualsSinglePoints() {
        Emulator e = Golden.catalog().chemistry("HCO+").emulator();
        double[][] x = {{50, 50, 1e4, 10, 10, 1}, {10, 100, 5e5, 40, 150, 0.9}, {1, 1, 1e6, 100, 200, 2}};
        double[] y = e.evaluate(x);
        assertArrayEquals(new double[] {e.evaluate(x[0]), e.evaluate(x[1]), e.evaluate(x[2])}, y, 0.0);
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class,
                () -> e.evaluate(new double[][] {{1, 2, 3}}));
        assertEquals("row 0 has 3 inputs, emulator HCO+ takes 6", err.getMessage());
    }

    @Test
    void directoryWithoutChemAndRadIsRejectedSayingWhere(@TempDir Path tmp) throws Exception {
        Files.createDirectory(tmp.resolve("chem"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EmulatorCatalog(tmp));
        assertTrue(e.getMessage().startsWith("emulchem networks not found: looked in " + tmp.toAbsolutePath()),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("point --emulchem-dir or ASTRONEST_EMULCHEM at an emulchem data folder"),
                e.getMessage());
    }

    @Test
    void aCopyWithOneSpeciesListsOnlyIt(@TempDir Path tmp) throws Exception {
        // a user's own emulchem-like folder: only CO chemistry and CO(3-2)
        copyCoFiles(tmp);
        EmulatorCatalog cat = EmulatorCatalog.open(tmp.toString());
        assertEquals(List.of("CO"), cat.species());
        assertEquals(List.of(LineId.parse("CO(3-2)")), cat.lines());
        // emulchem's test value (float32 there, see ReferenceValuesTest): CO(3-2) at T 100, n 1e5, N 1e17, dv 10
        assertEquals(177.8966, cat.line("CO(3-2)").intensity(100, 1e5, 1e17, 10), 2e-6 * 177.8966);
    }

    @Test
    void aNetworkWithANonFiniteWeightIsRefusedNamingTheFile(@TempDir Path tmp) throws Exception {
        // a copy of CO(3-2)'s RADEX emulator whose weights hold an infinity (what a flipped exponent bit can give):
        // refused at load with the file, the layer and the weight, not evaluated to Infinity K km/s
        copyCoFiles(tmp);
        Path net = tmp.resolve("rad/networkCO2");
        byte[] b = Files.readAllBytes(net);
        // the storages are the file's last bytes; the last 4 or 8 are one value of the last bias: set every
        // exponent bit of its most significant bytes (little-endian), which makes it +-inf or NaN
        b[b.length - 1] |= 0x7F;
        b[b.length - 2] |= (byte) 0xF0;
        Files.write(net, b);
        EmulatorCatalog cat = EmulatorCatalog.open(tmp.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cat.line("CO(3-2)"));
        assertTrue(e.getMessage().contains("networkCO2: fc") && e.getMessage().contains("(not finite)"),
                e.getMessage());
    }

    @Test
    void aNonFiniteOutputIsAnErrorNamingTheEmulator(@TempDir Path tmp) throws Exception {
        // a damaged output scaler (x_scale 1e-320) turns every network output into +-infinity: an error, not an
        // intensity of Infinity K km/s
        copyCoFiles(tmp);
        Files.writeString(tmp.resolve("rad/scalerCO2.json"), "{\"x_scale\": [1e-320], \"x_min\": [0.0]}");
        RadexEmulator e = EmulatorCatalog.open(tmp.toString()).line("CO(3-2)");
        IllegalStateException x = assertThrows(IllegalStateException.class, () -> e.intensity(100, 1e5, 1e17, 10));
        assertTrue(x.getMessage().startsWith("emulator CO(3-2) gave a non-finite output"), x.getMessage());
    }

    /** A user's own emulchem-like folder in {@code tmp}: the CO chemistry network and CO(3-2), with their scalers. */
    private static void copyCoFiles(Path tmp) throws java.io.IOException {
        Path src = Golden.catalog().directory();
        Files.createDirectories(tmp.resolve("chem"));
        Files.createDirectories(tmp.resolve("rad"));
        for (String f : new String[] {"chem/networkCO", "chem/scalerCO.json", "chem/minMaxScaler.json",
            "rad/networkCO2", "rad/scalerCO2.json", "rad/minMaxScalerCO2.json"}) {
            Files.copy(src.resolve(f), tmp.resolve(f));
        }
    }
}
