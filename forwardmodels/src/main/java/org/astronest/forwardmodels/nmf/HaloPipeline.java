package org.astronest.forwardmodels.nmf;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The stellar-halo pipeline of seed 003 (Davies et al., issue 21): stars binned with equal counts in (E, Lz), each
 * bin one row of two flattened chemical 2-D histograms, NMF of that matrix, and the components re-applied with H
 * fixed to regular bins in E (the seed's sections 3.3, 3.4 and 4.1, and the contribution against E of 5.1).
 *
 * <p>Conventions, all fixed here so that a run is reproducible to the bit:
 * <ul>
 * <li>Equal-count binning: the stars are ordered by E, ties by their index in the input (a stable sort); the n stars
 * are cut into q consecutive groups, the first {@code n mod q} of which hold {@code floor(n/q) + 1} stars and the
 * others {@code floor(n/q)} (as {@code numpy.array_split}). Each E group is then ordered by Lz (ties again by input
 * index) and cut into q groups the same way. Bin {@code i = a q + b} is Lz group b of E group a. Stars with equal
 * values can therefore fall into neighbouring bins; every star is in exactly one bin. Needs n >= q^2.</li>
 * <li>Histograms: l x l over the panel's ranges, edges {@code lo + j (hi - lo) / l} (j = 0..l, the last edge exactly
 * hi), bins half-open {@code [e_j, e_{j+1})} except the last, which is closed, as {@code numpy.histogram2d};
 * a star outside a histogram's range (or with a NaN abundance) is left out of that histogram only. The x axis is
 * always [Fe/H], the y axis the panel's abundance; a histogram is flattened x-major (entry {@code ix l + iy}, NumPy's
 * C order of {@code histogram2d(FeH, y)}), and the row of V is the first panel's l^2 counts followed by the
 * second's.</li>
 * <li>NMF of V (q^2 x 2 l^2) with the options; then each row of H is divided by its sum and the matching column of
 * W multiplied by it (WH is unchanged), so W[i,k] counts the stars of bin i given to component k (the histogram
 * entries of a bin sum to its stars inside both ranges, twice over the two panels, so W[i,:] sums to about that
 * number).</li>
 * <li>The high-energy component is the one with the larger {@code sum_i W[i,k] meanE_i / sum_i W[i,k]}, meanE_i the
 * mean E of the stars of bin i (ties: the lower index). Its share of all stars is {@code sum_i W[i,HE] / sum W}.</li>
 * <li>Re-application (seed eq. 4): the stars, all Lz, in {@code reBins} regular E bins over [reLo, reHi] (same
 * half-open convention, stars outside left out), each bin's row built as above, W' from {@link Nmf#transform} with the
 * normalised H fixed; the high-energy fraction of a bin is {@code W'[b,HE] / sum_k W'[b,k]} (NaN when that sum is
 * 0, e.g. an empty bin).</li>
 * <li>Crossover: going from the highest E bin down, the first adjacent pair of bin centres (c_{b+1} above with
 * fraction >= 0.5, c_b below with fraction < 0.5; NaN fractions are skipped, pairing the neighbouring finite ones) and
 * the E of the straight line between (c_b, f_b) and (c_{b+1}, f_{b+1}) at 0.5. NaN when the fraction never falls below
 * 0.5 from above 0.5 (including when the top bin is already below 0.5).</li>
 * </ul>
 */
public final class HaloPipeline {

    /** The abundance on a histogram's y axis (x is always [Fe/H]). */
    public enum Abundance {
        AL_FE("[Al/Fe]"), MG_FE("[Mg/Fe]");

        private final String label;

        Abundance(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One chemical histogram: [Fe/H] over [feHLo, feHHi] (x) against {@code y} over [yLo, yHi]. */
    public record Panel(Abundance y, double feHLo, double feHHi, double yLo, double yHi) {
        public Panel {
            if (y == null) {
                throw new IllegalArgumentException("panel abundance must be given");
            }
            if (!(feHLo < feHHi) || !Double.isFinite(feHLo) || !Double.isFinite(feHHi)) {
                throw new IllegalArgumentException("panel [Fe/H] range must be finite with lo < hi, got ["
                        + feHLo + ", " + feHHi + "]");
            }
            if (!(yLo < yHi) || !Double.isFinite(yLo) || !Double.isFinite(yHi)) {
                throw new IllegalArgumentException("panel " + y.label() + " range must be finite with lo < hi, got ["
                        + yLo + ", " + yHi + "]");
            }
        }
    }

    /**
     * Options.
     *
     * @param bins       q: q equal-count bins in E, each split in q in Lz (q^2 rows of V)
     * @param hist       l: pixels per axis of each histogram
     * @param nmf        the NMF options (components p, solver, init, iterations, tol)
     * @param first      the first histogram of a row
     * @param second     the second histogram of a row
     * @param reBins     regular E bins of the re-application
     * @param reLo       lowest E of the re-application
     * @param reHi       highest E of the re-application
     */
    public record Options(int bins, int hist, Nmf.Options nmf, Panel first, Panel second, int reBins, double reLo,
                          double reHi) {
        public Options {
            if (bins < 1) {
                throw new IllegalArgumentException("bins must be >= 1, got " + bins);
            }
            if (hist < 1) {
                throw new IllegalArgumentException("hist must be >= 1, got " + hist);
            }
            if (nmf == null || first == null || second == null) {
                throw new IllegalArgumentException("nmf options and both panels must be given");
            }
            if (nmf.init() == Nmf.Init.CUSTOM) {
                throw new IllegalArgumentException("init custom is not available for the halo pipeline");
            }
            if (reBins < 2) {
                throw new IllegalArgumentException("reBins must be >= 2, got " + reBins);
            }
            if (!(reLo < reHi) || !Double.isFinite(reLo) || !Double.isFinite(reHi)) {
                throw new IllegalArgumentException("re-application E range must be finite with lo < hi, got ["
                        + reLo + ", " + reHi + "]");
            }
        }

        /**
         * Seed 003's set-up as {@code shared/nmf/README.md} gives it: q = 8, l = 50, p = 2, scikit-learn's defaults
         * (cd, nndsvda, 200 iterations, tol 1e-4), [Al/Fe] over [-0.6, 0.6] and [Mg/Fe] over [-0.2, 0.5] against
         * [Fe/H] over [-2.5, 0.5], 20 E bins from -2.5e5 to -1e5.
         */
        public static Options defaults() {
            return new Options(8, 50, Nmf.Options.defaults(2),
                    new Panel(Abundance.AL_FE, -2.5, 0.5, -0.6, 0.6),
                    new Panel(Abundance.MG_FE, -2.5, 0.5, -0.2, 0.5), 20, -2.5e5, -1e5);
        }

        public Options with(int q, int l, Nmf.Options o) {
            return new Options(q, l, o, first, second, reBins, reLo, reHi);
        }
    }

    /** The stars, one array per column, all of one length. */
    public record Stars(double[] E, double[] Lz, double[] FeH, double[] MgFe, double[] AlFe) {
        public Stars {
            int n = E.length;
            if (Lz.length != n || FeH.length != n || MgFe.length != n || AlFe.length != n) {
                throw new IllegalArgumentException("star columns differ in length");
            }
            for (int s = 0; s < n; s++) {
                if (!Double.isFinite(E[s]) || !Double.isFinite(Lz[s])) {
                    throw new IllegalArgumentException("star " + (s + 1) + ": E and Lz must be finite, got E "
                            + E[s] + ", Lz " + Lz[s]);
                }
            }
        }

        public int size() {
            return E.length;
        }

        double y(Abundance a, int s) {
            return a == Abundance.AL_FE ? AlFe[s] : MgFe[s];
        }
    }

    /**
     * The equal-count bins.
     *
     * @param bin     bin index (a q + b) of each star
     * @param counts  stars per bin
     * @param eLo     per E group a, the smallest E of its stars
     * @param eHi     per E group a, the largest E
     * @param lzLo    per bin, the smallest Lz of its stars
     * @param lzHi    per bin, the largest Lz
     * @param meanE   per bin, the mean E of its stars
     */
    public record Bins(int[] bin, int[] counts, double[] eLo, double[] eHi, double[] lzLo, double[] lzHi,
                       double[] meanE) {
    }

    /**
     * The outcome.
     *
     * @param bins               the equal-count bins
     * @param V                  q^2 x 2 l^2 counts
     * @param fit                the NMF as run (W and H before normalisation, iterations, loss, converged)
     * @param W                  q^2 x p, scaled to stars
     * @param H                  p x 2 l^2, rows summing to 1
     * @param fractions          q^2 x p, W's rows divided by their sums
     * @param highEnergy         index of the high-energy component
     * @param componentMeanE     per component, the W-weighted mean of the bins' mean E
     * @param highEnergyFraction the high-energy component's share of all stars
     * @param reEdges            reBins + 1 edges in E of the re-application
     * @param reCounts           stars per re-application bin
     * @param reW                reBins x p, W' of the re-application
     * @param reFraction         per re-application bin, the high-energy fraction (NaN where W' sums to 0)
     * @param crossoverE         E where the high-energy fraction falls below 0.5, see the class comment
     */
    public record Result(Bins bins, double[][] V, Nmf.Result fit, double[][] W, double[][] H, double[][] fractions,
                         int highEnergy, double[] componentMeanE, double highEnergyFraction, double[] reEdges,
                         int[] reCounts, double[][] reW, double[] reFraction, double crossoverE) {
    }

    private HaloPipeline() {
    }

    /** The whole pipeline. */
    public static Result run(Stars stars, Options o) {
        int q = o.bins();
        int l = o.hist();
        int p = o.nmf().components();
        Bins bins = bin(stars, q);
        double[][] V = histograms(stars, bins.bin(), q * q, l, o.first(), o.second());
        Nmf nmf = new Nmf(o.nmf());
        Nmf.Result fit = nmf.fit(V);
        double[][] W = NmfMatrices.copy(fit.W());
        double[][] H = NmfMatrices.copy(fit.H());
        for (int k = 0; k < p; k++) {
            double s = 0;
            for (double h : H[k]) {
                s += h;
            }
            if (s > 0) {
                for (int j = 0; j < H[k].length; j++) {
                    H[k][j] /= s;
                }
                for (double[] w : W) {
                    w[k] *= s;
                }
            }
        }
        double[][] frac = new double[W.length][p];
        double total = 0;
        for (int i = 0; i < W.length; i++) {
            double s = 0;
            for (double w : W[i]) {
                s += w;
            }
            total += s;
            for (int k = 0; k < p; k++) {
                frac[i][k] = s > 0 ? W[i][k] / s : Double.NaN;
            }
        }
        double[] compE = new double[p];
        int he = 0;
        for (int k = 0; k < p; k++) {
            double num = 0;
            double den = 0;
            for (int i = 0; i < W.length; i++) {
                num += W[i][k] * bins.meanE()[i];
                den += W[i][k];
            }
            compE[k] = den > 0 ? num / den : Double.NaN;
            if (compE[k] > compE[he]) {
                he = k;
            }
        }
        double heSum = 0;
        for (double[] w : W) {
            heSum += w[he];
        }
        double heFraction = heSum / total;

        double[] reEdges = edges(o.reLo(), o.reHi(), o.reBins());
        int[] reBin = new int[stars.size()];
        int[] reCounts = new int[o.reBins()];
        for (int s = 0; s < reBin.length; s++) {
            reBin[s] = index(reEdges, stars.E()[s]);
            if (reBin[s] >= 0) {
                reCounts[reBin[s]]++;
            }
        }
        double[][] Vre = histograms(stars, reBin, o.reBins(), l, o.first(), o.second());
        double[][] reW = nmf.transform(Vre, H).W();
        double[] reFrac = new double[o.reBins()];
        for (int b = 0; b < reFrac.length; b++) {
            double s = 0;
            for (double w : reW[b]) {
                s += w;
            }
            reFrac[b] = s > 0 ? reW[b][he] / s : Double.NaN;
        }
        double cross = crossover(reEdges, reFrac);
        return new Result(bins, V, fit, W, H, frac, he, compE, heFraction, reEdges, reCounts, reW, reFrac, cross);
    }

    /** The equal-count (E, Lz) bins of the class comment. */
    public static Bins bin(Stars stars, int q) {
        int n = stars.size();
        if (n < q * q) {
            throw new IllegalArgumentException("equal-count binning with q = " + q + " needs at least " + q * q
                    + " stars, got " + n);
        }
        Integer[] byE = order(stars.E(), null);
        int[] bin = new int[n];
        double[] eLo = new double[q];
        double[] eHi = new double[q];
        double[] lzLo = new double[q * q];
        double[] lzHi = new double[q * q];
        double[] meanE = new double[q * q];
        int[] counts = new int[q * q];
        for (int a = 0; a < q; a++) {
            int from = start(n, q, a);
            int to = start(n, q, a + 1);
            Integer[] group = Arrays.copyOfRange(byE, from, to);
            eLo[a] = stars.E()[group[0]];
            eHi[a] = stars.E()[group[group.length - 1]];
            Integer[] byLz = order(stars.Lz(), group);
            int m = byLz.length;
            for (int b = 0; b < q; b++) {
                int i = a * q + b;
                int f = start(m, q, b);
                int t = start(m, q, b + 1);
                double sumE = 0;
                for (int r = f; r < t; r++) {
                    bin[byLz[r]] = i;
                    sumE += stars.E()[byLz[r]];
                }
                counts[i] = t - f;
                lzLo[i] = stars.Lz()[byLz[f]];
                lzHi[i] = stars.Lz()[byLz[t - 1]];
                meanE[i] = sumE / counts[i];
            }
        }
        return new Bins(bin, counts, eLo, eHi, lzLo, lzHi, meanE);
    }

    /** First index of group g when n items are split into q groups as numpy.array_split does. */
    static int start(int n, int q, int g) {
        int base = n / q;
        int extra = n % q;
        return g * base + Math.min(g, extra);
    }

    /** Indices (all, or those of {@code subset}) ordered by value, ties by index. */
    private static Integer[] order(double[] v, Integer[] subset) {
        Integer[] idx;
        if (subset == null) {
            idx = new Integer[v.length];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
        } else {
            idx = subset.clone();
        }
        Arrays.sort(idx, Comparator.<Integer>comparingDouble(i -> v[i]).thenComparingInt(i -> i));
        return idx;
    }

    /**
     * The rows of V: for each of {@code rows} groups (star s in row {@code row[s]}, none when negative), the two
     * flattened l x l histograms, first panel then second.
     */
    public static double[][] histograms(Stars stars, int[] row, int rows, int l, Panel first, Panel second) {
        double[][] V = new double[rows][2 * l * l];
        Panel[] panels = {first, second};
        for (int p = 0; p < 2; p++) {
            Panel pn = panels[p];
            double[] xe = edges(pn.feHLo(), pn.feHHi(), l);
            double[] ye = edges(pn.yLo(), pn.yHi(), l);
            for (int s = 0; s < row.length; s++) {
                if (row[s] < 0) {
                    continue;
                }
                int ix = index(xe, stars.FeH()[s]);
                int iy = index(ye, stars.y(pn.y(), s));
                if (ix >= 0 && iy >= 0) {
                    V[row[s]][p * l * l + ix * l + iy] += 1;
                }
            }
        }
        return V;
    }

    /** {@code numpy.linspace(lo, hi, bins + 1)}: lo + j step with step = (hi - lo) / bins, the last edge exactly hi. */
    public static double[] edges(double lo, double hi, int bins) {
        double[] e = new double[bins + 1];
        double step = (hi - lo) / bins;
        for (int j = 0; j < bins; j++) {
            e[j] = j * step + lo;
        }
        e[bins] = hi;
        return e;
    }

    /** The bin of x: j with e_j <= x < e_{j+1}, the last bin also taking x == hi; -1 outside or NaN. */
    public static int index(double[] e, double x) {
        int bins = e.length - 1;
        if (!(x >= e[0] && x <= e[bins])) {
            return -1;
        }
        if (x == e[bins]) {
            return bins - 1;
        }
        // searchsorted(e, x, side='right') - 1
        int lo = 0;
        int hi = e.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (e[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    /** The crossover of the class comment from the bin edges and the high-energy fraction per bin. */
    public static double crossover(double[] edges, double[] fraction) {
        int upper = -1;
        for (int b = fraction.length - 1; b >= 0; b--) {
            if (Double.isNaN(fraction[b])) {
                continue;
            }
            if (upper < 0) {
                if (fraction[b] < 0.5) {
                    return Double.NaN;
                }
            } else if (fraction[b] < 0.5) {
                double cb = 0.5 * (edges[b] + edges[b + 1]);
                double cu = 0.5 * (edges[upper] + edges[upper + 1]);
                return cb + (0.5 - fraction[b]) * (cu - cb) / (fraction[upper] - fraction[b]);
            }
            upper = b;
        }
        return Double.NaN;
    }
}
