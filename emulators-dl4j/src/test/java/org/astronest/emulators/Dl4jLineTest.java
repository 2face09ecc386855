package org.astronest.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The DL4J backend, found by reflection from this module, gives emulchem's own test value (fast; see GoldenDl4jTest). */
class Dl4jLineTest {

    @Test
    void hcoPlusLineOnDl4jEqualsEmulchemsTestValueAndTheJavaKernel() {
        EmulatorCatalog dl4j = Golden.catalog().withBackend(Backend.DL4J);
        RadexEmulator e = dl4j.line("HCO+(3-2)");
        assertSame(Backend.DL4J, e.emulator().kernel().backend());
        double i = e.intensity(100, 1e5, 1e15, 100);
        assertEquals(552.6778, i, 2e-6 * 552.6778); // emulchem's test value (float32 there)
        double j = Golden.catalog().withBackend(Backend.JAVA).line("HCO+(3-2)").intensity(100, 1e5, 1e15, 100);
        assertEquals(j, i, 1e-12 * Math.abs(j)); // the golden-file tolerance of GoldenJavaTest
    }
}
