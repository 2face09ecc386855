package org.astronest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.cli.config.ConfigLoader;
import org.astronest.cli.config.ConfigPaths;
import org.astronest.cli.config.Node;
import org.astronest.cli.config.RunConfig;
import org.astronest.cli.io.FitsIo;
import org.astronest.cli.map.MapRunner;
import org.astronest.cli.map.MapSpec;
import org.astronest.inference.Rngs;
import org.astronest.priors.PriorSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code astronest map synthesize CONFIG --size N}: writes the FITS maps that a line-fit map config reads, for a
 * synthetic source whose kinetic temperature and density vary smoothly over the map (docs/maps.md, "Example"):
 * T = 60 + 120 (x / (N - 1)) + 20 sin(pi y / (N - 1)) K along x, log10 n = 4.5 + 1.0 (y / (N - 1)) cm^-3 along y,
 * every other parameter at its fixed value in the config. The intensities come from the config's own forward model
 * (emulator chain); each line's error map is {@code error} (default 15%) of the true intensity and the intensity map
 * is the truth plus Gaussian noise of that sd, drawn from {@code Rngs.stream(seed, 0x5E17, pixel)}. The truth maps
 * {@code T_true.fits} and {@code n_true.fits} go beside the first image, with the same world coordinates: a simple
 * celestial TAN grid of 1 arcsec pixels centred on NGC 1068 (RA 40.6696 deg, Dec -0.0133 deg).
 */
@Command(name = "synthesize", mixinStandardHelpOptions = true,
        description = "Write the FITS maps a line-fit map config reads, for a synthetic source with smooth T and n.")
final class MapSynthesize implements Callable<Integer> {

    @Parameters(paramLabel = "CONFIG", description = "A chemistry-dependent or -independent map config with map.images.")
    Path config;

    @Option(names = "--size", paramLabel = "N", defaultValue = "24", description = "Pixels per side (default 24).")
    int size;

