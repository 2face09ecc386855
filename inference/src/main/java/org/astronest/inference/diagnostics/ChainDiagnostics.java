package org.astronest.inference.diagnostics;

import java.util.Arrays;
import org.hipparchus.distribution.continuous.BetaDistribution;
import org.hipparchus.special.Erf;

/**
 * Convergence diagnostics of Vehtari, Gelman, Simpson, Carpenter &amp; B&uuml;rkner (2021), "Rank-normalization,
 * folding, and localization: an improved R-hat for assessing convergence of MCMC", Bayesian Analysis 16(2), 667:
 * rank-normalized split R-hat (their eq. 4 on rank-normalized and folded draws, sec. 4.3), bulk and tail effective
 * sample sizes (sec. 4.3), and Monte Carlo standard errors of means and quantiles (sec. 4.4 and appendix A).
 *
 * <p>Input: {@code draws[chain][iteration]}, all chains equally long (at least 4 draws so each split half has 2).
 * Every method splits each chain into two halves (the middle draw is dropped when the length is odd), so m chains of
 * n draws become 2m chains of floor(n/2). The ESS estimator is Geyer's (1992) initial monotone sequence on the
 * multi-chain autocorrelation of Vehtari et al. eq. (10) (the estimator of Stan and of the R package posterior),
 * with the "improved" last-term correction and the upper bound {@code ESS <= S log10(S)}.
 *
 * <p>Stateless and thread-safe; all results are NaN when the draws are constant (as in posterior, which returns NA).
 */
public final class ChainDiagnostics {

    private ChainDiagnostics() {
    }

    // ------------------------------------------------------------------ transforms

    /** Splits every chain into its first and second half (the middle draw dropped for odd lengths). */
    public static double[][] split(double[][] draws) {
        int n = checkDraws(draws, 2);
        int half = n / 2;
        double[][] out = new double[2 * draws.length][];
        for (int j = 0; j < draws.length; j++) {
            out[2 * j] = Arrays.copyOfRange(draws[j], 0, half);
            out[2 * j + 1] = Arrays.copyOfRange(draws[j], n - half, n);
        }
        return out;
    }

    /**
     * Rank normalization (Vehtari et al. 2021 eq. 14): pooled ranks r (average rank for ties) mapped to normal scores
     * {@code Phi^-1((r - 3/8) / (S + 1/4))} (Blom 1958), S the total number of draws.
     */
    public static double[][] rankNormalize(double[][] draws) {
        int s = 0;
        for (double[] c : draws) {
            s += c.length;
        }
        double[] pooled = new double[s];
        int[] chainOf = new int[s];
        int[] posOf = new int[s];
        int k = 0;
        for (int j = 0; j < draws.length; j++) {
            for (int i = 0; i < draws[j].length; i++) {
                pooled[k] = draws[j][i];
                chainOf[k] = j;
                posOf[k] = i;
                k++;
            }
        }
        Integer[] order = new Integer[s];
        for (int i = 0; i < s; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(pooled[a], pooled[b]));
        double[][] out = new double[draws.length][];
        for (int j = 0; j < draws.length; j++) {
            out[j] = new double[draws[j].length];
        }
        int i = 0;
        while (i < s) {
            int e = i;
            while (e + 1 < s && pooled[order[e + 1]] == pooled[order[i]]) {
                e++;
            }
            double rank = 0.5 * ((i + 1) + (e + 1)); // average of ranks i+1 .. e+1
            double z = normalQuantile((rank - 0.375) / (s + 0.25));
            for (int q = i; q <= e; q++) {
                int idx = order[q];
                out[chainOf[idx]][posOf[idx]] = z;
            }
            i = e + 1;
        }
        return out;
    }

    /** Folding (Vehtari et al. 2021 sec. 4.2): {@code |x - median|} with the median of all draws. */
    public static double[][] fold(double[][] draws) {
        double med = quantile(pooled(draws), 0.5);
        double[][] out = new double[draws.length][];
        for (int j = 0; j < draws.length; j++) {
            out[j] = new double[draws[j].length];
            for (int i = 0; i < draws[j].length; i++) {
                out[j][i] = Math.abs(draws[j][i] - med);
            }
        }
        return out;
    }

