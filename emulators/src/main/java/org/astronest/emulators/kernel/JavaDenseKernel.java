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
 * HotSpot's superword pass turns it into SIMD FMAs. The loop body updates a 4 (outputs) x 4 (inputs) register tile:
 * 16 FMAs per 4 loads of inputs and 4 load/stores of accumulators, which keeps the FMA units, not the load/store
 * ports, the bottleneck.
 *
 * <p><b>Single point.</b> The same tile with roles swapped: the inner loop runs over outputs using the transposed
 * weights W^T (in, out), 4 inputs at a time.
 *
 * <p><b>Memory.</b> Each thread has its own preallocated workspace ({@link ThreadLocal}); the hot loops allocate
 * nothing.
 */
public final class JavaDenseKernel implements NetworkKernel {

    /** Points per block of the batched path (64: two 200-wide activation blocks stay within L2, measured best). */
    public static final int BLOCK = 64;

    private final DenseNetwork network;
    private final int layers;
    private final int[] in;
    private final int[] out;
    private final double[][] w;
    private final double[][] wt;
    private final double[][] b;
    private final boolean[] relu;
    private final int maxWidth;
    private final ThreadLocal<Workspace> workspace;

    private static final class Workspace {
        final double[] a;
        final double[] c;
        final double[] s1;
        final double[] s2;

        Workspace(int maxWidth) {
            a = new double[maxWidth * BLOCK];
            c = new double[maxWidth * BLOCK];
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
        wt = new double[layers][];
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
            double[] t = new double[in[l] * out[l]];
            for (int o = 0; o < out[l]; o++) {
                for (int k = 0; k < in[l]; k++) {
                    t[k * out[l] + o] = w[l][o * in[l] + k];
                }
            }
            wt[l] = t;
            mw = Math.max(mw, Math.max(in[l], out[l]));
        }
        if (network.outputs() != 1) {
            throw new IllegalArgumentException("the emulator kernel evaluates scalar networks; this one has "
                    + network.outputs() + " outputs");
        }
        maxWidth = mw;
        final int m = mw;
        workspace = ThreadLocal.withInitial(() -> new Workspace(m));
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
        Workspace ws = workspace.get();
        for (int start = 0; start < n; start += BLOCK) {
            int nb = Math.min(BLOCK, n - start);
            double[] x = ws.a;
            // transpose the block's inputs to feature-major
            for (int j = 0; j < nb; j++) {
                int src = (start + j) * nin;
                for (int k = 0; k < nin; k++) {
                    x[k * nb + j] = flatInputs[src + k];
                }
            }
            double[] y = ws.c;
            for (int l = 0; l < layers; l++) {
                layerBlock(w[l], b[l], in[l], out[l], x, y, nb);
                if (relu[l]) {
                    reluInPlace(y, out[l] * nb);
                }
                double[] t = x;
                x = y;
                y = t;
            }
            System.arraycopy(x, 0, result, start, nb);
        }
    }

