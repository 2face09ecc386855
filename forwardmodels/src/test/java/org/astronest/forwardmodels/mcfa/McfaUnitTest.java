package org.astronest.forwardmodels.mcfa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit checks against independent formulas (direct D x D Gaussian densities, analytic moments, invariances). */
class McfaUnitTest {

    static McfaParameters truth() {
        return McfaReference.truth("toy_N5000_truth.json");
    }

    /** Direct log N(y_o | A_o xi_k, A_o Omega_k A_o^T + Psi_o) with a D x D Cholesky (hipparchus). */
    static double directLogDensity(McfaParameters p, double[] y, int c) {
        int d = p.d;
        int j = p.j;
        int no = 0;
        for (double v : y) {
            no += Double.isNaN(v) ? 0 : 1;
        }
        int[] o = new int[no];
        int t = 0;
        for (int r = 0; r < d; r++) {
            if (!Double.isNaN(y[r])) {
                o[t++] = r;
            }
        }
        double[][] cov = new double[no][no];
        double[] res = new double[no];
        for (int a = 0; a < no; a++) {
            double mu = 0;
            for (int q = 0; q < j; q++) {
                mu += p.loads[o[a] * j + q] * p.means[c * j + q];
            }
            res[a] = y[o[a]] - mu;
            for (int b = 0; b < no; b++) {
                double v = 0;
                for (int q = 0; q < j; q++) {
                    for (int s = 0; s < j; s++) {
                        v += p.loads[o[a] * j + q] * p.covariances[(c * j + q) * j + s] * p.loads[o[b] * j + s];
                    }
                }
                cov[a][b] = v + (a == b ? p.psi[o[a]] : 0);
            }
        }
        CholeskyDecomposition ch = new CholeskyDecomposition(new Array2DRowRealMatrix(cov), 1e-10, 1e-14);
        double[] x = ch.getSolver().solve(new org.hipparchus.linear.ArrayRealVector(res)).toArray();
        double q = 0;
        for (int a = 0; a < no; a++) {
            q += res[a] * x[a];
        }
        return -0.5 * (no * Math.log(2 * Math.PI) + Math.log(ch.getDeterminant()) + q);
    }