    @Option(names = "--error", paramLabel = "FRACTION", defaultValue = "0.15",
            description = "Relative 1-sigma error of every line (default 0.15).")
    double error;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "2024", description = "Seed of the noise.")
    long seed;

    @Option(names = "--force", description = "Replace maps that exist.")
    boolean force;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** T (K) of pixel (x, y) of an n x n map. */
    static double temperature(int x, int y, int n) {
        return 60 + 120.0 * x / (n - 1) + 20 * Math.sin(Math.PI * y / (n - 1));
    }

    /** n (cm^-3) of pixel (x, y) of an n x n map. */
    static double density(int x, int y, int n) {
        return Math.pow(10, 4.5 + 1.0 * y / (n - 1));
    }

    @Override
    public Integer call() throws Exception {
        if (size < 2 || size > 4096) {
            throw new Main.UsageException("--size must be 2..4096, got " + size);
        }
        if (!(error > 0 && error < 1)) {
            throw new Main.UsageException("--error must be in (0, 1), got " + error);
        }
        String text = Files.readString(config, StandardCharsets.UTF_8);
        String file = config.getFileName().toString();
        JsonNode tree = ConfigLoader.tree(file, text);
        Node map = Node.root(file, tree).get("map");
        if (map.isMissing() || !map.has("images")) {
            throw new Main.UsageException(file + ": synthesize needs a map: section with images (docs/maps.md)");
        }
        // the image paths, which need not exist yet
        Map<String, Path> images = new LinkedHashMap<>();
        Node is = map.get("images").object(null);
        for (String k : is.keys()) {
            String s = is.get(k).text();
            images.put(k, s.startsWith(ConfigPaths.SHARED) ? null : Paths.get(s));
            if (images.get(k) == null) {
                throw is.get(k).error("synthesize writes its maps; give a path outside the shared folder");
            }
            if (Files.exists(images.get(k)) && !force) {
                throw new Main.UsageException(images.get(k) + " exists; pass --force to replace it");
            }
        }
        // every line gets its intensity and sigma from the maps: a placeholder of 1 each for the model setup
        JsonNode t = MapRunner.template(tree);
        for (String k : images.keySet()) {
            MapSpec.set(t, k, 1.0);
        }
        RunConfig c = ConfigLoader.fromTree(file, text, t);
        LineModels.Setup s = LineModels.setup(c);
        PriorSet priors = c.priors(s.type(), LineModels.defaults(s));
        if (!priors.contains("T") || !priors.contains("n")) {
            throw new Main.UsageException("synthesize varies the parameters T and n; model " + s.type() + " has "
                    + priors.names());
        }
        List<String> free = new ArrayList<>();
        for (var p : priors.parameters()) {
            if (!p.prior().isFixed() && !p.name().equals("T") && !p.name().equals("n")) {
                free.add(p.name());
            }
        }
        if (!free.isEmpty()) {
            throw new Main.UsageException("synthesize needs every parameter but T and n fixed in the config (the "
                    + "truth of the map); free: " + free);
        }
        int lines = s.fit().likelihood().observations().size();
        // which map holds what: lines[i].intensity / lines[i].sigma
        Map<String, int[]> role = new LinkedHashMap<>();
        for (String k : images.keySet()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("lines\\[(\\d+)]\\.(intensity|sigma)").matcher(k);
            if (!m.matches() || Integer.parseInt(m.group(1)) >= lines) {
                throw new Main.UsageException("synthesize writes lines[i].intensity and lines[i].sigma maps, i < "
                        + lines + "; got map.images key '" + k + "'");
            }
            role.put(k, new int[] {Integer.parseInt(m.group(1)), m.group(2).equals("sigma") ? 1 : 0});
        }
        double[][][] inten = new double[lines][size][size];
        double[][][] sig = new double[lines][size][size];
        double[][] tMap = new double[size][size];
        double[][] nMap = new double[size][size];
        int iT = priors.indexOf("T");
        int iN = priors.indexOf("n");
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double[] theta = new double[priors.size()];
                for (int i = 0; i < priors.size(); i++) {
                    theta[i] = priors.get(i).prior().fromUnit(0.5);
                }
                theta[iT] = temperature(x, y, size);
                theta[iN] = density(x, y, size);
                tMap[y][x] = theta[iT];
                nMap[y][x] = theta[iN];
                double[] pred = s.model().predict(theta);
                UniformRandomProvider r = Rngs.stream(seed, 0x5E17L, (long) y * size + x);
                for (int l = 0; l < lines; l++) {
                    double sd = error * pred[l];
                    double u1 = r.nextDouble();
                    double u2 = r.nextDouble();
                    double g = Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
                    inten[l][y][x] = Math.max(0, pred[l] + sd * g);
                    sig[l][y][x] = sd;
                }
            }
        }
        Map<String, Object> wcs = wcs(size);
        PrintWriter w = spec.commandLine().getOut();
        for (Map.Entry<String, Path> e : images.entrySet()) {
            int[] rl = role.get(e.getKey());
            Path p = e.getValue();
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            FitsIo.writeImage(p, rl[1] == 1 ? sig[rl[0]] : inten[rl[0]], wcs, "K km/s",
                    List.of("astronest map synthesize: " + e.getKey() + ", " + size + " x " + size + ", error " + error
                            + ", seed " + seed));
            w.println("wrote " + p);
        }
        Path firstMap = images.values().iterator().next();
        Path tTrue = firstMap.resolveSibling("T_true.fits");
        Path nTrue = firstMap.resolveSibling("n_true.fits");
        FitsIo.writeImage(tTrue, tMap, wcs, "K", List.of("astronest map synthesize: true T"));
        FitsIo.writeImage(nTrue, nMap, wcs, "cm-3", List.of("astronest map synthesize: true n"));
        w.println("wrote " + tTrue);
        w.println("wrote " + nTrue);
        return 0;
    }

    /** A TAN grid of 1 arcsec pixels centred on NGC 1068's nucleus. */
    static Map<String, Object> wcs(int n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("WCSAXES", 2);
        m.put("CTYPE1", "RA---TAN");
        m.put("CTYPE2", "DEC--TAN");
        m.put("CUNIT1", "deg");
        m.put("CUNIT2", "deg");
        m.put("CRPIX1", (n + 1) / 2.0);
        m.put("CRPIX2", (n + 1) / 2.0);
        m.put("CRVAL1", 40.6696);
        m.put("CRVAL2", -0.0133);
        m.put("CDELT1", -1.0 / 3600);
        m.put("CDELT2", 1.0 / 3600);
        m.put("RADESYS", "ICRS");
        m.put("EQUINOX", 2000.0);
        return m;
    }
}
