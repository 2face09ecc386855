package org.astronest.forwardmodels.payne.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.astronest.emulators.npz.NpyArray;
import org.astronest.emulators.npz.NpzFile;

/**
 * Readers of the training inputs (formats in docs/payne.md):
 * <ul>
 *   <li>labels: CSV with a header of label names, one row per star; an optional text column {@code id} (or
 *       {@code star}, {@code name}) is ignored;</li>
 *   <li>spectra: {@code .npz} with {@code flux} ({@code spectra}) of shape (stars, pixels), and either {@code ivar}
 *       ({@code ivars}) of the same shape or {@code error} ({@code errors}, {@code err}, {@code spec_err}) from which
 *       {@code ivar = 1/error^2} (0 where the error is not finite and positive); optional {@code wavelength}
 *       (pixels);</li>
 *   <li>ab initio gradient spectra: CSV with a header naming training labels (a column per label with a prior;
 *       an optional {@code pixel} or {@code wavelength} column is ignored), one row per pixel.</li>
 * </ul>
 * Every error names the file and the row, column or array.
 */
public final class TrainingFiles {

    private static final Set<String> ID_COLUMNS = Set.of("id", "star", "name");
    private static final Set<String> PIXEL_COLUMNS = Set.of("pixel", "wavelength", "wave", "lambda");

    /** A table of numbers with named columns. */
    public record Table(List<String> names, int rows, double[] values) {
        /** Column {@code c} (copy). */
        public double[] column(int c) {
            double[] v = new double[rows];
            for (int r = 0; r < rows; r++) {
                v[r] = values[r * names.size() + c];
            }
            return v;
        }
    }

    /** Ab initio gradient spectra: the labels that have them and the {@code labels x pixels} values. */
    public record Gradients(List<String> labels, int pixels, double[] values) {
    }

    private TrainingFiles() {
    }

    /** Reads the training labels (see the class comment). */
    public static Table readLabels(Path file) {
        return readTable(file, "labels", ID_COLUMNS, true);
    }

    /** Reads the ab initio gradients for a model with labels {@code trainingLabels} and {@code pixels} pixels. */
    public static Gradients readGradients(Path file, List<String> trainingLabels, int pixels) {
        Table t = readTable(file, "gradients", PIXEL_COLUMNS, false);
        for (String name : t.names()) {
            if (!trainingLabels.contains(name)) {
                throw new IllegalArgumentException("gradients " + file + ": column '" + name + "' is not a training "
                        + "label " + trainingLabels);
            }
        }
        if (t.rows() != pixels) {
            throw new IllegalArgumentException("gradients " + file + ": " + t.rows() + " rows, but the spectra have "
                    + pixels + " pixels (one row per pixel)");
        }
        int g = t.names().size();
        double[] v = new double[g * pixels];
        for (int i = 0; i < g; i++) {
            System.arraycopy(t.column(i), 0, v, i * pixels, pixels);
        }
        return new Gradients(t.names(), pixels, v);
    }

    /**
     * Reads the training spectra for {@code stars} stars: {@code {flux, ivar, wavelength or null}}.
     */
    public static double[][] readSpectra(Path file, int stars) {
        NpzFile z = NpzFile.read(file);
        NpyArray f = z.first("flux", "spectra");
        if (f.ndim() != 2) {
            throw new IllegalArgumentException("spectra " + file + ": '" + f.name() + "' has shape "
                    + NpyArray.shapeText(f.shape()) + "; expected (stars, pixels)");
        }
        if (f.dim(0) != stars) {
            throw new IllegalArgumentException("spectra " + file + ": '" + f.name() + "' has " + f.dim(0)
                    + " rows but the labels file has " + stars + " stars");
        }
        double[] iv;
        NpyArray src;
        if (z.contains("ivar") || z.contains("ivars")) {
            src = z.first("ivar", "ivars");
            iv = src.toDoubleArray();
        } else if (z.contains("error") || z.contains("errors") || z.contains("err") || z.contains("spec_err")) {
            src = z.first("error", "errors", "err", "spec_err");
            double[] e = src.toDoubleArray();
            iv = new double[e.length];
            for (int i = 0; i < e.length; i++) {
                iv[i] = Double.isFinite(e[i]) && e[i] > 0 ? 1 / (e[i] * e[i]) : 0;
            }
        } else {
            throw new IllegalArgumentException("spectra " + file + ": needs 'ivar' (inverse variances) or 'error' "
                    + "(1-sigma errors) beside '" + f.name() + "'; holds " + z.names());
        }
        if (src.ndim() != 2 || src.dim(0) != f.dim(0) || src.dim(1) != f.dim(1)) {
            throw new IllegalArgumentException("spectra " + file + ": '" + src.name() + "' has shape "
                    + NpyArray.shapeText(src.shape()) + ", '" + f.name() + "' " + NpyArray.shapeText(f.shape()));
        }
        double[] w = null;
        if (z.contains("wavelength")) {
            NpyArray a = z.get("wavelength");
            if (a.ndim() != 1 || a.dim(0) != f.dim(1)) {
                throw new IllegalArgumentException("spectra " + file + ": 'wavelength' has shape "
                        + NpyArray.shapeText(a.shape()) + "; expected (" + f.dim(1) + ",)");
            }
            w = a.toDoubleArray();
        }
        return new double[][] {f.toDoubleArray(), iv, w};
    }

