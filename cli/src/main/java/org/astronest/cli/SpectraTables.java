package org.astronest.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.cli.io.Csv;

/**
 * Spectra tables of the {@code tagging} and {@code crosssurvey} commands: CSV with a header row, one star per row;
 * the columns named in {@code reserved} (e.g. {@code cluster}, {@code extinction}, {@code rv}) are star data, every
 * other column is a pixel; an empty cell or {@code nan} is a missing pixel.
 */
record SpectraTables(List<String> pixels, double[][] flux, Csv.Table table) {

    /** Reads {@code f} given by {@code option}; errors name the option and the file. */
    static SpectraTables read(Path f, String option, Set<String> reserved) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(option + ": no such file: " + f);
        }
        Csv.Table t;
        try {
            t = Csv.read(f);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
        List<Integer> cols = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < t.header().size(); c++) {
            if (!reserved.contains(t.header().get(c))) {
                cols.add(c);
                names.add(t.header().get(c));
            }
        }
        if (cols.isEmpty() || t.rows().isEmpty()) {
            throw new IllegalArgumentException(option + " " + f + ": needs pixel columns and at least one star");
        }
        double[][] flux = new double[t.rows().size()][cols.size()];
        for (int i = 0; i < flux.length; i++) {
            for (int k = 0; k < cols.size(); k++) {
                flux[i][k] = t.rows().get(i)[cols.get(k)];
            }
        }
        return new SpectraTables(names, flux, t);
    }

    /** Column {@code name} of the star data, or null when absent. */
    double[] column(String name) {
        int c = table.header().indexOf(name);
        if (c < 0) {
            return null;
        }
        double[] v = new double[table.rows().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = table.rows().get(i)[c];
        }
        return v;
    }

    /** Writes a table with the column names {@code header}. */
    static void write(Path f, List<String> header, double[][] rows) throws IOException {
        AtomicFiles.write(f, (BufferedWriter w) -> {
            w.write(String.join(",", header));
            w.write('\n');
            for (double[] row : rows) {
                StringBuilder b = new StringBuilder();
                for (int k = 0; k < row.length; k++) {
                    b.append(k > 0 ? "," : "").append(Csv.number(row[k]));
                }
                w.write(b.toString());
                w.write('\n');
            }
        });
    }

    /** Writes a table: header {@code head} + {@code prefix1..prefixN}, rows {@code lead[i]} then {@code body[i]}. */
    static void write(Path f, List<String> head, double[][] lead, String prefix, double[][] body) throws IOException {
        AtomicFiles.write(f, (BufferedWriter w) -> {
            List<String> h = new ArrayList<>(head);
            for (int k = 1; k <= body[0].length; k++) {
                h.add(prefix + k);
            }
            w.write(String.join(",", h));
            w.write('\n');
            for (int i = 0; i < body.length; i++) {
                StringBuilder b = new StringBuilder();
                if (lead != null) {
                    for (double v : lead[i]) {
                        b.append(Csv.number(v)).append(',');
                    }
                }
                for (int k = 0; k < body[i].length; k++) {
                    b.append(k > 0 ? "," : "").append(Double.isNaN(body[i][k]) ? "" : Csv.number(body[i][k]));
                }
                w.write(b.toString());
                w.write('\n');
            }
        });
    }
}
