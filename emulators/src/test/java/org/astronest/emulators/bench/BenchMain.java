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
 * <p>System properties: {@code bench.backends} (default {@code JAVA,DL4J}), {@code bench.batches} (default
 * {@code 1,64,1024}). See docs/emulators.md for the command.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        String backends = System.getProperty("bench.backends", "JAVA,DL4J");
        String batches = System.getProperty("bench.batches", "1,64,1024");
        ChainedOptionsBuilder ob = new OptionsBuilder()
                .include(EmulatorBenchmark.class.getName() + ".*")
                .include(FmaPeakBenchmark.class.getName() + ".*")
                .param("backend", backends.split(","))
                .param("batch", batches.split(","))
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
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("cpu_threads_used", 1);
        root.put("java_fma_peak_gflops", round(javaPeak));
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
        }
        System.out.println(m.writeValueAsString(root));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
