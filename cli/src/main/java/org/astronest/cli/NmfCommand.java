package org.astronest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.cli.io.Csv;
import org.astronest.forwardmodels.nmf.Nmf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code astronest nmf}: non-negative matrix factorisation V ~ W H as scikit-learn 1.2.1 computes it (coordinate
 * descent or multiplicative updates, Frobenius loss). Subcommands {@code fit}, {@code halo} ({@link NmfHaloCommand})
 * and {@code maps} ({@link NmfMapsCommand}).
 */
@Command(name = "nmf", mixinStandardHelpOptions = true,
        description = "Non-negative matrix factorisation V ~ W H (scikit-learn's cd and mu solvers).",
        subcommands = {NmfCommand.Fit.class, NmfHaloCommand.class, NmfMapsCommand.class})
public final class NmfCommand implements Runnable {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void run() {
        throw new Main.UsageException("give a subcommand: fit, halo or maps (see 'astronest nmf --help')");
    }

    @Command(name = "fit", mixinStandardHelpOptions = true,
            description = "Factorise MATRIX.csv; writes DIR/W.csv, DIR/H.csv (no header) and DIR/result.json.")
    static final class Fit implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "MATRIX.csv",
                description = "Numbers >= 0, one row per line, comma-separated, no header (see --header).")
        Path matrix;

        @Option(names = "--header", description = "MATRIX.csv starts with a header line, which is skipped.")
        boolean header;

        @Option(names = "--components", required = true, paramLabel = "K", description = "Number of components.")
        int components;

        @Option(names = "--solver", paramLabel = "cd|mu", description = "Coordinate descent (default) or "
                + "multiplicative updates.")
        String solver = "cd";

        @Option(names = "--init", paramLabel = "nndsvd|nndsvda|nndsvdar|random|custom",
                description = "Start (default as scikit-learn: nndsvda when K <= min(rows, columns), else random; "
                        + "custom when --w0 and --h0 are given).")
        String init;

        @Option(names = "--w0", paramLabel = "W0.csv", description = "Custom start of W (rows x K, no header).")
        Path w0;

        @Option(names = "--h0", paramLabel = "H0.csv", description = "Custom start of H (K x columns, no header).")
        Path h0;

        @Option(names = "--alpha-w", paramLabel = "A", description = "Penalty weight of W (default 0).")
        double alphaW;

        @Option(names = "--alpha-h", paramLabel = "A", description = "Penalty weight of H (default 0).")
        double alphaH;

        @Option(names = "--l1-ratio", paramLabel = "R", description = "l1 share of the penalties, 0..1 (default 0).")
        double l1Ratio;

        @Option(names = "--max-iter", paramLabel = "N", description = "Maximum iterations (default 200).")
        int maxIter = 200;

        @Option(names = "--tol", paramLabel = "T", description = "Stopping tolerance (default 1e-4; 0 = run "
                + "--max-iter iterations).")
        double tol = 1e-4;

        @Option(names = "--seed", paramLabel = "S", description = "Seed of the random and nndsvdar starts (default 0).")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Option(names = "--force", description = "Replace the results already in the output directory.")
        boolean force;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RunOutput.refuseExisting(out, force, "W.csv", "H.csv", "result.json");
            Nmf.Solver s = named("--solver", () -> Nmf.Solver.parse(solver));
            Nmf.Init in = init == null ? null : named("--init", () -> Nmf.Init.parse(init));
            if ((w0 == null) != (h0 == null)) {
                throw new IllegalArgumentException("--w0 and --h0 go together; give both or neither");
            }
            if (w0 != null && in != null && in != Nmf.Init.CUSTOM) {
                throw new IllegalArgumentException("--w0 and --h0 need --init custom, got --init " + init);
            }
            if (in == Nmf.Init.CUSTOM && w0 == null) {
                throw new IllegalArgumentException("--init custom needs --w0 W0.csv and --h0 H0.csv");
            }
            if (components < 1) {
                throw new IllegalArgumentException("--components must be >= 1, got " + components);
            }
            double[][] V = read(matrix, "MATRIX.csv", header);
            if (in == null) {
                in = w0 != null ? Nmf.Init.CUSTOM
                        : components <= Math.min(V.length, V[0].length) ? Nmf.Init.NNDSVDA : Nmf.Init.RANDOM;
            }
            Nmf.Init chosen = in;
            Nmf.Options o = options(() -> new Nmf.Options(components, s, chosen, alphaW, alphaH, l1Ratio, maxIter,
                    tol, seed));
            RunOutput.checkWritable(out, "--out");
            long t0 = System.nanoTime();
            Nmf nmf = new Nmf(o);
            Nmf.Result r = chosen == Nmf.Init.CUSTOM
                    ? nmf.fit(V, read(w0, "--w0", false), read(h0, "--h0", false))
                    : nmf.fit(V);
            double secs = (System.nanoTime() - t0) * 1e-9;
            AtomicFiles.write(out.resolve("W.csv"), w -> writeMatrix(w, r.W()));
            AtomicFiles.write(out.resolve("H.csv"), w -> writeMatrix(w, r.H()));
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("rows", V.length);
            j.put("columns", V[0].length);
            j.put("iterations", r.iterations());
            j.put("loss", r.loss());
            j.put("converged", r.converged());
            j.put("seconds", secs);
            j.put("options", optionsJson(o));
            AtomicFiles.write(out.resolve("result.json"), w -> JSON.writeValue(w, j));
            spec.commandLine().getOut().printf("nmf %s, %s start, K=%d: loss %.10g after %d iterations%s; wrote %s%n",
                    s.id(), chosen.id(), components, r.loss(), r.iterations(),
                    r.converged() ? " (converged)" : o.tol() > 0 ? " (NOT converged: --max-iter reached)" : "", out);
            return 0;
        }
    }

    /** The options as result.json records them. */
    static Map<String, Object> optionsJson(Nmf.Options o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("components", o.components());
        m.put("solver", o.solver().id());
        m.put("init", o.init().id());
        m.put("alphaW", o.alphaW());
        m.put("alphaH", o.alphaH());
        m.put("l1Ratio", o.l1Ratio());
        m.put("maxIter", o.maxIter());
        m.put("tol", o.tol());
        m.put("seed", o.seed());
        return m;
    }

    static void writeMatrix(BufferedWriter w, double[][] A) throws IOException {
        for (double[] row : A) {
            for (int j = 0; j < row.length; j++) {
                if (j > 0) {
                    w.write(',');
                }
                w.write(Csv.number(row[j]));
            }
            w.write('\n');
        }
    }

    /**
     * A matrix CSV without header (or with one skipped): rectangular, finite, >= 0. Errors name {@code what}, the
     * file, and the (1-based) row, column and line.
     */
    static double[][] read(Path f, String what, boolean skipHeader) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException(what + ": " + (Files.isDirectory(f) ? "is a directory, not a file: "
                    : "no such file: ") + f);
        }
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && skipHeader || line.isBlank()) {
                    continue;
                }
                List<String> fields = Csv.split(line);
                int row = rows.size() + 1;
                if (!rows.isEmpty() && fields.size() != rows.get(0).length) {
                    throw new IllegalArgumentException(what + " " + f + ": row " + row + " (line " + lineNo + ") has "
                            + fields.size() + " columns, row 1 has " + rows.get(0).length);
                }
                double[] v = new double[fields.size()];
                for (int c = 0; c < v.length; c++) {
                    String s = fields.get(c).trim();
                    double x;
                    try {
                        x = Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(what + " " + f + ": row " + row + ", column " + (c + 1)
                                + " (line " + lineNo + ") is '" + s + "', not a number"
                                + (lineNo == 1 && !skipHeader ? " (a header line? pass --header)" : ""));
                    }
                    if (!(x >= 0) || Double.isInfinite(x)) {
                        throw new IllegalArgumentException(what + " " + f + ": row " + row + ", column " + (c + 1)
                                + " (line " + lineNo + ") is " + s + "; NMF needs finite values >= 0");
                    }
                    v[c] = x;
                }
                rows.add(v);
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(what + " " + f + ": no rows");
        }
        return rows.toArray(new double[0][]);
    }

    /** The options record's errors, with its field names replaced by the command's options. */
    static Nmf.Options options(java.util.function.Supplier<Nmf.Options> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            String[][] names = {{"components", "--components"}, {"alphaW", "--alpha-w"}, {"alphaH", "--alpha-h"},
                {"l1Ratio", "--l1-ratio"}, {"maxIter", "--max-iter"}, {"tol", "--tol"}};
            for (String[] n : names) {
                if (m.startsWith(n[0] + " ")) {
                    m = n[1] + m.substring(n[0].length());
                    break;
                }
            }
            throw new IllegalArgumentException(m, e);
        }
    }

    private static <T> T named(String option, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
