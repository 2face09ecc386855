package org.astronest.cli.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Minimal numeric CSV: a header row, then rows of numbers ({@code nan}, {@code inf}, empty = NaN). */
public final class Csv {

    private Csv() {
    }

    /** A header and numeric rows. */
    public record Table(List<String> header, List<double[]> rows) {
        /** Index of a column; an error naming the file's columns when absent. */
        public int column(String name) {
            int i = header.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("CSV has no column '" + name + "'; columns: " + header);
            }
            return i;
        }
    }

    /** Shortest round-trip text of a double; {@code nan}, {@code inf}, {@code -inf} for non-finite values. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }

    /** Quotes a header field when it holds a comma or a quote. */
    public static String quote(String s) {
        if (s.contains(",") || s.contains("\"")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /** Reads a numeric CSV; errors name the file, the line and the field. */
    public static Table read(Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException((Files.isDirectory(f) ? "is a directory, not a file: " : "no such file: ") + f);
        }
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String head = r.readLine();
            if (head == null) {
                throw new IllegalArgumentException(f + ": empty file, expected a header row");
            }
            List<String> header = split(head);
            List<double[]> rows = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = split(line);
                if (fields.size() != header.size()) {
                    throw new IllegalArgumentException(f + " line " + lineNo + ": " + fields.size()
                            + " fields, expected " + header.size());
                }
                double[] row = new double[fields.size()];
                for (int j = 0; j < row.length; j++) {
                    row[j] = parse(fields.get(j), f, lineNo, header.get(j));
                }
                rows.add(row);
            }
            return new Table(List.copyOf(header), rows);
        }
    }

    static double parse(String s, Path f, int line, String column) {
        String t = s.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("+inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (t.equalsIgnoreCase("-inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(f + " line " + line + ", column '" + column + "': not a number: '" + s
                    + "'");
        }
    }

    /** Splits a CSV line, honouring double quotes. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        b.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    b.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }
}
