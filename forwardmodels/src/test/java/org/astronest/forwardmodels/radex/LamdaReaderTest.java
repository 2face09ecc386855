package org.astronest.forwardmodels.radex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;

class LamdaReaderTest {

    private static Molecule read(String rel) {
        return LamdaReader.read(SharedData.resolve("lamda/" + rel));
    }

    @Test
    void everySharedFileParses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(SharedData.resolve("lamda"))) {
            files = s.filter(p -> p.toString().endsWith(".dat")).sorted().toList();
        }
        assertEquals(13, files.size(), files.toString());
        for (Path f : files) {
            Molecule m = LamdaReader.read(f);
            assertTrue(m.levelCount() > 1 && m.lineCount() > 0 && !m.partners().isEmpty(), m.toString());
            for (int k = 1; k <= m.lineCount(); k++) {
                // the file's E_up (K) must match the level energy (cm^-1) times hc/k to its printed precision
                double eUp = m.levelEnergy(m.upper(k)) * RadexSolver.FK;
                assertEquals(m.eUpK(k), eUp, 0.06 + 1e-4 * eUp, f + " line " + k);
            }
        }
    }

    @Test
    void contentsMatchTheProvenanceTable() {
        // Counts from ../shared/lamda/README.md.
        Molecule co = read("spectralradex/co.dat");
        assertEquals(41, co.levelCount());
        assertEquals(40, co.lineCount());
        assertEquals(List.of(2, 3), co.partners().stream().map(CollisionPartner::id).toList());
        assertEquals(820, co.partners().get(0).transitionCount());
        assertEquals(25, co.partners().get(1).temperatures().length);
        assertEquals(115.2712018, co.frequencyGHz(1), 1e-7);
        assertEquals(7.203e-08, co.einsteinA(1), 1e-20);

        Molecule hcn = read("spectralradex/hcn.dat");
        assertEquals(26, hcn.levelCount());
        assertEquals(List.of(1, 4), hcn.partners().stream().map(CollisionPartner::id).toList());
        assertEquals(325, hcn.partners().get(0).transitionCount());
        assertEquals(36, hcn.partners().get(1).transitionCount());
        assertEquals(10, hcn.partners().get(1).temperatures().length);
        assertEquals("00", hcn.quantumNumbers(1)); // quoted " 00 " in the file
        assertEquals(2, hcn.findLine("2", "1"));

        Molecule hco = read("spectralradex/hco+.dat");
        assertEquals(21, hco.levelCount());
        assertEquals(210, hco.partners().get(0).transitionCount());
        assertEquals(12, hco.partners().get(0).temperatures().length);

        Molecule cs = read("pythonradex/cs.dat"); // tab-separated rates
        assertEquals(31, cs.levelCount());
        assertEquals(List.of(2, 3), cs.partners().stream().map(CollisionPartner::id).toList());
        assertEquals(435, cs.partners().get(1).transitionCount());
        assertEquals(11, cs.partners().get(0).temperatures().length);
        assertEquals(465, read("spectralradex/cs@lique.dat").partners().get(0).transitionCount());
        assertEquals(465, read("pythonradex/hco+.dat").partners().get(0).transitionCount());

        Molecule hfs = read("spectralradex/hcn@hfs.dat"); // J_F quantum numbers like 01_02
        assertEquals("01_02", hfs.quantumNumbers(3));
    }

    @Test
    void rateInterpolationIsLinearAndClamped() {
        CollisionPartner p = read("spectralradex/hco+.dat").partners().get(0);
        double[] t = p.temperatures(); // 10, 20, 30, ...
        assertEquals(10.0, t[0]);
        double r10 = p.rate(0, 10);
        double r20 = p.rate(0, 20);
        assertEquals(0.25 * r10 + 0.75 * r20, p.rate(0, 17.5), 1e-24);
        assertEquals(r10, p.rate(0, 3)); // below the table: first column
        assertEquals(p.rate(0, t[t.length - 1]), p.rate(0, 1e4)); // above: last column
    }

    private static final String GOOD = String.join("\n",
            "!MOLECULE", "Toy", "!WEIGHT", "28.0", "!NLEV", "3",
            "!LEVEL + ENERGIES(cm^-1) + WEIGHT + J",
            "1\t0.0\t1.0\t\"0\"", "   2  3.845  3.0  ' 1 '", "3 11.535 5.0 2 a  b",
            "!NLIN", "2", "!TRANS", "1 2 1 7.2E-008 115.27 5.53", "2 3 2 6.9D-07 230.54 16.60",
            "!NPART", "2", "!COLLISIONS BETWEEN", "2 Toy-pH2", "!NTRANS", "3", "!NTEMP", "2", "!TEMPS", "10 20",
            "1 2 1 1.0E-011 2.0E-011", "! a remark inside the block", "2 3 1 1.0E-011 1.0E-011  ! trailing remark",
            "3 3 2 3.0-011 3.0E-011",
            "!COLLISIONS BETWEEN", "o-H2 without a number", "!NTRANS", "1", "!NTEMP", "1", "!TEMPS", "100",
            "1 2 1 5e-11", "!NOTES:", "anything after the data is ignored", "1 2 3");

    @Test
    void toleratesTheUsualQuirks() {
        Molecule m = LamdaReader.parse("toy.dat", GOOD);
        assertEquals("Toy", m.name());
        assertEquals("0", m.quantumNumbers(1));
        assertEquals("1", m.quantumNumbers(2));
        assertEquals("2 a b", m.quantumNumbers(3));
        assertEquals(6.9e-7, m.einsteinA(2), 1e-20);
        assertEquals(List.of(2, 3), m.partners().stream().map(CollisionPartner::id).toList());
        assertEquals(3e-11, m.partners().get(0).rate(2, 5), 1e-25); // "3.0-011" Fortran exponent form
        assertEquals(5e-11, m.partners().get(1).rate(0, 50), 1e-25);
    }

    private static LamdaFormatException broken(String from, String to) {
        assertTrue(GOOD.contains(from), from);
        return assertThrows(LamdaFormatException.class, () -> LamdaReader.parse("toy.dat", GOOD.replace(from, to)));
    }

    @Test
    void brokenFilesNameFileLineAndExpectation() {
        LamdaFormatException e = broken("   2  3.845  3.0  ' 1 '", "   2  3.8x5  3.0  ' 1 '");
        assertEquals(9, e.line());
        assertTrue(e.getMessage().startsWith("toy.dat:9: expected the energy of level 2 (a number), found '3.8x5'"),
                e.getMessage());

        e = broken("2 3 2 6.9D-07 230.54 16.60", "2 4 2 6.9D-07 230.54 16.60");
        assertTrue(e.getMessage().contains("the upper level of transition 2 in 1..3, found '4'"), e.getMessage());

        e = broken("1 2 1 7.2E-008 115.27 5.53", "1 1 2 7.2E-008 115.27 5.53");
        assertTrue(e.getMessage().contains("upper level above its lower level"), e.getMessage());

        e = broken("1 2 1 1.0E-011 2.0E-011", "1 2 1 1.0E-011");
        assertTrue(e.getMessage().contains("expected collisional transition 1 of 3 of partner 1 (TRANS UP LOW and 2 "
                + "rates), found 4 values"), e.getMessage());

        e = broken("2 Toy-pH2", "9 Toy-pH2");
        assertTrue(e.getMessage().contains("with an id 1..7"), e.getMessage());

        e = broken("10 20", "20 10");
        assertTrue(e.getMessage().contains("positive, increasing collision temperatures"), e.getMessage());

        e = broken("1 2 1 5e-11", "1 2 1 -5e-11");
        assertTrue(e.getMessage().contains("non-negative rate 1"), e.getMessage());

        e = broken("1\t0.0\t1.0\t\"0\"", "1\t0.0");
        assertTrue(e.getMessage().contains("toy.dat:8: expected energy level 1 of 3"), e.getMessage());

        String truncated = GOOD.substring(0, GOOD.indexOf("!NPART"));
        e = assertThrows(LamdaFormatException.class, () -> LamdaReader.parse("cut.dat", truncated));
        assertTrue(e.getMessage().contains("unexpected end of file: expected the number of collision partners"),
                e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LamdaReader.read(Path.of("no/such/molecule.dat")));
        assertTrue(e.getMessage().contains("no/such/molecule.dat"), e.getMessage());
    }
}
