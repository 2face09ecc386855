package org.astronest.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.astronest.emulators.kernel.JavaDenseKernel;
import org.junit.jupiter.api.Test;

class JavaDenseKernelTest {

    /** Naive reference: y_o = b_o, then fma over k in order (the documented arithmetic of the kernel). */
    static double naive(DenseNetwork net, double[] x) {
        double[] cur = x;
        for (DenseNetwork.Layer l : net.layers()) {
            double[] y = new double[l.out()];
            for (int o = 0; o < l.out(); o++) {
                double acc = l.bias()[o];
                for (int k = 0; k < l.in(); k++) {
                    acc = Math.fma(l.weight()[o * l.in() + k], cur[k], acc);
                }
                y[o] = l.activation() == Activation.RELU ? Math.max(0, acc) : acc;
            }
            cur = y;
        }
        return cur[0];
    }

    static DenseNetwork random(SplittableRandom rng, int... widths) {
        List<DenseNetwork.Layer> layers = new ArrayList<>();
        for (int l = 0; l + 1 < widths.length; l++) {
            double[] w = rng.doubles((long) widths[l] * widths[l + 1], -1, 1).toArray();
            double[] b = rng.doubles(widths[l + 1], -1, 1).toArray();
            layers.add(new DenseNetwork.Layer(widths[l], widths[l + 1], w, b,
                    l + 2 < widths.length ? Activation.RELU : Activation.IDENTITY));
        }
        return new DenseNetwork(layers);
    }

    @Test
    void singleAndBatchedAreBitIdenticalToTheNaiveOrderForOddShapes() {
        SplittableRandom rng = new SplittableRandom(20261122L);
        for (int[] shape : new int[][] {{6, 200, 100, 50, 1}, {3, 7, 13, 1}, {1, 1}, {9, 17, 8, 1}}) {
            DenseNetwork net = random(rng, shape);
            JavaDenseKernel k = new JavaDenseKernel(net);
            for (int n : new int[] {1, 5, 63, 64, 65, 130}) {
                double[] flat = rng.doubles((long) n * shape[0], -2, 2).toArray();
                double[] out = new double[n];
                k.evaluate(flat, n, out);
                for (int i = 0; i < n; i++) {
                    double[] x = java.util.Arrays.copyOfRange(flat, i * shape[0], (i + 1) * shape[0]);
                    double ref = naive(net, x);
                    assertEquals(ref, out[i], 0.0, "batched, shape " + java.util.Arrays.toString(shape));
                    assertEquals(ref, k.evaluate(x), 0.0, "single, shape " + java.util.Arrays.toString(shape));
                }
            }
        }
    }

    @Test
    void threadsGetTheSameResults() throws Exception {
        DenseNetwork net = random(new SplittableRandom(7), 6, 200, 100, 50, 1);
        JavaDenseKernel k = new JavaDenseKernel(net);
        double[] flat = new SplittableRandom(8).doubles(6 * 500, -1, 1).toArray();
        double[] ref = new double[500];
        k.evaluate(flat, 500, ref);
        ExecutorService ex = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                fs.add(ex.submit(() -> {
                    double[] o = new double[500];
                    k.evaluate(flat, 500, o);
                    return o;
                }));
            }
            for (Future<double[]> f : fs) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(ref, f.get(), 0.0);
            }
        } finally {
            ex.shutdown();
        }
    }

    @Test
    void badShapesAreRejected() {
        JavaDenseKernel k = new JavaDenseKernel(random(new SplittableRandom(1), 3, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> k.evaluate(new double[2]));
        assertThrows(IllegalArgumentException.class, () -> k.evaluate(new double[5], 2, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> new JavaDenseKernel(random(new SplittableRandom(1), 3, 2)));
    }
}
