package org.astronest.emulators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.astronest.emulators.kernel.JavaDenseKernel;
import org.junit.jupiter.api.Test;

/**
 * Reverse-mode gradients of the networks, the emulators and the chained model against five-point central differences
 * (Abramowitz &amp; Stegun 25.3.6). The networks are piecewise linear in their inputs (ReLU), so inside one piece the
 * stencil is exact up to rounding; a step that crosses a kink is wrong, hence each component is compared at three
 * steps and the best one counts (a correct gradient agrees at one of them, a wrong one at none). Tolerance 1e-6
 * relative: issue 22's criterion for every shipped model.
 */
class GradientTest {

    static final double TOL = 1e-6;
    static final double[] STEPS = {1e-4, 1e-6, 1e-8};

    /** The smallest relative error over the steps of d f / d x_i against the analytic value. */
    static double bestError(ToDoubleFunction<double[]> f, double[] x, int i, double analytic, double scale) {
        double best = Double.POSITIVE_INFINITY;
        for (double step : STEPS) {
            double h = step * Math.max(Math.abs(x[i]), 1e-3);
            double[] t = x.clone();
            double[] v = new double[4];
            double[] at = {-2, -1, 1, 2};
            for (int m = 0; m < 4; m++) {
                t[i] = x[i] + at[m] * h;
                v[m] = f.applyAsDouble(t);
            }
            double num = (v[0] - 8 * v[1] + 8 * v[2] - v[3]) / (12 * h);
            best = Math.min(best, Math.abs(num - analytic) / Math.max(Math.abs(num), scale));
        }
        return best;
    }

    @Test
    void blockedKernelGradientMatchesFiniteDifferencesAndThePlainReverseMode() {
        SplittableRandom rng = new SplittableRandom(20261205L);
        for (int[] shape : new int[][] {{6, 200, 100, 50, 1}, {3, 7, 13, 1}, {9, 17, 8, 1}}) {
            DenseNetwork net = JavaDenseKernelTest.random(rng, shape);
            JavaDenseKernel k = new JavaDenseKernel(net);
            int nin = shape[0];
            for (int n : new int[] {1, 3, 64, 130}) {
                double[] flat = rng.doubles((long) n * nin, -2, 2).toArray();
                double[] out = new double[n];
                double[] grad = new double[n * nin];
                k.evaluateWithGradient(flat, n, out, grad);
                double[] value = new double[n];
                k.evaluate(flat, n, value);
                double[] plainOut = new double[n];
                double[] plainGrad = new double[n * nin];
                // the interface's per-point reverse mode (what other backends inherit)
                new NetworkKernel() {
                    public DenseNetwork network() {
                        return net;
                    }

                    public double evaluate(double[] x) {
                        return k.evaluate(x);
                    }

                    public void evaluate(double[] f, int m, double[] o) {
                        k.evaluate(f, m, o);
                    }

                    public Backend backend() {
                        return Backend.JAVA;
                    }
                }.evaluateWithGradient(flat, n, plainOut, plainGrad);
                for (int i = 0; i < n; i++) {
                    assertEquals(value[i], out[i], 0.0, "gradient path changes the value");
                    assertEquals(value[i], plainOut[i], 0.0);
                    double[] x = java.util.Arrays.copyOfRange(flat, i * nin, (i + 1) * nin);
                    double scale = 0;
                    for (int c = 0; c < nin; c++) {
                        scale = Math.max(scale, Math.abs(grad[i * nin + c]));
                    }
                    for (int c = 0; c < nin; c++) {
                        double g = grad[i * nin + c];
                        assertEquals(plainGrad[i * nin + c], g, 1e-12 * Math.max(scale, 1));
                        double err = bestError(k::evaluate, x, c, g, 1e-3 * scale);
                        assertTrue(err < TOL, "shape " + java.util.Arrays.toString(shape) + ", d/dx" + c + ": "
                                + g + ", relative error " + err);
                    }
                }
            }
        }
    }

