package org.astronest.inference.nested;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.Sampler;
import org.astronest.inference.SamplerConfig;
import org.astronest.inference.optim.Laplace;
import org.astronest.inference.optim.Repartition;

/**
 * Native nested sampler (Skilling 2004, 2006, "Nested sampling for general Bayesian computation", Bayesian Analysis
 * 1, 833): live points in the free unit cube, evidence accumulated in log space with the expected shrinkage
 * {@code ln X_i = ln X_{i-1} - 1/n_i}, information H, posterior as the weighted dead points plus the final live
 * points.
 *
 * <p>Constrained draws ("find a new point with L &gt; L_min"), one {@link ConstrainedStep} each, chosen at every
 * rebuild by a {@link StepPolicy}:
 * <ul>
 *   <li>Region rejection ({@link RegionRejection}) from an MLFriends bound (Buchner 2016, Stat. Comput. 26, 383,
 *   "RadFriends"; Buchner 2019, PASP 131, 108005, "MLFriends"): a union of balls of one bootstrapped radius around
 *   every live point, in the metric whitened by the live-point covariance, split into clusters (the connected
 *   components of the friends graph, separated modes split by 2-means) and intersected with one bootstrapped
 *   ellipsoid per cluster (the MultiNest idea of Feroz, Hobson &amp; Bridges 2009, MNRAS 398, 1601). Proposals come
 *   from whichever of the unit cube, the cluster ellipsoids or the balls has the smallest volume; all three give
 *   exact uniform draws in the bound.</li>
 *   <li>Whitened slice sampling along random directions ({@link SliceStep}; Neal 2003, Ann. Stat. 31, 705; as used
 *   by PolyChord, Handley, Hobson &amp; Lasenby 2015, MNRAS 453, 4384, and by UltraNest's step samplers, Buchner
 *   2022, arXiv:2211.09426) started from a random live point, in the Gaussianised cube z = Phi^-1(u) with the
 *   density prod phi(z_k) on the constrained region (a Normal prior is the identity there, so linear posterior
 *   correlations stay linear); it takes over ({@link StepMethod#AUTO}) above 20 free parameters, or when the
 *   rejection efficiency falls below the expected cost of a slice chain.</li>
 * </ul>
 *
 * <p>Parallelism and reproducibility: proposals are generated and evaluated in batches whose size depends only on
 * the run state, never on the thread count; every chunk of a batch draws from its own stream
 * {@code Rngs.stream(seed, kind, batch, chunk)}; accepted points are queued in batch order and used while they still
 * exceed the rising threshold (a point uniform above an old threshold is uniform above a newer one). Hence the same
 * seed gives bit-identical results on 1 or N threads. The state is checkpointed at iteration boundaries and contains
 * everything the loop reads, so a resumed run replays exactly.
 *
 * <p>Ties in log L (plateaus) are handled as in Fowlie, Handley &amp; Su 2021 (MNRAS 503, 1199): all live points
 * tied at the minimum are removed together with the live count decreasing, and when every live point shares one
 * value the run stops (the live points are then a uniform sample of the remaining prior mass).
 *
 * <p>Evidence error: the usual {@code sqrt(H/n_live)} (Skilling 2006), a resampling estimate from simulated
 * shrinkage ratios {@code t ~ Beta(n_i, 1)} (Higson, Handley, Hobson &amp; Lasenby 2018, Bayesian Analysis 13, 873)
 * and the bootstrap over the run's single-live-point threads (same paper; threads as in Higson et al. 2019,
 * "Dynamic nested sampling", Stat. Comput. 29, 891), which
 * also gives the Monte Carlo error of every posterior mean. They go into the diagnostics ({@code logZErrSimple},
 * {@code logZErrResampled}, {@code logZErrBootstrap}, {@code posteriorMeanErr}); the largest of the three is reported
 * as {@code Evidence.logZErr} (on the catalogue it matches the between-seed scatter, docs/nested.md).
 */
