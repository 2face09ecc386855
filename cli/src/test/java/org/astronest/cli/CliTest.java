package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: help, version, and one-line errors with non-zero exits. */
class CliTest {

    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static void assertOneLineError(Outcome o, String fragment) {
        assertTrue(o.code() != 0, "non-zero exit");
        String first = o.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("error: ") && first.contains(fragment), "error line: " + o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace: " + o.err());
    }

    @Test
    void resolvedConfigRunsAgainToTheSameResult(@TempDir Path tmp) throws Exception {
        // config.resolved.yaml holds the sampler options actually used, and only config keys (no 'resume'), so
        // running it gives the same ln Z, error and calls: the run is deterministic in the seed it records
        Outcome first = run("run", ExamplesTest.example("shells2d").toString(), "--out", tmp.resolve("a").toString(),
                "--live-points", "100", "--threads", "1");
        assertEquals(0, first.code(), first.err());
        Outcome again = run("run", tmp.resolve("a").resolve("config.resolved.yaml").toString(), "--out",
                tmp.resolve("b").toString());
        assertEquals(0, again.code(), again.err());
        String a = Files.readString(tmp.resolve("a").resolve("result.json"));
        String b = Files.readString(tmp.resolve("b").resolve("result.json"));
        for (String key : new String[] {"\"logZ\"", "\"logZErr\"", "\"likelihoodCalls\""}) {
            assertEquals(field(a, key), field(b, key), key);
        }
    }

