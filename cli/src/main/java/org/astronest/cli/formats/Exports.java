package org.astronest.cli.formats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.inference.RunResult;

/**
 * Writes a run in other tools' formats into subdirectories of its run directory ({@code RUN_DIR/getdist/},
 * {@code RUN_DIR/anesthetic/}, {@code RUN_DIR/arviz/}). Each format is written into a temporary sibling
 * ({@code .NAME.part}) and renamed into place when complete, so a killed export leaves the old subdirectory or the new
 * one. An existing subdirectory is replaced only when asked ({@code --force}, or a run that has just claimed its
 * directory); otherwise the export stops before writing anything.
 */
public final class Exports {

    private Exports() {
    }

    /** The subdirectories of {@code runDir} that already exist for {@code formats}. */
    public static List<Path> existing(Path runDir, List<OutputFormat> formats) {
        List<Path> out = new ArrayList<>();
        for (OutputFormat f : formats) {
            Path d = runDir.resolve(f.directory());
            if (Files.exists(d)) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * Writes every format; an existing subdirectory is replaced when {@code replace}, else refused with one line
     * before anything is written.
     *
     * @return the files written
     * @throws IllegalArgumentException when a subdirectory exists and {@code replace} is false, or a format cannot
     *                                  write this run (its message names what is missing)
     */
    public static List<Path> write(Path runDir, RunResult run, String root, List<OutputFormat> formats,
                                   boolean replace) {
        for (OutputFormat f : formats) {
            f.cannotWrite(run).ifPresent(why -> {
                throw new IllegalArgumentException(why);
            });
        }
        if (!replace) {
            List<Path> there = existing(runDir, formats);
            if (!there.isEmpty()) {
                throw new IllegalArgumentException(there.get(0) + " already exists; pass --force to replace it");
            }
        }
        String stem = GetDistNames.root(root);
        List<Path> written = new ArrayList<>();
        for (OutputFormat f : formats) {
            Path target = runDir.resolve(f.directory());
            Path part = runDir.resolve("." + f.directory() + ".part");
            try {
                AtomicFiles.deleteTree(part);
                Files.createDirectories(part);
                List<Path> files = f.write(run, stem, part);
                AtomicFiles.deleteTree(target);
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                for (Path p : files) {
                    written.add(target.resolve(part.relativize(p)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write format " + f.name() + " into " + target + ": "
                        + e.getMessage(), e);
            } finally {
                try {
                    AtomicFiles.deleteTree(part);
                } catch (IOException e) {
                    // the .part directory is left for the next export to remove
                }
            }
        }
        return written;
    }

}
