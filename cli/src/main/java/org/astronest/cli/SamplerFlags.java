package org.astronest.cli;

import picocli.CommandLine.Option;

/**
 * Sampler options shared by {@code problem} and {@code run}. Null means "not given": the sampler's documented
 * default, or the config's value, applies.
 */
public final class SamplerFlags {

    @Option(names = "--sampler", description = "Sampler: nested (default), ensemble or nuts.")
    public String sampler;

    @Option(names = "--seed", description = "Random seed (default 42, or the config's seed).")
    public Long seed;

    @Option(names = "--threads", description = "Worker threads (default: all cores).")
    public Integer threads;

    @Option(names = "--live-points", description = "Nested sampling: number of live points.")
    public Integer livePoints;

    @Option(names = "--dlogz", description = "Nested sampling: stop when the remaining evidence is below this (nats).")
    public Double dlogz;

    @Option(names = "--bootstraps", description = "Nested sampling: bootstrap rounds for each ellipsoid's "
            + "enlargement and the MLFriends radius (default 30).")
    public Integer bootstraps;

    @Option(names = "--max-calls", description = "Upper bound on likelihood calls.")
    public Long maxCalls;

    @Option(names = "--walkers", description = "Ensemble: number of walkers.")
    public Integer walkers;

    @Option(names = "--steps", description = "Ensemble: number of steps per walker.")
    public Integer steps;

    @Option(names = "--until-converged", description = "Ensemble: run until the autocorrelation time is stable.")
    public boolean untilConverged;

    @Option(names = "--chains", description = "NUTS: number of chains (default 4).")
    public Integer chains;

    @Option(names = "--warmup", description = "NUTS: warm-up iterations per chain (default 1000).")
    public Integer warmup;

    @Option(names = "--draws", description = "NUTS: draws per chain after warm-up (default 1000).")
    public Integer draws;

    @Option(names = "--metric", description = "NUTS: diag (default) or dense metric.")
    public String metric;

    @Option(names = "--adapt-delta", description = "NUTS: target acceptance statistic (default 0.8).")
    public Double adaptDelta;

    @Option(names = "--max-depth", description = "NUTS: maximum tree depth (default 10).")
    public Integer maxDepth;

    @Option(names = "--init", description = "NUTS: where chains start: prior (default, random draws) or map (around "
            + "the posterior mode found by L-BFGS, with Laplace-approximation scales).")
    public String init;

    @Option(names = "--resume", description = "Continue from the checkpoint in the output directory.")
    public boolean resume;

    @Option(names = "--quiet", description = "No progress line on stderr (the summary is still printed).")
    public boolean quiet;

    @Option(names = "--force", description = "Replace the run already in the output directory (its run files are "
            + "deleted first).")
    public boolean force;

    /** Default seed when neither the command line nor a config gives one. */
    public static final long DEFAULT_SEED = 42;

    /**
     * The sampler options given on the command line as config keys: flag name -> (snake_case key, value), in a fixed
     * order. {@code --resume}, {@code --seed} and {@code --sampler} are not sampler options.
     */
    public java.util.Map<String, java.util.Map.Entry<String, Object>> asConfig() {
        java.util.Map<String, java.util.Map.Entry<String, Object>> m = new java.util.LinkedHashMap<>();
        put(m, "--live-points", "live_points", livePoints);
        put(m, "--dlogz", "dlogz", dlogz);
        put(m, "--bootstraps", "bootstraps", bootstraps);
        put(m, "--max-calls", "max_calls", maxCalls);
        put(m, "--threads", "threads", threads);
        put(m, "--walkers", "walkers", walkers);
        put(m, "--steps", "steps", steps);
        put(m, "--until-converged", "until_converged", untilConverged ? Boolean.TRUE : null);
        put(m, "--chains", "chains", chains);
        put(m, "--warmup", "warmup", warmup);
        put(m, "--draws", "draws", draws);
        put(m, "--metric", "metric", metric);
        put(m, "--adapt-delta", "adapt_delta", adaptDelta);
        put(m, "--max-depth", "max_depth", maxDepth);
        put(m, "--init", "init", init);
        return m;
    }

    private static void put(java.util.Map<String, java.util.Map.Entry<String, Object>> m, String flag, String key,
                            Object value) {
        if (value != null) {
            m.put(flag, java.util.Map.entry(key, value));
        }
    }

    public String samplerOr(String fallback) {
        return sampler != null ? sampler : fallback;
    }

    public long seedOr(Long fallback) {
        return seed != null ? seed : fallback != null ? fallback : DEFAULT_SEED;
    }
}
