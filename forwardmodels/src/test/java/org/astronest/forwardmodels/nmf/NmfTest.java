package org.astronest.forwardmodels.nmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ForkJoinPool;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** Properties of {@link Nmf} beyond the golden values: monotone mu, early stopping, thread independence, errors. */
class NmfTest {

    static double[][] random(int n, int m, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(seed);
        double[][] a = new double[n][m];
        for (double[] r : a) {
            for (int j = 0; j < m; j++) {
                r[j] = rng.nextDouble() * 3;
            }
        }
        return a;
    }

    @Test
    void unpenalisedMultiplicativeUpdatesNeverIncreaseTheLoss() {
        double[][] V = random(30, 20, 1);
        Nmf.Options o = new Nmf.Options(4, Nmf.Solver.MU, Nmf.Init.RANDOM, 0, 0, 0, 1, 0, 7);
        Nmf.Start s = Nmf.initialize(V, 4, Nmf.Init.RANDOM, 7);
        double previous = Nmf.loss(V, s.W(), s.H(), 0, 0, 0);
        for (int it = 1; it <= 150; it++) {
            Nmf.Result r = new Nmf(o.withIterations(it, 0)).fit(V, s.W(), s.H());
            assertEquals(it, r.iterations());
            assertTrue(r.loss() <= previous * (1 + 1e-13), "iteration " + it + ": " + r.loss() + " > " + previous);
            previous = r.loss();
        }
    }

    @Test
    void toleranceStopsEarly() {
        double[][] V = random(40, 25, 2);
        for (Nmf.Solver solver : Nmf.Solver.values()) {
            Nmf.Options o = Nmf.Options.defaults(3).withSolver(solver).withIterations(5000, 1e-4);
            Nmf.Result r = new Nmf(o).fit(V);
            assertTrue(r.converged(), solver + " converged");
            assertTrue(r.iterations() < 5000, solver + " stopped early: " + r.iterations());
            if (solver == Nmf.Solver.MU) {
                assertEquals(0, r.iterations() % 10, "mu checks every 10 iterations");
            }
            Nmf.Result full = new Nmf(o.withIterations(r.iterations(), 0)).fit(V);
            assertFalse(full.converged(), "tol 0: no early stop");
            assertArrayEquals(full.W(), r.W(), "same iterations, same W");
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() throws Exception {
        // large enough that products and sweeps run in parallel
        double[][] V = random(400, 300, 3);
        for (Nmf.Solver solver : Nmf.Solver.values()) {
            Nmf nmf = new Nmf(Nmf.Options.defaults(5).withSolver(solver).withIterations(4, 0));
            Nmf.Result parallel = nmf.fit(V);
            ForkJoinPool one = new ForkJoinPool(1);
            try {
                Nmf.Result single = one.submit(() -> nmf.fit(V)).get();
                assertArrayEquals(single.W(), parallel.W(), solver + " W");
                assertArrayEquals(single.H(), parallel.H(), solver + " H");
                assertEquals(single.loss(), parallel.loss(), 0);
            } finally {
                one.shutdown();
            }
        }
    }

    @Test
    void randomStartsAreSeededAndNonNegative() {
        double[][] V = random(10, 8, 4);
        for (Nmf.Init init : new Nmf.Init[] {Nmf.Init.RANDOM, Nmf.Init.NNDSVDAR}) {
            Nmf.Start a = Nmf.initialize(V, 3, init, 11);
            Nmf.Start b = Nmf.initialize(V, 3, init, 11);
            Nmf.Start c = Nmf.initialize(V, 3, init, 12);
            assertArrayEquals(a.W(), b.W());
            assertArrayEquals(a.H(), b.H());
            assertFalse(java.util.Arrays.deepEquals(a.W(), c.W()), init + ": seed matters");
            for (double[][] M : new double[][][] {a.W(), a.H()}) {
                for (double[] r : M) {
                    for (double x : r) {
                        assertTrue(x > 0, init + ": " + x);
                    }
                }
            }
        }
    }

    @Test
    void errorsAreOneLineAndNameTheValue() {
        double[][] V = random(5, 4, 5);
        V[2][3] = -0.5;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Nmf(Nmf.Options.defaults(2)).fit(V));
        assertEquals("V: row 3, column 4 is -0.5; NMF needs finite values >= 0", e.getMessage());
        V[2][3] = Double.NaN;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Nmf(Nmf.Options.defaults(2)).fit(V))
                .getMessage().contains("row 3, column 4 is NaN"));
        e = assertThrows(IllegalArgumentException.class, () -> Nmf.Solver.parse("als"));
        assertEquals("unknown solver 'als'; known: cd, mu", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Nmf.Init.parse("svd"));
        assertEquals("unknown init 'svd'; known: nndsvd, nndsvda, nndsvdar, random, custom", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Nmf.Options.defaults(2).withPenalty(0, 0, 1.5));
        assertEquals("l1Ratio must be in [0, 1], got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Nmf.Options.defaults(0));
        double[][] ok = random(5, 4, 6);
        e = assertThrows(IllegalArgumentException.class,
                () -> new Nmf(Nmf.Options.defaults(5)).fit(ok));
        assertTrue(e.getMessage().startsWith("init nndsvda needs components <= min(rows, columns) = 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Nmf(Nmf.Options.defaults(2)).fit(ok, new double[5][2], random(2, 4, 7)));
        assertEquals("W0 is full of zeros", e.getMessage());
    }
}
