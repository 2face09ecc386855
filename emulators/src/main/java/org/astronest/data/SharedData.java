package org.astronest.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the shared data folder (emulator networks, molecular data, reference outputs) at run time.
 *
 * <p>Order: the system property {@code astronest.shared}, the environment variable {@code ASTRONEST_SHARED}, then
 * {@code ../shared} relative to the project root ({@code astronest.home} as set by the launcher, else the working
 * directory and its parents). A missing folder or file fails with a message saying where it looked and how to point
 * elsewhere; callers must never skip silently.
 */
public final class SharedData {

    public static final String PROPERTY = "astronest.shared";
    public static final String ENV = "ASTRONEST_SHARED";

    private SharedData() {
    }

    /** The shared folder; an {@link IllegalStateException} naming the places tried when it does not exist. */
    public static Path root() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            return existing(Paths.get(p), "system property " + PROPERTY);
        }
        String e = System.getenv(ENV);
        if (e != null && !e.isBlank()) {
            return existing(Paths.get(e), "environment variable " + ENV);
        }
        String home = System.getProperty("astronest.home");
        Path start = home != null ? Paths.get(home) : Paths.get("").toAbsolutePath();
        for (Path d = start.toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolveSibling("shared");
            if (Files.isDirectory(candidate) && Files.isRegularFile(d.resolve("astronest"))) {
                return candidate;
            }
            if (Files.isDirectory(d.resolve("../shared")) && Files.isRegularFile(d.resolve("pom.xml"))
                    && !Files.isRegularFile(d.getParent() == null ? d : d.getParent().resolve("pom.xml"))) {
                return d.resolve("../shared").normalize();
            }
        }
        throw new IllegalStateException("shared data folder not found: looked for ../shared beside the project root "
                + "(from " + start.toAbsolutePath() + "); set -D" + PROPERTY + "=DIR or " + ENV + "=DIR");
    }

    /** A file or folder inside the shared folder; an error naming the full path when it is missing. */
    public static Path resolve(String relative) {
        Path r = root();
        Path f = r.resolve(relative);
        if (!Files.exists(f)) {
            throw new IllegalStateException("shared data missing: " + f.toAbsolutePath().normalize()
                    + " does not exist; point -D" + PROPERTY + "=DIR or " + ENV + "=DIR at a complete shared folder");
        }
        return f;
    }

    private static Path existing(Path p, String source) {
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared data folder " + p.toAbsolutePath().normalize() + " (from " + source
                    + ") does not exist; set -D" + PROPERTY + "=DIR or " + ENV + "=DIR to the folder holding "
                    + "emulchem/, lamda/, radex/, ...");
        }
        return p.toAbsolutePath().normalize();
    }
}
