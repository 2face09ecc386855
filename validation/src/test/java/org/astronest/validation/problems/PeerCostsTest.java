package org.astronest.validation.problems;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerCostsTest {

    @Test
    void readsThePeersCostTableOfTheSharedReadme() {
        Map<String, Map<String, Double>> f = PeerCosts.shared();
        // values as printed in shared/problems/README.md, table "Cost of evidence accuracy"
        assertEquals(36.6, f.get("MultiNest").get("shells2d"));
        assertEquals(2833.0, f.get("MultiNest").get("loggamma10d"));
        assertEquals(6, f.get("MultiNest").size());
        assertEquals(59642.0, f.get("UltraNest").get("rosenbrock5d"));
        assertEquals(null, f.get("dynesty").get("rosenbrock5d")); // "-" in the table: no dynesty run
    }
}