    @Test
    void kernelMatchesDirectDensityWithAndWithoutMissingEntries() {
        McfaParameters p = truth();
        McfaData x = McfaReference.data("toy_N5000_missing40_X.csv");
        double total = 0;
        int rows = 50;
        double[] v = x.values();
        for (int r = 0; r < rows; r++) {
            double[] y = java.util.Arrays.copyOfRange(v, r * p.d, (r + 1) * p.d);
            double mx = Double.NEGATIVE_INFINITY;
            double[] lp = new double[p.k];
            for (int c = 0; c < p.k; c++) {
                lp[c] = Math.log(p.pi[c]) + directLogDensity(p, y, c);
                mx = Math.max(mx, lp[c]);
            }
            double s = 0;
            for (double l : lp) {
                s += Math.exp(l - mx);
            }
            total += mx + Math.log(s);
        }
        McfaData first = new McfaData(rows, p.d, java.util.Arrays.copyOf(v, rows * p.d));
        assertEquals(total, Mcfa.logLikelihood(first, p), 1e-9 * Math.abs(total));
        double[] tau = Mcfa.responsibilities(first, p);
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < p.k; c++) {
                s += tau[r * p.k + c];
            }
            assertEquals(1.0, s, 1e-12, "responsibilities of row " + r + " sum to 1");
        }
    }

    @Test
    void factorScoresArePosteriorMeansOfTheScores() {
        // complete row: E[u|y,k] = xi_k + Omega_k A^T Sigma_k^-1 (y - A xi_k) (Gaussian conditioning)
        McfaParameters p = truth();
        McfaData y = McfaReference.data("toy_N5000_Y.csv");
        McfaData one = new McfaData(1, p.d, java.util.Arrays.copyOf(y.values(), p.d));
        double[] s = Mcfa.factorScores(one, p);
        double[] tau = Mcfa.responsibilities(one, p);
        double[] expect = new double[p.j];
        double[] row = java.util.Arrays.copyOf(y.values(), p.d);
        RealMatrix a = new Array2DRowRealMatrix(p.loadsMatrix());
        for (int c = 0; c < p.k; c++) {
            RealMatrix om = new Array2DRowRealMatrix(p.covarianceMatrices()[c]);
            RealMatrix sigma = a.multiply(om).multiplyTransposed(a);
            for (int r = 0; r < p.d; r++) {
                sigma.addToEntry(r, r, p.psi[r]);
            }
            double[] res = new double[p.d];
            double[] mu = a.operate(p.meansMatrix()[c]);
            for (int r = 0; r < p.d; r++) {
                res[r] = row[r] - mu[r];
            }
            double[] w = new CholeskyDecomposition(sigma, 1e-10, 1e-14).getSolver()
                    .solve(new org.hipparchus.linear.ArrayRealVector(res)).toArray();
            double[] m = om.multiply(a.transpose()).operate(w);
            for (int q = 0; q < p.j; q++) {
                expect[q] += tau[c] * (p.means[c * p.j + q] + m[q]);
            }
        }
        assertArrayEquals(expect, s, 1e-10);
    }

    @Test
    void orthonormalizationAndRotationLeaveTheLikelihoodUnchanged() {
        McfaData y = McfaReference.data("toy_N5000_Y.csv");
        McfaParameters t1 = Mcfa.emStep(y, truth());
        double ll = Mcfa.logLikelihood(y, t1);
        McfaParameters o = Mcfa.orthonormalize(t1);
        double[] a = o.loads();
        for (int q = 0; q < o.j; q++) {
            for (int s = 0; s < o.j; s++) {
                double v = 0;
                for (int r = 0; r < o.d; r++) {
                    v += a[r * o.j + q] * a[r * o.j + s];
                }
                assertEquals(q == s ? 1 : 0, v, 1e-12, "A^T A");
            }
        }
        assertEquals(ll, Mcfa.logLikelihood(y, o), 1e-9 * Math.abs(ll));
        double[] r = McfaRotation.fromGivensAngles(new double[] {0.3, -1.2, 2.0, 0.1, 0.7, -0.4, 1.1, -2.5, 0.05,
            0.9}, 5);
        assertEquals(ll, Mcfa.logLikelihood(y, McfaRotation.apply(o, r)), 1e-9 * Math.abs(ll));
    }

    @Test
    void givensRotationRecoversTheTargetLoads() {
        McfaParameters t = truth();
        double[] angles = {0.3, -1.2, 2.0, 0.1, 0.7, -0.4, 1.1, -2.5, 0.05, 0.9};
        double[] r0 = McfaRotation.fromGivensAngles(angles, 5);
        // angles are not unique (theta and theta - pi with compensating signs), the rotation is
        assertArrayEquals(r0, McfaRotation.fromGivensAngles(McfaRotation.givensAngles(r0, 5), 5), 1e-12,
                "R -> angles -> R");
        McfaParameters rotated = McfaRotation.apply(t, r0);
        McfaRotation.Result back = McfaRotation.toTarget(rotated, t.loads(), false);
        assertEquals(0, back.residual(), 1e-9, "residual after rotating back to the truth");
        assertArrayEquals(t.loads(), back.rotated().loads(), 1e-9);
        assertArrayEquals(t.means(), back.rotated().means(), 1e-9);
        assertArrayEquals(t.covariances(), back.rotated().covariances(), 1e-9);
        // R0^-1 = R0^T
        for (int q = 0; q < 5; q++) {
            for (int s = 0; s < 5; s++) {
                assertEquals(r0[s * 5 + q], back.r()[q * 5 + s], 1e-9);
            }
        }
        // a sign flip needs a reflection
        double[] flipped = t.loads();
        for (int r = 0; r < t.d; r++) {
            flipped[r * 5] = -flipped[r * 5];
        }
        McfaRotation.Result refl = McfaRotation.toTarget(t, flipped, true);
        assertTrue(refl.reflected());
        assertEquals(0, refl.residual(), 1e-9);
    }

    @Test
    void fractionalContributionsFollowEq36() {
        // D=2, J=2: L = [[1, -2], [0.5, 0]], S = [[1, 1], [-3, 1]]: sum|S| = (4, 2)
        double[] c = McfaRotation.fractionalContributions(new double[] {1, -2, 0.5, 0}, new double[] {1, 1, -3, 1},
                2, 2);
        assertArrayEquals(new double[] {4.0 / 8, 4.0 / 8, 1, 0}, c, 1e-15);
    }

    @Test
    void exactMissingDataEmIncreasesTheObservedLikelihood() {
        McfaData x = McfaReference.data("toy_N5000_missing20_X.csv");
        McfaOptions o = McfaOptions.defaults().withMaxIterations(25).withOrthonormalize(false);
        McfaFit f = new Mcfa(o).fitFrom(x, truth());
        double[] tr = f.trace();
        // trace[0] is the observed-data log L at the truth (README B.3)
        assertEquals(-93640.19485575959, tr[0], 1e-9 * 93640.2);
        for (int i = 1; i < tr.length; i++) {
            assertTrue(tr[i] >= tr[i - 1] - 1e-9 * Math.abs(tr[i]), "EM monotone at step " + i + ": " + tr[i - 1]
                    + " -> " + tr[i]);
        }
        assertTrue(tr[tr.length - 1] > tr[0] + 1, "EM improves on the truth");
        assertEquals(f.logLikelihood(), f.observedLogLikelihood(), 0);
        assertEquals(f.logLikelihood(), Mcfa.logLikelihood(x, f.parameters()), 1e-9 * Math.abs(f.logLikelihood()));
    }

    @Test
    void samplesHaveTheModelMeanAndVariance() {
        McfaParameters p = truth();
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(42L);
        int n = 40000;
        double[] y = Mcfa.sample(p, n, rng, null);
        // analytic: E[y] = sum pi_k A xi_k; Var[y_d] = sum pi_k (A Omega_k A^T + Psi)_dd + sum pi (mu_k - E)^2
        for (int r = 0; r < p.d; r++) {
            double mean = 0;
            double second = 0;
            for (int c = 0; c < p.k; c++) {
                double mu = 0;
                for (int q = 0; q < p.j; q++) {
                    mu += p.loads[r * p.j + q] * p.means[c * p.j + q];
                }
                double v = p.psi[r];
                for (int q = 0; q < p.j; q++) {
                    for (int s = 0; s < p.j; s++) {
                        v += p.loads[r * p.j + q] * p.covariances[(c * p.j + q) * p.j + s] * p.loads[r * p.j + s];
                    }
                }
                mean += p.pi[c] * mu;
                second += p.pi[c] * (v + mu * mu);
            }
            double var = second - mean * mean;
            double sm = 0;
            for (int i = 0; i < n; i++) {
                sm += y[i * p.d + r];
            }
            sm /= n;
            // 5 sigma of the sample mean
            assertEquals(mean, sm, 5 * Math.sqrt(var / n), "sample mean of dimension " + r);
        }
    }

    @Test
    void objectiveIsAPlainFunctionOfTheFreeParameters() {
        McfaData y = McfaReference.data("toy_N5000_Y.csv");
        McfaParameters t = truth();
        McfaObjective obj = McfaObjective.of(y, t, McfaObjective.Block.PSI, McfaObjective.Block.WEIGHTS);
        assertEquals(15 + 9, obj.dimension());
        assertEquals("pi[0]", obj.names().get(0));
        ToDoubleFunction<double[]> f = obj::logLikelihood;
        double[] theta = obj.initial();
        assertEquals(-115938.28262143218, f.applyAsDouble(theta), 1e-9 * 115938.3, "log L at truth (README B.3)");
        assertEquals(-116782.87563238703, obj.negativeMessageLength(theta), 1e-9 * 116782.9, "ML at truth");
        theta[9] = -0.1; // psi[0] < 0
        assertEquals(Double.NEGATIVE_INFINITY, f.applyAsDouble(theta));
    }

    @Test
    void emErrorsAreReportedNotSwallowed() {
        // dimension 0 is identically zero: psi_0 collapses to 0 at the first M-step
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(3L);
        int n = 200;
        int d = 4;
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < d; c++) {
                v[i * d + c] = rng.nextDouble();
            }
        }
        McfaData data = new McfaData(n, d, v);
        McfaOptions o = McfaOptions.defaults().withInits(1);
        McfaException e = assertThrows(McfaException.class, () -> new Mcfa(o).fit(data, 1, 2, 1));
        assertTrue(e.getMessage().contains("psi[0]"), e.getMessage());
    }

    @Test
    void initializationsAreReproducibleAndOrthonormal() {
        McfaData y = McfaReference.data("toy_N5000_Y.csv");
        for (McfaOptions.FactorInit fi : McfaOptions.FactorInit.values()) {
            Mcfa m = new Mcfa(McfaOptions.defaults().withFactorInit(fi));
            McfaParameters a = m.initialize(y, 5, 10, Mcfa.stream(9, 5, 10, 0));
            McfaParameters b = m.initialize(y, 5, 10, Mcfa.stream(9, 5, 10, 0));
            McfaParameters c = m.initialize(y, 5, 10, Mcfa.stream(9, 5, 10, 1));
            assertArrayEquals(a.loads(), b.loads(), 0, fi + " reproducible");
            assertArrayEquals(a.means(), b.means(), 0, fi + " reproducible");
            assertTrue(!java.util.Arrays.equals(a.means(), c.means()), fi + " other init differs");
            double[] l = a.loads();
            for (int q = 0; q < 5; q++) {
                for (int s = 0; s < 5; s++) {
                    double v = 0;
                    for (int r = 0; r < 15; r++) {
                        v += l[r * 5 + q] * l[r * 5 + s];
                    }
                    assertEquals(q == s ? 1 : 0, v, 1e-12, fi + " loads orthonormal");
                }
            }
            double s = 0;
            for (double pi : a.weights()) {
                s += pi;
            }
            assertEquals(1, s, 1e-12);
        }
    }

    @Test
    void csvErrorsNameTheLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "a,b,c\n1,2,3\n4,,NaN\n1,2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> McfaData.readCsv(f));
        assertEquals("bad.csv line 4: expected 3 fields (as in the header), got 2", e.getMessage());
        Files.writeString(f, "a,b,c\n1,2,3\n4,,nan\n");
        McfaData d = McfaData.readCsv(f);
        assertEquals(2, d.rows());
        assertEquals(2, d.missingCount());
        assertArrayEquals(new int[] {0, 1, 1}, d.missingPerDimension());
        Files.writeString(f, "a,b,c\n1,2,3\n4,1e,3\n");
        e = assertThrows(IllegalArgumentException.class, () -> McfaData.readCsv(f));
        assertEquals("bad.csv line 3: field 2 '1e' is not a number", e.getMessage());
    }

    @Test
    void perStarRuleStopsAtTheFirstGainBelowToleranceTimesN() {
        McfaData y = McfaReference.data("toy_N5000_Y.csv");
        double tol = 1e-6; // 5e-3 nats per EM step at N = 5000
        McfaOptions o = McfaOptions.defaults().withInits(1).withConvergence(McfaOptions.Convergence.PER_STAR, tol);
        McfaFit f = new Mcfa(o).fit(y, 2, 3, 5);
        double[] tr = f.trace();
        int n = tr.length;
        assertTrue(f.converged());
        assertTrue(tr[n - 1] - tr[n - 2] < tol * y.rows(), "last gain " + (tr[n - 1] - tr[n - 2]));
        for (int i = 1; i < n - 1; i++) {
            assertTrue(tr[i] - tr[i - 1] >= tol * y.rows(), "should have stopped at iteration " + i);
        }
    }

    @Test
    void subsampleInitializationIsReproducibleAndRefinedOnAllRows() {
        McfaData y = McfaReference.data("toy_N5000_Y.csv");
        McfaOptions o = McfaOptions.mcfaCompatible().withMissing(McfaOptions.MissingMode.EXACT).withInits(3)
                .withSubsample(1000);
        McfaFit a = new Mcfa(o).fit(y, 3, 4, 9);
        McfaFit b = new Mcfa(o.withThreads(2)).fit(y, 3, 4, 9);
        assertEquals(a.logLikelihood(), b.logLikelihood(), 0, "independent of the E-step threads");
        // by hand: every init on one subsample from stream (seed, J, K, -1), the best refined on all rows
        McfaData sub = Mcfa.subsample(y, 1000, Mcfa.stream(9, 3, 4, -1));
        assertEquals(1000, sub.rows());
        Mcfa plain = new Mcfa(o.withSubsample(0));
        McfaFit best = null;
        for (int i = 0; i < 3; i++) {
            McfaFit f = plain.fitFrom(sub, plain.initialize(sub, 3, 4, Mcfa.stream(9, 3, 4, i)));
            assertEquals(f.logLikelihood(), a.initLogLikelihoods()[i], 0, "subsample log L of init " + i);
            if (best == null || f.logLikelihood() > best.logLikelihood()) {
                best = f;
            }
        }
        McfaFit full = plain.fitFrom(y, best.parameters());
        assertEquals(full.logLikelihood(), a.logLikelihood(), 0);
        assertEquals(full.iterations(), a.iterations());
        assertTrue(a.logLikelihood() > a.trace()[0], "full-data EM raises the subsample fit's log L");
    }
}
