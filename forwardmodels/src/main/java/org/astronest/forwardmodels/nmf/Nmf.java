package org.astronest.forwardmodels.nmf;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Non-negative matrix factorisation V ~ W H (V n x m, W n x k, H k x m, all entries >= 0) with the Frobenius loss,
 * following scikit-learn 1.2.1's {@code non_negative_factorization} step for step so that its outputs are reproduced
 * to rounding (see {@code NmfGoldenTest}).
 *
 * <p>Objective (scikit-learn >= 1.0 scaling of the penalties, n = rows of V, m = columns):
 * {@code 0.5 ||V - WH||_F^2 + alphaW l1Ratio m |W|_1 + alphaH l1Ratio n |H|_1
 * + 0.5 alphaW (1 - l1Ratio) m ||W||_F^2 + 0.5 alphaH (1 - l1Ratio) n ||H||_F^2}.
 *
 * <p>Solvers: coordinate descent (Cichocki &amp; Phan 2009; W then H each iteration, components in order, no shuffle)
 * and multiplicative updates (Lee &amp; Seung 2001, beta = 2). Inits: NNDSVD and its variants (Boutsidis &amp;
 * Gallopoulos 2008), random, or a custom start. The work is split by rows of the output where that pays; every
 * entry is computed by the same sequential loop whatever the split, so results do not depend on the thread count.
 */
public final class Nmf {

    /** The solver. */
    public enum Solver {
        /** Coordinate descent (scikit-learn's {@code cd}). */
        CD,
        /** Multiplicative updates (scikit-learn's {@code mu}). */
        MU;

        /** The name used on the command line and in result files. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code cd} or {@code mu}; otherwise an error naming the value and the known solvers. */
        public static Solver parse(String s) {
            return parseEnum(Solver.class, values(), s, "solver");
        }
    }

    /** How W and H start. */
    public enum Init {
        /** NNDSVD: zeros where the singular vectors' parts vanish (better for sparse results; poor for mu). */
        NNDSVD,
        /** NNDSVD with the zeros filled by the mean of V. */
        NNDSVDA,
        /** NNDSVD with the zeros filled by small random values (mean of V / 100 times |N(0,1)|). */
        NNDSVDAR,
        /** sqrt(mean(V) / k) times |N(0,1)| everywhere (H drawn first, then W, as scikit-learn). */
        RANDOM,
        /** A start given by the caller. */
        CUSTOM;

