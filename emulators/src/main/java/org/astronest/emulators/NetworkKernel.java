package org.astronest.emulators;

/**
 * A compiled evaluator of one {@link DenseNetwork} in network space (already scaled inputs, unscaled outputs left
 * to the caller). Implementations are thread-safe; the single-network-output case is what emulchem needs, so the
 * output is one value per point.
 */
public interface NetworkKernel {

    /** The network this kernel evaluates. */
    DenseNetwork network();

    /** Evaluates one point {@code x} (length {@code network().inputs()}); no allocation on the Java backend. */
    double evaluate(double[] x);

    /**
     * Evaluates {@code n} points stored row-major in {@code flatInputs} ({@code n * inputs} values) into
     * {@code out[0..n)}.
     */
    void evaluate(double[] flatInputs, int n, double[] out);

    /** Which backend made this kernel. */
    Backend backend();

    /**
     * Values and input gradients of {@code n} points (row-major in {@code flatInputs}): {@code out[i]} the network's
     * value (in the Java backend's arithmetic, so bit-identical to its {@link #evaluate(double[], int, double[])}) and {@code gradient[i * inputs + k]} = d out[i] / d x_k,
     * by reverse-mode differentiation (back-propagation: the output's adjoint 1 is carried back through each layer
     * as {@code W^T (delta * act'(z))}; ReLU's derivative is taken as 0 at z = 0, PyTorch's convention).
     *
     * <p>This default is the plain per-point form over {@link #network()} (it allocates per call); the Java backend
     * overrides it with its blocked kernels, so the gradient of a batch costs about two evaluations.
     */
    default void evaluateWithGradient(double[] flatInputs, int n, double[] out, double[] gradient) {
        DenseNetwork net = network();
        int nin = net.inputs();
        if (n < 0 || flatInputs.length < (long) n * nin || out.length < n || gradient.length < (long) n * nin) {
            throw new IllegalArgumentException("batch of " + n + " points needs " + (long) n * nin + " inputs, " + n
                    + " outputs and " + (long) n * nin + " gradient values");
        }
        java.util.List<DenseNetwork.Layer> layers = net.layers();
        double[][] h = new double[layers.size() + 1][];
        for (int i = 0; i < n; i++) {
            h[0] = java.util.Arrays.copyOfRange(flatInputs, i * nin, (i + 1) * nin);
            for (int l = 0; l < layers.size(); l++) {
                DenseNetwork.Layer layer = layers.get(l);
                double[] y = new double[layer.out()];
                for (int o = 0; o < layer.out(); o++) {
                    double acc = layer.bias()[o];
                    for (int k = 0; k < layer.in(); k++) {
                        acc = Math.fma(layer.weight()[o * layer.in() + k], h[l][k], acc);
                    }
                    y[o] = layer.activation() == Activation.RELU ? Math.max(0, acc) : acc;
                }
                h[l + 1] = y;
            }
            out[i] = h[layers.size()][0];
            double[] delta = {1};
            for (int l = layers.size() - 1; l >= 0; l--) {
                DenseNetwork.Layer layer = layers.get(l);
                if (layer.activation() == Activation.RELU) {
                    for (int o = 0; o < layer.out(); o++) {
                        if (!(h[l + 1][o] > 0)) {
                            delta[o] = 0;
                        }
                    }
                }
                double[] prev = new double[layer.in()];
                for (int o = 0; o < layer.out(); o++) {
                    for (int k = 0; k < layer.in(); k++) {
                        prev[k] = Math.fma(layer.weight()[o * layer.in() + k], delta[o], prev[k]);
                    }
                }
                delta = prev;
            }
            System.arraycopy(delta, 0, gradient, i * nin, nin);
        }
    }
}
