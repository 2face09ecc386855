package org.astronest.forwardmodels.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The spread estimators of RSCA's step 4. */
class SpreadTest {

    /** MAD of {1, 2, 3, 4, 100} about the median 3 is median{2, 1, 0, 1, 97} = 1; with n = 5's factor 1.0506. */
    @Test
    void madIsScaledForTheNormalAndSmallSamples() {
        assertEquals(1.4826 * 1.0506, Spread.MAD.sd(new double[] {1, 2, 3, 4, 100}), 1e-12);
        assertEquals(Math.sqrt(2.5), Spread.SAMPLE_SD.sd(new double[] {1, 2, 3, 4, 5}), 1e-12);
        assertEquals(1 + 0.12 / 50, Spread.madFactor(50), 0);
    }

    /**
     * The table's factors against an independent Monte Carlo (another generator and method of drawing normals, 200,000
     * samples per n): E[(k_n 1.4826 MAD_n)^2] = 1 within 4 of its standard errors (false alarm 2e-4 for the three).
     */
    @Test
    void madFactorsMakeTheSquareUnbiased() {
        SplittableRandom r = new SplittableRandom(Long.getLong("astronest.test.seed", 1L));
        for (int n : new int[] {3, 4, 10}) {
            int draws = 200_000;
            double s = 0;
            double s2 = 0;
            double[] x = new double[n];
            for (int t = 0; t < draws; t++) {
                for (int i = 0; i < n; i++) {
                    double u = r.nextDouble();
                    double v = r.nextDouble();
                    x[i] = Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v); // Box-Muller
                }
                double m = Spread.MAD.sd(x);
                s += m * m;
                s2 += m * m * m * m;
            }
            double mean = s / draws;
            double se = Math.sqrt((s2 / draws - mean * mean) / draws);
            assertEquals(1, mean, 4 * se, "n = " + n + ": E[sd^2] " + mean + " +- " + se);
        }
    }

    @Test
    void unknownNameIsRejected() {
        assertEquals("spread must be one of [mad, sd], got 'iqr'",
                assertThrows(IllegalArgumentException.class, () -> Spread.of("iqr")).getMessage());
    }
}