public final class NestedSampler implements Sampler {

    /**
     * Default slice steps per new point, per free parameter. PolyChord's default {@code num_repeats} is 5 x d; on a
     * 21-d correlated Gaussian with Normal priors (NestedHighDimensionTest's problem, 100 live points, seeds 1-5)
     * 5 x d left every ln Z low (mean -1.47 sigma, -1.7 nats: new points still correlated with their start), while
     * 10 x d gave a mean of -0.01 sigma over seeds 1-10 (sum of z^2 8.2 on 10 dof) at twice the calls.
     */
    public static final int DEFAULT_SLICE_STEPS_PER_DIMENSION = 10;

    /** Region (bound) used for rejection sampling. */
    public enum Bound {
        /** MLFriends: union of whitened balls with a bootstrapped radius (Buchner 2019). */
        MLFRIENDS,
        /** The whole unit cube (plain rejection; only sensible for tests and tiny problems). */
        CUBE,
        /**
         * Tight ellipsoids (MultiNest's decomposition, Feroz et al. 2009) fixed per rebuild, with the evidence and
         * the posterior weights from importance nested sampling over every evaluation (Feroz et al. 2019); the
         * plain nested-sampling ln Z is kept in the diagnostics as a cross-check.
         */
        ELLIPSOIDS
    }

    /** How a new point above the threshold is found. */
    public enum StepMethod {
        /**
     * Slice sampling from the start when there are more than 20 free parameters (dynesty's {@code sample='auto'}
     * makes the same cut; region rejection is hopeless there). Otherwise region rejection, then slice sampling once
     * a rejection point, counting likelihood calls and region work, costs more than 100 slice chains (see
     * {@code StepPolicy}: rejection points are exact and independent and feed the importance-sampled evidence).
     */
        AUTO,
        /** Region rejection only. */
        REJECTION,
        /** Whitened slice sampling (in the Gaussianised cube) from the start. */
        SLICE
    }

