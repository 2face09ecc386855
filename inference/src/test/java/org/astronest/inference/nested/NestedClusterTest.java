package org.astronest.inference.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.Rngs;
import org.junit.jupiter.api.Test;

/**
 * Clusters with their own volumes in the slice phase ({@link ClusterVolumes}) on two separated Gaussians of masses
 * 0.2 and 0.8 ({@link TestProblems#unequalModes}: ln Z = -d ln 10, mean of x0 = 2.5 (2 w - 1) = 1.5, the others 0).
 * A small importance record makes the policy switch to slice chains mid-run, long after the modes have separated;
 * the live points are then split into the two modes, each a nested run of its own. The minor mode's mass is known
 * from its ~20 of 100 live points at the split, and the mean of x0 moves with it: 5 per unit of mass.
 */
class NestedClusterTest {

    private static final long SEED = Long.getLong("astronest.test.seed", 20261207L);
    private static final int D = 4;
    private static final double W = 0.8;
    private static final int RECORD = 2_000;

    private static NestedSampler.Options options() {
        return NestedSampler.Options.defaults().withLivePoints(100).withThreads(2)
                .withStep(NestedSampler.StepMethod.AUTO);
    }

    private static RunResult run(NestedSampler.Options o, long seed) {
        return new NestedEngine(TestProblems.unequalModes(D, W), o, Rngs.seeded(seed), RunListener.NONE, RECORD)
                .run();
    }

    @Test
    void splitRunsAreCalibratedOverSeeds() {
        double logZ = -D * Math.log(10);
        int seeds = 10;
        double chiZ = 0;
        double chiMean = 0;
        double[] truth = new double[D];
        for (int k = 0; k < D; k++) {
            truth[k] = k == 0 ? 2.5 * (2 * W - 1) : 0;
        }
        for (int s = 0; s < seeds; s++) {
            RunResult r = run(options(), SEED + s);
            Object splits = r.diagnostics().get("sliceClusterSplits");
            assertTrue(splits instanceof Integer k && k >= 1, "seed " + (SEED + s) + ": no split (" + splits + ")");
            chiZ += RunZ2.logZ(r, logZ);
            chiMean += RunZ2.means(r, truth);
        }
        System.out.printf("split runs over %d seeds: sum z^2 ln Z %.2f, means %.2f%n", seeds, chiZ, chiMean);
        // chi-square 0.1% and 99.9% quantiles: 1.48 and 29.59 for 10 dof, 19.77 and 73.40 for 40 dof
        assertTrue(chiZ > 1.48 && chiZ < 29.59, "sum of z^2 of ln Z over 10 seeds: " + chiZ);
        assertTrue(chiMean > 19.77 && chiMean < 73.40, "sum of z^2 of the 4 means over 10 seeds: " + chiMean);
    }

    @Test
    void runResumedAfterTheSplitEndsWithTheSameResult() {
        RunResult first = run(options(), SEED);
        int split = (Integer) first.diagnostics().get("sliceClusterFirstSplit");
        long iterations = ((Number) first.diagnostics().get("iterations")).longValue();
        // a checkpoint is written after every iteration (interval 0): keep one well after the split
        int keepAt = (int) ((split + iterations) / 2);
        assertTrue(keepAt > split && keepAt < iterations, "split " + split + ", end " + iterations);
        KeepSave.assertResumeIdentical(o -> run(o, SEED), options(), first, keepAt);
    }

    @Test
    void splitRunsDoNotDependOnTheThreadCount() {
        RunResult two = run(options(), SEED + 3);
        RunResult one = run(options().withThreads(1), SEED + 3);
        assertEquals(Double.doubleToLongBits(two.evidence().orElseThrow().logZ()),
                Double.doubleToLongBits(one.evidence().orElseThrow().logZ()));
        assertEquals(two.likelihoodCalls(), one.likelihoodCalls());
    }
}
