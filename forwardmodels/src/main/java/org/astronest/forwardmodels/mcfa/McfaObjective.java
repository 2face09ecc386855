package org.astronest.forwardmodels.mcfa;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The MCFA log-likelihood (and minus the message length) as a plain function of a parameter subset, the rest held at
 * given values (e.g. the EM optimum), so that a sampler can be pointed at MCFA parameters. It matches the engine's
 * {@code LogLikelihood} shape {@code double logLikelihood(double[] theta)}: pass {@code objective::logLikelihood}
 * (forwardmodels does not depend on the inference module; see docs/mcfa.md for an example).
 *
 * <p>Blocks, in this order in theta: {@code WEIGHTS} (the first K-1 weights; the last is 1 - their sum),
 * {@code LOADS} (D x J row-major), {@code MEANS} (K x J), {@code PSI} (D specific variances). Covariances stay fixed.
 * Out-of-support theta (a weight or psi &lt;= 0, a non-finite entry) gives {@code -infinity}. Pure and thread-safe:
 * each call builds its own parameter copy and never keeps the caller's array.
 */
public final class McfaObjective {

    /** Parameter blocks that can be free. */
    public enum Block {
        WEIGHTS, LOADS, MEANS, PSI
    }

    private final McfaData data;
    private final McfaParameters base;
    private final EnumSet<Block> blocks;
    private final int dim;

    private McfaObjective(McfaData data, McfaParameters base, EnumSet<Block> blocks) {
        this.data = data;
        this.base = base;
        this.blocks = blocks;
        int n = 0;
        for (Block b : blocks) {
            n += size(b);
        }
        this.dim = n;
    }

    /** Objective over the given blocks, with every other parameter at {@code at}. */
    public static McfaObjective of(McfaData data, McfaParameters at, Block... free) {
        if (free.length == 0) {
            throw new IllegalArgumentException("at least one free block is needed");
        }
        if (data.d != at.d) {
            throw new IllegalArgumentException("data have D=" + data.d + " but the parameters D=" + at.d);
        }
        EnumSet<Block> s = EnumSet.noneOf(Block.class);
        for (Block b : free) {
            s.add(b);
        }
        return new McfaObjective(data, at, s);
    }

    private int size(Block b) {
        return switch (b) {
            case WEIGHTS -> base.k - 1;
            case LOADS -> base.d * base.j;
            case MEANS -> base.k * base.j;
            case PSI -> base.d;
        };
    }

    public int dimension() {
        return dim;
    }

    /** Parameter names in theta order: pi[k], A[d][j], xi[k][j], psi[d]. */
    public List<String> names() {
        List<String> n = new ArrayList<>();
        for (Block b : blocks) {
            switch (b) {
                case WEIGHTS -> {
                    for (int c = 0; c < base.k - 1; c++) {
                        n.add("pi[" + c + "]");
                    }
                }
                case LOADS -> {
                    for (int r = 0; r < base.d; r++) {
                        for (int q = 0; q < base.j; q++) {
                            n.add("A[" + r + "][" + q + "]");
                        }
                    }
                }
                case MEANS -> {
                    for (int c = 0; c < base.k; c++) {
                        for (int q = 0; q < base.j; q++) {
                            n.add("xi[" + c + "][" + q + "]");
                        }
                    }
                }
                case PSI -> {
                    for (int r = 0; r < base.d; r++) {
                        n.add("psi[" + r + "]");
                    }
                }
            }
        }
        return n;
    }

    /** theta of the base parameters (e.g. the EM optimum). */
    public double[] initial() {
        double[] t = new double[dim];
        int o = 0;
        for (Block b : blocks) {
            double[] src = switch (b) {
                case WEIGHTS -> base.pi;
                case LOADS -> base.loads;
                case MEANS -> base.means;
                case PSI -> base.psi;
            };
            int n = size(b);
            System.arraycopy(src, 0, t, o, n);
            o += n;
        }
        return t;
    }

    /** The full parameters for theta, or null when theta is out of support. */
    public McfaParameters parameters(double[] theta) {
        if (theta.length != dim) {
            throw new IllegalArgumentException("theta must have " + dim + " entries, got " + theta.length);
        }
        for (double v : theta) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        double[] pi = base.pi;
        double[] a = base.loads;
        double[] xi = base.means;
        double[] psi = base.psi;
        int o = 0;
        for (Block b : blocks) {
            int n = size(b);
            switch (b) {
                case WEIGHTS -> {
                    pi = new double[base.k];
                    double s = 0;
                    for (int c = 0; c < n; c++) {
                        pi[c] = theta[o + c];
                        if (!(pi[c] > 0)) {
                            return null;
                        }
                        s += pi[c];
                    }
                    pi[base.k - 1] = 1 - s;
                    if (!(pi[base.k - 1] > 0)) {
                        return null;
                    }
                }
                case LOADS -> a = java.util.Arrays.copyOfRange(theta, o, o + n);
                case MEANS -> xi = java.util.Arrays.copyOfRange(theta, o, o + n);
                case PSI -> {
                    psi = java.util.Arrays.copyOfRange(theta, o, o + n);
                    for (double v : psi) {
                        if (!(v > 0)) {
                            return null;
                        }
                    }
                }
            }
            o += n;
        }
        return new McfaParameters(base.d, base.j, base.k, pi, a, xi, base.covariances, psi, false);
    }

    /** Exact observed-data ln L at theta; -infinity out of support. */
    public double logLikelihood(double[] theta) {
        McfaParameters p = parameters(theta);
        if (p == null) {
            return Double.NEGATIVE_INFINITY;
        }
        try {
            return Mcfa.logLikelihood(data, p);
        } catch (McfaException e) {
            return Double.NEGATIVE_INFINITY;
        }
    }

    /** Minus the message length (nats) at theta, a log-posterior up to a constant; -infinity out of support. */
    public double negativeMessageLength(double[] theta) {
        McfaParameters p = parameters(theta);
        if (p == null) {
            return Double.NEGATIVE_INFINITY;
        }
        try {
            double ll = Mcfa.logLikelihood(data, p);
            return -MessageLength.of(p, ll, data.n).total();
        } catch (McfaException e) {
            return Double.NEGATIVE_INFINITY;
        }
    }

    /** {@link #logLikelihood} as a {@link ToDoubleFunction}. */
    public ToDoubleFunction<double[]> asFunction() {
        return this::logLikelihood;
    }
}
