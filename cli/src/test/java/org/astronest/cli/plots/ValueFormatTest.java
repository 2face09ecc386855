package org.astronest.cli.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValueFormatTest {

    @Test
    void titlesKeepTwoSignificantFiguresOfTheSmallerError() {
        assertEquals("121^{+14}_{-11}", ValueFormat.title(121.3, 14.2, 11.1));
        assertEquals("0.310^{+0.020}_{-0.020}", ValueFormat.title(0.3101, 0.0203, 0.0198));
        assertEquals("5230^{+140}_{-120}", ValueFormat.title(5234, 140, 120));
        assertEquals("-12.5^{+1.1}_{-1.1}", ValueFormat.title(-12.49, 1.1, 1.07));
        assertEquals("(3.00^{+0.40}_{-0.40})\\times10^{14}", ValueFormat.title(3.0e14, 0.4e14, 0.4e14));
        // rounding up to the next power of ten moves the exponent
        assertEquals("(1.00^{+0.20}_{-0.20})\\times10^{-3}", ValueFormat.title(0.00099996, 0.0002, 0.0002));
        assertEquals("2.000", ValueFormat.title(2, 0, 0));
    }

    @Test
    void tickLabels() {
        assertArrayEquals(new String[] {"0.25", "0.50", "0.75"},
                ValueFormat.ticks(new double[] {0.25, 0.5, 0.75}, 0.25));
        assertArrayEquals(new String[] {"-2", "0", "2"}, ValueFormat.ticks(new double[] {-2, 1e-17, 2}, 2));
        Ticks t = Ticks.of(0, 1, false, 4);
        // 0.25 would give five ticks; the next nice step is 0.5
        assertArrayEquals(new double[] {0, 0.5, 1.0}, t.positions(), 1e-15);
        assertArrayEquals(new String[] {"0.0", "0.5", "1.0"}, t.labels());
        Ticks big = Ticks.of(4.6e5, 5.4e5, false, 4);
        assertEquals(5, big.exponent());
        Ticks dec = Ticks.of(2, 6, true, 5);
        assertArrayEquals(new double[] {2, 3, 4, 5, 6}, dec.positions(), 0);
        assertEquals("10^{3}", dec.labels()[1]);
    }

    @Test
    void richTextStacksScriptsAndKnowsGreek() {
        RichText t = RichText.parse("T = 121^{+14}_{-11} K");
        assertEquals("T = 121+14-11 K", t.plain());
        assertTrue(t.runs().get(2).stacked(), "the subscript is stacked under the superscript");
        assertEquals(1, t.runs().get(1).level());
        assertEquals(-1, t.runs().get(2).level());
        assertEquals("\u03b1 [cm-3]", RichText.parse("\\alpha [cm^-3]").plain());
        assertEquals("Tkin", RichText.parse("$T_\\mathrm{kin}$").plain());
        assertEquals(-1, RichText.parse("$T_\\mathrm{kin}$").runs().get(1).level());
    }
}
