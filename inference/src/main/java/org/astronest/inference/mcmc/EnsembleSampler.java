package org.astronest.inference.mcmc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.Chains;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.ParameterSummary;
import org.astronest.inference.Provenance;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.Sampler;
import org.astronest.inference.Summary;
import org.astronest.inference.WeightedSamples;
import org.astronest.inference.WorkPool;
import org.astronest.inference.diagnostics.Autocorrelation;
import org.astronest.inference.diagnostics.ChainDiagnostics;
import org.astronest.priors.Parameter;
import org.astronest.priors.Prior;

/**
 * Affine-invariant ensemble MCMC (Goodman &amp; Weare 2010, "Ensemble samplers with affine invariance", CAMCoS 5, 65;
 * the parallel "red/blue" scheme of Foreman-Mackey et al. 2013, PASP 125, 306, sec. 3, as in emcee).
 *
 * <p>The walkers are split into two halves (walkers {@code 0..n/2-1} and {@code n/2..n-1}); each step updates the
 * first half using the positions of the second, then the second using the updated first. Each half's proposals
 * come from an injectable {@link Move} (stretch, differential evolution or a {@link MixtureMove}) and are evaluated
 * together through the batch likelihood {@link InferenceProblem#logLikelihood(double[][], double[])}, split over
 * {@code threads} threads. Walker k at step t draws all of its random numbers from
 * {@code Rngs.stream(seed, t, k)}, so the chains are identical for any thread count and a resumed run recreates
 * them exactly.
 *
 * <p>The target is log prior + log likelihood over the free parameters; it is -infinity outside the prior support
 * (the likelihood is not called there) and flat (improper) priors are allowed, in which case an initial ball must be
 * given. Walkers start from prior draws (proper priors) or from {@code center + scale N(0, 1)} (the ball), redrawn
 * until the posterior is finite.
 *
 * <p>The run lasts a fixed number of steps or, with {@link Options#untilConverged()}, until the integrated
 * autocorrelation time tau of every parameter (emcee's estimator, {@link Autocorrelation}) has changed by less than
 * {@code tauTolerance} (relative) since the previous check and the chain is longer than {@code minTauMultiple} tau
 * (the criterion of the emcee documentation, "Saving &amp; monitoring progress": 1% and 50 tau), and, by default,
 * the draws the result keeps have R-hat below {@code rhatTarget} (1.01) and bulk ESS of at least {@code minEss}
 * (1000) for every parameter (Vehtari et al. 2021). Burn-in and thinning then follow the emcee documentation
 * ("Autocorrelation analysis &amp; convergence"): burn-in {@code floor(2 max tau)} after an equilibration step
 * (capped at half the chain) and thinning {@code max(1, floor(min tau / 2))}.
 *
 * <p>The chains are kept in a {@link ChainStore} of at most {@code maxStoredSteps} steps per walker, evenly thinned
 * by a stride that doubles whenever the store fills, so memory is bounded whatever the run length. tau, burn-in,
 * thinning and the diagnostics are in steps: tau is stride x the tau of the stored rows, which is within a few
 * percent while the stride is at most tau / 4 and an upper bound of about max(tau, stride) beyond.
 *
 * <p>Diagnostics on the kept (post burn-in, thinned) draws, treating every walker as a chain: rank-normalized split
 * R-hat, bulk and tail ESS (Vehtari et al. 2021) in the {@link ParameterSummary}s; tau, acceptance fraction, MCSE of
 * means and quantiles in {@link RunResult#diagnostics()}; the smallest bulk ESS as the result's effective sample
 * size. Walkers of one ensemble are not independent chains (each moves using the others), so R-hat across walkers
 * is a heuristic here, as it is when ArviZ is applied to emcee output.
 */
public final class EnsembleSampler implements Sampler {

    /** The name written to results. */
    public static final String NAME = "ensemble";

    private static final long INIT_STREAM = -1L;
    private static final int MAX_INIT_ATTEMPTS = 1000;
    /** The default store (keeps nothing); compared by identity to skip encoding checkpoints nobody keeps. */
    private static final CheckpointStore NO_CHECKPOINT = CheckpointStore.none();

    private final Options options;

    private EnsembleSampler(Options options) {
        this.options = options;
    }

    /** An ensemble sampler with the given options. */
    public static EnsembleSampler of(Options options) {
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        return new EnsembleSampler(options);
    }