    /** Indicator draws {@code 1 if x <= threshold else 0}. */
    public static double[][] indicator(double[][] draws, double threshold) {
        double[][] out = new double[draws.length][];
        for (int j = 0; j < draws.length; j++) {
            out[j] = new double[draws[j].length];
            for (int i = 0; i < draws[j].length; i++) {
                out[j][i] = draws[j][i] <= threshold ? 1 : 0;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ R-hat

    /**
     * The classic potential scale reduction of already prepared chains (Gelman et al. BDA3 eq. 11.4; Vehtari et al.
     * eq. 3-4), no splitting: {@code sqrt(((n-1)/n W + B/n) / W)} with W the mean within-chain variance and B/n the
     * variance of the chain means. NaN for constant draws.
     */
    public static double rhatBasic(double[][] chains) {
        int n = checkDraws(chains, 2);
        int m = chains.length;
        double[] means = new double[m];
        double w = 0;
        for (int j = 0; j < m; j++) {
            double mu = mean(chains[j]);
            means[j] = mu;
            double ss = 0;
            for (double v : chains[j]) {
                ss += (v - mu) * (v - mu);
            }
            w += ss / (n - 1);
        }
        w /= m;
        double bOverN = m > 1 ? variance(means) : 0;
        double varPlus = (n - 1.0) / n * w + bOverN;
        if (!(w > 0)) {
            return Double.NaN;
        }
        return Math.sqrt(varPlus / w);
    }

    /** Split R-hat without rank normalization: {@link #rhatBasic} of {@link #split} chains. */
    public static double splitRhat(double[][] draws) {
        return rhatBasic(split(draws));
    }

    /**
     * Rank-normalized split R-hat (Vehtari et al. 2021 sec. 4.3): the larger of the split R-hat of the
     * rank-normalized draws and of the rank-normalized folded draws.
     */
    public static double rhat(double[][] draws) {
        double bulk = rhatBasic(rankNormalize(split(draws)));
        double tail = rhatBasic(rankNormalize(split(fold(draws))));
        if (Double.isNaN(bulk) || Double.isNaN(tail)) {
            return Double.NaN;
        }
        return Math.max(bulk, tail);
    }

    // ------------------------------------------------------------------ ESS

    /**
     * Effective sample size of already prepared chains (no splitting), Vehtari et al. 2021 eq. (10)-(11) with Geyer's
     * initial monotone sequence: {@code rho_t = 1 - (W - mean_j acov_j(t)) / var+}, paired sums truncated at the
     * first negative pair, made monotone, {@code tau = -1 + 2 sum_{t<=k} rho_t + rho_{k+1}} (the "improved" estimate
     * of posterior/Stan), bounded below by {@code 1/log10(S)}; {@code ESS = S / tau}. NaN for constant draws.
     */
    public static double essBasic(double[][] chains) {
        int n = checkDraws(chains, 2);
        int m = chains.length;
        double[][] acov = new double[m][];
        double[] means = new double[m];
        double meanVar = 0;
        for (int j = 0; j < m; j++) {
            acov[j] = Autocorrelation.autocovariance(chains[j]);
            means[j] = mean(chains[j]);
            meanVar += acov[j][0];
        }
        meanVar = meanVar / m * n / (n - 1.0);
        double varPlus = meanVar * (n - 1.0) / n + (m > 1 ? variance(means) : 0);
        if (!(varPlus > 0)) {
            return Double.NaN;
        }
        double[] rho = new double[n];
        int t = 0;
        double even = 1;
        rho[0] = even;
        double odd = n > 1 ? 1 - (meanVar - meanAcov(acov, 1)) / varPlus : 0;
        if (n > 1) {
            rho[1] = odd;
        }
        while (t < n - 5 && !Double.isNaN(even + odd) && even + odd > 0) {
            t += 2;
            even = 1 - (meanVar - meanAcov(acov, t)) / varPlus;
            odd = 1 - (meanVar - meanAcov(acov, t + 1)) / varPlus;
            if (even + odd >= 0) {
                rho[t] = even;
                rho[t + 1] = odd;
            }
        }
        int maxT = t;
        if (even > 0 && maxT < n) {
            rho[maxT] = even;
        }
        // Geyer's initial monotone sequence on the pair sums
        t = 0;
        while (t <= maxT - 4) {
            t += 2;
            if (rho[t] + rho[t + 1] > rho[t - 2] + rho[t - 1]) {
                rho[t] = (rho[t - 2] + rho[t - 1]) / 2;
                rho[t + 1] = rho[t];
            }
        }
        double s = (double) m * n;
        double sum = 0;
        for (int i = 0; i < maxT; i++) {
            sum += rho[i];
        }
        double tau = -1 + 2 * sum + (maxT < n ? rho[maxT] : 0);
        tau = Math.max(tau, 1 / Math.log10(s));
        return s / tau;
    }

    /** ESS of the mean (Vehtari et al. sec. 3.2): {@link #essBasic} of split chains without rank normalization. */
    public static double essMean(double[][] draws) {
        return essBasic(split(draws));
    }

    /** Bulk ESS (Vehtari et al. 2021 sec. 4.3): {@link #essBasic} of the rank-normalized split chains. */
    public static double essBulk(double[][] draws) {
        return essBasic(rankNormalize(split(draws)));
    }

    /**
     * Tail ESS (Vehtari et al. 2021 sec. 4.3): the smaller of the ESS of the 5% and 95% quantiles, each the
     * {@link #essBasic} of the split indicator chains {@code I(x <= q)}.
     */
    public static double essTail(double[][] draws) {
        return Math.min(essQuantile(draws, 0.05), essQuantile(draws, 0.95));
    }

    /** ESS of the {@code p} quantile: {@link #essBasic} of the split indicator chains {@code I(x <= q_p)}. */
    public static double essQuantile(double[][] draws, double p) {
        checkProbability(p);
        double q = quantile(pooled(draws), p);
        return essBasic(split(indicator(draws, q)));
    }

    // ------------------------------------------------------------------ MCSE

    /** Monte Carlo standard error of the mean: {@code sd / sqrt(essMean)} (Vehtari et al. 2021 sec. 4.4). */
    public static double mcseMean(double[][] draws) {
        double[] all = pooled(draws);
        return Math.sqrt(variance(all) / essMean(draws));
    }

    /**
     * Monte Carlo standard error of the standard deviation by the delta method: {@code Var(s) ~ (m4 - s^4) /
     * (4 s^2 ESS)} with m4 the fourth central moment and ESS the {@link #essMean} of the squared deviations
     * {@code (x - mean)^2} (the quantity whose mean is the variance).
     */
    public static double mcseSd(double[][] draws) {
        double[] all = pooled(draws);
        double mu = mean(all);
        double m2 = 0;
        double m4 = 0;
        for (double v : all) {
            double e = (v - mu) * (v - mu);
            m2 += e;
            m4 += e * e;
        }
        m2 /= all.length;
        m4 /= all.length;
        double[][] sq = new double[draws.length][];
        for (int j = 0; j < draws.length; j++) {
            sq[j] = new double[draws[j].length];
            for (int i = 0; i < draws[j].length; i++) {
                sq[j][i] = (draws[j][i] - mu) * (draws[j][i] - mu);
            }
        }
        double ess = essMean(sq);
        return Math.sqrt((m4 - m2 * m2) / (4 * m2 * ess));
    }

    /**
     * Monte Carlo standard error of the {@code p} quantile (Vehtari et al. 2021 sec. 4.4, appendix A): with S the ESS
     * of the indicator {@code I(x <= q_p)}, the 15.87% and 84.13% quantiles a1, a2 of Beta(S p + 1, S (1-p) + 1)
     * pick the order statistics {@code x_(floor(a1 N))} and {@code x_(ceil(a2 N))} of the N sorted draws; the MCSE
     * is half their distance. NaN when the indicator ESS is not finite.
     */
    public static double mcseQuantile(double[][] draws, double p) {
        double ess = essQuantile(draws, p);
        if (!Double.isFinite(ess) || ess <= 0) {
            return Double.NaN;
        }
        BetaDistribution beta = new BetaDistribution(ess * p + 1, ess * (1 - p) + 1);
        double a1 = beta.inverseCumulativeProbability(0.15865525393145707);
        double a2 = beta.inverseCumulativeProbability(0.8413447460685429);
        double[] sorted = pooled(draws);
        Arrays.sort(sorted);
        int s = sorted.length;
        int i1 = Math.max((int) Math.floor(a1 * s), 1);
        int i2 = Math.min((int) Math.ceil(a2 * s), s);
        return (sorted[i2 - 1] - sorted[i1 - 1]) / 2;
    }

    // ------------------------------------------------------------------ helpers

    /** All draws of all chains in one array (chain by chain). */
    public static double[] pooled(double[][] draws) {
        int s = 0;
        for (double[] c : draws) {
            s += c.length;
        }
        double[] all = new double[s];
        int k = 0;
        for (double[] c : draws) {
            System.arraycopy(c, 0, all, k, c.length);
            k += c.length;
        }
        return all;
    }

    /** Sample quantile with linear interpolation between order statistics (R type 7, numpy's default). */
    public static double quantile(double[] x, double p) {
        checkProbability(p);
        if (x.length == 0) {
            return Double.NaN;
        }
        double[] s = x.clone();
        Arrays.sort(s);
        double h = (s.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (h - lo) * (s[hi] - s[lo]);
    }

    /** The standard normal quantile function. */
    static double normalQuantile(double p) {
        return Math.sqrt(2) * Erf.erfInv(2 * p - 1);
    }

    private static double meanAcov(double[][] acov, int t) {
        double s = 0;
        for (double[] a : acov) {
            s += a[t];
        }
        return s / acov.length;
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Sample variance with denominator n - 1. */
    private static double variance(double[] x) {
        double mu = mean(x);
        double ss = 0;
        for (double v : x) {
            ss += (v - mu) * (v - mu);
        }
        return ss / (x.length - 1);
    }

    private static int checkDraws(double[][] draws, int min) {
        if (draws == null || draws.length == 0) {
            throw new IllegalArgumentException("draws: need at least one chain");
        }
        int n = draws[0].length;
        for (int j = 0; j < draws.length; j++) {
            if (draws[j].length != n) {
                throw new IllegalArgumentException("draws: chain " + j + " has " + draws[j].length
                        + " draws, chain 0 has " + n);
            }
        }
        if (n < min) {
            throw new IllegalArgumentException("draws: chains need at least " + min + " draws, got " + n);
        }
        return n;
    }

    private static void checkProbability(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1), got " + p);
        }
    }
}
