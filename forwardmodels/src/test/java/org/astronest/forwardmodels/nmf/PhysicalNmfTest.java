package org.astronest.forwardmodels.nmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/**
 * The marginal likelihood of {@link PhysicalNmf} against independent computations on a small problem (3 lines, 2
 * pixels): the normal prior's closed form N(x; 0, Sigma + s^2 W W^T) evaluated with a general LU decomposition, and
 * the half-normal (and zero-inflated) priors by adaptive quadrature over the abundances.
 */
class PhysicalNmfTest {

    static final double[][] W = {{1, 0.5}, {0.5, 1}, {0.2, 0.3}};
    static final double[] SIGMA = {0.3, 0.4, 0.5};
    /** Pixel 1 has both components; in pixel 2 the abundances straddle 0, so the orthant matters. */
    static final double[][] X = {{0.8, -0.2}, {0.6, 0.1}, {0.1, 0.05}};
    static final double S = 1.3;

    static double[] pixel(int p) {
        return new double[] {X[0][p], X[1][p], X[2][p]};
    }

    static double logGauss(double[] x, double[] mean, RealMatrix cov) {
        LUDecomposition lu = new LUDecomposition(cov);
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[i] - mean[i];
        }
        double q = new ArrayRealVector(r).dotProduct(lu.getSolver().solve(new ArrayRealVector(r)));
        return -0.5 * x.length * Math.log(2 * Math.PI) - 0.5 * Math.log(lu.getDeterminant()) - 0.5 * q;
    }

    /** ln N(x; W_S v, diag sigma^2). */
    static double logNoise(double[] x, double[] v, int[] members) {
        double s = 0;
        for (int l = 0; l < 3; l++) {
            double m = 0;
            for (int a = 0; a < members.length; a++) {
                m += W[l][members[a]] * v[a];
            }
            double r = (x[l] - m) / SIGMA[l];
            s += -0.5 * r * r - Math.log(SIGMA[l]) - 0.5 * Math.log(2 * Math.PI);
        }
        return s;
    }

    static double halfNormal(double v) {
        return 2 * Math.exp(-0.5 * v * v / (S * S)) / (S * Math.sqrt(2 * Math.PI));
    }

    /** integral over v_S >= 0 of N(x; W_S v, Sigma) prod HN(v; S), by nested adaptive Gauss-Legendre. */
    static double halfNormalIntegral(double[] x, int[] members) {
        IterativeLegendreGaussIntegrator q = new IterativeLegendreGaussIntegrator(24, 1e-12, 1e-14);
        double top = 6;
        if (members.length == 0) {
            return Math.exp(logNoise(x, new double[0], members));
        }
        if (members.length == 1) {
            return q.integrate(1000000, v -> Math.exp(logNoise(x, new double[] {v}, members)) * halfNormal(v), 0,
                    top);
        }
        return q.integrate(1000000, v1 -> new IterativeLegendreGaussIntegrator(24, 1e-12, 1e-14).integrate(1000000,
                v2 -> Math.exp(logNoise(x, new double[] {v1, v2}, members)) * halfNormal(v1) * halfNormal(v2), 0, top)
                , 0, top);
    }

    @Test
    void normalPriorIsTheGaussianClosedForm() {
        PhysicalNmf pn = new PhysicalNmf(X, SIGMA, new PhysicalNmf.AbundancePrior(PhysicalNmf.Shape.NORMAL, S, 0),
                OrthantProbability.fast());
        RealMatrix cov = new Array2DRowRealMatrix(3, 3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double c = i == j ? SIGMA[i] * SIGMA[i] : 0;
                for (int k = 0; k < 2; k++) {
                    c += S * S * W[i][k] * W[j][k];
                }
                cov.setEntry(i, j, c);
            }
        }
        double expected = logGauss(pixel(0), new double[3], cov) + logGauss(pixel(1), new double[3], cov);
        assertEquals(expected, pn.logMarginal(W), 1e-12);
    }

    @Test
    void halfNormalPriorIsTheIntegralOverNonNegativeAbundances() {
        PhysicalNmf pn = new PhysicalNmf(X, SIGMA, new PhysicalNmf.AbundancePrior(PhysicalNmf.Shape.HALF_NORMAL, S,
                0), OrthantProbability.fast());
        double expected = Math.log(halfNormalIntegral(pixel(0), new int[] {0, 1}))
                + Math.log(halfNormalIntegral(pixel(1), new int[] {0, 1}));
        assertEquals(expected, pn.logMarginal(W), 1e-8);
        // one component: the first column
        double[][] w1 = {{1}, {0.5}, {0.2}};
        PhysicalNmf one = new PhysicalNmf(X, SIGMA, new PhysicalNmf.AbundancePrior(PhysicalNmf.Shape.HALF_NORMAL, S,
                0), OrthantProbability.fast());
        assertEquals(Math.log(halfNormalIntegral(pixel(0), new int[] {0}))
                + Math.log(halfNormalIntegral(pixel(1), new int[] {0})), one.logMarginal(w1), 1e-8);
    }

    /** pi = 0.3: each pixel's marginal is the prior-weighted sum over the four sets of present components. */
    @Test
    void zeroInflatedPriorSumsOverTheSetsOfPresentComponents() {
        double pi = 0.3;
        PhysicalNmf pn = new PhysicalNmf(X, SIGMA, new PhysicalNmf.AbundancePrior(PhysicalNmf.Shape.HALF_NORMAL, S,
                pi), OrthantProbability.fast());
        double expected = 0;
        for (int p = 0; p < 2; p++) {
            double[] x = pixel(p);
            double sum = pi * pi * halfNormalIntegral(x, new int[0])
                    + pi * (1 - pi) * (halfNormalIntegral(x, new int[] {0}) + halfNormalIntegral(x, new int[] {1}))
                    + (1 - pi) * (1 - pi) * halfNormalIntegral(x, new int[] {0, 1});
            expected += Math.log(sum);
        }
        assertEquals(expected, pn.logMarginal(W), 1e-8);
    }

    /** Noiseless maps of the true W: the abundances' mode is the true V up to the prior's shrinkage (1e-6 here). */
    @Test
    void abundancesOfNoiselessMapsAreTheTrueOnes() {
        double[][] v = {{0.5, 0, 1.2, 0.01}, {0, 0.7, 0.3, 0.02}};
        double[][] x = NmfMatrices.multiply(W, v);
        double[] sd = {1e-4, 1e-4, 1e-4};
        PhysicalNmf pn = new PhysicalNmf(x, sd, PhysicalNmf.AbundancePrior.defaults(), OrthantProbability.fast());
        double[][] got = pn.abundances(W);
        for (int k = 0; k < 2; k++) {
            for (int p = 0; p < 4; p++) {
                assertEquals(v[k][p], got[k][p], 1e-6, "component " + k + " pixel " + p);
            }
        }
    }

    @Test
    void errors() {
        assertEquals("noise: map 2 has standard deviation 0.0; it must be finite and > 0",
                assertThrows(IllegalArgumentException.class, () -> new PhysicalNmf(X, new double[] {1, 0, 1},
                        PhysicalNmf.AbundancePrior.defaults(), OrthantProbability.fast())).getMessage());
        assertEquals("W: line 2, component 1 is -1.0; emission must be finite and >= 0",
                assertThrows(IllegalArgumentException.class, () -> new PhysicalNmf(X, SIGMA,
                        PhysicalNmf.AbundancePrior.defaults(), OrthantProbability.fast())
                        .logMarginal(new double[][] {{1}, {-1}, {1}})).getMessage());
        assertEquals("unknown abundance prior 'gamma'; known: normal, half-normal",
                assertThrows(IllegalArgumentException.class, () -> PhysicalNmf.Shape.parse("gamma")).getMessage());
    }
}
