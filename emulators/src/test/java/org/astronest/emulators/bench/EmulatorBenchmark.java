package org.astronest.emulators.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.astronest.data.SharedData;
import org.astronest.emulators.Backend;
import org.astronest.emulators.EmulatedChain;
import org.astronest.emulators.Emulator;
import org.astronest.emulators.EmulatorCatalog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of one emulator network (the CO chemistry net, 6-200-100-50-1, with its scalers) and of the
 * chemistry-dependent chain for the thesis' five lines (4 chemistry + 5 RADEX networks), per backend and batch
 * size. One JMH operation is one call on a batch; evaluations/s = ops/s x batch (see {@link BenchMain}).
 * Inputs are random points inside the valid domain (fixed seed).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class EmulatorBenchmark {

    @Param({"JAVA", "DL4J"})
    public String backend;

    @Param({"1", "64", "1024"})
    public int batch;

    Emulator network;
    EmulatedChain chain;
    double[] netIn;
    double[] netOut;
    double[] single;
    double[] chainIn;
    double[] chainOut;
    boolean[] valid;

    @Setup(Level.Trial)
    public void setup() {
        EmulatorCatalog cat = new EmulatorCatalog(SharedData.resolve("emulchem")).withBackend(Backend.valueOf(backend));
        network = cat.chemistry("CO").emulator();
        chain = EmulatedChain.of(cat, "CO(3-2)", "CO(6-5)", "HCN(4-3)", "HCO+(4-3)", "CS(7-6)");
        SplittableRandom rng = new SplittableRandom(5);
        netIn = new double[batch * 6];
        chainIn = new double[batch * EmulatedChain.PARAMETERS];
        for (int i = 0; i < batch; i++) {
            // log-uniform chi, zeta, n; uniform Av, T, metallicity (thesis Table 2.2 priors), dv 50, f 1
            double[] p = {Math.pow(10, rng.nextDouble(0, 3)), Math.pow(10, rng.nextDouble(0, 3)),
                Math.pow(10, rng.nextDouble(4, 6)), rng.nextDouble(1, 100), rng.nextDouble(10, 200),
                rng.nextDouble(0.2, 2), 50, 1};
            System.arraycopy(p, 0, netIn, 6 * i, 6);
            System.arraycopy(p, 0, chainIn, EmulatedChain.PARAMETERS * i, EmulatedChain.PARAMETERS);
        }
        single = java.util.Arrays.copyOf(netIn, 6);
        netOut = new double[batch];
        chainOut = new double[batch * 5];
        valid = new boolean[batch];
    }

    @Benchmark
    public void network(Blackhole bh) {
        if (batch == 1) {
            bh.consume(network.evaluateUnchecked(single));
        } else {
            network.evaluateUnchecked(netIn, batch, netOut);
            bh.consume(netOut);
        }
    }

    @Benchmark
    public void chain(Blackhole bh) {
        bh.consume(chain.evaluate(chainIn, batch, chainOut, valid));
        bh.consume(chainOut);
    }
}
