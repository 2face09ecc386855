package org.astronest.forwardmodels.radex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;

/**
 * RADEX's own outputs in {@code ../shared/radex/upstream/} against the classic solver, with the rule of
 * {@link Printed}/{@link Agreement}: fvdtak/radex {@code standard.out} (case A of ALGORITHM.md), the 2024 example's
 * classic blocks (case B), pyradex's {@code example.out} and the 108 CO cases of pythonradex's RADEX test suite
 * (case E, all lines RADEX printed, up to 4.6 THz).
 */
class RadexUpstreamTest {

    private static final Geometry[] GEOM = Geometry.values();

    private static Geometry geometry(String header) {
        switch (header) {
            case "Uniform sphere":
                return Geometry.SPHERE;
            case "Expanding sphere":
                return Geometry.LVG;
            case "Plane parallel slab":
                return Geometry.SLAB;
            default:
                throw new IllegalArgumentException("geometry header " + header + " not one of " + List.of(GEOM));
        }
    }

    /** Solves the model described by a block's header and compares every printed row. */
    private static Agreement check(String where, Molecule mol, Printed.Block b, double fmin, double fmax,
                                   List<String> iterationNotes) {
        double[] d = new double[8];
        d[1] = b.num("Density of H2");
        if (b.get("Density of pH2") != null) {
            d[2] = b.num("Density of pH2");
        }
        if (b.get("Density of oH2") != null) {
            d[3] = b.num("Density of oH2");
        }
        RadexInput in = new RadexInput(b.num("T(kin)"), d, b.num("T(background)"), b.num("Column density"),
                b.num("Line width"), fmin, fmax);
        RadexResult r = Radex.solve(mol, in, geometry(b.get("Geometry")));
        assertTrue(r.converged(), where + " did not converge");
        if (r.iterations() != b.iterations()) {
            iterationNotes.add(where + ": RADEX " + b.iterations() + " iterations, ours " + r.iterations());
        }
        List<LineResult> lines = r.lines();
        assertEquals(b.rows().size(), lines.size(), where + ": number of lines");
        Agreement a = new Agreement();
        for (int i = 0; i < lines.size(); i++) {
            String[] row = b.rows().get(i);
            LineResult l = lines.get(i);
            assertTrue(Molecule.sameQn(l.upper(), row[0]) && Molecule.sameQn(l.lower(), row[1]), where + " row " + i);
            String[] printed = new String[5];
            for (int q = 0; q < 5; q++) {
                printed[q] = row[Agreement.OUT_COLUMNS[q]];
            }
            a.compare(where + " " + row[0] + "-" + row[1], l, printed, row[8], row[9]);
        }
        return a;
    }

    private static List<String> read(String rel) throws IOException {
        return Files.readAllLines(SharedData.resolve(rel));
    }

    @Test
    void standardOutOfRadex30nov2011() throws IOException {
        // fvdtak/radex standard.out: hco+.dat, T=20, n(H2)=1e4, Tbg=2.73, N=1e13, dv=1, fmin 50 fmax 500 GHz
        // (example.inp), uniform sphere, 28 iterations.
        Molecule hco = LamdaReader.read(SharedData.resolve("lamda/fvdtak_radex/hco+.dat"));
        List<Printed.Block> blocks = Printed.parseOut(read("radex/upstream/fvdtak_radex/standard.out"));
        assertEquals(1, blocks.size());
        assertEquals(28, blocks.get(0).iterations());
        List<String> notes = new ArrayList<>();
        Agreement a = check("standard.out", hco, blocks.get(0), 50, 500, notes);
        System.out.println("standard.out: " + a.summary() + " " + notes);
        assertTrue(notes.isEmpty(), notes.toString());
        assertTrue(a.failures.isEmpty(), a.failures.toString());
        assertEquals(25, a.strictAgree);
    }

    @Test
    void classicBlocksOfThe2024Example() throws IOException {
        // fvdtak/radex example_2024_modern.out: HCO+, T=30, n=1e5, N=1e15, Tbg = 2.73, 8.5, 15 (ALGORITHM.md case B);
        // "The initial matrix : 1" is the classic start (the other options are 2024 additions not in 30nov2011).
        Molecule hco = LamdaReader.read(SharedData.resolve("lamda/fvdtak_radex/hco+.dat"));
        List<Printed.Block> blocks = Printed.parseOut(read("radex/upstream/fvdtak_radex/example_2024_modern.out"));
        assertEquals(9, blocks.size());
        Agreement total = new Agreement();
        List<String> notes = new ArrayList<>();
        int classic = 0;
        for (Printed.Block b : blocks) {
            if (!"1".equals(b.get("The initial matrix"))) {
                continue;
            }
            classic++;
            total.add(check("example_2024 Tbg=" + b.get("T(background)"), hco, b, 50, 1000, notes));
        }
        System.out.println("example_2024_modern.out (classic blocks): " + total.summary() + " " + notes);
        assertEquals(3, classic);
        assertTrue(total.failures.isEmpty(), total.failures.toString());
        assertTrue(notes.isEmpty(), notes.toString());
    }

