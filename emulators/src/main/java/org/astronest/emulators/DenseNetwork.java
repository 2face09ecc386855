package org.astronest.emulators;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.astronest.emulators.io.TorchLegacyReader.Tensor;

/**
 * An immutable fully connected network: layer l computes {@code y = act_l(W_l x + b_l)} with {@code W_l} of shape
 * (out, in) stored row-major in a flat {@code double[]} (PyTorch's {@code nn.Linear} convention). Evaluation lives in
 * the backends ({@link Backend}); this class only holds the parameters.
 */
public final class DenseNetwork {

    /** One dense layer; {@code weight[o * in + i]} is W[o][i]. */
    public record Layer(int in, int out, double[] weight, double[] bias, Activation activation) {
        public Layer {
            if (in < 1 || out < 1 || weight.length != in * out || bias.length != out) {
                throw new IllegalArgumentException("layer shape mismatch: in " + in + ", out " + out + ", weight "
                        + weight.length + ", bias " + bias.length);
            }
            // a corrupt file (one flipped exponent bit) can hold inf or NaN: refuse it here rather than print
            // Infinity as a line intensity
            for (int i = 0; i < weight.length; i++) {
                if (!Double.isFinite(weight[i])) {
                    throw new IllegalArgumentException("weight[" + i / in + "][" + i % in + "] is " + weight[i]
                            + " (not finite)");
                }
            }
            for (int i = 0; i < bias.length; i++) {
                if (!Double.isFinite(bias[i])) {
                    throw new IllegalArgumentException("bias[" + i + "] is " + bias[i] + " (not finite)");
                }
            }
        }
    }

    private final List<Layer> layers;

    public DenseNetwork(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).in() != layers.get(l - 1).out()) {
                throw new IllegalArgumentException("layer " + (l + 1) + " takes " + layers.get(l).in()
                        + " inputs but layer " + l + " gives " + layers.get(l - 1).out());
            }
        }
        this.layers = Collections.unmodifiableList(new ArrayList<>(layers));
    }

    /**
     * The network of an emulchem state dict: {@code fc1.weight}, {@code fc1.bias}, ... {@code fcK.bias}, ReLU after
     * every layer but the last (emulchem's {@code Net.forward}, see {@code emulchem/FORMAT.md}).
     */
    public static DenseNetwork fromStateDict(Map<String, Tensor> state) {
        List<Layer> layers = new ArrayList<>();
        for (int l = 1; state.containsKey("fc" + l + ".weight"); l++) {
            Tensor w = state.get("fc" + l + ".weight");
            Tensor b = state.get("fc" + l + ".bias");
            if (b == null) {
                throw new IllegalArgumentException("state dict has fc" + l + ".weight but no fc" + l + ".bias");
            }
            if (w.shape().length != 2 || b.shape().length != 1 || b.shape()[0] != w.shape()[0]) {
                throw new IllegalArgumentException("fc" + l + " has weight " + w + " and bias " + b
                        + "; expected (out, in) and (out)");
            }
            try {
                layers.add(new Layer(w.shape()[1], w.shape()[0], w.values(), b.values(), Activation.RELU));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("fc" + l + ": " + e.getMessage(), e);
            }
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("state dict has no fc1.weight; keys are " + state.keySet());
        }
        Layer last = layers.remove(layers.size() - 1);
        layers.add(new Layer(last.in(), last.out(), last.weight(), last.bias(), Activation.IDENTITY));
        return new DenseNetwork(layers);
    }

    public List<Layer> layers() {
        return layers;
    }

    public int inputs() {
        return layers.get(0).in();
    }

    public int outputs() {
        return layers.get(layers.size() - 1).out();
    }

    /** Floating-point operations of one evaluation: 2 * in * out per layer (multiply and add). */
    public long flopsPerEvaluation() {
        long f = 0;
        for (Layer l : layers) {
            f += 2L * l.in() * l.out();
        }
        return f;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("DenseNetwork[").append(inputs());
        for (Layer l : layers) {
            s.append(" -> ").append(l.out());
        }
        return s.append(']').toString();
    }
}
