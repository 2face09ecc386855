package org.astronest.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The DL4J backend against the same golden files and the same criteria as {@link GoldenJavaTest} (measured: worst
 * chemistry relative error 1.4e-14; 298 of 300 RADEX rows within 1e-12, the same two cancellation-dominated rows
 * as the Java backend within 1e-15 in network units), and the thesis Table 2.4 values through the chain.
 * Slow (~45 s here): it builds a DL4J network for each of the 262 emulchem files.
 */
@Tag("slow")
class GoldenDl4jTest {

    @Test
    void goldenFilesOnDl4j() throws Exception {
        GoldenJavaTest.check(Backend.DL4J, GoldenJavaTest.REL, GoldenJavaTest.NET_ABS, GoldenJavaTest.ROWS_AT_1E12);
    }

    @Test
    void thesisTable24OnDl4j() {
        EmulatorCatalog cat = Golden.catalog().withBackend(Backend.DL4J);
        EmulatedChain chain = EmulatedChain.of(cat, ReferenceValuesTest.THESIS_LINES);
        assertSame(Backend.DL4J, cat.line("CO(3-2)").emulator().kernel().backend());
        double[] i = chain.intensities(10, 100, 5e5, 40, 150, 0.9, 50, 1); // Table 2.3, f = 1
        assertEquals(6869.1, i[0], 0.1, "CO(3-2)"); // Table 2.4, emulated column
        assertEquals(6844.5, i[1], 0.1, "CO(6-5)");
        assertEquals(958.3, i[2], 0.1, "HCN(4-3)");
    }
}
