package org.astronest.forwardmodels.radex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;

class RadexSolverTest {

    private static final Molecule CO = LamdaReader.read(SharedData.resolve("lamda/spectralradex/co.dat"));
    private static final Molecule HCN = LamdaReader.read(SharedData.resolve("lamda/spectralradex/hcn.dat"));

    @Test
    void nonConvergedModelIsFlaggedAndHidesItsValues() {
        // radex_grid.csv: hcn.dat, sphere, T=200, n=1e5, N=1e15 -> NOT_CONVERGED_9999 in RADEX 30nov2011.
        RadexResult r = Radex.solve(HCN, RadexInput.ofH2(200, 1e5, 1e15, 1));
        assertFalse(r.converged());
        assertEquals(9999, r.iterations());
        RadexNotConvergedException e = assertThrows(RadexNotConvergedException.class, r::lines);
        assertTrue(e.getMessage().contains("did not converge in 9999 iterations"), e.getMessage());
        assertThrows(RadexNotConvergedException.class, r::levelPopulations);
    }

    @Test
    void solverIsReusableAndDeterministic() {
        RadexSolver s = new RadexSolver(CO, Geometry.LVG);
        RadexInput a = RadexInput.ofH2(30, 1e5, 1e15, 1);
        RadexInput b = RadexInput.ofH2(80, 1e4, 1e17, 2);
        RadexResult first = s.solve(a);
        s.solve(b);
        RadexResult again = s.solve(a);
        assertEquals(first.iterations(), again.iterations());
        for (int i = 0; i < first.lines().size(); i++) {
            assertEquals(first.lines().get(i), again.lines().get(i));
        }
        assertEquals(first.lines().get(0), new RadexSolver(CO, Geometry.LVG).solve(a).lines().get(0));
    }

    @Test
    void populationsSumToOneAndResultIsACopy() {
        RadexResult r = Radex.solve(CO, RadexInput.ofH2(50, 1e4, 1e16, 1));
        double[] x = r.levelPopulations();
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-6); // under-relaxed populations of a converged model
        x[0] = 42;
        assertEquals(r.lines().get(0).popLow(), r.levelPopulations()[0]);
        assertThrows(UnsupportedOperationException.class, () -> r.lines().clear());
    }

    @Test
    void texAndTauDependOnlyOnNOverDvAndFluxScalesWithDv() {
        // ALGORITHM.md Sect. 1.2: Tex and tau depend on N and dv only through N/dv; fluxes scale with dv.
        LineResult a = Radex.solve(CO, RadexInput.ofH2(40, 1e4, 1e15, 1)).lines().get(1);
        LineResult b = Radex.solve(CO, RadexInput.ofH2(40, 1e4, 1e16, 10)).lines().get(1);
        assertEquals(a.tex(), b.tex(), 1e-12 * a.tex());
        assertEquals(a.tau(), b.tau(), 1e-12 * a.tau());
        assertEquals(10 * a.fluxKkms(), b.fluxKkms(), 1e-10 * b.fluxKkms());
    }

    @Test
    void highDensityThinLimitIsLte() {
        // n = 1e10 >> critical densities: Tex -> Tkin; optically thin with N = 1e10.
        List<LineResult> lines = Radex.solve(CO, RadexInput.ofH2(25, 1e10, 1e10, 1)).lines();
        for (int i = 0; i < 5; i++) {
            assertEquals(25.0, lines.get(i).tex(), 0.01, "line " + (i + 1));
        }
    }

    @Test
    void orthoParaSplitFollowsRadex() {
        // Thermal split (ALGORITHM.md 1.2 item 4): giving the split densities explicitly (with H2 kept, which only
        // enters the regularisation) reproduces the total-H2 input exactly.
        double t = 40;
        double n = 1e4;
        double opr = Math.min(3.0, 9.0 * Math.exp(-170.6 / t));
        double[] d = new double[8];
        d[1] = n;
        d[2] = n / (opr + 1.0);
        d[3] = n / (1.0 + 1.0 / opr);
        RadexResult split = Radex.solve(CO, new RadexInput(t, d, 2.73, 1e14, 1, 0, Double.POSITIVE_INFINITY));
        RadexResult total = Radex.solve(CO, RadexInput.ofH2(t, n, 1e14, 1));
        assertEquals(total.lines().get(0), split.lines().get(0));
    }

    @Test
    void acceleratedModeAgreesWithClassicInFewerIterations() {
        int classicIt = 0;
        int ngIt = 0;
        for (double n : new double[] {1e3, 1e4, 1e5, 1e6}) {
            for (double cd : new double[] {1e14, 1e16, 1e18}) {
                RadexInput in = RadexInput.ofH2(30, n, cd, 1);
                RadexResult c = Radex.solve(CO, in, Geometry.SPHERE);
                RadexResult g = Radex.solve(CO, in, Geometry.SPHERE, RadexOptions.ACCELERATED);
                assertTrue(c.converged() && g.converged());
                classicIt += c.iterations();
                ngIt += g.iterations();
                for (int i = 0; i < 6; i++) {
                    LineResult a = c.lines().get(i);
                    LineResult b = g.lines().get(i);
                    // both stop when Tex changes by < 1e-6 per iteration; 1e-4 relative covers the residual error
                    assertEquals(a.fluxKkms(), b.fluxKkms(), 1e-4 * Math.abs(a.fluxKkms()) + 1e-12, n + " " + cd);
                }
            }
        }
        assertTrue(ngIt < classicIt, "Ng " + ngIt + " vs classic " + classicIt);
    }

    @Test
    void inputValidationNamesFieldAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RadexInput.ofH2(-5, 1e4, 1e13, 1));
        assertEquals("tKin must be finite and > 0, got -5.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RadexInput.ofH2(10, 1e4, 1e13, 0));
        assertEquals("lineWidthKms must be finite and > 0, got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RadexInput.ofH2(10, 1e4, 1e13, 1, 0));
        assertTrue(e.getMessage().startsWith("tBg must be finite and > 0, got 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RadexInput.ofH2(10, Double.NaN, 1e13, 1));
        assertEquals("density of H2 must be finite and >= 0, got NaN", e.getMessage());
        double[] d = new double[8];
        d[4] = 10; // electrons only: CO has no e- rates
        e = assertThrows(IllegalArgumentException.class,
                () -> Radex.solve(CO, new RadexInput(10, d, 2.73, 1e13, 1, 0, 1e3)));
        assertEquals("densities: none of the collision partners of co.dat (p-H2, o-H2) has a density > 0",
                e.getMessage());
    }
}
