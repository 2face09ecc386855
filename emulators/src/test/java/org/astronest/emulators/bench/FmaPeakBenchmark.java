package org.astronest.emulators.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floating-point peak reachable from Java on this machine: {@link #CHAINS} independent FMA chains per array
 * element, {@link #ELEMENTS} elements (kept in L1), so the loop is vectorized by HotSpot and bound by the FMA
 * units rather than loads and stores. Each operation performs {@link #FLOPS} floating-point operations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FmaPeakBenchmark {

    static final int ELEMENTS = 512;
    static final int CHAINS = 16;
    static final int REPEATS = 64;
    /** 2 flops per FMA. */
    public static final long FLOPS = 2L * ELEMENTS * CHAINS * REPEATS;

    final double[] acc = new double[ELEMENTS];
    double a = 0.999999;
    double b = 1e-7;

    @Benchmark
    public double fmaLoop() {
        double[] v = acc;
        double x = a;
        double y = b;
        for (int r = 0; r < REPEATS; r++) {
            for (int j = 0; j < v.length; j++) {
                double s = v[j];
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                s = Math.fma(s, x, y);
                v[j] = s;
            }
        }
        return v[7];
    }
}