    public Options options() {
        return options;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Options of the ensemble sampler. Use {@link #defaults()} and the {@code with...} methods, or
     * {@link #fromConfig(Map)} for the snake_case config form that {@link #toConfig(int)} writes.
     *
     * @param walkers           number of walkers; 0 = max(32, 2 d) (emcee recommends at least 2 d and "more is
     *                          better"; 32 is the size used in emcee's documentation and in our peer figures). An
     *                          explicit value must be at least 2 d and at least 4 (each half needs 2 walkers).
     * @param steps             steps per walker in fixed-length mode (default 5000)
     * @param runUntilConverged run until the stopping rule holds (or {@code maxSteps})
     * @param maxSteps          upper bound on steps in until-converged mode (default 100000, emcee docs' example)
     * @param checkInterval     steps between convergence checks (default 100, emcee docs' example), or 1% of the
     *                          chain length when that is larger (the 1% tau-change criterion is tuned for checks
     *                          close together: estimates from chains that differ by 10% differ by more than 1%)
     * @param tauTolerance      relative change of tau between checks counted as stable (default 0.01, emcee docs)
     * @param minTauMultiple    the chain must be longer than this many tau (default 50, emcee docs)
     * @param windowC           Sokal window constant (default 5, emcee docs)
     * @param burnIn            steps discarded; -1 = auto, floor(2 max tau) capped at half the chain (emcee docs)
     * @param thin              keep every thin-th step; 0 = auto, max(1, floor(min tau / 2)) (emcee docs)
     * @param move              the proposal (default the stretch move, a = 2: emcee's default)
     * @param threads           threads evaluating the likelihood (default: available processors); the result does
     *                          not depend on it
     * @param maxCalls          stop after this many likelihood calls (default unlimited)
     * @param initialCenter     centre of the initial ball (free parameters), or null to start from the prior
     * @param initialScale      standard deviation of the initial ball, one value or one per free parameter
     * @param checkpoint        where to save the state (default none)
     * @param checkpointSeconds seconds between checkpoints (default 5)
     * @param resume            continue from the checkpoint in {@code checkpoint}, when it holds one
     * @param rhatTarget        until-converged mode: also require the rank-normalized split R-hat of every
     *                          parameter (on the draws the result keeps) to be below this; NaN = off. Default
     *                          1.01, the threshold Vehtari et al. 2021 (sec. 4) recommend, which is also what the
     *                          command line's verdict checks.
     * @param maxStoredSteps    the most steps kept per walker ({@link ChainStore}: when full, every other stored
     *                          step is dropped and the stride doubles); 0 = auto: {@value #STORE_BUDGET_MIB} MiB of
     *                          stored chain, {@code 2^27 / (walkers x (d + 2) x 8)} steps, at least
     *                          {@value #MIN_AUTO_STORED_STEPS} (32 walkers x 10 parameters: 43690 steps; 64 x 30:
     *                          8192). An explicit value must be at least {@value #MIN_STORED_STEPS}.
     * @param minEss            until-converged mode: also require the bulk ESS (Vehtari et al. 2021) of every
     *                          parameter to be at least this; 0 = off. Default 1000: the project's convergence target, 2.5 x the
     *                          400 (100 per chain x 4 chains) Vehtari et al. recommend before trusting R-hat, and
     *                          an MCSE of the mean of sd / 31.6 (3% of a posterior sd).
     */
    public record Options(int walkers, int steps, boolean runUntilConverged, int maxSteps, int checkInterval,
                          double tauTolerance, double minTauMultiple, double windowC, int burnIn, int thin, Move move,
                          int threads, long maxCalls, double[] initialCenter, double[] initialScale,
                          CheckpointStore checkpoint, double checkpointSeconds, boolean resume, double rhatTarget,
                          int maxStoredSteps, double minEss) {

        /** Default R-hat target of until-converged runs (Vehtari et al. 2021). */
        public static final double DEFAULT_RHAT_TARGET = 1.01;
        /** Default minimum bulk ESS of until-converged runs. */
        public static final double DEFAULT_MIN_ESS = 1000;
        /** The automatic chain-store size, in MiB of stored chain. */
        public static final int STORE_BUDGET_MIB = 128;
        /** The smallest automatic chain-store size, in steps per walker. */
        public static final int MIN_AUTO_STORED_STEPS = 1000;
        /** The smallest explicit chain-store size, in steps per walker. */
        public static final int MIN_STORED_STEPS = 16;

        /**
         * The config keys {@link #fromConfig(Map)} reads and {@link #toConfig(int)} writes (snake_case, as in a
         * config's {@code sampler:} section).
         */
        public static final List<String> CONFIG_KEYS = EnsembleConfig.KEYS;

        public Options {
            req(walkers >= 0, "walkers must be >= 0 (0 = automatic), got " + walkers);
            req(walkers == 0 || walkers >= 4, "walkers must be >= 4 (two per half-ensemble), got " + walkers);
            req(steps >= 1, "steps must be >= 1, got " + steps);
            req(maxSteps >= 1, "max_steps must be >= 1, got " + maxSteps);
            req(checkInterval >= 1, "check_interval must be >= 1, got " + checkInterval);
            req(tauTolerance > 0 && tauTolerance < 1, "tau_tolerance must be in (0, 1), got " + tauTolerance);
            req(minTauMultiple > 0 && Double.isFinite(minTauMultiple), "min_tau_multiple must be > 0, got "
                    + minTauMultiple);
            req(windowC > 0 && Double.isFinite(windowC), "window_c must be > 0, got " + windowC);
            req(burnIn >= -1, "burn_in must be >= 0 (or -1 = automatic), got " + burnIn);
            req(runUntilConverged || burnIn < steps, "burn_in must be < steps = " + steps + ", got " + burnIn);
            req(thin >= 0, "thin must be >= 0 (0 = automatic), got " + thin);
            req(move != null, "move must not be null");
            req(threads >= 1, "threads must be >= 1, got " + threads);
            req(maxCalls >= 1, "max_calls must be >= 1, got " + maxCalls);
            req((initialCenter == null) == (initialScale == null),
                    "initial ball needs both a centre and a scale");
            if (initialScale != null) {
                req(initialScale.length == 1 || initialScale.length == initialCenter.length,
                        "initial_scale needs 1 or " + initialCenter.length + " values, got " + initialScale.length);
                for (double s : initialScale) {
                    req(s > 0 && Double.isFinite(s), "initial_scale values must be > 0, got " + s);
                }
                for (double c : initialCenter) {
                    req(Double.isFinite(c), "initial_center values must be finite, got " + c);
                }
                initialCenter = initialCenter.clone();
                initialScale = initialScale.clone();
            }
            req(checkpoint != null, "checkpoint store must not be null (use CheckpointStore.none())");
            req(checkpointSeconds > 0, "checkpoint_seconds must be > 0, got " + checkpointSeconds);
            req(Double.isNaN(rhatTarget) || rhatTarget > 1 && Double.isFinite(rhatTarget),
                    "rhat_target must be > 1 (or NaN = off), got " + rhatTarget);
            req(maxStoredSteps == 0 || maxStoredSteps >= MIN_STORED_STEPS, "max_stored_steps must be >= "
                    + MIN_STORED_STEPS + " (or 0 = automatic), got " + maxStoredSteps);
            req(minEss >= 0 && Double.isFinite(minEss), "min_ess must be >= 0 (0 = off), got " + minEss);
        }

        /**
         * The options of the 19-component constructor of earlier versions: automatic chain store, no minimum ESS
         * (that version's until-converged rule).
         */
        public Options(int walkers, int steps, boolean runUntilConverged, int maxSteps, int checkInterval,
                       double tauTolerance, double minTauMultiple, double windowC, int burnIn, int thin, Move move,
                       int threads, long maxCalls, double[] initialCenter, double[] initialScale,
                       CheckpointStore checkpoint, double checkpointSeconds, boolean resume, double rhatTarget) {
            this(walkers, steps, runUntilConverged, maxSteps, checkInterval, tauTolerance, minTauMultiple, windowC,
                    burnIn, thin, move, threads, maxCalls, initialCenter, initialScale, checkpoint, checkpointSeconds,
                    resume, rhatTarget, 0, 0);
        }

        private static void req(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException("ensemble: " + message);
            }
        }

        /** The documented defaults (see the parameter descriptions). */
        public static Options defaults() {
            return new Options(0, 5000, false, 100_000, 100, 0.01, 50, Autocorrelation.DEFAULT_WINDOW_C, -1, 0,
                    StretchMove.defaults(), Runtime.getRuntime().availableProcessors(), Long.MAX_VALUE, null, null,
                    NO_CHECKPOINT, 5, false, DEFAULT_RHAT_TARGET, 0, DEFAULT_MIN_ESS);
        }

        /**
         * Options from a config's {@code sampler:} section (snake_case keys {@link #CONFIG_KEYS}; {@code type} is not
         * one of them); keys not given keep their {@link #defaults()}. {@code burn_in}, {@code thin},
         * {@code walkers} and {@code max_stored_steps} accept {@code auto}, {@code rhat_target} and {@code min_ess}
         * accept {@code off}, {@code initial_center} and {@code initial_scale} accept {@code none} (and null).
         * The checkpoint store and resume are not config (use {@link #withCheckpoint} and {@link #withResume}).
         *
         * @throws IllegalArgumentException for an unknown key (the message lists the known ones) or a bad value
         *                                  (the message names {@code sampler.KEY} and the value)
         */
        public static Options fromConfig(Map<String, Object> config) {
            return EnsembleConfig.fromConfig(config);
        }

        /**
         * Every config key at its resolved value for a problem of free dimension {@code dim}: walkers and
         * max_stored_steps as the numbers used, burn_in and thin as {@code auto} when automatic, moves in the
         * syntax of {@link Moves#parse}, initial_center and initial_scale {@code none} without a ball, rhat_target
         * {@code off} when off. {@code fromConfig(o.toConfig(d)).resolved(d)} equals {@code o.resolved(d)} (checkpoint
         * store and resume aside), so a run with it gives the identical result.
         *
         * @throws IllegalArgumentException when the options have no config form (a move {@link Moves#parse} cannot
         *                                  write, or a non-default window constant)
         */
        public Map<String, Object> toConfig(int dim) {
            return EnsembleConfig.toConfig(this, dim);
        }

        /** These options with the automatic values (walkers, chain-store size) fixed for free dimension d. */
        public Options resolved(int d) {
            int nw = walkersFor(d);
            return new Options(nw, steps, runUntilConverged, maxSteps, checkInterval, tauTolerance, minTauMultiple,
                    windowC, burnIn, thin, move, threads, maxCalls, initialCenter, initialScale, checkpoint,
                    checkpointSeconds, resume, rhatTarget, storedStepsFor(nw, d), minEss);
        }

        public Options withWalkers(int n) {
            return new Options(n, steps, runUntilConverged, maxSteps, checkInterval, tauTolerance, minTauMultiple,
                    windowC, burnIn, thin, move, threads, maxCalls, initialCenter, initialScale, checkpoint,
                    checkpointSeconds, resume, rhatTarget, maxStoredSteps, minEss);
        }

        /** Fixed-length mode with {@code n} steps per walker. */
        public Options withSteps(int n) {
            return new Options(walkers, n, false, maxSteps, checkInterval, tauTolerance, minTauMultiple, windowC,
                    burnIn, thin, move, threads, maxCalls, initialCenter, initialScale, checkpoint, checkpointSeconds,
                    resume, rhatTarget, maxStoredSteps, minEss);
        }

        /** Until-converged mode (bounded by {@link #maxSteps()}). */
        public Options untilConverged() {
            return new Options(walkers, steps, true, maxSteps, checkInterval, tauTolerance, minTauMultiple, windowC,
                    burnIn, thin, move, threads, maxCalls, initialCenter, initialScale, checkpoint, checkpointSeconds,
                    resume, rhatTarget, maxStoredSteps, minEss);
        }

        public Options withMaxSteps(int n) {
            return new Options(walkers, steps, runUntilConverged, n, checkInterval, tauTolerance, minTauMultiple,
                    windowC, burnIn, thin, move, threads, maxCalls, initialCenter, initialScale, checkpoint,
                    checkpointSeconds, resume, rhatTarget, maxStoredSteps, minEss);
        }

        /** Convergence-check interval, tau tolerance and minimum chain length in units of tau. */
        public Options withConvergence(int interval, double tolerance, double tauMultiple) {
            return new Options(walkers, steps, runUntilConverged, maxSteps, interval, tolerance, tauMultiple, windowC,
                    burnIn, thin, move, threads, maxCalls, initialCenter, initialScale, checkpoint, checkpointSeconds,
                    resume, rhatTarget, maxStoredSteps, minEss);
        }

        /** Explicit burn-in and thinning (-1 and 0 = automatic from tau). */
        public Options withBurnInAndThin(int newBurnIn, int newThin) {
            return new Options(walkers, steps, runUntilConverged, maxSteps, checkInterval, tauTolerance,
                    minTauMultiple, windowC, newBurnIn, newThin, move, threads, maxCalls, initialCenter, initialScale,
                    checkpoint, checkpointSeconds, resume, rhatTarget, maxStoredSteps, minEss);
        }

        public Options withMove(Move m) {
            return new Options(walkers, steps, runUntilConverged, maxSteps, checkInterval, tauTolerance,
                    minTauMultiple, windowC, burnIn, thin, m, threads, maxCalls, initialCenter, initialScale,
                    checkpoint, checkpointSeconds, resume, rhatTarget, maxStoredSteps, minEss);
        }

        public Options withThreads(int n) {
            return new Options(walkers, steps, runUntilConverged, maxSteps, checkInterval, tauTolerance,
                    minTauMultiple, windowC, burnIn, thin, move, n, maxCalls, initialCenter, initialScale, checkpoint,
                    checkpointSeconds, resume, rhatTarget, maxStoredSteps, minEss);
        }

        public Options withMaxCalls(long n) {
            return new Options(walkers, steps, runUntilConverged, maxSteps, checkInterval, tauTolerance,
                    minTauMultiple, windowC, burnIn, thin, move, threads, n, initialCenter, initialScale, checkpoint,
                    checkpointSeconds, resume, rhatTarget, maxStoredSteps, minEss);
        }

        /** Start the walkers at {@code center + scale * N(0, 1)} (scale: one value or one per free parameter). */
        public Options withInitialBall(double[] center, double... scale) {
            return new Options(walkers, steps, runUntilConverged, maxSteps, checkInterval, tauTolerance,
                    minTauMultiple, windowC, burnIn, thin, move, threads, maxCalls, center, scale, checkpoint,
                    checkpointSeconds, resume, rhatTarget, maxStoredSteps, minEss);
        }

        /** Save the state to {@code store} every {@code seconds}. */
        public Options withCheckpoint(CheckpointStore store, double seconds) {
            return new Options(walkers, steps, runUntilConverged, maxSteps, checkInterval, tauTolerance,
                    minTauMultiple, windowC, burnIn, thin, move, threads, maxCalls, initialCenter, initialScale,
                    store, seconds, resume, rhatTarget, maxStoredSteps, minEss);
        }

        /** Continue from the checkpoint, when the store holds one (otherwise start afresh). */
        public Options withResume(boolean r) {
            return new Options(walkers, steps, runUntilConverged, maxSteps, checkInterval, tauTolerance,
                    minTauMultiple, windowC, burnIn, thin, move, threads, maxCalls, initialCenter, initialScale,
                    checkpoint, checkpointSeconds, r, rhatTarget, maxStoredSteps, minEss);
        }

        /** Until-converged mode also requires max R-hat below {@code target} (e.g. 1.01; NaN = off). */
        public Options withRhatTarget(double target) {
            return new Options(walkers, steps, runUntilConverged, maxSteps, checkInterval, tauTolerance,
                    minTauMultiple, windowC, burnIn, thin, move, threads, maxCalls, initialCenter, initialScale,
                    checkpoint, checkpointSeconds, resume, target, maxStoredSteps, minEss);
        }

        /** Until-converged mode also requires every parameter's bulk ESS to be at least {@code ess} (0 = off). */
        public Options withMinEss(double ess) {
            return new Options(walkers, steps, runUntilConverged, maxSteps, checkInterval, tauTolerance,
                    minTauMultiple, windowC, burnIn, thin, move, threads, maxCalls, initialCenter, initialScale,
                    checkpoint, checkpointSeconds, resume, rhatTarget, maxStoredSteps, ess);
        }

        /** Keep at most {@code n} steps per walker (thinning the stored chain when full); 0 = automatic. */
        public Options withMaxStoredSteps(int n) {
            return new Options(walkers, steps, runUntilConverged, maxSteps, checkInterval, tauTolerance,
                    minTauMultiple, windowC, burnIn, thin, move, threads, maxCalls, initialCenter, initialScale,
                    checkpoint, checkpointSeconds, resume, rhatTarget, n, minEss);
        }

        /** The number of walkers for a problem of free dimension d. */
        public int walkersFor(int d) {
            int n = walkers == 0 ? Math.max(32, 2 * d) : walkers;
            if (n < 2 * d) {
                throw new IllegalArgumentException("ensemble: walkers must be >= 2 x dimension = 2 x " + d + " = "
                        + 2 * d + ", got " + n);
            }
            return n;
        }

        /**
         * The chain-store size in steps per walker for {@code nw} walkers and free dimension d: the explicit value,
         * or {@code STORE_BUDGET_MIB} MiB / ((d + 2) x 8 bytes x nw), at least {@code MIN_AUTO_STORED_STEPS}.
         */
        public int storedStepsFor(int nw, int d) {
            if (maxStoredSteps > 0) {
                return maxStoredSteps;
            }
            long budget = (long) STORE_BUDGET_MIB << 20;
            return (int) Math.max(MIN_AUTO_STORED_STEPS, Math.min(Integer.MAX_VALUE, budget / (8L * (d + 2) * nw)));
        }

        /** The options as a JSON-friendly map for provenance (camelCase; a file-format contract of result.json). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("walkers", walkers);
            m.put("steps", steps);
            m.put("untilConverged", runUntilConverged);
            m.put("maxSteps", maxSteps);
            m.put("checkInterval", checkInterval);
            m.put("tauTolerance", tauTolerance);
            m.put("minTauMultiple", minTauMultiple);
            m.put("windowC", windowC);
            m.put("burnIn", burnIn);
            m.put("thin", thin);
            m.put("moves", move.describe());
            m.put("threads", threads);
            m.put("maxCalls", maxCalls);
            if (initialCenter != null) {
                m.put("initialCenter", initialCenter.clone());
                m.put("initialScale", initialScale.clone());
            }
            m.put("checkpointSeconds", checkpointSeconds);
            m.put("resume", resume);
            m.put("rhatTarget", rhatTarget);
            m.put("maxStoredSteps", maxStoredSteps);
            m.put("minEss", minEss);
            return m;
        }

        /** Equal when every option is (the ball by its values, the move by {@code equals}, the store by identity). */
        @Override
        public boolean equals(Object o) {
            return o instanceof Options x && toString().equals(x.toString()) && move.equals(x.move)
                    && checkpoint == x.checkpoint;
        }

        @Override
        public int hashCode() {
            return toString().hashCode();
        }

        @Override
        public String toString() {
            Map<String, Object> m = toMap();
            m.replaceAll((k, v) -> v instanceof double[] a ? Arrays.toString(a) : v);
            return "EnsembleSampler.Options" + m;
        }
    }

    // ------------------------------------------------------------------ the run

    @Override
    public RunResult run(InferenceProblem problem, UniformRandomProvider rng, RunListener listener) {
        int d = problem.dimension();
        if (d < 1) {
            throw new IllegalArgumentException("ensemble: the problem has no free parameters");
        }
        int nw = options.walkersFor(d);
        if (options.initialCenter() != null && options.initialCenter().length != d) {
            throw new IllegalArgumentException("ensemble: initial_center has " + options.initialCenter().length
                    + " values but the problem has " + d + " free parameters " + problem.freeNames());
        }
        if (options.initialCenter() == null) {
            for (Parameter p : problem.priors().parameters()) {
                if (!p.prior().isFixed() && !p.prior().isProper()) {
                    throw new IllegalArgumentException("ensemble: parameter '" + p.name() + "' has the improper prior "
                            + p.prior().describe() + ", so walkers cannot start from the prior; give an initial ball "
                            + "(Options.withInitialBall(center, scale); config initial_center, initial_scale)");
                }
            }
        }
        String startTime = Instant.now().toString();
        long t0 = System.nanoTime();
        long base = Rngs.baseSeed(rng);
        problem.checkBeforeRun(base);
        int capacity = options.storedStepsFor(nw, d);
        String fingerprint = fingerprint(problem, nw, base, capacity);
        RunListener lis = listener == null ? RunListener.NONE : listener;
        try (WorkPool pool = WorkPool.of(options.threads(), "ensemble-worker")) {
            Evaluator eval = new Evaluator(problem, pool);
            EnsembleState s = null;
            if (options.resume()) {
                Optional<byte[]> saved = options.checkpoint().load();
                if (saved.isPresent()) {
                    s = EnsembleState.decode(saved.get(), fingerprint);
                }
            }
            if (s == null) {
                s = initialState(problem, nw, d, base, eval, capacity);
            } else if (!options.runUntilConverged() && s.step > options.steps()) {
                throw new IllegalArgumentException("ensemble: the checkpoint already has " + s.step
                        + " steps, more than steps = " + options.steps() + "; resume with at least " + s.step
                        + " steps");
            }
            s.chain.limitSteps(options.runUntilConverged() ? options.maxSteps() : options.steps());
            double priorSeconds = s.elapsed;
            long lastSave = System.nanoTime();
            long lastReport = System.nanoTime();
            Move move = options.move();
            double[][] prop = new double[nw][d];
            double[] logq = new double[nw];
            double[] logu = new double[nw];
            double[] lpri = new double[nw];
            double[][] thetas = new double[nw][];
            double[] llNew = new double[nw];
            int half = nw / 2;
            while (!finished(s)) {
                long t = s.step;
                for (int h = 0; h < 2; h++) {
                    int lo = h == 0 ? 0 : half;
                    int hi = h == 0 ? half : nw;
                    double[][] comp = h == 0 ? Arrays.copyOfRange(s.pos, half, nw) : Arrays.copyOfRange(s.pos, 0, half);
                    int count = 0;
                    int[] idx = new int[hi - lo];
                    for (int k = lo; k < hi; k++) {
                        UniformRandomProvider r = Rngs.stream(base, t, k);
                        logq[k] = move.propose(s.pos[k], comp, prop[k], r);
                        logu[k] = Math.log(r.nextDouble());
                        double[] theta = problem.expand(prop[k]);
                        thetas[k] = theta;
                        lpri[k] = problem.logPrior(theta);
                        llNew[k] = Double.NEGATIVE_INFINITY;
                        if (lpri[k] != Double.NEGATIVE_INFINITY && !Double.isNaN(lpri[k])) {
                            idx[count++] = k;
                        }
                    }
                    eval.evaluate(thetas, idx, count, llNew);
                    s.calls += count;
                    for (int k = lo; k < hi; k++) {
                        double lpNew = lpri[k] + llNew[k];
                        if (lpNew > Double.NEGATIVE_INFINITY && logu[k] < lpNew - s.lp[k] + logq[k]) {
                            double[] tmp = s.pos[k];
                            s.pos[k] = prop[k];
                            prop[k] = tmp;
                            s.lp[k] = lpNew;
                            s.ll[k] = llNew[k];
                            s.accepted[k]++;
                        }
                    }
                }
                s.record();
                if (options.runUntilConverged() && s.step >= s.nextCheck) {
                    checkConvergence(s, d);
                }
                long now = System.nanoTime();
                s.elapsed = priorSeconds + (now - t0) * 1e-9;
                if (now - lastReport > 1_000_000_000L) {
                    lastReport = now;
                    lis.progress(progress(s));
                }
                if (options.checkpoint() != NO_CHECKPOINT && (now - lastSave) * 1e-9 >= options
                        .checkpointSeconds()) {
                    options.checkpoint().save(s.encode(fingerprint));
                    lastSave = System.nanoTime();
                }
            }
            s.elapsed = priorSeconds + (System.nanoTime() - t0) * 1e-9;
            if (options.checkpoint() != NO_CHECKPOINT) {
                options.checkpoint().save(s.encode(fingerprint));
            }
            lis.progress(progress(s));
            return result(problem, s, d, rng, startTime, priorSeconds, t0);
        }
    }

    private boolean finished(EnsembleState s) {
        if (s.calls >= options.maxCalls()) {
            return true;
        }
        if (options.runUntilConverged()) {
            return s.converged || s.step >= options.maxSteps();
        }
        return s.step >= options.steps();
    }

    /**
     * One convergence check, in three stages of increasing cost.
     *
     * <p>1. emcee's tau rule: for every parameter the chain is longer than {@code minTauMultiple} tau and tau changed
     * by less than {@code tauTolerance} since the previous check. To keep checks cheap, parameter i's tau is estimated
     * on the stored chain thinned by {@code f = max(1, floor(previous tau_i / (20 stride)))} rows as
     * {@code stride f tau_thinned} (by the trapezoid rule {@code f (2 sum_k rho(f k) - 1) ~ 2 integral rho ~ tau},
     * relative error O((f / tau)^2), below 0.3% here).
     *
     * <p>2. With an R-hat target or a minimum ESS: R-hat and bulk ESS of the draws the result would keep, with
     * burn-in and thinning from the tau estimates of stage 1.
     *
     * <p>3. When stage 2 passes: the result's own computation ({@link #kept}: tau on the whole stored chain, then
     * burn-in, thinning, R-hat and ESS) must pass the tau-multiple, R-hat and ESS targets too. So a run stops only
     * when the result it reports meets them (without this stage the two tau estimates give different burn-in and
     * thinning, and the reported R-hat could end above the target that stopped the run).
     */
    private void checkConvergence(EnsembleState s, int d) {
        ChainStore c = s.chain;
        int stride = c.stride();
        double[] tau = new double[d];
        for (int i = 0; i < d; i++) {
            int f = s.lastTau == null || Double.isNaN(s.lastTau[i]) ? 1
                    : Math.max(1, (int) (s.lastTau[i] / (20.0 * stride)));
            if (c.rows() / f < 20) {
                f = 1;
            }
            tau[i] = stride * f * Autocorrelation.integratedTime(c.series(i, 0, f), options.windowC());
        }
        boolean ok = s.lastTau != null;
        for (int i = 0; i < d && ok; i++) {
            double ti = Double.isNaN(tau[i]) ? 1 : tau[i];
            double old = Double.isNaN(s.lastTau[i]) ? 1 : s.lastTau[i];
            ok = options.minTauMultiple() * ti < s.step && Math.abs(old - ti) / ti < options.tauTolerance();
        }
        boolean targets = !Double.isNaN(options.rhatTarget()) || options.minEss() > 0;
        if (ok && targets) {
            ok = meetsTargets(c, kept(c, tau), d);
            if (ok) {
                Kept whole = kept(c, wholeChainTau(c, d));
                ok = options.minTauMultiple() * whole.tauMax < s.step && meetsTargets(c, whole, d);
                s.finalTau = whole.tau;
                s.finalTauStep = s.step;
            }
        }
        s.converged = ok;
        s.lastTau = tau;
        s.nextCheck = s.step + Math.max(options.checkInterval(), s.step / 100);
    }

    /** R-hat below the target and bulk ESS at least the minimum (NaN diagnostics count as met), for every parameter. */
    private boolean meetsTargets(ChainStore c, Kept k, int d) {
        if (k.rows < 4) {
            return false;
        }
        for (int i = 0; i < d; i++) {
            double[][] draws = c.series(i, k.burnRow, k.thinRows);
            double r = Double.isNaN(options.rhatTarget()) ? Double.NaN : ChainDiagnostics.rhat(draws);
            if (!Double.isNaN(r) && r >= options.rhatTarget()) {
                return false;
            }
            double ess = options.minEss() > 0 ? ChainDiagnostics.essBulk(draws) : Double.NaN;
            if (!Double.isNaN(ess) && ess < options.minEss()) {
                return false;
            }
        }
        return true;
    }

    /** tau of every parameter on the whole stored chain, in steps: stride x the tau of the stored rows. */
    private double[] wholeChainTau(ChainStore c, int d) {
        double[] tau = new double[d];
        for (int i = 0; i < d; i++) {
            tau[i] = c.steps() >= 2 ? c.stride() * Autocorrelation.integratedTime(c.series(i, 0, 1), options.windowC())
                    : Double.NaN;
        }
        return tau;
    }

    private RunListener.Progress progress(EnsembleState s) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("acceptance", s.acceptance());
        if (s.lastTau != null) {
            v.put("tau", max(s.lastTau));
        }
        v.put("step", (double) s.step);
        return new RunListener.Progress(NAME, s.step, s.calls, s.elapsed, v);
    }

    private EnsembleState initialState(InferenceProblem problem, int nw, int d, long base, Evaluator eval, int capacity) {
        EnsembleState s = new EnsembleState(nw, d, capacity);
        s.nextCheck = options.checkInterval();
        UniformRandomProvider[] rngs = new UniformRandomProvider[nw];
        for (int k = 0; k < nw; k++) {
            rngs[k] = Rngs.stream(base, INIT_STREAM, k);
        }
        double[] center = options.initialCenter();
        double[] scale = options.initialScale();
        List<Prior> free = new ArrayList<>();
        for (Parameter p : problem.priors().parameters()) {
            if (!p.prior().isFixed()) {
                free.add(p.prior());
            }
        }
        boolean[] done = new boolean[nw];
        double[][] thetas = new double[nw][];
        double[] lpri = new double[nw];
        double[] ll = new double[nw];
        int[] idx = new int[nw];
        int remaining = nw;
        for (int attempt = 0; attempt < MAX_INIT_ATTEMPTS && remaining > 0; attempt++) {
            int count = 0;
            for (int k = 0; k < nw; k++) {
                if (done[k]) {
                    continue;
                }
                double[] x = s.pos[k];
                if (center != null) {
                    ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rngs[k]);
                    for (int i = 0; i < d; i++) {
                        x[i] = center[i] + (scale.length == 1 ? scale[0] : scale[i]) * g.sample();
                    }
                } else {
                    for (int i = 0; i < d; i++) {
                        x[i] = free.get(i).fromUnit(rngs[k].nextDouble());
                    }
                }
                thetas[k] = problem.expand(x);
                lpri[k] = problem.logPrior(thetas[k]);
                ll[k] = Double.NEGATIVE_INFINITY;
                if (lpri[k] > Double.NEGATIVE_INFINITY) {
                    idx[count++] = k;
                }
            }
            eval.evaluate(thetas, idx, count, ll);
            s.calls += count;
            for (int k = 0; k < nw; k++) {
                if (!done[k] && lpri[k] + ll[k] > Double.NEGATIVE_INFINITY) {
                    done[k] = true;
                    s.lp[k] = lpri[k] + ll[k];
                    s.ll[k] = ll[k];
                    remaining--;
                }
            }
        }
        if (remaining > 0) {
            throw new IllegalStateException("ensemble: could not start " + remaining + " of " + nw + " walkers at a "
                    + "point of finite posterior in " + MAX_INIT_ATTEMPTS + " attempts each (" + (center != null
                    ? "initial ball" : "prior draws") + "); give an initial ball inside the support");
        }
        return s;
    }

    private String fingerprint(InferenceProblem problem, int nw, long base, int capacity) {
        return "dimension=" + problem.dimension() + " parameters=" + problem.freeNames() + " walkers=" + nw
                + " seed=" + base + " move=" + options.move().describe() + " ball="
                + (options.initialCenter() == null ? "prior" : Arrays.toString(options.initialCenter()) + "/"
                + Arrays.toString(options.initialScale())) + " maxStoredSteps=" + capacity;
    }

    private RunResult result(InferenceProblem problem, EnsembleState s, int d, UniformRandomProvider rng, String startTime,
                             double priorSeconds, long t0) {
        ChainStore c = s.chain;
        int steps = s.step;
        int nw = s.nw;
        List<String> names = problem.freeNames();
        double[] tau = s.finalTauStep == steps && s.finalTau != null ? s.finalTau : wholeChainTau(c, d);
        Kept k = kept(c, tau);
        int burnIn = k.burnRow * c.stride();
        int thin = k.thinRows * c.stride();
        int kept = k.rows;

        // samples: step-major order over the kept rows
        int n = kept * nw;
        double[][] thetas = new double[n][];
        double[] lls = new double[n];
        int r = 0;
        for (int j = 0; j < kept; j++) {
            int t = k.burnRow + j * k.thinRows;
            for (int w = 0; w < nw; w++) {
                thetas[r] = problem.expand(c.position(w, t));
                lls[r] = c.logLikelihood(w, t);
                r++;
            }
        }
        WeightedSamples samples = problem.samples(thetas, new double[n], lls);
        Summary summary = Summary.of(samples);

        Map<String, Object> tauMap = new LinkedHashMap<>();
        Map<String, Object> essMean = new LinkedHashMap<>();
        Map<String, Object> mcseMean = new LinkedHashMap<>();
        Map<String, Object> mcseSd = new LinkedHashMap<>();
        Map<String, Object> mcseQ05 = new LinkedHashMap<>();
        Map<String, Object> mcseQ50 = new LinkedHashMap<>();
        Map<String, Object> mcseQ95 = new LinkedHashMap<>();
        double minBulk = Double.POSITIVE_INFINITY;
        double maxRhat = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < d; i++) {
            String name = names.get(i);
            tauMap.put(name, tau[i]);
            double rhat = Double.NaN;
            double bulk = Double.NaN;
            double tail = Double.NaN;
            if (kept >= 4) {
                double[][] draws = c.series(i, k.burnRow, k.thinRows);
                rhat = ChainDiagnostics.rhat(draws);
                bulk = ChainDiagnostics.essBulk(draws);
                tail = ChainDiagnostics.essTail(draws);
                essMean.put(name, ChainDiagnostics.essMean(draws));
                mcseMean.put(name, ChainDiagnostics.mcseMean(draws));
                mcseSd.put(name, ChainDiagnostics.mcseSd(draws));
                mcseQ05.put(name, ChainDiagnostics.mcseQuantile(draws, 0.05));
                mcseQ50.put(name, ChainDiagnostics.mcseQuantile(draws, 0.5));
                mcseQ95.put(name, ChainDiagnostics.mcseQuantile(draws, 0.95));
            }
            if (!Double.isNaN(bulk)) {
                minBulk = Math.min(minBulk, bulk);
            }
            if (!Double.isNaN(rhat)) {
                maxRhat = Math.max(maxRhat, rhat);
            }
            summary = summary.with(summary.get(name).withDiagnostics(rhat, bulk, tail));
        }
        // derived columns get the same diagnostics, from their values along each walker's kept rows
        List<String> columns = problem.columnNames();
        for (int j = problem.priors().size(); j < columns.size() && kept >= 4; j++) {
            double[][] draws = Chains.split(samples.column(j), nw);
            String name = columns.get(j);
            summary = summary.with(summary.get(name).withDiagnostics(ChainDiagnostics.rhat(draws),
                    ChainDiagnostics.essBulk(draws), ChainDiagnostics.essTail(draws)));
        }
        int rows = c.rows();
        double[][][] values = new double[nw][rows][];
        double[][] lp = new double[nw][];
        for (int w = 0; w < nw; w++) {
            for (int t = 0; t < rows; t++) {
                values[w][t] = c.position(w, t);
            }
            lp[w] = c.logPosterior(w);
            // the final checkpoint is written; releasing each walker's rows as they are copied keeps the peak at
            // about one copy of the chains
            c.release(w);
        }
        Chains chains = new Chains(names, values, lp, k.burnRow, k.thinRows, c.stride());
        // wall time of the whole run (all sessions of a resumed run), diagnostics included
        double wall = priorSeconds + (System.nanoTime() - t0) * 1e-9;
        RunResult.Builder b = RunResult.builder(NAME, samples)
                .columns(problem.columnInfo())
                .summary(summary)
                .likelihoodCalls(s.calls)
                .wallSeconds(wall)
                .effectiveSampleSize(minBulk == Double.POSITIVE_INFINITY ? Double.NaN : minBulk)
                .provenance(Provenance.of(Rngs.seedOf(rng), NAME, options.toMap(), startTime, wall))
                .chains(chains)
                .diagnostic("walkers", nw)
                .diagnostic("steps", steps)
                .diagnostic("burnIn", burnIn)
                .diagnostic("thin", thin)
                .diagnostic("burnInCapped", k.capped)
                .diagnostic("equilibrationStep", k.equilibration)
                .diagnostic("keptSteps", kept)
                .diagnostic("stride", c.stride())
                .diagnostic("storedSteps", rows)
                .diagnostic("maxStoredSteps", c.capacity())
                .diagnostic("moves", options.move().describe())
                .diagnostic("acceptanceFraction", s.acceptance())
                .diagnostic("tau", tauMap)
                .diagnostic("tauMax", k.tauMax)
                .diagnostic("chainOverTau", steps / k.tauMax)
                .diagnostic("tauReliable", steps > options.minTauMultiple() * k.tauMax)
                .diagnostic("essFromTau", nw * (double) (steps - burnIn) / k.tauMax)
                .diagnostic("untilConverged", options.runUntilConverged())
                .diagnostic("rhatMax", maxRhat == Double.NEGATIVE_INFINITY ? Double.NaN : maxRhat)
                .diagnostic("essMean", essMean)
                .diagnostic("mcseMean", mcseMean)
                .diagnostic("mcseSd", mcseSd)
                .diagnostic("mcseQ05", mcseQ05)
                .diagnostic("mcseQ50", mcseQ50)
                .diagnostic("mcseQ95", mcseQ95);
        if (options.runUntilConverged()) {
            b.diagnostic("converged", s.converged);
        }
        return b.build();
    }

    /**
     * The draws a result keeps, in rows of the stored chain: tau extremes (steps), the equilibration step, burn-in
     * and thinning (steps, then rows), whether the burn-in cap applied, and the number of kept rows.
     */
    private record Kept(double[] tau, double tauMax, int equilibration, boolean capped, int burnRow, int thinRows,
                        int rows) {
    }

    /**
     * Burn-in and thinning in real steps from tau ({@link #burnInAndThin}), then in rows of the stored chain: the
     * first kept row is the first stored step at or after the burn-in, and the thinning is rounded down to a
     * multiple of the stride (at least the stride: once tau / 2 is below the stride, every stored row after burn-in
     * is kept). With stride 1 these are the steps themselves.
     */
    private Kept kept(ChainStore c, double[] tau) {
        double tauMax = 1;
        double tauMin = Double.POSITIVE_INFINITY;
        for (double t : tau) {
            if (!Double.isNaN(t)) {
                tauMax = Math.max(tauMax, t);
                tauMin = Math.min(tauMin, t);
            }
        }
        if (tauMin == Double.POSITIVE_INFINITY) {
            tauMin = 1;
        }
        int stride = c.stride();
        int equilibration = equilibrationRow(c) * stride;
        int[] bt = burnInAndThin(c.steps(), equilibration, tauMax, tauMin);
        int burnRow = (bt[0] + stride - 1) / stride;
        int thinRows = Math.max(1, bt[1] / stride);
        int rows = c.rows() > burnRow ? (c.rows() - burnRow + thinRows - 1) / thinRows : 0;
        return new Kept(tau, tauMax, equilibration, bt[2] == 1, burnRow, thinRows, rows);
    }

    /**
     * Burn-in (explicit, or the equilibration step + floor(2 max tau), capped at half the chain), thinning (explicit,
     * or max(1, floor(min tau / 2))) and whether the cap applied; all in steps.
     */
    private int[] burnInAndThin(int steps, int equilibration, double tauMax, double tauMin) {
        int burnIn = options.burnIn() >= 0 ? options.burnIn() : equilibration + (int) (2 * tauMax);
        int capped = 0;
        if (burnIn > steps / 2 && (options.burnIn() < 0 || burnIn >= steps)) {
            burnIn = steps / 2;
            capped = 1;
        }
        int thin = options.thin() > 0 ? options.thin() : Math.max(1, (int) (0.5 * tauMin));
        return new int[] {burnIn, thin, capped};
    }

    /**
     * The first row at which the walker-averaged log posterior comes within one standard deviation (of that average
     * over the second half of the chain) of its second-half mean: the end of the initial transient (walkers started
     * from a broad prior need many tau to contract; the whole-chain tau does not see this). 0 for chains shorter
     * than 2 rows.
     */
    static int equilibrationRow(ChainStore c) {
        int rows = c.rows();
        if (rows < 2) {
            return 0;
        }
        double[] mean = c.meanLogPosterior();
        int m = rows - rows / 2;
        double avg = 0;
        for (int t = rows / 2; t < rows; t++) {
            avg += mean[t];
        }
        avg /= m;
        double var = 0;
        for (int t = rows / 2; t < rows; t++) {
            var += (mean[t] - avg) * (mean[t] - avg);
        }
        double target = avg - Math.sqrt(var / m);
        for (int t = 0; t < rows; t++) {
            if (mean[t] >= target) {
                return t;
            }
        }
        return rows / 2;
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            if (!Double.isNaN(v)) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ likelihood evaluation

    /** Evaluates batches of thetas through the batch likelihood, split into contiguous chunks over threads. */
    private static final class Evaluator {
        private final InferenceProblem problem;
        private final WorkPool pool;

        Evaluator(InferenceProblem problem, WorkPool pool) {
            this.problem = problem;
            this.pool = pool;
        }

        /** {@code out[idx[i]] = ln L(thetas[idx[i]])} for i < count, in one contiguous chunk per thread. */
        void evaluate(double[][] thetas, int[] idx, int count, double[] out) {
            if (count == 0) {
                return;
            }
            int chunks = Math.min(pool.threads(), count);
            pool.forEach(chunks, c -> run(thetas, idx, (int) ((long) count * c / chunks),
                    (int) ((long) count * (c + 1) / chunks), out));
        }

        private void run(double[][] thetas, int[] idx, int from, int to, double[] out) {
            int m = to - from;
            double[][] batch = new double[m][];
            for (int i = 0; i < m; i++) {
                batch[i] = thetas[idx[from + i]];
            }
            double[] res = new double[m];
            problem.logLikelihood(batch, res);
            for (int i = 0; i < m; i++) {
                out[idx[from + i]] = res[i];
            }
        }
    }
}
