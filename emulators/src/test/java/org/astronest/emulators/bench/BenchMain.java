package org.astronest.emulators.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import org.astronest.data.SharedData;
import org.astronest.emulators.EmulatedChain;
import org.astronest.emulators.EmulatorCatalog;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link EmulatorBenchmark} and {@link FmaPeakBenchmark} with JMH and prints one JSON object: evaluations/s and
 * GFLOP/s per backend, batch size and model, and the fraction of the Java FMA-loop peak (and, when given with
 * {@code -Dbench.nativePeakGflops=X}, of the native AVX-512 peak measured by {@code src/test/c/fma_peak.c}).
 *
 * <p>Besides JMH's wall-clock throughput, every case is also timed by the calling thread's CPU time
 * ({@code evaluations_per_cpu_s}), which does not depend on other processes sharing the machine. Run DL4J with
 * {@code OMP_NUM_THREADS=1} so both backends use one core (and the CPU time of the calling thread is all of it).
 *
 * <p>System properties: {@code bench.backends} (default {@code JAVA}; {@code JAVA,DL4J} with the emulators-dl4j
 * module's classes and class path added, see docs/emulators.md), {@code bench.batches} (default {@code 1,64,1024}).
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String backends = System.getProperty("bench.backends", "JAVA");
        String batches = System.getProperty("bench.batches", "1,64,1024");
        ChainedOptionsBuilder ob = new OptionsBuilder()
                .include(EmulatorBenchmark.class.getName() + ".*")
                .include(FmaPeakBenchmark.class.getName() + ".*")
                .param("backend", backends.split(","))
                .param("batch", batches.split(","))
                .warmupIterations(2)
                .measurementIterations(3)
                .jvmArgsAppend("-D" + SharedData.PROPERTY + "=" + SharedData.root());
        Collection<RunResult> results = new Runner(ob.build()).run();

        EmulatorCatalog cat = new EmulatorCatalog(SharedData.resolve("emulchem"));
        long netFlops = cat.chemistry("CO").emulator().kernel().network().flopsPerEvaluation();
        long chainFlops = EmulatedChain.of(cat, "CO(3-2)", "CO(6-5)", "HCN(4-3)", "HCO+(4-3)", "CS(7-6)")
                .flopsPerPoint();
        double javaPeak = Double.NaN;
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith("fmaLoop")) {
                javaPeak = r.getPrimaryResult().getScore() * FmaPeakBenchmark.FLOPS * 1e-9;
            }
        }
        double nativePeak = Double.parseDouble(System.getProperty("bench.nativePeakGflops", "NaN"));
        double javaPeakCpu = fmaPeakPerCpuSecond();
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("cpu_threads_used", 1);
        root.put("java_fma_peak_gflops", round(javaPeak));
        root.put("java_fma_peak_gflops_per_cpu_s", round(javaPeakCpu));
        if (!Double.isNaN(nativePeak)) {
            root.put("native_fma_peak_gflops", nativePeak);
        }
        root.put("flops_per_network_evaluation", netFlops);
        root.put("flops_per_chain_point", chainFlops);
        ArrayNode rows = root.putArray("results");
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            if (bench.endsWith("fmaLoop")) {
                continue;
            }
            boolean chain = bench.endsWith(".chain");
            int batch = Integer.parseInt(r.getParams().getParam("batch"));
            double ops = r.getPrimaryResult().getScore();
            double evals = ops * batch;
            double gflops = evals * (chain ? chainFlops : netFlops) * 1e-9;
            ObjectNode o = rows.addObject();
            o.put("model", chain ? "chain(4 chem + 5 lines)" : "network(CO chemistry)");
            o.put("backend", r.getParams().getParam("backend").toLowerCase(java.util.Locale.ROOT));
            o.put("batch", batch);
            o.put("evaluations_per_s", Math.round(evals));
            o.put("error_99_9_percent", Math.round(r.getPrimaryResult().getScoreError() * batch));
            o.put("gflops", round(gflops));
            o.put("fraction_of_java_peak", round(gflops / javaPeak));
            if (!Double.isNaN(nativePeak)) {
                o.put("fraction_of_native_peak", round(gflops / nativePeak));
            }
            // the same work timed by this thread's CPU time: independent of other processes on a shared machine
            double perCpu = perCpuSecond(r.getParams().getParam("backend"), batch, chain);
            o.put("evaluations_per_cpu_s", Math.round(perCpu));
            double gflopsCpu = perCpu * (chain ? chainFlops : netFlops) * 1e-9;
            o.put("gflops_per_cpu_s", round(gflopsCpu));
            o.put("fraction_of_java_peak_per_cpu_s", round(gflopsCpu / javaPeakCpu));
            if (!Double.isNaN(nativePeak)) {
                o.put("fraction_of_native_peak_per_cpu_s", round(gflopsCpu / nativePeak));
            }
        }
        System.out.println(m.writeValueAsString(root));
    }

    /** GFLOP per second of this thread's CPU time of {@link FmaPeakBenchmark#fmaLoop}: 1 s warm-up, 2 s measured. */
    static double fmaPeakPerCpuSecond() {
        FmaPeakBenchmark f = new FmaPeakBenchmark();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double sink = 0;
        double rate = 0;
        for (int phase = 0; phase < 2; phase++) {
            long budget = phase == 0 ? 1_000_000_000L : 2_000_000_000L;
            long t0 = mx.getCurrentThreadCpuTime();
            long calls = 0;
            long t;
            do {
                sink += f.fmaLoop();
                calls++;
                t = mx.getCurrentThreadCpuTime() - t0;
            } while (t < budget);
            rate = calls * (double) FmaPeakBenchmark.FLOPS / (t * 1e-9) * 1e-9;
        }
        return sink == 42.4242 ? 0 : rate;
    }

    /** Evaluations per second of this thread's CPU time: 1 s warm-up, then at least 2 s measured. */
    static double perCpuSecond(String backend, int batch, boolean chain) {
        EmulatorBenchmark b = new EmulatorBenchmark();
        b.backend = backend;
        b.batch = batch;
        b.setup();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        double sink = 0;
        for (int phase = 0; phase < 2; phase++) {
            long budget = phase == 0 ? 1_000_000_000L : 2_000_000_000L;
            long t0 = mx.getCurrentThreadCpuTime();
            long calls = 0;
            long t;
            do {
                if (chain) {
                    sink += b.chain.evaluate(b.chainIn, batch, b.chainOut, b.valid);
                } else if (batch == 1) {
                    sink += b.network.evaluateUnchecked(b.single);
                } else {
                    b.network.evaluateUnchecked(b.netIn, batch, b.netOut);
                    sink += b.netOut[0];
                }
                calls++;
                t = mx.getCurrentThreadCpuTime() - t0;
            } while (t < budget);
            if (phase == 1) {
                if (sink == 42.4242) {
                    System.out.print("");
                }
                return calls * (double) batch / (t * 1e-9);
            }
        }
        throw new AssertionError();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
