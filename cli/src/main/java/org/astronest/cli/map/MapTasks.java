package org.astronest.cli.map;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.astronest.cli.io.Csv;
import org.astronest.cli.io.FitsIo;

/**
 * The tasks of a map: one per pixel of the images (key {@code x_y}, 0-based, x along NAXIS1) or per table row (key
 * from the key column, else the row number), each with the values it sets in the model config. Built from the
 * {@link MapSpec}; shape and column errors are one line naming the file.
 *
 * @param tasks the tasks in order (row-major over the images: y, then x)
 * @param width image width (0 for a table), {@code height} likewise
 * @param wcs   the first image's world-coordinate cards (empty for a table), for the parameter maps
 */
public record MapTasks(List<Task> tasks, int width, int height, Map<String, Object> wcs) {

    /**
     * One fit: its key, its position in the map's order, its pixel (-1 for a table row), config path -> number and
     * config path -> text.
     */
    public record Task(String key, int index, int x, int y, Map<String, Double> values, Map<String, String> texts) {

        /** A task that sets numbers only. */
        public Task(String key, int index, int x, int y, Map<String, Double> values) {
            this(key, index, x, y, values, Map.of());
        }
    }

    /** Reads the images or the table of {@code spec}. */
    public static MapTasks of(MapSpec spec) {
        return spec.table() == null ? images(spec) : table(spec);
    }

    private static MapTasks images(MapSpec spec) {
        Map<String, double[][]> data = new LinkedHashMap<>();
        Map<String, Object> wcs = null;
        int w = -1;
        int h = -1;
        Path first = null;
        for (Map.Entry<String, Path> e : spec.images().entrySet()) {
            FitsIo.Image im = FitsIo.readImage(e.getValue());
            if (first == null) {
                first = e.getValue();
                w = im.width();
                h = im.height();
                wcs = im.wcs();
            } else if (im.width() != w || im.height() != h) {
                throw new IllegalArgumentException("map: " + e.getValue() + " is " + im.width() + " x " + im.height()
                        + " pixels but " + first + " is " + w + " x " + h + " (map." + "images." + e.getKey() + ")");
            }
            data.put(e.getKey(), im.values());
        }
        List<Task> tasks = new ArrayList<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Map<String, Double> v = new LinkedHashMap<>();
                for (Map.Entry<String, double[][]> e : data.entrySet()) {
                    v.put(e.getKey(), e.getValue()[y][x]);
                }
                tasks.add(new Task(x + "_" + y, tasks.size(), x, y, v));
            }
        }
        return new MapTasks(List.copyOf(tasks), w, h, wcs);
    }

    private static MapTasks table(MapSpec spec) {
        Path f = spec.table();
        String name = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        List<String> keys = new ArrayList<>();
        Map<String, double[]> cols = new LinkedHashMap<>();
        Map<String, String[]> texts = new LinkedHashMap<>();
        int rows;
        if (name.endsWith(".fits") || name.endsWith(".fit") || name.endsWith(".fits.gz")) {
            FitsIo.Table t = FitsIo.readTable(f);
            rows = t.rows();
            for (Map.Entry<String, String> e : spec.columns().entrySet()) {
                double[] c = t.numeric().get(e.getValue());
                if (c == null) {
                    throw new IllegalArgumentException("map: " + f + " has no numeric column '" + e.getValue() + "' (map."
                            + "columns." + e.getKey() + "); columns: " + String.join(", ", t.names()));
                }
                cols.put(e.getKey(), c);
            }
            for (Map.Entry<String, String> e : spec.text().entrySet()) {
                String[] c = t.text().get(e.getValue());
                if (c == null) {
                    throw new IllegalArgumentException("map: " + f + " has no text column '" + e.getValue() + "' (map."
                            + "text." + e.getKey() + "); columns: " + String.join(", ", t.names()));
                }
                texts.put(e.getKey(), c);
            }
            if (spec.key() != null) {
                String[] k = t.text().get(spec.key());
                double[] kn = t.numeric().get(spec.key());
                if (k == null && kn == null) {
                    throw new IllegalArgumentException("map: " + f + " has no column '" + spec.key() + "' (map.key)");
                }
                for (int i = 0; i < rows; i++) {
                    keys.add(k != null ? k[i].trim() : Csv.number(kn[i]));
                }
            }
        } else {
            List<String> header;
            List<String[]> cells = new ArrayList<>();
            try {
                List<String> lines = java.nio.file.Files.readAllLines(f);
                if (lines.isEmpty()) {
                    throw new IllegalArgumentException("map: " + f + " is empty (map.table)");
                }
                header = Csv.split(lines.get(0));
                for (int i = 1; i < lines.size(); i++) {
                    if (!lines.get(i).isBlank()) {
                        List<String> c = Csv.split(lines.get(i));
                        if (c.size() != header.size()) {
                            throw new IllegalArgumentException("map: " + f + " line " + (i + 1) + " has " + c.size()
                                    + " fields, the header " + header.size());
                        }
                        cells.add(c.toArray(String[]::new));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
            rows = cells.size();
            for (Map.Entry<String, String> e : spec.columns().entrySet()) {
                int j = header.indexOf(e.getValue());
                if (j < 0) {
                    throw new IllegalArgumentException("map: " + f + " has no column '" + e.getValue() + "' (map.columns."
                            + e.getKey() + "); columns: " + String.join(", ", header));
                }
                double[] c = new double[rows];
                for (int i = 0; i < rows; i++) {
                    String s = cells.get(i)[j].trim();
                    try {
                        c[i] = s.isEmpty() || s.equalsIgnoreCase("nan") ? Double.NaN : Double.parseDouble(s);
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("map: " + f + " line " + (i + 2) + ", column '"
                                + e.getValue() + "': not a number: '" + s + "'");
                    }
                }
                cols.put(e.getKey(), c);
            }
            for (Map.Entry<String, String> e : spec.text().entrySet()) {
                int j = header.indexOf(e.getValue());
                if (j < 0) {
                    throw new IllegalArgumentException("map: " + f + " has no column '" + e.getValue() + "' (map.text."
                            + e.getKey() + "); columns: " + String.join(", ", header));
                }
                String[] c = new String[rows];
                for (int i = 0; i < rows; i++) {
                    c[i] = cells.get(i)[j].trim();
                }
                texts.put(e.getKey(), c);
            }
            if (spec.key() != null) {
                int j = header.indexOf(spec.key());
                if (j < 0) {
                    throw new IllegalArgumentException("map: " + f + " has no column '" + spec.key() + "' (map.key)");
                }
                for (String[] c : cells) {
                    keys.add(c[j].trim());
                }
            }
        }
        List<Task> tasks = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < rows; i++) {
            String key = spec.key() == null ? Integer.toString(i) : keys.get(i);
            if (!seen.add(key)) {
                throw new IllegalArgumentException("map: " + f + ": key '" + key + "' appears twice (map.key "
                        + spec.key() + "); every task needs its own key");
            }
            Map<String, Double> v = new LinkedHashMap<>();
            for (Map.Entry<String, double[]> e : cols.entrySet()) {
                v.put(e.getKey(), e.getValue()[i]);
            }
            Map<String, String> tv = new LinkedHashMap<>();
            for (Map.Entry<String, String[]> e : texts.entrySet()) {
                tv.put(e.getKey(), e.getValue()[i]);
            }
            tasks.add(new Task(key, i, -1, -1, v, tv));
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("map: " + f + " has no rows (map.table)");
        }
        return new MapTasks(List.copyOf(tasks), 0, 0, Map.of());
    }
}
