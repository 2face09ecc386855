package org.astronest.inference.mcmc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.astronest.inference.SamplerConfig;
import org.astronest.inference.diagnostics.Autocorrelation;

/**
 * The config form of {@link EnsembleSampler.Options} (snake_case keys of a config's {@code sampler:} section):
 * {@link EnsembleSampler.Options#fromConfig} and {@link EnsembleSampler.Options#toConfig} delegate here.
 */
final class EnsembleConfig {

    /** The config keys, in the order {@code toConfig} writes them. */
    static final List<String> KEYS = List.of("walkers", "steps", "until_converged", "max_steps", "threads", "moves",
            "burn_in", "thin", "check_interval", "tau_tolerance", "min_tau_multiple", "max_calls",
            "checkpoint_seconds", "initial_center", "initial_scale", "rhat_target", "min_ess", "max_stored_steps");

    private static final String AUTO = "auto";
    private static final String OFF = "off";
    /** The initial ball's keys without a ball (start from the prior); null reads the same. */
    private static final String NONE = "none";

    private EnsembleConfig() {
    }

    static EnsembleSampler.Options fromConfig(Map<String, Object> config) {
        EnsembleSampler.Options o = EnsembleSampler.Options.defaults();
        if (config == null) {
            return o;
        }
        SamplerConfig c = SamplerConfig.of(config, KEYS, "ensemble");
        // the order matters only for the cross-checks: the mode and steps before burn_in (burn_in < steps)
        if (c.has("walkers")) {
            int v = c.integerOrAuto("walkers", 0, 0);
            EnsembleSampler.Options base = o;
            o = c.apply("walkers", "ensemble", () -> base.withWalkers(v));
        }
        if (c.bool("until_converged", false)) {
            o = o.untilConverged();
        }
        if (c.has("steps")) {
            int v = c.integer("steps", 0);
            EnsembleSampler.Options base = o;
            // withSteps means fixed-length mode: keep until_converged as given
            o = c.apply("steps", "ensemble", () -> base.runUntilConverged() ? base.withSteps(v).untilConverged()
                    : base.withSteps(v));
        }
        if (c.has("max_steps")) {
            int v = c.integer("max_steps", 0);
            EnsembleSampler.Options base = o;
            o = c.apply("max_steps", "ensemble", () -> base.withMaxSteps(v));
        }
        if (c.has("threads")) {
            int v = c.integer("threads", 0);
            EnsembleSampler.Options base = o;
            o = c.apply("threads", "ensemble", () -> base.withThreads(v));
        }
        if (c.has("moves")) {
            String spec = c.text("moves", null);
            EnsembleSampler.Options base = o;
            o = c.apply("moves", "ensemble", () -> base.withMove(Moves.parse(spec)));
        }
        if (c.has("burn_in")) {
            int v = c.integerOrAuto("burn_in", -1, 0);
            EnsembleSampler.Options base = o;
            o = c.apply("burn_in", "ensemble", () -> base.withBurnInAndThin(v, base.thin()));
        }
        if (c.has("thin")) {
            int v = c.integerOrAuto("thin", 0, 0);
            EnsembleSampler.Options base = o;
            o = c.apply("thin", "ensemble", () -> base.withBurnInAndThin(base.burnIn(), v));
        }
        if (c.has("check_interval")) {
            int v = c.integer("check_interval", 0);
            EnsembleSampler.Options base = o;
            o = c.apply("check_interval", "ensemble", () -> base.withConvergence(v, base.tauTolerance(), base.minTauMultiple()));
        }
        if (c.has("tau_tolerance")) {
            double v = c.number("tau_tolerance", 0);
            EnsembleSampler.Options base = o;
            o = c.apply("tau_tolerance", "ensemble", () -> base.withConvergence(base.checkInterval(), v, base.minTauMultiple()));
        }
        if (c.has("min_tau_multiple")) {
            double v = c.number("min_tau_multiple", 0);
            EnsembleSampler.Options base = o;
            o = c.apply("min_tau_multiple", "ensemble", () -> base.withConvergence(base.checkInterval(), base.tauTolerance(),
                    v));
        }
        if (c.has("max_calls")) {
            long v = c.longValue("max_calls", 0);
            EnsembleSampler.Options base = o;
            o = c.apply("max_calls", "ensemble", () -> base.withMaxCalls(v));
        }
        if (c.has("checkpoint_seconds")) {
            double v = c.number("checkpoint_seconds", 0);
            EnsembleSampler.Options base = o;
            o = c.apply("checkpoint_seconds", "ensemble", () -> base.withCheckpoint(base.checkpoint(), v));
        }
        double[] center = c.isWord("initial_center", NONE) ? null : c.numbers("initial_center");
        double[] scale = c.isWord("initial_scale", NONE) ? null : c.numbers("initial_scale");
        if (center != null || scale != null) {
            if (center == null || scale == null) {
                String given = center != null ? "initial_center" : "initial_scale";
                throw new IllegalArgumentException("sampler." + given + " = " + SamplerConfig.show(c.raw(given))
                        + ": initial_center and initial_scale must be given together");
            }
            EnsembleSampler.Options base = o;
            o = c.apply("initial_scale", "ensemble", () -> base.withInitialBall(center, scale));
        }
        if (c.has("rhat_target")) {
            double v = c.isWord("rhat_target", OFF) ? Double.NaN : c.number("rhat_target", 0);
            EnsembleSampler.Options base = o;
            o = c.apply("rhat_target", "ensemble", () -> base.withRhatTarget(v));
        }
        if (c.has("min_ess")) {
            double v = c.isWord("min_ess", OFF) ? 0 : c.number("min_ess", 0);
            EnsembleSampler.Options base = o;
            o = c.apply("min_ess", "ensemble", () -> base.withMinEss(v));
        }
        if (c.has("max_stored_steps")) {
            int v = c.integerOrAuto("max_stored_steps", 0, 0);
            EnsembleSampler.Options base = o;
            o = c.apply("max_stored_steps", "ensemble", () -> base.withMaxStoredSteps(v));
        }
        return o;
    }

