package org.astronest.forwardmodels.tagging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Doppelganger rates on hand-checkable data (sec. 5.4.2's definition counted by hand). */
class DoppelgangerTest {

    /**
     * One dimension. Cluster 0 = {0, 1, 3}: member distances 1, 3, 2, median 2. Field {0.5, 2.5, 10, -1.5}: pairs
     * within 2: member 0 with 0.5 and -1.5; member 1 with 0.5 and 2.5; member 3 with 2.5: 5 of 12. Cluster 1 =
     * {20, 21}: median 1, no field star within 1: 0. Global (3 x 5/12 + 2 x 0) / 5 = 1/4; jackknife of the two
     * clusters: leave-outs 0 and 5/12, mean 5/24, sqrt(1/2 x 2 (5/24)^2) = 5/24.
     */
    @Test
    void countsPairsWithinTheMedianSiblingDistance() {
        double[][] field = {{0.5}, {2.5}, {10}, {-1.5}};
        double[][] members = {{0}, {1}, {3}, {20}, {21}};
        int[] labels = {0, 0, 0, 1, 1};
        Doppelganger.Rates r = Doppelganger.rates(field, members, labels, List.of())[0];
        assertEquals(5.0 / 12, r.clusters().get(0).rate(), 1e-15);
        assertEquals(2.0, r.clusters().get(0).medianIntra(), 1e-12);
        assertEquals(0.0, r.clusters().get(1).rate(), 0);
        assertEquals(0.25, r.global(), 1e-12);
        assertEquals(5.0 / 24, r.error(), 1e-12);
    }

    /**
     * The same data with an extinction cut of 0.05: field extinctions {0, 0, 0, 1}, members {0.01, 0.01, 0.2, 0, 0}:
     * member 3 (0.2) keeps no pair and -1.5 (1.0) none either, leaving members 0 and 1 with field 0.5, 2.5, 10:
     * within 2 are (0, 0.5), (1, 0.5), (1, 2.5): 3 of 6.
     */
    @Test
    void cutsKeepOnlySimilarPairs() {
        double[][] field = {{0.5}, {2.5}, {10}, {-1.5}};
        double[][] members = {{0}, {1}, {3}, {20}, {21}};
        int[] labels = {0, 0, 0, 1, 1};
        Doppelganger.Cut cut = new Doppelganger.Cut("extinction", new double[] {0, 0, 0, 1},
                new double[] {0.01, 0.01, 0.2, 0, 0}, 0.05);
        Doppelganger.ClusterRate c = Doppelganger.rates(field, members, labels, List.of(cut))[0].clusters().get(0);
        assertEquals(6, c.pairs());
        assertEquals(3, c.closer());
    }

    /** Rates use the first N dimensions: in 2-d the second coordinate separates the field. */
    @Test
    void usesTheLeadingDimensions() {
        double[][] field = {{0.5, 100}};
        double[][] members = {{0, 0}, {1, 0}};
        Doppelganger.Rates[] r = Doppelganger.rates(field, members, new int[] {7, 7}, List.of());
        assertEquals(1.0, r[0].global(), 0); // 1-d: both members within 1 of 0.5
        assertEquals(0.0, r[1].global(), 0);
    }

    @Test
    void badInputNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Doppelganger.rates(
                new double[][] {{0}}, new double[][] {{0}, {1}}, new int[] {0}, List.of()));
        assertEquals("labels has 1 entries for 2 cluster members", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Doppelganger.Cut("rv", new double[1],
                new double[1], 0));
        assertEquals("rv cut must be > 0, got 0.0", e.getMessage());
    }
}
