package org.astronest.inference.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.Rngs;
import org.junit.jupiter.api.Test;

/** The ellipsoid union: uniform draws over overlaps (closed-form areas) and a decomposition of separated modes. */
class EllipsoidsTest {

    private static final long SEED = Long.getLong("astronest.test.seed", 20261204L);

    @Test
    void drawsAreUniformOverTheUnionOfOverlappingDiscs() {
        // two discs of radius r = 0.2 with centres 0.2 apart: lens area 2 r^2 acos(1/2) - 0.1 sqrt(4 r^2 - 0.04)
        // = 0.0491347, union 2 pi r^2 - lens = 0.2021919; a uniform draw lies in the lens with p = 0.243010
        Ellipsoids e = Ellipsoids.of(2, new double[] {0.4, 0.5, 0.6, 0.5}, new double[] {0.2, 0, 0, 0.2, 0.2, 0, 0, 0.2});
        double lens = 2 * 0.04 * Math.acos(0.5) - 0.1 * Math.sqrt(0.16 - 0.04);
        double union = 2 * Math.PI * 0.04 - lens;
        UniformRandomProvider rng = Rngs.stream(SEED, 1);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        int n = 20000;
        int inLens = 0;
        long raw = 0;
        double[] u = new double[2];
        double[] z = new double[2];
        for (int i = 0; i < n; i++) {
            raw += e.sample(rng, g, u, 0, z);
            assertTrue(e.inUnion(u, 0));
            if (e.contains(0, u, 0) && e.contains(1, u, 0)) {
                inLens++;
            }
        }
        double p = lens / union;
        // binomial: 4 standard deviations (false alarm 6e-5)
        assertEquals(p, (double) inLens / n, 4 * Math.sqrt(p * (1 - p) / n));
        // the kept fraction of raw draws is union / (sum of the two areas) = 0.80449
        double keep = union / (2 * Math.PI * 0.04);
        assertEquals(keep, (double) n / raw, 4 * Math.sqrt(keep * (1 - keep) / raw));
        assertEquals(Math.log(union), e.logRegionVolume(Rngs.stream(SEED, 2), 20000, 1_000_000), 0.02);
    }

    @Test
    void anEnvelopeMostlyOutsideTheCubeStillGivesUniformPointsInTheCube() {
        // a ball of radius 6 around the cube's centre in 16 dimensions holds the whole cube, and the cube is
        // 1 / (pi^8 / 8! x 6^16) = 1.5e-10 of it: envelope draws alone would need ~7e9 tries per point (the old
        // 1e8 cap failed); the union ∩ cube is the cube, reached through the cube fallback
        int d = 16;
        double[] c = new double[d];
        double[] a = new double[d * d];
        for (int i = 0; i < d; i++) {
            c[i] = 0.5;
            a[i * d + i] = 6;
        }
        Ellipsoids e = Ellipsoids.of(d, c, a);
        UniformRandomProvider rng = Rngs.stream(SEED, 3);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        int n = 100;
        double[] u = new double[d];
        double[] z = new double[d];
        double sum = 0;
        long raw = 0;
        for (int i = 0; i < n; i++) {
            raw += e.sample(rng, g, u, 0, z);
            for (double x : u) {
                assertTrue(x >= 0 && x <= 1);
                sum += x;
            }
        }
        // uniform in the cube: the mean coordinate is 1/2 with sd sqrt(1/12 / (n d)); 4 sd (false alarm 6e-5)
        assertEquals(0.5, sum / (n * d), 4 * Math.sqrt(1.0 / 12 / (n * d)));
        assertTrue(raw > n * Ellipsoids.CUBE_FALLBACK, "every point came through the fallback: " + raw);
    }

    @Test
    void separatedModesGetTheirOwnEllipsoidsAndEveryPointIsInside() {
        // 200 points, half around (0.2, 0.2) and half around (0.8, 0.7), sd 0.02: one ellipsoid over both would be
        // ~100 times the two small ones, so the decomposition splits them; every live point is inside the union
        int n = 200;
        double[] u = new double[2 * n];
        UniformRandomProvider rng = Rngs.stream(SEED, 3);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        for (int i = 0; i < n; i++) {
            u[2 * i] = (i < n / 2 ? 0.2 : 0.8) + 0.02 * g.sample();
            u[2 * i + 1] = (i < n / 2 ? 0.2 : 0.7) + 0.02 * g.sample();
        }
        Ellipsoids e = Ellipsoids.fit(u, n, 2, Math.log(0.01), 30, k -> Rngs.stream(SEED, 4, k));
        assertTrue(e.k >= 2, "ellipsoids: " + e.k);
        for (int i = 0; i < n; i++) {
            assertTrue(e.inUnion(u, 2 * i), "point " + i);
        }
        for (int c = 0; c < e.k; c++) {
            boolean lower = e.centre[2 * c] < 0.5;
            assertTrue(Math.abs(e.centre[2 * c] - (lower ? 0.2 : 0.8)) < 0.05, "centre of ellipsoid " + c);
        }
    }
}
