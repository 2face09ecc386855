package org.astronest.emulators.kernel;

import org.astronest.emulators.Activation;
import org.astronest.emulators.Backend;
import org.astronest.emulators.DenseNetwork;
import org.astronest.emulators.NetworkKernel;

/**
 * Pure-Java dense kernel with a blocked batched path and a single-point path.
 *
 * <p><b>Arithmetic.</b> Every output of every layer is computed as {@code b_o}, then {@code fma(W[o][k], x_k, acc)}
 * for k = 0, 1, ..., in-1 in that order ({@link Math#fma}, one rounding per step). Both paths use exactly this
 * order, so a point gives bit-identical results alone or inside a batch of any size.
 *
 * <p><b>Batched path.</b> Points are processed in blocks of {@link #BLOCK}; activations are stored feature-major
 * (row f holds feature f of the block's points), so that the innermost loop runs over points with unit stride and
 * HotSpot's superword pass turns it into SIMD FMAs. The loop body chains 4 inputs into one output row: 4 FMAs per
 * 4 input loads and one load/store of the accumulator. Measured alternatives (per CPU second, this machine): a
 * 1x8 chain and a 4x4 output-by-input tile are not vectorized by HotSpot 17 and run 2-3x slower.
 *
 * <p><b>Single point.</b> The same idea with roles swapped: the inner loop runs over outputs using the rows of the
 * transposed weights W^T (in, out), 4 inputs at a time.
 *
 * <p>The inputs are processed in chunks of {@link #KCHUNK} rows: for each chunk, every output row accumulates the
 * chunk's 4-input tiles, so the chunk stays in L1 (unchunked, each output row streams all inputs from L2 and the
 * loop is L2-bandwidth bound). Within an output the order over k is unchanged.
 *
 * <p><b>Memory.</b> Each thread has its own preallocated workspace ({@link ThreadLocal}); the hot loops allocate
 * nothing.
 */
public final class JavaDenseKernel implements NetworkKernel {

    /**
     * Points per block of the batched path. With {@link #KCHUNK} = 32 the input chunk (32 x 64 doubles, 16 KB) stays
     * in L1 while all outputs pass over it. Measured per CPU second on this machine (2026-11-22, docs/emulators.md):
     * block/chunk 64/32 and 128/32 about 16-17 GFLOP/s; 32/32, 64/48, 128/16 and unchunked 10-13.
     */
    public static final int BLOCK = 64;

    /** Batches smaller than this go point by point through the single-point path. */
    static final int SMALL_BATCH = 4;

    /** Input rows per chunk of the batched path (a multiple of 4), see {@link #BLOCK}. */
    static final int KCHUNK = 32;

    private final DenseNetwork network;
    private final int layers;
    private final int[] in;
    private final int[] out;
    private final double[][] w;
    private final double[][][] wt;
    private final double[][] wtFlat;
    private final double[][][] wRows;
    private final double[][] zeroBias;
    private final double[][] b;
    private final boolean[] relu;
    private final int maxWidth;
    private final ThreadLocal<Workspace> workspace;

    private static final class Workspace {
        final double[][] a;
        final double[][] c;
        final double[] s1;
        final double[] s2;
        final double[] single;
        /** Gradient path: each layer's activations (feature-major), allocated on the first gradient call. */
        double[][][] h;
        /** Single-point gradient path: each layer's activations. */
        double[][] hs;

        Workspace(int maxWidth, int inputs) {
            single = new double[inputs];
            a = new double[maxWidth][BLOCK];
            c = new double[maxWidth][BLOCK];
            s1 = new double[maxWidth];
            s2 = new double[maxWidth];
        }
    }

