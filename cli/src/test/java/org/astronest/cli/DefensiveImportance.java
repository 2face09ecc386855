package org.astronest.cli;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;

/**
 * An evidence and posterior summary that involve no nested sampling: defensive importance sampling (Hesterberg 1995,
 * Technometrics 37, 185) in the unit cube of the prior, with the proposal
 * {@code q(u) = a + (1 - a) (1/K) sum_k N(u; c_k, h^2 S)}: the uniform cube with weight {@code a} and a Gaussian kernel
 * density estimate around K posterior points {@code c_k} (cube coordinates, S their covariance, h the bandwidth).
 * Z = mean of {@code L(u) 1[u in cube] / q(u)} over draws from q is unbiased for any kernel placement, and the weights
 * are bounded by {@code L_max / a}, so a region the kernels miss still enters with finite variance. A test reference
 * for an evidence that no other code gives (an emulator likelihood); the kernels may come from the run under test,
 * since where they sit changes the variance, not the expectation.
 */
final class DefensiveImportance {

    /**
     * ln Z with its standard error (from the draws' own variance) and Kish ESS; the draws with L &gt; 0 as free
     * parameters ({@code theta}, n x d) with their weights.
     */
    record Result(double logZ, double logZErr, double ess, double[][] theta, double[] weights) {
    }

    private static final int CHUNKS = 64;
    private static final int BATCH = 256;

    private DefensiveImportance() {
    }

    /**
     * Draws {@code draws} points from q (chunk c from {@code Rngs.stream(seed, c)}, so the result does not depend on
     * the thread count) and evaluates the likelihood in batches.
     *
     * @param centres kernel centres in cube coordinates (K x d)
     */
    static Result run(InferenceProblem p, double[][] centres, double bandwidth, double defensive, long draws,
                      long seed) {
        int d = p.dimension();
        int k = centres.length;
        double[] chol = choleskyOfScaledCovariance(centres, d, bandwidth);
        double logDet = 0;
        for (int i = 0; i < d; i++) {
            logDet += Math.log(chol[i * d + i]);
        }
        double logNorm = -0.5 * d * Math.log(2 * Math.PI) - logDet - Math.log(k);
        double[][] white = new double[k][];
        for (int c = 0; c < k; c++) {
            white[c] = solveLower(chol, d, centres[c]);
        }
        long per = draws / CHUNKS;
        Chunk[] chunks = IntStream.range(0, CHUNKS).parallel()
                .mapToObj(c -> chunk(p, centres, chol, white, logNorm, defensive, per, Rngs.stream(seed, c)))
                .toArray(Chunk[]::new);
        double max = Double.NEGATIVE_INFINITY;
        for (Chunk c : chunks) {
            for (double v : c.logW) {
                max = Math.max(max, v);
            }
        }
        int kept = 0;
        for (Chunk c : chunks) {
            kept += c.logW.length;
        }
        double s1 = 0;
        double s2 = 0;
        double[] w = new double[kept];
        double[][] theta = new double[kept][];
        int at = 0;
        for (Chunk c : chunks) {
            for (int i = 0; i < c.logW.length; i++) {
                double wi = Math.exp(c.logW[i] - max);
                s1 += wi;
                s2 += wi * wi;
                w[at] = wi;
                theta[at++] = c.theta[i];
            }
        }
        long n = per * CHUNKS;
        double mean = s1 / n;
        double var = Math.max(0, s2 / n - mean * mean);
        return new Result(max + Math.log(mean), Math.sqrt(var / n) / mean, s1 * s1 / s2, theta, w);
    }

    /** Finite-weight draws of one chunk: ln(L / q) and the free parameters (draws outside the cube weigh 0). */
    private record Chunk(double[] logW, double[][] theta) {
    }

    private static Chunk chunk(InferenceProblem p, double[][] centres, double[] chol, double[][] white,
                               double logNorm, double defensive, long per, UniformRandomProvider rng) {
        int d = p.dimension();
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] logW = new double[(int) per];
        double[][] theta = new double[(int) per][];
        int kept = 0;
        double[][] batch = new double[BATCH][];
        double[] logQ = new double[BATCH];
        double[] out = new double[BATCH];
        int filled = 0;
        double[] z = new double[d];
        double[] e = new double[centres.length];
        for (long t = 0; t < per; t++) {
            double[] u = new double[d];
            if (rng.nextDouble() < defensive) {
                for (int j = 0; j < d; j++) {
                    u[j] = rng.nextDouble();
                }
            } else {
                double[] c = centres[rng.nextInt(centres.length)];
                for (int j = 0; j < d; j++) {
                    z[j] = g.sample();
                }
                for (int i = 0; i < d; i++) {
                    double s = c[i];
                    for (int j = 0; j <= i; j++) {
                        s += chol[i * d + j] * z[j];
                    }
                    u[i] = s;
                }
            }
            boolean inCube = true;
            for (double v : u) {
                inCube &= v >= 0 && v <= 1;
            }
            if (!inCube) {
                continue;
            }
            double[] wu = solveLower(chol, d, u);
            double m = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < centres.length; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double q = wu[j] - white[c][j];
                    s += q * q;
                }
                e[c] = -0.5 * s;
                m = Math.max(m, e[c]);
            }
            double acc = 0;
            for (double v : e) {
                acc += Math.exp(v - m);
            }
            logQ[filled] = Math.log(defensive + (1 - defensive) * Math.exp(logNorm + m + Math.log(acc)));
            batch[filled++] = p.fromUnit(u);
            if (filled == BATCH) {
                kept = flush(p, batch, logQ, out, filled, logW, theta, kept);
                filled = 0;
            }
        }
        kept = flush(p, batch, logQ, out, filled, logW, theta, kept);
        return new Chunk(Arrays.copyOf(logW, kept), Arrays.copyOf(theta, kept));
    }

    private static int flush(InferenceProblem p, double[][] batch, double[] logQ, double[] out, int filled,
                             double[] logW, double[][] theta, int kept) {
        if (filled == 0) {
            return kept;
        }
        double[][] full = new double[filled][];
        for (int i = 0; i < filled; i++) {
            full[i] = p.expand(batch[i]);
        }
        p.logLikelihood(full, out);
        for (int i = 0; i < filled; i++) {
            if (out[i] > Double.NEGATIVE_INFINITY) {
                logW[kept] = out[i] - logQ[i];
                theta[kept++] = batch[i];
            }
        }
        return kept;
    }

    /** Lower Cholesky factor (row-major d x d) of h^2 times the sample covariance of the centres. */
    private static double[] choleskyOfScaledCovariance(double[][] x, int d, double h) {
        int k = x.length;
        double[] mu = new double[d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                mu[j] += r[j] / k;
            }
        }
        double[][] cov = new double[d][d];
        for (double[] r : x) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    cov[i][j] += (r[i] - mu[i]) * (r[j] - mu[j]) / (k - 1) * h * h;
                }
            }
        }
        double[][] l = new CholeskyDecomposition(new Array2DRowRealMatrix(cov, false)).getL().getData();
        double[] out = new double[d * d];
        for (int i = 0; i < d; i++) {
            System.arraycopy(l[i], 0, out, i * d, d);
        }
        return out;
    }

    private static double[] solveLower(double[] l, int d, double[] x) {
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            double s = x[i];
            for (int j = 0; j < i; j++) {
                s -= l[i * d + j] * y[j];
            }
            y[i] = s / l[i * d + i];
        }
        return y;
    }
}