        /** The name used on the command line and in result files. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** One of nndsvd, nndsvda, nndsvdar, random, custom; otherwise an error naming the value and the known ones. */
        public static Init parse(String s) {
            return parseEnum(Init.class, values(), s, "init");
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, E[] values, String s, String what) {
        String known = Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        if (s == null) {
            throw new IllegalArgumentException("unknown " + what + " null; known: " + known);
        }
        for (E v : values) {
            if (v.name().equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + s + "'; known: " + known);
    }

    /**
     * Options, validated on construction with one-line errors naming the field and the value.
     *
     * @param components k, the number of components (>= 1)
     * @param solver     cd or mu
     * @param init       how to start (custom needs {@link #fit(double[][], double[][], double[][])})
     * @param alphaW     penalty weight of W (>= 0)
     * @param alphaH     penalty weight of H (>= 0)
     * @param l1Ratio    share of the penalty that is l1, in [0, 1]
     * @param maxIter    maximum iterations (>= 1)
     * @param tol        stopping tolerance (>= 0; 0 = exactly maxIter iterations unless cd's violation is 0)
     * @param seed       seed of the random and nndsvdar inits
     */
    public record Options(int components, Solver solver, Init init, double alphaW, double alphaH, double l1Ratio,
                          int maxIter, double tol, long seed) {
        public Options {
            if (components < 1) {
                throw new IllegalArgumentException("components must be >= 1, got " + components);
            }
            if (solver == null) {
                throw new IllegalArgumentException("solver must be given (cd or mu)");
            }
            if (init == null) {
                throw new IllegalArgumentException("init must be given (nndsvd, nndsvda, nndsvdar, random or custom)");
            }
            if (!(alphaW >= 0) || Double.isInfinite(alphaW)) {
                throw new IllegalArgumentException("alphaW must be finite and >= 0, got " + alphaW);
            }
            if (!(alphaH >= 0) || Double.isInfinite(alphaH)) {
                throw new IllegalArgumentException("alphaH must be finite and >= 0, got " + alphaH);
            }
            if (!(l1Ratio >= 0 && l1Ratio <= 1)) {
                throw new IllegalArgumentException("l1Ratio must be in [0, 1], got " + l1Ratio);
            }
            if (maxIter < 1) {
                throw new IllegalArgumentException("maxIter must be >= 1, got " + maxIter);
            }
            if (!(tol >= 0) || Double.isInfinite(tol)) {
                throw new IllegalArgumentException("tol must be finite and >= 0, got " + tol);
            }
        }

        /** scikit-learn's defaults: cd, nndsvda, no penalty, 200 iterations, tol 1e-4, seed 0. */
        public static Options defaults(int components) {
            return new Options(components, Solver.CD, Init.NNDSVDA, 0, 0, 0, 200, 1e-4, 0);
        }

        public Options withSolver(Solver s) {
            return new Options(components, s, init, alphaW, alphaH, l1Ratio, maxIter, tol, seed);
        }

        public Options withInit(Init i) {
            return new Options(components, solver, i, alphaW, alphaH, l1Ratio, maxIter, tol, seed);
        }

        public Options withPenalty(double aW, double aH, double l1) {
            return new Options(components, solver, init, aW, aH, l1, maxIter, tol, seed);
        }

        public Options withIterations(int max, double t) {
            return new Options(components, solver, init, alphaW, alphaH, l1Ratio, max, t, seed);
        }

        public Options withSeed(long s) {
            return new Options(components, solver, init, alphaW, alphaH, l1Ratio, maxIter, tol, s);
        }
    }

    /**
     * A fit.
     *
     * @param W          n x k
     * @param H          k x m
     * @param iterations iterations run
     * @param loss       the objective at (W, H), see the class comment
     * @param converged  whether the stopping rule fired before or at maxIter (never with tol 0 unless cd's
     *                   projected gradient vanished exactly)
     */
    public record Result(double[][] W, double[][] H, int iterations, double loss, boolean converged) {
    }

    /** A start (W n x k, H k x m). */
    public record Start(double[][] W, double[][] H) {
    }

    /**
     * The start of {@code init} (not custom) for V with k components, as scikit-learn's {@code _initialize_nmf};
     * see {@link NmfInit} for the SVD and the random draws.
     */
    public static Start initialize(double[][] V, int k, Init init, long seed) {
        NmfMatrices.checkData(V, "V");
        if (k < 1) {
            throw new IllegalArgumentException("components must be >= 1, got " + k);
        }
        return NmfInit.initialize(V, k, init, seed);
    }

    private final Options options;

    public Nmf(Options options) {
        if (options == null) {
            throw new IllegalArgumentException("options must be given");
        }
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Fits V from the init of the options (not custom: use {@link #fit(double[][], double[][], double[][])}). */
    public Result fit(double[][] V) {
        NmfMatrices.checkData(V, "V");
        if (options.init() == Init.CUSTOM) {
            throw new IllegalArgumentException("init custom needs a start: call fit(V, W0, H0)");
        }
        Start s = NmfInit.initialize(V, options.components(), options.init(), options.seed());
        return run(V, s.W(), s.H(), true);
    }

    /** Fits V from the custom start (W0 n x k, H0 k x m, non-negative, neither all zeros); the inputs are copied. */
    public Result fit(double[][] V, double[][] W0, double[][] H0) {
        NmfMatrices.checkData(V, "V");
        int n = V.length;
        int m = V[0].length;
        int k = options.components();
        NmfMatrices.checkStart(W0, n, k, "W0");
        NmfMatrices.checkStart(H0, k, m, "H0");
        return run(V, NmfMatrices.copy(W0), NmfMatrices.copy(H0), true);
    }

    /**
     * W for the rows of Vnew with H fixed (k x m), from scikit-learn's default start of the solver: zeros for cd,
     * sqrt(mean(Vnew) / k) everywhere for mu. The penalties use n = rows of Vnew.
     */
    public Result transform(double[][] Vnew, double[][] H) {
        NmfMatrices.checkData(Vnew, "V");
        int n = Vnew.length;
        int m = Vnew[0].length;
        int k = options.components();
        NmfMatrices.checkStart(H, k, m, "H");
        double[][] W = new double[n][k];
        if (options.solver() == Solver.MU) {
            double avg = Math.sqrt(NmfMatrices.mean(Vnew) / k);
            for (double[] row : W) {
                Arrays.fill(row, avg);
            }
        }
        return run(Vnew, W, NmfMatrices.copy(H), false);
    }

    private Result run(double[][] V, double[][] W, double[][] H, boolean updateH) {
        int n = V.length;
        int m = V[0].length;
        // scikit-learn's _compute_regularization: W's penalty scaled by n_features, H's by n_samples
        double l1W = m * options.alphaW() * options.l1Ratio();
        double l1H = n * options.alphaH() * options.l1Ratio();
        double l2W = m * options.alphaW() * (1.0 - options.l1Ratio());
        double l2H = n * options.alphaH() * (1.0 - options.l1Ratio());
        NmfSolvers.Outcome o = options.solver() == Solver.CD
                ? NmfSolvers.coordinateDescent(V, W, H, options.tol(), options.maxIter(), l1W, l1H, l2W, l2H, updateH)
                : NmfSolvers.multiplicative(V, W, H, options.tol(), options.maxIter(), l1W, l1H, l2W, l2H, updateH);
        double loss = loss(V, W, H, options.alphaW(), options.alphaH(), options.l1Ratio());
        return new Result(W, H, o.iterations(), loss, o.converged());
    }

    /** The objective of the class comment at (W, H). */
    public static double loss(double[][] V, double[][] W, double[][] H, double alphaW, double alphaH, double l1Ratio) {
        int n = V.length;
        int m = V[0].length;
        double[][] WH = NmfMatrices.multiply(W, H);
        double r = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double d = V[i][j] - WH[i][j];
                r += d * d;
            }
        }
        double l1w = 0;
        double l2w = 0;
        for (double[] row : W) {
            for (double x : row) {
                l1w += Math.abs(x);
                l2w += x * x;
            }
        }
        double l1h = 0;
        double l2h = 0;
        for (double[] row : H) {
            for (double x : row) {
                l1h += Math.abs(x);
                l2h += x * x;
            }
        }
        return 0.5 * r + alphaW * l1Ratio * m * l1w + alphaH * l1Ratio * n * l1h
                + 0.5 * alphaW * (1 - l1Ratio) * m * l2w + 0.5 * alphaH * (1 - l1Ratio) * n * l2h;
    }
}
