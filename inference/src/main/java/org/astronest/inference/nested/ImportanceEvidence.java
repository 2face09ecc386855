package org.astronest.inference.nested;

import org.astronest.inference.LogMath;
import org.astronest.inference.WorkPool;

/**
 * Importance nested sampling (INS; Feroz, Hobson, Cameron &amp; Pettitt 2019, "Importance nested sampling and the
 * MultiNest algorithm", OJAp 2, 10): every evaluated point, above or below the threshold of its time, is an
 * importance sample from the mixture of all epochs' proposal densities, so
 * <pre>
 *   Z = sum_i L_i / g(u_i),   g(u) = sum_e D_e 1[u in R_e] / V_e,
 * </pre>
 * where epoch e drew {@code D_e} raw points from its envelope of volume {@code V_e} (the sum of its ellipsoids'
 * volumes) and kept those in its region {@code R_e} (union ∩ cube). With the first-cover rule the evaluated points
 * of epoch e are uniform on R_e and {@code D_e / V_e} estimates {@code A_e / vol(R_e)} (A_e evaluated points), so
 * this is the deterministic-mixture estimator (Owen &amp; Zhou 2000) with the region volumes estimated from the
 * draw counts. It needs no assumption that a region held the whole likelihood contour, which is what lets the
 * ellipsoids be tight: epoch 0 (the unit cube) keeps g positive wherever the prior is.
 *
 * <p>Seen as raw draws (a draw that was not evaluated has f = 0), the estimate is exactly unbiased for given
 * regions and draw counts, and the epochs are strata: {@code Var(Z) = sum_e D_e Var_e(f / g)}, estimated per
 * epoch from its evaluated points as {@code sum w^2 - (sum w)^2 / D_e}; the reported error is the delta-method
 * {@code sqrt(Var) / Z}. Posterior weights are {@code w_i / Z}.
 */
final class ImportanceEvidence {

    private ImportanceEvidence() {
    }

    /**
     * @param logW   ln weight of every recorded point ({@code ln L_i - ln g(u_i)}), in record order
     * @param logZ   ln Z
     * @param logZErr its standard deviation (stratified delta method)
     * @param ess    Kish effective sample size of the weights
     */
    record Result(double[] logW, double logZ, double logZErr, double ess) {
    }

    /** The estimate over every point of {@code rec}; the per-point density sums run on {@code pool}. */
    static Result estimate(ImportanceRecord rec, WorkPool pool) {
        int m = rec.size;
        int ne = rec.epochs();
        double[] logRate = new double[ne];
        for (int e = 0; e < ne; e++) {
            logRate[e] = rec.draws[e] > 0 ? Math.log(rec.draws[e]) - rec.logEnvelope(e) : Double.NEGATIVE_INFINITY;
        }
        double[] logW = new double[m];
        int block = 256;
        int blocks = (m + block - 1) / block;
        pool.forEach(blocks, b -> {
            for (int i = b * block; i < Math.min(m, (b + 1) * block); i++) {
                if (rec.logL[i] == Double.NEGATIVE_INFINITY) {
                    logW[i] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                double acc = Double.NEGATIVE_INFINITY;
                for (int e = 0; e < ne; e++) {
                    if (logRate[e] > Double.NEGATIVE_INFINITY
                            && (e == rec.epoch[i] || rec.inRegion(e, rec.u, i * rec.d))) {
                        acc = LogMath.logAddExp(acc, logRate[e]);
                    }
                }
                logW[i] = rec.logL[i] - acc;
            }
        });
        double logZ = LogMath.logSumExp(logW);
        // the epochs are strata with fixed draw counts: Var(Z) = sum_e D_e Var_e(f / g), where a raw draw that was
        // not evaluated (outside the cube, or taken by an earlier ellipsoid) counts as f = 0
        double[] s1 = new double[ne];
        double[] s2 = new double[ne];
        double kish = 0;
        for (int i = 0; i < m; i++) {
            if (logW[i] > Double.NEGATIVE_INFINITY) {
                double p = Math.exp(logW[i] - logZ);
                s1[rec.epoch[i]] += p;
                s2[rec.epoch[i]] += p * p;
                kish += p * p;
            }
        }
        double var = 0;
        for (int e = 0; e < ne; e++) {
            if (rec.draws[e] > 0) {
                var += Math.max(0, s2[e] - s1[e] * s1[e] / rec.draws[e]);
            }
        }
        return new Result(logW, logZ, Math.sqrt(var), kish > 0 ? 1 / kish : 0);
    }

    /**
     * Indices (in record order) of the points to keep as posterior samples: the lowest-weight points are dropped
     * while their weights add up to at most {@code dropFraction} of Z, so every weighted sum moves by at most that
     * fraction. Most evaluations of a run (early, far below the posterior mass) carry almost no weight.
     */
    static int[] significant(double[] logW, double logZ, double dropFraction) {
        int m = logW.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Double.compare(logW[a], logW[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        double dropped = 0;
        int cut = 0;
        while (cut < m) {
            double p = logW[order[cut]] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(logW[order[cut]] - logZ);
            if (dropped + p > dropFraction) {
                break;
            }
            dropped += p;
            cut++;
        }
        boolean[] keep = new boolean[m];
        for (int j = cut; j < m; j++) {
            keep[order[j]] = true;
        }
        int[] out = new int[m - cut];
        int k = 0;
        for (int i = 0; i < m; i++) {
            if (keep[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    /**
     * Monte Carlo standard deviation of each weighted posterior mean, {@code sqrt(sum p_i^2 (theta_i - mean)^2)} with
     * normalised weights p (the delta method for a self-normalised importance-sampling mean).
     */
    static double[] meanErrors(double[][] thetas, double[] logW, double logZ) {
        int p = thetas[0].length;
        double[] mean = new double[p];
        for (int i = 0; i < thetas.length; i++) {
            if (logW[i] > Double.NEGATIVE_INFINITY) {
                double w = Math.exp(logW[i] - logZ);
                for (int k = 0; k < p; k++) {
                    mean[k] += w * thetas[i][k];
                }
            }
        }
        double[] var = new double[p];
        for (int i = 0; i < thetas.length; i++) {
            if (logW[i] > Double.NEGATIVE_INFINITY) {
                double w = Math.exp(logW[i] - logZ);
                for (int k = 0; k < p; k++) {
                    double t = w * (thetas[i][k] - mean[k]);
                    var[k] += t * t;
                }
            }
        }
        for (int k = 0; k < p; k++) {
            var[k] = Math.sqrt(var[k]);
        }
        return var;
    }
}
