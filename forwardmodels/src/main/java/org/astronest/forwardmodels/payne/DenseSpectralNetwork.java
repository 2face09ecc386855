package org.astronest.forwardmodels.payne;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.astronest.emulators.npz.NpyArray;
import org.astronest.emulators.npz.NpzFile;

/**
 * A fully connected network {@code h_{l+1} = act_l(W_l h_l + b_l)} on scaled labels, with one activation per layer.
 *
 * <p>The Payne (Ting et al. 2019; {@code The_Payne/spectral_model.py}) is the case of two leaky-ReLU hidden layers
 * and a linear output layer ({@code w_array_0..2}, {@code b_array_0..2}); CCLya-Payne v1.1 adds a third, sigmoid,
 * hidden layer ({@code w_array_0..3}). Weight matrices are {@code (out, in)} as in the {@code .npz} files; float32
 * weights are widened to double and all arithmetic is double.
 */
public final class DenseSpectralNetwork implements SpectralNetwork {

    private final int nLabels;
    private final double[] xMin;
    private final double[] xMax;
    private final double[] invRange;
    private final int[] widths; // widths[0] = nLabels, widths[L] = pixels
    private final double[][] wt; // wt[l]: W_l transposed, widths[l] x widths[l+1], row-major
    private final double[][] b;
    private final Activation[] act;
    private final int maxWidth;

    /**
     * @param xMin        lower label bounds
     * @param xMax        upper label bounds
     * @param weights     per layer, row-major {@code (out, in)}
     * @param biases      per layer, length {@code out}
     * @param activations per layer
     */
    public DenseSpectralNetwork(double[] xMin, double[] xMax, List<double[]> weights, List<double[]> biases,
                                List<Activation> activations) {
        int layers = weights.size();
        if (layers < 1 || biases.size() != layers || activations.size() != layers) {
            throw new IllegalArgumentException("dense network: " + weights.size() + " weight matrices, "
                    + biases.size() + " bias vectors and " + activations.size() + " activations; need equal counts >= 1");
        }
        this.nLabels = xMin.length;
        if (xMax.length != nLabels) {
            throw new IllegalArgumentException("x_min has " + nLabels + " values but x_max has " + xMax.length);
        }
        this.xMin = xMin.clone();
        this.xMax = xMax.clone();
        this.invRange = LabelScaling.inverseRanges(xMin, xMax);
        this.widths = new int[layers + 1];
        widths[0] = nLabels;
        this.wt = new double[layers][];
        this.b = new double[layers][];
        this.act = activations.toArray(new Activation[0]);
        int mw = nLabels;
        for (int l = 0; l < layers; l++) {
            int out = biases.get(l).length;
            if (weights.get(l).length != out * widths[l]) {
                throw new IllegalArgumentException("layer " + l + ": weight matrix has " + weights.get(l).length
                        + " values, expected " + out + " x " + widths[l]);
            }
            widths[l + 1] = out;
            wt[l] = transpose(weights.get(l), out, widths[l]);
            b[l] = biases.get(l).clone();
            mw = Math.max(mw, out);
        }
        this.maxWidth = mw;
    }

