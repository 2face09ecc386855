package org.astronest.validation.nmf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.astronest.forwardmodels.nmf.ComponentMatch;
import org.astronest.forwardmodels.nmf.LineGrid;
import org.astronest.forwardmodels.nmf.LineSet;
import org.astronest.forwardmodels.nmf.MapUnmixing;
import org.astronest.forwardmodels.nmf.Nmf;
import org.astronest.forwardmodels.nmf.OrthantProbability;
import org.astronest.forwardmodels.nmf.PhysicalNmf;
import org.astronest.forwardmodels.nmf.SyntheticLineMaps;
import org.astronest.inference.nested.NestedSampler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 21's physical NMF on thesis chapter 3's synthetic maps (seed 001 sec. 3.5.1: components at (T, n) = (20 K,
 * 1e4 cm^-3), (10 K, 1e5), (100 K, 1e7); Gaussian blobs; SNR 100; the thirteen lines of {@link LineSet#chapter3()}
 * from the native RADEX), on a 20 x 20 grid instead of the thesis' 50 x 50 to keep the four nested runs near a minute
 * each (the likelihood sums over pixels; the posterior only narrows with more of them). The reference is the truth the
 * maps were made from. Asserted: every true (log T, log n) within 3 posterior sds (half the 16-84% width) of the
 * 3-component posterior's median, a false alarm of 1.6% over the six values for a calibrated posterior (the issue's
 * "inside its 68% interval" for all six holds with probability 0.68^6 = 10% even then, so it is reported, not
 * asserted: the printed count); the
 * MAE of the emission at the posterior medians below plain NMF's median over 30 random starts on the same maps (the
 * thesis' protocol, sec. 3.3); and ln Z(3) above ln Z(2) and ln Z(4) by more than 5 combined reported errors (a
 * Gaussian false alarm below 3e-7). K = 1-3 use the default step (ellipsoid rejection, importance-sampled
 * evidence); K = 4 slice chains (see the loop).
 */
@Tag("slow")
class PhysicalNmfValidationTest {

    static final long SEED = Long.getLong("astronest.test.seed", 1L);
    static final double[] TRUE_T = {20, 10, 100};
    static final double[] TRUE_N = {1e4, 1e5, 1e7};

    @Test
    void recoversTheComponentsAndPrefersThree() {
        double[][] w = LineSet.chapter3().emission(TRUE_T, TRUE_N);
        SyntheticLineMaps.Maps maps = SyntheticLineMaps.build(w, SyntheticLineMaps.Design.protostellar(20, SEED));
        LineGrid grid = LineGrid.build(LineSet.chapter3(), LineGrid.Range.chapter3());
        PhysicalNmf like = new PhysicalNmf(maps.X(), maps.noiseSd(), PhysicalNmf.AbundancePrior.defaults(),
                OrthantProbability.fast());
        NestedSampler.Options o = NestedSampler.Options.defaults().withLivePoints(200).withThreads(2);
        PhysicalNmfFit[] fits = new PhysicalNmfFit[5];
        for (int k = 1; k <= 4; k++) {
            // K = 4 has a redundant component whose (T, n) ranges over ridges of copies of the others: the
            // ellipsoids' rejection efficiency collapses there (no end in 14 minutes), so its run uses slice chains
            fits[k] = PhysicalNmfFit.run(like, grid, k, k < 4 ? o : o.withStep(NestedSampler.StepMethod.SLICE).withSliceSteps(80), SEED,
                    null);
            System.out.printf("physical NMF, K = %d: ln Z = %.3f +- %.3f, %d calls, %.1f s%n", k, fits[k].logZ(),
                    fits[k].logZErr(), fits[k].run().likelihoodCalls(), fits[k].run().wallSeconds());
        }
        PhysicalNmfFit f3 = fits[3];
        // the components come out ordered by T: 10 K, 20 K, 100 K
        Integer[] order = {1, 0, 2};
        int inside = 0;
        for (int j = 0; j < 3; j++) {
            int t = order[j];
            double lt = Math.log10(TRUE_T[t]);
            double ln = Math.log10(TRUE_N[t]);
            System.out.printf("component %d: log T %.4f [%.4f, %.4f] (truth %.4f), log n %.4f [%.4f, %.4f] (truth "
                    + "%.4f)%n", j + 1, f3.q50()[j][0], f3.q16()[j][0], f3.q84()[j][0], lt, f3.q50()[j][1],
                    f3.q16()[j][1], f3.q84()[j][1], ln);
            double[] truth = {lt, ln};
            for (int c = 0; c < 2; c++) {
                double z = (truth[c] - f3.q50()[j][c]) / (0.5 * (f3.q84()[j][c] - f3.q16()[j][c]));
                inside += Math.abs(z) <= 1 ? 1 : 0;
                assertTrue(Math.abs(z) < 3, "component " + (j + 1) + (c == 0 ? " log T" : " log n") + ": truth "
                        + truth[c] + " is " + z + " posterior sds from the median " + f3.q50()[j][c]);
            }
        }
        System.out.printf("%d of 6 true values inside their 68%% intervals%n", inside);
        double physicalMae = ComponentMatch.mae(w, f3.W()).mae();
        double[] mae = new double[30];
        for (int s = 0; s < 30; s++) {
            MapUnmixing.Result r = MapUnmixing.unmix(maps.X(), Nmf.Options.defaults(3).withInit(Nmf.Init.RANDOM)
                    .withSeed(s + 1));
            mae[s] = ComponentMatch.mae(w, r.W()).mae();
        }
        Arrays.sort(mae);
        double median = 0.5 * (mae[14] + mae[15]);
        System.out.printf("MAE: physical NMF %.5f, plain NMF median over 30 random starts %.4f (min %.4f, max %.4f)%n",
                physicalMae, median, mae[0], mae[29]);
        assertTrue(physicalMae < median, "physical MAE " + physicalMae + " not below plain NMF's median " + median);
        for (int k : new int[] {2, 4}) {
            double gap = fits[3].logZ() - fits[k].logZ();
            double err = Math.hypot(fits[3].logZErr(), fits[k].logZErr());
            assertTrue(gap > 5 * err, "ln Z(3) - ln Z(" + k + ") = " + gap + " with error " + err);
        }
    }

