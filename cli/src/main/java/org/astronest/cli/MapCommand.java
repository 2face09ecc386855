package org.astronest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.astronest.cli.config.ConfigLoader;
import org.astronest.cli.config.Node;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.cli.io.RunDirectory;
import org.astronest.cli.io.RunLock;
import org.astronest.cli.map.MapJournal;
import org.astronest.cli.map.MapOutputs;
import org.astronest.cli.map.MapRunner;
import org.astronest.cli.map.MapSpec;
import org.astronest.cli.map.MapTasks;
import org.astronest.cli.map.TaskResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code astronest map CONFIG --out DIR}: one fit per pixel of FITS maps or per row of a table (docs/maps.md). Tasks
 * run in parallel, one single-threaded fit per thread; each finished task is journalled at once
 * ({@code tasks.jsonl}), so {@code --resume} after a kill skips the finished ones; {@code --shard k/n} runs every
 * n-th task for a job array and {@code map merge} joins the shards. Every task's seed comes from the map's seed and
 * its key, so the table is the same for any thread count or sharding.
 */
@Command(name = "map", mixinStandardHelpOptions = true, subcommands = {MapCommand.Merge.class, MapSynthesize.class},
        description = "Fit every pixel of FITS maps or every row of a table (one model config, one fit per task).")
public final class MapCommand implements Callable<Integer> {

    /** The map's own record: what was run, for resume checks and merges. */
    public static final String MAP_JSON = "map.json";

    /** The subdirectory of the per-task run directories ({@code --task-dirs}). */
    public static final String TASK_DIRS = "tasks";

    @Parameters(paramLabel = "CONFIG", arity = "0..1",
            description = "A run config with a map: section (docs/maps.md).")
    Path config;

    // not picocli-required: the subcommands (merge, synthesize) are given without them
    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (required).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Tasks run at once (default: the processors).")
    Integer threads;

