package org.astronest.forwardmodels.payne.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Adam and L-BFGS on objectives with known minima. */
class OptimizersTest {

    /** Rosenbrock's function (1 - x)^2 + 100 (y - x^2)^2: minimum 0 at (1, 1). */
    private static final Objective ROSENBROCK = (x, g) -> {
        double a = 1 - x[0];
        double b = x[1] - x[0] * x[0];
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    };

    @Test
    void lbfgsFindsRosenbrocksMinimum() {
        Lbfgs o = Lbfgs.defaults();
        double[] x = {-1.2, 1.0}; // the classical start (Rosenbrock 1960)
        double[] st = new double[o.stateSize(2)];
        double[][] sc = o.newScratch(2);
        double f = Double.NaN;
        for (int i = 1; i <= 200; i++) {
            f = o.step(ROSENBROCK, x, st, 0, i, sc);
        }
        assertEquals(1.0, x[0], 1e-6);
        assertEquals(1.0, x[1], 1e-6);
        assertTrue(f < 1e-12, "f = " + f);
    }

    @Test
    void adamFindsTheMinimumOfAQuadratic() {
        // f = sum_i c_i (x_i - m_i)^2, minimum at m; Adam's steps shrink like lr near it
        double[] c = {1, 10, 100};
        double[] m = {0.3, -0.7, 0.05};
        Objective q = (x, g) -> {
            double s = 0;
            for (int i = 0; i < 3; i++) {
                double d = x[i] - m[i];
                s += c[i] * d * d;
                g[i] = 2 * c[i] * d;
            }
            return s;
        };
        Adam a = Adam.defaults().withLearningRate(1e-2);
        double[] x = {0, 0, 0};
        double[] st = new double[a.stateSize(3)];
        double[][] sc = a.newScratch(3);
        for (int i = 1; i <= 5000; i++) {
            a.step(q, x, st, 0, i, sc);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(m[i], x[i], 1e-3, "coordinate " + i);
        }
    }
}
