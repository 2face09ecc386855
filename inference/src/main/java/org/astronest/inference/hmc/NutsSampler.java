package org.astronest.inference.hmc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.Chains;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Provenance;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.Sampler;
import org.astronest.inference.StateCodec;
import org.astronest.inference.Summary;
import org.astronest.inference.UnconstrainedDensity;
import org.astronest.inference.WeightedSamples;
import org.astronest.inference.WorkPool;
import org.astronest.inference.diagnostics.ChainDiagnostics;

/**
 * The No-U-Turn sampler (Hoffman &amp; Gelman 2014) as Stan runs it: multinomial trajectory sampling and the
 * generalised U-turn criterion (Betancourt 2017), step size by dual averaging, a diagonal or dense metric estimated
 * in Stan's windowed warm-up, several chains in parallel. It samples the free parameters on the unconstrained scale
 * of their priors' {@link org.astronest.priors.Bijection}s ({@link UnconstrainedDensity}); likelihoods without an
 * analytic gradient get central finite differences (reported in the result's {@code gradient} diagnostic).
 *
 * <p>Reproducible: chain c at iteration i draws from {@code Rngs.stream(seed, "NUTS", c, i)}, so the result does not
 * depend on the thread count, and a run resumed from its checkpoint (saved between blocks of iterations) is the run
 * that was not interrupted. {@code NutsSampler.of(NutsSampler.Options.defaults())}.
 */
public final class NutsSampler implements Sampler {

    public static final String NAME = "nuts";
    /** Attempts per chain at a start of finite density and gradient. */
    static final int MAX_START_ATTEMPTS = 100;
    /** Iterations every chain completes between progress reports and checkpoint opportunities. */
    static final int BLOCK = 50;
    /** The largest relative error of an analytic gradient against finite differences accepted before a run. */
    public static final double GRADIENT_TOLERANCE = 1e-3;
    private static final int MAGIC = 0x4E555453;
    private static final int VERSION = 1;

    private final Options options;