    public JavaDenseKernel(DenseNetwork network) {
        this.network = network;
        this.layers = network.layers().size();
        in = new int[layers];
        out = new int[layers];
        w = new double[layers][];
        wt = new double[layers][][];
        wtFlat = new double[layers][];
        wRows = new double[layers][][];
        zeroBias = new double[layers][];
        b = new double[layers][];
        relu = new boolean[layers];
        int mw = 0;
        for (int l = 0; l < layers; l++) {
            DenseNetwork.Layer layer = network.layers().get(l);
            in[l] = layer.in();
            out[l] = layer.out();
            w[l] = layer.weight().clone();
            b[l] = layer.bias().clone();
            relu[l] = layer.activation() == Activation.RELU;
            double[][] t = new double[in[l]][out[l]];
            for (int o = 0; o < out[l]; o++) {
                for (int k = 0; k < in[l]; k++) {
                    t[k][o] = w[l][o * in[l] + k];
                }
            }
            wt[l] = t;
            wtFlat[l] = new double[in[l] * out[l]];
            for (int k = 0; k < in[l]; k++) {
                System.arraycopy(t[k], 0, wtFlat[l], k * out[l], out[l]);
            }
            zeroBias[l] = new double[in[l]];
            wRows[l] = new double[out[l]][];
            for (int o = 0; o < out[l]; o++) {
                wRows[l][o] = java.util.Arrays.copyOfRange(w[l], o * in[l], (o + 1) * in[l]);
            }
            mw = Math.max(mw, Math.max(in[l], out[l]));
        }
        if (network.outputs() != 1) {
            throw new IllegalArgumentException("the emulator kernel evaluates scalar networks; this one has "
                    + network.outputs() + " outputs");
        }
        maxWidth = mw;
        final int m = mw;
        final int nin0 = in[0];
        workspace = ThreadLocal.withInitial(() -> new Workspace(m, nin0));
    }

    private Workspace ws() {
        return workspace.get();
    }

    @Override
    public DenseNetwork network() {
        return network;
    }

    @Override
    public Backend backend() {
        return Backend.JAVA;
    }

    @Override
    public double evaluate(double[] x) {
        if (x.length != in[0]) {
            throw new IllegalArgumentException("input has " + x.length + " values, the network takes " + in[0]);
        }
        Workspace ws = workspace.get();
        double[] cur = x;
        double[] next = ws.s1;
        for (int l = 0; l < layers; l++) {
            layerSingle(wt[l], b[l], in[l], out[l], cur, next);
            if (relu[l]) {
                reluInPlace(next, out[l]);
            }
            cur = next;
            next = cur == ws.s1 ? ws.s2 : ws.s1;
        }
        return cur[0];
    }

    @Override
    public void evaluate(double[] flatInputs, int n, double[] result) {
        int nin = in[0];
        if (n < 0 || flatInputs.length < (long) n * nin || result.length < n) {
            throw new IllegalArgumentException("batch of " + n + " points needs " + (long) n * nin + " inputs and " + n
                    + " outputs, got arrays of " + flatInputs.length + " and " + result.length);
        }
        if (n < SMALL_BATCH) {
            // tiny batches: the single-point path (same arithmetic, bit-identical) avoids the block set-up
            double[] x = ws().single;
            for (int i = 0; i < n; i++) {
                System.arraycopy(flatInputs, i * nin, x, 0, nin);
                result[i] = evaluate(x);
            }
            return;
        }
        Workspace ws = workspace.get();
        for (int start = 0; start < n; start += BLOCK) {
            int nb = Math.min(BLOCK, n - start);
            double[][] x = ws.a;
            // transpose the block's inputs to feature-major
            for (int k = 0; k < nin; k++) {
                double[] xk = x[k];
                for (int j = 0; j < nb; j++) {
                    xk[j] = flatInputs[(start + j) * nin + k];
                }
            }
            double[][] y = ws.c;
            for (int l = 0; l < layers; l++) {
                layerBlock(w[l], b[l], in[l], out[l], x, y, nb);
                if (relu[l]) {
                    for (int o = 0; o < out[l]; o++) {
                        reluInPlace(y[o], nb);
                    }
                }
                double[][] t = x;
                x = y;
                y = t;
            }
            System.arraycopy(x[0], 0, result, start, nb);
        }
    }