    static Map<String, Object> toConfig(EnsembleSampler.Options o, int dim) {
        if (o.windowC() != Autocorrelation.DEFAULT_WINDOW_C) {
            throw new IllegalArgumentException("ensemble: window_c = " + o.windowC() + " has no config key (the "
                    + "config form uses the default " + Autocorrelation.DEFAULT_WINDOW_C + ")");
        }
        int nw = o.walkersFor(dim);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("walkers", nw);
        m.put("steps", o.steps());
        m.put("until_converged", o.runUntilConverged());
        m.put("max_steps", o.maxSteps());
        m.put("threads", o.threads());
        m.put("moves", Moves.spec(o.move()));
        m.put("burn_in", o.burnIn() < 0 ? AUTO : (Object) o.burnIn());
        m.put("thin", o.thin() == 0 ? AUTO : (Object) o.thin());
        m.put("check_interval", o.checkInterval());
        m.put("tau_tolerance", o.tauTolerance());
        m.put("min_tau_multiple", o.minTauMultiple());
        m.put("max_calls", o.maxCalls());
        m.put("checkpoint_seconds", o.checkpointSeconds());
        m.put("initial_center", list(o.initialCenter()));
        m.put("initial_scale", list(o.initialScale()));
        m.put("rhat_target", Double.isNaN(o.rhatTarget()) ? OFF : (Object) o.rhatTarget());
        m.put("min_ess", o.minEss());
        m.put("max_stored_steps", o.storedStepsFor(nw, dim));
        return m;
    }

    private static Object list(double[] v) {
        if (v == null) {
            return NONE;
        }
        List<Double> l = new ArrayList<>(v.length);
        for (double x : v) {
            l.add(x);
        }
        return l;
    }
}
