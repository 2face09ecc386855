package org.astronest.forwardmodels.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.astronest.forwardmodels.linalg.SymmetricEigen;
import org.junit.jupiter.api.Test;

/**
 * PPCA with missing values against the model the data were drawn from: y = mu + W x + e in d = 8 with K = 2,
 * W's columns (2, 1, 0, ...) and (0, 1, -1, 0.5, ...), sigma^2 = 0.04, n = 4000, 20% of entries removed.
 */
class PpcaTest {

    static final long SEED = Long.getLong("astronest.test.seed", 1L);

    /**
     * The fitted covariance W W^T + sigma^2 I equals the true one within sampling error: the noise variance within
     * 5% (its relative sampling sd is sqrt(2 / (n d_obs)) ~ 0.8% plus the subspace's share) and the principal
     * subspace within 0.02 rad of the truth (largest principal angle).
     */
    @Test
    void recoversTheModelWithMissingValues() {
        int d = 8;
        int n = 4000;
        double[][] w = new double[d][2];
        w[0][0] = 2;
        w[1][0] = 1;
        w[1][1] = 1;
        w[2][1] = -1;
        w[3][1] = 0.5;
        UniformRandomProvider r = RandomSource.XO_RO_SHI_RO_128_PP.create(SEED);
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(r);
        double[][] y = new double[n][d];
        for (double[] row : y) {
            double x0 = g.sample();
            double x1 = g.sample();
            for (int j = 0; j < d; j++) {
                row[j] = 3 + w[j][0] * x0 + w[j][1] * x1 + 0.2 * g.sample();
                if (r.nextDouble() < 0.2) {
                    row[j] = Double.NaN;
                }
            }
        }
        Ppca.Model m = Ppca.fit(y, Ppca.Options.of(2));
        assertEquals(0.04, m.noiseVariance(), 0.05 * 0.04);
        assertEquals(3, m.mean()[5], 0.02); // sd of the mean of ~3200 values of sd 0.2: 0.0035
        double angle = largestPrincipalAngle(w, m.loadings());
        System.out.printf("PPCA: %d iterations, sigma^2 %.5f, subspace angle %.4f rad%n", m.iterations(),
                m.noiseVariance(), angle);
        assertTrue(angle < 0.02, "subspace angle " + angle);
        double[][] gram = Ppca.gram(m.loadings());
        assertEquals(0, gram[0][1], 1e-9 * gram[0][0]); // principal axes: orthogonal columns
        assertTrue(gram[0][0] >= gram[1][1]);
    }

    @Test
    void badInputNamesTheField() {
        assertEquals("components must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> Ppca.Options.of(0)).getMessage());
        double[][] y = {{1, Double.NaN}, {2, Double.NaN}, {3, Double.NaN}};
        assertEquals("spectra pixel 1 is missing in every row",
                assertThrows(IllegalArgumentException.class, () -> Ppca.fit(y, Ppca.Options.of(1))).getMessage());
    }

    /** arccos of the smallest singular value of Qa^T Qb (orthonormal bases of the two column spaces). */
    static double largestPrincipalAngle(double[][] a, double[][] b) {
        double[][] qa = orthonormal(a);
        double[][] qb = orthonormal(b);
        double[][] c = new double[2][2];
        for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 2; q++) {
                for (int j = 0; j < a.length; j++) {
                    c[p][q] += qa[j][p] * qb[j][q];
                }
            }
        }
        double[][] ctc = new double[2][2];
        for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 2; q++) {
                ctc[p][q] = c[0][p] * c[0][q] + c[1][p] * c[1][q];
            }
        }
        double smallest = SymmetricEigen.of(ctc).values()[1];
        return Math.acos(Math.min(1, Math.sqrt(Math.max(0, smallest))));
    }

    private static double[][] orthonormal(double[][] a) {
        int d = a.length;
        double[][] q = new double[d][2];
        double n0 = 0;
        for (int j = 0; j < d; j++) {
            n0 += a[j][0] * a[j][0];
        }
        double dot = 0;
        for (int j = 0; j < d; j++) {
            q[j][0] = a[j][0] / Math.sqrt(n0);
            dot += q[j][0] * a[j][1];
        }
        double n1 = 0;
        for (int j = 0; j < d; j++) {
            q[j][1] = a[j][1] - dot * q[j][0];
            n1 += q[j][1] * q[j][1];
        }
        for (int j = 0; j < d; j++) {
            q[j][1] /= Math.sqrt(n1);
        }
        return q;
    }
}
