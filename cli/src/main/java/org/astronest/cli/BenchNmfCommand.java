package org.astronest.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.astronest.forwardmodels.nmf.Nmf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code astronest bench nmf}: seconds per NMF iteration for the two sizes of issue 21 - a 64 x 5000 matrix (seed
 * 003: 8 x 8 (E, Lz) bins by two flattened 50 x 50 abundance histograms, 2 components) and a 13 x 2500 stack of line
 * maps (thesis chapter 3: 13 lines, 50 x 50 pixels, 3 components) - for both solvers. A case is fitted with
 * {@code --short} and with {@code --long} iterations at tolerance 0 (so every iteration runs) from the same nndsvda
 * start, and the time per iteration is the difference of the best-of-{@code --repeats} wall times over the
 * difference of iterations, so the start (an SVD) and the JVM's first compilations drop out. Matrices: W0 H0 + noise
 * with W0, H0 uniform in [0, 1), noise uniform in [0, 0.1), seeded. Prints JSON; docs/nmf.md sets the figures beside
 * scikit-learn's, measured the same way by the script given there.
 */
@Command(name = "nmf", mixinStandardHelpOptions = true,
        description = "Benchmark NMF: seconds per iteration on 64 x 5000 (k = 2) and 13 x 2500 (k = 3), cd and mu (JSON).")
public final class BenchNmfCommand implements Callable<Integer> {

    @Option(names = "--short", description = "Iterations of the short fit (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int shortIterations;

    @Option(names = "--long", description = "Iterations of the long fit (default: ${DEFAULT-VALUE}).",
            defaultValue = "210")
    int longIterations;

    @Option(names = "--repeats", description = "Timings per fit, the best kept (default: ${DEFAULT-VALUE}).",
            defaultValue = "3")
    int repeats;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One benchmark case: rows x columns, components. */
    record Case(String name, int rows, int columns, int components) {
    }

    static final List<Case> CASES = List.of(new Case("halo 64x5000", 64, 5000, 2),
            new Case("maps 13x2500", 13, 2500, 3));

    @Override
    public Integer call() throws Exception {
        if (shortIterations < 1 || longIterations <= shortIterations) {
            throw new Main.UsageException("--long must exceed --short and --short must be >= 1, got --short "
                    + shortIterations + " --long " + longIterations);
        }
        if (repeats < 1) {
            throw new Main.UsageException("--repeats must be >= 1, got " + repeats);
        }
        ObjectNode root = NmfCommand.JSON.createObjectNode();
        root.put("command", "astronest bench nmf --short " + shortIterations + " --long " + longIterations
                + " --repeats " + repeats);
        root.put("processors", Runtime.getRuntime().availableProcessors());
        root.put("iterations", "(t(long) - t(short)) / (long - short), best of repeats, tolerance 0");
        ArrayNode rows = root.putArray("cases");
        for (Case c : CASES) {
            double[][] v = matrix(c, new SplittableRandom(21));
            for (Nmf.Solver solver : Nmf.Solver.values()) {
                Nmf.Options o = Nmf.Options.defaults(c.components()).withSolver(solver);
                double t1 = best(v, o.withIterations(shortIterations, 0));
                double t2 = best(v, o.withIterations(longIterations, 0));
                double perIteration = (t2 - t1) / (longIterations - shortIterations);
                ObjectNode r = rows.addObject();
                r.put("case", c.name());
                r.put("solver", solver.name().toLowerCase(java.util.Locale.ROOT));
                r.put("components", c.components());
                r.put("ms_per_iteration", Math.round(perIteration * 1e6) / 1e3);
                spec.commandLine().getErr().printf(java.util.Locale.ROOT, "%s %s: %.3f ms per iteration%n",
                        c.name(), r.get("solver").asText(), perIteration * 1e3);
            }
        }
        spec.commandLine().getOut().println(NmfCommand.JSON.writeValueAsString(root));
        return 0;
    }

    private double best(double[][] v, Nmf.Options o) {
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < repeats + 1; r++) { // the first fit warms the JIT and is not counted
            long t0 = System.nanoTime();
            new Nmf(o).fit(v);
            double t = (System.nanoTime() - t0) * 1e-9;
            if (r > 0) {
                best = Math.min(best, t);
            }
        }
        return best;
    }

    static double[][] matrix(Case c, SplittableRandom rng) {
        double[][] w = new double[c.rows()][c.components()];
        double[][] h = new double[c.components()][c.columns()];
        for (double[] row : w) {
            for (int k = 0; k < row.length; k++) {
                row[k] = rng.nextDouble();
            }
        }
        for (double[] row : h) {
            for (int j = 0; j < row.length; j++) {
                row[j] = rng.nextDouble();
            }
        }
        double[][] v = new double[c.rows()][c.columns()];
        for (int i = 0; i < c.rows(); i++) {
            for (int j = 0; j < c.columns(); j++) {
                double s = 0;
                for (int k = 0; k < c.components(); k++) {
                    s += w[i][k] * h[k][j];
                }
                v[i][j] = s + 0.1 * rng.nextDouble();
            }
        }
        return v;
    }
}