    /**
     * Options of the nested sampler (validated; defaults from {@link #defaults()}).
     *
     * @param livePoints        number of live points; default 400, the default {@code min_num_live_points} of UltraNest
     *                          (Buchner 2021, JOSS 6, 3001); must be at least dimension + 1 (checked at run time)
     * @param dlogz             stop when ln(Z + X L_max) - ln Z &lt; dlogz; default 0.5, as MultiNest's {@code tol}
     *                          and UltraNest's {@code dlogz} (Feroz et al. 2009; Buchner 2021). The remaining
     *                          live-point evidence (up to e^0.5 - 1 = 65% of Z) is not dropped: the final live points
     *                          carry it, and both error estimates that re-simulate the run treat them as removed one
     *                          by one, so its uncertainty is in {@code logZErr}. On the catalogue 0.5 keeps the
     *                          calibration (docs/nested.md) and saves the tail's calls (shells2d at 500 live points:
     *                          6.0 thousand against 17.0 thousand at 0.1)
     * @param maxCalls          upper bound on likelihood calls ({@code Long.MAX_VALUE}: none)
     * @param threads           worker threads; default all available processors; results do not depend on it
     * @param checkpoint        where the state is saved ({@link CheckpointStore#none()} by default)
     * @param checkpointSeconds at most one checkpoint per this many seconds (default 10 s)
     * @param resume            continue from the checkpoint in {@code checkpoint} when one is there
     * @param bound             region for rejection sampling (default {@link Bound#ELLIPSOIDS}: tight ellipsoids
     *                          with the importance-sampled evidence; {@link Bound#MLFRIENDS} was the default
     *                          before issue 16 and stays available)
     * @param step              step method (default {@link StepMethod#AUTO})
     * @param sliceSteps        slice steps per new point; 0 (default) = calibrated during the run from how far the
     *                          chains move, never below 10 x dimension ({@link #DEFAULT_SLICE_STEPS_PER_DIMENSION})
     *                          (Handley, Hobson &amp; Lasenby 2015); Buchner 2022 (arXiv:2211.09426) shows the steps
     *                          needed grow linearly with the dimension
     * @param batch             minimum proposals per batch and slice chains per batch (default 16); it fixes the
     *                          result together with the seed, independent of {@code threads}
     * @param bootstraps        bootstrap rounds for the MLFriends radius and for each ellipsoid's enlargement
     *                          (default 30, as in UltraNest; 5 rounds for the ellipsoids cut the calls of the
     *                          NGC 1068 fit from 2.5 to 1.1 million but lost a corner mode of eggbox2d,
     *                          docs/nested.md)
     * @param resamples         simulated-shrinkage re-runs for logZErrResampled (default 100)
     * @param repartition       0 (default): off; w &gt; 0: posterior repartitioning around a Laplace approximation
     *                          with its standard deviations widened w times
     *                          ({@link org.astronest.inference.optim.Repartition}, config key {@code repartition})
     */
    public record Options(int livePoints, double dlogz, long maxCalls, int threads, CheckpointStore checkpoint,
                          double checkpointSeconds, boolean resume, Bound bound, StepMethod step, int sliceSteps,
                          int batch, int bootstraps, int resamples, double repartition) {

        public Options {
            Objects.requireNonNull(checkpoint, "checkpoint");
            Objects.requireNonNull(bound, "bound");
            Objects.requireNonNull(step, "step");
            if (livePoints < 2) {
                throw new IllegalArgumentException("live_points must be >= 2, got " + livePoints);
            }
            if (!(dlogz > 0) || Double.isInfinite(dlogz)) {
                throw new IllegalArgumentException("dlogz must be a positive finite number, got " + dlogz);
            }
            if (maxCalls < 1) {
                throw new IllegalArgumentException("max_calls must be >= 1, got " + maxCalls);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            if (!(checkpointSeconds >= 0) || Double.isInfinite(checkpointSeconds)) {
                throw new IllegalArgumentException("checkpoint_seconds must be >= 0, got " + checkpointSeconds);
            }
            if (sliceSteps < 0) {
                throw new IllegalArgumentException(
                        "slice_steps must be >= 0 (0 = calibrated, at least 10 x dimension), got " + sliceSteps);
            }
            if (batch < 1 || batch > 4096) {
                throw new IllegalArgumentException("batch must be in [1, 4096], got " + batch);
            }
            if (bootstraps < 1) {
                throw new IllegalArgumentException("bootstraps must be >= 1, got " + bootstraps);
            }
            if (resamples < 2) {
                throw new IllegalArgumentException("resamples must be >= 2, got " + resamples);
            }
            if (!(repartition >= 0) || Double.isInfinite(repartition)) {
                throw new IllegalArgumentException("repartition must be 0 (off) or a widening factor > 0, got "
                        + repartition);
            }
        }

        /** The options before {@code repartition} existed (repartitioning off). */
        public Options(int livePoints, double dlogz, long maxCalls, int threads, CheckpointStore checkpoint,
                       double checkpointSeconds, boolean resume, Bound bound, StepMethod step, int sliceSteps,
                       int batch, int bootstraps, int resamples) {
            this(livePoints, dlogz, maxCalls, threads, checkpoint, checkpointSeconds, resume, bound, step, sliceSteps,
                    batch, bootstraps, resamples, 0.0);
        }

        /** The documented defaults. */
        public static Options defaults() {
            return new Options(400, 0.5, Long.MAX_VALUE, Runtime.getRuntime().availableProcessors(),
                    CheckpointStore.none(), 10.0, false, Bound.ELLIPSOIDS, StepMethod.AUTO, 0, 16, 30, 100);
        }

        public Options withLivePoints(int n) {
            return new Options(n, dlogz, maxCalls, threads, checkpoint, checkpointSeconds, resume, bound, step,
                    sliceSteps, batch, bootstraps, resamples, repartition);
        }

        public Options withDlogz(double v) {
            return new Options(livePoints, v, maxCalls, threads, checkpoint, checkpointSeconds, resume, bound, step,
                    sliceSteps, batch, bootstraps, resamples, repartition);
        }

        public Options withMaxCalls(long v) {
            return new Options(livePoints, dlogz, v, threads, checkpoint, checkpointSeconds, resume, bound, step,
                    sliceSteps, batch, bootstraps, resamples, repartition);
        }

        public Options withThreads(int v) {
            return new Options(livePoints, dlogz, maxCalls, v, checkpoint, checkpointSeconds, resume, bound, step,
                    sliceSteps, batch, bootstraps, resamples, repartition);
        }

        /** Checkpoint store and the minimum interval between checkpoints in seconds. */
        public Options withCheckpoint(CheckpointStore store, double seconds) {
            return new Options(livePoints, dlogz, maxCalls, threads, store, seconds, resume, bound, step,
                    sliceSteps, batch, bootstraps, resamples, repartition);
        }

        public Options withResume(boolean v) {
            return new Options(livePoints, dlogz, maxCalls, threads, checkpoint, checkpointSeconds, v, bound, step,
                    sliceSteps, batch, bootstraps, resamples, repartition);
        }

        public Options withBound(Bound v) {
            return new Options(livePoints, dlogz, maxCalls, threads, checkpoint, checkpointSeconds, resume, v, step,
                    sliceSteps, batch, bootstraps, resamples, repartition);
        }

        public Options withStep(StepMethod v) {
            return new Options(livePoints, dlogz, maxCalls, threads, checkpoint, checkpointSeconds, resume, bound, v,
                    sliceSteps, batch, bootstraps, resamples, repartition);
        }

        public Options withSliceSteps(int v) {
            return new Options(livePoints, dlogz, maxCalls, threads, checkpoint, checkpointSeconds, resume, bound, step,
                    v, batch, bootstraps, resamples, repartition);
        }

        public Options withBatch(int v) {
            return new Options(livePoints, dlogz, maxCalls, threads, checkpoint, checkpointSeconds, resume, bound, step,
                    sliceSteps, v, bootstraps, resamples, repartition);
        }

        public Options withBootstraps(int v) {
            return new Options(livePoints, dlogz, maxCalls, threads, checkpoint, checkpointSeconds, resume, bound, step,
                    sliceSteps, batch, v, resamples, repartition);
        }

        public Options withResamples(int v) {
            return new Options(livePoints, dlogz, maxCalls, threads, checkpoint, checkpointSeconds, resume, bound, step,
                    sliceSteps, batch, bootstraps, v, repartition);
        }

        /** Posterior repartitioning around a Laplace approximation widened {@code w} times; 0 turns it off. */
        public Options withRepartition(double w) {
            return new Options(livePoints, dlogz, maxCalls, threads, checkpoint, checkpointSeconds, resume, bound, step,
                    sliceSteps, batch, bootstraps, resamples, w);
        }

        /** The keys of the nested sampler's config section, as {@link #fromConfig} reads them. */
        public static final java.util.Set<String> CONFIG_KEYS = java.util.Set.of("live_points", "dlogz", "max_calls",
                "threads", "bound", "step", "slice_steps", "batch", "bootstraps", "resamples", "checkpoint_seconds", "repartition");

        /**
         * The options of a config section (snake_case keys, {@link #CONFIG_KEYS}); keys not given keep
         * {@link #defaults()}. The checkpoint store and resume are not config: set them with
         * {@link #withCheckpoint} and {@link #withResume}.
         *
         * @throws IllegalArgumentException naming {@code sampler.KEY} and the value
         */
        public static Options fromConfig(Map<String, Object> config) {
            SamplerConfig c = SamplerConfig.of(config, CONFIG_KEYS, "nested");
            Options d = defaults();
            return new Options(c.integer("live_points", d.livePoints), c.number("dlogz", d.dlogz),
                    c.longValue("max_calls", d.maxCalls), c.integer("threads", d.threads), d.checkpoint,
                    c.number("checkpoint_seconds", d.checkpointSeconds), false,
                    c.choice("bound", Bound.class, d.bound), c.choice("step", StepMethod.class, d.step),
                    c.integer("slice_steps", d.sliceSteps), c.integer("batch", d.batch),
                    c.integer("bootstraps", d.bootstraps), c.integer("resamples", d.resamples),
                    c.number("repartition", d.repartition));
        }

        /**
         * The config section of these options, every key at its value (max_calls only when bounded):
         * {@link #fromConfig} of it gives these options back, checkpoint and resume aside.
         */
        public Map<String, Object> toConfig() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("live_points", livePoints);
            m.put("dlogz", dlogz);
            if (maxCalls != Long.MAX_VALUE) {
                m.put("max_calls", maxCalls);
            }
            m.put("threads", threads);
            m.put("bound", bound.name().toLowerCase(Locale.ROOT));
            m.put("step", step.name().toLowerCase(Locale.ROOT));
            m.put("slice_steps", sliceSteps);
            m.put("batch", batch);
            m.put("bootstraps", bootstraps);
            m.put("resamples", resamples);
            m.put("checkpoint_seconds", checkpointSeconds);
            if (repartition > 0) {
                m.put("repartition", repartition);
            }
            return m;
        }

        /** The options as a JSON-friendly map for provenance (snake_case keys as in configs). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("live_points", livePoints);
            m.put("dlogz", dlogz);
            m.put("max_calls", maxCalls);
            m.put("threads", threads);
            m.put("checkpoint_seconds", checkpointSeconds);
            m.put("resume", resume);
            m.put("bound", bound.name().toLowerCase(Locale.ROOT));
            m.put("step", step.name().toLowerCase(Locale.ROOT));
            m.put("slice_steps", sliceSteps);
            m.put("batch", batch);
            m.put("bootstraps", bootstraps);
            m.put("resamples", resamples);
            m.put("repartition", repartition);
            return m;
        }
    }

    private final Options options;

    private NestedSampler(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A nested sampler with these options. */
    public static NestedSampler of(Options options) {
        return new NestedSampler(options);
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return "nested";
    }

    @Override
    public RunResult run(InferenceProblem problem, UniformRandomProvider rng, RunListener listener) {
        problem.priors().requireProper("nested sampling");
        int d = problem.dimension();
        if (d < 1) {
            throw new IllegalArgumentException("nested sampling needs at least one free parameter, got 0");
        }
        if (options.livePoints() < d + 1) {
            throw new IllegalArgumentException("live_points must be >= dimension + 1 = " + (d + 1) + ", got "
                    + options.livePoints());
        }
        RunListener l = listener == null ? RunListener.NONE : listener;
        if (options.repartition() == 0) {
            return new NestedEngine(problem, options, rng, l).run();
        }
        // the Laplace fit is deterministic in the run's seed, so a resumed run rebuilds the same repartitioned prior
        long seed = org.astronest.inference.Rngs.baseSeed(rng);
        UniformRandomProvider engineRng = org.astronest.inference.Rngs.seedOf(rng) != null ? rng
                : org.astronest.inference.Rngs.stream(seed);
        Laplace laplace = Laplace.fit(problem, seed);
        InferenceProblem repartitioned = Repartition.around(problem, laplace, options.repartition());
        RunResult r = new NestedEngine(repartitioned, options, engineRng, l).run();
        // the samples' ln L and ln prior restated for the problem as given (the nested-run record keeps the
        // repartitioned ones, which its plots show)
        return r.toBuilder(Repartition.restate(repartitioned, r.samples()))
                .likelihoodCalls(r.likelihoodCalls() + laplace.likelihoodCalls())
                .diagnostic("repartition", Map.of("widen", options.repartition(), "laplaceCalls",
                        laplace.likelihoodCalls(), "center", laplace.center(), "scale", laplace.scale()))
                .build();
    }
}
