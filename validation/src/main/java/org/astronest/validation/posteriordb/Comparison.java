package org.astronest.validation.posteriordb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.astronest.inference.WeightedStats;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * The comparison protocol of the shared posteriordb README (section 6), tolerances always in units of Monte Carlo
 * error:
 * <ul>
 *   <li>Tier 1 per reference column: mean, log sd and the 5/50/95% quantiles on the probability scale, against the
 *   exact values where summary.json has them (with the README's practical floors of 0.01 sd, 0.005 and 0.002, folded
 *   into the denominator as {@code sqrt(se^2 + (floor/4.5)^2)} so a difference below the floor never fails alone),
 *   otherwise against the reference draws with both Monte Carlo errors. For MCMC an R-hat above 1.01 is a failure.</li>
 *   <li>Tier 2 backstops: two-sample KS per marginal ({@code sqrt(n_e) D > 2.3}), pairwise correlations (Fisher z
 *   with the tested draws' ESS of the correlation, {@link TestedDraws#correlationEss},
 *   reference correlations recomputed from the draws because the summary's are rounded to 5 decimals, which matters at
 *   r = -0.99999), and the whitened energy-distance permutation test (fail if p &lt; 1e-3).</li>
 *   <li>Tier 3: log Z against the exact evidence with the reported error (floor 0.01 nats).</li>
 *   <li>Suite calibration (section 6.6): sum of z^2 of all tier-1 statistics against the chi-square 0.999 quantile
 *   (a warning).</li>
 * </ul>
 * Thresholds: hard fail at |z| &gt; 4.5, warn above 3.5.
 */
public final class Comparison {

    /** Hard-fail threshold on |z| (README 6.2). */
    public static final double FAIL_Z = 4.5;
    /** Warning threshold on |z| (README 6.2). */
    public static final double WARN_Z = 3.5;
    /** KS threshold on sqrt(n_e) D (README 6.3). */
    public static final double KS_LIMIT = 2.3;
    /** Energy-test failure p-value (README 6.3). */
    public static final double ENERGY_P = 1e-3;
    /** R-hat limit for MCMC output (README 6). */
    public static final double RHAT_LIMIT = 1.01;

    static final double[] PROBS = {0.05, 0.5, 0.95};
    static final String[] QNAMES = {"q05", "q50", "q95"};

    /** One computed statistic. */
    public record Stat(String statistic, String parameter, double value, double threshold, boolean failed,
                       boolean warned) {
    }

    /** Sizes of the energy test: draws per side and permutations (README: about 2000 and B = 1000). */
    public record EnergyOptions(int draws, int permutations) {
        public EnergyOptions {
            if (draws < 10) {
                throw new IllegalArgumentException("energy draws must be >= 10, got " + draws);
            }
            if (permutations < 100) {
                throw new IllegalArgumentException("energy permutations must be >= 100, got " + permutations);
            }
        }

        /** 1000 draws a side (pooled 2000) and 1000 permutations. */
        public static EnergyOptions defaults() {
            return new EnergyOptions(1000, 1000);
        }
    }

    private Comparison() {
    }

    /** Runs tiers 1-3 and returns every statistic (failures and warnings flagged). */
    public static List<Stat> compare(PosteriorFolder f, TestedDraws t, double logZ, double logZErr,
                                     EnergyOptions energy, UniformRandomProvider rng) {
        List<Stat> out = new ArrayList<>();
        List<String> cols = f.parameterNames();
        for (String c : cols) {
            tier1(f, t, c, out);
        }
        ks(f, t, cols, out);
        correlations(f, t, cols, out);
        out.add(energy(f, t, cols, energy, rng));
        double exact = f.exactLogEvidence();
        if (!Double.isNaN(logZ) && !Double.isNaN(exact)) {
            double z = (logZ - exact) / Math.sqrt(logZErr * logZErr + sq(0.01 / FAIL_Z));
            out.add(zStat("logZ", "logZ", z));
        }
        return out;
    }

    /** The section 6.6 calibration: sum z^2 of the tier-1 z statistics and its chi-square 0.999 quantile. */
    public static double[] calibration(List<Stat> stats) {
        double s = 0;
        int m = 0;
        for (Stat st : stats) {
            if (st.statistic().startsWith("z_")) {
                s += st.value() * st.value();
                m++;
            }
        }
        double q = m == 0 ? Double.NaN : ChiSquaredDistribution.of(m).inverseCumulativeProbability(0.999);
        return new double[] {s, m, q};
    }

