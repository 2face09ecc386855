package org.astronest.forwardmodels.mcfa;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * Mixture of common factor analyzers (Casey et al. 2019; Baek, McLachlan &amp; Flack 2010): model evaluation, EM
 * fitting with missing data, factor scores, responsibilities and sampling.
 *
 * <p>Model (paper Eq. 3): {@code y_n = A u_n + e_n}, {@code u_n | k ~ N(xi_k, Omega_k)} with probability
 * {@code pi_k}, {@code e_n ~ N(0, diag(psi))}; there is no mean offset (as in the authors' code and generator).
 *
 * <p>EM (paper Eqs. 6-17): the E-step gives responsibilities tau_nk and the posterior moments of the scores
 * {@code m_nk = xi_k + P_k^-1 A^T Psi^-1 (y_n - A xi_k)}, {@code Cov = P_k^-1}, {@code P_k = Omega_k^-1 + A^T Psi^-1 A}
 * (Cholesky; see {@link Kernel}); the M-step is
 * {@code pi_k = n_k/N}, {@code xi_k = sum tau m / n_k},
 * {@code Omega_k = sum tau (P^-1 + m m^T) / n_k - xi_k xi_k^T},
 * {@code A = [sum_n y_n (sum_k tau m)^T] [sum_nk tau (P^-1 + m m^T)]^-1},
 * {@code psi_d = (1/N) sum_nk tau E[(y_nd - A_d u)^2]} - algebraically the updates of the paper (and the authors'
 * {@code _maximization}, which carries the same - (xi_new - xi)(xi_new - xi)^T term). With missing entries (EXACT
 * mode) the expectations also run over the missing y_nd: {@code E[y_nd u] = A_d E[u u^T]},
 * {@code E[y_nd^2] = A_d E[u u^T] A_d^T + psi_d}, which makes this the exact EM of the observed-data likelihood.
 *
 * <p>Configured once with {@link McfaOptions}; holds no run state; thread-safe.
 */
public final class Mcfa {

    /** Rows per chunk of the E-step; fixed (not derived from the thread count) so sums do not depend on threads. */
    static final int CHUNK = 2048;

    private final McfaOptions options;

    public Mcfa(McfaOptions options) {
        this.options = options;
    }

    public McfaOptions options() {
        return options;
    }

    // ------------------------------------------------------------------------------------------------ evaluation

    /** Exact observed-data log-likelihood (paper Eq. 4 with missing entries marginalized). */
    public static double logLikelihood(McfaData data, McfaParameters p) {
        Kernel ker = new Kernel(p);
        Kernel.Scratch sc = new Kernel.Scratch(p.d, p.j, p.k);
        checkShape(data, p);
        return ker.process(data, data.y, false, 0, data.n, sc, null, null, null, null);
    }

    /**
     * Complete-data mixture log-density of {@code values} (N x D, no NaN) - the quantity the authors' code reports
     * as {@code log_likelihood_} when it has imputed missing entries.
     */
    public static double completeDataLogLikelihood(McfaData data, double[] values, McfaParameters p) {
        checkShape(data, p);
        Kernel ker = new Kernel(p);
        return ker.process(data, values, true, 0, data.n, new Kernel.Scratch(p.d, p.j, p.k), null, null, null, null);
    }

    /** Responsibilities tau (N x K, row-major) at parameters p (paper Eq. 5). */
    public static double[] responsibilities(McfaData data, McfaParameters p) {
        checkShape(data, p);
        double[] tau = new double[data.n * p.k];
        new Kernel(p).process(data, data.y, false, 0, data.n, new Kernel.Scratch(p.d, p.j, p.k), null, null, tau,
                null);
        return tau;
    }

    /**
     * Factor scores (N x J, row-major): the posterior mean of the scores given the observed entries,
     * {@code sum_k tau_nk E[u_n | y_n, k]}.
     */
    public static double[] factorScores(McfaData data, McfaParameters p) {
        checkShape(data, p);
        double[] s = new double[data.n * p.j];
        new Kernel(p).process(data, data.y, false, 0, data.n, new Kernel.Scratch(p.d, p.j, p.k), null, null, null, s);
        return s;
    }

    /** Draws n rows (N x D, row-major) from the model; {@code labels} (length n, may be null) gets the components. */
    public static double[] sample(McfaParameters p, int n, UniformRandomProvider rng, int[] labels) {
        if (n < 0) {
            throw new IllegalArgumentException("number of samples must be >= 0, got " + n);
        }
        int d = p.d;
        int j = p.j;
        int k = p.k;
        double[] chol = p.covariances.clone();
        for (int c = 0; c < k; c++) {
            if (!Dense.cholesky(chol, c * j * j, j)) {
                throw new McfaException("covariance Omega of component " + c + " is not positive definite");
            }
        }
        double[] cum = new double[k];
        double s = 0;
        for (int c = 0; c < k; c++) {
            s += p.pi[c];
            cum[c] = s;
        }
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] out = new double[n * d];
        double[] z = new double[j];
        double[] u = new double[j];
        for (int i = 0; i < n; i++) {
            double r = rng.nextDouble() * s;
            int c = 0;
            while (c < k - 1 && r >= cum[c]) {
                c++;
            }
            if (labels != null) {
                labels[i] = c;
            }
            for (int q = 0; q < j; q++) {
                z[q] = g.sample();
            }
            int lo = c * j * j;
            for (int q = 0; q < j; q++) {
                double v = p.means[c * j + q];
                for (int t = 0; t <= q; t++) {
                    v += chol[lo + q * j + t] * z[t];
                }
                u[q] = v;
            }
            for (int r2 = 0; r2 < d; r2++) {
                double v = 0;
                for (int q = 0; q < j; q++) {
                    v += p.loads[r2 * j + q] * u[q];
                }
                out[i * d + r2] = v + Math.sqrt(p.psi[r2]) * g.sample();
            }
        }
        return out;
    }

    /** One exact EM step (E-step at p, then M-step) on the observed data, without re-orthonormalization. */
    public static McfaParameters emStep(McfaData data, McfaParameters p) {
        checkShape(data, p);
        McfaOptions o = McfaOptions.defaults();
        Run run = new Run(data, o, null);
        Kernel ker = new Kernel(p);
        Kernel.Stats st = run.estep(ker, null, null, null);
        return run.mstep(st, p, ker, 1);
    }

    private static void checkShape(McfaData data, McfaParameters p) {
        if (data.d != p.d) {
            throw new IllegalArgumentException("data have D=" + data.d + " columns but the parameters D=" + p.d);
        }
    }

    // ------------------------------------------------------------------------------------------------ fitting

    /**
     * Fits (J, K) from {@code options.inits()} initializations, init i drawing from {@link #stream(long, int, int, int)}
     * {@code (seed, J, K, i)}. With {@code options.subsample() = m} (0 &lt; m &lt; N) the initializations are fitted on
     * m rows drawn from stream {@code (seed, J, K, -1)}, {@link McfaFit#initLogLikelihoods()} holds their subsample
     * log L, and the best is refined by EM on all rows; otherwise every init runs on all rows and the one with the
     * highest final ln L is kept. A failing initialization is recorded in
     * {@link McfaFit#initErrors()}; when all fail a {@link McfaException} lists their errors.
     */
    public McfaFit fit(McfaData data, int j, int k, long seed) {
        if (j < 1 || j >= data.d) {
            throw new IllegalArgumentException("latent factors J must be in 1.." + (data.d - 1) + ", got " + j);
        }
        if (k < 1 || k > data.n) {
            throw new IllegalArgumentException("components K must be in 1.." + data.n + ", got " + k);
        }
        int ni = options.inits();
        double[] lls = new double[ni];
        String[] errors = new String[ni];
        McfaFit best = null;
        int bestIdx = -1;
        int m = options.subsample();
        boolean sub = m > 0 && m < data.n;
        // with a subsample: all inits run on one subsample (drawn from its own stream, init index -1) and only the
        // best of them by subsample log L is refined by EM on all rows
        McfaData fitData = sub ? subsample(data, m, stream(seed, j, k, -1)) : data;
        for (int i = 0; i < ni; i++) {
            try {
                UniformRandomProvider rng = stream(seed, j, k, i);
                McfaFit f = fitFrom(fitData, initialize(fitData, j, k, rng));
                lls[i] = f.logLikelihood();
                if (best == null || f.logLikelihood() > best.logLikelihood()) {
                    best = f;
                    bestIdx = i;
                }
            } catch (McfaException e) {
                lls[i] = Double.NaN;
                errors[i] = e.getMessage();
            }
        }
        if (sub && best != null) {
            try {
                best = fitFrom(data, best.parameters());
            } catch (McfaException e) {
                throw new McfaException("(J=" + j + ", K=" + k + "): full-data EM from the best subsample fit (init "
                        + bestIdx + ") failed: " + e.getMessage());
            }
        }
        if (best == null) {
            throw new McfaException("all " + ni + " initializations of (J=" + j + ", K=" + k + ") failed: "
                    + String.join("; ", errors));
        }
        return new McfaFit(best.parameters(), best.logLikelihood(), best.observedLogLikelihood(), best.bic(),
                best.messageLength(), best.iterations(), best.converged(), best.trace(), bestIdx, lls, errors,
                best.imputed());
    }

    /** EM from the given parameters (e.g. the truth), with this object's options. */
    public McfaFit fitFrom(McfaData data, McfaParameters init) {
        checkShape(data, init);
        ForkJoinPool pool = options.threads() > 1 ? new ForkJoinPool(options.threads()) : null;
        try {
            return new Run(data, options, pool).em(init);
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    /** m rows drawn without replacement (partial Fisher-Yates with {@code rng}), kept in their data order. */
    static McfaData subsample(McfaData data, int m, UniformRandomProvider rng) {
        int n = data.n;
        int d = data.d;
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int r = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[r];
            idx[r] = t;
        }
        int[] rows = Arrays.copyOf(idx, m);
        Arrays.sort(rows);
        double[] v = new double[m * d];
        for (int i = 0; i < m; i++) {
            System.arraycopy(data.y, rows[i] * d, v, i * d, d);
        }
        return new McfaData(m, d, v);
    }

    /**
     * The random stream of initialization {@code init} of cell (J, K): L64_X128_MIX seeded with a SplitMix64 hash of
     * (seed, J, K, init), so every cell and init has its own stream whatever the thread count or the grid order.
     */
    public static UniformRandomProvider stream(long seed, int j, int k, int init) {
        long h = mix(seed);
        h = mix(h + j);
        h = mix(h + ((long) k << 20));
        h = mix(h + ((long) init << 40));
        return RandomSource.L64_X128_MIX.create(new long[] {h, mix(h + 1), mix(h + 2), mix(h + 3)});
    }

    /** SplitMix64 finalizer (Steele, Lea &amp; Flood 2014). */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ------------------------------------------------------------------------------------------------ initialization

    /**
     * Initial parameters: loads by SVD or Haar (options), k-means++ assignments in the latent space (greedy variant
     * with 2 + ln K local trials, Arthur &amp; Vassilvitskii 2007, as the code's scikit-learn call), then weights,
     * means and covariances (ddof 1) per assigned cluster, psi = 1 or the per-dimension variance. Missing entries
     * are filled for initialization only: with zeros in MCFA mode (as the code), with the column mean in EXACT mode.
     * A ridge of 1e-6 times the mean latent variance is added to each Omega_k so that small clusters start positive
     * definite; a cluster with fewer than 2 members starts at the global latent mean and covariance.
     */
    public McfaParameters initialize(McfaData data, int j, int k, UniformRandomProvider rng) {
        int n = data.n;
        int d = data.d;
        double[] filled = filled(data, options.missing());
        double[] a = options.factorInit() == McfaOptions.FactorInit.SVD ? svdLoads(filled, n, d, j, rng)
                : haarLoads(d, j, rng);
        double[] z = new double[n * j];
        for (int r = 0; r < n; r++) {
            for (int q = 0; q < j; q++) {
                double v = 0;
                for (int c = 0; c < d; c++) {
                    v += filled[r * d + c] * a[c * j + q];
                }
                z[r * j + q] = v;
            }
        }
        int[] assign = kmeansPlusPlus(z, n, j, k, rng);
        double[] gMean = new double[j];
        double[] gCov = new double[j * j];
        moments(z, n, j, null, -1, gMean, gCov);
        double ridge = 0;
        for (int q = 0; q < j; q++) {
            ridge += gCov[q * j + q];
        }
        ridge = 1e-6 * ridge / j;
        double[] pi = new double[k];
        double[] xi = new double[k * j];
        double[] om = new double[k * j * j];
        double[] mean = new double[j];
        double[] cov = new double[j * j];
        int[] counts = new int[k];
        for (int r = 0; r < n; r++) {
            counts[assign[r]]++;
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            if (counts[c] >= 2) {
                moments(z, n, j, assign, c, mean, cov);
            } else {
                System.arraycopy(gMean, 0, mean, 0, j);
                System.arraycopy(gCov, 0, cov, 0, j * j);
            }
            System.arraycopy(mean, 0, xi, c * j, j);
            for (int q = 0; q < j; q++) {
                cov[q * j + q] += ridge;
            }
            System.arraycopy(cov, 0, om, c * j * j, j * j);
            pi[c] = Math.max(counts[c], 1) / (double) n;
            sum += pi[c];
        }
        for (int c = 0; c < k; c++) {
            pi[c] /= sum;
        }
        double[] psi = new double[d];
        if (options.psiInit() == McfaOptions.PsiInit.ONES) {
            Arrays.fill(psi, 1.0);
        } else {
            for (int c = 0; c < d; c++) {
                double m = 0;
                int cnt = 0;
                for (int r = 0; r < n; r++) {
                    double v = data.y[r * d + c];
                    if (!Double.isNaN(v)) {
                        m += v;
                        cnt++;
                    }
                }
                m /= Math.max(cnt, 1);
                double s2 = 0;
                for (int r = 0; r < n; r++) {
                    double v = data.y[r * d + c];
                    if (!Double.isNaN(v)) {
                        s2 += (v - m) * (v - m);
                    }
                }
                psi[c] = cnt > 1 ? s2 / (cnt - 1) : 1.0;
            }
        }
        return new McfaParameters(d, j, k, pi, a, xi, om, psi, false);
    }

    static double[] filled(McfaData data, McfaOptions.MissingMode mode) {
        double[] f = data.y.clone();
        if (!data.hasMissing()) {
            return f;
        }
        int n = data.n;
        int d = data.d;
        double[] colMean = new double[d];
        if (mode == McfaOptions.MissingMode.EXACT) {
            int[] cnt = new int[d];
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < d; c++) {
                    double v = f[r * d + c];
                    if (!Double.isNaN(v)) {
                        colMean[c] += v;
                        cnt[c]++;
                    }
                }
            }
            for (int c = 0; c < d; c++) {
                colMean[c] = cnt[c] > 0 ? colMean[c] / cnt[c] : 0;
            }
        }
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                if (Double.isNaN(f[r * d + c])) {
                    f[r * d + c] = colMean[c];
                }
            }
        }
        return f;
    }

    private static void moments(double[] z, int n, int j, int[] assign, int c, double[] mean, double[] cov) {
        Arrays.fill(mean, 0);
        Arrays.fill(cov, 0);
        int cnt = 0;
        for (int r = 0; r < n; r++) {
            if (assign != null && assign[r] != c) {
                continue;
            }
            cnt++;
            for (int q = 0; q < j; q++) {
                mean[q] += z[r * j + q];
            }
        }
        for (int q = 0; q < j; q++) {
            mean[q] /= cnt;
        }
        for (int r = 0; r < n; r++) {
            if (assign != null && assign[r] != c) {
                continue;
            }
            for (int q = 0; q < j; q++) {
                double dq = z[r * j + q] - mean[q];
                for (int t = 0; t < j; t++) {
                    cov[q * j + t] += dq * (z[r * j + t] - mean[t]);
                }
            }
        }
        for (int i = 0; i < j * j; i++) {
            cov[i] /= Math.max(cnt - 1, 1);
        }
    }

    /** Top J eigenvectors of X_s^T X_s / (N-1) for a random subsample of at most 1000 rows (= left singular vectors). */
    static double[] svdLoads(double[] x, int n, int d, int j, UniformRandomProvider rng) {
        int m = Math.min(1000, n);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int t = i + rng.nextInt(n - i);
            int tmp = idx[i];
            idx[i] = idx[t];
            idx[t] = tmp;
        }
        double[][] s = new double[d][d];
        for (int i = 0; i < m; i++) {
            int base = idx[i] * d;
            for (int a = 0; a < d; a++) {
                double xa = x[base + a];
                for (int b = 0; b <= a; b++) {
                    s[a][b] += xa * x[base + b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                s[a][b] /= Math.max(n - 1, 1);
                s[b][a] = s[a][b];
            }
        }
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(s, false));
        double[] ev = eig.getEigenvalues();
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(ev[q], ev[p]));
        double[] a = new double[d * j];
        for (int q = 0; q < j; q++) {
            double[] v = eig.getEigenvector(order[q]).toArray();
            for (int r = 0; r < d; r++) {
                a[r * j + q] = v[r];
            }
        }
        return a;
    }

    /** First J columns of a Haar-distributed rotation of SO(D): QR of a Gaussian matrix with sign fix (Mezzadri 2007). */
    static double[] haarLoads(int d, int j, UniformRandomProvider rng) {
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] m = new double[d][d];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                m[r][c] = g.sample();
            }
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(m, false));
        RealMatrix q = qr.getQ();
        RealMatrix rr = qr.getR();
        double[][] qa = q.getData();
        for (int c = 0; c < d; c++) {
            if (rr.getEntry(c, c) < 0) {
                for (int r = 0; r < d; r++) {
                    qa[r][c] = -qa[r][c];
                }
            }
        }
        if (Dense.detSign(flat(qa), qa.length) < 0) {
            for (int r = 0; r < d; r++) {
                qa[r][d - 1] = -qa[r][d - 1];
            }
        }
        double[] a = new double[d * j];
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < j; c++) {
                a[r * j + c] = qa[r][c];
            }
        }
        return a;
    }

    private static double[] flat(double[][] m) {
        int n = m.length;
        double[] f = new double[n * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(m[r], 0, f, r * n, n);
        }
        return f;
    }

    /** Greedy k-means++ seeding, then nearest-centre assignment. */
    static int[] kmeansPlusPlus(double[] z, int n, int j, int k, UniformRandomProvider rng) {
        int trials = 2 + (int) Math.log(k);
        double[] centres = new double[k * j];
        int first = rng.nextInt(n);
        System.arraycopy(z, first * j, centres, 0, j);
        double[] closest = new double[n];
        double pot = 0;
        for (int r = 0; r < n; r++) {
            closest[r] = dist2(z, r * j, centres, 0, j);
            pot += closest[r];
        }
        double[] cand = new double[n];
        double[] bestD = new double[n];
        for (int c = 1; c < k; c++) {
            double bestPot = Double.POSITIVE_INFINITY;
            int bestId = -1;
            for (int t = 0; t < trials; t++) {
                double u = rng.nextDouble() * pot;
                int id = 0;
                double acc = closest[0];
                while (acc <= u && id < n - 1) {
                    id++;
                    acc += closest[id];
                }
                double np = 0;
                for (int r = 0; r < n; r++) {
                    double v = Math.min(closest[r], dist2(z, r * j, z, id * j, j));
                    cand[r] = v;
                    np += v;
                }
                if (np < bestPot) {
                    bestPot = np;
                    bestId = id;
                    System.arraycopy(cand, 0, bestD, 0, n);
                }
            }
            System.arraycopy(z, bestId * j, centres, c * j, j);
            System.arraycopy(bestD, 0, closest, 0, n);
            pot = bestPot;
        }
        int[] assign = new int[n];
        for (int r = 0; r < n; r++) {
            double best = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double v = dist2(z, r * j, centres, c * j, j);
                if (v < best) {
                    best = v;
                    assign[r] = c;
                }
            }
        }
        return assign;
    }

    private static double dist2(double[] a, int ao, double[] b, int bo, int j) {
        double s = 0;
        for (int q = 0; q < j; q++) {
            double v = a[ao + q] - b[bo + q];
            s += v * v;
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------------ EM run

    /** The state of one EM run (data view, chunk statistics, optional imputed copy). */
    static final class Run {
        final McfaData data;
        final McfaOptions o;
        final ForkJoinPool pool;
        final int nChunks;
        final boolean imputing;
        final double[] values;
        final Kernel.Stats[] chunkStats;
        /** Scratch arrays, taken by a chunk while it runs (a chunk's result does not depend on which it gets). */
        final java.util.concurrent.ConcurrentLinkedDeque<Kernel.Scratch> scratch =
                new java.util.concurrent.ConcurrentLinkedDeque<>();

        Run(McfaData data, McfaOptions o, ForkJoinPool pool) {
            this.data = data;
            this.o = o;
            this.pool = pool;
            this.nChunks = (data.n + CHUNK - 1) / CHUNK;
            this.imputing = o.missing() == McfaOptions.MissingMode.MCFA && data.hasMissing();
            this.values = imputing ? filled(data, McfaOptions.MissingMode.MCFA) : data.y;
            this.chunkStats = new Kernel.Stats[nChunks];
        }

        Kernel.Stats estep(Kernel ker, double[] tauIn, double[] tauOut, double[] mbarOut) {
            int d = data.d;
            boolean exactMissing = !imputing && data.hasMissing();
            Kernel.Scratch any = scratch.peek();
            if (any != null && (any.logp.length != ker.kk || any.w.length != ker.jj)) {
                scratch.clear();
            }
            for (int c = 0; c < nChunks; c++) {
                if (chunkStats[c] == null || chunkStats[c].nk.length != ker.kk || chunkStats[c].sk.length != ker.kk
                        * ker.jj) {
                    chunkStats[c] = new Kernel.Stats(d, ker.jj, ker.kk, exactMissing);
                } else {
                    chunkStats[c].clear();
                }
            }
            if (pool == null || nChunks == 1) {
                for (int c = 0; c < nChunks; c++) {
                    runChunk(ker, c, tauIn, tauOut, mbarOut);
                }
            } else {
                try {
                    pool.submit(() -> IntStream.range(0, nChunks).parallel()
                            .forEach(c -> runChunk(ker, c, tauIn, tauOut, mbarOut))).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new McfaException("interrupted");
                } catch (ExecutionException e) {
                    Throwable t = e.getCause();
                    if (t instanceof RuntimeException re) {
                        throw re;
                    }
                    throw new McfaException(String.valueOf(t));
                }
            }
            Kernel.Stats total = new Kernel.Stats(d, ker.jj, ker.kk, exactMissing);
            for (int c = 0; c < nChunks; c++) {
                total.add(chunkStats[c]);
            }
            return total;
        }

        private void runChunk(Kernel ker, int c, double[] tauIn, double[] tauOut, double[] mbarOut) {
            int from = c * CHUNK;
            int to = Math.min(data.n, from + CHUNK);
            Kernel.Scratch sc = scratch.poll();
            if (sc == null) {
                sc = new Kernel.Scratch(data.d, ker.jj, ker.kk);
            }
            try {
                ker.process(data, values, imputing, from, to, sc, chunkStats[c], tauIn, tauOut, mbarOut);
            } finally {
                scratch.push(sc);
            }
        }

        /** M-step from the E-step statistics at {@code old} (kernel {@code ker}). */
        McfaParameters mstep(Kernel.Stats st, McfaParameters old, Kernel ker, int iter) {
            int d = old.d;
            int j = old.j;
            int k = old.k;
            int n = data.n;
            double[] pi = new double[k];
            double[] xi = new double[k * j];
            double[] om = new double[k * j * j];
            double[] h = new double[j * j];
            double[] e2 = new double[j * j];
            for (int c = 0; c < k; c++) {
                double nk = st.nk[c];
                if (!(nk > 1e-300)) {
                    throw new McfaException("EM iteration " + iter + ": component " + c
                            + " has no responsibility left (weight -> 0, n_k = " + nk + ")");
                }
                int po = c * j * j;
                for (int q = 0; q < j; q++) {
                    for (int t = 0; t <= q; t++) {
                        double v = st.skk[po + q * j + t] + st.ck[po + q * j + t]
                                + st.nkComplete[c] * ker.pInv[po + q * j + t];
                        e2[q * j + t] = v;
                        e2[t * j + q] = v;
                    }
                }
                for (int q = 0; q < j; q++) {
                    xi[c * j + q] = st.sk[c * j + q] / nk;
                }
                for (int q = 0; q < j; q++) {
                    for (int t = 0; t < j; t++) {
                        om[po + q * j + t] = e2[q * j + t] / nk - xi[c * j + q] * xi[c * j + t];
                        h[q * j + t] += e2[q * j + t];
                    }
                }
                pi[c] = nk / n;
            }
            double[] hInv = new double[j * j];
            double[] hc = h.clone();
            if (!Dense.cholesky(hc, 0, j)) {
                throw new McfaException("EM iteration " + iter + ": the score second-moment matrix is singular");
            }
            Dense.inverseFromCholesky(hc, 0, j, hInv, 0, new double[j]);
            double[] a = new double[d * j];
            double[] psi = new double[d];
            double[] num = new double[j];
            double[] hm = new double[j * j];
            for (int r = 0; r < d; r++) {
                int ro = r * j;
                for (int q = 0; q < j; q++) {
                    num[q] = st.t[ro + q];
                }
                boolean miss = st.hmis != null && data.missingPerDimension[r] > 0;
                if (miss) {
                    int ho = r * j * j;
                    for (int q = 0; q < j; q++) {
                        for (int t = 0; t <= q; t++) {
                            hm[q * j + t] = st.hmis[ho + q * j + t];
                            hm[t * j + q] = st.hmis[ho + q * j + t];
                        }
                    }
                    for (int q = 0; q < j; q++) {
                        double v = 0;
                        for (int t = 0; t < j; t++) {
                            v += old.loads[ro + t] * hm[t * j + q];
                        }
                        num[q] += v;
                    }
                }
                for (int q = 0; q < j; q++) {
                    double v = 0;
                    for (int t = 0; t < j; t++) {
                        v += num[t] * hInv[t * j + q];
                    }
                    a[ro + q] = v;
                }
                // psi_d = (1/N) sum E[(y_d - A_d u)^2]
                double aha = 0;
                double at = 0;
                for (int q = 0; q < j; q++) {
                    double v = 0;
                    for (int t = 0; t < j; t++) {
                        v += h[q * j + t] * a[ro + t];
                    }
                    aha += a[ro + q] * v;
                    at += a[ro + q] * st.t[ro + q];
                }
                double s = st.yy[r] - 2 * at + aha;
                if (miss) {
                    double oho = 0;
                    double nho = 0;
                    for (int q = 0; q < j; q++) {
                        double v = 0;
                        for (int t = 0; t < j; t++) {
                            v += hm[q * j + t] * old.loads[ro + t];
                        }
                        oho += old.loads[ro + q] * v;
                        nho += a[ro + q] * v;
                    }
                    s += oho - 2 * nho + data.missingPerDimension[r] * old.psi[r];
                }
                double p = s / n;
                if (imputing) {
                    // the authors' Rubin-style inflation at every M-step (paper Eq. 18)
                    p = p / (1 - data.missingPerDimension[r] / (double) n);
                }
                if (!(p > o.psiFloor()) || !Double.isFinite(p)) {
                    throw new McfaException("EM iteration " + iter + ": specific variance psi[" + r
                            + "] collapsed to " + p + " (psi -> 0)");
                }
                psi[r] = p;
            }
            return new McfaParameters(d, j, k, pi, a, xi, om, psi, false);
        }

        McfaFit em(McfaParameters init) {
            int n = data.n;
            int k = init.k;
            int j = init.j;
            double[] tauBuf = imputing ? new double[n * k] : null;
            double[] mbarBuf = imputing ? new double[n * j] : null;
            McfaParameters theta = init;
            Kernel ker = kernel(theta, 0);
            Kernel.Stats st = estep(ker, null, tauBuf, mbarBuf);
            double prev = st.ll;
            double[] trace = new double[64];
            int nt = 0;
            trace[nt++] = prev;
            boolean converged = false;
            int iter = 0;
            double ll = prev;
            while (iter < o.maxIterations()) {
                iter++;
                theta = mstep(st, theta, ker, iter);
                ker = kernel(theta, iter);
                st = estep(ker, null, tauBuf, mbarBuf);
                ll = st.ll;
                if (nt == trace.length) {
                    trace = Arrays.copyOf(trace, nt * 2);
                }
                trace[nt++] = ll;
                if (o.convergence() == McfaOptions.Convergence.ABSOLUTE) {
                    converged = ll - prev < o.tolerance();
                } else if (o.convergence() == McfaOptions.Convergence.PER_STAR) {
                    converged = ll - prev < o.tolerance() * n;
                } else {
                    converged = Math.abs((ll - prev) / ll) <= o.tolerance() && prev < ll;
                }
                prev = ll;
                if (converged) {
                    break;
                }
                if (imputing) {
                    // re-impute the missing entries with A * (tau-weighted posterior mean scores), then redo the
                    // sufficient statistics on the updated matrix with the same responsibilities (as the code)
                    impute(theta, mbarBuf);
                    st = estep(ker, tauBuf, null, null);
                }
            }
            McfaParameters fitted = o.orthonormalize() ? orthonormalize(theta) : theta;
            double observed = imputing ? logLikelihood(data, fitted) : ll;
            MessageLength.Parts parts = MessageLength.of(fitted, ll, n);
            double bic = MessageLength.bic(ll, n, fitted.parameterCount());
            return new McfaFit(fitted, ll, observed, bic, parts, iter, converged, Arrays.copyOf(trace, nt), 0,
                    new double[] {ll}, new String[1], imputing ? values.clone() : null);
        }

        private Kernel kernel(McfaParameters theta, int iter) {
            try {
                return new Kernel(theta);
            } catch (McfaException e) {
                throw new McfaException("EM iteration " + iter + ": " + e.getMessage());
            }
        }

        private void impute(McfaParameters theta, double[] mb) {
            int d = data.d;
            int j = theta.j;
            for (int r = 0; r < data.n; r++) {
                if (data.obsStart[r] < 0) {
                    continue;
                }
                for (int c = 0; c < d; c++) {
                    if (Double.isNaN(data.y[r * d + c])) {
                        double v = 0;
                        for (int q = 0; q < j; q++) {
                            v += theta.loads[c * j + q] * mb[r * j + q];
                        }
                        values[r * d + c] = v;
                    }
                }
            }
        }
    }

    /**
     * Re-parameterizes to A^T A = I: with the upper Cholesky factor U of A^T A, A' = A U^-1, xi' = U xi,
     * Omega' = U Omega U^T (the code's final step in {@code fit()}; the likelihood is invariant).
     */
    public static McfaParameters orthonormalize(McfaParameters p) {
        int d = p.d;
        int j = p.j;
        int k = p.k;
        double[] m = new double[j * j];
        for (int r = 0; r < d; r++) {
            for (int q = 0; q < j; q++) {
                for (int t = 0; t < j; t++) {
                    m[q * j + t] += p.loads[r * j + q] * p.loads[r * j + t];
                }
            }
        }
        if (!Dense.cholesky(m, 0, j)) {
            throw new McfaException("A^T A is not positive definite (loads are rank deficient)");
        }
        // m = L (lower), U = L^T. A' = A U^-1 = A L^-T: row a' solves L a'^T = a^T
        double[] a = p.loads.clone();
        for (int r = 0; r < d; r++) {
            Dense.forward(m, 0, j, a, r * j);
        }
        double[] xi = new double[k * j];
        double[] om = new double[k * j * j];
        double[] tmp = new double[j * j];
        for (int c = 0; c < k; c++) {
            for (int q = 0; q < j; q++) {
                double v = 0;
                for (int t = q; t < j; t++) {
                    v += m[t * j + q] * p.means[c * j + t]; // U[q][t] = L[t][q]
                }
                xi[c * j + q] = v;
            }
            int po = c * j * j;
            for (int q = 0; q < j; q++) {
                for (int t = 0; t < j; t++) {
                    double v = 0;
                    for (int s = q; s < j; s++) {
                        v += m[s * j + q] * p.covariances[po + s * j + t];
                    }
                    tmp[q * j + t] = v;
                }
            }
            for (int q = 0; q < j; q++) {
                for (int t = 0; t < j; t++) {
                    double v = 0;
                    for (int s = t; s < j; s++) {
                        v += tmp[q * j + s] * m[s * j + t];
                    }
                    om[po + q * j + t] = v;
                }
            }
        }
        return new McfaParameters(d, j, k, p.pi.clone(), a, xi, om, p.psi.clone(), false);
    }
}
