package org.astronest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.astronest.emulators.EmulatedChain;
import org.astronest.emulators.EmulatorCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code astronest bench gradient}: what a gradient of the emulated line model costs against its value. For each batch
 * size, the thesis chain (UCLCHEM emulators into RADEX emulators, {@link EmulatedChain}) is timed by the calling
 * thread's CPU time on points drawn from thesis Table 2.2's priors inside the emulators' domain, once for the
 * intensities and once for the intensities with their 8-parameter Jacobian (reverse mode through every network).
 * Prints JSON: points per CPU second of each and their ratio (issue 22 aims at a gradient within 3 values; central
 * differences would cost 2 x 8 + 1 = 17).
 */
@Command(name = "gradient", mixinStandardHelpOptions = true,
        description = "Benchmark the emulator chain's gradient (Jacobian) against its value, per CPU second (JSON).")
public final class BenchGradientCommand implements Callable<Integer> {

    @Option(names = "--batches", split = ",", paramLabel = "N",
            description = "Batch sizes (default: ${DEFAULT-VALUE}).", defaultValue = "1,64,1024")
    List<Integer> batches;

    @Option(names = "--lines", split = ",", paramLabel = "LINE",
            description = "Lines of the chain (default: the thesis' five, ${DEFAULT-VALUE}).",
            defaultValue = "CO(3-2),CO(6-5),HCN(4-3),HCO+(4-3),CS(7-6)")
    List<String> lines;

    @Option(names = "--seconds", description = "CPU seconds per measurement (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    double seconds;

    @Option(names = "--emulchem-dir", paramLabel = "DIR", description = "emulchem networks (default: the shared "
            + "data's emulchem directory).")
    String emulchemDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0)) {
            throw new Main.UsageException("--seconds must be > 0, got " + seconds);
        }
        for (int b : batches) {
            if (b < 1) {
                throw new Main.UsageException("--batches: each batch size must be >= 1, got " + b);
            }
        }
        EmulatorCatalog cat;
        EmulatedChain chain;
        try {
            cat = EmulatorCatalog.open(emulchemDir);
            chain = EmulatedChain.of(cat, lines.toArray(new String[0]));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--lines: " + e.getMessage());
        }
        int nl = chain.lines().size();
        int np = EmulatedChain.PARAMETERS;
        int maxBatch = batches.stream().mapToInt(Integer::intValue).max().orElse(1);
        double[] params = validPoints(chain, maxBatch, new SplittableRandom(1));
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("command", "astronest bench gradient --batches " + join(batches) + " --seconds " + seconds);
        root.put("model", "EmulatedChain " + chain.lines() + ", " + np + " parameters");
        root.put("flops_per_point_value", chain.flopsPerPoint());
        root.put("cpu_threads_used", 1);
        ArrayNode rows = root.putArray("cases");
        for (int n : batches) {
            double[] out = new double[n * nl];
            double[] jac = new double[n * nl * np];
            boolean[] valid = new boolean[n];
            Runnable value = () -> chain.evaluate(params, n, out, valid);
            Runnable gradient = () -> chain.evaluateWithJacobian(params, n, out, jac, valid);
            double v = pointsPerCpuSecond(bean, value, n);
            double g = pointsPerCpuSecond(bean, gradient, n);
            ObjectNode r = rows.addObject();
            r.put("batch", n);
            r.put("value_points_per_cpu_s", Math.round(v));
            r.put("gradient_points_per_cpu_s", Math.round(g));
            r.put("gradient_cost_over_value_cost", Math.round(v / g * 100) / 100.0);
            spec.commandLine().getErr().printf("batch %d: value %.0f points/s, gradient %.0f points/s, ratio %.2f%n",
                    n, v, g, v / g);
        }
        spec.commandLine().getOut().println(m.writeValueAsString(root));
        return 0;
    }

    private double pointsPerCpuSecond(ThreadMXBean bean, Runnable r, int n) {
        long warm = bean.getCurrentThreadCpuTime() + (long) (0.3 * seconds * 1e9);
        while (bean.getCurrentThreadCpuTime() < warm) {
            r.run();
        }
        long t0 = bean.getCurrentThreadCpuTime();
        long end = t0 + (long) (seconds * 1e9);
        long calls = 0;
        long t;
        do {
            r.run();
            calls++;
            t = bean.getCurrentThreadCpuTime();
        } while (t < end);
        return calls * (double) n / ((t - t0) * 1e-9);
    }

    /** n points of thesis Table 2.2's priors (chi, zeta, n log-uniform; the rest uniform) inside every domain. */
    static double[] validPoints(EmulatedChain chain, int n, SplittableRandom rng) {
        int np = EmulatedChain.PARAMETERS;
        double[] out = new double[n * np];
        double[] scratch = new double[chain.lines().size()];
        boolean[] ok = new boolean[1];
        for (int k = 0; k < n; ) {
            double[] p = {Math.pow(10, rng.nextDouble(0, 3)), Math.pow(10, rng.nextDouble(0, 3)),
                Math.pow(10, rng.nextDouble(4, 6)), rng.nextDouble(1, 100), rng.nextDouble(10, 200),
                rng.nextDouble(0.2, 2), rng.nextDouble(1, 100), rng.nextDouble(0, 1)};
            chain.evaluate(p, 1, scratch, ok);
            if (ok[0]) {
                System.arraycopy(p, 0, out, k * np, np);
                k++;
            }
        }
        return out;
    }

    private static String join(List<Integer> xs) {
        StringBuilder b = new StringBuilder();
        for (int x : xs) {
            b.append(b.length() == 0 ? "" : ",").append(x);
        }
        return b.toString();
    }
}
