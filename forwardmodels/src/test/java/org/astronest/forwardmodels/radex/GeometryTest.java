package org.astronest.forwardmodels.radex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GeometryTest {

    @Test
    void escapeProbabilitiesMatchRadexReferenceValues() {
        // ALGORITHM.md Sect. 1.3, values of RADEX quoted from autocorr/Jadex.jl test/runtests.jl.
        assertEquals(0.99625997920238096, Geometry.SPHERE.beta(1e-2), 1e-16);
        assertEquals(0.70727664702865400, Geometry.SPHERE.beta(1), 1e-16);
        assertEquals(1.4997e-2, Geometry.SPHERE.beta(100), 5e-7);
        // LVG: bit-exact only with RADEX's single-precision literals 2.34 and 4.68 and pi = 3.14159265.
        assertEquals(0.58942997496632554, Geometry.LVG.beta(1), 0);
        assertEquals(5.47203666231683460e-3, Geometry.LVG.beta(100), 0);
        assertEquals(0.984850, Geometry.SLAB.beta(1e-2), 1e-15);
        assertEquals(0.31673764387737868, Geometry.SLAB.beta(1), 1e-16);
        assertEquals(1.0 / 300, Geometry.SLAB.beta(100), 1e-18);
    }

    @Test
    void opticallyThinLimitIsOneAndBranchesJoin() {
        for (Geometry g : Geometry.values()) {
            assertEquals(1.0, g.beta(1e-9), 1e-8, g.name());
        }
        // the branches of each formula meet within the truncation error of the series/asymptotes
        assertEquals(Geometry.SPHERE.beta(0.2 - 1e-12), Geometry.SPHERE.beta(0.2 + 1e-12), 1e-6);
        // RADEX's slab series is 1 - 1.5(tau + tau^2) (Jadex's reference beta_slab(0.01) = 0.984850 confirms it),
        // not the Taylor series 1 - 1.5 tau + 1.5 tau^2: it leaves a step of 3.3e-3 at 3 tau = 0.1.
        assertEquals(0.0032925, Geometry.SLAB.beta(0.1 / 3 + 1e-12) - Geometry.SLAB.beta(0.1 / 3 - 1e-12), 1e-6);
        assertEquals(Geometry.LVG.beta(14 - 1e-9), Geometry.LVG.beta(14 + 1e-9), 5e-3);
    }

    @Test
    void parseNamesAndErrors() {
        assertEquals(Geometry.SPHERE, Geometry.parse("sphere"));
        assertEquals(Geometry.LVG, Geometry.parse("LVG"));
        assertEquals(Geometry.SLAB, Geometry.parse("3"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Geometry.parse("cube"));
        assertEquals("geometry must be sphere, lvg or slab, got 'cube'", e.getMessage());
    }
}
