package org.astronest.emulators;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.astronest.data.SharedData;
import org.astronest.emulators.io.TorchLegacyReader;

/**
 * The emulators in a directory laid out like emulchem's data folder ({@code chem/} and {@code rad/}, see the shared
 * {@code emulchem/FORMAT.md}). Where it looks: an explicit directory ({@code --emulchem-dir}), else the environment
 * variable {@value #ENV}, else {@code emulchem/} in the shared data folder ({@link SharedData}).
 *
 * <p>Loaded networks are cached (thread-safe, each file read once per catalog); emulators are cached per backend.
 */
public final class EmulatorCatalog {

    /** Environment variable naming an emulchem data folder. */
    public static final String ENV = "ASTRONEST_EMULCHEM";

    /** Column density per unit line width (cm^-2 / (km/s)) valid for each RADEX species, thesis seed 001 Table 2.2. */
    private static final Map<String, double[]> COLUMN_PER_WIDTH = Map.of(
            "CO", new double[] {1e13, 1e19},
            "CS", new double[] {1e10, 1e18},
            "HCN", new double[] {1e9, 1e17},
            "HCO+", new double[] {1e8, 1e15},
            // 13CO is not in Table 2.2 nor FORMAT.md: the range its input scalers were fitted on (training range)
            "13CO", new double[] {1e12, 1e18});

    private static final Pattern RAD_FILE = Pattern.compile("^network(.+?)(\\d+)$");

    private record Loaded(DenseNetwork network, Scaler in, Scaler out) {
    }

    private final Path dir;
    private final Backend backend;
    private final Map<String, Loaded> files;
    private final Map<String, Emulator> emulators;

    /** A catalog over {@code dir} with the Java backend; an error saying where it looked if it is not emulchem-like. */
    public EmulatorCatalog(Path dir) {
        this(check(dir, "the given directory"), Backend.JAVA, new ConcurrentHashMap<>());
    }

    private EmulatorCatalog(Path dir, Backend backend, Map<String, Loaded> files) {
        this.dir = dir;
        this.backend = backend;
        this.files = files;
        this.emulators = new ConcurrentHashMap<>();
    }

    /**
     * Opens the catalog from {@code dirOption} (may be null: then {@value #ENV}, then the shared folder's
     * {@code emulchem/}).
     */
    public static EmulatorCatalog open(String dirOption) {
        Path dir = locate(dirOption).toAbsolutePath().normalize();
        return OPEN.computeIfAbsent(dir, d -> new EmulatorCatalog(d, Backend.JAVA, new ConcurrentHashMap<>()));
    }

    /**
     * Catalogs opened so far, by directory: a map of thousands of fits opens the same networks once (the catalog
     * loads lazily and is safe to share between threads).
     */
    private static final Map<Path, EmulatorCatalog> OPEN = new ConcurrentHashMap<>();

    /** Where {@link #open} looks; an {@link IllegalArgumentException} with one line saying where and how otherwise. */
    public static Path locate(String dirOption) {
        if (dirOption != null && !dirOption.isBlank()) {
            return check(Paths.get(dirOption), "--emulchem-dir");
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return check(Paths.get(env), "environment variable " + ENV);
        }
        Path shared;
        try {
            shared = SharedData.root().resolve("emulchem");
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("emulchem networks not found: " + e.getMessage()
                    + "; or point --emulchem-dir or " + ENV + " at an emulchem data folder (with chem/ and rad/)", e);
        }
        return check(shared, "the shared data folder");
    }