    /** Y (out x nb) = W (out x in) X (in x nb) + b, feature-major, FMA over k in increasing order. */
    static void layerBlock(double[] w, double[] bias, int nin, int nout, double[] x, double[] y, int nb) {
        for (int o = 0; o < nout; o++) {
            java.util.Arrays.fill(y, o * nb, o * nb + nb, bias[o]);
        }
        int k4 = nin - nin % 4;
        int o4 = nout - nout % 4;
        for (int o = 0; o < o4; o += 4) {
            int r0 = o * nin;
            int r1 = r0 + nin;
            int r2 = r1 + nin;
            int r3 = r2 + nin;
            int y0 = o * nb;
            int y1 = y0 + nb;
            int y2 = y1 + nb;
            int y3 = y2 + nb;
            for (int k = 0; k < k4; k += 4) {
                double w00 = w[r0 + k], w01 = w[r0 + k + 1], w02 = w[r0 + k + 2], w03 = w[r0 + k + 3];
                double w10 = w[r1 + k], w11 = w[r1 + k + 1], w12 = w[r1 + k + 2], w13 = w[r1 + k + 3];
                double w20 = w[r2 + k], w21 = w[r2 + k + 1], w22 = w[r2 + k + 2], w23 = w[r2 + k + 3];
                double w30 = w[r3 + k], w31 = w[r3 + k + 1], w32 = w[r3 + k + 2], w33 = w[r3 + k + 3];
                int x0 = k * nb;
                int x1 = x0 + nb;
                int x2 = x1 + nb;
                int x3 = x2 + nb;
                for (int j = 0; j < nb; j++) {
                    double a0 = x[x0 + j];
                    double a1 = x[x1 + j];
                    double a2 = x[x2 + j];
                    double a3 = x[x3 + j];
                    y[y0 + j] = Math.fma(w03, a3, Math.fma(w02, a2, Math.fma(w01, a1, Math.fma(w00, a0, y[y0 + j]))));
                    y[y1 + j] = Math.fma(w13, a3, Math.fma(w12, a2, Math.fma(w11, a1, Math.fma(w10, a0, y[y1 + j]))));
                    y[y2 + j] = Math.fma(w23, a3, Math.fma(w22, a2, Math.fma(w21, a1, Math.fma(w20, a0, y[y2 + j]))));
                    y[y3 + j] = Math.fma(w33, a3, Math.fma(w32, a2, Math.fma(w31, a1, Math.fma(w30, a0, y[y3 + j]))));
                }
            }
            for (int k = k4; k < nin; k++) {
                double w0 = w[r0 + k], w1 = w[r1 + k], w2 = w[r2 + k], w3 = w[r3 + k];
                int xk = k * nb;
                for (int j = 0; j < nb; j++) {
                    double a = x[xk + j];
                    y[y0 + j] = Math.fma(w0, a, y[y0 + j]);
                    y[y1 + j] = Math.fma(w1, a, y[y1 + j]);
                    y[y2 + j] = Math.fma(w2, a, y[y2 + j]);
                    y[y3 + j] = Math.fma(w3, a, y[y3 + j]);
                }
            }
        }
        for (int o = o4; o < nout; o++) {
            int r = o * nin;
            int yo = o * nb;
            for (int k = 0; k < k4; k += 4) {
                double w0 = w[r + k], w1 = w[r + k + 1], w2 = w[r + k + 2], w3 = w[r + k + 3];
                int x0 = k * nb;
                int x1 = x0 + nb;
                int x2 = x1 + nb;
                int x3 = x2 + nb;
                for (int j = 0; j < nb; j++) {
                    y[yo + j] = Math.fma(w3, x[x3 + j], Math.fma(w2, x[x2 + j], Math.fma(w1, x[x1 + j],
                            Math.fma(w0, x[x0 + j], y[yo + j]))));
                }
            }
            for (int k = k4; k < nin; k++) {
                double wk = w[r + k];
                int xk = k * nb;
                for (int j = 0; j < nb; j++) {
                    y[yo + j] = Math.fma(wk, x[xk + j], y[yo + j]);
                }
            }
        }
    }

    /** y (out) = W x + b using W^T (in x out), FMA over k in increasing order. */
    static void layerSingle(double[] wt, double[] bias, int nin, int nout, double[] x, double[] y) {
        System.arraycopy(bias, 0, y, 0, nout);
        int k4 = nin - nin % 4;
        for (int k = 0; k < k4; k += 4) {
            double a0 = x[k], a1 = x[k + 1], a2 = x[k + 2], a3 = x[k + 3];
            int t0 = k * nout;
            int t1 = t0 + nout;
            int t2 = t1 + nout;
            int t3 = t2 + nout;
            for (int o = 0; o < nout; o++) {
                y[o] = Math.fma(wt[t3 + o], a3, Math.fma(wt[t2 + o], a2, Math.fma(wt[t1 + o], a1,
                        Math.fma(wt[t0 + o], a0, y[o]))));
            }
        }
        for (int k = k4; k < nin; k++) {
            double a = x[k];
            int t = k * nout;
            for (int o = 0; o < nout; o++) {
                y[o] = Math.fma(wt[t + o], a, y[o]);
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
