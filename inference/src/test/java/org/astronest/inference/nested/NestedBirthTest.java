package org.astronest.inference.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronest.inference.NestedRun;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.junit.jupiter.api.Test;

/**
 * The birth contours the nested run records (PolyChord's logL_birth, Handley et al. 2015; anesthetic's live-point
 * reconstruction, Handley 2019): every point was born below its own likelihood, the first n points at -infinity, and
 * counting, at each point's death, the points born strictly below its likelihood that are not yet dead gives back
 * the live-point count the run used (n during the run, n, n-1, ..., 1 for the final live points). A likelihood
 * without ties (a Gaussian), so that no two deaths share a contour.
 */
class NestedBirthTest {

    private static final long SEED = Long.getLong("astronest.test.seed", 1919L);

    @Test
    void birthsReconstructTheLiveCountForBothBounds() {
        for (String bound : new String[] {"ellipsoids", "mlfriends"}) {
            int n = 60;
            NestedSampler.Options o = NestedSampler.Options.defaults().withLivePoints(n).withThreads(2)
                    .withBound(NestedSampler.Bound.valueOf(bound.toUpperCase(java.util.Locale.ROOT)));
            RunResult r = NestedSampler.of(o).run(TestProblems.gaussian(3, 0.1), Rngs.seeded(SEED));
            NestedRun run = r.nestedRun().orElseThrow();
            assertTrue(run.hasBirths(), bound);
            assertEquals(run.size() - n, run.deadCount(), bound + ": the final live points are the last n rows");
            int first = 0;
            for (int i = 0; i < run.size(); i++) {
                assertTrue(run.logLBirth()[i] < run.logL()[i], bound + ": point " + i + " born at "
                        + run.logLBirth()[i] + ", not below its log L " + run.logL()[i]);
                if (run.logLBirth()[i] == Double.NEGATIVE_INFINITY) {
                    first++;
                }
            }
            assertEquals(n, first, bound + ": exactly the n first occupants are born at -infinity");
            assertEquals(r.samples().names(), run.points().names());
            for (int i = 0; i < run.size(); i++) {
                double li = run.logL()[i];
                int alive = 0;
                for (int j = 0; j < run.size(); j++) {
                    if (run.logLBirth()[j] < li && run.logL()[j] >= li) {
                        alive++;
                    }
                }
                assertEquals(run.liveCount()[i], alive, bound + ": live count at point " + i);
            }
        }
    }
}
