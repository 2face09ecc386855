package org.astronest.inference;

import java.util.HashSet;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Immutable weighted posterior samples: column names (parameters, then derived parameters), one row per sample,
 * natural-log weights normalized so that they sum to one in linear space, the log-likelihood of each row and, when the
 * sampler knows it, the log prior density (NaN otherwise).
 * Nested sampling gives unequal weights; MCMC and {@link #equalWeighted(UniformRandomProvider)} give equal ones.
 */
public final class WeightedSamples {

    private final List<String> names;
    private final double[][] rows;
    private final double[] logWeights;
    private final double[] logLikelihoods;
    private final double[] logPriors;

    private WeightedSamples(List<String> names, double[][] rows, double[] logWeights, double[] logLikelihoods,
                            double[] logPriors) {
        this.names = names;
        this.rows = rows;
        this.logWeights = logWeights;
        this.logLikelihoods = logLikelihoods;
        this.logPriors = logPriors;
    }

    private static double[] unknown(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, Double.NaN);
        return a;
    }

    /**
     * Samples from rows with unnormalized log weights (normalized here). Arrays are copied.
     *
     * @throws IllegalArgumentException on mismatched lengths, NaN weights or weights that are all zero
     */
    public static WeightedSamples of(List<String> names, double[][] rows, double[] logWeights,
                                     double[] logLikelihoods) {
        return of(names, rows, logWeights, logLikelihoods, unknown(rows.length));
    }

    /**
     * As {@link #of(List, double[][], double[], double[])}, with the log prior density of each row (NaN where not
     * known), so that writers can give -ln posterior (GetDist's second column, ArviZ's {@code lp}).
     */
    public static WeightedSamples of(List<String> names, double[][] rows, double[] logWeights,
                                     double[] logLikelihoods, double[] logPriors) {
        int n = rows.length;
        if (logPriors.length != n) {
            throw new IllegalArgumentException("samples: " + n + " rows but " + logPriors.length + " log priors");
        }
        if (logWeights.length != n || logLikelihoods.length != n) {
            throw new IllegalArgumentException("samples: " + n + " rows but " + logWeights.length + " log weights and "
                    + logLikelihoods.length + " log likelihoods");
        }
        List<String> nm = List.copyOf(names);
        if (nm.size() != new HashSet<>(nm).size()) {
            throw new IllegalArgumentException("samples: duplicate column names in " + nm);
        }
        double[][] r = new double[n][];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != nm.size()) {
                throw new IllegalArgumentException("samples: row " + i + " has " + rows[i].length + " values, expected "
                        + nm.size() + " " + nm);
            }
            r[i] = rows[i].clone();
        }
        double[] lw = logWeights.clone();
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(lw[i])) {
                throw new IllegalArgumentException("samples: log weight of row " + i + " is NaN");
            }
        }
        double norm = LogMath.logSumExp(lw);
        if (n > 0 && !Double.isFinite(norm)) {
            throw new IllegalArgumentException("samples: weights do not sum to a finite positive number (log sum "
                    + norm + ")");
        }
        for (int i = 0; i < n; i++) {
            lw[i] -= norm;
        }
        return new WeightedSamples(nm, r, lw, logLikelihoods.clone(), logPriors.clone());
    }

    /** Equal-weight samples (MCMC draws). */
    public static WeightedSamples equal(List<String> names, double[][] rows, double[] logLikelihoods) {
        double[] lw = new double[rows.length];
        return of(names, rows, lw, logLikelihoods);
    }

    public List<String> names() {
        return names;
    }

    /** Number of rows. */
    public int size() {
        return rows.length;
    }

    /** Number of columns. */
    public int dimension() {
        return names.size();
    }

    /** Index of a column; an error naming the known columns when absent. */
    public int indexOf(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column '" + name + "'; known: " + names);
        }
        return i;
    }

    /** A copy of one column. */
    public double[] column(String name) {
        return column(indexOf(name));
    }

    /** A copy of column {@code j}. */
    public double[] column(int j) {
        double[] c = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            c[i] = rows[i][j];
        }
        return c;
    }

    /** A copy of row {@code i}. */
    public double[] row(int i) {
        return rows[i].clone();
    }

    /** A copy of the normalized natural-log weights. */
    public double[] logWeights() {
        return logWeights.clone();
    }

    /** Normalized linear weights (sum 1). */
    public double[] weights() {
        double[] w = new double[logWeights.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.exp(logWeights[i]);
        }
        return w;
    }

    /** A copy of the log-likelihoods. */
    public double[] logLikelihoods() {
        return logLikelihoods.clone();
    }

    /** A copy of the log prior densities (NaN where the sampler did not record them). */
    public double[] logPriors() {
        return logPriors.clone();
    }

    /** True when every row's log prior density is known. */
    public boolean hasLogPriors() {
        for (double v : logPriors) {
            if (Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }

    /** Kish effective sample size (sum w)^2 / sum w^2 of the weights. */
    public double effectiveSampleSize() {
        double s2 = 0;
        for (double lw : logWeights) {
            s2 += Math.exp(2 * lw);
        }
        return rows.length == 0 ? 0 : 1 / s2;
    }

    /** True when all weights are equal. */
    public boolean isEqualWeighted() {
        for (double lw : logWeights) {
            if (Math.abs(lw - logWeights[0]) > 1e-12) {
                return false;
            }
        }
        return true;
    }

    /**
     * Equal-weight resample by systematic resampling (one uniform offset, n strata; lower variance than multinomial
     * draws). The number of rows is the rounded Kish ESS (at least 1), or the original size when the weights are
     * already equal (then the rows are returned as they are).
     */
    public WeightedSamples equalWeighted(UniformRandomProvider rng) {
        if (isEqualWeighted()) {
            return this;
        }
        int m = Math.max(1, (int) Math.round(effectiveSampleSize()));
        return resample(rng, m);
    }

    /** Systematic resampling to {@code m} equal-weight rows, in a random order ({@link #resampleIndices}). */
    public WeightedSamples resample(UniformRandomProvider rng, int m) {
        int[] idx = resampleIndices(rng, m);
        double[][] out = new double[m][];
        double[] ll = new double[m];
        double[] lp = new double[m];
        for (int k = 0; k < m; k++) {
            out[k] = rows[idx[k]];
            ll[k] = logLikelihoods[idx[k]];
            lp[k] = logPriors[idx[k]];
        }
        return of(names, out, new double[m], ll, lp);
    }

    /**
     * The rows {@link #resample} draws, as indices into these samples, in the order it returns them: one uniform
     * offset for {@code m} systematic strata of the cumulative weights, then a Fisher-Yates shuffle so that
     * consecutive rows are not sorted by likelihood. With the same generator state, {@code resample(rng, m).row(k)}
     * is {@code row(resampleIndices(rng, m)[k])}; writers that need to know where each draw came from (its weight,
     * ArviZ's {@code log_weight}) use this.
     */
    public int[] resampleIndices(UniformRandomProvider rng, int m) {
        if (m < 1) {
            throw new IllegalArgumentException("resample size must be >= 1, got " + m);
        }
        double[] w = weights();
        double u0 = rng.nextDouble();
        int[] out = new int[m];
        double cum = w[0];
        int i = 0;
        for (int k = 0; k < m; k++) {
            double t = (k + u0) / m;
            while (cum < t && i < w.length - 1) {
                i++;
                cum += w[i];
            }
            out[k] = i;
        }
        for (int k = m - 1; k > 0; k--) {
            int j = rng.nextInt(k + 1);
            int tr = out[k];
            out[k] = out[j];
            out[j] = tr;
        }
        return out;
    }

    /** A view with only the named columns. */
    public WeightedSamples select(List<String> columns) {
        int[] idx = columns.stream().mapToInt(this::indexOf).toArray();
        double[][] r = new double[rows.length][idx.length];
        for (int i = 0; i < rows.length; i++) {
            for (int k = 0; k < idx.length; k++) {
                r[i][k] = rows[i][idx[k]];
            }
        }
        return new WeightedSamples(List.copyOf(columns), r, logWeights.clone(), logLikelihoods.clone(),
                logPriors.clone());
    }

    @Override
    public String toString() {
        return "WeightedSamples[" + rows.length + " rows, columns " + names + ", ESS "
                + String.format(java.util.Locale.ROOT, "%.1f", effectiveSampleSize()) + "]";
    }
}
