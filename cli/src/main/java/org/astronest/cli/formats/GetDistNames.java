package org.astronest.cli.formats;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.cli.io.Csv;
import org.astronest.inference.ColumnInfo;

/**
 * GetDist's name files, shared by the GetDist and PolyChord (anesthetic) layouts: {@code ROOT.paramnames} (one line
 * per column: name, a derived column marked with a trailing {@code *}, then its LaTeX label without {@code $}, and
 * the unit as a {@code #} comment) and {@code ROOT.ranges} (name, lower, upper; {@code N} for an open side), per
 * GetDist's {@code ParamNames} and {@code ParamBounds} (getdist.readthedocs.io, "paramnames" and "ranges" files).
 *
 * <p>GetDist names are tags without punctuation, so a column name is written with every character other than a
 * letter, digit or underscore replaced by {@code _} (trailing ones dropped: {@code b[1]} becomes {@code b_1}), made
 * unique with a numeric suffix; the original name stays the label when the column has no label of its own.
 */
final class GetDistNames {

    private GetDistNames() {
    }

    /** GetDist tags for the columns, in order. */
    static List<String> tags(List<ColumnInfo> columns) {
        List<String> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (ColumnInfo c : columns) {
            String t = c.name().replaceAll("[^A-Za-z0-9_]", "_").replaceAll("_+$", "");
            if (t.isEmpty() || !Character.isLetter(t.charAt(0))) {
                t = "p" + t;
            }
            String u = t;
            for (int k = 2; used.contains(u); k++) {
                u = t + "_" + k;
            }
            used.add(u);
            out.add(u);
        }
        return out;
    }

    /** Writes ROOT.paramnames and ROOT.ranges into dir; returns the two files. */
    static List<Path> write(List<ColumnInfo> columns, String root, Path dir) throws IOException {
        List<String> tags = tags(columns);
        Path names = dir.resolve(root + ".paramnames");
        AtomicFiles.write(names, w -> {
            for (int i = 0; i < columns.size(); i++) {
                ColumnInfo c = columns.get(i);
                String tag = tags.get(i) + (ColumnInfo.DERIVED.equals(c.role()) ? "*" : "");
                String label = c.label().replace('\n', ' ').replace('#', ' ').trim();
                w.write(tag + "\t" + (label.isEmpty() ? c.name() : label));
                if (!c.unit().isEmpty()) {
                    w.write("\t# unit: " + c.unit().replace('\n', ' '));
                }
                w.newLine();
            }
        });
        Path ranges = dir.resolve(root + ".ranges");
        AtomicFiles.write(ranges, w -> writeRanges(w, columns, tags));
        return List.of(names, ranges);
    }

    private static void writeRanges(BufferedWriter w, List<ColumnInfo> columns, List<String> tags) throws IOException {
        for (int i = 0; i < columns.size(); i++) {
            ColumnInfo c = columns.get(i);
            if (ColumnInfo.DERIVED.equals(c.role()) || Double.isNaN(c.lower()) && Double.isNaN(c.upper())) {
                continue;
            }
            if (Double.isInfinite(c.lower()) && Double.isInfinite(c.upper())) {
                continue;
            }
            w.write(tags.get(i) + "\t" + side(c.lower()) + "\t" + side(c.upper()));
            w.newLine();
        }
    }

    private static String side(double v) {
        return Double.isFinite(v) ? Csv.number(v) : "N";
    }

    /** A number as GetDist and numpy.loadtxt read it (Java's shortest round-trip form; inf, -inf, nan). */
    static String number(double v) {
        return Csv.number(v);
    }

    /** The root as a file-name stem: the run's label with characters other than letters, digits, _ - . replaced. */
    static String root(String label) {
        if (label == null || label.isBlank()) {
            return "chains";
        }
        return label.trim().replaceAll("[^A-Za-z0-9_.\\-]", "_");
    }
}