    private static Path check(Path d, String source) {
        Path abs = d.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs.resolve("chem")) || !Files.isDirectory(abs.resolve("rad"))) {
            throw new IllegalArgumentException("emulchem networks not found: looked in " + abs + " (from " + source
                    + ") for chem/ and rad/; point --emulchem-dir or " + ENV + " at an emulchem data folder");
        }
        return abs;
    }

    public Path directory() {
        return dir;
    }

    public Backend backend() {
        return backend;
    }

    /** The same catalog (sharing loaded files) handing out emulators on another backend. */
    public EmulatorCatalog withBackend(Backend b) {
        return b == backend ? this : new EmulatorCatalog(dir, b, files);
    }

    /** Chemistry species with a network and an output scaler, sorted. */
    public List<String> species() {
        List<String> s = new ArrayList<>();
        for (Path p : list(dir.resolve("chem"))) {
            String f = p.getFileName().toString();
            if (f.startsWith("network") && f.length() > 7
                    && Files.isRegularFile(dir.resolve("chem").resolve("scaler" + f.substring(7) + ".json"))) {
                s.add(f.substring(7));
            }
        }
        Collections.sort(s);
        return s;
    }

    /** Lines with a RADEX network and both scalers, sorted by species then J. */
    public List<LineId> lines() {
        List<LineId> s = new ArrayList<>();
        Path rad = dir.resolve("rad");
        for (Path p : list(rad)) {
            Matcher m = RAD_FILE.matcher(p.getFileName().toString());
            if (m.matches()) {
                String tail = m.group(1) + m.group(2);
                if (Files.isRegularFile(rad.resolve("scaler" + tail + ".json"))
                        && Files.isRegularFile(rad.resolve("minMaxScaler" + tail + ".json"))) {
                    s.add(parseRadName(m.group(1), m.group(2)));
                }
            }
        }
        s.sort(Comparator.comparing(LineId::species).thenComparingInt(LineId::upper));
        return s;
    }

    /** Species with RADEX networks. */
    public List<String> lineSpecies() {
        TreeSet<String> t = new TreeSet<>();
        for (LineId l : lines()) {
            t.add(l.species());
        }
        return new ArrayList<>(t);
    }

    /** The chemistry emulator of a species (exact name, else a unique case-insensitive match). */
    public ChemistryEmulator chemistry(String species) {
        String sp = resolveSpecies(species);
        Emulator e = emulators.computeIfAbsent("chem/" + sp, k -> {
            Loaded l = load("chem/network" + sp, "chem/minMaxScaler.json", "chem/scaler" + sp + ".json");
            return new Emulator(sp, backend.compile(l.network), l.in, l.out, ChemistryEmulator.DOMAIN,
                    Emulator.Output.EXP);
        });
        return new ChemistryEmulator(sp, e);
    }

    /** The RADEX emulator of a line written {@code CO(3-2)}. */
    public RadexEmulator line(String line) {
        return line(LineId.parse(line));
    }

    /** The RADEX emulator of a line. */
    public RadexEmulator line(LineId line) {
        String tail = line.species() + line.transitionIndex();
        if (!Files.isRegularFile(dir.resolve("rad").resolve("network" + tail))) {
            throw new IllegalArgumentException("line " + line + " has no emulator: " + dir.resolve("rad")
                    .resolve("network" + tail) + " does not exist (emulated: species " + lineSpecies()
                    + ", J_upper 1..20; see 'astronest emulate --list')");
        }
        double[] range = COLUMN_PER_WIDTH.get(line.species());
        if (range == null) {
            throw new IllegalArgumentException("line " + line + ": no documented valid N/dv range for species "
                    + line.species());
        }
        Emulator e = emulators.computeIfAbsent("rad/" + tail, k -> {
            Loaded l = load("rad/network" + tail, "rad/minMaxScaler" + tail + ".json", "rad/scaler" + tail + ".json");
            Domain d = new Domain(List.of(
                    new Domain.Input("T", 10, 200, "K", false),
                    new Domain.Input("n", 1e4, 1e6, "cm^-3", false),
                    new Domain.Input("N/dv", range[0], range[1], "cm^-2/(km/s)", true)));
            return new Emulator(line.toString(), backend.compile(l.network), l.in, l.out, d, Emulator.Output.IDENTITY);
        });
        return new RadexEmulator(line, e);
    }

    private String resolveSpecies(String species) {
        if (species == null || species.isBlank()) {
            throw new IllegalArgumentException("species must be given, got '" + species + "'");
        }
        if (Files.isRegularFile(dir.resolve("chem").resolve("network" + species))) {
            return species;
        }
        String found = null;
        for (String s : species()) {
            if (s.equalsIgnoreCase(species)) {
                found = s;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("species '" + species + "' has no chemistry emulator in "
                    + dir.resolve("chem") + " (" + species().size() + " species; see 'astronest emulate --list')");
        }
        return found;
    }

    private Loaded load(String network, String inScaler, String outScaler) {
        return files.computeIfAbsent(network, k -> {
            try {
                DenseNetwork net = DenseNetwork.fromStateDict(TorchLegacyReader.read(dir.resolve(network)));
                return new Loaded(net, Scaler.read(dir.resolve(inScaler)), Scaler.read(dir.resolve(outScaler)));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(dir.resolve(network) + ": " + e.getMessage(), e);
            }
        });
    }

    private static LineId parseRadName(String species, String digits) {
        return LineId.ofIndex(species, Integer.parseInt(digits));
    }

    private static List<Path> list(Path d) {
        List<Path> r = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(d)) {
            for (Path p : s) {
                r.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + d + ": " + e.getMessage(), e);
        }
        return r;
    }
}
