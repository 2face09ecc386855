package org.astronest.forwardmodels.radex.bench;

import java.util.concurrent.TimeUnit;
import org.astronest.forwardmodels.radex.Geometry;
import org.astronest.forwardmodels.radex.Molecule;
import org.astronest.forwardmodels.radex.MoleculeLibrary;
import org.astronest.forwardmodels.radex.RadexInput;
import org.astronest.forwardmodels.radex.RadexOptions;
import org.astronest.forwardmodels.radex.RadexSolver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per RADEX model (classic and Ng) for CO, HCN, HCO+ and CS with their default files and geometries
 * ({@link MoleculeLibrary}) at three (T, n(H2), N) points, dv = 1 km/s, Tbg = 2.73 K, all lines. The temperature
 * alternates by one part in 1e9 between calls so that the collision rates are re-interpolated every call, as in a
 * sampler. Command: see docs/radex.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class RadexBenchmark {

    @Param({"co", "hcn", "hco+", "cs"})
    public String species;

    /** T (K), n(H2) (cm^-3), N (cm^-2). */
    @Param({"20,1e4,1e13", "50,1e5,1e15", "100,1e6,1e16"})
    public String point;

    @Param({"CLASSIC", "NG"})
    public String mode;

    private RadexSolver solver;
    private RadexInput a;
    private RadexInput b;
    private boolean flip;
    private final int[] lines = {1, 2, 3};
    private final double[] out = new double[3];

    @Setup
    public void setup() {
        Molecule m = MoleculeLibrary.load(species);
        Geometry g = MoleculeLibrary.defaultGeometry(species);
        solver = new RadexSolver(m, g, "NG".equals(mode) ? RadexOptions.ACCELERATED : RadexOptions.CLASSIC);
        String[] p = point.split(",");
        double t = Double.parseDouble(p[0]);
        a = RadexInput.ofH2(t, Double.parseDouble(p[1]), Double.parseDouble(p[2]), 1.0);
        b = RadexInput.ofH2(t * (1 + 1e-9), Double.parseDouble(p[1]), Double.parseDouble(p[2]), 1.0);
    }

    @Benchmark
    public double model() {
        flip = !flip;
        solver.fluxes(flip ? a : b, lines, out);
        return out[0] + out[1] + out[2];
    }
}
