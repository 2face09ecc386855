package org.astronest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.astronest.cli.formats.Exports;
import org.astronest.cli.formats.OutputFormat;
import org.astronest.cli.formats.OutputFormats;
import org.astronest.cli.io.RunDirectory;
import org.astronest.inference.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code astronest export RUN_DIR --format getdist,anesthetic,arviz}: converts a finished run directory (any layout
 * {@link RunDirectory#read} accepts, verified against its manifest) into other tools' formats, each in its own
 * subdirectory (docs/run-directory.md, "Other tools").
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a run directory in other tools' formats (GetDist, anesthetic, ArviZ) into RUN_DIR/FORMAT/.")
public final class ExportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", description = "A run directory written by run, problem, payne fit or Java.")
    Path runDir;

    @Option(names = "--format", split = ",", paramLabel = "FMT",
            description = "Formats to write: getdist, anesthetic, arviz (default: every format that applies to the run).")
    List<String> formats = new ArrayList<>();

    @Option(names = "--root", paramLabel = "NAME",
            description = "Stem of the file names (default: the run's label from config.resolved.yaml, else chains).")
    String root;

    @Option(names = "--force", description = "Replace format subdirectories that already exist.")
    boolean force;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<OutputFormat> chosen;
        try {
            chosen = OutputFormats.of(formats);
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--format: " + e.getMessage());
        }
        if (!Files.isDirectory(runDir)) {
            throw new Main.UsageException("RUN_DIR " + runDir + " is not a directory");
        }
        List<String> notes = new ArrayList<>();
        RunResult r = RunDirectory.read(runDir, notes::add);
        if (chosen.isEmpty()) {
            for (OutputFormat f : OutputFormats.all()) {
                java.util.Optional<String> why = f.cannotWrite(r);
                if (why.isPresent()) {
                    notes.add("note: " + f.name() + " skipped: " + why.get());
                } else {
                    chosen.add(f);
                }
            }
        } else {
            for (OutputFormat f : chosen) {
                // the format's own one-line reason, before anything is printed or written
                f.cannotWrite(r).ifPresent(why -> {
                    throw new IllegalArgumentException(why);
                });
            }
        }
        notes.forEach(err::println);
        if (!r.samples().hasLogPriors()) {
            err.println("note: " + runDir + " has no log prior densities (written before they were recorded): "
                    + "GetDist's second column and ArviZ's lp are -ln L");
        }
        String stem = root != null ? root : label(runDir);
        for (Path f : Exports.write(runDir, r, stem, chosen, force)) {
            w.println("wrote " + f);
        }
        return 0;
    }

    /** The run's label from its config.resolved.yaml, or null. */
    static String label(Path runDir) {
        Path cfg = runDir.resolve(RunDirectory.CONFIG);
        if (!Files.isRegularFile(cfg)) {
            return null;
        }
        try {
            JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(cfg.toFile());
            return n != null && n.path("label").isTextual() ? n.path("label").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
