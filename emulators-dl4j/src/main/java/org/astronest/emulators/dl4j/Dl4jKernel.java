package org.astronest.emulators.dl4j;

import org.astronest.emulators.Backend;
import org.astronest.emulators.DenseNetwork;
import org.astronest.emulators.NetworkKernel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J backend: the network as a {@code MultiLayerNetwork} of {@code DenseLayer}s (plus an identity
 * {@code OutputLayer}) in double precision on ND4J's native CPU backend. DL4J stores a dense layer's weight as
 * (nIn, nOut), so PyTorch's (out, in) weights are transposed on the way in. Each thread evaluates its own clone of
 * the network (DL4J's {@code output} is not documented as thread-safe).
 *
 * <p>Loaded only through {@link Backend#DL4J} by reflection, so nothing here is touched on the Java path.
 */
public final class Dl4jKernel implements NetworkKernel {

    private final DenseNetwork network;
    private final MultiLayerNetwork prototype;
    private final ThreadLocal<MultiLayerNetwork> perThread;
    private final int nin;

    private Dl4jKernel(DenseNetwork network) {
        this.network = network;
        this.nin = network.inputs();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .list();
        int n = network.layers().size();
        for (int l = 0; l < n; l++) {
            DenseNetwork.Layer layer = network.layers().get(l);
            Activation act = layer.activation() == org.astronest.emulators.Activation.RELU ? Activation.RELU
                    : Activation.IDENTITY;
            if (l < n - 1) {
                list.layer(new DenseLayer.Builder().nIn(layer.in()).nOut(layer.out()).activation(act).build());
            } else {
                list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(layer.in()).nOut(layer.out())
                        .activation(act).build());
            }
        }
        MultiLayerConfiguration conf = list.build();
        prototype = new MultiLayerNetwork(conf);
        prototype.init();
        for (int l = 0; l < n; l++) {
            DenseNetwork.Layer layer = network.layers().get(l);
            double[][] wt = new double[layer.in()][layer.out()];
            for (int o = 0; o < layer.out(); o++) {
                for (int k = 0; k < layer.in(); k++) {
                    wt[k][o] = layer.weight()[o * layer.in() + k];
                }
            }
            prototype.getLayer(l).setParam("W", Nd4j.create(wt));
            prototype.getLayer(l).setParam("b", Nd4j.create(layer.bias(), new long[] {1, layer.out()},
                    DataType.DOUBLE));
        }
        perThread = ThreadLocal.withInitial(prototype::clone);
    }

    /** Factory called by {@link Backend#DL4J}. */
    public static NetworkKernel create(DenseNetwork network) {
        return new Dl4jKernel(network);
    }

    @Override
    public DenseNetwork network() {
        return network;
    }

    @Override
    public Backend backend() {
        return Backend.DL4J;
    }

    @Override
    public double evaluate(double[] x) {
        if (x.length != nin) {
            throw new IllegalArgumentException("input has " + x.length + " values, the network takes " + nin);
        }
        INDArray in = Nd4j.create(x, new long[] {1, nin}, DataType.DOUBLE);
        return perThread.get().output(in).getDouble(0);
    }

    @Override
    public void evaluate(double[] flatInputs, int n, double[] out) {
        if (n < 0 || flatInputs.length < (long) n * nin || out.length < n) {
            throw new IllegalArgumentException("batch of " + n + " points needs " + (long) n * nin + " inputs and " + n
                    + " outputs, got arrays of " + flatInputs.length + " and " + out.length);
        }
        if (n == 0) {
            return;
        }
        double[] data = flatInputs.length == (long) n * nin ? flatInputs : java.util.Arrays.copyOf(flatInputs, n * nin);
        INDArray in = Nd4j.create(data, new long[] {n, nin}, DataType.DOUBLE);
        double[] y = perThread.get().output(in).toDoubleVector();
        System.arraycopy(y, 0, out, 0, n);
    }

    @Override
    public String toString() {
        return "Dl4jKernel[" + network + "]";
    }
}
