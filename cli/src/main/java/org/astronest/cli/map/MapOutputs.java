package org.astronest.cli.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.cli.io.Csv;
import org.astronest.cli.io.FitsIo;

/**
 * The outputs of a map, from its finished tasks in task order: {@code table.csv} and {@code table.fits} (a FITS
 * binary table, extension {@code MAP}), one row per task with the columns {@code task}, then per parameter
 * {@code P_mean, P_sd, P_q05, P_q16, P_q50, P_q84, P_q95}, then {@code logZ, logZErr, likelihoodCalls, status,
 * warnings, message, x, y}; and for a map of images, {@code maps/P_q16.fits}, {@code P_q50.fits}, {@code P_q84.fits}
 * with the first input image's world coordinates (NaN where a task failed), and {@code maps/P_q50.png}, a picture of
 * the median map.
 */
public final class MapOutputs {

    public static final String TABLE_CSV = "table.csv";
    public static final String TABLE_FITS = "table.fits";
    public static final String MAPS = "maps";

    private MapOutputs() {
    }

    /** The parameter names over all tasks, in first-seen order. */
    static List<String> params(List<TaskResult> results) {
        Set<String> p = new LinkedHashSet<>();
        for (TaskResult r : results) {
            p.addAll(r.params().keySet());
        }
        return List.copyOf(p);
    }

    /** Writes the table (CSV and FITS) and, when width > 0, the parameter maps; returns the files written. */
    public static List<Path> write(Path dir, List<TaskResult> results, int width, int height, Map<String, Object> wcs) {
        return write(dir, results, width, height, wcs, Set.of());
    }

    /**
     * As above; the parameters in {@code logAxes} (log-uniform and log-normal priors) are drawn on a log10 colour
     * scale in the PNG of each median map.
     */
    public static List<Path> write(Path dir, List<TaskResult> results, int width, int height, Map<String, Object> wcs,
                                   Set<String> logAxes) {
        List<TaskResult> rs = new ArrayList<>(results);
        rs.sort((a, b) -> Integer.compare(a.index(), b.index()));
        List<String> params = params(rs);
        List<String> names = new ArrayList<>();
        names.add("task");
        Map<String, double[]> numeric = new LinkedHashMap<>();
        Map<String, String[]> text = new LinkedHashMap<>();
        int n = rs.size();
        String[] task = new String[n];
        for (int i = 0; i < n; i++) {
            task[i] = rs.get(i).key();
        }
        text.put("task", task);
        for (String p : params) {
            for (int s = 0; s < TaskResult.STATS.size(); s++) {
                double[] col = new double[n];
                for (int i = 0; i < n; i++) {
                    double[] v = rs.get(i).params().get(p);
                    col[i] = v == null ? Double.NaN : v[s];
                }
                String name = p + "_" + TaskResult.STATS.get(s);
                names.add(name);
                numeric.put(name, col);
            }
        }
        double[] logZ = new double[n];
        double[] logZErr = new double[n];
        double[] calls = new double[n];
        double[] xs = new double[n];
        double[] ys = new double[n];
        String[] status = new String[n];
        String[] warnings = new String[n];
        String[] message = new String[n];
        for (int i = 0; i < n; i++) {
            TaskResult r = rs.get(i);
            logZ[i] = r.logZ();
            logZErr[i] = r.logZErr();
            calls[i] = r.likelihoodCalls();
            status[i] = r.status();
            warnings[i] = String.join("; ", r.warnings());
            message[i] = r.message();
            xs[i] = r.x();
            ys[i] = r.y();
        }
        numeric.put("logZ", logZ);
        numeric.put("logZErr", logZErr);
        numeric.put("likelihoodCalls", calls);
        text.put("status", status);
        text.put("warnings", warnings);
        text.put("message", message);
        numeric.put("x", xs);
        numeric.put("y", ys);
        names.addAll(List.of("logZ", "logZErr", "likelihoodCalls", "status", "warnings", "message", "x", "y"));
        List<Path> out = new ArrayList<>();
        try {
            Path csv = dir.resolve(TABLE_CSV);
            AtomicFiles.write(csv, w -> {
                List<String> h = new ArrayList<>();
                names.forEach(x -> h.add(Csv.quote(x)));
                w.write(String.join(",", h));
                w.newLine();
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    b.setLength(0);
                    for (int j = 0; j < names.size(); j++) {
                        if (j > 0) {
                            b.append(',');
                        }
                        String c = names.get(j);
                        if (text.containsKey(c)) {
                            b.append(Csv.quote(text.get(c)[i]));
                        } else if (c.equals("likelihoodCalls") || c.equals("x") || c.equals("y")) {
                            b.append((long) numeric.get(c)[i]);
                        } else {
                            b.append(Csv.number(numeric.get(c)[i]));
                        }
                    }
                    w.write(b.toString());
                    w.newLine();
                }
            });
            out.add(csv);
            Path fits = dir.resolve(TABLE_FITS);
            FitsIo.writeTable(fits, new FitsIo.Table(names, numeric, text), "MAP");
            out.add(fits);
            if (width > 0) {
                Path maps = dir.resolve(MAPS);
                Files.createDirectories(maps);
                for (String p : params) {
                    for (String q : List.of("q16", "q50", "q84")) {
                        int s = TaskResult.STATS.indexOf(q);
                        double[][] img = new double[height][width];
                        for (double[] row : img) {
                            Arrays.fill(row, Double.NaN);
                        }
                        for (TaskResult r : rs) {
                            double[] v = r.params().get(p);
                            if (v != null && r.x() >= 0) {
                                img[r.y()][r.x()] = v[s];
                            }
                        }
                        Path f = maps.resolve(p + "_" + q + ".fits");
                        FitsIo.writeImage(f, img, wcs, "", List.of("astronest map: " + q + " of the posterior of " + p
                                + " per pixel"));
                        out.add(f);
                        if (q.equals("q50")) {
                            Path png = maps.resolve(p + "_q50.png");
                            new org.astronest.cli.plots.MapPlot(img, p + ": posterior median per pixel",
                                    logAxes.contains(p)).write(png, "png");
                            out.add(png);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the map's outputs into " + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
