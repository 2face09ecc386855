package org.astronest.forwardmodels.nmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.junit.jupiter.api.Test;

/**
 * Gaussian orthant probabilities ({@link OrthantProbability}) against closed forms: Sheppard's (1899) bivariate
 * 1/4 + asin(rho) / (2 pi); the trivariate 1/8 + (asin r12 + asin r13 + asin r23) / (4 pi); 1/(d+1) for d
 * equicorrelated variables at rho = 1/2 (the probability that the first of d+1 exchangeable normals is the largest,
 * Steck 1962); the normal tail ln Phi(-40) from its asymptotic series; and the bivariate integral with means by
 * adaptive quadrature of phi(x) Phi(.).
 */
class OrthantProbabilityTest {

    static final OrthantProbability FAST = OrthantProbability.fast();
    static final OrthantProbability QMC = OrthantProbability.quasiMonteCarlo(1 << 16);

    @Test
    void oneVariable() {
        // Phi(-1) = 0.15865525393145707 (e.g. Abramowitz & Stegun table 26.1)
        assertEquals(Math.log(0.15865525393145707), FAST.logProbability(new double[] {-2}, new double[][] {{4}}, 1),
                1e-14);
        // ln Phi(-x) = -x^2/2 - ln x - ln sqrt(2 pi) + ln(1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8 ...), x = 40
        double x = 40;
        double series = -x * x / 2 - Math.log(x) - 0.5 * Math.log(2 * Math.PI)
                + Math.log(1 - 1 / (x * x) + 3 / Math.pow(x, 4) - 15 / Math.pow(x, 6) + 105 / Math.pow(x, 8));
        assertEquals(series, FAST.logProbability(new double[] {-40}, new double[][] {{1}}, 1), 1e-12 * 800);
    }

    @Test
    void bivariateZeroMeanIsSheppards() {
        for (double r : new double[] {-0.999, -0.99, -0.95, -0.93, -0.9, -0.5, 0, 0.3, 0.9, 0.93, 0.95, 0.999}) {
            double exact = 0.25 + Math.asin(r) / (2 * Math.PI);
            double got = FAST.logProbability(new double[] {0, 0}, new double[][] {{1, r}, {r, 1}}, 2);
            assertEquals(Math.log(exact), got, 1e-12, "rho " + r);
        }
    }

    @Test
    void bivariateWithMeansAgreesWithQuadrature() {
        IterativeLegendreGaussIntegrator quad = new IterativeLegendreGaussIntegrator(16, 1e-13, 1e-15);
        double[][] cases = {{0.3, -0.2, -0.6}, {1.5, 0.4, 0.8}, {-1.0, 2.0, -0.95}, {0.5, 0.5, 0.97}, {-2, -1, 0.2},
            {2.5, -0.7, -0.99}, {0.1, 0.05, 0.999}};
        for (double[] c : cases) {
            double z1 = c[0];
            double z2 = c[1];
            double r = c[2];
            // P(v1 >= 0, v2 >= 0) = integral over v1's standard score x >= -z1 of phi(x) Phi((z2 + r x) / sqrt(1-r^2))
            double sr = Math.sqrt(1 - r * r);
            double p = quad.integrate(100000, x -> Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI)
                    * NormalFunctions.phiCdf((z2 + r * x) / sr), -z1, 12);
            double got = FAST.logProbability(new double[] {z1 * 2, z2 * 3}, new double[][] {{4, r * 6}, {r * 6, 9}}, 2);
            assertEquals(Math.log(p), got, 1e-9, java.util.Arrays.toString(c));
        }
    }

    /**
     * Three or more variables: expectation propagation is an approximation. Measured worst errors in ln P (the
     * bounds asserted, set from these first measurements with some margin): trivariate closed form over correlations
     * from -0.45 to 0.9, 0.0375 (0.05); equicorrelated 1/(d+1), 0.0037, 0.0053, 0.0068 for d = 3, 4, 5 (0.01); 200
     * random tri- and quadrivariate cases against the quasi-Monte Carlo reference, 0.0372 (0.06). The reference is
     * checked against the closed forms (1e-4).
     */
    @Test
    void threeOrMoreVariables() {
        double[][][] rs = {{{0.5, 0.3, 0.2}}, {{-0.45, -0.45, 0.2}}, {{0.9, 0.8, 0.85}}, {{-0.3, 0.6, -0.4}}};
        double worst = 0;
        for (double[][] rr : rs) {
            double r12 = rr[0][0];
            double r13 = rr[0][1];
            double r23 = rr[0][2];
            double[][] c = {{1, r12, r13}, {r12, 1, r23}, {r13, r23, 1}};
            double exact = Math.log(0.125 + (Math.asin(r12) + Math.asin(r13) + Math.asin(r23)) / (4 * Math.PI));
            assertEquals(exact, QMC.logProbability(new double[3], c, 3), 1e-4);
            worst = Math.max(worst, Math.abs(FAST.logProbability(new double[3], c, 3) - exact));
        }
        System.out.printf("orthant: worst trivariate closed-form error of expectation propagation %.3g%n", worst);
        assertTrue(worst < 0.05, "worst " + worst);
        for (int d = 3; d <= 5; d++) {
            double[][] c = new double[d][d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[i][j] = i == j ? 1 : 0.5;
                }
            }
            assertEquals(-Math.log(d + 1), QMC.logProbability(new double[d], c, d), 1e-4, "d " + d);
            assertEquals(-Math.log(d + 1), FAST.logProbability(new double[d], c, d), 0.01, "d " + d);
        }
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(3);
        double worstRandom = 0;
        for (int t = 0; t < 200; t++) {
            int d = 3 + t % 2;
            double[][] b = new double[d][d];
            for (double[] row : b) {
                for (int j = 0; j < d; j++) {
                    row[j] = 2 * rng.nextDouble() - 1;
                }
            }
            double[][] c = new double[d][d];
            double[] m = new double[d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    for (int k = 0; k < d; k++) {
                        c[i][j] += b[i][k] * b[j][k];
                    }
                    c[i][j] += i == j ? 0.05 : 0;
                }
            }
            for (int i = 0; i < d; i++) {
                m[i] = Math.sqrt(c[i][i]) * (3 * rng.nextDouble() - 1.5);
            }
            worstRandom = Math.max(worstRandom, Math.abs(FAST.logProbability(m, c, d) - QMC.logProbability(m, c, d)));
        }
        System.out.printf("orthant: worst error of expectation propagation on 200 random cases %.3g%n", worstRandom);
        assertTrue(worstRandom < 0.06, "worst " + worstRandom);
    }
}