    /** The training set of a labels CSV and a spectra NPZ. */
    public static TrainingSet read(Path labels, Path spectra) {
        Table t = readLabels(labels);
        double[][] s = readSpectra(spectra, t.rows());
        return TrainingSet.of(t.names(), t.values(), s[0], s[1], s[2]);
    }

    private static Table readTable(Path file, String what, Set<String> ignored, boolean allowText) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(what + ": " + (Files.isDirectory(file) ? "is a directory, not a file: "
                    : "no such file: ") + file);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(what + " " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int first = 0;
        while (first < lines.size() && (lines.get(first).isBlank() || lines.get(first).startsWith("#"))) {
            first++;
        }
        if (first == lines.size()) {
            throw new IllegalArgumentException(what + " " + file + ": empty file (expected a header line)");
        }
        String[] head = split(lines.get(first));
        List<String> names = new ArrayList<>();
        boolean[] keep = new boolean[head.length];
        for (int c = 0; c < head.length; c++) {
            String h = head[c];
            if (h.isEmpty()) {
                throw new IllegalArgumentException(what + " " + file + ": column " + (c + 1) + " of the header is "
                        + "empty");
            }
            if (ignored.contains(h.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (isNumber(h)) {
                throw new IllegalArgumentException(what + " " + file + ": the first line must be a header of names, "
                        + "got '" + lines.get(first).trim() + "'");
            }
            if (names.contains(h)) {
                throw new IllegalArgumentException(what + " " + file + ": column '" + h + "' appears twice");
            }
            names.add(h);
            keep[c] = true;
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(what + " " + file + ": no data columns in the header '"
                    + lines.get(first).trim() + "'");
        }
        List<double[]> rows = new ArrayList<>();
        for (int li = first + 1; li < lines.size(); li++) {
            String line = lines.get(li);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] p = split(line);
            if (p.length != head.length) {
                throw new IllegalArgumentException(what + " " + file + " line " + (li + 1) + ": " + p.length
                        + " fields, the header has " + head.length);
            }
            double[] r = new double[names.size()];
            int k = 0;
            for (int c = 0; c < p.length; c++) {
                if (!keep[c]) {
                    if (!allowText && !isNumber(p[c])) {
                        throw new IllegalArgumentException(what + " " + file + " line " + (li + 1) + ", column '"
                                + head[c] + "': not a number: '" + p[c] + "'");
                    }
                    continue;
                }
                double v;
                try {
                    v = Double.parseDouble(p[c]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(what + " " + file + " line " + (li + 1) + ", column '"
                            + head[c] + "': not a number: '" + p[c] + "'");
                }
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(what + " " + file + " line " + (li + 1) + ", column '"
                            + head[c] + "': " + p[c] + " is not finite");
                }
                r[k++] = v;
            }
            rows.add(r);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(what + " " + file + ": no rows after the header");
        }
        double[] v = new double[rows.size() * names.size()];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, v, i * names.size(), names.size());
        }
        return new Table(List.copyOf(names), rows.size(), v);
    }

    private static String[] split(String line) {
        String[] p = line.split(",", -1);
        for (int i = 0; i < p.length; i++) {
            String t = p[i].trim();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1).trim();
            }
            p[i] = t;
        }
        return p;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