    static void tier1(PosteriorFolder f, TestedDraws t, String c, List<Stat> out) {
        int j = t.column(c);
        double[] x = t.columns()[j];
        double[] w = t.weights();
        double essB = t.essBulk()[j];
        double essT = t.essTail()[j];
        PosteriorFolder.Stats ref = f.reference(c);
        PosteriorFolder.Stats ex = f.exact(c);
        double m = TestedDraws.weightedMean(x, w);
        double sd = TestedDraws.weightedSd(x, w);
        double kappa = Double.isNaN(ref.kurtosis()) ? 3 : ref.kurtosis();
        if (!Double.isNaN(t.rhat()[j])) {
            double rh = t.rhat()[j];
            out.add(new Stat("rhat", c, rh, RHAT_LIMIT, !(rh <= RHAT_LIMIT), false));
        }
        if (ex != null) {
            double se = sd / Math.sqrt(essB);
            out.add(zStat("z_mean", c, (m - ex.mean()) / Math.sqrt(se * se + sq(0.01 * ex.sd() / FAIL_Z))));
            double seLog = Math.sqrt((kappa - 1) / 4 / essB);
            out.add(zStat("z_logsd", c, Math.log(sd / ex.sd()) / Math.sqrt(seLog * seLog + sq(0.005 / FAIL_Z))));
            double[] eq = {ex.q05(), ex.q50(), ex.q95()};
            for (int k = 0; k < 3; k++) {
                double p = PROBS[k];
                double pHat = weightedFractionAtOrBelow(x, w, eq[k]);
                double seP = Math.sqrt(p * (1 - p) / essT);
                out.add(zStat("z_" + QNAMES[k], c, (pHat - p) / Math.sqrt(seP * seP + sq(0.002 / FAIL_Z))));
            }
        } else {
            out.add(zStat("z_mean", c, (m - ref.mean()) / Math.sqrt(sd * sd / essB + sq(ref.mcseMean()))));
            out.add(zStat("z_logsd", c, Math.log(sd / ref.sd())
                    / Math.sqrt((kappa - 1) / 4 * (1 / essB + 1 / ref.essBulk()))));
            double[] refDraws = f.referenceColumn(c);
            double[] tq = WeightedStats.quantiles(x, w, PROBS);
            for (int k = 0; k < 3; k++) {
                double p = PROBS[k];
                double pHat = fractionAtOrBelow(refDraws, tq[k]);
                out.add(zStat("z_" + QNAMES[k], c, (pHat - p)
                        / Math.sqrt(p * (1 - p) * (1 / essT + 1 / ref.essTail()))));
            }
        }
    }

    static void ks(PosteriorFolder f, TestedDraws t, List<String> cols, List<Stat> out) {
        for (String c : cols) {
            int j = t.column(c);
            double[] r = f.referenceColumn(c).clone();
            Arrays.sort(r);
            double d = ksDistance(t.columns()[j], t.weights(), r);
            double essT = t.essBulk()[j];
            double essR = f.reference(c).essBulk();
            double ne = essT * essR / (essT + essR);
            double v = Math.sqrt(ne) * d;
            out.add(new Stat("ks", c, v, KS_LIMIT, !(v <= KS_LIMIT), false));
        }
    }

