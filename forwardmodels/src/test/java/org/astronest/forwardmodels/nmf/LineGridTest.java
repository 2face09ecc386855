package org.astronest.forwardmodels.nmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.astronest.forwardmodels.radex.MoleculeLibrary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The interpolated RADEX grid ({@link LineGrid}) against direct RADEX solutions at points off the grid. */
class LineGridTest {

    static LineSet lines;
    static LineGrid grid;

    @BeforeAll
    static void build() {
        lines = LineSet.chapter3();
        grid = LineGrid.build(lines, LineGrid.Range.chapter3());
    }

    /**
     * 300 random points over the whole grid (log T in [0.9, 2.4], log n in [3, 8]), all 13 lines: worst relative
     * error 3.4e-5 with the default steps (measured; asserted below 1e-4). Without the kinks as nodes the worst was
     * 1.3e-3, and 2e-4 with RADEX's own tolerance of 1e-6 (LineSet.ITERATION).
     */
    @Test
    void interpolationMatchesDirectRadexOffTheGrid() {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(17);
        double worst = 0;
        String where = "";
        double[] direct = new double[lines.size()];
        double[] interp = new double[lines.size()];
        for (int s = 0; s < 300; s++) {
            double lt = 0.9 + 1.5 * rng.nextDouble();
            double ln = 3 + 5 * rng.nextDouble();
            assertTrue(lines.intensities(Math.pow(10, lt), Math.pow(10, ln), direct));
            grid.intensities(lt, ln, interp);
            for (int l = 0; l < lines.size(); l++) {
                double rel = Math.abs(interp[l] / direct[l] - 1);
                if (rel > worst) {
                    worst = rel;
                    where = lines.lineNames().get(l) + " at log T " + lt + ", log n " + ln;
                }
            }
        }
        System.out.printf("LineGrid: %d RADEX nodes, worst relative error %.3g (%s)%n", grid.nodes(), worst, where);
        assertTrue(worst < 1e-4, "worst " + worst + " " + where);
    }

    /** At a node the interpolation returns the node's RADEX value (to the rounding of exp(ln I)). */
    @Test
    void exactAtNodes() {
        double[] direct = new double[lines.size()];
        double[] interp = new double[lines.size()];
        lines.intensities(Math.pow(10, 1.0), Math.pow(10, 5.0), direct);
        grid.intensities(1.0, 5.0, interp);
        assertArrayEquals(direct, interp, 1e-12 * 100);
    }

    /** The T nodes of HCO+ hold its LAMDA collision temperatures inside the range (10, 20, ..., 250 K). */
    @Test
    void kinksAreNodes() {
        double[] t = LineGrid.tNodes(LineGrid.kinks(MoleculeLibrary.load("HCO+")), grid.range());
        for (double k : new double[] {10, 20, 30, 50, 70, 100, 150, 200, 250}) {
            double lk = Math.log10(k);
            boolean found = false;
            for (double x : t) {
                found |= Math.abs(x - lk) < 1e-12;
            }
            assertTrue(found, "kink " + k + " K");
        }
        // CO: the ortho/para corner of H2 at 170.6 / ln 3 = 155.3 K
        double[] co = LineGrid.kinks(MoleculeLibrary.load("CO"));
        boolean opr = false;
        for (double k : co) {
            opr |= Math.abs(k - Math.log10(170.6 / Math.log(3))) < 1e-12;
        }
        assertTrue(opr);
    }

    @Test
    void outsideTheGridIsAnError() {
        assertEquals("(log T, log n) = (2.5, 5.0) is outside the grid [0.9, 2.4] x [3.0, 8.0]",
                assertThrows(IllegalArgumentException.class, () -> grid.intensities(2.5, 5, new double[13]))
                        .getMessage());
    }
}
