package org.astronest.validation.problems;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.astronest.data.SharedData;

/**
 * The peers' cost of evidence accuracy, F = likelihood calls x (reported ln Z error)^2, from the table headed
 * {@code | problem | MultiNest F | ...} in the shared {@code problems/README.md} (MultiNest 3.10, dynesty 3.0 and
 * UltraNest 4.5 at 500 live points, measured beside this project). Read at run time; never copied.
 */
public final class PeerCosts {

    private PeerCosts() {
    }

    /** Peer name (the table's column heads without " F": "MultiNest", ...) to problem to F; "-" entries left out. */
    public static Map<String, Map<String, Double>> read(Path readme) {
        List<String> lines;
        try {
            lines = Files.readAllLines(readme);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + readme + ": " + e.getMessage(), e);
        }
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] head = cells(lines.get(i));
            if (head.length < 2 || !head[0].equals("problem") || !head[1].endsWith(" F")) {
                continue;
            }
            for (int c = 1; c < head.length; c++) {
                out.put(head[c].substring(0, head[c].length() - 2), new LinkedHashMap<>());
            }
            for (int j = i + 2; j < lines.size() && lines.get(j).startsWith("|"); j++) {
                String[] row = cells(lines.get(j));
                for (int c = 1; c < Math.min(row.length, head.length); c++) {
                    if (!row[c].equals("-")) {
                        out.get(head[c].substring(0, head[c].length() - 2)).put(row[0], Double.parseDouble(row[c]));
                    }
                }
            }
            return out;
        }
        throw new IllegalArgumentException(readme + ": no table headed '| problem | MultiNest F | ...'");
    }

    /** The table of the shared folder's {@code problems/README.md}. */
    public static Map<String, Map<String, Double>> shared() {
        return read(SharedData.resolve("problems/README.md"));
    }

    private static String[] cells(String line) {
        String t = line.trim();
        if (!t.startsWith("|")) {
            return new String[0];
        }
        String[] parts = t.substring(1, t.endsWith("|") ? t.length() - 1 : t.length()).split("\\|");
        for (int k = 0; k < parts.length; k++) {
            parts[k] = parts[k].trim();
        }
        return parts;
    }
}
