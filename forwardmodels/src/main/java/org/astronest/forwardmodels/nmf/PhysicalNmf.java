package org.astronest.forwardmodels.nmf;

/**
 * The likelihood of a physical NMF: maps X (L lines x P pixels) = W V + noise, where each column of W is a
 * component's emission given by a forward model (e.g. {@link LineGrid} at the component's (T, n)), and the abundances
 * V (K x P) are marginalised pixel by pixel.
 *
 * <p>Noise: Gaussian, independent, standard deviation sigma_l for every pixel of line l (thesis chapter 3's maps,
 * seed 001 sec. 3.4: "noise uniformly added to all pixels"). Prior of V ({@link AbundancePrior}): every entry
 * independently 0 with probability pi (absent) and otherwise normal or half-normal with scale s.
 *
 * <p>V is <b>marginalised</b>, not profiled: a profile likelihood (V by non-negative least squares) always rises when
 * a component is added, by about a quarter of a nat per pixel from fitting noise, which an evidence over a few
 * component parameters cannot pay back; the marginal charges each component an Occam factor in every pixel.
 *
 * <p>The default prior is the <b>normal</b> one with pi = 0, although abundances are non-negative, because any prior
 * or profile that enforces v >= 0 pulls W off the truth on maps where components fade out: where a component is
 * absent (v ~ 0, as over most of a map of Gaussian blobs) about half of its posterior is negative, and emission
 * slightly mixed in from the other components, which lifts it above 0, is rewarded in every such pixel. On 20 x 20
 * chapter-3 maps at SNR 100 (PhysicalNmfTest) the half-normal marginal prefers (T, n) 0.005 dex from the truth (five
 * posterior standard deviations) by 38 nats; a point mass at 0 (pi = 1/2) does not cure it on blobs, whose small
 * abundances are not exactly 0 (a pull of 14 to 30 nats); the normal prior prefers the truth. The component maps
 * ({@link #abundances}) are non-negative all the same.
 *
 * <p>Per pixel the marginal is a sum over the 2^K sets S of present components. With x whitened by sigma (x~),
 * W~ = diag(1/sigma) W, A = W~^T W~ + I / s^2, A_S its block on S, b = W~^T x~, mu_S = A_S^-1 b_S, and the half-normal
 * density being twice the normal N(0, s^2) on v >= 0:
 * <pre>
 *   p(x | W) = N(x~; 0, I) / prod_l sigma_l  sum_S pi^(K-|S|) (c (1 - pi) / s)^|S| det(A_S)^-1/2
 *              exp(b_S . mu_S / 2) [P(v_S >= 0 | v_S ~ N(mu_S, A_S^-1))],
 * </pre>
 * c = 1 and no bracket for the normal prior, c = 2 and the orthant probability for the half-normal.
 * A set whose term is bounded (the orthant probability being at most 1) by e^-{@value #NEGLIGIBLE} times the sum so far
 * is skipped, in decreasing order of the bound, so the sum is exact to a relative 2^K e^-20 (3e-8 for K = 4) per pixel.
 *
 * <p>Half-normal: the orthant probability runs over the components of S that are not certainly positive: a component is certain
 * when its posterior mean is more than {@value #CERTAIN} standard deviations above 0 even after the largest shift that
 * truncating the uncertain components at 0 can give it (|C_ij| / C_jj (max(0, -mu_j) + sd_j) summed over them,
 * C = A_S^-1); it is then positive with probability 1 - Phi(-6) = 1 - 1e-9 and is left out, changing ln P by about
 * 1e-9.
 */
public final class PhysicalNmf {

    /** Posterior standard deviations from 0 beyond which a component's abundance counts as certainly positive. */
    public static final double CERTAIN = 6;
    /** Sets of present components whose term is below e^-NEGLIGIBLE times the pixel's sum are skipped. */
    public static final double NEGLIGIBLE = 20;

    /**
     * The prior of each abundance: 0 with probability {@code zeroProbability}, otherwise from {@code shape} with
     * scale {@code scale}.
     *
     * @param shape           {@link Shape#NORMAL} (the default) or {@link Shape#HALF_NORMAL}
     * @param scale           s > 0; the thesis' V_true entries are contributions in [0, 1] with peak 1 (seed 001,
     *                        sec. 3.4), so 1 is the natural scale for maps whose W is the emission of a fully filled
     *                        beam. The posterior of W hardly depends on it; the evidence does, by about ln(s) per
     *                        present component and pixel
     * @param zeroProbability pi in [0, 1): the prior probability that a component is absent from a pixel (default 0)
     */
    public record AbundancePrior(Shape shape, double scale, double zeroProbability) {
        public AbundancePrior {
            if (shape == null) {
                throw new IllegalArgumentException("abundance prior shape must be given (normal or half-normal)");
            }
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("abundance scale must be finite and > 0, got " + scale);
            }
            if (!(zeroProbability >= 0 && zeroProbability < 1)) {
                throw new IllegalArgumentException("abundance zero probability must be in [0, 1), got "
                        + zeroProbability);
            }
        }

