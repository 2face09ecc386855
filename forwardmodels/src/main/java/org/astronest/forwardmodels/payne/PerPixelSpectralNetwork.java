package org.astronest.forwardmodels.payne;

import java.nio.file.Path;
import org.astronest.emulators.npz.NpyArray;
import org.astronest.emulators.npz.NpzFile;
import org.astronest.emulators.npz.NpzWriter;

/**
 * One small network per pixel, the binspec family (El-Badry et al. 2018, MNRAS 476, 528; {@code binspec} package of
 * K. El-Badry and Y.-S. Ting): for pixel i, {@code h_ij = sigmoid(sum_k W0[i,j,k] s_k + b0[i,j])} and
 * {@code f_i = sum_j W1[i,j] h_ij + b1[i]}, with {@code s} the scaled labels. Arrays {@code w_array_0}
 * {@code (pixels, hidden, labels)}, {@code b_array_0 (pixels, hidden)}, {@code w_array_1 (pixels, hidden)},
 * {@code b_array_1 (pixels)}, {@code x_min}, {@code x_max}.
 */
public final class PerPixelSpectralNetwork implements SpectralNetwork {

    private final int nLabels;
    private final int nHidden;
    private final int nPix;
    private final double[] xMin;
    private final double[] xMax;
    private final double[] invRange;
    private final double[] w0; // [pix][hidden][label]
    private final double[] b0; // [pix][hidden]
    private final double[] w1; // [pix][hidden]
    private final double[] b1; // [pix]

    public PerPixelSpectralNetwork(double[] xMin, double[] xMax, int pixels, int hidden, double[] w0, double[] b0,
                                   double[] w1, double[] b1) {
        this.nLabels = xMin.length;
        this.nHidden = hidden;
        this.nPix = pixels;
        if (xMax.length != nLabels || w0.length != pixels * hidden * nLabels || b0.length != pixels * hidden
                || w1.length != pixels * hidden || b1.length != pixels) {
            throw new IllegalArgumentException("per-pixel network: inconsistent array sizes for " + pixels
                    + " pixels, " + hidden + " hidden units, " + nLabels + " labels");
        }
        this.xMin = xMin.clone();
        this.xMax = xMax.clone();
        this.invRange = LabelScaling.inverseRanges(xMin, xMax);
        this.w0 = w0.clone();
        this.b0 = b0.clone();
        this.w1 = w1.clone();
        this.b1 = b1.clone();
    }

    /** Reads a binspec-style archive. */
    public static PerPixelSpectralNetwork fromNpz(NpzFile npz) {
        NpyArray w0 = npz.get("w_array_0");
        if (w0.ndim() != 3) {
            throw new IllegalArgumentException(npz.file() + ": w_array_0 has shape " + NpyArray.shapeText(w0.shape())
                    + "; a per-pixel network needs (pixels, hidden, labels)");
        }
        int pix = w0.dim(0);
        int hid = w0.dim(1);
        NpyArray b0 = npz.get("b_array_0");
        NpyArray w1 = npz.get("w_array_1");
        NpyArray b1 = npz.get("b_array_1");
        if (b0.size() != pix * hid || w1.size() != pix * hid || b1.size() != pix) {
            throw new IllegalArgumentException(npz.file() + ": per-pixel arrays disagree: w_array_0 "
                    + NpyArray.shapeText(w0.shape()) + ", b_array_0 " + NpyArray.shapeText(b0.shape()) + ", w_array_1 "
                    + NpyArray.shapeText(w1.shape()) + ", b_array_1 " + NpyArray.shapeText(b1.shape()));
        }
        double[] lo = npz.get("x_min").toDoubleArray();
        double[] hi = npz.get("x_max").toDoubleArray();
        if (lo.length != w0.dim(2)) {
            throw new IllegalArgumentException(npz.file() + ": w_array_0 takes " + w0.dim(2) + " labels but x_min has "
                    + lo.length);
        }
        return new PerPixelSpectralNetwork(lo, hi, pix, hid, w0.toDoubleArray(), b0.toDoubleArray(),
                w1.toDoubleArray(), b1.toDoubleArray());
    }

