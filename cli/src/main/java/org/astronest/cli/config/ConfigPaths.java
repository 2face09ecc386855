package org.astronest.cli.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.astronest.data.SharedData;

/**
 * File paths in a config: relative to the working directory, as on the command line, or {@code shared:REL} for
 * {@code REL} inside the shared data folder ({@code -Dastronest.shared}, {@code ASTRONEST_SHARED}, else
 * {@code ../shared}), so that shipped examples find the shared data wherever it is.
 */
public final class ConfigPaths {

    /** The prefix of a path inside the shared data folder. */
    public static final String SHARED = "shared:";

    private ConfigPaths() {
    }

    /** The path at {@code n} (a missing node gives null); a file that is not there is an error naming the key. */
    public static Path file(Node n) {
        if (n.isMissing()) {
            return null;
        }
        String s = n.text();
        Path p;
        try {
            p = s.startsWith(SHARED) ? SharedData.resolve(s.substring(SHARED.length())) : Paths.get(s);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw n.error("not a usable path '" + s + "': " + e.getMessage());
        }
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw n.error(java.nio.file.Files.isDirectory(p) ? "is a directory, not a file: " + p
                    : "no such file: " + p);
        }
        return p;
    }
}
