package org.astronest.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python that the tests tagged {@code python} use to read our files with the field's own readers (xarray, zarr,
 * astropy): {@code ASTRONEST_PYTHON} when set, else {@code python3}. Such a test is skipped, naming why, only when
 * that Python cannot import the modules it needs; `.ci/run` installs them (Debian packages) or says why it could not.
 */
public final class PythonReaders {

    private PythonReaders() {
    }

    /** The interpreter to run. */
    public static String python() {
        String env = System.getenv("ASTRONEST_PYTHON");
        return env == null || env.isBlank() ? "python3" : env;
    }

    /** Skips the calling test unless {@link #python()} imports {@code modules} (e.g. "xarray, zarr"). */
    public static String require(String modules, String debianPackages) {
        String python = python();
        String why = missing(python, modules);
        Assumptions.assumeTrue(why == null, () -> "skipped: " + why + "; install " + debianPackages
                + " (Debian) or point ASTRONEST_PYTHON at a Python that has them");
        return python;
    }

    /** Null when {@code python -c "import MODULES"} works, else why not (one line). */
    static String missing(String python, String modules) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import " + modules).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return python + " -c \"import " + modules + "\" did not finish in 60 s";
            }
            if (p.exitValue() != 0) {
                String[] lines = out.split("\n");
                return python + " cannot import " + modules + " (" + lines[lines.length - 1] + ")";
            }
            return null;
        } catch (IOException e) {
            return "no " + python + " (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
