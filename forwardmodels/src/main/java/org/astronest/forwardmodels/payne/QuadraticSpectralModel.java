package org.astronest.forwardmodels.payne;

import java.nio.file.Path;
import org.astronest.emulators.npz.NpyArray;
import org.astronest.emulators.npz.NpzFile;
import org.astronest.emulators.npz.NpzWriter;

/**
 * The Cannon's per-pixel quadratic model (Ness et al. 2015, ApJ 808, 16, eq. 5 with the quadratic label vector) in
 * The Payne's scaled labels {@code s = (x - x_min)/(x_max - x_min) - 0.5}: for pixel p,
 * {@code f_p(s) = theta_p . phi(s)} with {@code phi(s) = (1, s_0, ..., s_{L-1}, s_0 s_0, s_0 s_1, ..., s_0 s_{L-1},
 * s_1 s_1, ..., s_{L-1} s_{L-1})}: {@code M = 1 + L + L(L+1)/2} terms, the products {@code s_k s_l} with
 * {@code k <= l} in row-major order. (The Cannon centres labels on their mean and divides by a scale; using The
 * Payne's scaling instead only reparametrises the same quadratic family, and lets both model kinds share
 * {@code x_min}, {@code x_max} and the fitters.)
 *
 * <p>File layout (our own; the {@code .npz} holds {@code quadratic_theta (pixels, M)}, {@code x_min (L)},
 * {@code x_max (L)}), detected by {@link PayneNetworks#load} as {@link PayneNetworks.Family#QUADRATIC}.
 * Immutable and thread-safe.
 */
public final class QuadraticSpectralModel implements SpectralNetwork {

    /** Name of the coefficient array in the {@code .npz} file. */
    public static final String THETA = "quadratic_theta";

    private final int nLabels;
    private final int nTerms;
    private final int nPix;
    private final double[] xMin;
    private final double[] xMax;
    private final double[] invRange;
    private final double[] theta; // [pix][term]

    /**
     * @param xMin   lower label bounds of the training box
     * @param xMax   upper label bounds
     * @param pixels number of pixels
     * @param theta  coefficients, {@code pixels x termCount(L)} row-major
     */
    public QuadraticSpectralModel(double[] xMin, double[] xMax, int pixels, double[] theta) {
        this.nLabels = xMin.length;
        this.nTerms = termCount(nLabels);
        this.nPix = pixels;
        if (xMax.length != nLabels || pixels < 1 || theta.length != (long) pixels * nTerms) {
            throw new IllegalArgumentException("quadratic model: " + theta.length + " coefficients for " + pixels
                    + " pixels x " + nTerms + " terms (" + nLabels + " labels)");
        }
        this.xMin = xMin.clone();
        this.xMax = xMax.clone();
        this.invRange = LabelScaling.inverseRanges(xMin, xMax);
        this.theta = theta.clone();
    }

    /** {@code 1 + L + L(L+1)/2}. */
    public static int termCount(int labels) {
        return 1 + labels + labels * (labels + 1) / 2;
    }

    /** The quadratic label vector {@code phi} of the scaled labels {@code s[off..off+L)} into {@code phi[0..M)}. */
    public static void features(double[] s, int off, int labels, double[] phi) {
        phi[0] = 1.0;
        for (int k = 0; k < labels; k++) {
            phi[1 + k] = s[off + k];
        }
        int t = 1 + labels;
        for (int k = 0; k < labels; k++) {
            double sk = s[off + k];
            for (int l = k; l < labels; l++) {
                phi[t++] = sk * s[off + l];
            }
        }
    }

    /** Reads the layout written by {@link #writeNpz}. */
    public static QuadraticSpectralModel fromNpz(NpzFile npz) {
        NpyArray t = npz.get(THETA);
        double[] lo = npz.get("x_min").toDoubleArray();
        double[] hi = npz.get("x_max").toDoubleArray();
        int m = termCount(lo.length);
        if (t.ndim() != 2 || t.dim(1) != m) {
            throw new IllegalArgumentException(npz.file() + ": " + THETA + " has shape " + NpyArray.shapeText(t.shape())
                    + "; a quadratic model of " + lo.length + " labels needs (pixels, " + m + ")");
        }
        if (hi.length != lo.length) {
            throw new IllegalArgumentException(npz.file() + ": x_min has " + lo.length + " values, x_max "
                    + hi.length);
        }
        return new QuadraticSpectralModel(lo, hi, t.dim(0), t.toDoubleArray());
    }

