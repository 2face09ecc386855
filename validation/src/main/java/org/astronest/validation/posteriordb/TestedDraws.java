package org.astronest.validation.posteriordb;

import java.util.List;
import java.util.Map;
import org.astronest.inference.RunResult;
import org.astronest.inference.WeightedSamples;
import org.astronest.inference.diagnostics.ChainDiagnostics;

/**
 * The tested output in the form the protocol needs: the columns (all draws, with normalised weights) and, per
 * column, an honest effective sample size for the bulk and the tails and the R-hat (NaN for nested sampling).
 *
 * <p>MCMC (the ensemble sampler): every walker is a chain; rank-normalised split R-hat and bulk/tail ESS of
 * Vehtari et al. (2021) from {@link ChainDiagnostics} over the kept steps. Nested sampling: the Kish ESS of the
 * weights ignores the noise of the prior-volume estimates, so (README section 6) its variance is inflated by the
 * factor {@link #NESTED_KISH_INFLATION}: ESS = Kish ESS / 2; where the sampler's own bootstrap over single-live-point
 * threads (Higson et al. 2018, diagnostic {@code posteriorMeanErr}) gives a larger MCSE of a mean, the smaller ESS
 * that error implies is used for that column.
 */
public record TestedDraws(String sampler, List<String> names, double[][] columns, double[] weights, double[] essBulk,
                          double[] essTail, double[] rhat, double kishEss, int chains) {

    /** Draws without chain structure (weighted or a single sequence). */
    public TestedDraws(String sampler, List<String> names, double[][] columns, double[] weights, double[] essBulk,
                       double[] essTail, double[] rhat, double kishEss) {
        this(sampler, names, columns, weights, essBulk, essTail, rhat, kishEss, 0);
    }

    /**
     * The effective sample size of a correlation estimate between columns i and j: for MCMC chains the smaller of
     * the two bulk ESS and the ESS of the mean of the standardised product series {@code (x - mean x)(y - mean y)},
     * which is what the correlation averages (NUTS draws can be antithetic for a marginal, ESS above the draw count,
     * while the product mixes more slowly); otherwise the smaller bulk ESS.
     */
    public double correlationEss(int i, int j) {
        double e = Math.min(essBulk[i], essBulk[j]);
        if (chains < 2) {
            return e;
        }
        double[] x = columns[i];
        double[] y = columns[j];
        double mx = 0;
        double my = 0;
        for (int k = 0; k < x.length; k++) {
            mx += x[k];
            my += y[k];
        }
        mx /= x.length;
        my /= y.length;
        double[] prod = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            prod[k] = (x[k] - mx) * (y[k] - my);
        }
        double p = ChainDiagnostics.essMean(org.astronest.inference.Chains.split(prod, chains));
        return Double.isNaN(p) ? e : Math.min(e, p);
    }

    /** Variance inflation of the Kish ESS for nested sampling: the top of README section 6's 1.5-2x range. */
    public static final double NESTED_KISH_INFLATION = 2.0;

    public int column(String name) {
        int j = names.indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("tested output has no column '" + name + "' (columns: " + names + ")");
        }
        return j;
    }

    /** From a run of the nested sampler or the ensemble sampler. */
    public static TestedDraws of(RunResult r) {
        WeightedSamples s = r.samples();
        int d = s.dimension();
        int n = s.size();
        double[][] cols = new double[d][];
        for (int j = 0; j < d; j++) {
            cols[j] = s.column(j);
        }
        double[] w = s.weights();
        double tot = 0;
        for (double v : w) {
            tot += v;
        }
        double kish = 0;
        for (int i = 0; i < n; i++) {
            w[i] /= tot;
            kish += w[i] * w[i];
        }
        kish = 1 / kish;
        double[] bulk = new double[d];
        double[] tail = new double[d];
        double[] rhat = new double[d];
        if (r.chains().isPresent() && s.isEqualWeighted() && n % r.chains().get().walkers() == 0) {
            // MCMC (ensemble walkers or NUTS chains): draw-major rows, split per chain
            int m = r.chains().get().walkers();
            for (int j = 0; j < d; j++) {
                double[][] ch = org.astronest.inference.Chains.split(cols[j], m);
                bulk[j] = ChainDiagnostics.essBulk(ch);
                tail[j] = ChainDiagnostics.essTail(ch);
                rhat[j] = ChainDiagnostics.rhat(ch);
            }
        } else {
            double base = kish / NESTED_KISH_INFLATION;
            Object err = r.diagnostics().get("posteriorMeanErr");
            List<String> names = s.names();
            for (int j = 0; j < d; j++) {
                double e = base;
                if (err instanceof List<?> l && j < l.size() && l.get(j) instanceof Number mcse) {
                    double sd = weightedSd(cols[j], w);
                    double fromBoot = sd * sd / (mcse.doubleValue() * mcse.doubleValue());
                    if (fromBoot > 0 && fromBoot < e) {
                        e = fromBoot;
                    }
                } else if (err instanceof Map<?, ?> mm && mm.get(names.get(j)) instanceof Number mcse) {
                    double sd = weightedSd(cols[j], w);
                    double fromBoot = sd * sd / (mcse.doubleValue() * mcse.doubleValue());
                    if (fromBoot > 0 && fromBoot < e) {
                        e = fromBoot;
                    }
                }
                bulk[j] = e;
                tail[j] = e;
                rhat[j] = Double.NaN;
            }
        }
        int chains = r.chains().isPresent() && s.isEqualWeighted() && n % r.chains().get().walkers() == 0
                ? r.chains().get().walkers() : 0;
        return new TestedDraws(r.sampler(), s.names(), cols, w, bulk, tail, rhat, kish, chains);
    }

    static double weightedMean(double[] x, double[] w) {
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m += w[i] * x[i];
        }
        return m;
    }

    static double weightedSd(double[] x, double[] w) {
        double m = weightedMean(x, w);
        double v = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - m;
            v += w[i] * dx * dx;
        }
        return Math.sqrt(v);
    }
}
