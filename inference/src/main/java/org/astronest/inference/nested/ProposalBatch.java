package org.astronest.inference.nested;

import java.util.Arrays;
import org.astronest.inference.InferenceProblem;
import org.astronest.priors.PriorSet;

/**
 * Scratch buffers for one batch of proposals, in chunks of {@link #chunk} points: unit-cube points, their physical
 * parameters and log-likelihoods. A chunk is the unit of parallel work and of one call to the batch
 * {@code LogLikelihood} (so emulator likelihoods evaluate in blocks); every chunk writes only its own slots.
 */
final class ProposalBatch {

    final int chunk;
    private final int d;
    private final int fullDim;
    private final InferenceProblem problem;
    private final PriorSet priors;
    double[] u = new double[0];
    double[] logL = new double[0];
    private double[][] theta = new double[0][];
    private double[][][] views = new double[0][][];

    ProposalBatch(InferenceProblem problem, int chunk) {
        this.problem = problem;
        this.priors = problem.priors();
        this.chunk = chunk;
        this.d = problem.dimension();
        this.fullDim = priors.size();
    }

    /** Makes room for at least {@code b} points (b a multiple of the chunk size). */
    void ensure(int b) {
        if (logL.length >= b) {
            return;
        }
        int cap = roundUp(Math.max(b, 2 * logL.length), chunk);
        u = new double[cap * d];
        logL = new double[cap];
        double[][] th = Arrays.copyOf(theta, cap);
        for (int j = theta.length; j < cap; j++) {
            th[j] = new double[fullDim];
        }
        theta = th;
        int chunks = cap / chunk;
        views = new double[chunks][][];
        for (int c = 0; c < chunks; c++) {
            views[c] = Arrays.copyOfRange(theta, c * chunk, (c + 1) * chunk);
        }
    }

    /** Maps point j of the batch from the unit cube to its parameters. */
    void transform(int j) {
        priors.fromUnit(Arrays.copyOfRange(u, j * d, (j + 1) * d), theta[j]);
    }

    /** Evaluates chunk c (its points already transformed) through the batch likelihood. */
    void evaluate(int c) {
        double[] out = new double[chunk];
        problem.logLikelihood(views[c], out);
        System.arraycopy(out, 0, logL, c * chunk, chunk);
    }

    static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }
}
