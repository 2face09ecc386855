package org.astronest.forwardmodels.radex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.astronest.data.SharedData;

/**
 * Finds and caches LAMDA files, with the default file and geometry per species.
 *
 * <p>Defaults (from {@code ../shared/radex/emulator_vs_radex.txt}: the emulchem RADEX emulators match classic RADEX
 * best with these files and geometries, so forward models that swap emulated for exact radiative transfer compare
 * like with like):
 * <table>
 * <caption>default LAMDA file and geometry per species</caption>
 * <tr><th>species</th><th>file (in the shared lamda folder)</th><th>geometry</th></tr>
 * <tr><td>CO</td><td>spectralradex/co.dat (Yang et al. 2010 p/o-H2 rates)</td><td>sphere</td></tr>
 * <tr><td>HCN</td><td>spectralradex/hcn.dat (Dumouchel et al. 2010 scaled; e- Faure et al. 2007)</td><td>sphere</td></tr>
 * <tr><td>HCO+</td><td>spectralradex/hco+.dat (the RADEX distribution test file, Flower 1999)</td><td>sphere</td></tr>
 * <tr><td>CS</td><td>spectralradex/cs@lique.dat (Lique et al. 2006 scaled)</td><td>lvg</td></tr>
 * <tr><td>HNC</td><td>spectralradex/hnc.dat (no emulator to compare with)</td><td>sphere</td></tr>
 * </table>
 */
public final class MoleculeLibrary {

    private static final Map<String, String[]> DEFAULTS = Map.of(
            "co", new String[] {"spectralradex/co.dat", "sphere"},
            "hcn", new String[] {"spectralradex/hcn.dat", "sphere"},
            "hco+", new String[] {"spectralradex/hco+.dat", "sphere"},
            "cs", new String[] {"spectralradex/cs@lique.dat", "lvg"},
            "hnc", new String[] {"spectralradex/hnc.dat", "sphere"});

    private static final Map<Path, Molecule> CACHE = new ConcurrentHashMap<>();

    private MoleculeLibrary() {
    }

    /** Species with a default file: co, hcn, hco+, cs, hnc. */
    public static List<String> species() {
        return List.of("co", "hcn", "hco+", "cs", "hnc");
    }

    /** Default geometry of a species (see the class table); sphere for unknown species, as RADEX's default. */
    public static Geometry defaultGeometry(String species) {
        String[] d = DEFAULTS.get(species.trim().toLowerCase(Locale.ROOT));
        return d == null ? Geometry.SPHERE : Geometry.parse(d[1]);
    }

    /**
     * Resolves a molecule argument: (1) an existing file path; else (2) a species name of the default table
     * (case-insensitive: CO, HCN, HCO+, CS, HNC); else (3) a path relative to the shared lamda folder
     * ({@code pythonradex/cs.dat}); else (4) a file name found in exactly one subfolder of the shared lamda folder
     * ({@code cs@lique.dat}, {@code hco+@xpol.dat}, with or without {@code .dat}). Fails naming what was tried.
     */
    public static Path resolve(String molecule) {
        if (molecule == null || molecule.isBlank()) {
            throw new IllegalArgumentException("molecule must be a LAMDA file or a species name, got '" + molecule + "'");
        }
        Path p = Path.of(molecule);
        if (Files.isRegularFile(p)) {
            return p;
        }
        String key = molecule.trim().toLowerCase(Locale.ROOT);
        if (DEFAULTS.containsKey(key)) {
            return SharedData.resolve("lamda/" + DEFAULTS.get(key)[0]);
        }
        Path lamda = SharedData.resolve("lamda");
        Path rel = lamda.resolve(molecule);
        if (Files.isRegularFile(rel)) {
            return rel;
        }
        String name = molecule.endsWith(".dat") ? molecule : molecule + ".dat";
        List<Path> found = new ArrayList<>();
        try (Stream<Path> s = Files.walk(lamda)) {
            s.filter(f -> f.getFileName().toString().equalsIgnoreCase(name)).forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("molecule '" + molecule + "' is ambiguous in " + lamda + ": "
                    + found.stream().map(f -> lamda.relativize(f).toString()).sorted().toList()
                    + "; give the subfolder, e.g. " + lamda.relativize(found.get(0)));
        }
        throw new IllegalArgumentException("molecule '" + molecule + "' is neither a file, nor a species "
                + species() + ", nor a file in " + lamda);
    }

    /** Reads (once, then cached) the molecule named as in {@link #resolve(String)}. */
    public static Molecule load(String molecule) {
        Path p = resolve(molecule).toAbsolutePath().normalize();
        return CACHE.computeIfAbsent(p, LamdaReader::read);
    }
}
