package org.astronest.cli.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.astronest.cli.ConfigModel;
import org.astronest.cli.Models;
import org.astronest.cli.RunModel;
import org.astronest.cli.SamplerFactory;
import org.astronest.cli.Verdict;
import org.astronest.cli.config.ConfigLoader;
import org.astronest.cli.config.RunConfig;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.ParameterSummary;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.Rngs;
import org.astronest.inference.Sampler;
import org.astronest.priors.PriorSet;

/**
 * Runs one task of a map: the model config with the task's values set at their config paths, validated as
 * {@code run} validates a config, then one single-threaded sampler run whose generator is
 * {@code Rngs.stream(seed, MAP_STREAM, h(key))} (h: the first 8 bytes of the key's SHA-256), so a task's posterior
 * depends on the seed and its key only, not on the order, the thread or the shard it runs in. Whatever goes wrong in a
 * task (a NaN value, a bad sigma, a likelihood that throws) becomes a failed {@link TaskResult} with one line saying
 * why; the rest of the map goes on.
 */
public final class MapRunner {

    /** The stream kind of map tasks in {@code Rngs.stream(seed, kind, key)}. */
    public static final long MAP_STREAM = 0x4D4150L;

    private final String file;
    private final String text;
    private final JsonNode template;
    private final long seed;
    private final java.nio.file.Path taskDirs;

    /**
     * @param file     the config's name (messages)
     * @param text     its text (provenance)
     * @param template the config tree without its {@code map} section
     * @param seed     the map's seed
     */
    public MapRunner(String file, String text, JsonNode template, long seed) {
        this(file, text, template, seed, null);
    }

    /**
     * As above; with {@code taskDirs} not null each task's whole run directory ({@code RunDirectory.write}: samples,
     * summary, result.json) is also written to {@code taskDirs/KEY/}.
     */
    public MapRunner(String file, String text, JsonNode template, long seed, java.nio.file.Path taskDirs) {
        this.file = file;
        this.text = text;
        this.template = template;
        this.seed = seed;
        this.taskDirs = taskDirs;
    }

    /** The config of a task (its values set), validated; used for the first task before any work, too. */
    public RunConfig config(MapTasks.Task t) {
        JsonNode tree = template.deepCopy();
        for (Map.Entry<String, Double> e : t.values().entrySet()) {
            MapSpec.set(tree, e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : t.texts().entrySet()) {
            MapSpec.set(tree, e.getKey(), e.getValue());
        }
        return ConfigLoader.fromTree(file, text, tree);
    }

    /** The parameters of the model drawn on a log axis (log-uniform and log-normal priors), from a task's config. */
    public java.util.Set<String> logAxes(MapTasks.Task t) {
        RunConfig c = config(t);
        ConfigModel m = Models.create(c);
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        if (m instanceof RunModel model) {
            for (var p : c.priors(model.type(), model.defaults()).parameters()) {
                if (p.prior().isLogScale()) {
                    out.add(p.name());
                }
            }
        }
        return out;
    }

    /** Fits one task; never throws for a problem of the task itself. */
    public TaskResult run(MapTasks.Task t) {
        for (Map.Entry<String, Double> e : t.values().entrySet()) {
            if (Double.isNaN(e.getValue())) {
                return TaskResult.failed(t, "task " + t.key() + ": " + e.getKey() + " is NaN (a blank pixel or an "
                        + "empty cell)");
            }
        }
        try {
            RunConfig c = config(t);
            ConfigModel m = Models.create(c);
            if (!(m instanceof RunModel model)) {
                return TaskResult.failed(t, "task " + t.key() + ": model type '" + m.type() + "' is fitted by its own "
                        + "method; map runs sampled models");
            }
            PriorSet priors = c.priors(model.type(), model.defaults());
            InferenceProblem problem = model.problem(priors);
            Map<String, Object> options = new LinkedHashMap<>(c.sampler());
            options.put("threads", 1);
            Sampler sampler = SamplerFactory.create(c.samplerType(), null, options, null);
            long taskSeed = Rngs.stream(seed, MAP_STREAM, keyHash(t.key())).nextLong();
            RunResult r = sampler.run(problem, Rngs.seeded(taskSeed), RunListener.NONE);
            if (taskDirs != null) {
                org.astronest.cli.io.RunDirectory.write(taskDirs.resolve(t.key().replaceAll("[^A-Za-z0-9_.+\\-]", "_")),
                        r.toBuilder().observed(model.observed().orElse(null)).build(), null);
            }
            // free and derived columns: a fixed parameter is the same number in every row
            java.util.Set<String> fixed = new java.util.HashSet<>();
            r.columns().forEach(col -> {
                if (org.astronest.inference.ColumnInfo.FIXED.equals(col.role())) {
                    fixed.add(col.name());
                }
            });
            Map<String, double[]> ps = new LinkedHashMap<>();
            for (ParameterSummary p : r.summary().all()) {
                if (!fixed.contains(p.name())) {
                    ps.put(p.name(), new double[] {p.mean(), p.sd(), p.q05(), p.q16(), p.q50(), p.q84(), p.q95()});
                }
            }
            List<String> warnings = new ArrayList<>();
            for (String line : Verdict.of(r)) {
                if (line.startsWith("warning: ")) {
                    warnings.add(line.substring("warning: ".length()));
                }
            }
            double logZ = r.evidence().map(ev -> ev.logZ()).orElse(Double.NaN);
            double logZErr = r.evidence().map(ev -> ev.logZErr()).orElse(Double.NaN);
            return new TaskResult(t.key(), t.index(), t.x(), t.y(), "ok", "", logZ, logZErr, r.likelihoodCalls(),
                    List.copyOf(warnings), ps);
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return TaskResult.failed(t, "task " + t.key() + ": " + msg.lines().findFirst().orElse(msg));
        }
    }

    /** The first 8 bytes of the SHA-256 of the key, as a long. */
    static long keyHash(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xFF);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The config tree of a map file without its {@code map} section. */
    public static JsonNode template(JsonNode tree) {
        JsonNode t = tree.deepCopy();
        if (t instanceof ObjectNode o) {
            o.remove("map");
        }
        return t;
    }
}
