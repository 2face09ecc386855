package org.astronest.inference.nested;

import java.util.function.LongFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.LogMath;

/**
 * Evidence, information and their errors from a recorded nested-sampling run, as pure functions of the run (and,
 * for the re-simulations, of a stream per round). The run is the sequence of dead points in removal order followed
 * by the final live points in increasing log L.
 */
final class NestedEvidence {

    private NestedEvidence() {
    }

    /**
     * A recorded run of {@code nDead + n} points.
     *
     * @param logL   log-likelihoods in run order
     * @param nLive  live points when each point was removed; for the final live points n, n-1, ..., 1
     * @param thread live slot each point occupied (its single-live-point thread)
     * @param nDead  number of dead points (the rest are the final live points)
     * @param n      number of live points
     */
    record Run(double[] logL, int[] nLive, int[] thread, int nDead, int n) {
        int size() {
            return logL.length;
        }
    }

    /**
     * Plain nested-sampling weights with the expected shrinkage {@code ln X_i = ln X_{i-1} - 1/n_i} (Skilling 2006):
     * a dead point weighs {@code L_i X_{i-1} (1 - e^{-1/n_i})}, each final live point {@code L_i X_final / n}.
     * Fills {@code logW} and {@code logX} (the expected ln X at each point; for the final live points the expected
     * ln X of the j-th lowest of n uniform points below X_final).
     */
    static void weights(Run run, double[] logW, double[] logX) {
        double x = 0;
        for (int i = 0; i < run.nDead; i++) {
            double l = run.logL[i];
            logW[i] = l == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY
                    : l + x + Math.log(-Math.expm1(-1.0 / run.nLive[i]));
            x -= 1.0 / run.nLive[i];
            logX[i] = x;
        }
        int n = run.n;
        for (int j = 0; j < n; j++) {
            int i = run.nDead + j;
            double l = run.logL[i];
            logX[i] = x + Math.log((double) (n - j) / (n + 1));
            logW[i] = l == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : l + x - Math.log(n);
        }
    }

    /** Information {@code H = sum p_i ln L_i - ln Z} (nats) of normalised weights {@code exp(logW - logZ)}, >= 0. */
    static double information(double[] logL, double[] logW, double logZ) {
        double h = 0;
        for (int i = 0; i < logL.length; i++) {
            if (logW[i] > Double.NEGATIVE_INFINITY) {
                h += Math.exp(logW[i] - logZ) * logL[i];
            }
        }
        return Math.max(0, h - logZ);
    }

    /**
     * ln Z of re-simulated runs: shrinkage ratios t_i ~ Beta(n_i, 1), i.e. t = U^(1/n_i) (Higson, Handley, Hobson
     * &amp; Lasenby 2018, Bayesian Analysis 13, 873); the final live points are treated as removed one by one with
     * n = N, N-1, ..., 1, the last one taking the rest. Round r draws from {@code streams.apply(r)}.
     */
    static double[] resampledLogZ(Run run, int rounds, LongFunction<UniformRandomProvider> streams) {
        int m = run.size();
        double[] out = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            UniformRandomProvider rng = streams.apply(r);
            double x = 0;
            double acc = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                double u;
                do {
                    u = rng.nextDouble();
                } while (u == 0);
                double logT = Math.log(u) / run.nLive[i];
                double lw = i == m - 1 ? run.logL[i] + x : run.logL[i] + x + Math.log(-Math.expm1(logT));
                if (run.logL[i] > Double.NEGATIVE_INFINITY) {
                    acc = LogMath.logAddExp(acc, lw);
                }
                x += logT;
            }
            out[r] = acc;
        }
        return out;
    }

    /**
     * Bootstrap over threads (Higson, Handley, Hobson &amp; Lasenby 2018, "Sampling errors in nested sampling
     * parameter estimation", Bayesian Analysis 13, 873): the run is split into its n single-live-point threads (a
     * thread is the chain of points that replaced each other in one live slot), threads are resampled with
     * replacement and recombined; the standard deviations over replicates of ln Z and of every posterior mean are
     * returned: {@code [sd(ln Z), sd(mean_0), sd(mean_1), ...]}, one column per entry of {@code thetas[i]}.
     */
    static double[] bootstrapThreads(Run run, double[][] thetas, int rounds,
                                     LongFunction<UniformRandomProvider> streams) {
        int m = run.size();
        int n = run.n;
        int p = thetas[0].length;
        double[] lwb = new double[m];
        double[] zs = new double[rounds];
        double[][] means = new double[rounds][p];
        int[] mult = new int[n];
        for (int r = 0; r < rounds; r++) {
            UniformRandomProvider rng = streams.apply(r);
            java.util.Arrays.fill(mult, 0);
            for (int k = 0; k < n; k++) {
                mult[rng.nextInt(n)]++;
            }
            double x = 0;
            int nl = n;
            for (int i = 0; i < m; i++) {
                int c = mult[run.thread[i]];
                double acc = Double.NEGATIVE_INFINITY;
                boolean finalPoint = i >= run.nDead;
                for (int k = 0; k < c; k++) {
                    double lw;
                    if (finalPoint) {
                        lw = nl == 1 ? run.logL[i] + x : run.logL[i] + x + Math.log(-Math.expm1(-1.0 / nl));
                        x -= 1.0 / nl;
                        nl--;
                    } else {
                        lw = run.logL[i] + x + Math.log(-Math.expm1(-1.0 / n));
                        x -= 1.0 / n;
                    }
                    if (run.logL[i] > Double.NEGATIVE_INFINITY) {
                        acc = LogMath.logAddExp(acc, lw);
                    }
                }
                lwb[i] = acc;
            }
            double z = LogMath.logSumExp(lwb);
            zs[r] = z;
            for (int i = 0; i < m; i++) {
                if (lwb[i] > Double.NEGATIVE_INFINITY) {
                    double w = Math.exp(lwb[i] - z);
                    for (int k = 0; k < p; k++) {
                        means[r][k] += w * thetas[i][k];
                    }
                }
            }
        }
        double[] out = new double[1 + p];
        out[0] = sd(zs);
        double[] col = new double[rounds];
        for (int k = 0; k < p; k++) {
            for (int r = 0; r < rounds; r++) {
                col[r] = means[r][k];
            }
            out[1 + k] = sd(col);
        }
        return out;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation (n - 1 in the denominator). */
    static double sd(double[] v) {
        double mean = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
