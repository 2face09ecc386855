package org.astronest.inference.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.Rngs;
import org.astronest.inference.WorkPool;
import org.junit.jupiter.api.Test;

/**
 * The evidence of a cut run, Z = A + B C ({@link CutEvidence}), against closed forms. The likelihood is a circular
 * Gaussian of width s = 0.05 at the cube's centre, L = exp(-r^2 / 2 s^2), so Z = 2 pi s^2 (the cube cuts it at 10 s,
 * e^-50 of the mass). The record holds three epochs: the cube, a ball of radius 0.3 and an offset ball of radius
 * 0.12 that cuts off part of the contour at the cut (r_c = 0.1, ln L_c = -2). The nested part is an exact run in
 * the disc r &lt; r_c (new points uniform in the disc inside the dead point's radius), so its weights are those of
 * nested sampling without bound error. Closed forms: A = 2 pi s^2 e^-2, B = pi r_c^2,
 * C = 2 s^2 (1 - e^-2) / r_c^2, and the posterior mean of each coordinate is 1/2 (symmetry).
 */
class CutEvidenceTest {

    private static final long SEED = Long.getLong("astronest.test.seed", 20261205L);
    private static final double S = 0.05;
    private static final double RC = 0.1;
    private static final double LOG_LC = -RC * RC / (2 * S * S);

    private static double logL(double x, double y) {
        double r2 = (x - 0.5) * (x - 0.5) + (y - 0.5) * (y - 0.5);
        return -r2 / (2 * S * S);
    }

    /** Adds {@code count} points uniform in the ball (cx, cy, r), inside the cube, to epoch e. */
    private static void ballEpoch(ImportanceRecord rec, UniformRandomProvider rng, double cx, double cy, double r,
                                  int count) {
        int e = rec.newEpoch(r >= 1 ? null : Ellipsoids.of(2, new double[] {cx, cy}, new double[] {r, 0, 0, r}));
        for (int i = 0; i < count; i++) {
            double[] u;
            if (r >= 1) {
                u = new double[] {rng.nextDouble(), rng.nextDouble()};
            } else {
                double rho = r * Math.sqrt(rng.nextDouble());
                double phi = 2 * Math.PI * rng.nextDouble();
                u = new double[] {cx + rho * Math.cos(phi), cy + rho * Math.sin(phi)};
            }
            rec.add(u, 0, logL(u[0], u[1]), e);
        }
        rec.addDraws(e, count);
    }

    /** A point uniform in the disc of radius r about the centre. */
    private static double[] inDisc(UniformRandomProvider rng, double r) {
        double rho = r * Math.sqrt(rng.nextDouble());
        double phi = 2 * Math.PI * rng.nextDouble();
        return new double[] {0.5 + rho * Math.cos(phi), 0.5 + rho * Math.sin(phi)};
    }

    /** One replicate: {ln Z, its error, mean of x, its error, ln A, its error, ln B, its error}. */
    private static double[] replicate(long seed, WorkPool pool) {
        UniformRandomProvider rng = Rngs.stream(seed, 0);
        ImportanceRecord rec = new ImportanceRecord(2);
        ballEpoch(rec, rng, 0, 0, 1, 2000);
        ballEpoch(rec, rng, 0.5, 0.5, 0.3, 2000);
        ballEpoch(rec, rng, 0.54, 0.5, 0.12, 2000);
        ImportanceCut cut = ImportanceEvidence.cut(rec, 3, rec.size, 1, LOG_LC, pool);

        int n = 100;
        int iterations = 12 * n; // prior volume e^-12 of the disc left to the final live points
        double[][] live = new double[n][];
        double[] liveL = new double[n];
        for (int i = 0; i < n; i++) {
            live[i] = inDisc(rng, RC);
            liveL[i] = logL(live[i][0], live[i][1]);
        }
        int m = iterations + n;
        double[] logL = new double[m];
        int[] nLive = new int[m];
        int[] thread = new int[m];
        double[][] thetas = new double[m][];
        for (int it = 0; it < iterations; it++) {
            int low = 0;
            for (int i = 1; i < n; i++) {
                if (liveL[i] < liveL[low]) {
                    low = i;
                }
            }
            logL[it] = liveL[low];
            nLive[it] = n;
            thread[it] = low;
            thetas[it] = live[low];
            double radius = Math.sqrt(-2 * S * S * liveL[low]);
            live[low] = inDisc(rng, radius);
            liveL[low] = logL(live[low][0], live[low][1]);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(liveL[a], liveL[b]));
        for (int j = 0; j < n; j++) {
            int i = iterations + j;
            logL[i] = liveL[order[j]];
            nLive[i] = n - j;
            thread[i] = order[j];
            thetas[i] = live[order[j]];
        }
        NestedEvidence.Run part = new NestedEvidence.Run(logL, nLive, thread, iterations, n);
        double[][] below = new double[cut.kept()][];
        for (int j = 0; j < below.length; j++) {
            below[j] = Arrays.copyOfRange(cut.u(), 2 * j, 2 * j + 2);
        }
        CutEvidence.Result r = CutEvidence.estimate(cut, part, thetas, below, 100,
                k -> Rngs.stream(seed, 1, k));
        double mean = 0;
        for (int j = 0; j < below.length; j++) {
            mean += Math.exp(r.logWBelow()[j] - r.logZ()) * below[j][0];
        }
        for (int i = 0; i < m; i++) {
            mean += Math.exp(r.logWAbove()[i] - r.logZ()) * thetas[i][0];
        }
        return new double[] {r.logZ(), r.logZErr(), mean, r.meanErr()[0], r.logA(), r.logAErr(), r.logB(), r.logBErr()};
    }

    @Test
    void cutRunMatchesClosedFormsWithCalibratedErrors() {
        double logZ = Math.log(2 * Math.PI * S * S);
        double logA = logZ + LOG_LC;
        double logB = Math.log(Math.PI * RC * RC);
        int reps = 30;
        double chiZ = 0;
        double chiMean = 0;
        double chiA = 0;
        double chiB = 0;
        try (WorkPool pool = WorkPool.of(2, "test")) {
            for (int r = 0; r < reps; r++) {
                double[] v = replicate(Rngs.stream(SEED, r).nextLong(), pool);
                double z = (v[0] - logZ) / v[1];
                double zm = (v[2] - 0.5) / v[3];
                chiZ += z * z;
                chiMean += zm * zm;
                double za = (v[4] - logA) / v[5];
                double zb = (v[6] - logB) / v[7];
                chiA += za * za;
                chiB += zb * zb;
            }
        }
        // chi-square with 30 degrees of freedom: 0.1% and 99.9% quantiles 11.59 and 59.70
        System.out.printf("sums of z^2 over %d replicates: ln Z %.2f, mean %.2f, ln A %.2f, ln B %.2f%n", reps, chiZ,
                chiMean, chiA, chiB);
        assertTrue(chiZ > 11.59 && chiZ < 59.70, "sum of z^2 of ln Z over 30 replicates: " + chiZ);
        assertTrue(chiA > 11.59 && chiA < 59.70, "sum of z^2 of ln A over 30 replicates: " + chiA);
        assertTrue(chiB > 11.59 && chiB < 59.70, "sum of z^2 of ln B over 30 replicates: " + chiB);
        assertTrue(chiMean > 11.59 && chiMean < 59.70, "sum of z^2 of the mean of x over 30 replicates: " + chiMean);
    }
}