    /**
     * Reverse mode over the blocked path: the forward pass is {@link #evaluate(double[], int, double[])}'s (same
     * arithmetic, so {@code out} is bit-identical to it) keeping every layer's activations; the backward pass runs
     * the adjoints through {@link #layerBlock} with the transposed weights, so a batch's gradient costs about two
     * evaluations (docs/nuts.md has the measured ratio). Batches below {@link #SMALL_BATCH} go point by point through
     * the single-point kernels instead ({@code gradientSingle}).
     */
    @Override
    public void evaluateWithGradient(double[] flatInputs, int n, double[] result, double[] gradient) {
        int nin = in[0];
        if (n < 0 || flatInputs.length < (long) n * nin || result.length < n || gradient.length < (long) n * nin) {
            throw new IllegalArgumentException("batch of " + n + " points needs " + (long) n * nin + " inputs, " + n
                    + " outputs and " + (long) n * nin + " gradient values, got arrays of " + flatInputs.length
                    + ", " + result.length + " and " + gradient.length);
        }
        Workspace ws = workspace.get();
        if (n < SMALL_BATCH) {
            for (int i = 0; i < n; i++) {
                result[i] = gradientSingle(ws, flatInputs, i * nin, gradient);
            }
            return;
        }
        if (ws.h == null) {
            ws.h = new double[layers + 1][][];
            ws.h[0] = new double[in[0]][BLOCK];
            for (int l = 0; l < layers; l++) {
                ws.h[l + 1] = new double[out[l]][BLOCK];
            }
        }
        double[][][] h = ws.h;
        for (int start = 0; start < n; start += BLOCK) {
            int nb = Math.min(BLOCK, n - start);
            for (int k = 0; k < nin; k++) {
                double[] xk = h[0][k];
                for (int j = 0; j < nb; j++) {
                    xk[j] = flatInputs[(start + j) * nin + k];
                }
            }
            for (int l = 0; l < layers; l++) {
                layerBlock(w[l], b[l], in[l], out[l], h[l], h[l + 1], nb);
                if (relu[l]) {
                    for (int o = 0; o < out[l]; o++) {
                        reluInPlace(h[l + 1][o], nb);
                    }
                }
            }
            System.arraycopy(h[layers][0], 0, result, start, nb);
            // adjoints: delta of the output is 1; ws.a and ws.c alternate as delta buffers
            double[][] delta = ws.a;
            double[][] prev = ws.c;
            java.util.Arrays.fill(delta[0], 0, nb, 1.0);
            for (int l = layers - 1; l >= 0; l--) {
                if (relu[l]) {
                    for (int o = 0; o < out[l]; o++) {
                        double[] d = delta[o];
                        double[] act = h[l + 1][o];
                        for (int j = 0; j < nb; j++) {
                            d[j] = act[j] > 0 ? d[j] : 0.0;
                        }
                    }
                }
                layerBlock(wtFlat[l], zeroBias[l], out[l], in[l], delta, prev, nb);
                double[][] t = delta;
                delta = prev;
                prev = t;
            }
            for (int j = 0; j < nb; j++) {
                int g = (start + j) * nin;
                for (int k = 0; k < nin; k++) {
                    gradient[g + k] = delta[k][j];
                }
            }
        }
    }

    /**
     * One point's value and gradient by the single-point kernels: forward as {@link #evaluate(double[])} (same
     * arithmetic), backward {@code delta_prev = W^T delta} as {@link #layerSingle} over the rows of W.
     */
    private double gradientSingle(Workspace ws, double[] flat, int off, double[] gradient) {
        if (ws.hs == null) {
            ws.hs = new double[layers + 1][];
            ws.hs[0] = new double[in[0]];
            for (int l = 0; l < layers; l++) {
                ws.hs[l + 1] = new double[out[l]];
            }
        }
        double[][] h = ws.hs;
        System.arraycopy(flat, off, h[0], 0, in[0]);
        for (int l = 0; l < layers; l++) {
            layerSingle(wt[l], b[l], in[l], out[l], h[l], h[l + 1]);
            if (relu[l]) {
                reluInPlace(h[l + 1], out[l]);
            }
        }
        double[] delta = ws.s1;
        double[] prev = ws.s2;
        delta[0] = 1.0;
        for (int l = layers - 1; l >= 0; l--) {
            if (relu[l]) {
                double[] act = h[l + 1];
                for (int o = 0; o < out[l]; o++) {
                    delta[o] = act[o] > 0 ? delta[o] : 0.0;
                }
            }
            layerSingle(wRows[l], zeroBias[l], out[l], in[l], delta, prev);
            double[] t = delta;
            delta = prev;
            prev = t;
        }
        System.arraycopy(delta, 0, gradient, off, in[0]);
        return h[layers][0];
    }

