package org.astronest.spark;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.astronest.cli.Main;
import org.astronest.cli.MapCommand;
import org.astronest.cli.config.ConfigLoader;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.cli.io.RunLock;
import org.astronest.cli.map.MapJournal;
import org.astronest.cli.map.MapOutputs;
import org.astronest.cli.map.MapRunner;
import org.astronest.cli.map.MapTasks;
import org.astronest.cli.map.TaskResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spark-submit --class org.astronest.spark.MapJob astronest-spark.jar CONFIG --out DIR}: the tasks of
 * {@code astronest map} (docs/maps.md) run as a Spark job. The driver reads the config exactly as the CLI does
 * ({@link MapCommand#setup}), so a bad config is one line and exit status 2 before Spark starts any work; the tasks'
 * values go to the executors, where each partition builds its own {@link MapRunner} from the config text and fits
 * its tasks one after the other, single-threaded. Every task's seed comes from the map's seed and its key, so the
 * table is byte for byte the one of {@code astronest map --threads 1}. A task that fails, or throws anything at all,
 * is recorded as failed with a one-line reason and the job goes on. The driver collects the results and writes what
 * {@code astronest map} writes: {@code map.json}, {@code tasks.jsonl}, the table and the maps.
 */
@Command(name = "astronest-spark", mixinStandardHelpOptions = true,
        description = "Fit every pixel of FITS maps or every row of a table as a Spark job (as astronest map).")
public final class MapJob implements Callable<Integer> {

    @Parameters(paramLabel = "CONFIG", arity = "0..1", description = "A run config with a map: section (docs/maps.md).")
    Path config;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (required), seen by the driver.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the map (default: the config's, else 42).")
    Long seed;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master, e.g. local[4] (default: spark-submit's --master, else local[*]).")
    String master;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Spark partitions (default: the tasks, at most 4 per core of the cluster).")
    Integer partitions;

    @Option(names = "--resume", description = "Continue a map in DIR (of this job or of astronest map): skip the "
            + "tasks it finished.")
    boolean resume;

    @Option(names = "--force", description = "Replace a map already in DIR.")
    boolean force;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** The master URLs Spark knows; anything else is a usage error before Spark starts. */
    private static final Pattern MASTER = Pattern.compile(
            "local(\\[(\\*|[1-9]\\d*)(,\\d+)?])?|local-cluster\\[.+]|yarn|(spark|k8s|mesos)://.+");

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        // success returns normally: on YARN in cluster mode an explicit System.exit marks the application failed
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the job with the given streams and returns the exit code (0, 2 for bad input, 1 for other errors). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new MapJob());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("error: " + Main.describe(ex) + " (see 'astronest-spark --help')");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (verbose) {
                ex.printStackTrace(err);
            }
            err.println("error: " + Main.describe(ex));
            err.flush();
            return Main.exitCode(ex);
        });
        try {
            return cl.execute(args);
        } finally {
            RunLock.releaseAll();
            out.flush();
            err.flush();
        }
    }

    @Override
    public Integer call() throws IOException {
        if (config == null) {
            throw new Main.UsageException("give the map's CONFIG; see astronest-spark --help");
        }
        if (out == null) {
            throw new Main.UsageException("--out DIR is required: the directory of the map's table and maps");
        }
        if (master != null && !MASTER.matcher(master).matches()) {
            throw new Main.UsageException("--master must be local, local[N], local[*], spark://HOST:PORT, yarn or "
                    + "k8s://URL, got '" + master + "'");
        }
        if (partitions != null && partitions < 1) {
            throw new Main.UsageException("--partitions must be >= 1, got " + partitions);
        }
        MapCommand.Setup su = MapCommand.setup(config, seed);
        MapTasks all = su.tasks();
        String sha = ConfigLoader.sha256(su.text());
        int[] whole = {1, 1};
        MapCommand.claim(out, sha, whole, su.seed(), force, resume);
        Map<String, TaskResult> done = MapJournal.read(out);
        if (!done.isEmpty()) {
            spec.commandLine().getErr().println("resuming: " + done.size() + " of " + all.tasks().size()
                    + " tasks already done");
        }
        MapCommand.writeMapJson(out, sha, su.seed(), whole, all, all.tasks().size(), su.logAxes());

        List<Work> work = new ArrayList<>();
        for (MapTasks.Task t : all.tasks()) {
            if (!done.containsKey(t.key())) {
                work.add(Work.of(t));
            }
        }
        SparkConf conf = new SparkConf().setAppName("astronest map " + su.file());
        if (master != null) {
            conf.setMaster(master);
        } else {
            conf.setIfMissing("spark.master", "local[*]");
        }
        long t0 = System.nanoTime();
        List<String> lines = List.of();
        int slices = 0;
        if (!work.isEmpty()) {
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                slices = partitions != null ? partitions : Math.min(work.size(), 4 * sc.defaultParallelism());
                lines = sc.parallelize(work, slices).mapPartitions(new Fit(su.file(), su.text(), su.seed()))
                        .collect();
            }
        }
        double wall = (System.nanoTime() - t0) * 1e-9;

        List<TaskResult> results = new ArrayList<>(done.values());
        Set<String> seen = new HashSet<>(done.keySet());
        for (String line : lines) {
            TaskResult r = TaskResult.parse(line);
            if (seen.add(r.key())) {
                results.add(r);
            }
        }
        if (results.size() != all.tasks().size()) {
            throw new IllegalStateException("the Spark job returned " + results.size() + " of " + all.tasks().size()
                    + " tasks");
        }
        results.sort(Comparator.comparingInt(TaskResult::index));
        AtomicFiles.write(out.resolve(MapJournal.FILE), jw -> {
            for (TaskResult r : results) {
                jw.write(r.toJson());
                jw.write('\n');
            }
        });
        List<Path> files = MapOutputs.write(out, results, all.width(), all.height(), all.wcs(), su.logAxes());
        long failed = results.stream().filter(r -> !r.ok()).count();
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "map: %d tasks (%d failed) in %s; this run %d tasks on Spark (%s, %d partitions) in "
                + "%.1f s wall%n", results.size(), failed, out, work.size(), conf.get("spark.master"), slices, wall);
        for (Path f : files) {
            w.println("wrote " + f);
        }
        return 0;
    }

    /**
     * Fits one task with {@code fit}; whatever it throws (an {@link Error} too) becomes a failed result with one line
     * saying why, so that a task never ends the job. Returns the result's JSON line.
     */
    public static String fitOne(Function<MapTasks.Task, TaskResult> fit, MapTasks.Task t) {
        try {
            return fit.apply(t).toJson();
        } catch (Throwable e) { // whatever it is: recorded, and the other tasks go on
            return TaskResult.failed(t, "task " + t.key() + ": " + oneLine(e)).toJson();
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        String first = m == null || m.isBlank() ? "" : m.lines().findFirst().orElse("").trim();
        if (first.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        return e instanceof Error ? e.getClass().getSimpleName() + ": " + first : first;
    }

    /**
     * One task as it travels to an executor: its key, place, numeric values and text values (config paths with
     * numbers, config paths with text such as a spectrum file).
     */
    record Work(String key, int index, int x, int y, String[] paths, double[] values, String[] textPaths,
                String[] texts) implements Serializable {

        static Work of(MapTasks.Task t) {
            String[] p = t.values().keySet().toArray(String[]::new);
            double[] v = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                v[i] = t.values().get(p[i]);
            }
            String[] tp = t.texts().keySet().toArray(String[]::new);
            String[] tv = new String[tp.length];
            for (int i = 0; i < tp.length; i++) {
                tv[i] = t.texts().get(tp[i]);
            }
            return new Work(t.key(), t.index(), t.x(), t.y(), p, v, tp, tv);
        }

        MapTasks.Task task() {
            Map<String, Double> v = new LinkedHashMap<>();
            for (int i = 0; i < paths.length; i++) {
                v.put(paths[i], values[i]);
            }
            Map<String, String> tv = new LinkedHashMap<>();
            for (int i = 0; i < textPaths.length; i++) {
                tv.put(textPaths[i], texts[i]);
            }
            return new MapTasks.Task(key, index, x, y, v, tv);
        }
    }

    /**
     * The work of one partition: a {@link MapRunner} built from the config text (the serialisable part of a map),
     * then each task fitted in turn. A runner that cannot be built here (the config read differently on this
     * executor) fails each task of the partition with the reason.
     */
    static final class Fit implements FlatMapFunction<Iterator<Work>, String> {
        private static final long serialVersionUID = 1L;

        private final String file;
        private final String text;
        private final long seed;

        Fit(String file, String text, long seed) {
            this.file = file;
            this.text = text;
            this.seed = seed;
        }

        @Override
        public Iterator<String> call(Iterator<Work> tasks) {
            Function<MapTasks.Task, TaskResult> fit;
            try {
                MapRunner runner = new MapRunner(file, text, MapRunner.template(ConfigLoader.tree(file, text)), seed);
                fit = runner::run;
            } catch (RuntimeException | Error e) { // reported per task below
                String why = oneLine(e);
                fit = t -> {
                    throw new IllegalStateException("the config cannot be read on this executor: " + why);
                };
            }
            List<String> out = new ArrayList<>();
            while (tasks.hasNext()) {
                out.add(fitOne(fit, tasks.next().task()));
            }
            return out.iterator();
        }
    }
}
