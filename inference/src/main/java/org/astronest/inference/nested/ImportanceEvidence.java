package org.astronest.inference.nested;

import java.util.Arrays;
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
        double[] logW = logWeights(rec, ne, m, pool);
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
     * Largest share of A that the points a cut leaves out may carry together: a point's weight is at most
     * {@code L / (D_e / V_e)} of its own epoch, so the points whose bounds add up to at most this share are not
     * tested against every epoch (rosenbrock10d: 13 million points against hundreds of epochs).
     */
    static final double CUT_SKIP = 1e-9;

    /** {@code ln(D_e / V_e)} of the first {@code ne} epochs; -infinity for one without draws. */
    private static double[] logRates(ImportanceRecord rec, int ne) {
        double[] logRate = new double[ne];
        for (int e = 0; e < ne; e++) {
            logRate[e] = rec.draws[e] > 0 ? Math.log(rec.draws[e]) - rec.logEnvelope(e) : Double.NEGATIVE_INFINITY;
        }
        return logRate;
    }

    /**
     * Sets {@code out[i] = ln(1 / g(u_i))} for the recorded points {@code i = idx[0..count)}, g the mixture of the
     * epochs with rates {@code logRate}; -infinity for a point with L = 0, which weighs nothing either way.
     */
    private static void inverseDensity(ImportanceRecord rec, double[] logRate, int[] idx, int count, double[] out,
                                       WorkPool pool) {
        int ne = logRate.length;
        int block = 256;
        int blocks = (count + block - 1) / block;
        pool.forEach(blocks, b -> {
            for (int j = b * block; j < Math.min(count, (b + 1) * block); j++) {
                int i = idx == null ? j : idx[j];
                if (rec.logL[i] == Double.NEGATIVE_INFINITY) {
                    out[i] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                double acc = Double.NEGATIVE_INFINITY;
                for (int e = 0; e < ne; e++) {
                    if (logRate[e] > Double.NEGATIVE_INFINITY
                            && (e == rec.epoch[i] || rec.inRegion(e, rec.u, i * rec.d))) {
                        acc = LogMath.logAddExp(acc, logRate[e]);
                    }
                }
                out[i] = -acc;
            }
        });
    }

    /** ln weights {@code ln L_i - ln g(u_i)} of the first {@code m} recorded points over the first {@code ne} epochs. */
    private static double[] logWeights(ImportanceRecord rec, int ne, int m, WorkPool pool) {
        double[] w = new double[m];
        inverseDensity(rec, logRates(rec, ne), null, m, w, pool);
        for (int i = 0; i < m; i++) {
            if (w[i] > Double.NEGATIVE_INFINITY) {
                w[i] += rec.logL[i];
            }
        }
        return w;
    }

    /**
     * The {@link ImportanceCut} of the first {@code m} recorded points (those of epochs {@code 0..ne-1}) at dead
     * point {@code deadIndex}, threshold {@code logLCut}: per epoch the sums of {@code L/g} below the cut and of
     * {@code 1/g} above it with their squares, and the points below the cut that carry all but
     * {@link NestedEngine#SAMPLE_DROP} of their total. Points below the cut are weighed exactly in decreasing order
     * of their bound {@code L / (D_e / V_e)}, doubling the number weighed until the bounds of the rest add up to at
     * most {@link #CUT_SKIP} of what is weighed.
     */
    static ImportanceCut cut(ImportanceRecord rec, int ne, int m, int deadIndex, double logLCut, WorkPool pool) {
        double[] logRate = logRates(rec, ne);
        double[] inv = new double[m];
        int nAbove = 0;
        int nBelow = 0;
        for (int i = 0; i < m; i++) {
            if (rec.logL[i] > logLCut) {
                nAbove++;
            } else if (rec.logL[i] > Double.NEGATIVE_INFINITY) {
                nBelow++;
            }
        }
        int[] above = new int[nAbove];
        int[] below = new int[nBelow];
        double[] bound = new double[nBelow];
        nAbove = 0;
        nBelow = 0;
        for (int i = 0; i < m; i++) {
            if (rec.logL[i] > logLCut) {
                above[nAbove++] = i;
            } else if (rec.logL[i] > Double.NEGATIVE_INFINITY) {
                bound[nBelow] = rec.logL[i] - logRate[rec.epoch[i]];
                below[nBelow++] = i;
            }
        }
        inverseDensity(rec, logRate, above, nAbove, inv, pool);
        // the below-cut points in decreasing order of their bounds, weighed in doubling blocks
        double[] sorted = bound.clone();
        Arrays.sort(sorted);
        double[] prefix = new double[nBelow]; // ln of the sum of the smallest j + 1 bounds
        double acc = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < nBelow; j++) {
            acc = LogMath.logAddExp(acc, sorted[j]);
            prefix[j] = acc;
        }
        double logA = Double.NEGATIVE_INFINITY;
        double logSkipped = Double.NEGATIVE_INFINITY;
        double tau = Double.POSITIVE_INFINITY;
        int[] todo = new int[nBelow];
        for (int k = Math.min(nBelow, 4096); nBelow > 0; k = Math.min(nBelow, 2 * k)) {
            double prev = tau;
            tau = sorted[nBelow - k];
            int count = 0;
            for (int j = 0; j < nBelow; j++) {
                if (bound[j] >= tau && bound[j] < prev) {
                    todo[count++] = below[j];
                }
            }
            inverseDensity(rec, logRate, todo, count, inv, pool);
            for (int j = 0; j < count; j++) {
                int i = todo[j];
                logA = LogMath.logAddExp(logA, rec.logL[i] + inv[i]);
            }
            logSkipped = k < nBelow ? prefix[nBelow - k - 1] : Double.NEGATIVE_INFINITY;
            if (k == nBelow || logSkipped <= logA + Math.log(CUT_SKIP)) {
                break;
            }
        }
        double[] s1b = new double[ne];
        double[] s2b = new double[ne];
        double[] s1a = new double[ne];
        double[] s2a = new double[ne];
        Arrays.fill(s1b, Double.NEGATIVE_INFINITY);
        Arrays.fill(s2b, Double.NEGATIVE_INFINITY);
        Arrays.fill(s1a, Double.NEGATIVE_INFINITY);
        Arrays.fill(s2a, Double.NEGATIVE_INFINITY);
        for (int i : above) {
            int e = rec.epoch[i];
            s1a[e] = LogMath.logAddExp(s1a[e], inv[i]);
            s2a[e] = LogMath.logAddExp(s2a[e], 2 * inv[i]);
        }
        int weighed = 0;
        for (int j = 0; j < nBelow; j++) {
            if (bound[j] >= tau) {
                weighed++;
            }
        }
        int[] idx = new int[weighed];
        double[] logWBelow = new double[weighed];
        int w = 0;
        for (int j = 0; j < nBelow; j++) {
            if (bound[j] >= tau) {
                int i = below[j];
                int e = rec.epoch[i];
                double lw = rec.logL[i] + inv[i];
                idx[w] = i;
                logWBelow[w++] = lw;
                s1b[e] = LogMath.logAddExp(s1b[e], lw);
                s2b[e] = LogMath.logAddExp(s2b[e], 2 * lw);
            }
        }
        int[] keep = weighed == 0 ? new int[0] : significant(logWBelow, logA, NestedEngine.SAMPLE_DROP);
        int d = rec.d;
        double[] u = new double[keep.length * d];
        double[] logL = new double[keep.length];
        double[] logW = new double[keep.length];
        for (int j = 0; j < keep.length; j++) {
            int i = idx[keep[j]];
            System.arraycopy(rec.u, i * d, u, j * d, d);
            logL[j] = rec.logL[i];
            logW[j] = logWBelow[keep[j]];
        }
        return new ImportanceCut(deadIndex, logLCut, s1b, s2b, s1a, s2a, Arrays.copyOf(rec.draws, ne), u, logL, logW,
                m, weighed, logSkipped);
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
        Arrays.sort(order, (a, b) -> {
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
