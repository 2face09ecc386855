package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmulateCommandTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void chemPrintsTheAbundance() {
        Run r = run("emulate", "chem", "--species", "CO", "--chi", "50", "--zeta", "50", "--n", "1e4", "--av", "10",
                "--T", "10", "--metallicity", "1");
        assertEquals(0, r.code(), r.err());
        // emulchem's test value 8.081735e-5 (float32 there; see ReferenceValuesTest), within 2e-6 relative
        assertEquals(8.081735e-5, Double.parseDouble(r.out().trim()), 2e-6 * 8.081735e-5);
    }

    @Test
    void lineJsonHoldsInputsAndIntensity() throws Exception {
        Run r = run("emulate", "line", "--line", "CO(3-2)", "--T", "100", "--n", "1e5", "--N", "1e17", "--dv", "10",
                "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals("CO(3-2)", o.get("line").asText());
        assertEquals(100, o.get("T").asDouble());
        assertEquals(1e5, o.get("n").asDouble());
        assertEquals(1e17, o.get("N").asDouble());
        assertEquals(10, o.get("dv").asDouble());
        assertEquals(177.8966, o.get("intensity").asDouble(), 2e-6 * 177.8966); // emulchem's test value
    }

    @Test
    void withoutTheDl4jModuleTheBackendSaysHowToGetIt() {
        // DL4J is the optional module emulators-dl4j, not in the CLI jar (its numbers are checked there:
        // Dl4jLineTest, GoldenDl4jTest)
        Run r = run("emulate", "line", "--line", "HCO+(3-2)", "--T", "100", "--n", "1e5", "--N", "1e15", "--dv", "100",
                "--json", "--backend", "dl4j");
        assertEquals(1, r.code(), r.err());
        assertEquals("error: the DL4J backend is not installed: it is the optional module emulators-dl4j; run with "
                + "ASTRONEST_DL4J=1 ./astronest ... (docs/emulators.md), or use --backend java\n", r.err());
    }

    @Test
    void chemJsonAndBackendOption() throws Exception {
        Run r = run("emulate", "chem", "--species", "CS", "--chi", "50", "--zeta", "50", "--n", "1e4", "--av", "10",
                "--T", "10", "--metallicity", "1", "--json", "--backend", "JAVA");
        assertEquals(0, r.code(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals("CS", o.get("species").asText());
        assertEquals(50, o.get("chi").asDouble());
        assertEquals(1, o.get("metallicity").asDouble());
        assertEquals("java", o.get("backend").asText());
        assertEquals(6.260397e-8, o.get("abundance").asDouble(), 2e-6 * 6.260397e-8); // emulchem's test value
    }

    @Test
    void helpListsTheSubcommands() {
        Run r = run("emulate", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("chem  Fractional abundance"), r.out());
        assertTrue(r.out().contains("line  Integrated line intensity"), r.out());
        r = run("emulate", "chem", "--species", "CO");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Missing required options"), r.err());
    }

    @Test
    void listShowsSpeciesAndLines() {
        for (String[] args : new String[][] {{"emulate", "--list"}, {"emulate", "list"}}) {
            Run r = run(args);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("chemistry species (162): "), r.out());
            assertTrue(r.out().contains("lines (100; transition index = J_upper - 1): 13CO(1-0) 13CO(2-1)"), r.out());
            assertTrue(r.out().contains(" HCO+(4-3) "), r.out());
        }
    }

    @Test
    void outOfRangeInputIsOneLineNamingIt() {
        Run r = run("emulate", "chem", "--species", "CO", "--chi", "10", "--zeta", "100", "--n", "5e5", "--av", "40",
                "--T", "300", "--metallicity", "0.9");
        assertEquals(2, r.code());
        assertEquals("error: T = 300 is outside the emulator's valid range [10, 200] K\n", r.err());
        r = run("emulate", "line", "--line", "CO(3-2)", "--T", "150", "--n", "5e5", "--N", "1.5e22", "--dv", "50");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: N/dv = 3.0E20 is outside"), r.err());
    }

    @Test
    void badBackendAndMissingDirectoryAreOneLine(@TempDir Path tmp) {
        Run r = run("emulate", "--list", "--backend", "gpu");
        assertEquals(2, r.code());
        assertEquals("error: --backend must be java or dl4j, got 'gpu'\n", r.err());
        r = run("emulate", "--list", "--emulchem-dir", tmp.resolve("nowhere").toString());
        assertEquals(2, r.code());
        assertEquals("error: emulchem networks not found: looked in " + tmp.resolve("nowhere").toAbsolutePath()
                + " (from --emulchem-dir) for chem/ and rad/; point --emulchem-dir or ASTRONEST_EMULCHEM at an "
                + "emulchem data folder\n", r.err());
        r = run("emulate", "line", "--line", "CO3-2", "--T", "150", "--n", "5e5", "--N", "1.5e19", "--dv", "50");
        assertEquals("error: line must look like CO(3-2), got 'CO3-2'\n", r.err());
    }
    @Test
    void optionsBeforeTheSubcommandApply(@TempDir Path tmp) {
        // emulate --json line ... printed the bare value: the options before the subcommand were ignored
        Run r = run("emulate", "--json", "line", "--line", "CO(3-2)", "--T", "100", "--n", "1e5", "--N", "1e17",
                "--dv", "10");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().trim().startsWith("{") && r.out().contains("\"intensity\""), r.out());
        r = run("emulate", "--emulchem-dir", tmp.resolve("nowhere").toString(), "line", "--line", "CO(3-2)", "--T",
                "100", "--n", "1e5", "--N", "1e17", "--dv", "10");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().startsWith("error: emulchem networks not found: looked in "
                + tmp.resolve("nowhere").toAbsolutePath()), r.err());
    }
}
