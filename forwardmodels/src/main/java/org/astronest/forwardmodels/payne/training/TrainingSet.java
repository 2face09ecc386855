package org.astronest.forwardmodels.payne.training;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A labelled training set: for each of {@code n} stars its {@code L} labels (physical units) and its spectrum on
 * {@code P} pixels with inverse variances ({@code ivar = 0}: the pixel is not used for that star, as in The Cannon
 * and The Payne). Immutable; arrays are flat and row-major ({@code labels[star * L + k]},
 * {@code flux[star * P + p]}).
 *
 * <p>Checks (each error names the field and value): at least 2 stars and 1 pixel, unique non-blank label names,
 * finite labels, every label varying across the stars (its training box {@code x_max > x_min}), finite
 * non-negative inverse variances, finite flux wherever the inverse variance is positive (fluxes under
 * {@code ivar = 0} are ignored and stored as 0), and at least one usable star per pixel.
 */
public final class TrainingSet {

    private final List<String> labelNames;
    private final int n;
    private final int nl;
    private final int np;
    private final double[] labels;
    private final double[] flux;
    private final double[] ivar;
    private final double[] wavelength;

    private TrainingSet(List<String> labelNames, int n, int np, double[] labels, double[] flux, double[] ivar,
                        double[] wavelength) {
        this.labelNames = labelNames;
        this.n = n;
        this.nl = labelNames.size();
        this.np = np;
        this.labels = labels;
        this.flux = flux;
        this.ivar = ivar;
        this.wavelength = wavelength;
    }

