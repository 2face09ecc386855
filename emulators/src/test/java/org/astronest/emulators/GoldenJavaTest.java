package org.astronest.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Java backend reproduces the shared golden files {@code emulchem/golden/chem.csv} (648 rows, all 162 species)
 * and {@code emulchem/golden/rad.csv} (300 rows, all five species and twenty lines) to 1e-12 relative, one point at a
 * time and in one batch per network.
 *
 * <p>Two RADEX rows (CS(17-16), HCN(14-13): lines whose output nearly cancels in the output scaler, intensity 2.2 and
 * -0.0035 K km/s) cannot be matched to 1e-12 relative by any float64 evaluation order: the golden value itself carries
 * the rounding of its producer's summation order, amplified by the cancellation (numpy's {@code x @ W.T + b} and a
 * correctly rounded dot product per layer both miss HCN(14-13) by 2e-11). So the tolerance per row is
 * {@code 1e-12 * |ref| + 1e-15 * dv / x_scale}: the second term is 1e-15 absolute in the network's own output units
 * (a few ulp of its O(0.1-1) output), negligible for every other row. {@link #ROWS_AT_1E12} pins how many rows meet
 * the pure relative criterion.
 */
class GoldenJavaTest {

    static final double REL = 1e-12; // issue 5 "Done when"; FORMAT.md: "a faithful reader matches them to ~1e-12"
    static final double NET_ABS = 1e-15; // absolute, in network output units (see class comment)
    static final int ROWS_AT_1E12 = 298; // of 300 rad.csv rows; all 648 chem.csv rows

    @Test
    void chemistryGoldenSingleAndBatched() throws Exception {
        check(Backend.JAVA, REL);
    }

    /** Shared by the DL4J test with its own tolerance; returns the worst relative error seen (chem) . */
    static double check(Backend backend, double rel) throws Exception {
        return check(backend, rel, NET_ABS, ROWS_AT_1E12);
    }

    static double check(Backend backend, double rel, double netAbs, int minRowsAtRel) throws Exception {
        EmulatorCatalog cat = Golden.catalog().withBackend(backend);
        double worst = 0;
        List<Golden.ChemRow> chem = Golden.chem();
        assertEquals(648, chem.size());
        for (Golden.ChemRow r : chem) {
            ChemistryEmulator e = cat.chemistry(r.species());
            double x = e.emulator().evaluateUnchecked(r.inputs());
            worst = Math.max(worst, relErr(x, r.abundance()));
            assertEquals(r.abundance(), x, rel * Math.abs(r.abundance()), r.species() + " at row " + r);
        }
        // batched: all rows of one species in one call must agree too
        for (String sp : cat.species()) {
            List<Golden.ChemRow> rows = chem.stream().filter(r -> r.species().equals(sp)).toList();
            double[] flat = new double[rows.size() * 6];
            for (int i = 0; i < rows.size(); i++) {
                System.arraycopy(rows.get(i).inputs(), 0, flat, 6 * i, 6);
            }
            double[] out = new double[rows.size()];
            cat.chemistry(sp).emulator().evaluateUnchecked(flat, rows.size(), out);
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(rows.get(i).abundance(), out[i], rel * Math.abs(rows.get(i).abundance()), sp);
            }
        }
        List<Golden.RadRow> rad = Golden.rad();
        assertEquals(300, rad.size());
        int atRel = 0;
        for (Golden.RadRow r : rad) {
            RadexEmulator e = cat.line(LineId.ofIndex(r.species(), r.transitionIndex()));
            double y = e.emulator().evaluateUnchecked(new double[] {r.temperature(), r.density(),
                r.column() / r.width()}) * r.width();
            double tol = rel * Math.abs(r.intensity()) + netAbs * r.width() / e.emulator().outputScaler().scale()[0];
            assertEquals(r.intensity(), y, tol, e.line() + " at " + r);
            if (relErr(y, r.intensity()) <= rel) {
                atRel++;
            }
        }
        assertTrue(atRel >= minRowsAtRel, atRel + " of 300 RADEX rows within " + rel + " relative");
        return worst;
    }

    static double relErr(double x, double ref) {
        return Math.abs(x - ref) / Math.abs(ref);
    }

    @Test
    void catalogListsAllSpeciesAndLines() {
        EmulatorCatalog cat = Golden.catalog();
        assertEquals(162, cat.species().size()); // FORMAT.md: 162 species
        assertEquals(100, cat.lines().size()); // 5 species x 20 lines
        assertTrue(cat.lines().contains(LineId.parse("CO(3-2)")));
        assertTrue(cat.lines().contains(LineId.parse("13CO(20-19)")));
        assertEquals(List.of("13CO", "CO", "CS", "HCN", "HCO+"), cat.lineSpecies());
    }
}
