package org.astronest.forwardmodels.mcfa;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Wall-time benchmarks of MCFA (used by {@code astronest mcfa bench}); each returns a flat map of figures. Timings
 * are wall clock on whatever else the machine is doing; the caller records the load beside them.
 */
public final class McfaBench {

    private McfaBench() {
    }

    /** CPU seconds used by this JVM so far (all threads), or NaN when the platform does not say. */
    public static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long t = sun.getProcessCpuTime();
            return t < 0 ? Double.NaN : t * 1e-9;
        }
        return Double.NaN;
    }

    /** One (J, K) fit from one initialization with the given options and seed. */
    public static Map<String, Object> singleFit(McfaData data, int j, int k, McfaOptions options, long seed) {
        Mcfa m = new Mcfa(options.withInits(1));
        // warm-up (JIT) on a short run
        new Mcfa(options.withInits(1).withMaxIterations(5)).fit(data, j, k, seed + 1);
        double c0 = processCpuSeconds();
        long t0 = System.nanoTime();
        McfaFit f = m.fit(data, j, k, seed);
        double s = (System.nanoTime() - t0) * 1e-9;
        double cpu = processCpuSeconds() - c0;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("N", data.rows());
        r.put("D", data.dimensions());
        r.put("J", j);
        r.put("K", k);
        r.put("convergence", options.convergence().name());
        r.put("tolerance", options.tolerance());
        r.put("threads", options.threads());
        r.put("iterations", f.iterations());
        r.put("logLikelihood", f.logLikelihood());
        r.put("seconds", s);
        r.put("cpuSeconds", cpu);
        r.put("msPerIteration", 1000 * s / Math.max(1, f.iterations()));
        return r;
    }

    /** The grid with the given options and threads. */
    public static Map<String, Object> grid(McfaData data, int[] js, int[] ks, McfaOptions options, long seed,
            int threads) {
        double c0 = processCpuSeconds();
        McfaGrid.Result g = McfaGrid.run(data, js, ks, options, seed, threads);
        double cpu = processCpuSeconds() - c0;
        long iters = 0;
        int failed = 0;
        for (McfaGrid.Cell c : g.cells()) {
            iters += c.iterations();
            failed += c.ok() ? 0 : 1;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("N", data.rows());
        r.put("J", js[0] + ".." + js[js.length - 1]);
        r.put("K", ks[0] + ".." + ks[ks.length - 1]);
        r.put("inits", options.inits());
        r.put("convergence", options.convergence().name());
        r.put("tolerance", options.tolerance());
        r.put("maxIterations", options.maxIterations());
        r.put("threads", threads);
        r.put("seconds", g.seconds());
        r.put("cpuSeconds", cpu);
        r.put("iterationsOfKeptInits", iters);
        r.put("failedCells", failed);
        r.put("byMessageLength", g.byMessageLength() == null ? null
                : new int[] {g.byMessageLength().j(), g.byMessageLength().k()});
        r.put("byBic", g.byBic() == null ? null : new int[] {g.byBic().j(), g.byBic().k()});
        return r;
    }

    /**
     * A large fit: N rows of D dimensions drawn (seeded) from a random MCFA with (J, K), then EM at (J, K) on
     * {@code threads} threads with the {@link McfaOptions.Convergence#PER_STAR} rule (tolerance {@code tolPerStar}),
     * {@code inits} initializations fitted on {@code subsample} random rows and the best refined on all rows (with
     * {@code subsample = 0}: every init on all rows),
     * at most {@code maxIterations} full-data iterations. Reports the final log L beside the generating parameters'.
     */
    public static Map<String, Object> large(int n, int d, int j, int k, int maxIterations, int threads, long seed,
            int subsample, double tolPerStar, int inits) {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(seed);
        double[] a = Mcfa.haarLoads(d, j, rng);
        double[] pi = new double[k];
        double[] xi = new double[k * j];
        double[] om = new double[k * j * j];
        for (int c = 0; c < k; c++) {
            pi[c] = 1.0 / k;
            for (int q = 0; q < j; q++) {
                xi[c * j + q] = 3 * (rng.nextDouble() * 2 - 1);
                om[c * j * j + q * j + q] = 0.2 + 0.8 * rng.nextDouble();
            }
        }
        double[] psi = new double[d];
        for (int q = 0; q < d; q++) {
            psi[q] = 0.1 + 0.4 * rng.nextDouble();
        }
        McfaParameters truth = new McfaParameters(d, j, k, pi, a, xi, om, psi);
        long g0 = System.nanoTime();
        double[] y = Mcfa.sample(truth, n, rng, null);
        McfaData data = new McfaData(n, d, y);
        double gen = (System.nanoTime() - g0) * 1e-9;
        McfaOptions o = McfaOptions.defaults().withInits(inits).withThreads(threads).withMaxIterations(maxIterations)
                .withConvergence(McfaOptions.Convergence.PER_STAR, tolPerStar).withSubsample(subsample);
        double c0 = processCpuSeconds();
        long t0 = System.nanoTime();
        McfaFit f = new Mcfa(o).fit(data, j, k, seed);
        double s = (System.nanoTime() - t0) * 1e-9;
        double cpu = processCpuSeconds() - c0;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("N", n);
        r.put("D", d);
        r.put("entries", (long) n * d);
        r.put("J", j);
        r.put("K", k);
        r.put("threads", threads);
        r.put("convergence", "PER_STAR");
        r.put("tolerancePerStar", tolPerStar);
        r.put("subsample", subsample);
        r.put("inits", inits);
        r.put("subsampleLogLikelihoods", f.initLogLikelihoods());
        r.put("maxIterations", maxIterations);
        r.put("iterations", f.iterations());
        r.put("converged", f.converged());
        r.put("logLikelihood", f.logLikelihood());
        double lt = Mcfa.logLikelihood(data, truth);
        r.put("logLikelihoodAtTruth", lt);
        r.put("logLikelihoodMinusTruth", f.logLikelihood() - lt);
        r.put("lastStepGain", f.trace().length > 1 ? f.trace()[f.trace().length - 1] - f.trace()[f.trace().length - 2]
                : Double.NaN);
        r.put("generateSeconds", gen);
        r.put("fitSeconds", s);
        r.put("fitCpuSeconds", cpu);
        r.put("msPerIteration", 1000 * s / Math.max(1, f.iterations()));
        return r;
    }
}
