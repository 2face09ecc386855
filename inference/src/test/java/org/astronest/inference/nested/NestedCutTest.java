package org.astronest.inference.nested;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronest.inference.InferenceProblem;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.Rngs;
import org.junit.jupiter.api.Test;

/**
 * A run whose importance record fills up mid-run: the record is cut before the epoch that overflowed, the policy
 * moves to slice chains, which first take the live points over, and the evidence is the importance-sampled part
 * plus the nested part ({@link CutEvidence}). Checked on the Gaussian of {@link TestProblems#gaussian} (ln Z =
 * -d ln 10, means mu_i = -1 + 2 i / (d - 1)) over seeds, and for exact resumption across the cut.
 */
class NestedCutTest {

    private static final long SEED = Long.getLong("astronest.test.seed", 20261205L);
    private static final int D = 4;
    /** Record size: the cube's points and a few ellipsoid epochs, full after a few hundred iterations. */
    private static final int RECORD = 2_000;

    private static NestedSampler.Options options() {
        return NestedSampler.Options.defaults().withLivePoints(100).withThreads(2)
                .withStep(NestedSampler.StepMethod.AUTO);
    }

    private static RunResult run(NestedSampler.Options o, long seed) {
        return new NestedEngine(TestProblems.gaussian(D, 0.5), o, Rngs.seeded(seed), RunListener.NONE, RECORD).run();
    }

    @Test
    void cutRunsAreCalibratedOverSeeds() {
        double logZ = -D * Math.log(10);
        int seeds = 10;
        double chiZ = 0;
        double chiMean = 0;
        double[] truth = new double[D];
        for (int k = 0; k < D; k++) {
            truth[k] = -1 + 2.0 * k / (D - 1);
        }
        for (int s = 0; s < seeds; s++) {
            RunResult r = run(options(), SEED + s);
            Object cut = r.diagnostics().get("importanceCutDeadPoints");
            if (s == 0) {
                System.out.println("cut at dead point " + cut + ", slice from " + r.diagnostics().get("sliceFromIteration")
                        + ", iterations " + r.diagnostics().get("iterations") + ", ln Z below the cut "
                        + r.diagnostics().get("logZBelowCut") + " of " + r.evidence().orElseThrow().logZ());
            }
            assertTrue(cut instanceof Integer c && c > 0, "seed " + (SEED + s) + ": no cut (" + cut + ")");
            assertTrue(((Number) r.diagnostics().get("sliceFromIteration")).longValue() > 0);
            chiZ += RunZ2.logZ(r, logZ);
            chiMean += RunZ2.means(r, truth);
        }
        System.out.printf("cut runs over %d seeds: sum z^2 ln Z %.2f, means %.2f%n", seeds, chiZ, chiMean);
        // chi-square 0.1% and 99.9% quantiles: 1.48 and 29.59 for 10 dof, 19.77 and 73.40 for 40 dof
        assertTrue(chiZ > 1.48 && chiZ < 29.59, "sum of z^2 of ln Z over 10 seeds: " + chiZ);
        assertTrue(chiMean > 19.77 && chiMean < 73.40, "sum of z^2 of the 4 means over 10 seeds: " + chiMean);
    }

    @Test
    void runResumedAfterTheCutEndsWithTheSameResult() {
        RunResult first = run(options(), SEED);
        int cut = (Integer) first.diagnostics().get("importanceCutDeadPoints");
        long slice = ((Number) first.diagnostics().get("sliceFromIteration")).longValue();
        long iterations = ((Number) first.diagnostics().get("iterations")).longValue();
        // a checkpoint is written after every iteration (interval 0): keep the one halfway between the switch and
        // the end, well after the cut
        int keepAt = (int) ((slice + iterations) / 2);
        assertTrue(keepAt > cut && keepAt < iterations, "cut " + cut + ", switch " + slice + ", end " + iterations);
        KeepSave.assertResumeIdentical(o -> run(o, SEED), options(), first, keepAt);
    }
}
