package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;

class RadexCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void tableReproducesRadexStandardOut() {
        // fvdtak/radex standard.out (RADEX 30nov2011, ../shared/radex/upstream/fvdtak_radex): 28 iterations and
        // 1-0: 4.505 4.686E+00 1.557E+00 4.897E-01 4.221E-01 1.657E+00 1.514E-08
        String file = SharedData.resolve("lamda/fvdtak_radex/hco+.dat").toString();
        Run r = run("radex", "--molecule", file, "--T", "20", "--n", "1e4", "--N", "1e13", "--dv", "1",
                "--fmin", "50", "--fmax", "500");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Calculation finished in   28 iterations"), r.out());
        assertTrue(r.out().contains("4.505  4.686E+00  1.557E+00  4.897E-01  4.221E-01  1.657E+00  1.514E-08"),
                r.out());
        assertEquals(5, r.out().lines().filter(l -> l.contains(" -- ")).count());
    }

    @Test
    void jsonHasTheContractKeys() throws Exception {
        Run r = run("radex", "--molecule", "co", "--T", "30", "--n", "1e5", "--N", "1e13", "--json", "--fmax", "400");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("converged").asBoolean());
        assertTrue(j.get("iterations").asInt() >= 10, "RADEX's minimum is 10 iterations"); // miniter
        JsonNode l = j.get("lines").get(0);
        List<String> keys = List.of("upper", "lower", "frequencyGHz", "eUpK", "tex", "tau", "tR", "fluxKkms", "fluxErg");
        List<String> names = new java.util.ArrayList<>();
        l.fieldNames().forEachRemaining(names::add);
        assertEquals(keys, names);
        // ALGORITHM.md case C (SpectralRadex): CO 1-0 Tex 31.666, T_R 6.275e-3, flux 6.680e-3
        assertEquals(31.666, l.get("tex").asDouble(), 5e-4);
        assertEquals(6.275e-3, l.get("tR").asDouble(), 5e-7);
        assertEquals("1", l.get("upper").asText());
        assertEquals(3, j.get("lines").size());
    }

    @Test
    void nonConvergedModelWithholdsValues() throws Exception {
        // radex_grid.csv: hcn.dat sphere T=200 n=1e5 N=1e15 is NOT_CONVERGED_9999 in RADEX too.
        Run r = run("radex", "--molecule", "hcn", "--T", "200", "--n", "1e5", "--N", "1e15", "--json");
        assertEquals(RadexCommand.NOT_CONVERGED, r.code());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(false, j.get("converged").asBoolean());
        assertEquals(0, j.get("lines").size());
        assertTrue(r.err().contains("did not converge"), r.err());
    }

    @Test
    void badInputGivesOneLineErrors() {
        Run r = run("radex", "--molecule", "co", "--T", "-3", "--n", "1e5", "--N", "1e13");
        assertEquals(2, r.code());
        assertEquals("error: --T must be finite and > 0, got -3.0", r.err().strip());
        r = run("radex", "--molecule", "co", "--T", "30", "--n", "1e5", "--N", "1e13", "--geometry", "cube");
        assertEquals("error: geometry must be sphere, lvg or slab, got 'cube'", r.err().strip());
        r = run("radex", "--molecule", "co", "--T", "30", "--N", "1e13");
        assertEquals("error: give the H2 density with --n, or partner densities with --partner", r.err().strip());
        r = run("radex", "--molecule", "co", "--T", "30", "--partner", "x=3", "--N", "1e13");
        assertTrue(r.err().startsWith("error: --partner: unknown partner 'x'"), r.err());
        r = run("radex", "--molecule", "unobtainium", "--T", "30", "--n", "1e5", "--N", "1e13");
        assertTrue(r.err().startsWith("error: molecule 'unobtainium' is neither a file"), r.err());
        assertEquals(1, r.err().strip().lines().count());
    }
}
