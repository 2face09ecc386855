package org.astronest.validation.sbc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronest.inference.nested.NestedSampler;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SBC (Talts et al. 2018) of both samplers on the three models, and its power against a deliberately broken nested
 * sampler. Sizes are cut for the CI budget (80 replicates, L = 39, 8 bins of 5 ranks: 10 expected per bin); the
 * full-size figures (200 replicates, L = 99) come from {@code astronest validate sbc} and are in docs/validation.md.
 */
@Tag("slow")
class SbcTest {

    static final Sbc.Options CI = new Sbc.Options(80, 39, 8, 100, 32, 2000, 2);

    @Test
    void ranksAreUniformForBothSamplersOnThreeModels() {
        for (String m : SbcModels.NAMES) {
            for (String kind : new String[] {"nested", "ensemble"}) {
                SbcReport r = Sbc.run(SbcModels.get(m), kind, Sbc.sampler(kind, CI), 77, CI);
                System.out.print(r.describe());
                // a correct sampler: every parameter's chi-square p >= 0.01 (fixed seed)
                assertTrue(r.passed(), r::describe);
            }
        }
    }

    /**
     * NUTS (2 chains of 500 + 500 per replicate, analytic gradients) on the three models: every parameter's rank
     * chi-square p >= 0.01 at the fixed seed (issue 22).
     */
    @Test
    void ranksAreUniformForNuts() {
        for (String m : SbcModels.NAMES) {
            SbcReport r = Sbc.run(SbcModels.get(m), "nuts", Sbc.sampler("nuts", CI), 77, CI);
            System.out.print(r.describe());
            assertTrue(r.passed(), r::describe);
        }
    }

    @Test
    void misShrunkNestedSamplerIsRejected() {
        // ln X' = 0.5 ln X: the volume believed to shrink half as fast, so the late (high-L) points are over-weighted
        // and the posteriors are too narrow: a U-shaped rank histogram. 200 replicates (about 15 s) for a clear
        // rejection of every parameter (at 80 replicates only mu is rejected, p = 0.0035; sigma p = 0.013)
        Sbc.Options o = new Sbc.Options(200, 39, 8, 100, 32, 2000, 2);
        MisShrunkNestedSampler bad = new MisShrunkNestedSampler(NestedSampler.of(NestedSampler.Options.defaults()
                .withLivePoints(CI.livePoints()).withThreads(CI.threads())), 0.5);
        SbcReport r = Sbc.run(SbcModels.get("normal"), "broken", bad, 77, o);
        System.out.print(r.describe());
        assertFalse(r.passed(), r::describe);
        for (double p : r.pValue()) {
            assertTrue(p < Sbc.ALPHA, r::describe);
        }
    }
}
