package org.astronest.forwardmodels.radex.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.astronest.forwardmodels.radex.Geometry;
import org.astronest.forwardmodels.radex.Molecule;
import org.astronest.forwardmodels.radex.MoleculeLibrary;
import org.astronest.forwardmodels.radex.RadexInput;
import org.astronest.forwardmodels.radex.RadexOptions;
import org.astronest.forwardmodels.radex.RadexResult;
import org.astronest.forwardmodels.radex.RadexSolver;

/**
 * Companion of {@link RadexBenchmark} for a loaded machine: the same models, timed by the thread's CPU time (which a
 * busy machine inflates far less than wall time), with the iteration counts. Prints one JSON object per line.
 * Command: see docs/radex.md.
 */
public final class RadexCpuTime {

    private RadexCpuTime() {
    }

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] species = {"co", "hcn", "hco+", "cs"};
        String[] points = {"20,1e4,1e13", "50,1e5,1e15", "100,1e6,1e16"};
        int[] lines = {1, 2, 3};
        double[] out = new double[3];
        for (String mode : new String[] {"CLASSIC", "NG"}) {
            for (String s : species) {
                Molecule m = MoleculeLibrary.load(s);
                Geometry g = MoleculeLibrary.defaultGeometry(s);
                for (String p : points) {
                    String[] q = p.split(",");
                    double t = Double.parseDouble(q[0]);
                    RadexInput a = RadexInput.ofH2(t, Double.parseDouble(q[1]), Double.parseDouble(q[2]), 1);
                    RadexInput b = RadexInput.ofH2(t * (1 + 1e-9), Double.parseDouble(q[1]), Double.parseDouble(q[2]), 1);
                    RadexSolver solver = new RadexSolver(m, g,
                            "NG".equals(mode) ? RadexOptions.ACCELERATED : RadexOptions.CLASSIC);
                    RadexResult r = solver.solve(a);
                    long warm = System.nanoTime();
                    int reps = 0;
                    while (System.nanoTime() - warm < 2_000_000_000L && reps < 3000) {
                        solver.fluxes((reps & 1) == 0 ? a : b, lines, out);
                        reps++;
                    }
                    long c0 = mx.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    reps = 0;
                    while (System.nanoTime() - w0 < 2_000_000_000L && reps < 3000) {
                        solver.fluxes((reps & 1) == 0 ? a : b, lines, out);
                        reps++;
                    }
                    double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / reps;
                    double wall = (System.nanoTime() - w0) / 1e3 / reps;
                    System.out.printf(Locale.ROOT, "{\"mode\":\"%s\",\"species\":\"%s\",\"point\":\"%s\",\"converged\":%b,"
                            + "\"iterations\":%d,\"cpuUsPerModel\":%.1f,\"wallUsPerModel\":%.1f,\"cpuUsPerIteration\":%.2f}%n",
                            mode, s, p, r.converged(), r.iterations(), cpu, wall, cpu / (r.iterations() + 1));
                }
            }
        }
    }
}
