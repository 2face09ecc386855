package org.astronest.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.cli.io.Csv;
import org.astronest.cli.io.FitsIo;
import org.astronest.cli.plots.MapPlot;
import org.astronest.forwardmodels.nmf.ComponentMatch;
import org.astronest.forwardmodels.nmf.MapUnmixing;
import org.astronest.forwardmodels.nmf.Nmf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code astronest nmf maps}: thesis chapter 3's unmixing of line-intensity maps ({@link MapUnmixing}): negatives to
 * zero, each map to mean 1, NMF, the scaling undone on W; component maps as FITS and PNG, and with {@code --true-w}
 * the permutation-minimised MAE ({@link ComponentMatch}).
 */
@Command(name = "maps", mixinStandardHelpOptions = true,
        description = "Unmix line-intensity maps into NMF components (thesis ch. 3): negatives set to 0, each map "
                + "scaled to mean 1 for the fit and the scaling undone on W. Writes DIR/W.csv (maps x K), DIR/H.csv "
                + "(K x pixels), DIR/componentK.fits and .png, DIR/result.json.")
final class NmfMapsCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MAP", arity = "0..*",
            description = "FITS images of equal shape, one per line (transition); or one CSV holding every map, one "
                    + "map per line (pixels row by row, x fastest), no header.")
    List<Path> maps = new ArrayList<>();

    @Option(names = "--list", paramLabel = "FILE", description = "A text file naming the map files, one per line "
            + "(relative to the file's folder; blank lines and lines starting with # skipped), instead of MAP "
            + "arguments.")
    Path list;

    @Option(names = "--width", paramLabel = "NX", description = "Pixels per image row of a CSV's maps (default: "
            + "square images). FITS maps carry their shape.")
    Integer width;

    @Option(names = "--components", required = true, paramLabel = "K", description = "Number of components.")
    int components;

    @Option(names = "--solver", paramLabel = "cd|mu", description = "Coordinate descent (default) or multiplicative "
            + "updates.")
    String solver = "cd";

    @Option(names = "--init", paramLabel = "nndsvd|nndsvda|nndsvdar|random", description = "Start (default as "
            + "scikit-learn: nndsvda when K <= min(maps, pixels), else random; the thesis used random starts).")
    String init;

    @Option(names = "--alpha-w", paramLabel = "A", description = "Penalty weight of W, the emission profiles "
            + "(default 0).")
    double alphaW;

    @Option(names = "--alpha-h", paramLabel = "A", description = "Penalty weight of H, the component maps (the "
            + "thesis' V; default 0).")
    double alphaH;

    @Option(names = "--l1-ratio", paramLabel = "R", description = "l1 share of the penalties, 0..1 (default 0: L2 "
            + "as in the thesis).")
    double l1Ratio;

    @Option(names = "--max-iter", paramLabel = "N", description = "Maximum iterations (default 200).")
    int maxIter = 200;

    @Option(names = "--tol", paramLabel = "T", description = "Stopping tolerance (default 1e-4; 0 = run --max-iter "
            + "iterations).")
    double tol = 1e-4;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the random and nndsvdar starts (default 0).")
    long seed;

    @Option(names = "--true-w", paramLabel = "TRUE.csv", description = "True emission profiles (maps x K, no "
            + "header): result.json then holds the permutation-minimised MAE.")
    Path trueW;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--force", description = "Replace the results already in the output directory.")
    boolean force;

    @Spec
    CommandSpec spec;

    /** The maps as read: rows of X, the image shape, names and the WCS of the first FITS map. */
    record Stack(double[][] X, int width, int height, List<String> names, Map<String, Object> wcs, String unit) {
    }

    @Override
    public Integer call() throws Exception {
        if (components < 1) {
            throw new IllegalArgumentException("--components must be >= 1, got " + components);
        }
        List<String> outputs = new ArrayList<>(List.of("W.csv", "H.csv", "result.json"));
        for (int k = 1; k <= components; k++) {
            outputs.add("component" + k + ".fits");
            outputs.add("component" + k + ".png");
        }
        RunOutput.refuseExisting(out, force, outputs.toArray(new String[0]));
        Nmf.Solver s = named("--solver", () -> Nmf.Solver.parse(solver));
        Nmf.Init in = init == null ? null : named("--init", () -> Nmf.Init.parse(init));
        if (in == Nmf.Init.CUSTOM) {
            throw new IllegalArgumentException("--init custom is not available for nmf maps; use nndsvd, nndsvda, "
                    + "nndsvdar or random");
        }
        Stack st = read(inputs(), width);
        double[][] truth = trueW == null ? null : NmfCommand.read(trueW, "--true-w", false);
        if (truth != null && (truth.length != st.X().length || truth[0].length != components)) {
            throw new IllegalArgumentException("--true-w " + trueW + " must be " + st.X().length + " x " + components
                    + " (maps x components), got " + truth.length + " x " + truth[0].length);
        }
        int p = st.X()[0].length;
        if (in == null) {
            in = components <= Math.min(st.X().length, p) ? Nmf.Init.NNDSVDA : Nmf.Init.RANDOM;
        }
        if (in != Nmf.Init.RANDOM && components > Math.min(st.X().length, p)) {
            throw new IllegalArgumentException("--init " + in.id() + " needs --components <= min(maps, pixels) = "
                    + Math.min(st.X().length, p) + ", got " + components + "; use --init random");
        }
        Nmf.Init chosen = in;
        Nmf.Options o = NmfCommand.options(() -> new Nmf.Options(components, s, chosen, alphaW, alphaH, l1Ratio,
                maxIter, tol, seed));
        RunOutput.checkWritable(out, "--out");
        long t0 = System.nanoTime();
        MapUnmixing.Result r;
        try {
            r = MapUnmixing.unmix(st.X(), o);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(renameMap(e.getMessage(), st.names()), e);
        }
        double secs = (System.nanoTime() - t0) * 1e-9;
        ComponentMatch.Match match = truth == null ? null : ComponentMatch.mae(truth, r.W());

        AtomicFiles.write(out.resolve("W.csv"), w -> NmfCommand.writeMatrix(w, r.W()));
        AtomicFiles.write(out.resolve("H.csv"), w -> NmfCommand.writeMatrix(w, r.V()));
        for (int k = 0; k < components; k++) {
            double[][] img = image(r.V()[k], st.width(), st.height());
            FitsIo.writeImage(out.resolve("component" + (k + 1) + ".fits"), img, st.wcs(), "",
                    List.of("astronest nmf maps: spatial contribution of NMF component " + (k + 1) + " of "
                            + components + " (row " + (k + 1) + " of H; W.csv column " + (k + 1) + " is its "
                            + "emission in each map)"));
            NmfHaloCommand.png(out.resolve("component" + (k + 1) + ".png"),
                    new MapPlot(img, "NMF component " + (k + 1) + " of " + components, false));
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("maps", st.names());
        j.put("width", st.width());
        j.put("height", st.height());
        j.put("pixels", p);
        j.put("scales", r.scales());
        j.put("negativesZeroed", r.negativesZeroed());
        j.put("iterations", r.fit().iterations());
        j.put("loss", r.fit().loss());
        j.put("converged", r.fit().converged());
        j.put("seconds", secs);
        j.put("options", NmfCommand.optionsJson(o));
        if (match != null) {
            j.put("mae", match.mae());
            j.put("permutation", match.permutation());
        }
        AtomicFiles.write(out.resolve("result.json"), w -> NmfCommand.JSON.writeValue(w, j));
        spec.commandLine().getOut().printf(Locale.ROOT, "nmf maps %s, %s start, %d maps of %dx%d pixels, K=%d: loss "
                        + "%.10g after %d iterations%s%s; wrote %s%n", s.id(), chosen.id(), st.X().length, st.width(),
                st.height(), components, r.fit().loss(), r.fit().iterations(),
                r.fit().converged() ? " (converged)" : o.tol() > 0 ? " (NOT converged: --max-iter reached)" : "",
                match == null ? "" : String.format(Locale.ROOT, ", MAE %.6g", match.mae()), out);
        return 0;
    }

    /** "maps: map 3 ..." of {@link MapUnmixing} as "map 3 (NAME) ...". */
    static String renameMap(String message, List<String> names) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^maps: map (\\d+)").matcher(message);
        if (!m.find()) {
            return message;
        }
        int i = Integer.parseInt(m.group(1));
        return "map " + i + " (" + (i - 1 < names.size() ? names.get(i - 1) : "?") + ")" + message.substring(m.end());
    }

    /** The map files: the MAP arguments or the files --list names (relative to its folder). */
    private List<Path> inputs() throws IOException {
        if (list != null && !maps.isEmpty()) {
            throw new IllegalArgumentException("give the maps as MAP arguments or with --list, not both");
        }
        if (list == null) {
            if (maps.isEmpty()) {
                throw new IllegalArgumentException("no maps: give MAP files (FITS, or one CSV) or --list FILE");
            }
            return maps;
        }
        if (!Files.isRegularFile(list)) {
            throw new IllegalArgumentException("--list: " + (Files.isDirectory(list) ? "is a directory, not a file: "
                    : "no such file: ") + list);
        }
        Path base = list.toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                Path f = Path.of(t);
                files.add(f.isAbsolute() || base == null ? f : base.resolve(f));
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--list " + list + ": names no map file");
        }
        return files;
    }

    /** Reads the maps: FITS images of one shape, or a single CSV of one map per line. */
    static Stack read(List<Path> files, Integer width) throws IOException {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("MAP: " + (Files.isDirectory(f) ? "is a directory, not a file: "
                        : "no such file: ") + f);
            }
        }
        boolean anyCsv = files.stream().anyMatch(NmfMapsCommand::isCsv);
        if (anyCsv) {
            if (files.size() > 1) {
                throw new IllegalArgumentException("a CSV holds every map (one per line); give it alone, not with "
                        + "other map files (" + files.size() + " given)");
            }
            return readCsv(files.get(0), width);
        }
        if (width != null) {
            throw new IllegalArgumentException("--width is for CSV maps; FITS maps carry their shape");
        }
        double[][] X = new double[files.size()][];
        List<String> names = new ArrayList<>();
        FitsIo.Image first = null;
        for (int l = 0; l < files.size(); l++) {
            Path f = files.get(l);
            FitsIo.Image im = FitsIo.readImage(f);
            if (first == null) {
                first = im;
            } else if (im.width() != first.width() || im.height() != first.height()) {
                throw new IllegalArgumentException("map " + f + " is " + im.width() + " x " + im.height()
                        + " pixels, the first map " + files.get(0) + " is " + first.width() + " x " + first.height());
            }
            double[] row = new double[im.width() * im.height()];
            for (int y = 0; y < im.height(); y++) {
                for (int x = 0; x < im.width(); x++) {
                    double v = im.values()[y][x];
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("map " + f + ": pixel (" + (x + 1) + ", " + (y + 1)
                                + ") is " + v + "; NMF needs every pixel defined (blank pixels are not supported)");
                    }
                    row[y * im.width() + x] = v;
                }
            }
            X[l] = row;
            String n = f.getFileName().toString();
            names.add(n.replaceFirst("(?i)\\.fits?(\\.gz)?$", "").replaceFirst("(?i)\\.fts$", ""));
        }
        return new Stack(X, first.width(), first.height(), names, first.wcs(), first.unit());
    }

    private static boolean isCsv(Path f) {
        return f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    private static Stack readCsv(Path f, Integer width) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = Csv.split(line);
                if (!rows.isEmpty() && fields.size() != rows.get(0).length) {
                    throw new IllegalArgumentException("MAP " + f + ": map " + (rows.size() + 1) + " (line " + lineNo
                            + ") has " + fields.size() + " pixels, map 1 has " + rows.get(0).length);
                }
                double[] v = new double[fields.size()];
                for (int c = 0; c < v.length; c++) {
                    String s = fields.get(c).trim();
                    try {
                        v[c] = Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("MAP " + f + ": map " + (rows.size() + 1) + ", pixel "
                                + (c + 1) + " (line " + lineNo + ") is '" + s + "', not a number");
                    }
                    if (!Double.isFinite(v[c])) {
                        throw new IllegalArgumentException("MAP " + f + ": map " + (rows.size() + 1) + ", pixel "
                                + (c + 1) + " (line " + lineNo + ") is " + s + "; NMF needs every pixel defined");
                    }
                }
                rows.add(v);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("MAP " + f + ": no maps");
        }
        int p = rows.get(0).length;
        int w;
        if (width == null) {
            w = (int) Math.round(Math.sqrt(p));
            if (w * w != p) {
                throw new IllegalArgumentException("MAP " + f + ": " + p + " pixels per map is not a square image; "
                        + "give --width");
            }
        } else {
            w = width;
            if (w < 1 || p % w != 0) {
                throw new IllegalArgumentException("--width must be >= 1 and divide the " + p + " pixels per map, got "
                        + w);
            }
        }
        List<String> names = new ArrayList<>();
        for (int l = 1; l <= rows.size(); l++) {
            names.add("map" + l);
        }
        return new Stack(rows.toArray(new double[0][]), w, p / w, names, Map.of(), "");
    }

    /** A flattened map (x fastest) as image rows values[y][x]. */
    static double[][] image(double[] flat, int width, int height) {
        double[][] img = new double[height][width];
        for (int y = 0; y < height; y++) {
            System.arraycopy(flat, y * width, img[y], 0, width);
        }
        return img;
    }

    private static <T> T named(String option, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