    /** Writes {@code quadratic_theta}, {@code x_min}, {@code x_max} as {@code type}, atomically. */
    public void writeNpz(Path file, NpyArray.DType type) {
        new NpzWriter()
                .add(THETA, type, new int[] {nPix, nTerms}, theta)
                .add("x_min", type, new int[] {nLabels}, xMin)
                .add("x_max", type, new int[] {nLabels}, xMax)
                .write(file);
    }

    /** The coefficients of pixel {@code p} (copy). */
    public double[] coefficients(int p) {
        double[] c = new double[nTerms];
        System.arraycopy(theta, p * nTerms, c, 0, nTerms);
        return c;
    }

    @Override
    public int labelCount() {
        return nLabels;
    }

    @Override
    public int pixelCount() {
        return nPix;
    }

    @Override
    public double[] xMin() {
        return xMin.clone();
    }

    @Override
    public double[] xMax() {
        return xMax.clone();
    }

    /** Scratch: scaled labels and the label vector. */
    static final class QuadWorkspace implements Workspace {
        final int capacity;
        final double[] s;
        final double[] phi;
        final double[] dphi;

        QuadWorkspace(int capacity, int nLabels, int nTerms) {
            this.capacity = capacity;
            this.s = new double[capacity * nLabels];
            this.phi = new double[nTerms];
            this.dphi = new double[nTerms * nLabels];
        }

        @Override
        public int capacity() {
            return capacity;
        }
    }

    @Override
    public Workspace workspace(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("workspace batch must be >= 1, got " + batch);
        }
        return new QuadWorkspace(batch, nLabels, nTerms);
    }

    private QuadWorkspace ws(Workspace ws, int n) {
        if (!(ws instanceof QuadWorkspace q) || q.s.length < n * nLabels || q.phi.length != nTerms) {
            throw new IllegalArgumentException("workspace does not belong to this model or holds fewer than " + n
                    + " label vectors; make it with workspace(" + n + ")");
        }
        return q;
    }

    @Override
    public void predict(double[] x, double[] out, Workspace ws) {
        predictBatch(x, 1, out, ws);
    }

    @Override
    public void predictBatch(double[] xs, int n, double[] out, Workspace workspace) {
        QuadWorkspace q = ws(workspace, n);
        LabelScaling.scale(xs, n, xMin, xMax, q.s);
        double[] phi = q.phi;
        for (int i = 0; i < n; i++) {
            features(q.s, i * nLabels, nLabels, phi);
            int o = i * nPix;
            for (int p = 0; p < nPix; p++) {
                int b = p * nTerms;
                double f = 0;
                for (int t = 0; t < nTerms; t++) {
                    f += theta[b + t] * phi[t];
                }
                out[o + p] = f;
            }
        }
    }

    @Override
    public void predictWithJacobian(double[] x, double[] out, double[] jac, Workspace workspace) {
        QuadWorkspace q = ws(workspace, 1);
        LabelScaling.scale(x, 1, xMin, xMax, q.s);
        double[] s = q.s;
        double[] phi = q.phi;
        features(s, 0, nLabels, phi);
        // d phi_t / d s_k, stored [t][k]
        double[] d = q.dphi;
        java.util.Arrays.fill(d, 0.0);
        for (int k = 0; k < nLabels; k++) {
            d[(1 + k) * nLabels + k] = 1.0;
        }
        int t = 1 + nLabels;
        for (int k = 0; k < nLabels; k++) {
            for (int l = k; l < nLabels; l++) {
                d[t * nLabels + k] += s[l];
                d[t * nLabels + l] += s[k];
                t++;
            }
        }
        for (int p = 0; p < nPix; p++) {
            int b = p * nTerms;
            double f = 0;
            int jo = p * nLabels;
            for (int k = 0; k < nLabels; k++) {
                jac[jo + k] = 0;
            }
            for (int u = 0; u < nTerms; u++) {
                double c = theta[b + u];
                f += c * phi[u];
                int dr = u * nLabels;
                for (int k = 0; k < nLabels; k++) {
                    jac[jo + k] += c * d[dr + k];
                }
            }
            for (int k = 0; k < nLabels; k++) {
                jac[jo + k] *= invRange[k];
            }
            out[p] = f;
        }
    }

    @Override
    public String describe() {
        return "quadratic per-pixel model (The Cannon's form): " + nPix + " pixels x " + nTerms + " terms, " + nLabels
                + " labels";
    }
}
