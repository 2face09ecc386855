package org.astronest.forwardmodels.mcfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Grid mechanics: same result for any thread count; selections and posterior. */
class McfaGridTest {

    @Test
    void gridIsIndependentOfTheThreadCount() {
        McfaData y = McfaReference.data("toy_N5000_Y.csv");
        McfaData sub = new McfaData(1500, 15, Arrays.copyOf(y.values(), 1500 * 15));
        McfaOptions o = McfaOptions.mcfaCompatible().withMissing(McfaOptions.MissingMode.EXACT).withMaxIterations(200);
        int[] js = {1, 2};
        int[] ks = {1, 2, 3};
        McfaGrid.Result a = McfaGrid.run(sub, js, ks, o, 11, 1);
        McfaGrid.Result b = McfaGrid.run(sub, js, ks, o, 11, 2);
        assertEquals(6, a.cells().size());
        double ps = 0;
        for (int i = 0; i < 6; i++) {
            McfaGrid.Cell ca = a.cells().get(i);
            McfaGrid.Cell cb = b.cells().get(i);
            assertEquals(js[i / 3], ca.j());
            assertEquals(ks[i % 3], ca.k());
            assertTrue(ca.ok(), ca.error());
            assertEquals(ca.logLikelihood(), cb.logLikelihood(), 0, "cell " + i + " bit-identical across threads");
            assertEquals(ca.messageLength(), cb.messageLength(), 0);
            assertEquals(ca.iterations(), cb.iterations());
            // each cell equals the single fit with the same seed
            McfaFit f = new Mcfa(o).fit(sub, ca.j(), ca.k(), 11);
            assertEquals(f.logLikelihood(), ca.logLikelihood(), 0);
            ps += a.posterior()[i];
        }
        assertEquals(1, ps, 1e-12, "posterior over (J,K) sums to 1");
        assertNotNull(a.byMessageLength());
        int best = a.cells().indexOf(a.byMessageLength());
        for (double p : a.posterior()) {
            assertTrue(p <= a.posterior()[best]);
        }
        for (McfaGrid.Cell c : a.cells()) {
            assertTrue(c.bic() >= a.byBic().bic());
            assertTrue(c.logLikelihood() <= a.byLogLikelihood().logLikelihood());
        }
    }

    @Test
    void singleFitIsIndependentOfTheEStepThreadCount() {
        // 5000 rows = 3 fixed chunks of 2048; the chunk sums are added in chunk order whatever the threads
        McfaData x = McfaReference.data("toy_N5000_missing20_X.csv");
        McfaOptions o = McfaOptions.defaults().withMaxIterations(4).withInits(1);
        McfaFit a = new Mcfa(o.withThreads(1)).fit(x, 3, 4, 5);
        McfaFit b = new Mcfa(o.withThreads(2)).fit(x, 3, 4, 5);
        assertEquals(a.logLikelihood(), b.logLikelihood(), 0);
        assertTrue(Arrays.equals(a.parameters().loads(), b.parameters().loads()));
        assertTrue(Arrays.equals(a.trace(), b.trace()));
    }
}
