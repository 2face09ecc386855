package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code astronest nmf halo} on the shared synthetic halo: issue 21's acceptance numbers, --force, bad input. */
class NmfHaloCommandTest {

    @TempDir
    Path dir;

    @Test
    void haloMatchesTheTruthAndWritesAllFiles() throws Exception {
        Path stars = SharedData.resolve("nmf/halo_stars.csv");
        Path o = dir.resolve("halo");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, NmfCommandTest.run(out, err, "nmf", "halo", stars.toString(), "--out", o.toString()),
                err.toString());
        JsonNode r = new ObjectMapper().readTree(o.resolve("result.json").toFile());
        assertEquals(0.33181, r.get("highEnergyFraction").asDouble(), 0.015);
        assertEquals(-1.6634e5, r.get("crossoverE").asDouble(), 0.01e5);
        assertEquals(2, r.get("components").asInt());
        assertEquals(8, r.get("bins").asInt());
        assertEquals(64, r.get("perBin").size());
        assertEquals(20, r.get("reapplied").size());
        assertEquals("cd", r.at("/options/solver").asText());
        assertEquals("nndsvda", r.at("/options/init").asText());
        double[][] w = NmfCommandTest.readCsv(o.resolve("W.csv"));
        double[][] h = NmfCommandTest.readCsv(o.resolve("H.csv"));
        assertEquals(64, w.length);
        assertEquals(2, w[0].length);
        assertEquals(2, h.length);
        assertEquals(5000, h[0].length);
        for (String png : List.of("components.png", "fraction.png")) {
            byte[] b = Files.readAllBytes(o.resolve(png));
            assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', png);
        }
        // an existing result is refused without --force, replaced with it
        StringWriter err2 = new StringWriter();
        assertEquals(2, NmfCommandTest.run(new StringWriter(), err2, "nmf", "halo", stars.toString(), "--solver",
                "mu", "--out", o.toString()));
        assertTrue(err2.toString().contains("--force"), err2.toString());
        StringWriter err3 = new StringWriter();
        assertEquals(0, NmfCommandTest.run(new StringWriter(), err3, "nmf", "halo", stars.toString(), "--solver",
                "mu", "--out", o.toString(), "--force"), err3.toString());
        JsonNode m = new ObjectMapper().readTree(o.resolve("result.json").toFile());
        assertEquals("mu", m.at("/options/solver").asText());
        assertEquals(0.33181, m.get("highEnergyFraction").asDouble(), 0.015);
        assertEquals(-1.6634e5, m.get("crossoverE").asDouble(), 0.01e5);
    }

    private String fails(String csv, String... options) throws Exception {
        Path f = dir.resolve("stars.csv");
        Files.writeString(f, csv);
        String[] args = new String[4 + options.length];
        args[0] = "nmf";
        args[1] = "halo";
        args[2] = f.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        args[args.length - 1] = "--out=" + dir.resolve("bad");
        StringWriter err = new StringWriter();
        assertEquals(2, NmfCommandTest.run(new StringWriter(), err, args), err.toString());
        String e = err.toString().trim();
        assertFalse(e.contains("\n"), "one line: " + e);
        assertFalse(Files.exists(dir.resolve("bad").resolve("result.json")));
        return e;
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws Exception {
        assertTrue(fails("E,Lz,FeH,MgFe\n1,2,3,4\n").contains("no column 'AlFe'"));
        assertTrue(fails("E,Lz,FeH,MgFe,AlFe\n1,2,x,4,5\n").contains("line 2, column 'FeH': not a number"));
        assertTrue(fails("E,Lz,FeH,MgFe,AlFe\n1,2,3,4,5\n", "--solver", "als").contains("--solver"));
        assertTrue(fails("E,Lz,FeH,MgFe,AlFe\n1,2,3,4,5\n", "--bins", "0").contains("--bins"));
        assertTrue(fails("E,Lz,FeH,MgFe,AlFe\n1,2,3,4,5\n").contains("needs at least 64"));
    }
}