    @Test
    void anExistingRunIsNeverOverwrittenSilently(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        String cfg = ExamplesTest.example("shells2d").toString();
        Outcome first = run("run", cfg, "--out", dir.toString(), "--live-points", "60", "--threads", "1");
        assertEquals(0, first.code(), first.err());
        byte[] before = Files.readAllBytes(dir.resolve("result.json"));
        // a second run into the same directory is refused before any sampling, and the first run is untouched
        Outcome again = run("run", cfg, "--out", dir.toString(), "--live-points", "80", "--threads", "1");
        assertEquals(2, again.code(), again.err());
        assertOneLineError(again, "run directory " + dir + " already holds a run (result.json); pass --force");
        assertEquals(1, again.err().lines().count(), again.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("result.json"))));
        // --resume needs a checkpoint: a finished nested run has none
        Outcome resume = run("run", cfg, "--out", dir.toString(), "--resume");
        assertOneLineError(resume, "holds a run (result.json) but no checkpoint to continue; pass --force");
        // --force replaces it, and the previous run's files go first (a stale file would mix two runs)
        Files.writeString(dir.resolve("chains.csv"), "left over from another run\n");
        Files.writeString(dir.resolve("notes.txt"), "the user's own file\n");
        Outcome forced = run("run", cfg, "--out", dir.toString(), "--live-points", "80", "--threads", "1",
                "--force");
        assertEquals(0, forced.code(), forced.err());
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(dir.resolve("result.json"))),
                "80 live points give another result");
        assertFalse(Files.exists(dir.resolve("chains.csv")), "the old run's files are deleted");
        assertTrue(Files.exists(dir.resolve("notes.txt")), "files that are not a run's are kept");
        // the same guard on problem
        Path pdir = tmp.resolve("problem");
        assertEquals(0, run("problem", "loggamma2d", "--live-points", "40", "--out", pdir.toString()).code());
        assertOneLineError(run("problem", "loggamma2d", "--live-points", "40", "--out", pdir.toString()),
                "already holds a run");
    }

    @Test
    void anotherSamplerIgnoresTheConfigsSamplerOptionsWithOneWarning(@TempDir Path tmp) throws Exception {
        // examples/thesis-single-phase.yaml is written for nested sampling (live_points: 400)
        Outcome o = run("run", ExamplesTest.example("thesis-single-phase").toString(), "--sampler", "ensemble",
                "--steps", "300", "--walkers", "16", "--threads", "1", "--quiet", "--out", tmp.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals("warning: --sampler ensemble ignores the config's nested-sampler options: live_points",
                o.err().trim());
        String resolved = Files.readString(tmp.resolve("config.resolved.yaml"));
        assertTrue(resolved.contains("type: ensemble") && !resolved.contains("live_points"), resolved);
    }

    @Test
    void outputAndTruthsMistakesAreOneLine(@TempDir Path tmp) throws Exception {
        String cfg = ExamplesTest.example("shells2d").toString();
        // an empty --out would write the run into the working directory
        assertOneLineError(run("run", cfg, "--out", ""), "--out must name a directory, got ''");
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        assertOneLineError(run("run", cfg, "--out", file.toString()), "--out " + file + " is a file, not a directory");
        // truths for a parameter the model does not have were ignored, and the plot lacked the line
        Path t = Files.writeString(tmp.resolve("t.yaml"), "model: {type: problem, name: shells2d}\ntruths: {x9: 1}\n");
        Outcome o = run("run", t.toString(), "--out", tmp.resolve("o").toString());
        assertOneLineError(o, "t.yaml: truths.x9: not a parameter of the model; parameters: x1, x2");
        assertFalse(Files.exists(tmp.resolve("o")), "nothing written");
    }

    @Test
    void messagesNameWhatTheUserTyped(@TempDir Path tmp) throws Exception {
        // bench alone used to print the usage and exit 0
        assertOneLineError(run("bench"), "give a subcommand: nested, ensemble, gradient or nmf");
        assertEquals(2, run("bench").code());
        // RADEX's record names its fields fminGHz/fmaxGHz; the user typed --fmin/--fmax
        Outcome r = run("radex", "--molecule", "co", "--T", "30", "--n", "1e4", "--N", "1e14", "--fmin", "5",
                "--fmax", "1");
        assertOneLineError(r, "--fmax must be > --fmin (5.0), got 1.0");
        // an output folder that cannot be written is refused before the work, not after it
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        Path blocker = Files.writeString(ro.resolve("file"), "x");
        Outcome v = run("validate", "sbc", "--out", blocker.resolve("sub").toString());
        assertEquals(2, v.code(), v.err());
        assertOneLineError(v, "--out: cannot write to " + blocker.resolve("sub"));
    }

    @Test
    void nanAndInfInYamlNameTheKey(@TempDir Path tmp) throws Exception {
        // YAML 1.1 reads .nan and .inf as floats; the parser refused them as "invalid YAML" without the key
        Path c = Files.writeString(tmp.resolve("n.yaml"), "model: {type: problem, name: shells2d}\nparameters:\n"
                + "  x1: {prior: uniform, min: .nan, max: 6}\n");
        Outcome o = run("run", c.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, o.code(), o.err());
        assertOneLineError(o, "n.yaml: min at line 3, column 33: must be a finite number, got '.nan'");
    }

    @Test
    void fileErrorsSayTheReasonAndNameTheFileOnce() {
        assertEquals("permission denied: /r/x.csv",
                Main.describe(new java.nio.file.AccessDeniedException("/r/x.csv")));
        assertEquals("cannot write /r/x.csv: permission denied", Main.describe(new java.io.UncheckedIOException(
                "cannot write /r/x.csv: /r/x.csv", new java.nio.file.AccessDeniedException("/r/x.csv"))));
        assertEquals("not a directory: /r/f", Main.describe(new java.nio.file.NotDirectoryException("/r/f")));
    }

    @Test
    void aDirectoryGivenAsAFileIsCalledOne(@TempDir Path tmp) {
        // it was "no such file", which sends the user looking for a typo
        assertOneLineError(run("mcfa", "fit", tmp.toString(), "--latent", "1", "--components", "1", "--out",
                tmp.resolve("o").toString()), "DATA.csv: is a directory, not a file: " + tmp);
        assertOneLineError(run("payne", "fit", "--network", tmp.toString(), "--spectrum", tmp.toString(), "--out",
                tmp.resolve("p").toString()), "is a directory, not a .npz file: " + tmp);
    }

    private static String field(String json, String key) {
        int i = json.indexOf(key);
        assertTrue(i >= 0, key);
        int end = json.indexOf('\n', i);
        return json.substring(i, end < 0 ? json.length() : end);
    }

    @Test
    void helpAndVersion() {
        Outcome h = run("--help");
        assertEquals(0, h.code());
        assertTrue(h.out().contains("run") && h.out().contains("problem"), h.out());
        Outcome v = run("--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("astronest "), v.out());
    }

    @Test
    void usageErrorsAreOneLine() {
        assertOneLineError(run("frobnicate"), "frobnicate");
        assertOneLineError(run("problem", "nope"), "unknown problem 'nope'");
        assertOneLineError(run("problem", "shells2d", "--seed", "abc"), "abc");
    }

    @Test
    void badConfigIsOneLineAndVerboseAddsTheTrace(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, "model: {type: problem, name: shells2d}\nparameters:\n  x1: {prior: uniform, min: 3, max: 1}\n");
        Outcome o = run("run", cfg.toString());
        assertOneLineError(o, "c.yaml: parameters.x1: uniform: max must be > min");
        Outcome missing = run("run", dir.resolve("none.yaml").toString());
        assertOneLineError(missing, "config file not found");
        Outcome unknownModel = run("run", write(dir, "model: {type: radex-magic}\n"));
        assertOneLineError(unknownModel, "model.type: unknown model type 'radex-magic'");
        Outcome verbose = run("run", cfg.toString(), "--verbose");
        assertTrue(verbose.err().contains("\tat "), "stack trace with --verbose");
    }

    private static String write(Path dir, String text) throws Exception {
        Path f = Files.createTempFile(dir, "cfg", ".yaml");
        Files.writeString(f, text);
        return f.toString();
    }
}