        /** Normal, scale 1, no point mass (see the class comment for why not half-normal). */
        public static AbundancePrior defaults() {
            return new AbundancePrior(Shape.NORMAL, 1, 0);
        }
    }

    /** The continuous part of the abundances' prior. */
    public enum Shape {
        /** N(0, s^2): the marginal is Gaussian in closed form; abundances of either sign are integrated over. */
        NORMAL,
        /** 2 N(0, s^2) on v >= 0: the Gaussian marginal times an orthant probability per pixel. */
        HALF_NORMAL;

        /** normal or half-normal (case-insensitive); otherwise an error naming the value. */
        public static Shape parse(String s) {
            if (s != null) {
                switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "normal":
                        return NORMAL;
                    case "half-normal":
                    case "halfnormal":
                    case "half_normal":
                        return HALF_NORMAL;
                    default:
                        break;
                }
            }
            throw new IllegalArgumentException("unknown abundance prior '" + s + "'; known: normal, half-normal");
        }

        /** normal or half-normal. */
        public String id() {
            return this == NORMAL ? "normal" : "half-normal";
        }
    }

    private final double[][] xs;   // L x P, whitened
    private final double[][] xt;   // P x L, the same by pixel
    private final double[] sigma;
    private final double sumSq;    // sum over pixels of |x~_p|^2
    private final double logSigma; // sum_l ln sigma_l
    private final AbundancePrior prior;
    private final OrthantProbability orthant;

    /**
     * @param X       L x P maps (finite; negative values allowed: the noise makes them)
     * @param noiseSd per line, the noise standard deviation (> 0)
     * @param prior   the abundances' prior
     * @param orthant how the orthant probabilities are computed
     */
    public PhysicalNmf(double[][] X, double[] noiseSd, AbundancePrior prior, OrthantProbability orthant) {
        if (X == null || X.length == 0 || X[0] == null || X[0].length == 0) {
            throw new IllegalArgumentException("maps: need at least one line and one pixel");
        }
        if (noiseSd == null || noiseSd.length != X.length) {
            throw new IllegalArgumentException("noise: give one standard deviation per map, " + X.length + ", got "
                    + (noiseSd == null ? 0 : noiseSd.length));
        }
        if (prior == null || orthant == null) {
            throw new IllegalArgumentException("prior and orthant must be given");
        }
        int L = X.length;
        int P = X[0].length;
        this.xs = new double[L][P];
        this.sigma = noiseSd.clone();
        double ss = 0;
        double ls = 0;
        for (int l = 0; l < L; l++) {
            if (!(noiseSd[l] > 0) || Double.isInfinite(noiseSd[l])) {
                throw new IllegalArgumentException("noise: map " + (l + 1) + " has standard deviation " + noiseSd[l]
                        + "; it must be finite and > 0");
            }
            if (X[l] == null || X[l].length != P) {
                throw new IllegalArgumentException("maps: map " + (l + 1) + " has " + (X[l] == null ? 0 : X[l].length)
                        + " pixels, map 1 has " + P);
            }
            ls += Math.log(noiseSd[l]);
            for (int p = 0; p < P; p++) {
                if (!Double.isFinite(X[l][p])) {
                    throw new IllegalArgumentException("maps: map " + (l + 1) + ", pixel " + (p + 1) + " is "
                            + X[l][p] + "; the maps must be finite");
                }
                xs[l][p] = X[l][p] / noiseSd[l];
                ss += xs[l][p] * xs[l][p];
            }
        }
        this.xt = new double[P][L];
        for (int l = 0; l < L; l++) {
            for (int p = 0; p < P; p++) {
                xt[p][l] = xs[l][p];
            }
        }
        this.sumSq = ss;
        this.logSigma = ls;
        this.prior = prior;
        this.orthant = orthant;
    }

    public int lines() {
        return xs.length;
    }

    public int pixels() {
        return xs[0].length;
    }

    public AbundancePrior prior() {
        return prior;
    }

    /** W~ (L x K) and A = W~^T W~ + I / s^2. */
    private double[][][] whitened(double[][] W) {
        int L = xs.length;
        if (W == null || W.length != L || W[0].length == 0) {
            throw new IllegalArgumentException("W must be " + L + " x K (lines x components), got "
                    + (W == null ? "none" : W.length + " x " + (W.length == 0 ? 0 : W[0].length)));
        }
        int k = W[0].length;
        double[][] ws = new double[L][k];
        for (int l = 0; l < L; l++) {
            if (W[l].length != k) {
                throw new IllegalArgumentException("W: line " + (l + 1) + " has " + W[l].length + " components, line "
                        + "1 has " + k);
            }
            for (int i = 0; i < k; i++) {
                double w = W[l][i];
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("W: line " + (l + 1) + ", component " + (i + 1) + " is " + w
                            + "; emission must be finite and >= 0");
                }
                ws[l][i] = w / sigma[l];
            }
        }
        double[][] A = new double[k][k];
        double pr = 1 / (prior.scale() * prior.scale());
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = i == j ? pr : 0;
                for (int l = 0; l < L; l++) {
                    s += ws[l][i] * ws[l][j];
                }
                A[i][j] = s;
                A[j][i] = s;
            }
        }
        return new double[][][] {ws, A};
    }

    /** One set S of present components: its members, Cholesky of A_S, covariance A_S^-1, and its constant term. */
    private record Subset(int[] members, double[][] chol, double[][] cov, double[] sd, double constant) {
    }

    /**
     * ln p(X | W): the log marginal likelihood of the maps for emission W (L x K, entries >= 0), V marginalised under
     * the prior (class comment).
     */
    public double logMarginal(double[][] W) {
        double[][][] wa = whitened(W);
        double[][] ws = wa[0];
        double[][] A = wa[1];
        int L = xs.length;
        int P = xs[0].length;
        int k = A.length;
        double pi = prior.zeroProbability();
        boolean half = prior.shape() == Shape.HALF_NORMAL;
        double slab = Math.log((half ? 2 : 1) * (1 - pi) / prior.scale());
        double spike = pi > 0 ? Math.log(pi) : Double.NEGATIVE_INFINITY;
        // the sets of present components with a non-zero prior weight: all of them, or only the full one when pi = 0
        int full = (1 << k) - 1;
        int first = pi > 0 ? 0 : full;
        Subset[] sets = new Subset[full + 1];
        for (int mask = first; mask <= full; mask++) {
            int m = Integer.bitCount(mask);
            int[] mem = new int[m];
            for (int i = 0, c = 0; i < k; i++) {
                if ((mask & (1 << i)) != 0) {
                    mem[c++] = i;
                }
            }
            double[][] sub = new double[m][m];
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    sub[a][b] = A[mem[a]][mem[b]];
                }
            }
            double[][] ch = m == 0 ? new double[0][0] : cholesky(sub);
            double logDet = 0;
            for (int i = 0; i < m; i++) {
                logDet += 2 * Math.log(ch[i][i]);
            }
            double[][] cov = new double[m][m];
            double[] e = new double[m];
            double[] col = new double[m];
            for (int j = 0; j < m; j++) {
                java.util.Arrays.fill(e, 0);
                e[j] = 1;
                solve(ch, e, col);
                for (int i = 0; i < m; i++) {
                    cov[i][j] = col[i];
                }
            }
            double[] sd = new double[m];
            for (int i = 0; i < m; i++) {
                sd[i] = Math.sqrt(cov[i][i]);
            }
            double c = m * slab - 0.5 * logDet + (m < k ? (k - m) * spike : 0);
            sets[mask] = new Subset(mem, ch, cov, sd, c);
        }
        double[][] wt = new double[k][L];
        for (int l = 0; l < L; l++) {
            for (int i = 0; i < k; i++) {
                wt[i][l] = ws[l][i];
            }
        }
        double[] b = new double[k];
        double[] bs = new double[k];
        double[] mu = new double[k];
        double[] bound = new double[full + 1];
        int[] order = new int[full + 1 - first];
        int[] idx = new int[k];
        double[] subMean = new double[k];
        double[][] subCov = new double[k][k];
        double total = 0;
        for (int p = 0; p < P; p++) {
            double[] x = xt[p];
            for (int i = 0; i < k; i++) {
                double[] wi = wt[i];
                double s = 0;
                for (int l = 0; l < L; l++) {
                    s += wi[l] * x[l];
                }
                b[i] = s;
            }
            // each set's Gaussian term, an upper bound of its full term
            for (int mask = first; mask <= full; mask++) {
                Subset st = sets[mask];
                int m = st.members().length;
                for (int a = 0; a < m; a++) {
                    bs[a] = b[st.members()[a]];
                }
                double quad = 0;
                if (m > 0) {
                    solveInto(st.chol(), bs, mu, m);
                    for (int a = 0; a < m; a++) {
                        quad += bs[a] * mu[a];
                    }
                }
                bound[mask] = st.constant() + 0.5 * quad;
                // insertion into order, decreasing bound
                int pos = mask - first;
                while (pos > 0 && bound[order[pos - 1]] < bound[mask]) {
                    order[pos] = order[pos - 1];
                    pos--;
                }
                order[pos] = mask;
            }
            double lse = Double.NEGATIVE_INFINITY;
            for (int mask : order) {
                if (bound[mask] < lse - NEGLIGIBLE) {
                    break;
                }
                Subset st = sets[mask];
                int m = st.members().length;
                double term = bound[mask];
                if (half && m > 0) {
                    for (int a = 0; a < m; a++) {
                        bs[a] = b[st.members()[a]];
                    }
                    solveInto(st.chol(), bs, mu, m);
                    term += logOrthant(st, mu, m, idx, subMean, subCov);
                }
                lse = lse == Double.NEGATIVE_INFINITY ? term
                        : Math.max(lse, term) + Math.log1p(Math.exp(-Math.abs(lse - term)));
            }
            total += lse;
        }
        double perPixel = -0.5 * L * Math.log(2 * Math.PI) - logSigma;
        return P * perPixel - 0.5 * sumSq + total;
    }

    /** ln P(v_S >= 0) over the components of S that are not certainly positive (class comment). */
    private double logOrthant(Subset st, double[] mu, int m, int[] idx, double[] subMean, double[][] subCov) {
        double[] sd = st.sd();
        double[][] cov = st.cov();
        int d = 0;
        for (int i = 0; i < m; i++) {
            boolean keep = !(mu[i] > CERTAIN * sd[i]);
            if (!keep) {
                double shift = 0;
                for (int j = 0; j < m; j++) {
                    if (j != i && !(mu[j] > CERTAIN * sd[j])) {
                        shift += Math.abs(cov[i][j]) / cov[j][j] * (Math.max(0, -mu[j]) + sd[j]);
                    }
                }
                keep = !(mu[i] - shift > CERTAIN * sd[i]);
            }
            if (keep) {
                idx[d++] = i;
            }
        }
        if (d == 0) {
            return 0;
        }
        for (int a = 0; a < d; a++) {
            subMean[a] = mu[idx[a]];
            for (int c = 0; c < d; c++) {
                subCov[a][c] = cov[idx[a]][idx[c]];
            }
        }
        return orthant.logProbability(subMean, subCov, d);
    }

    /**
     * The abundances' posterior mode per pixel (K x P) under the half-normal prior: min |x~_p - W~ v|^2 + |v|^2 / s^2
     * with v >= 0, by {@link Nnls}. The component maps of a fitted W.
     */
    public double[][] abundances(double[][] W) {
        double[][][] wa = whitened(W);
        int L = xs.length;
        int P = xs[0].length;
        int k = W[0].length;
        double[][] V = new double[k][P];
        double[] b = new double[k];
        for (int p = 0; p < P; p++) {
            for (int i = 0; i < k; i++) {
                double s = 0;
                for (int l = 0; l < L; l++) {
                    s += wa[0][l][i] * xs[l][p];
                }
                b[i] = s;
            }
            double[] v = Nnls.solveGram(wa[1], b);
            for (int i = 0; i < k; i++) {
                V[i][p] = v[i];
            }
        }
        return V;
    }

    /** Lower Cholesky factor; an error when A is not positive definite (it always is: A >= I / s^2). */
    static double[][] cholesky(double[][] A) {
        int k = A.length;
        double[][] L = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = A[i][j];
                for (int m = 0; m < j; m++) {
                    s -= L[i][m] * L[j][m];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("the abundance precision matrix is not positive definite");
                    }
                    L[i][i] = Math.sqrt(s);
                } else {
                    L[i][j] = s / L[j][j];
                }
            }
        }
        return L;
    }

    /** x[0..m) = (L L^T)^-1 b[0..m) for the m x m factor L. */
    static void solveInto(double[][] L, double[] b, double[] x, int m) {
        for (int i = 0; i < m; i++) {
            double s = b[i];
            for (int j = 0; j < i; j++) {
                s -= L[i][j] * x[j];
            }
            x[i] = s / L[i][i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = x[i];
            for (int j = i + 1; j < m; j++) {
                s -= L[j][i] * x[j];
            }
            x[i] = s / L[i][i];
        }
    }

    /** x = (L L^T)^-1 b. */
    static void solve(double[][] L, double[] b, double[] x) {
        int k = b.length;
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int m = 0; m < i; m++) {
                s -= L[i][m] * x[m];
            }
            x[i] = s / L[i][i];
        }
        for (int i = k - 1; i >= 0; i--) {
            double s = x[i];
            for (int m = i + 1; m < k; m++) {
                s -= L[m][i] * x[m];
            }
            x[i] = s / L[i][i];
        }
    }
}