    /** Max |F_t - F_r| of a weighted sample against a sorted unweighted one. */
    static double ksDistance(double[] x, double[] w, double[] sortedRef) {
        int n = x.length;
        Integer[] o = new Integer[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        Arrays.sort(o, (a, b) -> Double.compare(x[a], x[b]));
        int m = sortedRef.length;
        double ft = 0;
        int ir = 0;
        double d = 0;
        int i = 0;
        while (i < n || ir < m) {
            double v = Math.min(i < n ? x[o[i]] : Double.POSITIVE_INFINITY, ir < m ? sortedRef[ir] : Double.POSITIVE_INFINITY);
            while (i < n && x[o[i]] <= v) {
                ft += w[o[i]];
                i++;
            }
            while (ir < m && sortedRef[ir] <= v) {
                ir++;
            }
            d = Math.max(d, Math.abs(ft - (double) ir / m));
        }
        return d;
    }

    static void correlations(PosteriorFolder f, TestedDraws t, List<String> cols, List<Stat> out) {
        int d = cols.size();
        double[][] rc = new double[d][];
        double[][] tc = new double[d][];
        int[] idx = new int[d];
        double[] essR = new double[d];
        for (int a = 0; a < d; a++) {
            rc[a] = f.referenceColumn(cols.get(a));
            idx[a] = t.column(cols.get(a));
            tc[a] = t.columns()[idx[a]];
            essR[a] = f.reference(cols.get(a)).essBulk();
        }
        double[] eqW = new double[rc[0].length];
        Arrays.fill(eqW, 1.0 / eqW.length);
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                double rr = corr(rc[a], rc[b], eqW);
                double rt = corr(tc[a], tc[b], t.weights());
                double et = t.correlationEss(idx[a], idx[b]);
                double er = Math.min(essR[a], essR[b]);
                double z = (atanh(rt) - atanh(rr)) / Math.sqrt(1 / (et - 3) + 1 / (er - 3));
                out.add(zStat("corr", cols.get(a) + "," + cols.get(b), z));
            }
        }
    }

    static double corr(double[] x, double[] y, double[] w) {
        double mx = TestedDraws.weightedMean(x, w);
        double my = TestedDraws.weightedMean(y, w);
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxx += w[i] * dx * dx;
            syy += w[i] * dy * dy;
            sxy += w[i] * dx * dy;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    static double atanh(double r) {
        double c = Math.max(-1 + 1e-15, Math.min(1 - 1e-15, r));
        return 0.5 * Math.log((1 + c) / (1 - c));
    }

    /**
     * Energy distance (Szekely &amp; Rizzo 2013) between {@code n} tested draws (systematically resampled by weight
     * for nested sampling, evenly thinned for MCMC, at most the ESS) and {@code n} reference draws picked at random, both
     * whitened by the reference mean and covariance; permutation p-value with B permutations.
     */
    static Stat energy(PosteriorFolder f, TestedDraws t, List<String> cols, EnergyOptions opt,
                       UniformRandomProvider rng) {
        int d = cols.size();
        double minEss = Double.POSITIVE_INFINITY;
        for (String c : cols) {
            minEss = Math.min(minEss, t.essBulk()[t.column(c)]);
        }
        int n = (int) Math.max(10, Math.min(opt.draws(), Math.floor(minEss)));
        double[][] ref = new double[d][];
        double[] mean = new double[d];
        for (int a = 0; a < d; a++) {
            ref[a] = f.referenceColumn(cols.get(a));
            mean[a] = Arrays.stream(ref[a]).average().orElse(0);
        }
        int nr = ref[0].length;
        double[][] cov = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                double s = 0;
                for (int i = 0; i < nr; i++) {
                    s += (ref[a][i] - mean[a]) * (ref[b][i] - mean[b]);
                }
                cov[a][b] = s / (nr - 1);
                cov[b][a] = cov[a][b];
            }
        }
        // scale to a correlation matrix before the Cholesky factor (kilpisjarvi: r = -0.99999, scales 1e4 apart)
        double[] sd = new double[d];
        for (int a = 0; a < d; a++) {
            sd[a] = Math.sqrt(cov[a][a]);
        }
        double[][] corr = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                corr[a][b] = cov[a][b] / (sd[a] * sd[b]);
            }
        }
        RealMatrix l = new CholeskyDecomposition(new Array2DRowRealMatrix(corr, false), 1e-12, 1e-16).getL();
        double[][] pts = new double[2 * n][];
        // tested: n draws
        int nt = t.columns()[0].length;
        int[] rows = new int[n];
        boolean equal = isEqual(t.weights());
        if (equal) {
            for (int i = 0; i < n; i++) {
                rows[i] = (int) ((long) i * nt / n);
            }
        } else {
            double[] cum = new double[nt];
            double acc = 0;
            for (int i = 0; i < nt; i++) {
                acc += t.weights()[i];
                cum[i] = acc;
            }
            // systematic resampling (one uniform offset, n evenly spaced positions): a sample of weight below 1/n
            // is drawn at most once, whereas multinomial draws repeat samples, and repeated draws shrink the tested
            // side's mean distance and push the permutation p-value down (sblrc-blr: p = 0.001 on one stream)
            double offset = rng.nextDouble();
            for (int i = 0; i < n; i++) {
                double u = (offset + i) / n * acc;
                int k = Arrays.binarySearch(cum, u);
                rows[i] = Math.min(nt - 1, k >= 0 ? k : -k - 1);
            }
        }
        int[] idx = new int[d];
        for (int a = 0; a < d; a++) {
            idx[a] = t.column(cols.get(a));
        }
        for (int i = 0; i < n; i++) {
            double[] v = new double[d];
            for (int a = 0; a < d; a++) {
                v[a] = (t.columns()[idx[a]][rows[i]] - mean[a]) / sd[a];
            }
            pts[i] = forwardSolve(l, v);
        }
        for (int i = 0; i < n; i++) {
            int k = rng.nextInt(nr);
            double[] v = new double[d];
            for (int a = 0; a < d; a++) {
                v[a] = (ref[a][k] - mean[a]) / sd[a];
            }
            pts[n + i] = forwardSolve(l, v);
        }
        int m = 2 * n;
        float[] dist = new float[m * (m - 1) / 2];
        int q = 0;
        double total = 0;
        for (int i = 0; i < m; i++) {
            for (int k = i + 1; k < m; k++) {
                double s = 0;
                for (int a = 0; a < d; a++) {
                    double dd = pts[i][a] - pts[k][a];
                    s += dd * dd;
                }
                dist[q++] = (float) Math.sqrt(s);
                total += Math.sqrt(s);
            }
        }
        boolean[] lab = new boolean[m];
        for (int i = 0; i < n; i++) {
            lab[i] = true;
        }
        double observed = energyStat(dist, lab, m, n, total);
        int exceed = 0;
        for (int b = 0; b < opt.permutations(); b++) {
            for (int i = m - 1; i > 0; i--) {
                int k = rng.nextInt(i + 1);
                boolean tmp = lab[i];
                lab[i] = lab[k];
                lab[k] = tmp;
            }
            if (energyStat(dist, lab, m, n, total) >= observed) {
                exceed++;
            }
        }
        double p = (exceed + 1.0) / (opt.permutations() + 1.0);
        return new Stat("energy_p", "all", p, ENERGY_P, p < ENERGY_P, false);
    }

    /** E = 2 mean d(X,Y) - mean d(X,X') - mean d(Y,Y') over distinct pairs, from the pair sums. */
    private static double energyStat(float[] dist, boolean[] lab, int m, int n, double total) {
        double sxx = 0;
        double syy = 0;
        int q = 0;
        for (int i = 0; i < m; i++) {
            boolean li = lab[i];
            for (int k = i + 1; k < m; k++) {
                float v = dist[q++];
                if (li == lab[k]) {
                    if (li) {
                        sxx += v;
                    } else {
                        syy += v;
                    }
                }
            }
        }
        double sxy = total - sxx - syy;
        double pairsSame = n * (n - 1) / 2.0;
        return 2 * sxy / ((double) n * n) - sxx / pairsSame - syy / pairsSame;
    }

    private static double[] forwardSolve(RealMatrix l, double[] v) {
        int d = v.length;
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            double s = v[i];
            for (int k = 0; k < i; k++) {
                s -= l.getEntry(i, k) * z[k];
            }
            z[i] = s / l.getEntry(i, i);
        }
        return z;
    }

    private static boolean isEqual(double[] w) {
        for (double v : w) {
            if (Math.abs(v - w[0]) > 1e-12 * w[0]) {
                return false;
            }
        }
        return true;
    }

    static double weightedFractionAtOrBelow(double[] x, double[] w, double q) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] <= q) {
                s += w[i];
            }
        }
        return s;
    }

    static double fractionAtOrBelow(double[] x, double q) {
        int k = 0;
        for (double v : x) {
            if (v <= q) {
                k++;
            }
        }
        return (double) k / x.length;
    }

    static Stat zStat(String statistic, String parameter, double z) {
        double a = Math.abs(z);
        return new Stat(statistic, parameter, z, FAIL_Z, !(a <= FAIL_Z), a > WARN_Z && a <= FAIL_Z);
    }

    private static double sq(double v) {
        return v * v;
    }
}