    /**
     * The 3-component posterior over six noise draws of the same maps (seeds SEED..SEED+5, 36 values): if it is
     * calibrated, z = (truth - median) / (half the 16-84% width) is close to N(0, 1), so the sum of z^2 follows a
     * chi-square with 36 degrees of freedom (less if the values of one draw are correlated, which only lowers it):
     * asserted below its upper 0.1% point 67.99, i.e. an RMS z below 1.374 (measured 1.13, with 24 of 36 values
     * inside their 68% intervals where 24.5 are expected; all six inside on one draw of six, as the 0.68^6 = 10%
     * of a calibrated posterior predicts).
     */
    @Test
    void posteriorIsCalibratedOverNoiseDraws() {
        double[][] w = LineSet.chapter3().emission(TRUE_T, TRUE_N);
        LineGrid grid = LineGrid.build(LineSet.chapter3(), LineGrid.Range.chapter3());
        NestedSampler.Options o = NestedSampler.Options.defaults().withLivePoints(200).withThreads(2);
        int[] order = {1, 0, 2};
        double sumZ2 = 0;
        int inside = 0;
        for (long seed = SEED; seed < SEED + 6; seed++) {
            SyntheticLineMaps.Maps maps = SyntheticLineMaps.build(w, SyntheticLineMaps.Design.protostellar(20, seed));
            PhysicalNmf like = new PhysicalNmf(maps.X(), maps.noiseSd(), PhysicalNmf.AbundancePrior.defaults(),
                    OrthantProbability.fast());
            PhysicalNmfFit f = PhysicalNmfFit.run(like, grid, 3, o, seed, null);
            for (int j = 0; j < 3; j++) {
                double[] truth = {Math.log10(TRUE_T[order[j]]), Math.log10(TRUE_N[order[j]])};
                for (int c = 0; c < 2; c++) {
                    double z = (truth[c] - f.q50()[j][c]) / (0.5 * (f.q84()[j][c] - f.q16()[j][c]));
                    sumZ2 += z * z;
                    inside += Math.abs(z) <= 1 ? 1 : 0;
                }
            }
        }
        double rms = Math.sqrt(sumZ2 / 36);
        System.out.printf("six noise draws: %d of 36 true values inside their 68%% intervals, RMS z %.3f%n", inside,
                rms);
        assertTrue(sumZ2 < 67.99, "sum of z^2 " + sumZ2 + " (RMS " + rms + ") above chi-square(36)'s 0.1% point");
    }
}