    /**
     * Writes the network in the layout {@link #fromNpz} reads (binspec's, The Payne family's per-pixel networks):
     * {@code w_array_0 (pixels, hidden, labels)}, {@code b_array_0 (pixels, hidden)}, {@code w_array_1 (pixels,
     * hidden)}, {@code b_array_1 (pixels)}, {@code x_min}, {@code x_max}, as {@code type} (FLOAT64 keeps every bit;
     * The Payne's own files are FLOAT32). Atomic ({@link NpzWriter}).
     */
    public void writeNpz(Path file, NpyArray.DType type) {
        new NpzWriter()
                .add("w_array_0", type, new int[] {nPix, nHidden, nLabels}, w0)
                .add("b_array_0", type, new int[] {nPix, nHidden}, b0)
                .add("w_array_1", type, new int[] {nPix, nHidden}, w1)
                .add("b_array_1", type, new int[] {nPix}, b1)
                .add("x_min", type, new int[] {nLabels}, xMin)
                .add("x_max", type, new int[] {nLabels}, xMax)
                .write(file);
    }

    @Override
    public int labelCount() {
        return nLabels;
    }

    @Override
    public int pixelCount() {
        return nPix;
    }

    public int hiddenCount() {
        return nHidden;
    }

    @Override
    public double[] xMin() {
        return xMin.clone();
    }

    @Override
    public double[] xMax() {
        return xMax.clone();
    }

    /** Scratch: scaled labels of a batch. */
    static final class PixelWorkspace implements Workspace {
        final int capacity;
        final double[] s;

        PixelWorkspace(int capacity, int nLabels) {
            this.capacity = capacity;
            this.s = new double[capacity * nLabels];
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
        return new PixelWorkspace(batch, nLabels);
    }

    private PixelWorkspace ws(Workspace ws, int n) {
        if (!(ws instanceof PixelWorkspace p) || p.s.length < n * nLabels) {
            throw new IllegalArgumentException("workspace does not belong to this network or holds fewer than " + n
                    + " label vectors; make it with workspace(" + n + ")");
        }
        return p;
    }

    @Override
    public void predict(double[] x, double[] out, Workspace ws) {
        predictBatch(x, 1, out, ws);
    }

    @Override
    public void predictBatch(double[] xs, int n, double[] out, Workspace workspace) {
        PixelWorkspace p = ws(workspace, n);
        double[] s = p.s;
        LabelScaling.scale(xs, n, xMin, xMax, s);
        for (int pix = 0; pix < nPix; pix++) {
            int hb = pix * nHidden;
            for (int i = 0; i < n; i++) {
                int so = i * nLabels;
                double f = 0;
                for (int j = 0; j < nHidden; j++) {
                    int wo = (hb + j) * nLabels;
                    double z = 0;
                    for (int k = 0; k < nLabels; k++) {
                        z += w0[wo + k] * s[so + k];
                    }
                    double h = 1.0 / (1.0 + Math.exp(-(z + b0[hb + j])));
                    f += w1[hb + j] * h;
                }
                out[i * nPix + pix] = f + b1[pix];
            }
        }
    }

    @Override
    public void predictWithJacobian(double[] x, double[] out, double[] jac, Workspace workspace) {
        PixelWorkspace p = ws(workspace, 1);
        double[] s = p.s;
        LabelScaling.scale(x, 1, xMin, xMax, s);
        for (int pix = 0; pix < nPix; pix++) {
            int hb = pix * nHidden;
            int jo = pix * nLabels;
            for (int k = 0; k < nLabels; k++) {
                jac[jo + k] = 0;
            }
            double f = 0;
            for (int j = 0; j < nHidden; j++) {
                int wo = (hb + j) * nLabels;
                double z = 0;
                for (int k = 0; k < nLabels; k++) {
                    z += w0[wo + k] * s[k];
                }
                double h = 1.0 / (1.0 + Math.exp(-(z + b0[hb + j])));
                f += w1[hb + j] * h;
                double g = w1[hb + j] * h * (1.0 - h);
                for (int k = 0; k < nLabels; k++) {
                    jac[jo + k] += g * w0[wo + k] * invRange[k];
                }
            }
            out[pix] = f + b1[pix];
        }
    }

    @Override
    public String describe() {
        return "per-pixel network: " + nPix + " pixels x " + nHidden + " sigmoid units, " + nLabels + " labels";
    }
}