    private NutsSampler(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public static NutsSampler of(Options options) {
        return new NutsSampler(options);
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Options of NUTS, with CmdStan's defaults. The config keys (snake_case, {@link NutsConfig}) are in brackets.
     *
     * @param chains            independent chains [chains] (default 4, CmdStan's)
     * @param warmup            warm-up iterations per chain [warmup] (default 1000, CmdStan's num_warmup)
     * @param draws             draws per chain after warm-up [draws] (default 1000, CmdStan's num_samples)
     * @param maxTreeDepth      maximum tree depth, at most 2^depth leapfrog steps [max_depth] (default 10)
     * @param targetAccept      dual averaging's target acceptance statistic [adapt_delta] (default 0.8)
     * @param metric            diagonal or dense metric [metric] (default diag, Stan's diag_e)
     * @param stepSize          the step size warm-up starts from [step_size] (default 1, Stan's); with no warm-up,
     *                          the step size of every transition
     * @param threads           threads running chains [threads] (default: available processors); the result does
     *                          not depend on it
     * @param initialCenter     centre of a ball of starting points (free parameters) [initial_center], or null for
     *                          prior draws (improper priors: uniform(-2, 2), Stan's default)
     * @param initialScale      standard deviation of that ball, one value or one per parameter [initial_scale]
     * @param checkpoint        where to save the state between blocks (default none)
     * @param checkpointSeconds seconds between checkpoints [checkpoint_seconds] (default 5, as the ensemble's)
     * @param resume            continue from the checkpoint, when the store holds one
     * @param initAtMode        start the chains in the ball of a {@link org.astronest.inference.optim.Laplace}
     *                          approximation (mode and delta-method sds, found by L-BFGS) instead of prior draws
     *                          [init: map] (default false: prior draws, Stan's random inits)
     */
    public record Options(int chains, int warmup, int draws, int maxTreeDepth, double targetAccept, MetricForm metric,
                          double stepSize, int threads, double[] initialCenter, double[] initialScale,
                          CheckpointStore checkpoint, double checkpointSeconds, boolean resume, boolean initAtMode) {

        public Options {
            req(chains >= 1, "chains must be >= 1, got " + chains);
            req(warmup >= 0, "warmup must be >= 0, got " + warmup);
            req(draws >= 1, "draws must be >= 1, got " + draws);
            req(maxTreeDepth >= 1 && maxTreeDepth <= 30, "max_depth must be in 1..30, got " + maxTreeDepth);
            req(targetAccept > 0 && targetAccept < 1, "adapt_delta must be in (0, 1), got " + targetAccept);
            Objects.requireNonNull(metric, "metric");
            req(stepSize > 0 && Double.isFinite(stepSize), "step_size must be finite and > 0, got " + stepSize);
            req(threads >= 1, "threads must be >= 1, got " + threads);
            req((initialCenter == null) == (initialScale == null),
                    "initial_center and initial_scale must be given together");
            if (initialCenter != null) {
                req(initialScale.length == 1 || initialScale.length == initialCenter.length,
                        "initial_scale needs 1 or " + initialCenter.length + " values, got " + initialScale.length);
                for (double s : initialScale) {
                    req(s >= 0 && Double.isFinite(s), "initial_scale values must be finite and >= 0, got " + s);
                }
                initialCenter = initialCenter.clone();
                initialScale = initialScale.clone();
            }
            Objects.requireNonNull(checkpoint, "checkpoint");
            req(checkpointSeconds > 0, "checkpoint_seconds must be > 0, got " + checkpointSeconds);
            req(!(initAtMode && initialCenter != null), "init: map and an initial ball exclude each other");
        }

        private static void req(boolean ok, String msg) {
            if (!ok) {
                throw new IllegalArgumentException("nuts: " + msg);
            }
        }

        public static Options defaults() {
            return new Options(4, 1000, 1000, 10, 0.8, MetricForm.DIAGONAL, 1,
                    Runtime.getRuntime().availableProcessors(), null, null, CheckpointStore.none(), 5, false, false);
        }

        public Options withChains(int n) {
            return new Options(n, warmup, draws, maxTreeDepth, targetAccept, metric, stepSize, threads,
                    initialCenter, initialScale, checkpoint, checkpointSeconds, resume, initAtMode);
        }

        /** Warm-up and draws per chain. */
        public Options withIterations(int newWarmup, int newDraws) {
            return new Options(chains, newWarmup, newDraws, maxTreeDepth, targetAccept, metric, stepSize, threads,
                    initialCenter, initialScale, checkpoint, checkpointSeconds, resume, initAtMode);
        }

        public Options withMaxTreeDepth(int depth) {
            return new Options(chains, warmup, draws, depth, targetAccept, metric, stepSize, threads, initialCenter,
                    initialScale, checkpoint, checkpointSeconds, resume, initAtMode);
        }

        public Options withTargetAccept(double delta) {
            return new Options(chains, warmup, draws, maxTreeDepth, delta, metric, stepSize, threads, initialCenter,
                    initialScale, checkpoint, checkpointSeconds, resume, initAtMode);
        }

        public Options withMetric(MetricForm form) {
            return new Options(chains, warmup, draws, maxTreeDepth, targetAccept, form, stepSize, threads,
                    initialCenter, initialScale, checkpoint, checkpointSeconds, resume, initAtMode);
        }

        public Options withStepSize(double eps) {
            return new Options(chains, warmup, draws, maxTreeDepth, targetAccept, metric, eps, threads,
                    initialCenter, initialScale, checkpoint, checkpointSeconds, resume, initAtMode);
        }

        public Options withThreads(int n) {
            return new Options(chains, warmup, draws, maxTreeDepth, targetAccept, metric, stepSize, n, initialCenter,
                    initialScale, checkpoint, checkpointSeconds, resume, initAtMode);
        }

        /** Start the chains at {@code center + scale * N(0, 1)} (free parameters). */
        public Options withInitialBall(double[] center, double... scale) {
            return new Options(chains, warmup, draws, maxTreeDepth, targetAccept, metric, stepSize, threads, center,
                    scale, checkpoint, checkpointSeconds, resume, initAtMode);
        }

        public Options withCheckpoint(CheckpointStore store, double seconds) {
            return new Options(chains, warmup, draws, maxTreeDepth, targetAccept, metric, stepSize, threads,
                    initialCenter, initialScale, store, seconds, resume, initAtMode);
        }

        /** Start the chains around the posterior mode ({@link org.astronest.inference.optim.Laplace}). */
        public Options withInitAtMode(boolean atMode) {
            return new Options(chains, warmup, draws, maxTreeDepth, targetAccept, metric, stepSize, threads,
                    initialCenter, initialScale, checkpoint, checkpointSeconds, resume, atMode);
        }

        public Options withResume(boolean r) {
            return new Options(chains, warmup, draws, maxTreeDepth, targetAccept, metric, stepSize, threads,
                    initialCenter, initialScale, checkpoint, checkpointSeconds, r, initAtMode);
        }

        /** The options as a JSON-friendly map for provenance (camelCase, as the other samplers'). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("chains", chains);
            m.put("warmup", warmup);
            m.put("draws", draws);
            m.put("maxTreeDepth", maxTreeDepth);
            m.put("targetAccept", targetAccept);
            m.put("metric", metric.name());
            m.put("stepSize", stepSize);
            m.put("threads", threads);
            if (initialCenter != null) {
                m.put("initialCenter", initialCenter.clone());
                m.put("initialScale", initialScale.clone());
            }
            m.put("init", initAtMode ? "map" : "prior");
            m.put("checkpointSeconds", checkpointSeconds);
            m.put("resume", resume);
            return m;
        }

        /** The snake_case config form ({@link NutsConfig}). */
        public static Options fromConfig(Map<String, Object> config) {
            return NutsConfig.fromConfig(config);
        }

        public Map<String, Object> toConfig() {
            return NutsConfig.toConfig(this);
        }

        /** Equal when every option is (arrays by value, the store by identity). */
        @Override
        public boolean equals(Object o) {
            return o instanceof Options x && toString().equals(x.toString()) && checkpoint == x.checkpoint;
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }

        @Override
        public String toString() {
            Map<String, Object> m = toMap();
            m.replaceAll((k, v) -> v instanceof double[] a ? java.util.Arrays.toString(a) : v);
            return "NutsSampler.Options" + m;
        }
    }

    @Override
    public RunResult run(InferenceProblem problem, UniformRandomProvider rng, RunListener listener) {
        long t0 = System.nanoTime();
        String startTime = java.time.Instant.now().toString();
        long seed = Rngs.baseSeed(rng);
        problem.checkBeforeRun(seed);
        if (problem.hasGradient()) {
            // three steps: piecewise smooth models (leaky-ReLU networks, interpolation) agree at a small one
            InferenceProblem.GradientCheck c = problem.checkGradient(Rngs.stream(seed, 0x6BAD1E47L),
                    InferenceProblem.RUN_CHECK_POINTS, InferenceProblem.checkSteps());
            if (!(c.relativeError() <= GRADIENT_TOLERANCE)) {
                throw new IllegalStateException("nuts: the likelihood's gradient disagrees with finite differences: "
                        + c.describe());
            }
        }
        UnconstrainedDensity density = new UnconstrainedDensity(problem);
        int d = density.dimension();
        if (d == 0) {
            throw new IllegalArgumentException("nuts: the problem has no free parameters");
        }
        String fingerprint = fingerprint(problem, seed);
        byte[] saved = options.resume() ? options.checkpoint().load().orElse(null) : null;
        Options o = options;
        long laplaceCalls = 0;
        long laplaceGradients = 0;
        if (o.initAtMode() && saved == null) {
            var laplace = org.astronest.inference.optim.Laplace.fit(problem, seed);
            o = o.withInitAtMode(false).withInitialBall(laplace.center(), laplace.scale());
            laplaceGradients = laplace.evaluations();
            laplaceCalls = laplace.likelihoodCalls();
        }
        NutsChain[] chains = new NutsChain[options.chains()];
        for (int c = 0; c < chains.length; c++) {
            chains[c] = new NutsChain(c, o, density, seed);
        }
        double priorSeconds = 0;
        long priorCalls = laplaceCalls;
        long priorGradients = laplaceGradients;
        boolean resumed = false;
        if (saved != null) {
            double[] counts = new double[3];
            StateCodec.decode(saved, MAGIC, VERSION, NAME, sections(chains, fingerprint, counts));
            priorSeconds = counts[0];
            priorCalls = (long) counts[1];
            priorGradients = (long) counts[2];
            resumed = true;
        }
        int total = options.warmup() + options.draws();
        try (WorkPool pool = WorkPool.of(Math.min(options.threads(), chains.length), "astronest-nuts")) {
            if (!resumed) {
                pool.forEach(chains.length, c -> chains[c].start());
            }
            long lastSave = System.nanoTime();
            while (chains[0].iteration() < total) {
                int until = Math.min(total, chains[0].iteration() + BLOCK);
                pool.forEach(chains.length, c -> chains[c].advance(until));
                double seconds = priorSeconds + (System.nanoTime() - t0) * 1e-9;
                long calls = priorCalls + density.likelihoodCalls();
                long grads = priorGradients + density.gradientEvaluations();
                listener.progress(new RunListener.Progress(NAME, until, calls, seconds, Map.of(
                        "iteration", (double) until, "warmup", (double) options.warmup(), "total", (double) total,
                        "gradients", (double) grads, "stepSize", chains[0].stepSize(),
                        "divergences", (double) divergences(chains))));
                if ((System.nanoTime() - lastSave) * 1e-9 >= options.checkpointSeconds() || until == total) {
                    double[] counts = {seconds, calls, grads};
                    options.checkpoint().save(StateCodec.encode(MAGIC, VERSION,
                            sections(chains, fingerprint, counts)));
                    lastSave = System.nanoTime();
                }
            }
        }
        double wall = priorSeconds + (System.nanoTime() - t0) * 1e-9;
        return result(problem, density, chains, rng, startTime, wall, priorCalls + density.likelihoodCalls(),
                priorGradients + density.gradientEvaluations());
    }

    private String fingerprint(InferenceProblem problem, long seed) {
        Map<String, Object> m = options.toMap();
        m.remove("threads");
        m.remove("checkpointSeconds");
        m.remove("resume");
        m.replaceAll((k, v) -> v instanceof double[] a ? Arrays.toString(a) : v);
        return "parameters=" + problem.freeNames() + " seed=" + seed + " options=" + m;
    }

    /** The checkpoint: a run section (fingerprint, seconds, calls, gradients), then one section per chain. */
    private static Map<String, StateCodec.Part> sections(NutsChain[] chains, String fingerprint, double[] counts) {
        Map<String, StateCodec.Part> s = StateCodec.sections();
        s.put("run", new StateCodec.Part() {
            @Override
            public void write(DataOutputStream out) throws IOException {
                out.writeUTF(fingerprint);
                out.writeDouble(counts[0]);
                out.writeLong((long) counts[1]);
                out.writeLong((long) counts[2]);
            }

            @Override
            public void read(DataInputStream in) throws IOException {
                String f = in.readUTF();
                if (!f.equals(fingerprint)) {
                    throw new IllegalArgumentException("checkpoint: it is of another run (" + f + "), this run is "
                            + fingerprint + "; remove it or run without --resume");
                }
                counts[0] = in.readDouble();
                counts[1] = in.readLong();
                counts[2] = in.readLong();
            }
        });
        for (int c = 0; c < chains.length; c++) {
            NutsChain chain = chains[c];
            s.put("chain-" + c, new StateCodec.Part() {
                @Override
                public void write(DataOutputStream out) throws IOException {
                    chain.write(out);
                }

                @Override
                public void read(DataInputStream in) throws IOException {
                    chain.read(in);
                }
            });
        }
        return s;
    }

    /** Divergent transitions among the draws so far (warm-up ones are not counted, as in Stan). */
    private int divergences(NutsChain[] chains) {
        int n = 0;
        for (NutsChain c : chains) {
            int kept = Math.max(0, c.iteration() - options.warmup());
            for (int k = 0; k < kept; k++) {
                n += c.divergent[k] ? 1 : 0;
            }
        }
        return n;
    }

    private RunResult result(InferenceProblem problem, UnconstrainedDensity density, NutsChain[] chains,
                             UniformRandomProvider rng,
                             String startTime, double wall, long calls, long gradients) {
        int nc = chains.length;
        int n = options.draws();
        int d = density.dimension();
        int[] free = problem.priors().freeIndices();
        // samples: draw-major, as the ensemble's (row k * chains + c is draw k of chain c), the layout the run
        // directory's writers (GetDist per-chain files, ArviZ chains) read
        double[][] thetas = new double[nc * n][];
        double[] lls = new double[nc * n];
        for (int c = 0; c < nc; c++) {
            for (int k = 0; k < n; k++) {
                thetas[k * nc + c] = problem.expand(chains[c].draws[k]);
                lls[k * nc + c] = chains[c].logLikelihood[k];
            }
        }
        WeightedSamples samples = problem.samples(thetas, new double[nc * n], lls);
        Summary summary = Summary.of(samples);
        List<String> columns = problem.columnNames();
        boolean[] sampled = new boolean[columns.size()];
        for (int i : free) {
            sampled[i] = true;
        }
        for (int j = problem.priors().size(); j < columns.size(); j++) {
            sampled[j] = true;
        }
        Map<String, Object> mcseMean = new LinkedHashMap<>();
        Map<String, Object> essMean = new LinkedHashMap<>();
        double minBulk = Double.POSITIVE_INFINITY;
        double maxRhat = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < columns.size(); j++) {
            if (!sampled[j] || n < 4) {
                continue;
            }
            double[][] draws = Chains.split(samples.column(j), nc);
            double rhat = ChainDiagnostics.rhat(draws);
            double bulk = ChainDiagnostics.essBulk(draws);
            double tail = ChainDiagnostics.essTail(draws);
            String name = columns.get(j);
            essMean.put(name, ChainDiagnostics.essMean(draws));
            mcseMean.put(name, ChainDiagnostics.mcseMean(draws));
            summary = summary.with(summary.get(name).withDiagnostics(rhat, bulk, tail));
            if (j < problem.priors().size()) {
                if (!Double.isNaN(bulk)) {
                    minBulk = Math.min(minBulk, bulk);
                }
                if (!Double.isNaN(rhat)) {
                    maxRhat = Math.max(maxRhat, rhat);
                }
            }
        }
        double[][][] values = new double[nc][n][];
        double[][] lp = new double[nc][];
        List<Double> stepSizes = new ArrayList<>();
        List<Integer> divergentPerChain = new ArrayList<>();
        List<Double> ebfmi = new ArrayList<>();
        List<Object> inverseMetric = new ArrayList<>();
        int divergent = 0;
        int saturated = 0;
        double depthSum = 0;
        double leapSum = 0;
        double acceptSum = 0;
        for (int c = 0; c < nc; c++) {
            NutsChain ch = chains[c];
            int div = 0;
            for (int k = 0; k < n; k++) {
                values[c][k] = ch.draws[k].clone();
                div += ch.divergent[k] ? 1 : 0;
                saturated += ch.treeDepth[k] >= options.maxTreeDepth() ? 1 : 0;
                depthSum += ch.treeDepth[k];
                leapSum += ch.leapfrogs[k];
                acceptSum += ch.acceptStat[k];
            }
            lp[c] = ch.logPosterior.clone();
            divergent += div;
            divergentPerChain.add(div);
            stepSizes.add(ch.stepSize());
            ebfmi.add(ebfmi(ch.energy));
            inverseMetric.add(ch.metric().inverse());
        }
        Map<String, double[][]> stats = new LinkedHashMap<>();
        String[] statNames = {"diverging", "tree_depth", "n_steps", "energy", "acceptance_rate", "step_size"};
        for (String name : statNames) {
            stats.put(name, new double[nc][n]);
        }
        for (int c = 0; c < nc; c++) {
            NutsChain ch = chains[c];
            for (int k = 0; k < n; k++) {
                stats.get("diverging")[c][k] = ch.divergent[k] ? 1 : 0;
                stats.get("tree_depth")[c][k] = ch.treeDepth[k];
                stats.get("n_steps")[c][k] = ch.leapfrogs[k];
                stats.get("energy")[c][k] = ch.energy[k];
                stats.get("acceptance_rate")[c][k] = ch.acceptStat[k];
                stats.get("step_size")[c][k] = ch.stepSize();
            }
        }
        Chains traces = new Chains(problem.freeNames(), values, lp, 0, 1, 1, stats);
        double ess = minBulk == Double.POSITIVE_INFINITY ? Double.NaN : minBulk;
        RunResult.Builder b = RunResult.builder(NAME, samples)
                .columns(problem.columnInfo())
                .summary(summary)
                .likelihoodCalls(calls)
                .wallSeconds(wall)
                .effectiveSampleSize(ess)
                .provenance(Provenance.of(Rngs.seedOf(rng), NAME, options.toMap(), startTime, wall))
                .chains(traces)
                .diagnostic("chains", nc)
                .diagnostic("warmup", options.warmup())
                .diagnostic("draws", n)
                .diagnostic("metric", options.metric().name())
                .diagnostic("gradient", density.analytic() ? "analytic" : "finite differences")
                .diagnostic("gradientEvaluations", gradients)
                .diagnostic("essPerGradient", ess / gradients)
                .diagnostic("stepSize", stepSizes)
                .diagnostic("inverseMetric", inverseMetric)
                .diagnostic("divergences", divergent)
                .diagnostic("divergencesPerChain", divergentPerChain)
                .diagnostic("maxTreeDepth", options.maxTreeDepth())
                .diagnostic("treeDepthSaturated", saturated)
                .diagnostic("meanTreeDepth", depthSum / (nc * n))
                .diagnostic("meanLeapfrogs", leapSum / (nc * n))
                .diagnostic("acceptStatMean", acceptSum / (nc * n))
                .diagnostic("ebfmi", ebfmi)
                .diagnostic("rhatMax", maxRhat == Double.NEGATIVE_INFINITY ? Double.NaN : maxRhat)
                .diagnostic("essMean", essMean)
                .diagnostic("mcseMean", mcseMean);
        return b.build();
    }

    /**
     * Energy Bayesian fraction of missing information (Betancourt 2016, eq. 9 as Stan computes it):
     * {@code sum (E_k - E_{k-1})^2 / sum (E_k - mean E)^2}; below 0.3 flags poor exploration of the energy.
     */
    static double ebfmi(double[] energy) {
        if (energy.length < 2) {
            return Double.NaN;
        }
        double mean = Arrays.stream(energy).average().orElse(Double.NaN);
        double num = 0;
        double den = 0;
        for (int k = 0; k < energy.length; k++) {
            if (k > 0) {
                num += (energy[k] - energy[k - 1]) * (energy[k] - energy[k - 1]);
            }
            den += (energy[k] - mean) * (energy[k] - mean);
        }
        return num / den;
    }
}
