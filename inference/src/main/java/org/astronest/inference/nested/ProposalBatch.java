package org.astronest.inference.nested;

import java.util.Arrays;
import java.util.function.Supplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.astronest.inference.WorkPool;
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

    /** Draws one point of a bound into {@code u[uo..uo+d)} and returns the raw draws it took. */
    interface PointDraw {
        long draw(UniformRandomProvider rng, ZigguratSampler.NormalizedGaussian gauss, double[] u, int uo);
    }

    /**
     * Fills the first {@code b} points (a multiple of the chunk) from a bound and evaluates them: chunk c draws from
     * {@code Rngs.stream(seed, kind, batchId, c)} through a {@link PointDraw} of its own (scratch arrays are per
     * chunk) and is evaluated through the batch likelihood, on the pool's threads. Returns the raw draws.
     */
    long drawAndEvaluate(WorkPool pool, int b, long seed, long kind, long batchId, Supplier<PointDraw> perChunk) {
        ensure(b);
        int chunks = b / chunk;
        long[] chunkDraws = new long[chunks];
        pool.forEach(chunks, c -> {
            UniformRandomProvider r = Rngs.stream(seed, kind, batchId, c);
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(r);
            PointDraw draw = perChunk.get();
            long nd = 0;
            for (int j = c * chunk; j < (c + 1) * chunk; j++) {
                nd += draw.draw(r, g, u, j * d);
                transform(j);
            }
            chunkDraws[c] = nd;
            evaluate(c);
        });
        long total = 0;
        for (long v : chunkDraws) {
            total += v;
        }
        return total;
    }

    static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }
}
