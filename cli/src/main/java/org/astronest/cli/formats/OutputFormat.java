package org.astronest.cli.formats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.astronest.inference.RunResult;

/**
 * A way of writing a run for another tool (GetDist, anesthetic, ArviZ, ...). Each format writes into its own
 * subdirectory of the run directory ({@code RUN_DIR/NAME/}), with file names built from a root (the run's label, else
 * {@code chains}). Adding a format is one class implementing this plus one line in {@link OutputFormats}.
 */
public interface OutputFormat {

    /** The name used in {@code output: {formats: [...]}}, {@code --formats} and {@code export --format}. */
    String name();

    /** One line for {@code --help}: the tool and the files. */
    String description();

    /** The subdirectory of the run directory this format writes into. */
    default String directory() {
        return name();
    }

    /**
     * Why this format cannot write {@code run} (one line naming what the run lacks), or empty when it can. Checked
     * before anything is written.
     */
    default java.util.Optional<String> cannotWrite(RunResult run) {
        return java.util.Optional.empty();
    }

    /**
     * Writes {@code run} into {@code dir} (created by the caller) with file names starting with {@code root}.
     *
     * @return the files written, in order
     * @throws IllegalArgumentException when the run lacks what the format needs (one line naming it)
     */
    List<Path> write(RunResult run, String root, Path dir) throws IOException;
}
