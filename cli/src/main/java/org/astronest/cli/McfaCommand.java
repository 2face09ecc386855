package org.astronest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.astronest.data.SharedData;
import org.astronest.forwardmodels.mcfa.Mcfa;
import org.astronest.forwardmodels.mcfa.McfaBench;
import org.astronest.forwardmodels.mcfa.McfaData;
import org.astronest.forwardmodels.mcfa.McfaFit;
import org.astronest.forwardmodels.mcfa.McfaGrid;
import org.astronest.forwardmodels.mcfa.McfaOptions;
import org.astronest.forwardmodels.mcfa.McfaParameters;
import org.astronest.forwardmodels.mcfa.MessageLength;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code astronest mcfa}: mixture of common factor analyzers (Casey et al. 2019). Subcommands {@code fit},
 * {@code grid} and {@code bench}; see docs/mcfa.md.
 */
@Command(name = "mcfa", mixinStandardHelpOptions = true,
        description = "Mixture of common factor analyzers: EM fit, (J,K) grid by BIC and message length, benchmark.",
        subcommands = {McfaCommand.Fit.class, McfaCommand.Grid.class, McfaCommand.Bench.class})
public final class McfaCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new Main.UsageException("give a subcommand: fit, grid or bench (see 'astronest mcfa --help')");
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Options shared by fit and grid. */
    static class Common {
        @Parameters(index = "0", paramLabel = "DATA.csv",
                description = "CSV with a header row, one star per row; empty or NaN = missing.")
        Path data;

        @Option(names = "--inits", description = "Initializations per (J,K), each its own RNG stream (default 2).")
        int inits = McfaOptions.defaults().inits();

        @Option(names = "--seed", description = "Seed of the per-(J,K,init) streams (default 1).")
        long seed = 1;

        @Option(names = "--missing", paramLabel = "exact|mcfa",
                description = "Missing data: exact observed-data likelihood (default) or the authors' imputation.")
        String missing = "exact";

        @Option(names = "--convergence", paramLabel = "absolute|mcfa-compatible|per-star",
                description = "Stopping rule: absolute gain in ln L (default), the authors' relative rule, or the "
                        + "gain per star (gain < tol x N).")
        String convergence = "absolute";

        @Option(names = "--tol", description = "Tolerance (default 1e-3 nats for absolute, 1e-5 for mcfa-compatible, "
                + "2e-7 nats per star for per-star).")
        Double tol;

        @Option(names = "--subsample", paramLabel = "M",
                description = "Fit the initializations on M random rows and refine the best on all rows (default 0 = "
                        + "off; for large N).")
        int subsample = 0;

        @Option(names = "--max-iter", description = "Maximum EM iterations per initialization (default 10000).")
        int maxIter = McfaOptions.defaults().maxIterations();

        @Option(names = "--init", paramLabel = "svd|haar", description = "Initial loads: svd (code default) or haar (paper).")
        String init = "svd";

        @Option(names = "--threads", description = "Threads (default 1 for fit, available processors for grid).")
        Integer threads;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Option(names = "--force", description = "Replace the results already in the output directory.")
        boolean force;

        McfaOptions options() {
            McfaOptions.MissingMode mm = named("--missing", () -> missingMode(missing));
            McfaOptions.Convergence cv = named("--convergence", () -> convergence(convergence));
            McfaOptions.FactorInit fi = named("--init", () -> factorInit(init));
            double t = tol != null ? tol : defaultTolerance(cv);
            if (!(t > 0)) {
                throw new IllegalArgumentException("--tol must be > 0, got " + t);
            }
            if (inits < 1) {
                throw new IllegalArgumentException("--inits must be >= 1, got " + inits);
            }
            if (maxIter < 1) {
                throw new IllegalArgumentException("--max-iter must be >= 1, got " + maxIter);
            }
            if (threads != null && threads < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            }
            if (subsample < 0) {
                throw new IllegalArgumentException("--subsample must be >= 0 (0 = off), got " + subsample);
            }
            return McfaOptions.defaults().withMissing(mm).withConvergence(cv, t).withFactorInit(fi).withInits(inits)
                    .withMaxIterations(maxIter).withSubsample(subsample);
        }

        McfaData read() throws IOException {
            if (!Files.isRegularFile(data)) {
                throw new IllegalArgumentException("DATA.csv: " + (Files.isDirectory(data) ? "is a directory, not a file: " : "no such file: ") + data);
            }
            return McfaData.readCsv(data);
        }

        Map<String, Object> optionsJson(McfaOptions o) {
            return McfaCommand.optionsJson(o, seed);
        }
    }

    /** The options as result.json records them. */
    static Map<String, Object> optionsJson(McfaOptions o, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inits", o.inits());
        m.put("seed", seed);
        m.put("missing", o.missing() == McfaOptions.MissingMode.EXACT ? "exact" : "mcfa");
        m.put("convergence", o.convergence().name().toLowerCase().replace('_', '-'));
        m.put("subsample", o.subsample());
        m.put("tolerance", o.tolerance());
        m.put("maxIterations", o.maxIterations());
        m.put("init", o.factorInit().name().toLowerCase());
        return m;
    }

    /** {@code exact} or {@code mcfa}; an error "must be ..." otherwise. */
    static McfaOptions.MissingMode missingMode(String v) {
        return switch (v.toLowerCase()) {
            case "exact" -> McfaOptions.MissingMode.EXACT;
            case "mcfa" -> McfaOptions.MissingMode.MCFA;
            default -> throw new IllegalArgumentException("must be exact or mcfa, got '" + v + "'");
        };
    }

    /** {@code absolute}, {@code mcfa-compatible} or {@code per-star}; an error "must be ..." otherwise. */
    static McfaOptions.Convergence convergence(String v) {
        return switch (v.toLowerCase()) {
            case "absolute" -> McfaOptions.Convergence.ABSOLUTE;
            case "mcfa-compatible", "mcfa_compatible" -> McfaOptions.Convergence.MCFA_COMPATIBLE;
            case "per-star", "per_star" -> McfaOptions.Convergence.PER_STAR;
            default -> throw new IllegalArgumentException(
                    "must be absolute, mcfa-compatible or per-star, got '" + v + "'");
        };
    }

    /** {@code svd} or {@code haar}; an error "must be ..." otherwise. */
    static McfaOptions.FactorInit factorInit(String v) {
        return switch (v.toLowerCase()) {
            case "svd" -> McfaOptions.FactorInit.SVD;
            case "haar" -> McfaOptions.FactorInit.HAAR;
            default -> throw new IllegalArgumentException("must be svd or haar, got '" + v + "'");
        };
    }

    /** The default tolerance of a stopping rule (see {@code --tol}). */
    static double defaultTolerance(McfaOptions.Convergence cv) {
        return switch (cv) {
            case ABSOLUTE -> McfaOptions.defaults().tolerance();
            case PER_STAR -> McfaOptions.PER_STAR_TOLERANCE;
            case MCFA_COMPATIBLE -> 1e-5;
        };
    }

    private static <T> T named(String option, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage(), e);
        }
    }

    /**
     * Fits one (J, K) and writes {@code out/result.json}: shared by {@code mcfa fit} and the {@code mcfa} model of a
     * run config. Range errors name {@code what} + "latent" / "components".
     */
    static void fitAndWrite(McfaData d, McfaOptions o, int latent, int components, long seed, Path out,
                            Map<String, Object> options, PrintWriter w, String latentName, String componentsName)
            throws IOException {
        if (latent < 1 || latent >= d.dimensions()) {
            throw new IllegalArgumentException(latentName + " must be in 1.." + (d.dimensions() - 1) + " for D="
                    + d.dimensions() + ", got " + latent);
        }
        if (components < 1 || components > d.rows()) {
            throw new IllegalArgumentException(componentsName + " must be in 1.." + d.rows() + ", got "
                    + components);
        }
        long t0 = System.nanoTime();
        McfaFit f = new Mcfa(o).fit(d, latent, components, seed);
        double secs = (System.nanoTime() - t0) * 1e-9;
        Map<String, Object> r = fitJson(f, d);
        r.put("seconds", secs);
        r.put("options", options);
        Files.createDirectories(out);
        Path file = out.resolve("result.json");
        JSON.writeValue(file.toFile(), r);
        w.printf("J=%d K=%d: log L %.6f, BIC %.4f, message length %.4f, %d iterations%s; wrote %s%n", latent,
                components, f.logLikelihood(), f.bic(), f.messageLength().total(), f.iterations(),
                f.converged() ? "" : " (NOT converged)", file);
    }

    @Command(name = "fit", mixinStandardHelpOptions = true, description = "Fit one (J, K) by EM; writes DIR/result.json.")
    static final class Fit extends Common implements Callable<Integer> {
        @Option(names = "--latent", required = true, paramLabel = "J", description = "Number of latent factors J.")
        int latent;

        @Option(names = "--components", required = true, paramLabel = "K", description = "Number of components K.")
        int components;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RunOutput.refuseExisting(out, force, "result.json");
            McfaOptions o = options().withThreads(threads == null ? 1 : threads);
            McfaData d = read();
            fitAndWrite(d, o, latent, components, seed, out, optionsJson(o), spec.commandLine().getOut(),
                    "--latent", "--components");
            return 0;
        }
    }

    static Map<String, Object> fitJson(McfaFit f, McfaData d) {
        McfaParameters p = f.parameters();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("N", d.rows());
        r.put("D", d.dimensions());
        r.put("J", p.latentFactors());
        r.put("K", p.components());
        r.put("missingEntries", d.missingCount());
        r.put("logLikelihood", f.logLikelihood());
        r.put("observedLogLikelihood", f.observedLogLikelihood());
        r.put("bic", f.bic());
        r.put("messageLength", f.messageLength().total());
        r.put("messageLengthParts", parts(f.messageLength()));
        r.put("Q", p.parameterCount());
        r.put("iterations", f.iterations());
        r.put("converged", f.converged());
        r.put("init", f.init());
        r.put("initLogLikelihoods", nanToNull(f.initLogLikelihoods()));
        r.put("initErrors", f.initErrors());
        r.put("loads", p.loadsMatrix());
        r.put("weights", p.weights());
        r.put("means", p.meansMatrix());
        r.put("covariances", p.covarianceMatrices());
        r.put("psi", p.psi());
        return r;
    }

    static Map<String, Object> parts(MessageLength.Parts p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pi", p.pi());
        m.put("xi,omega", p.xiOmega());
        m.put("A", p.a());
        m.put("K", p.k());
        m.put("J", p.j());
        m.put("nll", p.nll());
        m.put("lattice", p.lattice());
        m.put("total", p.total());
        m.put("Q", p.q());
        return m;
    }

    private static List<Double> nanToNull(double[] v) {
        List<Double> l = new ArrayList<>();
        for (double x : v) {
            l.add(Double.isFinite(x) ? x : null);
        }
        return l;
    }

    /** Parses "5", "1..8" or "1,3,5" into sorted distinct values. */
    static int[] range(String option, String s) {
        TreeSet<Integer> v = new TreeSet<>();
        try {
            for (String part : s.split(",")) {
                String t = part.trim();
                int i = t.indexOf("..");
                if (i >= 0) {
                    int a = Integer.parseInt(t.substring(0, i).trim());
                    int b = Integer.parseInt(t.substring(i + 2).trim());
                    if (b < a) {
                        throw new IllegalArgumentException(option + " range must be A..B with A <= B, got '" + s + "'");
                    }
                    for (int x = a; x <= b; x++) {
                        v.add(x);
                    }
                } else {
                    v.add(Integer.parseInt(t));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be N, A..B or a comma list, got '" + s + "'");
        }
        if (v.isEmpty() || v.first() < 1) {
            throw new IllegalArgumentException(option + " values must be >= 1, got '" + s + "'");
        }
        return v.stream().mapToInt(Integer::intValue).toArray();
    }

    @Command(name = "grid", mixinStandardHelpOptions = true,
            description = "Fit every (J, K) of a grid in parallel; writes DIR/grid.json with the selected cells.")
    static final class Grid extends Common implements Callable<Integer> {
        @Option(names = "--latent", required = true, paramLabel = "A..B", description = "J values, e.g. 1..8.")
        String latent;

        @Option(names = "--components", required = true, paramLabel = "A..B", description = "K values, e.g. 1..14.")
        String components;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RunOutput.refuseExisting(out, force, "grid.json");
            McfaOptions o = options();
            int[] js = range("--latent", latent);
            int[] ks = range("--components", components);
            McfaData d = read();
            if (js[js.length - 1] >= d.dimensions()) {
                throw new IllegalArgumentException("--latent values must be < D=" + d.dimensions() + ", got '"
                        + latent + "'");
            }
            if (ks[ks.length - 1] > d.rows()) {
                throw new IllegalArgumentException("--components values must be <= N=" + d.rows() + ", got '"
                        + components + "'");
            }
            int th = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            McfaGrid.Result g = McfaGrid.run(d, js, ks, o, seed, th);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 0; i < g.cells().size(); i++) {
                McfaGrid.Cell c = g.cells().get(i);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("J", c.j());
                m.put("K", c.k());
                m.put("logLikelihood", c.ok() ? c.logLikelihood() : null);
                m.put("bic", c.ok() ? c.bic() : null);
                m.put("messageLength", c.ok() ? c.messageLength() : null);
                m.put("iterations", c.iterations());
                if (c.ok()) {
                    m.put("observedLogLikelihood", c.fit().observedLogLikelihood());
                    m.put("converged", c.fit().converged());
                    m.put("posterior", g.posterior()[i]);
                    m.put("messageLengthParts", parts(c.fit().messageLength()));
                    m.put("initErrors", c.fit().initErrors());
                } else {
                    m.put("error", c.error());
                }
                m.put("seconds", c.seconds());
                rows.add(m);
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("N", d.rows());
            r.put("D", d.dimensions());
            r.put("missingEntries", d.missingCount());
            r.put("options", optionsJson(o));
            r.put("threads", th);
            r.put("seconds", g.seconds());
            Map<String, Object> sel = new LinkedHashMap<>();
            sel.put("messageLength", cell(g.byMessageLength()));
            sel.put("bic", cell(g.byBic()));
            sel.put("logLikelihood", cell(g.byLogLikelihood()));
            r.put("selected", sel);
            int best = g.byMessageLength() == null ? -1 : g.cells().indexOf(g.byMessageLength());
            r.put("posteriorOfSelected", best < 0 ? null : g.posterior()[best]);
            r.put("cells", rows);
            Files.createDirectories(out);
            Path file = out.resolve("grid.json");
            JSON.writeValue(file.toFile(), r);
            PrintWriter w = spec.commandLine().getOut();
            w.printf("grid J %s x K %s (%d cells, %.1f s, %d threads): message length selects %s, BIC %s, max log L %s;"
                    + " wrote %s%n", latent, components, g.cells().size(), g.seconds(), th, label(g.byMessageLength()),
                    label(g.byBic()), label(g.byLogLikelihood()), file);
            return 0;
        }

        private static Map<String, Object> cell(McfaGrid.Cell c) {
            if (c == null) {
                return null;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("J", c.j());
            m.put("K", c.k());
            m.put("logLikelihood", c.logLikelihood());
            m.put("bic", c.bic());
            m.put("messageLength", c.messageLength());
            return m;
        }

        private static String label(McfaGrid.Cell c) {
            return c == null ? "none" : "(" + c.j() + "," + c.k() + ")";
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Wall-time benchmarks on the shared toy data; prints JSON (see docs/mcfa.md).")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--case", paramLabel = "single|grid|large|all", description = "What to run (default all).")
        String what = "all";

        @Option(names = "--threads", description = "Threads for the grid and the large fit (default 2).")
        int threads = 2;

        @Option(names = "--convergence", paramLabel = "absolute|mcfa-compatible",
                description = "Stopping rule for single and grid (default mcfa-compatible tol 1e-5, max 1000, as the "
                        + "authors' reference runs).")
        String convergence = "mcfa-compatible";

        @Option(names = "--large-n", description = "Rows of the large case (default 1000000).")
        int largeN = 1_000_000;

        @Option(names = "--large-iter", description = "Max full-data EM iterations of the large case (default 10000).")
        int largeIter = 10000;

        @Option(names = "--large-subsample", description = "Rows of the large case's initial subsample fit (default "
                + "50000; 0 = off).")
        int largeSubsample = 50000;

        @Option(names = "--large-inits", description = "Initializations of the large case, on the subsample (default 5).")
        int largeInits = 5;

        @Option(names = "--large-tol", description = "Per-star tolerance of the large case (default 2e-7 nats per star).")
        double largeTol = McfaOptions.PER_STAR_TOLERANCE;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            }
            McfaOptions o = switch (convergence.toLowerCase()) {
                case "absolute" -> McfaOptions.defaults();
                case "mcfa-compatible" -> McfaOptions.mcfaCompatible().withMissing(McfaOptions.MissingMode.EXACT);
                default -> throw new IllegalArgumentException(
                        "--convergence must be absolute or mcfa-compatible, got '" + convergence + "'");
            };
            if (!List.of("single", "grid", "large", "all").contains(what)) {
                throw new IllegalArgumentException("--case must be single, grid, large or all, got '" + what + "'");
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("availableProcessors", Runtime.getRuntime().availableProcessors());
            r.put("loadAverageAtStart", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage());
            r.put("authors", Map.of("singleFitSeconds", 1.3, "gridSeconds", 909,
                    "source", "shared/mcfa/README.md B.4 (single thread)"));
            McfaData d = null;
            if (!what.equals("large")) {
                d = McfaData.readCsv(SharedData.resolve("mcfa/toy_N5000_Y.csv"));
            }
            if (what.equals("single") || what.equals("all")) {
                r.put("single", McfaBench.singleFit(d, 5, 10, o, 1));
            }
            if (what.equals("grid") || what.equals("all")) {
                int[] js = {1, 2, 3, 4, 5, 6, 7, 8};
                int[] ks = new int[14];
                for (int i = 0; i < 14; i++) {
                    ks[i] = i + 1;
                }
                r.put("grid", McfaBench.grid(d, js, ks, o.withInits(2), 1, threads));
            }
            if (what.equals("large") || what.equals("all")) {
                r.put("large", McfaBench.large(largeN, 10, 3, 5, largeIter, threads, 7, largeSubsample,
                        largeTol, largeInits));
            }
            r.put("loadAverageAtEnd", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage());
            spec.commandLine().getOut().println(JSON.writeValueAsString(r));
            return 0;
        }
    }
}
