package org.astronest.forwardmodels.nmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Seed 003's pipeline on {@code shared/nmf/halo_stars.csv} against the truth of the synthetic halo (issue 21's
 * acceptance numbers), and the binning and histograms on a few made-up stars.
 */
class HaloPipelineTest {

    static final double TRUE_FRACTION = 0.33181;
    static final double TRUE_CROSSOVER = -1.6634e5;

    /** The shared file's stars (columns E, Lz, FeH, MgFe, AlFe, accreted). */
    static HaloPipeline.Stars halo() throws IOException {
        List<String> lines = Files.readAllLines(SharedData.resolve("nmf/halo_stars.csv"));
        assertEquals("E,Lz,FeH,MgFe,AlFe,accreted", lines.get(0).trim());
        int n = lines.size() - 1;
        double[][] c = new double[5][n];
        for (int s = 0; s < n; s++) {
            String[] f = lines.get(s + 1).split(",");
            for (int j = 0; j < 5; j++) {
                c[j][s] = Double.parseDouble(f[j].trim());
            }
        }
        return new HaloPipeline.Stars(c[0], c[1], c[2], c[3], c[4]);
    }

    private static void checkTruth(Nmf.Solver solver, Nmf.Init init) throws IOException {
        HaloPipeline.Stars stars = halo();
        assertEquals(13170, stars.size());
        HaloPipeline.Options d = HaloPipeline.Options.defaults();
        HaloPipeline.Options o = d.with(8, 50, d.nmf().withSolver(solver).withInit(init));
        HaloPipeline.Result r = HaloPipeline.run(stars, o);
        System.out.printf("halo %s %s: highEnergyFraction %.5f, crossoverE %.6g, %d iterations, loss %.6g%n",
                solver.id(), init.id(), r.highEnergyFraction(), r.crossoverE(), r.fit().iterations(),
                r.fit().loss());
        assertEquals(64, r.V().length);
        assertEquals(5000, r.V()[0].length);
        assertEquals(TRUE_FRACTION, r.highEnergyFraction(), 0.015, "highEnergyFraction");
        assertEquals(TRUE_CROSSOVER, r.crossoverE(), 0.01e5, "crossoverE");
        for (double[] h : r.H()) {
            double s = 0;
            for (double x : h) {
                s += x;
            }
            assertEquals(1, s, 1e-12);
        }
    }

    @Test
    void cdWithNndsvdaMatchesTheTruth() throws IOException {
        checkTruth(Nmf.Solver.CD, Nmf.Init.NNDSVDA);
    }

    @Test
    void muWithNndsvdaMatchesTheTruth() throws IOException {
        checkTruth(Nmf.Solver.MU, Nmf.Init.NNDSVDA);
    }

    /**
     * Nine stars, q = 2, l = 2, both panels [Fe/H] in [0, 2] x [0, 2]. E = 1..9 in input order except star 8 (index 7,
     * E = 5, tying star 4): by E (ties by index) the order is 0 1 2 3 4 7 5 6 8; the first group takes
     * ceil(9/2) = 5 stars (0 1 2 3 4), the second 4 (7 5 6 8). Lz splits group one (Lz of 0..4: 3, 1, 2, 1, 5 -> order
     * 1 3 2 0 4) into 3 1 2 | 0 4, and group two (Lz 0, 7, 6, 0 for 7 5 6 8 -> order 7 8 6 5) into 7 8 | 6 5.
     */
    @Test
    void binningAndHistogramsByHand() {
        double[] E = {1, 2, 3, 4, 5, 6, 7, 5, 9};
        double[] Lz = {3, 1, 2, 1, 5, 7, 6, 0, 0};
        // [Fe/H]: 0 and 0.999 -> x bin 0; 1, 2 -> x bin 1 (2 is the closed last edge); 2.5 and -0.1 are outside
        double[] FeH = {0, 0.999, 1, 2, 2.5, -0.1, 1.5, 0.5, 2};
        double[] AlFe = {0, 1.5, 2, 0.5, 0, 0, 1, 1, 3};
        double[] MgFe = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        HaloPipeline.Stars s = new HaloPipeline.Stars(E, Lz, FeH, MgFe, AlFe);
        HaloPipeline.Bins b = HaloPipeline.bin(s, 2);
        assertArrayEquals(new int[] {1, 0, 0, 0, 1, 3, 3, 2, 2}, b.bin());
        assertArrayEquals(new int[] {3, 2, 2, 2}, b.counts());
        assertArrayEquals(new double[] {1, 5}, b.eLo());
        assertArrayEquals(new double[] {5, 9}, b.eHi());
        assertArrayEquals(new double[] {1, 3, 0, 6}, b.lzLo());
        assertArrayEquals(new double[] {2, 5, 0, 7}, b.lzHi());
        assertArrayEquals(new double[] {3, 3, 7, 6.5}, b.meanE());

        HaloPipeline.Panel al = new HaloPipeline.Panel(HaloPipeline.Abundance.AL_FE, 0, 2, 0, 2);
        HaloPipeline.Panel mg = new HaloPipeline.Panel(HaloPipeline.Abundance.MG_FE, 0, 2, 0, 2);
        double[][] V = HaloPipeline.histograms(s, b.bin(), 4, 2, al, mg);
        // entry ix*2+iy of the [Al/Fe] panel, then 4 + ix*2+iy of the [Mg/Fe] panel (y = 1 -> iy 1)
        // bin 0: stars 1 (0.999, 1.5) -> (0,1); 2 (1, 2) -> (1,1); 3 (2, 0.5) -> (1,0)
        assertArrayEquals(new double[] {0, 1, 1, 1, 0, 1, 0, 2}, V[0]);
        // bin 1: star 0 (0, 0) -> (0,0); star 4 [Fe/H] 2.5 outside both
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 1, 0, 0}, V[1]);
        // bin 2: star 7 (0.5, 1) -> (0,1); star 8 (2, 3): [Al/Fe] outside, [Mg/Fe] -> (1,1)
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 1, 0, 1}, V[2]);
        // bin 3: star 5 [Fe/H] -0.1 outside; star 6 (1.5, 1) -> (1,1)
        assertArrayEquals(new double[] {0, 0, 0, 1, 0, 0, 0, 1}, V[3]);

        assertThrows(IllegalArgumentException.class, () -> HaloPipeline.bin(s, 4));
    }

    @Test
    void crossoverInterpolatesBetweenCentres() {
        double[] e = {0, 1, 2, 3, 4};
        // centres 0.5 1.5 2.5 3.5; from the top: 0.9, 0.7, NaN (skipped), 0.3 -> between 0.5 (0.3) and 2.5 (0.7)
        assertEquals(1.5, HaloPipeline.crossover(e, new double[] {0.3, Double.NaN, 0.7, 0.9}), 1e-15);
        assertEquals(3.0, HaloPipeline.crossover(e, new double[] {0.1, 0.2, 0.4, 0.6}), 1e-15);
        assertTrue(Double.isNaN(HaloPipeline.crossover(e, new double[] {0.1, 0.2, 0.4, 0.45})));
        assertTrue(Double.isNaN(HaloPipeline.crossover(e, new double[] {0.6, 0.7, 0.8, 0.9})));
    }
}