    @Test
    void pyradexExampleFromRadex20nov08() throws IOException {
        // keflavich/pyradex example.out, written by RADEX 20nov08 (67 iterations; 30nov2011 changed the treatment of
        // the local radiation field and needs 28). Same model as standard.out. The 20nov08 printout differs from
        // 30nov2011's standard.out in exactly one value: 2-1 flux 6.309E-01 (30nov2011: 6.310E-01); we reproduce
        // 30nov2011, so that one value is the only expected difference.
        Molecule hco = LamdaReader.read(SharedData.resolve("lamda/fvdtak_radex/hco+.dat"));
        List<Printed.Block> blocks = Printed.parseOut(read("radex/upstream/pyradex/example.out"));
        List<String> notes = new ArrayList<>();
        Agreement a = check("pyradex example.out", hco, blocks.get(0), 50, 500, notes);
        System.out.println("pyradex example.out: " + a.summary());
        assertEquals(1, a.failures.size(), a.failures.toString());
        assertTrue(a.failures.get(0).contains("2-1 flux_Kkms"), a.failures.get(0));
        assertEquals(24, a.strictAgree);
    }

    @Test
    void pythonradexCoCases() throws IOException {
        // gica3618/pythonradex tests/RADEX_test_cases: 108 CO runs of RADEX 30nov2011 (ALGORITHM.md case E) with
        // pythonradex's co.dat (numerically identical to SpectralRadex's). Every printed line is compared.
        Molecule co = LamdaReader.read(SharedData.resolve("lamda/pythonradex/co.dat"));
        Path dir = SharedData.resolve("radex/upstream/pythonradex_RADEX_test_cases");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".out")).sorted().toList();
        }
        assertEquals(108, files.size());
        Agreement total = new Agreement();
        List<String> notes = new ArrayList<>();
        for (Path f : files) {
            List<Printed.Block> blocks = Printed.parseOut(Files.readAllLines(f));
            assertEquals(1, blocks.size(), f.toString());
            total.add(check(f.getFileName().toString(), co, blocks.get(0), 0, 1e9, notes));
        }
        System.out.println("pythonradex cases: 108 models; " + total.summary() + "; iteration differences "
                + notes.size() + " " + notes);
        total.failures.stream().forEach(System.out::println);
        assertTrue(total.failures.isEmpty(), total.failures.size() + " disagreements");
        assertTrue(notes.isEmpty(), notes.toString());
    }

    @Test
    void publishedCoValues() {
        Molecule co = LamdaReader.read(SharedData.resolve("lamda/spectralradex/co.dat"));
        // ALGORITHM.md case C (uclchem/SpectralRadex docs/tutorials/radex.rst): CO, T=30, n(H2)=1e5, N=1e13, dv=1,
        // Tbg=2.73, sphere. 1-0: Tex 31.666, tau 2.23e-4 (as printed there), T_R 6.275e-3, flux 6.680e-3;
        // 2-1: Tex 29.262, tau 7.35e-4, T_R 1.755e-2; 3-2: Tex 26.640, tau 1.112e-3, T_R 2.129e-2; Tex 4-3 24.364,
        // 5-4 22.799.
        List<LineResult> c = Radex.solve(co, RadexInput.ofH2(30, 1e5, 1e13, 1)).lines();
        String[][] expC = {{"31.666", "2.23e-4", "6.275e-3", "6.680e-3"}, {"29.262", "7.35e-4", "1.755e-2", null},
            {"26.640", "1.112e-3", "2.129e-2", null}, {"24.364", null, null, null}, {"22.799", null, null, null}};
        for (int i = 0; i < expC.length; i++) {
            LineResult l = c.get(i);
            double[] ours = {l.tex(), l.tau(), l.tR(), l.fluxKkms()};
            for (int q = 0; q < 4; q++) {
                if (expC[i][q] != null) {
                    assertTrue(Printed.agrees(ours[q], expC[i][q]), "case C line " + (i + 1) + " quantity " + q
                            + ": ours " + ours[q] + " published " + expC[i][q]);
                }
            }
        }
        // ALGORITHM.md case D (astropenguin/ndradex tests and README): CO, T=100, n(H2)=1e3, N=1e15, dv=1, Tbg=2.73.
        // 1-0: Tex 132.463, tau 9.966e-3, T_R 1.278, pops 0.4934/0.1715, flux 1.360 K km/s, 2.684e-8 erg/cm2/s.
        LineResult d = Radex.solve(co, RadexInput.ofH2(100, 1e3, 1e15, 1)).lines().get(0);
        assertTrue(Printed.agrees(d.tex(), "132.463"), "Tex " + d.tex());
        assertTrue(Printed.agrees(d.tau(), "9.966e-3"), "tau " + d.tau());
        assertTrue(Printed.agrees(d.tR(), "1.278"), "T_R " + d.tR());
        assertTrue(Printed.agrees(d.popUp(), "0.4934"), "pop up " + d.popUp());
        assertTrue(Printed.agrees(d.popLow(), "0.1715"), "pop low " + d.popLow());
        assertTrue(Printed.agrees(d.fluxKkms(), "1.360"), "flux " + d.fluxKkms());
        assertTrue(Printed.agrees(d.fluxErg(), "2.684e-8"), "flux erg " + d.fluxErg());
    }
}
