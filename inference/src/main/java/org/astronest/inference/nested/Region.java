package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The MLFriends region (Buchner 2016, 2019): live points whitened by their covariance (Cholesky factor {@code C},
 * {@code u = mean + C w}), a union of balls of radius {@code R} around every whitened live point. Holds flat arrays
 * only; the whitened live points are kept up to date as points are replaced.
 *
 * <p>Exact uniform proposals inside the union (intersected with the unit cube) come from the smallest of three
 * envelopes: the unit cube (accept when inside the union), one ball around the whitened mean enclosing every ball
 * (an ellipsoid in the cube; accept when inside the union) or a random ball of the union (accept when it is the first
 * ball, in a fixed order, that contains the point: the law of accepting with probability 1/(number of balls
 * containing the point), at the cost of a scan that stops early). Not thread-safe for updates; concurrent
 * {@link #sample} calls are fine.
 */
final class Region {

    static final int CUBE = 0;
    static final int ELLIPSOID = 1;
    static final int BALLS = 2;

    final int n;
    final int d;
    final double[] mean;
    final double[] chol;
    final double[] cholInv;
    double logDetChol;
    /** Whitened live points, n x d row-major. */
    final double[] w;
    /** Squared ball radius (whitened units); +infinity for the plain cube bound. */
    double r2 = Double.POSITIVE_INFINITY;
    /** Radius of the bootstrapped ellipsoid (a ball around the whitened mean) intersected with the union. */
    double re;
    private double re2 = Double.POSITIVE_INFINITY;
    int method = CUBE;
    /** Whether the union test applies (false for the plain cube bound). */
    boolean useUnion;

    /** Live points sorted by their first whitened coordinate (a prefilter for the ball tests); see {@link #index}. */
    private final double[] sortedKey;
    private final double[] sortedW;
    private final Integer[] order;

    Region(int n, int d) {
        this.sortedKey = new double[n];
        this.sortedW = new double[n * d];
        this.order = new Integer[n];
        this.n = n;
        this.d = d;
        this.mean = new double[d];
        this.chol = new double[d * d];
        this.cholInv = new double[d * d];
        this.w = new double[n * d];
    }

    /** Recomputes mean, covariance, Cholesky factor and its inverse from the live points, and whitens them. */
    void setMetric(double[] liveU) {
        java.util.Arrays.fill(mean, 0);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                mean[k] += liveU[i * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            mean[k] /= n;
        }
        double[] cov = new double[d * d];
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int a = 0; a < d; a++) {
                double da = liveU[o + a] - mean[a];
                for (int b = 0; b <= a; b++) {
                    cov[a * d + b] += da * (liveU[o + b] - mean[b]);
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                cov[a * d + b] /= (n - 1);
                cov[b * d + a] = cov[a * d + b];
            }
        }
        // Cholesky of the correlation matrix, then rows scaled by the standard deviations: a jitter relative to the
        // largest variance would swamp parameters whose posterior is 1e-6 of the cube while others span 0.1 (the
        // diamonds regression: the metric came out 10x too wide along the intercept, and slice widths collapsed)
        double[] sd = new double[d];
        for (int a = 0; a < d; a++) {
            sd[a] = Math.sqrt(Math.max(cov[a * d + a], 1e-300));
        }
        double[] corr = new double[d * d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                corr[a * d + b] = cov[a * d + b] / (sd[a] * sd[b]);
            }
        }
        double jitter = 1e-12;
        for (int attempt = 0; ; attempt++) {
            if (cholesky(corr, jitter)) {
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b <= a; b++) {
                        chol[a * d + b] *= sd[a];
                    }
                }
                break;
            }
            if (attempt > 40) {
                // degenerate: diagonal metric
                java.util.Arrays.fill(chol, 0);
                for (int a = 0; a < d; a++) {
                    chol[a * d + a] = Math.sqrt(Math.max(cov[a * d + a], 1e-24));
                }
                break;
            }
            jitter *= 10;
        }
        invertLower();
        logDetChol = 0;
        for (int a = 0; a < d; a++) {
            logDetChol += Math.log(chol[a * d + a]);
        }
        for (int i = 0; i < n; i++) {
            whiten(liveU, i * d, w, i * d);
        }
    }

    private boolean cholesky(double[] cov, double jitter) {
        java.util.Arrays.fill(chol, 0);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                double s = cov[a * d + b] + (a == b ? jitter : 0);
                for (int k = 0; k < b; k++) {
                    s -= chol[a * d + k] * chol[b * d + k];
                }
                if (a == b) {
                    if (!(s > 0)) {
                        return false;
                    }
                    chol[a * d + a] = Math.sqrt(s);
                } else {
                    chol[a * d + b] = s / chol[b * d + b];
                }
            }
        }
        return true;
    }

    private void invertLower() {
        java.util.Arrays.fill(cholInv, 0);
        for (int col = 0; col < d; col++) {
            for (int a = col; a < d; a++) {
                double s = a == col ? 1 : 0;
                for (int k = col; k < a; k++) {
                    s -= chol[a * d + k] * cholInv[k * d + col];
                }
                cholInv[a * d + col] = s / chol[a * d + a];
            }
        }
    }

    /** {@code out[oo..] = C^-1 (u[uo..] - mean)}. */
    void whiten(double[] u, int uo, double[] out, int oo) {
        for (int a = 0; a < d; a++) {
            double s = 0;
            for (int k = 0; k <= a; k++) {
                s += cholInv[a * d + k] * (u[uo + k] - mean[k]);
            }
            out[oo + a] = s;
        }
    }

    /** {@code u[uo..] = mean + C w}. */
    void unwhiten(double[] wv, double[] u, int uo) {
        for (int a = 0; a < d; a++) {
            double s = mean[a];
            for (int k = 0; k <= a; k++) {
                s += chol[a * d + k] * wv[k];
            }
            u[uo + a] = s;
        }
    }

    /** {@code v = C z} (direction in the cube for a whitened direction z). */
    void direction(double[] z, double[] v) {
        for (int a = 0; a < d; a++) {
            double s = 0;
            for (int k = 0; k <= a; k++) {
                s += chol[a * d + k] * z[k];
            }
            v[a] = s;
        }
    }

    /**
     * Sorts the whitened live points by their first coordinate so that ball tests only visit points within R in
     * that coordinate (the result of every test is unchanged). Call before a batch of {@link #sample} calls.
     */
    void index() {
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(w[a * d], w[b * d]));
        for (int q = 0; q < n; q++) {
            int i = order[q];
            sortedKey[q] = w[i * d];
            System.arraycopy(w, i * d, sortedW, q * d, d);
        }
    }

    /** First sorted position with key &gt;= x. */
    private int lowerBound(double x) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sortedKey[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Updates the whitened copy of live point {@code i}. */
    void update(int i, double[] liveU) {
        whiten(liveU, i * d, w, i * d);
    }

    /**
     * Bootstrapped MLFriends radius (Buchner 2016 sec. 3; 2019 sec. 2): for each round, live points drawn with
     * replacement are kept; the radius is the largest distance from a left-out point to its nearest kept point;
     * the maximum over rounds is used. {@code dist} is an n x n scratch array filled here.
     */
    void computeDistances(double[] dist, int row) {
        int o = row * d;
        dist[row * n + row] = 0;
        for (int j = row + 1; j < n; j++) {
            int p = j * d;
            double s = 0;
            for (int k = 0; k < d; k++) {
                double t = w[o + k] - w[p + k];
                s += t * t;
            }
            dist[row * n + j] = s;
            dist[j * n + row] = s;
        }
    }

    /**
     * One bootstrap round on a filled distance matrix; returns the squared radius of that round and writes into
     * {@code ellOut[0]} the ellipsoid enlargement of the round: (largest whitened norm of a left-out point) /
     * (largest whitened norm of a kept point), at least 1 (the bootstrapped single ellipsoid of UltraNest,
     * Buchner 2019 sec. 2, intersected with the friends region).
     */
    double bootstrapRound(double[] dist, UniformRandomProvider rng, boolean[] keep, double[] ellOut) {
        java.util.Arrays.fill(keep, false);
        int[] mult = new int[n];
        for (int k = 0; k < n; k++) {
            int i = rng.nextInt(n);
            keep[i] = true;
            mult[i]++;
        }
        ellOut[0] = ellipsoidFactor(keep, mult);
        int[] kept = new int[n];
        int nk = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                kept[nk++] = i;
            }
        }
        double maxMin = 0;
        for (int j = 0; j < n; j++) {
            if (keep[j]) {
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            int o = j * n;
            for (int q = 0; q < nk; q++) {
                double v = dist[o + kept[q]];
                if (v < best) {
                    best = v;
                    if (best <= maxMin) {
                        break; // this point cannot raise the maximum
                    }
                }
            }
            if (best > maxMin) {
                maxMin = best;
            }
        }
        return maxMin;
    }

    /**
     * Ellipsoid enlargement of one bootstrap round: the mean and covariance of the kept points (with multiplicity)
     * define an ellipsoid; the factor is sqrt(largest Mahalanobis distance^2 of a left-out point / that of a kept
     * point), at least 1.
     */
    private double ellipsoidFactor(boolean[] keep, int[] mult) {
        double[] m = new double[d];
        double[] c = new double[d * d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                m[k] += mult[i] * w[i * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            m[k] /= n;
        }
        for (int i = 0; i < n; i++) {
            if (mult[i] == 0) {
                continue;
            }
            for (int a = 0; a < d; a++) {
                double da = w[i * d + a] - m[a];
                for (int b = 0; b <= a; b++) {
                    c[a * d + b] += mult[i] * da * (w[i * d + b] - m[b]);
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                c[a * d + b] /= n;
            }
            c[a * d + a] += 1e-12;
        }
        // in-place Cholesky of the lower triangle
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                double s = c[a * d + b];
                for (int k = 0; k < b; k++) {
                    s -= c[a * d + k] * c[b * d + k];
                }
                if (a == b) {
                    if (!(s > 0)) {
                        return 1;
                    }
                    c[a * d + a] = Math.sqrt(s);
                } else {
                    c[a * d + b] = s / c[b * d + b];
                }
            }
        }
        double[] y = new double[d];
        double maxKept = 0;
        double maxOut = 0;
        for (int i = 0; i < n; i++) {
            double q = 0;
            for (int a = 0; a < d; a++) {
                double s = w[i * d + a] - m[a];
                for (int k = 0; k < a; k++) {
                    s -= c[a * d + k] * y[k];
                }
                y[a] = s / c[a * d + a];
                q += y[a] * y[a];
            }
            if (keep[i]) {
                maxKept = Math.max(maxKept, q);
            } else {
                maxOut = Math.max(maxOut, q);
            }
        }
        return maxKept > 0 ? Math.max(1, Math.sqrt(maxOut / maxKept)) : 1;
    }

    /** Sets the radius and picks the proposal envelope of smallest volume. */
    void setRadius(double radius2, double ellipsoidFactor, boolean union) {
        this.useUnion = union;
        if (!union) {
            r2 = Double.POSITIVE_INFINITY;
            re2 = Double.POSITIVE_INFINITY;
            method = CUBE;
            return;
        }
        r2 = Math.max(radius2, 1e-30);
        double maxNorm2 = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += w[i * d + k] * w[i * d + k];
            }
            maxNorm2 = Math.max(maxNorm2, s);
        }
        double r = Math.sqrt(r2);
        re = Math.min(Math.sqrt(maxNorm2) + r, Math.sqrt(maxNorm2) * ellipsoidFactor);
        re2 = re * re;
        // volumes in whitened units: the cube is 1/det C; a d-ball of radius r is V_d r^d with
        // ln V_d = (d/2) ln pi - ln Gamma(d/2 + 1) (-7.7 at d = 26, which the comparison must not drop)
        double logUnitBall = 0.5 * d * Math.log(Math.PI) - org.hipparchus.special.Gamma.logGamma(0.5 * d + 1);
        double logCube = -logDetChol;
        double logEll = logUnitBall + d * Math.log(re);
        double logBalls = logUnitBall + Math.log(n) + d * Math.log(r);
        if (logCube <= logEll && logCube <= logBalls) {
            method = CUBE;
        } else if (logEll <= logBalls) {
            method = ELLIPSOID;
        } else {
            method = BALLS;
        }
    }

    /** Whether a whitened point lies in the bootstrapped ellipsoid and in the union of balls. */
    boolean inUnion(double[] wv) {
        double nrm = 0;
        for (int k = 0; k < d; k++) {
            nrm += wv[k] * wv[k];
        }
        if (nrm > re2) {
            return false;
        }
        double r = Math.sqrt(r2) * (1 + 1e-9);
        double hiKey = wv[0] + r;
        for (int q = lowerBound(wv[0] - r); q < n && sortedKey[q] <= hiKey; q++) {
            int o = q * d;
            double s = 0;
            for (int k = 0; k < d; k++) {
                double t = wv[k] - sortedW[o + k];
                s += t * t;
                if (s > r2) {
                    break;
                }
            }
            if (s <= r2) {
                return true;
            }
        }
        return false;
    }

    /** Whether a ball before sorted position {@code q} (in the order of {@link #index}) contains {@code wv}. */
    private boolean withinEarlier(double[] wv, int q) {
        double r = Math.sqrt(r2) * (1 + 1e-9);
        for (int p = lowerBound(wv[0] - r); p < q; p++) {
            int o = p * d;
            double s = 0;
            for (int k = 0; k < d; k++) {
                double t = wv[k] - sortedW[o + k];
                s += t * t;
                if (s > r2) {
                    break;
                }
            }
            if (s <= r2) {
                return true;
            }
        }
        return false;
    }

    static boolean inCube(double[] u, int o, int d) {
        for (int k = 0; k < d; k++) {
            double x = u[o + k];
            if (!(x > 0 && x < 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Draws one point uniformly in (union of balls) intersected with the unit cube into {@code u[uo..uo+d)};
     * {@code wv} and {@code z} are scratch arrays of length d. Returns the number of envelope draws used.
     */
    long sample(UniformRandomProvider rng, ZigguratSampler.NormalizedGaussian gauss, double[] u, int uo,
                double[] wv, double[] z) {
        for (long attempt = 1; ; attempt++) {
            if (attempt > 100_000_000L) {
                throw new IllegalStateException("nested sampling: region sampling found no point in the unit cube "
                        + "after 1e8 draws (degenerate live points?)");
            }
            if (method == CUBE) {
                for (int k = 0; k < d; k++) {
                    u[uo + k] = rng.nextDouble();
                }
                if (!useUnion) {
                    if (inCube(u, uo, d)) {
                        return attempt;
                    }
                    continue;
                }
                whiten(u, uo, wv, 0);
                if (inCube(u, uo, d) && inUnion(wv)) {
                    return attempt;
                }
            } else if (method == ELLIPSOID) {
                ball(rng, gauss, z, re);
                System.arraycopy(z, 0, wv, 0, d);
                unwhiten(wv, u, uo);
                if (inCube(u, uo, d) && inUnion(wv)) {
                    return attempt;
                }
            } else {
                // a random ball (in the sorted order of index()), a uniform point in it, accepted when no ball
                // earlier in that order contains the point: every point of the union is then accepted through
                // exactly one ball, its first, so the accepted draws are uniform in the union (the same law as
                // accepting with probability 1/count) while the scan stops at the first ball that contains it
                int q = rng.nextInt(n);
                ball(rng, gauss, z, Math.sqrt(r2));
                for (int k = 0; k < d; k++) {
                    wv[k] = sortedW[q * d + k] + z[k];
                }
                unwhiten(wv, u, uo);
                if (!inCube(u, uo, d)) {
                    continue;
                }
                double nrm = 0;
                for (int k = 0; k < d; k++) {
                    nrm += wv[k] * wv[k];
                }
                if (nrm > re2) {
                    continue;
                }
                if (!withinEarlier(wv, q)) {
                    return attempt;
                }
            }
        }
    }

    /** Uniform point in the d-ball of radius r around 0. */
    private void ball(UniformRandomProvider rng, ZigguratSampler.NormalizedGaussian gauss, double[] z, double r) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            z[k] = gauss.sample();
            s += z[k] * z[k];
        }
        double scale = r * Math.pow(rng.nextDouble(), 1.0 / d) / Math.sqrt(s);
        for (int k = 0; k < d; k++) {
            z[k] *= scale;
        }
    }

    void write(DataOutputStream out) throws IOException {
        NestedEngine.writeArray(out, mean);
        NestedEngine.writeArray(out, chol);
        NestedEngine.writeArray(out, cholInv);
        out.writeDouble(logDetChol);
        NestedEngine.writeArray(out, w);
        out.writeDouble(r2);
        out.writeDouble(re);
        out.writeDouble(re2);
        out.writeInt(method);
        out.writeBoolean(useUnion);
    }

    void read(DataInputStream in) throws IOException {
        NestedEngine.readArray(in, mean);
        NestedEngine.readArray(in, chol);
        NestedEngine.readArray(in, cholInv);
        logDetChol = in.readDouble();
        NestedEngine.readArray(in, w);
        r2 = in.readDouble();
        re = in.readDouble();
        re2 = in.readDouble();
        method = in.readInt();
        useUnion = in.readBoolean();
    }
}
