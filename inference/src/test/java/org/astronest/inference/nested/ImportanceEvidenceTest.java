package org.astronest.inference.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.Rngs;
import org.astronest.inference.WorkPool;
import org.junit.jupiter.api.Test;

/**
 * The importance-sampled evidence over recorded epochs, against closed forms: a constant likelihood with the cube
 * points placed in exact proportion gives Z exactly, and a narrow Gaussian sampled by a cube epoch plus balls that
 * cut off part of its mass gives ln Z = 0 within the reported error, with that error calibrated over replicates.
 */
class ImportanceEvidenceTest {

    private static final long SEED = Long.getLong("astronest.test.seed", 20261204L);

    /** A ball of radius r around (cx, cy) in 2-d. */
    private static Ellipsoids ball(double cx, double cy, double r) {
        return Ellipsoids.of(2, new double[] {cx, cy}, new double[] {r, 0, 0, r});
    }

    @Test
    void constantLikelihoodWithProportionalPointsIsExact() {
        // epoch 0: 1000 cube points, exactly V * 1000 of them inside the ball (V = pi 0.2^2); epoch 1: 400 draws in
        // the ball. With L = c everywhere, Z = c [(1 - V) + V (D0 + D1 / V) / (D0 + D1 / V)] = c (class Javadoc)
        ImportanceRecord rec = new ImportanceRecord(2);
        int e0 = rec.newEpoch(null);
        Ellipsoids b = ball(0.5, 0.5, 0.2);
        int e1 = rec.newEpoch(b);
        double v = Math.PI * 0.04;
        int d0 = 1000;
        int inside = (int) Math.round(v * d0);
        // the rounding of V * D0 to whole points is part of the closed form below
        double c = Math.log(3.0);
        for (int i = 0; i < d0; i++) {
            double[] u = i < inside ? new double[] {0.5 + 0.1 * Math.cos(i), 0.5 + 0.1 * Math.sin(i)}
                    : new double[] {0.05 + 0.9 * (i % 7) / 7.0 * 0.1, 0.02 + 0.001 * i * 0.5};
            assertEquals(i < inside, b.inUnion(u, 0));
            rec.add(u, 0, c, e0);
        }
        rec.addDraws(e0, d0);
        int d1 = 400;
        for (int i = 0; i < d1; i++) {
            rec.add(new double[] {0.5 + 0.15 * Math.cos(i), 0.5 + 0.15 * Math.sin(i)}, 0, c, e1);
        }
        rec.addDraws(e1, d1);
        try (WorkPool pool = WorkPool.of(2, "test")) {
            ImportanceEvidence.Result r = ImportanceEvidence.estimate(rec, pool);
            double rate = d0 + d1 / Math.exp(b.logVolSum);
            double expected = 3.0 * ((d0 - inside) / (double) d0 + (inside + d1) / rate);
            assertEquals(Math.log(expected), r.logZ(), 1e-12);
            assertEquals(Math.log(3.0), r.logZ(), 2e-3); // V * D0 = 125.66 rounded to 126
        }
    }

    @Test
    void cutGaussianIsUnbiasedAndItsErrorCalibrated() {
        // L = N(u; (0.5, 0.5), 0.05^2 I) on the unit cube: Z = 1 - (mass beyond 10 sd) = 1 to 1e-20, ln Z = 0.
        // Epochs: the cube (200 points), then balls of radii 0.3, 0.2 and 0.1 (300 draws each); the last holds
        // only 1 - exp(-2) = 86% of the mass, so 14% must come from the wider epochs.
        int reps = 200;
        double sumZ2 = 0;
        double sumZ = 0;
        try (WorkPool pool = WorkPool.of(2, "test")) {
            for (int rep = 0; rep < reps; rep++) {
                UniformRandomProvider rng = Rngs.stream(SEED, rep);
                ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
                ImportanceRecord rec = new ImportanceRecord(2);
                int e0 = rec.newEpoch(null);
                double[] u = new double[2];
                for (int i = 0; i < 200; i++) {
                    u[0] = rng.nextDouble();
                    u[1] = rng.nextDouble();
                    rec.add(u, 0, logL(u), e0);
                }
                rec.addDraws(e0, 200);
                double[] z = new double[2];
                for (double r : new double[] {0.3, 0.2, 0.1}) {
                    Ellipsoids b = ball(0.5, 0.5, r);
                    int e = rec.newEpoch(b);
                    long draws = 0;
                    for (int i = 0; i < 300; i++) {
                        draws += b.sample(rng, g, u, 0, z);
                        rec.add(u, 0, logL(u), e);
                    }
                    rec.addDraws(e, draws);
                }
                ImportanceEvidence.Result res = ImportanceEvidence.estimate(rec, pool);
                double zScore = res.logZ() / res.logZErr();
                sumZ += zScore;
                sumZ2 += zScore * zScore;
            }
        }
        // chi-square with 200 dof: 0.1% tails at 144.5 and 267.5; the mean z within 4 / sqrt(200)
        assertTrue(sumZ2 > 144.5 && sumZ2 < 267.5, "sum of z^2 " + sumZ2 + " on " + reps);
        assertTrue(Math.abs(sumZ / reps) < 4 / Math.sqrt(reps), "mean z " + sumZ / reps);
    }

    @Test
    void lightestPointsAreLeftOutOfTheSamplesUpToTheDroppedFraction() {
        // weights 1e-9, 5e-7, 1, 2, 3e-7 (sum Z = 3.0000008): the three light ones hold 2.7e-7 of Z together, so
        // at 1e-6 they go; at 1e-7 only the lightest (1e-9 + 3e-7 is above 1e-7 Z)
        double[] w = {1e-9, 5e-7, 1, 2, 3e-7};
        double[] logW = new double[w.length];
        double z = 0;
        for (int i = 0; i < w.length; i++) {
            logW[i] = Math.log(w[i]);
            z += w[i];
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {2, 3},
                ImportanceEvidence.significant(logW, Math.log(z), 1e-6));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[] {1, 2, 3, 4},
                ImportanceEvidence.significant(logW, Math.log(z), 1e-7));
    }

    private static double logL(double[] u) {
        double s = 0.05;
        double q = ((u[0] - 0.5) * (u[0] - 0.5) + (u[1] - 0.5) * (u[1] - 0.5)) / (s * s);
        return -0.5 * q - Math.log(2 * Math.PI * s * s);
    }
}
