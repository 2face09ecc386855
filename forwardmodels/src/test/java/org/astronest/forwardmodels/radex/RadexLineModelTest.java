package org.astronest.forwardmodels.radex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RadexLineModelTest {

    @Test
    void fluxesAreThoseOfTheFullSolution() {
        RadexLineModel m = RadexLineModel.forSpecies("CO", List.of("CO(1-0)", "CO(3-2)", "2-1"));
        assertEquals(Geometry.SPHERE, m.geometry());
        double[] f = m.fluxes(30, 1e5, 1e13, 1);
        List<LineResult> all = Radex.solve(m.molecule(), RadexInput.ofH2(30, 1e5, 1e13, 1)).lines();
        assertArrayEquals(new double[] {all.get(0).fluxKkms(), all.get(2).fluxKkms(), all.get(1).fluxKkms()}, f, 0);
        // ALGORITHM.md case C (SpectralRadex): CO 1-0 flux 6.680e-3 K km/s at T=30, n=1e5, N=1e13, dv=1
        assertTrue(Printed.agrees(f[0], "6.680e-3"), "flux " + f[0]);
    }

    @Test
    void defaultFilesAndGeometriesPerSpecies() {
        assertEquals(Geometry.LVG, RadexLineModel.forSpecies("CS", List.of("CS(2-1)")).geometry());
        assertEquals("cs@lique.dat", MoleculeLibrary.resolve("cs").getFileName().toString());
        // HCN quantum numbers are quoted " 03 " in hcn.dat; integers compare numerically
        RadexLineModel hcn = RadexLineModel.forSpecies("hcn", List.of("HCN(3-2)"));
        assertEquals(3, RadexLineModel.lineIndex(hcn.molecule(), "HCN(3-2)"));
        assertEquals(Geometry.SPHERE, MoleculeLibrary.defaultGeometry("hco+"));
    }

    @Test
    void nonConvergenceIsReportedNotReturned() {
        // radex_grid.csv: hcn.dat, sphere, T=200, n=1e5, N=1e15 did not converge in RADEX 30nov2011 either.
        RadexLineModel hcn = RadexLineModel.forSpecies("HCN", List.of("HCN(1-0)"));
        double[] out = new double[1];
        assertFalse(hcn.fluxes(200, 1e5, 1e15, 1, out));
        assertTrue(Double.isNaN(out[0]));
        assertThrows(RadexNotConvergedException.class, () -> hcn.fluxes(200, 1e5, 1e15, 1));
    }

    @Test
    void threadsGiveTheSequentialResults() throws Exception {
        RadexLineModel m = RadexLineModel.forSpecies("HCO+", List.of("HCO+(1-0)", "HCO+(4-3)"));
        int k = 24;
        double[][] seq = new double[k][];
        for (int i = 0; i < k; i++) {
            seq[i] = m.fluxes(10 + 5 * i, Math.pow(10, 3 + 0.15 * i), Math.pow(10, 11 + 0.2 * i), 1);
        }
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> fs = new ArrayList<>();
            for (int rep = 0; rep < 3; rep++) {
                for (int i = k - 1; i >= 0; i--) {
                    final int j = i;
                    fs.add(ex.submit(() -> m.fluxes(10 + 5 * j, Math.pow(10, 3 + 0.15 * j),
                            Math.pow(10, 11 + 0.2 * j), 1)));
                }
            }
            for (int rep = 0; rep < 3; rep++) {
                for (int i = k - 1; i >= 0; i--) {
                    assertArrayEquals(seq[i], fs.get(rep * k + (k - 1 - i)).get(), 0);
                }
            }
        } finally {
            ex.shutdown();
        }
    }

    @Test
    void badNamesAreExplained() {
        Molecule co = MoleculeLibrary.load("co");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RadexLineModel.lineIndex(co, "CO(3-5)"));
        assertTrue(e.getMessage().startsWith("line 'CO(3-5)' not found in co.dat; lines are named like [CO(1-0)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RadexLineModel.lineIndex(co, "HCN(1-0)"));
        assertTrue(e.getMessage().contains("species HCN does not match the molecule file co.dat (CO)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RadexLineModel.lineIndex(co, "CO 1 0"));
        assertEquals("line name must look like CO(3-2), got 'CO 1 0'", e.getMessage());
    }

    @Test
    void moleculeResolution() {
        assertEquals("co.dat", MoleculeLibrary.resolve("CO").getFileName().toString());
        assertTrue(MoleculeLibrary.resolve("pythonradex/cs.dat").toString().endsWith("cs.dat"));
        assertTrue(MoleculeLibrary.resolve("hco+@xpol").toString().endsWith("hco+@xpol.dat"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MoleculeLibrary.resolve("hcn.dat"));
        assertTrue(e.getMessage().contains("is ambiguous"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MoleculeLibrary.resolve("unobtainium"));
        assertTrue(e.getMessage().startsWith("molecule 'unobtainium' is neither a file, nor a species"),
                e.getMessage());
    }
}
