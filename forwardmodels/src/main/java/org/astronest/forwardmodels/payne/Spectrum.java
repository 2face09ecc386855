package org.astronest.forwardmodels.payne;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.astronest.emulators.npz.NpyArray;
import org.astronest.emulators.npz.NpzFile;

/**
 * An observed spectrum: wavelengths (or velocities; null when the file has none), flux, 1-sigma errors and an
 * optional pixel mask (true = excluded).
 *
 * <p>Files ({@link #read(Path)}):
 * <ul>
 *   <li>CSV with a header. Columns are recognised by name (case-insensitive): wavelength {@code wavelength,
 *       wavelength_A, wave, lambda, vel, velocity, v_kms}; flux {@code flux, flux_noisy, normalized_flux,
 *       spectrum}; error {@code error, err, flux_err, spec_err, sigma}; optional mask {@code mask} (non-zero =
 *       excluded). Without any recognised name (or without a header): 2 columns are flux, error; 3 or more are
 *       wavelength, flux, error.</li>
 *   <li>NPZ: flux from {@code spectrum}/{@code flux}, error from {@code spec_err}/{@code error}/{@code err},
 *       optional {@code wavelength}/{@code wave} and {@code mask} (the APOGEE files in shared/payne).</li>
 * </ul>
 */
public record Spectrum(double[] wavelength, double[] flux, double[] error, boolean[] mask, String source) {

    static final List<String> WAVE = List.of("wavelength", "wavelength_a", "wave", "lambda", "vel", "velocity",
            "v_kms");
    static final List<String> FLUX = List.of("flux", "flux_noisy", "normalized_flux", "spectrum");
    static final List<String> ERROR = List.of("error", "err", "flux_err", "spec_err", "sigma");

    public Spectrum {
        int n = flux.length;
        if (error.length != n || (wavelength != null && wavelength.length != n) || (mask != null && mask.length != n)) {
            throw new IllegalArgumentException(source + ": columns differ in length (flux " + n + ", error "
                    + error.length + (wavelength != null ? ", wavelength " + wavelength.length : "")
                    + (mask != null ? ", mask " + mask.length : "") + ")");
        }
        if (n == 0) {
            throw new IllegalArgumentException(source + ": the spectrum has no pixels");
        }
    }

    public int size() {
        return flux.length;
    }

    /** A copy with another mask (true = excluded), OR-ed with this one's. */
    public Spectrum withMask(boolean[] extra, String what) {
        if (extra.length != flux.length) {
            throw new IllegalArgumentException(what + " has " + extra.length + " values but the spectrum " + source
                    + " has " + flux.length + " pixels");
        }
        boolean[] m = new boolean[flux.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = extra[i] || (mask != null && mask[i]);
        }
        return new Spectrum(wavelength, flux, error, m, source);
    }

