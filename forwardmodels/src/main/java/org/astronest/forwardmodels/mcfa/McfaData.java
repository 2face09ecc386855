package org.astronest.forwardmodels.mcfa;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Data for MCFA: N stars (rows) by D dimensions, row-major, {@code NaN} marking a missing entry.
 *
 * <p>Immutable. Precomputes, for the rows that have missing entries, the list of observed columns, so the E-step can
 * marginalize the missing entries exactly (observed-data likelihood).
 */
public final class McfaData {

    final int n;
    final int d;
    final double[] y;
    /** Per row: -1 when complete, else the start of its observed-column list in {@link #obsIndex}. */
    final int[] obsStart;
    final int[] obsCount;
    final int[] obsIndex;
    /** Missing entries per dimension (M_d of paper Eq. 18). */
    final int[] missingPerDimension;
    final int missingTotal;
    final int incompleteRows;

    /** Copies {@code values} (N*D row-major; NaN = missing). Infinite entries are rejected. */
    public McfaData(int n, int d, double[] values) {
        if (n < 1 || d < 1) {
            throw new IllegalArgumentException("data must have N >= 1 rows and D >= 1 columns, got N=" + n + " D=" + d);
        }
        if (values.length != (long) n * d) {
            throw new IllegalArgumentException("data values must have N*D=" + ((long) n * d) + " entries, got "
                    + values.length);
        }
        this.n = n;
        this.d = d;
        this.y = values.clone();
        this.obsStart = new int[n];
        this.obsCount = new int[n];
        this.missingPerDimension = new int[d];
        int missing = 0;
        int incomplete = 0;
        int[] idx = new int[16];
        int used = 0;
        for (int r = 0; r < n; r++) {
            int base = r * d;
            int m = 0;
            for (int c = 0; c < d; c++) {
                double v = y[base + c];
                if (Double.isNaN(v)) {
                    m++;
                    missingPerDimension[c]++;
                } else if (Double.isInfinite(v)) {
                    throw new IllegalArgumentException("data row " + r + " column " + c + " is infinite");
                }
            }
            if (m == 0) {
                obsStart[r] = -1;
                obsCount[r] = d;
                continue;
            }
            incomplete++;
            missing += m;
            if (used + d - m > idx.length) {
                idx = Arrays.copyOf(idx, Math.max(idx.length * 2, used + d));
            }
            obsStart[r] = used;
            obsCount[r] = d - m;
            for (int c = 0; c < d; c++) {
                if (!Double.isNaN(y[base + c])) {
                    idx[used++] = c;
                }
            }
        }
        this.obsIndex = Arrays.copyOf(idx, used);
        this.missingTotal = missing;
        this.incompleteRows = incomplete;
    }

    /** From rows (all of equal length). */
    public static McfaData of(double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("data must have at least one row");
        }
        int d = rows[0].length;
        double[] v = new double[rows.length * d];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != d) {
                throw new IllegalArgumentException("data row " + r + " has " + rows[r].length + " columns, expected " + d);
            }
            System.arraycopy(rows[r], 0, v, r * d, d);
        }
        return new McfaData(rows.length, d, v);
    }

    /**
     * Reads a CSV file: one header row, then one star per row, comma-separated numbers; an empty field or
     * {@code NaN} (any case) is a missing entry. Errors name the file, the line number and the field.
     */
    public static McfaData readCsv(Path file) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || header.isBlank()) {
                throw new IllegalArgumentException(name + " line 1: missing header row");
            }
            int d = header.split(",", -1).length;
            double[] v = new double[Math.max(1024, d * 1024)];
            int n = 0;
            int lineNo = 1;
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != d) {
                    throw new IllegalArgumentException(name + " line " + lineNo + ": expected " + d
                            + " fields (as in the header), got " + f.length);
                }
                if ((long) (n + 1) * d > v.length) {
                    long grow = Math.min((long) Integer.MAX_VALUE - 8, (long) v.length * 2);
                    if (grow < (long) (n + 1) * d) {
                        throw new IllegalArgumentException(name + " line " + lineNo + ": too many entries");
                    }
                    v = Arrays.copyOf(v, (int) grow);
                }
                for (int c = 0; c < d; c++) {
                    String s = f[c].trim();
                    double x;
                    if (s.isEmpty() || s.equalsIgnoreCase("nan")) {
                        x = Double.NaN;
                    } else {
                        try {
                            x = Double.parseDouble(s);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(name + " line " + lineNo + ": field " + (c + 1) + " '"
                                    + f[c] + "' is not a number");
                        }
                        if (Double.isInfinite(x)) {
                            throw new IllegalArgumentException(name + " line " + lineNo + ": field " + (c + 1)
                                    + " '" + f[c] + "' is infinite");
                        }
                    }
                    v[n * d + c] = x;
                }
                n++;
            }
            if (n == 0) {
                throw new IllegalArgumentException(name + ": no data rows after the header");
            }
            return new McfaData(n, d, Arrays.copyOf(v, n * d));
        }
    }

    public int rows() {
        return n;
    }

    public int dimensions() {
        return d;
    }

    /** Entry (row, column); NaN when missing. */
    public double get(int row, int column) {
        return y[row * d + column];
    }

    /** A copy of the N*D values (row-major, NaN = missing). */
    public double[] values() {
        return y.clone();
    }

    public int missingCount() {
        return missingTotal;
    }

    public boolean hasMissing() {
        return missingTotal > 0;
    }

    /** Missing entries per dimension. */
    public int[] missingPerDimension() {
        return missingPerDimension.clone();
    }
}
