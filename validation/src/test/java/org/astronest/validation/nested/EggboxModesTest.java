package org.astronest.validation.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.WeightedSamples;
import org.astronest.inference.nested.NestedSampler;
import org.astronest.validation.problems.ProblemCatalog;
import org.astronest.validation.problems.TestProblem;
import org.junit.jupiter.api.Test;

/**
 * The eggbox's modes each get their share of the posterior mass (issue 16). L = (2 + cos(x/2) cos(y/2))^5 on
 * [0, 10 pi]^2 peaks at (2 pi a, 2 pi b) with a + b even, a, b in 0..5: 18 maxima, of which 8 lie inside, 8 on an
 * edge (half a mode in the box) and 2 in corners (a quarter). Each sample belongs to its nearest maximum; the
 * reference shares come from midpoint quadrature of L on a 3000^2 grid (0.02, 0.04 and 0.08 of the mass: not 1/18
 * each, because of the edges). A share f is compared with sd sqrt(f(1-f)/ESS + 2 (f(1-f) logZErr)^2), as in
 * {@link FailureModesTest}; 4 sd per mode is a false alarm of 1e-3 over the 18 modes when the errors are calibrated.
 */
class EggboxModesTest {

    static final long SEED = Long.getLong("astronest.test.seed", 1818);

    private static int nearestMode(double x, double y, double[][] modes) {
        int best = 0;
        double bd = Double.POSITIVE_INFINITY;
        for (int m = 0; m < modes.length; m++) {
            double dx = x - modes[m][0];
            double dy = y - modes[m][1];
            double dd = dx * dx + dy * dy;
            if (dd < bd) {
                bd = dd;
                best = m;
            }
        }
        return best;
    }

    @Test
    void everyModeHoldsItsQuadratureShareOfTheMass() {
        double[][] modes = new double[18][];
        int k = 0;
        for (int a = 0; a <= 5; a++) {
            for (int b = 0; b <= 5; b++) {
                if ((a + b) % 2 == 0) {
                    modes[k++] = new double[] {2 * Math.PI * a, 2 * Math.PI * b};
                }
            }
        }
        int grid = 3000;
        double h = 10 * Math.PI / grid;
        double[] ref = new double[18];
        double total = 0;
        for (int i = 0; i < grid; i++) {
            double x = (i + 0.5) * h;
            for (int j = 0; j < grid; j++) {
                double y = (j + 0.5) * h;
                double l = Math.pow(2 + Math.cos(0.5 * x) * Math.cos(0.5 * y), 5);
                ref[nearestMode(x, y, modes)] += l;
                total += l;
            }
        }
        for (int m = 0; m < 18; m++) {
            ref[m] /= total;
        }
        // the corner (0, 0) is a quarter mode, the centre-most (4 pi, 4 pi) a whole one, (0, 4 pi) a half
        assertEquals(0.02, ref[0], 1e-3);
        assertEquals(0.08, ref[nearestMode(4 * Math.PI, 4 * Math.PI, modes)], 1e-3);
        assertEquals(0.04, ref[nearestMode(0, 4 * Math.PI, modes)], 1e-3);

        TestProblem tp = ProblemCatalog.get("eggbox2d");
        RunResult r = NestedSampler.of(NestedSampler.Options.defaults().withThreads(2)).run(tp.problem(),
                Rngs.seeded(SEED));
        WeightedSamples s = r.samples();
        double[] w = s.weights();
        double[] mass = new double[18];
        double sum = 0;
        for (int i = 0; i < s.size(); i++) {
            double[] row = s.row(i);
            mass[nearestMode(row[0], row[1], modes)] += w[i];
            sum += w[i];
        }
        double err = r.evidence().orElseThrow().logZErr();
        double ess = s.effectiveSampleSize();
        double worst = 0;
        for (int m = 0; m < 18; m++) {
            double f = mass[m] / sum;
            double q = ref[m] * (1 - ref[m]);
            double sd = Math.sqrt(q / ess + 2 * q * q * err * err);
            String msg = String.format(Locale.ROOT, "mode (%.0f pi, %.0f pi): mass %.4f against %.4f (sd %.4f, "
                    + "%.2f sd; ESS %.0f)", modes[m][0] / Math.PI, modes[m][1] / Math.PI, f, ref[m], sd,
                    (f - ref[m]) / sd, ess);
            assertTrue(Math.abs(f - ref[m]) <= 4 * sd, msg);
            worst = Math.max(worst, Math.abs(f - ref[m]) / sd);
        }
        System.out.printf(Locale.ROOT, "eggbox2d, 18 modes: worst share %.2f sd (ESS %.0f, %d calls)%n", worst, ess,
                r.likelihoodCalls());
    }
}