    /** Reads a CSV or NPZ spectrum (by extension: {@code .npz} else CSV). */
    public static Spectrum read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such spectrum file: " + file);
        }
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz") ? readNpz(file)
                : readCsv(file);
    }

    static Spectrum readNpz(Path file) {
        NpzFile z = NpzFile.read(file);
        NpyArray f = z.first("spectrum", "flux", "spectra");
        NpyArray e = z.first("spec_err", "error", "err", "spec_errs");
        if (f.ndim() != 1 || e.ndim() != 1) {
            throw new IllegalArgumentException(file + ": flux '" + f.name() + "' has shape "
                    + NpyArray.shapeText(f.shape()) + " and error '" + e.name() + "' " + NpyArray.shapeText(e.shape())
                    + "; expected one 1-D spectrum");
        }
        double[] w = null;
        for (String k : new String[] {"wavelength", "wave"}) {
            if (z.contains(k)) {
                w = z.get(k).toDoubleArray();
                break;
            }
        }
        boolean[] m = z.contains("mask") ? z.get("mask").toBooleanArray() : null;
        return new Spectrum(w, f.toDoubleArray(), e.toDoubleArray(), m, file.toString());
    }

    static Spectrum readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
        lines.removeIf(String::isBlank);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty spectrum file");
        }
        String[] head = lines.get(0).split(",");
        boolean hasHeader = !isNumber(head[0]);
        int nc = head.length;
        int wi = -1;
        int fi = -1;
        int ei = -1;
        int mi = -1;
        if (hasHeader) {
            for (int j = 0; j < nc; j++) {
                String h = head[j].trim().replace("\"", "").toLowerCase(Locale.ROOT);
                if (wi < 0 && WAVE.contains(h)) {
                    wi = j;
                } else if (fi < 0 && FLUX.contains(h)) {
                    fi = j;
                } else if (ei < 0 && ERROR.contains(h)) {
                    ei = j;
                } else if (mi < 0 && (h.equals("mask") || h.equals("excluded"))) {
                    mi = j;
                }
            }
        }
        if ((fi >= 0 || wi >= 0) && (fi < 0 || ei < 0)) {
            throw new IllegalArgumentException(file + ": needs a flux column " + FLUX + " and an error column " + ERROR
                    + "; header " + lines.get(0));
        }
        if (fi < 0 || ei < 0) {
            if (nc == 2) {
                fi = 0;
                ei = 1;
                wi = -1;
            } else if (nc >= 3) {
                wi = 0;
                fi = 1;
                ei = 2;
            } else {
                throw new IllegalArgumentException(file + ": need flux and error columns (named flux/error, or "
                        + "2 columns flux,error, or 3 columns wavelength,flux,error); header " + lines.get(0));
            }
        }
        int start = hasHeader ? 1 : 0;
        int n = lines.size() - start;
        double[] w = wi >= 0 ? new double[n] : null;
        double[] f = new double[n];
        double[] e = new double[n];
        boolean[] m = mi >= 0 ? new boolean[n] : null;
        for (int r = 0; r < n; r++) {
            String[] p = lines.get(r + start).split(",");
            if (p.length != nc) {
                throw new IllegalArgumentException(file + " line " + (r + start + 1) + ": " + p.length
                        + " fields, expected " + nc);
            }
            if (w != null) {
                w[r] = parse(p[wi], file, r + start + 1);
            }
            f[r] = parse(p[fi], file, r + start + 1);
            e[r] = parse(p[ei], file, r + start + 1);
            if (m != null) {
                m[r] = parse(p[mi], file, r + start + 1) != 0;
            }
        }
        return new Spectrum(w, f, e, m, file.toString());
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double parse(String s, Path file, int line) {
        String t = s.trim();
        if (t.equalsIgnoreCase("nan") || t.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(file + " line " + line + ": not a number: '" + s + "'");
        }
    }

    /** Reads a 1-D array from an NPZ holding one array, or the array named {@code preferred} when present. */
    public static double[] readVector(Path file, String... preferred) {
        NpzFile z = NpzFile.read(file);
        NpyArray a = null;
        for (String p : preferred) {
            if (z.contains(p)) {
                a = z.get(p);
                break;
            }
        }
        if (a == null) {
            List<String> names = new ArrayList<>(z.names());
            if (names.size() != 1) {
                throw new IllegalArgumentException(file + " holds " + names + "; expected one array or one named "
                        + List.of(preferred));
            }
            a = z.get(names.get(0));
        }
        if (a.ndim() != 1) {
            throw new IllegalArgumentException(file + ": array '" + a.name() + "' has shape "
                    + NpyArray.shapeText(a.shape()) + "; expected 1-D");
        }
        return a.toDoubleArray();
    }

    /** A boolean mask (true = excluded) from an NPZ with one array, or {@code apogee_mask}/{@code mask}. */
    public static boolean[] readMask(Path file) {
        double[] v = readVector(file, "apogee_mask", "mask");
        boolean[] b = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = v[i] != 0;
        }
        return b;
    }
}
