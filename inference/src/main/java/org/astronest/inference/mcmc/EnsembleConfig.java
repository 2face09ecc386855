package org.astronest.inference.mcmc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        for (Map.Entry<String, Object> e : config.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw new IllegalArgumentException("sampler." + e.getKey() + " = " + show(e.getValue())
                        + ": not an ensemble option; known: " + String.join(", ", KEYS));
            }
        }
        Map<String, Object> c = config;
        // the order matters only for the cross-checks: the mode and steps before burn_in (burn_in < steps)
        if (c.get("walkers") != null) {
            int v = autoInt(c, "walkers", 0);
            EnsembleSampler.Options base = o;
            o = apply(c, "walkers", () -> base.withWalkers(v));
        }
        if (c.get("until_converged") != null && bool(c, "until_converged")) {
            o = o.untilConverged();
        }
        if (c.get("steps") != null) {
            int v = integer(c, "steps");
            EnsembleSampler.Options base = o;
            // withSteps means fixed-length mode: keep until_converged as given
            o = apply(c, "steps", () -> base.runUntilConverged() ? base.withSteps(v).untilConverged()
                    : base.withSteps(v));
        }
        if (c.get("max_steps") != null) {
            int v = integer(c, "max_steps");
            EnsembleSampler.Options base = o;
            o = apply(c, "max_steps", () -> base.withMaxSteps(v));
        }
        if (c.get("threads") != null) {
            int v = integer(c, "threads");
            EnsembleSampler.Options base = o;
            o = apply(c, "threads", () -> base.withThreads(v));
        }
        if (c.get("moves") != null) {
            String spec = String.valueOf(c.get("moves"));
            EnsembleSampler.Options base = o;
            o = apply(c, "moves", () -> base.withMove(Moves.parse(spec)));
        }
        if (c.get("burn_in") != null) {
            int v = autoInt(c, "burn_in", -1);
            EnsembleSampler.Options base = o;
            o = apply(c, "burn_in", () -> base.withBurnInAndThin(v, base.thin()));
        }
        if (c.get("thin") != null) {
            int v = autoInt(c, "thin", 0);
            EnsembleSampler.Options base = o;
            o = apply(c, "thin", () -> base.withBurnInAndThin(base.burnIn(), v));
        }
        if (c.get("check_interval") != null) {
            int v = integer(c, "check_interval");
            EnsembleSampler.Options base = o;
            o = apply(c, "check_interval", () -> base.withConvergence(v, base.tauTolerance(), base.minTauMultiple()));
        }
        if (c.get("tau_tolerance") != null) {
            double v = number(c, "tau_tolerance");
            EnsembleSampler.Options base = o;
            o = apply(c, "tau_tolerance", () -> base.withConvergence(base.checkInterval(), v, base.minTauMultiple()));
        }
        if (c.get("min_tau_multiple") != null) {
            double v = number(c, "min_tau_multiple");
            EnsembleSampler.Options base = o;
            o = apply(c, "min_tau_multiple", () -> base.withConvergence(base.checkInterval(), base.tauTolerance(),
                    v));
        }
        if (c.get("max_calls") != null) {
            long v = longValue(c, "max_calls");
            EnsembleSampler.Options base = o;
            o = apply(c, "max_calls", () -> base.withMaxCalls(v));
        }
        if (c.get("checkpoint_seconds") != null) {
            double v = number(c, "checkpoint_seconds");
            EnsembleSampler.Options base = o;
            o = apply(c, "checkpoint_seconds", () -> base.withCheckpoint(base.checkpoint(), v));
        }
        double[] center = numbers(c, "initial_center");
        double[] scale = numbers(c, "initial_scale");
        if (center != null || scale != null) {
            if (center == null || scale == null) {
                String given = center != null ? "initial_center" : "initial_scale";
                throw new IllegalArgumentException("sampler." + given + " = " + show(c.get(given))
                        + ": initial_center and initial_scale must be given together");
            }
            EnsembleSampler.Options base = o;
            o = apply(c, "initial_scale", () -> base.withInitialBall(center, scale));
        }
        if (c.get("rhat_target") != null) {
            double v = OFF.equals(text(c, "rhat_target")) ? Double.NaN : number(c, "rhat_target");
            EnsembleSampler.Options base = o;
            o = apply(c, "rhat_target", () -> base.withRhatTarget(v));
        }
        if (c.get("min_ess") != null) {
            double v = OFF.equals(text(c, "min_ess")) ? 0 : number(c, "min_ess");
            EnsembleSampler.Options base = o;
            o = apply(c, "min_ess", () -> base.withMinEss(v));
        }
        if (c.get("max_stored_steps") != null) {
            int v = autoInt(c, "max_stored_steps", 0);
            EnsembleSampler.Options base = o;
            o = apply(c, "max_stored_steps", () -> base.withMaxStoredSteps(v));
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

    /** Runs {@code f}; a validation error becomes one naming {@code sampler.KEY} and the value. */
    private static EnsembleSampler.Options apply(Map<String, Object> c, String key,
                                                 java.util.function.Supplier<EnsembleSampler.Options> f) {
        try {
            return f.get();
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage();
            msg = msg.startsWith("ensemble: ") ? msg.substring("ensemble: ".length()) : msg;
            throw new IllegalArgumentException("sampler." + key + " = " + show(c.get(key)) + ": " + msg, e);
        }
    }

    private static String show(Object v) {
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }

    private static String text(Map<String, Object> c, String key) {
        return c.get(key).toString().trim().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException bad(Map<String, Object> c, String key, String what) {
        return new IllegalArgumentException("sampler." + key + " must be " + what + ", got " + show(c.get(key)));
    }

    private static int integer(Map<String, Object> c, String key) {
        long v = longValue(c, key);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw bad(c, key, "an integer of at most " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** An integer, or {@code auto} (the option's automatic value {@code auto}). */
    private static int autoInt(Map<String, Object> c, String key, int auto) {
        if (AUTO.equals(text(c, key))) {
            return auto;
        }
        try {
            return integer(c, key);
        } catch (IllegalArgumentException e) {
            throw bad(c, key, "an integer or 'auto'");
        }
    }

    private static long longValue(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v instanceof Number n) {
            if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                return n.longValue();
            }
            double x = n.doubleValue();
            if (x == Math.rint(x) && Math.abs(x) < 0x1p63) {
                return (long) x;
            }
            throw bad(c, key, "an integer");
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw bad(c, key, "an integer");
        }
    }

    private static double number(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw bad(c, key, "a number");
        }
    }

    private static boolean bool(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        String s = text(c, key);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw bad(c, key, "true or false");
    }

    private static double[] numbers(Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null || NONE.equals(text(c, key))) {
            return null;
        }
        if (v instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (v instanceof List<?> l) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw new IllegalArgumentException("sampler." + key + "[" + i + "] must be a number, got "
                            + show(l.get(i)));
                }
                out[i] = n.doubleValue();
            }
            return out;
        }
        throw bad(c, key, "a number or a list of numbers");
    }
}
