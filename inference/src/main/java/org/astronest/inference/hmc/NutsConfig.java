package org.astronest.inference.hmc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.astronest.inference.SamplerConfig;

/**
 * The config form of {@link NutsSampler.Options} (snake_case keys of a config's {@code sampler:} section, named as
 * CmdStan's arguments where one exists: {@code max_depth}, {@code adapt_delta}, {@code metric}, {@code step_size}).
 */
final class NutsConfig {

    /** The config keys, in the order {@code toConfig} writes them. */
    static final List<String> KEYS = List.of("chains", "warmup", "draws", "max_depth", "adapt_delta", "metric",
            "step_size", "threads", "init", "initial_center", "initial_scale", "checkpoint_seconds");

    private static final String NONE = "none";

    private NutsConfig() {
    }

    static NutsSampler.Options fromConfig(Map<String, Object> config) {
        NutsSampler.Options o = NutsSampler.Options.defaults();
        if (config == null) {
            return o;
        }
        SamplerConfig c = SamplerConfig.of(config, KEYS, NutsSampler.NAME);
        if (c.has("chains")) {
            int v = c.integer("chains", 0);
            NutsSampler.Options base = o;
            o = c.apply("chains", NutsSampler.NAME, () -> base.withChains(v));
        }
        if (c.has("warmup")) {
            int v = c.integer("warmup", 0);
            NutsSampler.Options base = o;
            o = c.apply("warmup", NutsSampler.NAME, () -> base.withIterations(v, base.draws()));
        }
        if (c.has("draws")) {
            int v = c.integer("draws", 0);
            NutsSampler.Options base = o;
            o = c.apply("draws", NutsSampler.NAME, () -> base.withIterations(base.warmup(), v));
        }
        if (c.has("max_depth")) {
            int v = c.integer("max_depth", 0);
            NutsSampler.Options base = o;
            o = c.apply("max_depth", NutsSampler.NAME, () -> base.withMaxTreeDepth(v));
        }
        if (c.has("adapt_delta")) {
            double v = c.number("adapt_delta", 0);
            NutsSampler.Options base = o;
            o = c.apply("adapt_delta", NutsSampler.NAME, () -> base.withTargetAccept(v));
        }
        if (c.has("metric")) {
            String v = c.text("metric", null);
            NutsSampler.Options base = o;
            o = c.apply("metric", NutsSampler.NAME, () -> base.withMetric(MetricForm.parse(v)));
        }
        if (c.has("step_size")) {
            double v = c.number("step_size", 0);
            NutsSampler.Options base = o;
            o = c.apply("step_size", NutsSampler.NAME, () -> base.withStepSize(v));
        }
        if (c.has("threads")) {
            int v = c.integer("threads", 0);
            NutsSampler.Options base = o;
            o = c.apply("threads", NutsSampler.NAME, () -> base.withThreads(v));
        }
        if (c.has("init")) {
            String v = c.text("init", null);
            if (!v.equals("map") && !v.equals("prior")) {
                throw new IllegalArgumentException("sampler.init = " + SamplerConfig.show(v)
                        + ": choose prior (random starts) or map (around the posterior mode)");
            }
            NutsSampler.Options base = o;
            o = c.apply("init", NutsSampler.NAME, () -> base.withInitAtMode(v.equals("map")));
        }
        if (c.has("checkpoint_seconds")) {
            double v = c.number("checkpoint_seconds", 0);
            NutsSampler.Options base = o;
            o = c.apply("checkpoint_seconds", NutsSampler.NAME, () -> base.withCheckpoint(base.checkpoint(), v));
        }
        double[] center = c.isWord("initial_center", NONE) ? null : c.numbers("initial_center");
        double[] scale = c.isWord("initial_scale", NONE) ? null : c.numbers("initial_scale");
        if (center != null || scale != null) {
            if (center == null || scale == null) {
                String given = center != null ? "initial_center" : "initial_scale";
                throw new IllegalArgumentException("sampler." + given + " = " + SamplerConfig.show(c.raw(given))
                        + ": initial_center and initial_scale must be given together");
            }
            NutsSampler.Options base = o;
            o = c.apply("initial_scale", NutsSampler.NAME, () -> base.withInitialBall(center, scale));
        }
        return o;
    }

    static Map<String, Object> toConfig(NutsSampler.Options o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chains", o.chains());
        m.put("warmup", o.warmup());
        m.put("draws", o.draws());
        m.put("max_depth", o.maxTreeDepth());
        m.put("adapt_delta", o.targetAccept());
        m.put("metric", o.metric().name());
        m.put("step_size", o.stepSize());
        m.put("threads", o.threads());
        m.put("init", o.initAtMode() ? "map" : "prior");
        m.put("initial_center", list(o.initialCenter()));
        m.put("initial_scale", list(o.initialScale()));
        m.put("checkpoint_seconds", o.checkpointSeconds());
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