    /** The transpose of a row-major {@code rows x cols} matrix. */
    static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    /**
     * Reads {@code w_array_0..L-1}, {@code b_array_0..L-1}, {@code x_min}, {@code x_max} from an archive.
     *
     * @param activations per layer; null: {@link #defaultActivations(int)}
     */
    public static DenseSpectralNetwork fromNpz(NpzFile npz, List<Activation> activations) {
        int layers = layerCount(npz);
        if (layers == 0) {
            throw new IllegalArgumentException(npz.file() + ": no w_array_0; not a Payne-style network (arrays "
                    + npz.names() + ")");
        }
        List<double[]> ws = new ArrayList<>();
        List<double[]> bs = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            NpyArray wa = npz.get("w_array_" + l);
            if (wa.ndim() != 2) {
                throw new IllegalArgumentException(npz.file() + ": w_array_" + l + " has shape "
                        + NpyArray.shapeText(wa.shape()) + "; a dense layer needs a 2-D (out, in) matrix");
            }
            NpyArray ba = npz.get("b_array_" + l);
            if (ba.size() != wa.dim(0)) {
                throw new IllegalArgumentException(npz.file() + ": b_array_" + l + " has " + ba.size()
                        + " values but w_array_" + l + " has " + wa.dim(0) + " rows");
            }
            ws.add(wa.toDoubleArray());
            bs.add(ba.toDoubleArray());
        }
        double[] lo = npz.get("x_min").toDoubleArray();
        double[] hi = npz.get("x_max").toDoubleArray();
        if (npz.get("w_array_0").dim(1) != lo.length) {
            throw new IllegalArgumentException(npz.file() + ": w_array_0 takes " + npz.get("w_array_0").dim(1)
                    + " inputs but x_min has " + lo.length + " labels");
        }
        List<Activation> a = activations != null ? activations : defaultActivations(layers);
        if (a.size() != layers) {
            throw new IllegalArgumentException(npz.file() + " has " + layers + " layers but " + a.size()
                    + " activations were given " + a);
        }
        return new DenseSpectralNetwork(lo, hi, ws, bs, a);
    }

    /** Number of consecutive {@code w_array_k} entries from k = 0. */
    static int layerCount(NpzFile npz) {
        int l = 0;
        while (npz.contains("w_array_" + l)) {
            l++;
        }
        return l;
    }

    /**
     * Activations detected from the layer count: 3 layers = The Payne (LReLU, LReLU, linear); 4 layers =
     * CCLya-Payne v1.1 (LReLU, LReLU, sigmoid, linear; {@code reproduction.json}); otherwise leaky-ReLU hidden
     * layers and a linear output.
     */
    public static List<Activation> defaultActivations(int layers) {
        List<Activation> a = new ArrayList<>();
        for (int l = 0; l < layers - 1; l++) {
            a.add(layers == 4 && l == 2 ? Activation.SIGMOID : Activation.LEAKY_RELU);
        }
        a.add(Activation.LINEAR);
        return a;
    }

    @Override
    public int labelCount() {
        return nLabels;
    }

    @Override
    public int pixelCount() {
        return widths[widths.length - 1];
    }

    @Override
    public double[] xMin() {
        return xMin.clone();
    }

    @Override
    public double[] xMax() {
        return xMax.clone();
    }

    /** Layer activations. */
    public List<Activation> activations() {
        return List.of(act);
    }

    /** Layer widths, inputs first. */
    public int[] widths() {
        return widths.clone();
    }

    /** Scratch: two ping-pong activation buffers and forward-mode tangents. */
    static final class DenseWorkspace implements Workspace {
        final int capacity;
        final double[] a;
        final double[] c;
        final double[] ta; // tangents [k][width]
        final double[] tc;

        DenseWorkspace(int capacity, int maxWidth, int nLabels) {
            this.capacity = capacity;
            this.a = new double[capacity * maxWidth];
            this.c = new double[capacity * maxWidth];
            this.ta = new double[nLabels * maxWidth];
            this.tc = new double[nLabels * maxWidth];
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
        return new DenseWorkspace(batch, maxWidth, nLabels);
    }

    private DenseWorkspace ws(Workspace ws, int n) {
        if (!(ws instanceof DenseWorkspace d) || d.a.length < n * maxWidth || d.ta.length < nLabels * maxWidth) {
            throw new IllegalArgumentException("workspace does not belong to this network or holds fewer than " + n
                    + " label vectors; make it with workspace(" + n + ")");
        }
        return d;
    }

    @Override
    public void predict(double[] x, double[] out, Workspace ws) {
        predictBatch(x, 1, out, ws);
    }

    @Override
    public void predictBatch(double[] xs, int n, double[] out, Workspace workspace) {
        DenseWorkspace d = ws(workspace, n);
        double[] cur = d.a;
        double[] next = d.c;
        LabelScaling.scale(xs, n, xMin, xMax, cur);
        int layers = wt.length;
        for (int l = 0; l < layers; l++) {
            int nin = widths[l];
            int nout = widths[l + 1];
            double[] dst = l == layers - 1 ? out : next;
            double[] w = wt[l];
            double[] bl = b[l];
            Activation f = act[l];
            for (int i = 0; i < n; i++) {
                int o = i * nout;
                System.arraycopy(bl, 0, dst, o, nout);
                int xo = i * nin;
                for (int j = 0; j < nin; j++) {
                    double xj = cur[xo + j];
                    if (xj != 0) {
                        axpy(dst, o, w, j * nout, xj, nout);
                    }
                }
                if (f != Activation.LINEAR) {
                    for (int q = o; q < o + nout; q++) {
                        dst[q] = f.apply(dst[q]);
                    }
                }
            }
            double[] t = cur;
            cur = next;
            next = t;
        }
    }

    @Override
    public void predictWithJacobian(double[] x, double[] out, double[] jac, Workspace workspace) {
        DenseWorkspace d = ws(workspace, 1);
        double[] cur = d.a;
        double[] next = d.c;
        double[] tcur = d.ta;
        double[] tnext = d.tc;
        LabelScaling.scale(x, 1, xMin, xMax, cur);
        for (int k = 0; k < nLabels; k++) {
            for (int j = 0; j < nLabels; j++) { // tangent k: d s_j / d x_k
                tcur[k * nLabels + j] = j == k ? invRange[k] : 0.0;
            }
        }
        int layers = wt.length;
        for (int l = 0; l < layers; l++) {
            int nin = widths[l];
            int nout = widths[l + 1];
            boolean last = l == layers - 1;
            double[] w = wt[l];
            Activation f = act[l];
            // pre-activations z = b + W h, and tangents t_k = W t_k, as axpy over the rows of W^T
            System.arraycopy(b[l], 0, next, 0, nout);
            for (int j = 0; j < nin; j++) {
                double hj = cur[j];
                if (hj != 0) {
                    axpy(next, 0, w, j * nout, hj, nout);
                }
            }
            java.util.Arrays.fill(tnext, 0, nLabels * nout, 0.0);
            // blocked over outputs so that a block of all tangents stays in cache while W^T is streamed once
            for (int ob = 0; ob < nout; ob += BLOCK) {
                int len = Math.min(BLOCK, nout - ob);
                for (int j = 0; j < nin; j++) {
                    int wo = j * nout + ob;
                    for (int k = 0; k < nLabels; k++) {
                        double t = tcur[k * nin + j];
                        if (t != 0) {
                            axpy(tnext, k * nout + ob, w, wo, t, len);
                        }
                    }
                }
            }
            double[] dst = last ? out : next;
            for (int o = 0; o < nout; o++) {
                double z = next[o];
                double y = f.apply(z);
                double g = f.derivative(z, y);
                dst[o] = y;
                if (g != 1.0) {
                    for (int k = 0; k < nLabels; k++) {
                        tnext[k * nout + o] *= g;
                    }
                }
            }
            if (last) {
                for (int o = 0; o < nout; o++) {
                    for (int k = 0; k < nLabels; k++) {
                        jac[o * nLabels + k] = tnext[k * nout + o];
                    }
                }
            }
            double[] s = cur;
            cur = next;
            next = s;
            s = tcur;
            tcur = tnext;
            tnext = s;
        }
    }

    /** Output block of the tangent loop: 512 outputs x 25 tangents x 8 bytes = 100 kB, an L2-sized working set. */
    static final int BLOCK = 512;

    /**
     * {@code y[yo + i] += a * x[xo + i]} for i < n: the inner loop of every layer (row j of W^T scaled by input
     * j), a form the JIT vectorizes. Each output value is summed in input order j = 0, 1, ..., then the bias first.
     */
    static void axpy(double[] y, int yo, double[] x, int xo, double a, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += a * x[xo + i];
        }
    }

    @Override
    public String describe() {
        StringBuilder s = new StringBuilder("dense network ");
        for (int l = 0; l < widths.length; l++) {
            if (l > 0) {
                s.append(" -> ").append(act[l - 1].name().toLowerCase(java.util.Locale.ROOT)).append(' ');
            }
            s.append(widths[l]);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return describe() + " x_min=" + Arrays.toString(xMin) + " x_max=" + Arrays.toString(xMax);
    }
}