    @Option(names = "--shard", paramLabel = "K/N", description = "Run only tasks K, K+N, ... (1-based; for job arrays).")
    String shard;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the map (default: the config's, else 42).")
    Long seed;

    @Option(names = "--task-dirs", description = "Also write every task's run directory into DIR/tasks/KEY/.")
    boolean taskDirs;

    @Option(names = "--resume", description = "Continue a map in DIR: skip the tasks it finished.")
    boolean resume;

    @Option(names = "--force", description = "Replace a map already in DIR.")
    boolean force;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter w = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (config == null) {
            throw new Main.UsageException("give the map's CONFIG (or a subcommand: merge, synthesize); see "
                    + "astronest map --help");
        }
        if (out == null) {
            throw new Main.UsageException("--out DIR is required: the directory of the map's table and maps");
        }
        int[] sh = parseShard(shard);
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (nThreads < 1) {
            throw new Main.UsageException("--threads must be >= 1, got " + nThreads);
        }
        Setup su = setup(config, seed);
        String file = su.file();
        String text = su.text();
        MapTasks all = su.tasks();
        long mapSeed = su.seed();
        MapRunner runner = new MapRunner(file, text, su.template(), mapSeed, taskDirs ? out.resolve(TASK_DIRS) : null);
        java.util.Set<String> logAxes = su.logAxes();
        List<MapTasks.Task> mine = new ArrayList<>();
        for (MapTasks.Task t : all.tasks()) {
            if (t.index() % sh[1] == sh[0] - 1) {
                mine.add(t);
            }
        }
        String sha = ConfigLoader.sha256(text);
        claim(out, sha, sh, mapSeed, force, resume);
        Map<String, TaskResult> done = MapJournal.read(out);
        List<MapTasks.Task> todo = new ArrayList<>();
        for (MapTasks.Task t : mine) {
            if (!done.containsKey(t.key())) {
                todo.add(t);
            }
        }
        if (!done.isEmpty()) {
            err.println("resuming: " + done.size() + " of " + mine.size() + " tasks already done");
        }
        writeMapJson(out, sha, mapSeed, sh, all, mine.size(), logAxes);
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (MapJournal journal = MapJournal.open(out)) {
            ExecutorService pool = Executors.newFixedThreadPool(nThreads, r -> {
                Thread th = new Thread(r, "astronest-map");
                th.setDaemon(true);
                return th;
            });
            List<Future<?>> fs = new ArrayList<>();
            for (MapTasks.Task t : todo) {
                fs.add(pool.submit(() -> {
                    TaskResult r = runner.run(t);
                    journal.append(r);
                    if (!r.ok()) {
                        failed.incrementAndGet();
                    }
                    finished.incrementAndGet();
                }));
            }
            pool.shutdown();
            long lastPrint = 0;
            while (!pool.awaitTermination(200, TimeUnit.MILLISECONDS)) {
                long now = System.nanoTime();
                if (!quiet && now - lastPrint > 2_000_000_000L) {
                    lastPrint = now;
                    progress(err, done.size() + finished.get(), mine.size(), failed.get(), finished.get(),
                            (now - t0) * 1e-9, todo.size() - finished.get());
                }
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        double cpu = (processCpuNanos() - cpu0) * 1e-9;
        Map<String, TaskResult> results = MapJournal.read(out);
        List<Path> files = MapOutputs.write(out, new ArrayList<>(results.values()), all.width(), all.height(),
                all.wcs(), logAxes);
        long nFailed = results.values().stream().filter(r -> !r.ok()).count();
        w.printf(Locale.ROOT, "map: %d tasks (%d failed) in %s; this run %d tasks in %.1f s wall, %.1f CPU s "
                        + "(%.3f tasks per CPU second)%n", results.size(), nFailed, out, todo.size(), wall, cpu,
                cpu > 0 ? todo.size() / cpu : Double.NaN);
        for (Path f : files) {
            w.println("wrote " + f);
        }
        return 0;
    }

    /**
     * A map config read and checked before any work: its file name and text, its tasks, the model config without the
     * {@code map} section, the map's seed and the parameters drawn on a log axis.
     */
    public record Setup(String file, String text, MapTasks tasks, JsonNode template, long seed,
                        java.util.Set<String> logAxes) {
    }

    /**
     * Reads a map config as {@code astronest map} does (also for the Spark job, module spark): the seed is
     * {@code seed}, else the config's, else {@link SamplerFlags#DEFAULT_SEED}; the first task's config is validated
     * here, so a bad key fails once, not per task. One-line {@link Main.UsageException}s and config errors.
     */
    public static Setup setup(Path config, Long seed) throws IOException {
        String text;
        try {
            text = Files.readString(config, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Main.UsageException("config file not found: " + config);
        }
        String file = config.getFileName().toString();
        JsonNode tree = ConfigLoader.tree(file, text);
        if (tree == null || !tree.has("map")) {
            throw new Main.UsageException(file + ": no map: section; give images (FITS maps) or table (docs/maps.md)");
        }
        MapSpec mspec = MapSpec.read(Node.root(file, tree).get("map"));
        MapTasks all = MapTasks.of(mspec);
        JsonNode template = MapRunner.template(tree);
        long mapSeed = seed != null ? seed : tree.path("seed").canConvertToLong() ? tree.path("seed").asLong()
                : SamplerFlags.DEFAULT_SEED;
        MapRunner runner = new MapRunner(file, text, template, mapSeed);
        // the config of the first task validated before any work: a bad key fails here, once, not per task
        java.util.Set<String> logAxes = runner.logAxes(withoutNaN(all.tasks().get(0)));
        return new Setup(file, text, all, template, mapSeed, logAxes);
    }

    private static MapTasks.Task withoutNaN(MapTasks.Task t) {
        Map<String, Double> v = new LinkedHashMap<>();
        t.values().forEach((k, x) -> v.put(k, Double.isNaN(x) ? 1.0 : x));
        return new MapTasks.Task(t.key(), t.index(), t.x(), t.y(), v, t.texts());
    }

    /** {@code k/n} with 1 <= k <= n; null is 1/1. */
    static int[] parseShard(String s) {
        if (s == null) {
            return new int[] {1, 1};
        }
        String[] p = s.split("/");
        try {
            if (p.length == 2) {
                int k = Integer.parseInt(p[0].trim());
                int n = Integer.parseInt(p[1].trim());
                if (n >= 1 && k >= 1 && k <= n) {
                    return new int[] {k, n};
                }
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new Main.UsageException("--shard must be K/N with 1 <= K <= N (e.g. 3/16), got '" + s + "'");
    }

    /**
     * Locks DIR (until {@link RunLock#releaseAll()}) and refuses to mix maps: another config, seed or shard there is
     * an error unless {@code force}, which deletes the map's files first; a map there without {@code resume} too.
     */
    public static void claim(Path dir, String sha, int[] sh, long mapSeed, boolean force, boolean resume)
            throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Main.UsageException("--out " + dir + " is a file, not a directory");
        }
        Files.createDirectories(dir);
        try {
            RunLock.acquire(dir);
        } catch (IllegalStateException e) {
            throw new Main.UsageException(e.getMessage());
        }
        Path mj = dir.resolve(MAP_JSON);
        boolean there = Files.exists(mj) || Files.exists(dir.resolve(MapJournal.FILE));
        if (!there) {
            return;
        }
        if (force) {
            for (String f : List.of(MAP_JSON, MapJournal.FILE, MapOutputs.TABLE_CSV, MapOutputs.TABLE_FITS)) {
                Files.deleteIfExists(dir.resolve(f));
            }
            AtomicFiles.deleteTree(dir.resolve(MapOutputs.MAPS));
            AtomicFiles.deleteTree(dir.resolve(TASK_DIRS));
            return;
        }
        if (!resume) {
            throw new Main.UsageException("map directory " + dir + " already holds a map (" + MAP_JSON + "); pass "
                    + "--resume to continue it, --force to replace it, or --out for another directory");
        }
        if (Files.exists(mj)) {
            JsonNode m = RunDirectory.json().readTree(mj.toFile());
            String was = m.path("configSha256").asText();
            if (!was.equals(sha) || m.path("seed").asLong() != mapSeed
                    || !m.path("shard").asText().equals(sh[0] + "/" + sh[1])) {
                throw new Main.UsageException("--resume: " + dir + " holds a map of another config, seed or shard ("
                        + MAP_JSON + ": seed " + m.path("seed").asLong() + ", shard " + m.path("shard").asText()
                        + "); pass --force to replace it");
            }
        }
    }


    /** Writes {@code DIR/map.json}: what {@code --resume} and {@code map merge} check. */
    public static void writeMapJson(Path dir, String sha, long mapSeed, int[] sh, MapTasks all, int mine,
                                    java.util.Set<String> logAxes) {
        ObjectNode m = RunDirectory.json().createObjectNode();
        m.put("mapVersion", 1);
        m.put("configSha256", sha);
        m.put("seed", mapSeed);
        m.put("shard", sh[0] + "/" + sh[1]);
        m.put("tasks", all.tasks().size());
        m.put("tasksInShard", mine);
        m.put("width", all.width());
        m.put("height", all.height());
        m.set("wcs", RunDirectory.json().valueToTree(all.wcs()));
        ArrayNode la = m.putArray("logAxes");
        logAxes.forEach(la::add);
        ArrayNode keys = m.putArray("keys");
        all.tasks().forEach(t -> keys.add(t.key()));
        try {
            AtomicFiles.write(dir.resolve(MAP_JSON), wr -> RunDirectory.json().writeValue(wr, m));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(MAP_JSON) + ": " + e.getMessage(), e);
        }
    }

    private static void progress(PrintWriter err, int done, int total, int failed, int thisRun, double seconds,
                                 int left) {
        double rate = thisRun / Math.max(seconds, 1e-9);
        String eta = rate > 0 ? String.format(Locale.ROOT, "%.0f s", left / rate) : "?";
        err.printf(Locale.ROOT, "map: %d/%d tasks done, %d failed, %.2f tasks/s, ETA %s%n", done, total, failed, rate,
                eta);
        err.flush();
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean s) {
            return s.getProcessCpuTime();
        }
        return 0;
    }

    /** {@code astronest map merge --out DIR SHARD_DIR...}: joins the shards of one map into one table. */
    @Command(name = "merge", mixinStandardHelpOptions = true,
            description = "Join the shards of one map (directories of map --shard k/n) into one table and maps.")
    static final class Merge implements Callable<Integer> {

        @Parameters(paramLabel = "SHARD_DIR", arity = "1..*", description = "The shards' output directories.")
        List<Path> shards;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory.")
        Path out;

        @Option(names = "--force", description = "Replace a table already in DIR.")
        boolean force;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            JsonNode first = null;
            Map<String, TaskResult> all = new LinkedHashMap<>();
            for (Path d : shards) {
                Path mj = d.resolve(MAP_JSON);
                if (!Files.isRegularFile(mj)) {
                    throw new Main.UsageException(d + " is not a map directory: it has no " + MAP_JSON);
                }
                JsonNode m = RunDirectory.json().readTree(mj.toFile());
                if (first == null) {
                    first = m;
                } else if (!m.path("configSha256").equals(first.path("configSha256"))
                        || m.path("seed").asLong() != first.path("seed").asLong()) {
                    throw new Main.UsageException(d + " is a shard of another map (config or seed differs from "
                            + shards.get(0) + ")");
                }
                for (TaskResult r : MapJournal.read(d).values()) {
                    TaskResult prev = all.putIfAbsent(r.key(), r);
                    if (prev != null && !prev.toJson().equals(r.toJson())) {
                        throw new Main.UsageException("task " + r.key() + " is in two shards with different results ("
                                + d + ")");
                    }
                }
            }
            List<String> missing = new ArrayList<>();
            first.path("keys").forEach(k -> {
                if (!all.containsKey(k.asText())) {
                    missing.add(k.asText());
                }
            });
            if (!missing.isEmpty()) {
                throw new Main.UsageException(missing.size() + " of " + first.path("tasks").asInt() + " tasks are in no "
                        + "shard (first: " + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                        + "); run the missing shards (or --resume them) first");
            }
            Files.createDirectories(out);
            if (!force && Files.exists(out.resolve(MapOutputs.TABLE_CSV))) {
                throw new Main.UsageException(out + " already holds " + MapOutputs.TABLE_CSV + "; pass --force to "
                        + "replace it");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> wcs = RunDirectory.json().convertValue(first.path("wcs"), LinkedHashMap.class);
            java.util.Set<String> logAxes = new java.util.LinkedHashSet<>();
            first.path("logAxes").forEach(x -> logAxes.add(x.asText()));
            List<Path> files = MapOutputs.write(out, new ArrayList<>(all.values()), first.path("width").asInt(),
                    first.path("height").asInt(), wcs == null ? Map.of() : wcs, logAxes);
            PrintWriter w = spec.commandLine().getOut();
            w.println("map merge: " + all.size() + " tasks from " + shards.size() + " shards");
            for (Path f : files) {
                w.println("wrote " + f);
            }
            return 0;
        }
    }
}