    /**
     * A validated training set (arrays are copied).
     *
     * @param labelNames label names, in the column order of {@code labels}
     * @param labels     {@code n x L} physical labels
     * @param flux       {@code n x P} normalised fluxes
     * @param ivar       {@code n x P} inverse variances (0 = not used)
     * @param wavelength {@code P} wavelengths, or null
     */
    public static TrainingSet of(List<String> labelNames, double[] labels, double[] flux, double[] ivar,
                                 double[] wavelength) {
        int nl = labelNames.size();
        if (nl < 1) {
            throw new IllegalArgumentException("training labels: need at least one label");
        }
        Set<String> seen = new HashSet<>();
        for (String s : labelNames) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException("training labels: blank label name in " + labelNames);
            }
            if (!seen.add(s)) {
                throw new IllegalArgumentException("training labels: label '" + s + "' appears twice");
            }
        }
        if (labels.length % nl != 0) {
            throw new IllegalArgumentException("training labels: " + labels.length + " values for " + nl + " labels");
        }
        int n = labels.length / nl;
        if (n < 2) {
            throw new IllegalArgumentException("training set: need at least 2 stars, got " + n);
        }
        if (flux.length % n != 0 || flux.length == 0) {
            throw new IllegalArgumentException("training spectra: " + flux.length + " flux values for " + n
                    + " stars");
        }
        int np = flux.length / n;
        if (ivar.length != flux.length) {
            throw new IllegalArgumentException("training spectra: " + ivar.length + " inverse variances for "
                    + flux.length + " flux values (" + n + " stars x " + np + " pixels)");
        }
        if (wavelength != null && wavelength.length != np) {
            throw new IllegalArgumentException("training spectra: " + wavelength.length + " wavelengths for " + np
                    + " pixels");
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < nl; k++) {
                double v = labels[i * nl + k];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("training labels: star " + i + " label " + labelNames.get(k)
                            + " is " + v + "; labels must be finite");
                }
            }
        }
        for (int k = 0; k < nl; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, labels[i * nl + k]);
                hi = Math.max(hi, labels[i * nl + k]);
            }
            if (!(hi > lo)) {
                throw new IllegalArgumentException("training labels: label " + labelNames.get(k) + " has the same "
                        + "value " + lo + " for every star; a label must vary to be learned (The Payne scales it by "
                        + "x_max - x_min)");
            }
        }
        double[] f = new double[flux.length];
        double[] w = new double[ivar.length];
        int[] used = new int[np];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < np; p++) {
                int o = i * np + p;
                double iv = ivar[o];
                if (!(iv >= 0) || !Double.isFinite(iv)) {
                    throw new IllegalArgumentException("training spectra: star " + i + " pixel " + p
                            + " has inverse variance " + iv + "; must be finite and >= 0");
                }
                if (iv > 0) {
                    if (!Double.isFinite(flux[o])) {
                        throw new IllegalArgumentException("training spectra: star " + i + " pixel " + p
                                + " has flux " + flux[o] + " with inverse variance " + iv + " > 0");
                    }
                    f[o] = flux[o];
                    w[o] = iv;
                    used[p]++;
                }
            }
        }
        for (int p = 0; p < np; p++) {
            if (used[p] == 0) {
                throw new IllegalArgumentException("training spectra: pixel " + p + " has inverse variance 0 in "
                        + "every star; leave it out of the training set");
            }
        }
        return new TrainingSet(List.copyOf(labelNames), n, np, labels.clone(), f, w,
                wavelength == null ? null : wavelength.clone());
    }

    /** The stars {@code stars} (in that order) as a new training set; their labels must still vary. */
    public TrainingSet subset(int[] stars) {
        double[] l = new double[stars.length * nl];
        double[] f = new double[stars.length * np];
        double[] w = new double[stars.length * np];
        for (int i = 0; i < stars.length; i++) {
            int s = stars[i];
            if (s < 0 || s >= n) {
                throw new IllegalArgumentException("star index " + s + " outside 0.." + (n - 1));
            }
            System.arraycopy(labels, s * nl, l, i * nl, nl);
            System.arraycopy(flux, s * np, f, i * np, np);
            System.arraycopy(ivar, s * np, w, i * np, np);
        }
        return of(labelNames, l, f, w, wavelength);
    }

    public List<String> labelNames() {
        return labelNames;
    }

    /** Number of stars. */
    public int starCount() {
        return n;
    }

    public int labelCount() {
        return nl;
    }

    public int pixelCount() {
        return np;
    }

    /** Label {@code k} of star {@code i}. */
    public double label(int i, int k) {
        return labels[i * nl + k];
    }

    /** The labels of star {@code i} (copy). */
    public double[] labelsOf(int i) {
        double[] x = new double[nl];
        System.arraycopy(labels, i * nl, x, 0, nl);
        return x;
    }

    public double flux(int i, int p) {
        return flux[i * np + p];
    }

    public double ivar(int i, int p) {
        return ivar[i * np + p];
    }

    /** The flux of star {@code i} (copy). */
    public double[] fluxOf(int i) {
        double[] f = new double[np];
        System.arraycopy(flux, i * np, f, 0, np);
        return f;
    }

    /** The inverse variances of star {@code i} (copy). */
    public double[] ivarOf(int i) {
        double[] f = new double[np];
        System.arraycopy(ivar, i * np, f, 0, np);
        return f;
    }

    /** Wavelengths, or null (copy). */
    public double[] wavelength() {
        return wavelength == null ? null : wavelength.clone();
    }

    /** The training box: per label the minimum over the stars (The Payne's {@code x_min}). */
    public double[] xMin() {
        double[] lo = new double[nl];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < nl; k++) {
                lo[k] = Math.min(lo[k], labels[i * nl + k]);
            }
        }
        return lo;
    }

    /** The training box: per label the maximum over the stars (The Payne's {@code x_max}). */
    public double[] xMax() {
        double[] hi = new double[nl];
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < nl; k++) {
                hi[k] = Math.max(hi[k], labels[i * nl + k]);
            }
        }
        return hi;
    }

    /**
     * A 64-bit fingerprint of the labels, fluxes, inverse variances and names (FNV-1a over their bits): a checkpoint
     * records it so that a resumed training refuses another training set.
     */
    public long fingerprint() {
        long h = 0xcbf29ce484222325L;
        for (String s : labelNames) {
            for (int c = 0; c < s.length(); c++) {
                h = (h ^ s.charAt(c)) * 0x100000001b3L;
            }
            h = (h ^ 0xFF) * 0x100000001b3L;
        }
        h = mixArray(h, labels);
        h = mixArray(h, flux);
        h = mixArray(h, ivar);
        return h;
    }

    private static long mixArray(long h, double[] a) {
        h = (h ^ a.length) * 0x100000001b3L;
        for (double v : a) {
            h = (h ^ Double.doubleToLongBits(v)) * 0x100000001b3L;
        }
        return h;
    }
}