    @Test
    void emulatorGradientsCarryTheScalersLogAndExp() throws Exception {
        EmulatorCatalog cat = Golden.catalog();
        SplittableRandom rng = new SplittableRandom(5);
        Emulator chem = cat.chemistry("HCO+").emulator();
        Emulator rad = cat.line(LineId.parse("CO(3-2)")).emulator();
        for (Emulator e : new Emulator[] {chem, rad}) {
            int nin = e.inputs();
            int n = 20;
            double[] flat = new double[n * nin];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < nin; c++) {
                    Domain.Input d = e.domain().get(c);
                    double u = rng.nextDouble(0.02, 0.98);
                    flat[i * nin + c] = d.log10() || d.lo() > 0 && d.hi() / d.lo() >= 100
                            ? d.lo() * Math.pow(d.hi() / d.lo(), u) : d.lo() + u * (d.hi() - d.lo());
                }
            }
            double[] out = new double[n];
            double[] grad = new double[n * nin];
            e.evaluateWithGradientUnchecked(flat, n, out, grad);
            double[] value = new double[n];
            e.evaluateUnchecked(flat, n, value);
            for (int i = 0; i < n; i++) {
                assertEquals(value[i], out[i], 0.0);
                double[] x = java.util.Arrays.copyOfRange(flat, i * nin, (i + 1) * nin);
                for (int c = 0; c < nin; c++) {
                    double g = grad[i * nin + c];
                    // compare d out / d log x (dimensionless sensitivities, one scale for all inputs)
                    double scale = 0;
                    for (int q = 0; q < nin; q++) {
                        scale = Math.max(scale, Math.abs(grad[i * nin + q] * x[q]));
                    }
                    double err = bestError(e::evaluateUnchecked, x, c, g, 1e-3 * scale / Math.abs(x[c]));
                    assertTrue(err < TOL, e.name() + " d/d" + e.domain().get(c).name() + " at "
                            + java.util.Arrays.toString(x) + ": " + g + ", relative error " + err);
                }
            }
        }
    }

    @Test
    void chainJacobianMatchesFiniteDifferencesAtTwentyPoints() throws Exception {
        EmulatorCatalog cat = Golden.catalog();
        EmulatedChain chain = EmulatedChain.of(cat, "CO(3-2)", "CO(6-5)", "HCN(4-3)", "HCO+(4-3)", "CS(7-6)");
        int nl = chain.lines().size();
        int np = EmulatedChain.PARAMETERS;
        SplittableRandom rng = new SplittableRandom(11);
        int n = 0;
        double[] params = new double[20 * np];
        while (n < 20) {
            // thesis Table 2.2 ranges: chi, zeta, n log-uniform; Av, T, Z, dv, f uniform
            double[] p = {Math.pow(10, rng.nextDouble(0, 3)), Math.pow(10, rng.nextDouble(0, 3)),
                Math.pow(10, rng.nextDouble(4, 6)), rng.nextDouble(1, 100), rng.nextDouble(10, 200),
                rng.nextDouble(0.2, 2), rng.nextDouble(1, 100), rng.nextDouble(0, 1)};
            boolean[] ok = new boolean[1];
            chain.evaluate(p, 1, new double[nl], ok);
            if (ok[0]) {
                System.arraycopy(p, 0, params, n * np, np);
                n++;
            }
        }
        double[] out = new double[n * nl];
        double[] jac = new double[n * nl * np];
        boolean[] valid = new boolean[n];
        assertEquals(n, chain.evaluateWithJacobian(params, n, out, jac, valid));
        double[] value = new double[n * nl];
        chain.evaluate(params, n, value, new boolean[n]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(value, out, 0.0);
        for (int i = 0; i < n; i++) {
            double[] p = java.util.Arrays.copyOfRange(params, i * np, (i + 1) * np);
            for (int l = 0; l < nl; l++) {
                final int line = l;
                ToDoubleFunction<double[]> f = q -> {
                    double[] o = new double[nl];
                    chain.evaluate(q, 1, o, new boolean[1]);
                    return o[line];
                };
                double scale = 0;
                for (int q = 0; q < np; q++) {
                    scale = Math.max(scale, Math.abs(jac[(i * nl + l) * np + q] * Math.max(p[q], 1e-3)));
                }
                for (int q = 0; q < np; q++) {
                    double g = jac[(i * nl + l) * np + q];
                    double err = bestError(f, p, q, g, 1e-3 * scale / Math.max(Math.abs(p[q]), 1e-3));
                    assertTrue(err < TOL, chain.lines().get(l) + " d/d" + EmulatedChain.PARAMETER_NAMES.get(q)
                            + " at " + java.util.Arrays.toString(p) + ": " + g + ", relative error " + err);
                }
            }
        }
    }
}