    /**
     * Y (out x nb) = W (out x in) X (in x nb) + b, feature-major rows, FMA over k in increasing order. Each output row
     * is one array and each input row another: HotSpot's superword pass vectorizes stores to distinct arrays but not
     * stores to one array at several run-time offsets (measured: 3x slower), hence {@code double[][]}.
     */
    static void layerBlock(double[] w, double[] bias, int nin, int nout, double[][] x, double[][] y, int nb) {
        for (int o = 0; o < nout; o++) {
            double[] yo = y[o];
            double bo = bias[o];
            for (int j = 0; j < nb; j++) {
                yo[j] = bo;
            }
        }
        // inputs in chunks of KCHUNK rows (KCHUNK * nb doubles stay in L1 while all outputs pass over them);
        // per output the k order is still 0, 1, ..., in-1
        for (int kc = 0; kc < nin; kc += KCHUNK) {
            int kend = Math.min(nin, kc + KCHUNK);
            int k4 = kc + (kend - kc) / 4 * 4;
            for (int o = 0; o < nout; o++) {
                double[] yo = y[o];
                int r = o * nin;
                for (int k = kc; k < k4; k += 4) {
                    tile4(yo, x[k], x[k + 1], x[k + 2], x[k + 3], nb, w[r + k], w[r + k + 1], w[r + k + 2],
                            w[r + k + 3]);
                }
                for (int k = k4; k < kend; k++) {
                    double wk = w[r + k];
                    double[] xk = x[k];
                    for (int j = 0; j < nb; j++) {
                        yo[j] = Math.fma(wk, xk[j], yo[j]);
                    }
                }
            }
        }
    }

    private static void tile4(double[] y, double[] x0, double[] x1, double[] x2, double[] x3, int nb, double w0,
            double w1, double w2, double w3) {
        for (int j = 0; j < nb; j++) {
            y[j] = Math.fma(w3, x3[j], Math.fma(w2, x2[j], Math.fma(w1, x1[j], Math.fma(w0, x0[j], y[j]))));
        }
    }

    /** y (out) = W x + b using the rows of W^T (in x out), FMA over k in increasing order. */
    static void layerSingle(double[][] wt, double[] bias, int nin, int nout, double[] x, double[] y) {
        System.arraycopy(bias, 0, y, 0, nout);
        int k4 = nin - nin % 4;
        for (int k = 0; k < k4; k += 4) {
            double a0 = x[k], a1 = x[k + 1], a2 = x[k + 2], a3 = x[k + 3];
            double[] t0 = wt[k];
            double[] t1 = wt[k + 1];
            double[] t2 = wt[k + 2];
            double[] t3 = wt[k + 3];
            for (int o = 0; o < nout; o++) {
                y[o] = Math.fma(t3[o], a3, Math.fma(t2[o], a2, Math.fma(t1[o], a1, Math.fma(t0[o], a0, y[o]))));
            }
        }
        for (int k = k4; k < nin; k++) {
            double a = x[k];
            double[] t = wt[k];
            for (int o = 0; o < nout; o++) {
                y[o] = Math.fma(t[o], a, y[o]);
            }
        }
    }

    private static void reluInPlace(double[] v, int n) {
        for (int i = 0; i < n; i++) {
            v[i] = Math.max(0.0, v[i]);
        }
    }

    @Override
    public String toString() {
        return "JavaDenseKernel[" + network + ", max width " + maxWidth + "]";
    }
}
