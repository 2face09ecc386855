package org.astronest.inference.nested;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
     * A recorded run of {@code nDead + n} points, its live points split into clusters with their own volumes at the
     * dead points of {@code splits} ({@link ClusterVolumes}; none: a run without clusters).
     *
     * @param logL   log-likelihoods in run order
     * @param nLive  live points when each point was removed; for the final live points n, n-1, ..., 1; from the
     *               first split on, those of the point's cluster (the final live points counting down within it)
     * @param thread live slot each point occupied (its single-live-point thread)
     * @param nDead  number of dead points (the rest are the final live points)
     * @param n      number of live points
     * @param cluster each point's cluster (0 before the first split; null without splits)
     * @param splits the splits in run order (empty without)
     */
    record Run(double[] logL, int[] nLive, int[] thread, int nDead, int n, int[] cluster,
               List<ClusterVolumes.Split> splits) {

        Run(double[] logL, int[] nLive, int[] thread, int nDead, int n) {
            this(logL, nLive, thread, nDead, n, null, List.of());
        }

        int size() {
            return logL.length;
        }

        boolean clustered() {
            return !splits.isEmpty();
        }

        /** The run from point {@code c} on (prior volume 1 there); no split may come before it. */
        Run from(int c) {
            int m = size();
            List<ClusterVolumes.Split> shifted = new ArrayList<>();
            for (ClusterVolumes.Split sp : splits) {
                if (sp.at() < c) {
                    throw new IllegalStateException("a cluster split at " + sp.at() + ", before " + c);
                }
                shifted.add(new ClusterVolumes.Split(sp.at() - c, sp.parent(), sp.first(), sp.counts()));
            }
            return new Run(Arrays.copyOfRange(logL, c, m), Arrays.copyOfRange(nLive, c, m),
                    Arrays.copyOfRange(thread, c, m), nDead - c, n,
                    clustered() ? Arrays.copyOfRange(cluster, c, m) : null, shifted);
        }

        /** Clusters ever made, the whole live set (cluster 0) included. */
        int clusters() {
            int k = 1;
            for (ClusterVolumes.Split sp : splits) {
                k = Math.max(k, sp.first() + sp.counts().length);
            }
            return k;
        }
    }

    /**
     * Applies the splits at point {@code i} (from position {@code next} of the list) to the clusters' ln volumes
     * {@code xk}: each child gets its share of the parent's volume, from the counts ({@code rng} null) or a
     * Dirichlet draw over them. Returns the position of the next split.
     */
    private static int applySplits(Run run, int i, int next, double[] xk, UniformRandomProvider rng) {
        while (next < run.splits.size() && run.splits.get(next).at() == i) {
            ClusterVolumes.Split sp = run.splits.get(next++);
            int[] counts = sp.counts();
            double[] share = new double[counts.length];
            double total = 0;
            for (int j = 0; j < counts.length; j++) {
                share[j] = rng == null ? counts[j] : gamma(counts[j], rng);
                total += share[j];
            }
            for (int j = 0; j < counts.length; j++) {
                xk[sp.first() + j] = xk[sp.parent()] + Math.log(share[j] / total);
            }
            xk[sp.parent()] = Double.NEGATIVE_INFINITY;
        }
        return next;
    }

    /** A Gamma(k, 1) variate for a whole k, as a sum of k exponentials. */
    private static double gamma(int k, UniformRandomProvider rng) {
        double s = 0;
        for (int j = 0; j < k; j++) {
            double u;
            do {
                u = rng.nextDouble();
            } while (u == 0);
            s -= Math.log(u);
        }
        return s;
    }

    /**
     * Plain nested-sampling weights with the expected shrinkage {@code ln X_i = ln X_{i-1} - 1/n_i} (Skilling 2006):
     * a dead point weighs {@code L_i X_{i-1} (1 - e^{-1/n_i})}, each final live point {@code L_i X_final / n}.
     * Fills {@code logW} and {@code logX} (the expected ln X at each point; for the final live points the expected
     * ln X of the j-th lowest of n uniform points below X_final).
     */
    static void weights(Run run, double[] logW, double[] logX) {
        if (run.clustered()) {
            clusteredWeights(run, logW, logX);
            return;
        }
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

    /**
     * {@link #weights} of a run split into clusters: every cluster's expected volume starts at its share of its
     * parent's at the split ({@code X m_j / m}) and shrinks by {@code e^{-1/n_i}} with its own count; a final live
     * point weighs {@code L X_k / f_k} (f_k the cluster's final live points). ln X is the sum over clusters.
     */
    private static void clusteredWeights(Run run, double[] logW, double[] logX) {
        double[] xk = new double[run.clusters()];
        Arrays.fill(xk, Double.NEGATIVE_INFINITY);
        xk[0] = 0;
        int next = 0;
        for (int i = 0; i < run.nDead; i++) {
            next = applySplits(run, i, next, xk, null);
            int c = run.cluster[i];
            double l = run.logL[i];
            logW[i] = l == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY
                    : l + xk[c] + Math.log(-Math.expm1(-1.0 / run.nLive[i]));
            xk[c] -= 1.0 / run.nLive[i];
            logX[i] = LogMath.logSumExp(xk);
        }
        applySplits(run, run.nDead, next, xk, null);
        int k = xk.length;
        int[] finals = new int[k];
        for (int i = run.nDead; i < run.size(); i++) {
            finals[run.cluster[i]]++;
        }
        int[] passed = new int[k];
        double[] terms = new double[k];
        for (int i = run.nDead; i < run.size(); i++) {
            int c = run.cluster[i];
            for (int q = 0; q < k; q++) {
                terms[q] = finals[q] == 0 ? Double.NEGATIVE_INFINITY
                        : xk[q] + Math.log((double) (finals[q] - passed[q]) / (finals[q] + 1));
            }
            logX[i] = LogMath.logSumExp(terms);
            double l = run.logL[i];
            logW[i] = l == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : l + xk[c] - Math.log(finals[c]);
            passed[c]++;
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
        double[] out = new double[rounds];
        double[] lw = new double[run.size()];
        for (int r = 0; r < rounds; r++) {
            out[r] = simulate(run, streams.apply(r), lw);
        }
        return out;
    }

    /**
     * The standard deviation of every posterior mean over re-simulated runs ({@link #resampledLogZ}; in a split run
     * the clusters' volume shares drawn from Dirichlet(n_1, ..., n_K) as well): the second estimate of a split run's
     * mean errors beside the thread bootstrap ({@link #meanSd}).
     */
    static double[] resampledMeanSd(Run run, double[][] thetas, int rounds,
                                    LongFunction<UniformRandomProvider> streams) {
        int m = run.size();
        int p = thetas[0].length;
        double[] lw = new double[m];
        double[][] means = new double[p][rounds];
        for (int r = 0; r < rounds; r++) {
            double z = simulate(run, streams.apply(r), lw);
            for (int i = 0; i < m; i++) {
                if (lw[i] > Double.NEGATIVE_INFINITY && run.logL[i] > Double.NEGATIVE_INFINITY) {
                    double w = Math.exp(lw[i] - z);
                    for (int k = 0; k < p; k++) {
                        means[k][r] += w * thetas[i][k];
                    }
                }
            }
        }
        double[] out = new double[p];
        for (int k = 0; k < p; k++) {
            out[k] = sd(means[k]);
        }
        return out;
    }

    /**
     * The standard deviation of every posterior mean: the thread bootstrap's ({@code boot[1..]}, from
     * {@link #bootstrapThreads}); for a run split into clusters the larger of that and the spread of re-simulated
     * runs ({@link #resampledMeanSd}, streams {@code streams.apply(r)}), as ln Z's error is the largest of its
     * estimates. On ClusteredEvidenceTest's exact runs the bootstrap alone came out 10% low on average (24% at worst)
     * on the mass of a 10% mode, the larger of the two about right, and the two added in quadrature about 30% high
     * (docs/nested.md, "Clusters with their own volumes").
     */
    static double[] meanSd(Run run, double[][] thetas, double[] boot, int rounds,
                           LongFunction<UniformRandomProvider> streams) {
        double[] sd = Arrays.copyOfRange(boot, 1, boot.length);
        if (run.clustered()) {
            double[] sim = resampledMeanSd(run, thetas, rounds, streams);
            for (int k = 0; k < sd.length; k++) {
                sd[k] = Math.max(sd[k], sim[k]);
            }
        }
        return sd;
    }

    /**
     * One re-simulated run: shrinkages t_i = U^(1/n_i); the final live points removed one by one with their counts
     * down to 1, the last one (of the run, or of its cluster) taking the rest; at a split, the clusters' shares of
     * the volume from Dirichlet(n_1, ..., n_K) (each a Gamma(n_k) as a sum of n_k exponentials). Fills {@code lw}
     * and returns ln Z.
     */
    private static double simulate(Run run, UniformRandomProvider rng, double[] lw) {
        int m = run.size();
        double x = 0;
        double[] xk = run.clustered() ? new double[run.clusters()] : null;
        if (xk != null) {
            Arrays.fill(xk, Double.NEGATIVE_INFINITY);
            xk[0] = 0;
        }
        int next = 0;
        double acc = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            if (xk != null) {
                next = applySplits(run, i, next, xk, rng);
            }
            double u;
            do {
                u = rng.nextDouble();
            } while (u == 0);
            double logT = Math.log(u) / run.nLive[i];
            if (xk == null) {
                lw[i] = i == m - 1 ? run.logL[i] + x : run.logL[i] + x + Math.log(-Math.expm1(logT));
                x += logT;
            } else {
                int c = run.cluster[i];
                boolean rest = i >= run.nDead && run.nLive[i] == 1;
                lw[i] = rest ? run.logL[i] + xk[c] : run.logL[i] + xk[c] + Math.log(-Math.expm1(logT));
                xk[c] += logT;
            }
            if (run.logL[i] > Double.NEGATIVE_INFINITY) {
                acc = LogMath.logAddExp(acc, lw[i]);
            }
        }
        return acc;
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
        if (run.clustered()) {
            return bootstrapClustered(run, thetas, rounds, streams);
        }
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
            zs[r] = addMeans(lwb, thetas, means[r]);
        }
        return spreads(zs, means);
    }

    /**
     * {@link #bootstrapThreads} of a run split into clusters. A thread (live slot) keeps to its cluster from a split
     * on, so a replicate's multiplicities give every cluster c the count {@code b_c}, the sum over the threads that
     * ever held a point of c: a split shares its parent's volume in proportion to its children's b_c, a point of c
     * removed with count n_i shrinks X_c by {@code 1/(n_i b_c / s_c)} per copy (s_c the threads of c), and the final
     * live points of c count down from their own multiplicities. Where no split happened this is the plain
     * bootstrap (every count n). The children's counts varying between replicates is what shows the uncertainty of
     * the shares.
     */
    private static double[] bootstrapClustered(Run run, double[][] thetas, int rounds,
                                               LongFunction<UniformRandomProvider> streams) {
        int m = run.size();
        int n = run.n;
        int p = thetas[0].length;
        int k = run.clusters();
        // the threads of every cluster
        boolean[][] member = new boolean[k][n];
        int[] threads = new int[k];
        Arrays.fill(member[0], true); // before the first split every slot is in cluster 0
        threads[0] = n;
        for (int i = 0; i < m; i++) {
            int c = run.cluster[i];
            if (!member[c][run.thread[i]]) {
                member[c][run.thread[i]] = true;
                threads[c]++;
            }
        }
        double[] lwb = new double[m];
        double[] zs = new double[rounds];
        double[][] means = new double[rounds][p];
        int[] mult = new int[n];
        double[] bc = new double[k];
        double[] xk = new double[k];
        int[] left = new int[k];
        for (int r = 0; r < rounds; r++) {
            UniformRandomProvider rng = streams.apply(r);
            Arrays.fill(mult, 0);
            for (int q = 0; q < n; q++) {
                mult[rng.nextInt(n)]++;
            }
            for (int c = 0; c < k; c++) {
                double b = 0;
                for (int t = 0; t < n; t++) {
                    if (member[c][t]) {
                        b += mult[t];
                    }
                }
                bc[c] = b;
            }
            Arrays.fill(xk, Double.NEGATIVE_INFINITY);
            xk[0] = 0;
            Arrays.fill(left, 0);
            for (int i = run.nDead; i < m; i++) {
                left[run.cluster[i]] += mult[run.thread[i]];
            }
            int next = 0;
            for (int i = 0; i < m; i++) {
                while (next < run.splits.size() && run.splits.get(next).at() == i) {
                    ClusterVolumes.Split sp = run.splits.get(next++);
                    double total = 0;
                    for (int j = 0; j < sp.counts().length; j++) {
                        total += bc[sp.first() + j];
                    }
                    for (int j = 0; j < sp.counts().length; j++) {
                        xk[sp.first() + j] = xk[sp.parent()] + Math.log(bc[sp.first() + j] / total);
                    }
                    xk[sp.parent()] = Double.NEGATIVE_INFINITY;
                }
                int c = run.cluster[i];
                int copies = mult[run.thread[i]];
                double acc = Double.NEGATIVE_INFINITY;
                for (int q = 0; q < copies; q++) {
                    double lw;
                    if (i >= run.nDead) {
                        int nl = left[c]--;
                        lw = nl == 1 ? run.logL[i] + xk[c] : run.logL[i] + xk[c] + Math.log(-Math.expm1(-1.0 / nl));
                        xk[c] -= 1.0 / nl;
                    } else {
                        double nl = run.nLive[i] * bc[c] / threads[c];
                        lw = run.logL[i] + xk[c] + Math.log(-Math.expm1(-1.0 / nl));
                        xk[c] -= 1.0 / nl;
                    }
                    if (run.logL[i] > Double.NEGATIVE_INFINITY) {
                        acc = LogMath.logAddExp(acc, lw);
                    }
                }
                lwb[i] = acc;
            }
            zs[r] = addMeans(lwb, thetas, means[r]);
        }
        return spreads(zs, means);
    }

    /** ln Z of the replicate's ln weights {@code lwb}; adds its posterior means to {@code means}. */
    private static double addMeans(double[] lwb, double[][] thetas, double[] means) {
        double z = LogMath.logSumExp(lwb);
        for (int i = 0; i < lwb.length; i++) {
            if (lwb[i] > Double.NEGATIVE_INFINITY) {
                double w = Math.exp(lwb[i] - z);
                for (int q = 0; q < means.length; q++) {
                    means[q] += w * thetas[i][q];
                }
            }
        }
        return z;
    }

    /** {@code [sd(ln Z), sd(mean_0), sd(mean_1), ...]} over the replicates. */
    private static double[] spreads(double[] zs, double[][] means) {
        int rounds = zs.length;
        int p = means[0].length;
        double[] out = new double[1 + p];
        out[0] = sd(zs);
        double[] col = new double[rounds];
        for (int q = 0; q < p; q++) {
            for (int r = 0; r < rounds; r++) {
                col[r] = means[r][q];
            }
            out[1 + q] = sd(col);
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
