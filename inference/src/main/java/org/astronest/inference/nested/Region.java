package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.StateCodec;

/**
 * The MLFriends region (Buchner 2016, 2019): live points whitened by their covariance ({@link Whitening},
 * {@code u = mean + C w}), a union of balls of radius {@code R} around every whitened live point, the points grouped
 * into clusters ({@link #cluster}, {@link #split}) and the union intersected with one bootstrapped ellipsoid per
 * cluster ({@link #setEllipsoids}). Holds flat arrays only; the whitened live points are kept up to date as points
 * are replaced.
 *
 * <p>Exact uniform proposals inside the bound (intersected with the unit cube) come from the smallest of three
 * envelopes: the unit cube (accept when inside the bound), the cluster ellipsoids (one chosen in proportion to its
 * volume, accepted when no earlier ellipsoid contains the point and the balls do) or a random ball of the union
 * (accept when it is the first ball, in a fixed order, that contains the point: the law of accepting with
 * probability 1/(number of balls containing the point), at the cost of a scan that stops early). Not thread-safe
 * for updates; concurrent {@link #sample} calls are fine.
 */
final class Region {

    static final int CUBE = 0;
    static final int ELLIPSOID = 1;
    static final int BALLS = 2;
    /**
     * A cluster is split in two when the children's bounding ellipsoids together take less than this fraction of
     * its own (MultiNest's criterion compares the same sums, Feroz et al. 2009 sec. 5.2). At 0.8 the ellipsoids cut
     * into the contour: loggamma10d came out 3.1 errors high (docs/nested.md); at 0.5 it is within 1 error.
     */
    static final double SPLIT_RATIO = 0.5;
    /**
     * A split must also separate its parts: Ashman's D at least this. The two 2-means halves of one Gaussian have
     * D = 2.7 (centroids at +-0.80 sd, spreads 0.60 sd), and splitting such clouds by the volume rule alone cut into
     * the contours (corrgauss10d and loggamma10d 2-6 errors high at 100 live points); modes 10 sd apart have D = 10.
     */
    static final double MIN_SEPARATION = 4;

    final int n;
    final int d;
    /** The live points' metric: {@code u = mean + C w}. */
    final Whitening metric;
    /** Whitened live points, n x d row-major. */
    final double[] w;
    /** Squared ball radius (whitened units); +infinity for the plain cube bound. */
    double r2 = Double.POSITIVE_INFINITY;
    int method = CUBE;
    /** Whether the union test applies (false for the plain cube bound). */
    boolean useUnion;

    /** Cluster label of every live slot (MLFriends connected components, {@link #cluster}); 0 before the first. */
    final int[] label;
    /** Number of clusters, each with its bounding ellipsoid; 0 until the first {@link #setEllipsoids}. */
    int clusters;
    /** Per-cluster ellipsoids in whitened space: centre (k x d), Cholesky factor of the shape and its inverse (k x d x d). */
    private double[] ellMean = new double[0];
    private double[] ellChol = new double[0];
    private double[] ellInv = new double[0];
    /** Squared Mahalanobis radius and ln volume (whitened units) of every cluster ellipsoid. */
    private double[] ellRho2 = new double[0];
    private double[] ellLogVol = new double[0];
    /** Cumulative volume fractions for choosing an ellipsoid in proportion to its volume. */
    private double[] ellCum = new double[0];

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
        this.metric = new Whitening(d);
        this.w = new double[n * d];
        this.label = new int[n];
    }

    /** Recomputes the metric (mean, covariance, Cholesky factor) from the live points, and whitens them. */
    void setMetric(double[] liveU) {
        metric.fit(liveU, n);
        for (int i = 0; i < n; i++) {
            metric.whiten(liveU, i * d, w, i * d);
        }
    }

    /** {@code out[oo..] = C^-1 (u[uo..] - mean)}. */
    void whiten(double[] u, int uo, double[] out, int oo) {
        metric.whiten(u, uo, out, oo);
    }

    /** {@code u[uo..] = mean + C w}. */
    void unwhiten(double[] wv, double[] u, int uo) {
        metric.unwhiten(wv, u, uo);
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
     * MLFriends clustering (Buchner 2019 sec. 2.2; UltraNest's {@code update_clusters}): two live points are friends
     * when their whitened distance is at most the bootstrapped radius, and clusters are the connected components of
     * that graph, numbered in the order of their lowest slot (no randomness: the same for any thread count). Writes
     * {@link #label} from a filled distance matrix and returns the number of clusters.
     */
    int cluster(double[] dist, double radius2) {
        java.util.Arrays.fill(label, -1);
        int[] stack = new int[n];
        int k = 0;
        for (int s = 0; s < n; s++) {
            if (label[s] >= 0) {
                continue;
            }
            label[s] = k;
            int top = 0;
            stack[top++] = s;
            while (top > 0) {
                int i = stack[--top];
                int o = i * n;
                for (int j = 0; j < n; j++) {
                    if (label[j] < 0 && dist[o + j] <= radius2) {
                        label[j] = k;
                        stack[top++] = j;
                    }
                }
            }
            k++;
        }
        return mergeSmall(dist, k);
    }

    /**
     * Gives the points of every cluster with fewer than d + 1 members to the large cluster of their nearest large-
     * cluster point, and renumbers. Stray points a little farther than R from the rest are not modes: left as
     * clusters of their own they would be missing from the main cluster's ellipsoid, which then cuts the contour
     * beside them (corrgauss10d at 100 live points: 2-3 stray clusters per rebuild, ln Z 1-2.6 errors high).
     */
    private int mergeSmall(double[] dist, int k) {
        int[] count = new int[k];
        for (int i = 0; i < n; i++) {
            count[label[i]]++;
        }
        boolean anyLarge = false;
        for (int c = 0; c < k; c++) {
            anyLarge |= count[c] >= d + 1;
        }
        if (!anyLarge) {
            java.util.Arrays.fill(label, 0);
            return 1;
        }
        int[] target = label.clone();
        for (int i = 0; i < n; i++) {
            if (count[label[i]] >= d + 1) {
                continue;
            }
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (count[label[j]] >= d + 1 && dist[i * n + j] < best) {
                    best = dist[i * n + j];
                    target[i] = label[j];
                }
            }
        }
        // components that are not separated from their nearest neighbour component (Ashman's D below the split
        // threshold) are one mode cut by a gap in the live points, not two modes: merged, they share one ellipsoid
        // (unmerged, corrgauss10d at 100 live points came out 2-3.5 errors high: each part's ellipsoid cut the
        // contour between them)
        for (boolean merged = true; merged; ) {
            merged = false;
            for (int a = 0; a < k && !merged; a++) {
                int[] ma = membersOf(target, a);
                if (ma.length == 0) {
                    continue;
                }
                for (int b = a + 1; b < k; b++) {
                    int[] mb = membersOf(target, b);
                    if (mb.length > 0 && ashmanD(ma, mb) < MIN_SEPARATION) {
                        for (int i : mb) {
                            target[i] = a;
                        }
                        merged = true;
                        break;
                    }
                }
            }
        }
        int[] renumber = new int[k];
        java.util.Arrays.fill(renumber, -1);
        int m = 0;
        for (int i = 0; i < n; i++) {
            int c = target[i];
            if (renumber[c] < 0) {
                renumber[c] = m++;
            }
            label[i] = renumber[c];
        }
        return m;
    }

    /**
     * Splits clusters by 2-means while their two bounding ellipsoids together take less than half the volume of
     * the one they replace: the ellipsoidal partitioning of MultiNest (Feroz, Hobson &amp; Bridges 2009 sec. 5.2,
     * split when the sum of the children's volumes is well below the parent's), here on top of the MLFriends
     * components, which cannot separate modes whose gap is below the ball radius (loggamma10d's four modes at 500
     * live points: radius ~3 whitened units, one component). Each part must keep d + 1 members; the 2-means
     * start from the member farthest from the cluster's mean and the member farthest from that one (no
     * randomness). Rewrites {@link #label} and returns the new number of clusters.
     */
    int split(int nClusters) {
        int k = nClusters;
        int[] members = new int[n];
        int[] side = new int[n];
        double[] ca = new double[d];
        double[] cb = new double[d];
        for (int c = 0; c < k && k < n / (d + 1); c++) {
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (label[i] == c) {
                    members[m++] = i;
                }
            }
            if (m < 2 * (d + 1)) {
                continue;
            }
            int[] mem = java.util.Arrays.copyOf(members, m);
            double parent = logBoundingVolume(mem);
            // 2-means from d + 1 starts (the two mutually farthest members; the halves on either side of the mean
            // along each whitened axis), keeping the partition of least within-part sum of squares
            double bestSs = Double.POSITIVE_INFINITY;
            int[] trial = new int[n];
            for (int start = 0; start <= d; start++) {
                if (start == 0) {
                    centroid(mem, null, 0, ca);
                    int a = farthest(mem, ca);
                    System.arraycopy(w, a * d, ca, 0, d);
                    int b = farthest(mem, ca);
                    System.arraycopy(w, b * d, cb, 0, d);
                } else {
                    centroid(mem, null, 0, ca);
                    double axisMean = ca[start - 1];
                    for (int i : mem) {
                        trial[i] = w[i * d + start - 1] > axisMean ? 1 : 0;
                    }
                    centroid(mem, trial, 0, ca);
                    centroid(mem, trial, 1, cb);
                }
                double ss = twoMeans(mem, trial, ca, cb);
                if (ss < bestSs) {
                    bestSs = ss;
                    for (int i : mem) {
                        side[i] = trial[i];
                    }
                }
            }
            int na = 0;
            for (int i : mem) {
                na += side[i] == 0 ? 1 : 0;
            }
            int nb = m - na;
            if (na < d + 1 || nb < d + 1) {
                continue;
            }
            int[] ma = new int[na];
            int[] mb = new int[nb];
            na = 0;
            nb = 0;
            for (int i : mem) {
                if (side[i] == 0) {
                    ma[na++] = i;
                } else {
                    mb[nb++] = i;
                }
            }
            if (ashmanD(ma, mb) < MIN_SEPARATION) {
                continue;
            }
            double va = logBoundingVolume(ma);
            double vb = logBoundingVolume(mb);
            double sum = Math.max(va, vb) + Math.log1p(Math.exp(-Math.abs(va - vb)));
            if (sum < parent + Math.log(SPLIT_RATIO)) {
                for (int i : mb) {
                    label[i] = k;
                }
                k++;
                c--; // try to split the first part again
            }
        }
        return k;
    }

    private int[] membersOf(int[] labels, int c) {
        int m = 0;
        for (int v : labels) {
            m += v == c ? 1 : 0;
        }
        int[] out = new int[m];
        m = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] == c) {
                out[m++] = i;
            }
        }
        return out;
    }

    /**
     * Ashman's D of two groups along the line through their centroids (Ashman, Bird &amp; Zepf 1994, AJ 108, 2348):
     * sqrt(2) |m_a - m_b| / sqrt(s_a^2 + s_b^2) of the projections.
     */
    private double ashmanD(int[] ma, int[] mb) {
        double[] ca = new double[d];
        double[] cb = new double[d];
        centroid(ma, null, 0, ca);
        centroid(mb, null, 0, cb);
        double[] dir = new double[d];
        double norm = 0;
        for (int k = 0; k < d; k++) {
            dir[k] = cb[k] - ca[k];
            norm += dir[k] * dir[k];
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0)) {
            return 0;
        }
        double va = projectedVariance(ma, ca, dir, norm);
        double vb = projectedVariance(mb, cb, dir, norm);
        return Math.sqrt(2) * norm / Math.sqrt(va + vb);
    }

    private double projectedVariance(int[] mem, double[] centre, double[] dir, double norm) {
        double s = 0;
        for (int i : mem) {
            double t = 0;
            for (int k = 0; k < d; k++) {
                t += (w[i * d + k] - centre[k]) * dir[k];
            }
            t /= norm;
            s += t * t;
        }
        return s / (mem.length - 1);
    }

    /** Lloyd iterations of 2-means from centres ca, cb; assignment into {@code side}; returns the sum of squares. */
    private double twoMeans(int[] mem, int[] side, double[] ca, double[] cb) {
        for (int iter = 0; iter < 50; iter++) {
            boolean changed = false;
            for (int i : mem) {
                int sd = dist2(w, i * d, cb) < dist2(w, i * d, ca) ? 1 : 0;
                if (sd != side[i] || iter == 0) {
                    changed |= sd != side[i];
                    side[i] = sd;
                }
            }
            if (!changed && iter > 0) {
                break;
            }
            centroid(mem, side, 0, ca);
            centroid(mem, side, 1, cb);
        }
        double ss = 0;
        for (int i : mem) {
            ss += dist2(w, i * d, side[i] == 0 ? ca : cb);
        }
        return ss;
    }

    private double dist2(double[] x, int xo, double[] y) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double t = x[xo + k] - y[k];
            s += t * t;
        }
        return s;
    }

    private int farthest(int[] mem, double[] from) {
        int best = mem[0];
        double far = -1;
        for (int i : mem) {
            double s = dist2(w, i * d, from);
            if (s > far) {
                far = s;
                best = i;
            }
        }
        return best;
    }

    /** Mean of the members (with {@code side[i] == which} when side is given) into {@code out}. */
    private void centroid(int[] mem, int[] side, int which, double[] out) {
        java.util.Arrays.fill(out, 0);
        int count = 0;
        for (int i : mem) {
            if (side == null || side[i] == which) {
                count++;
                for (int k = 0; k < d; k++) {
                    out[k] += w[i * d + k];
                }
            }
        }
        for (int k = 0; k < d; k++) {
            out[k] /= Math.max(1, count);
        }
    }

    /**
     * ln volume (whitened units, without the unit-ball constant) of the smallest covariance-shaped ellipsoid around
     * the members' mean that holds all of them; +infinity when their covariance is singular.
     */
    private double logBoundingVolume(int[] mem) {
        int[] ones = new int[n];
        for (int i : mem) {
            ones[i] = 1;
        }
        double[] m = new double[d];
        double[] l = new double[d * d];
        if (!moments(mem, ones, m, l)) {
            return Double.POSITIVE_INFINITY;
        }
        double[] inv = new double[d * d];
        Whitening.invertLowerInto(l, d, inv, 0);
        double qmax = 0;
        double logDet = 0;
        for (int i : mem) {
            qmax = Math.max(qmax, mahalanobis2(w, i * d, m, 0, inv, 0));
        }
        for (int k = 0; k < d; k++) {
            logDet += Math.log(l[k * d + k]);
        }
        return logDet + 0.5 * d * Math.log(qmax);
    }

    /**
     * One bounding ellipsoid per cluster in whitened space (as MultiNest's and UltraNest's per-cluster ellipsoids,
     * Feroz et al. 2009; Buchner 2019 sec. 2.2): the shape is the cluster's covariance, the radius the largest
     * Mahalanobis distance of a member times a bootstrapped enlargement: in each of {@code rounds} rounds the
     * members are resampled with replacement, and the enlargement is sqrt(largest left-out distance^2 / largest
     * kept distance^2) under the kept points' own mean and covariance, the maximum over rounds and at least 1.
     * A cluster with fewer than d + 1 members, or whose covariance is singular, gets a ball of radius (largest
     * member distance from its mean + R), which contains every ball of the cluster and so cuts nothing.
     * {@code radius2} is the squared ball radius R^2.
     */
    void setEllipsoids(int nClusters, double radius2, int rounds,
                       java.util.function.IntFunction<UniformRandomProvider> rngOf) {
        allocateEllipsoids(nClusters);
        int[] count = new int[nClusters];
        for (int i = 0; i < n; i++) {
            count[label[i]]++;
        }
        int[][] members = new int[nClusters][];
        for (int c = 0; c < nClusters; c++) {
            members[c] = new int[count[c]];
        }
        int[] fill = new int[nClusters];
        for (int i = 0; i < n; i++) {
            int c = label[i];
            members[c][fill[c]++] = i;
        }
        double[] factor = new double[nClusters];
        java.util.Arrays.fill(factor, 1);
        int[] mult = new int[n];
        double[] m = new double[d];
        double[] l = new double[d * d];
        double[] inv = new double[d * d];
        for (int r = 0; r < rounds; r++) {
            UniformRandomProvider rng = rngOf.apply(r);
            for (int c = 0; c < nClusters; c++) {
                int[] mem = members[c];
                if (mem.length < d + 1) {
                    continue;
                }
                for (int i : mem) {
                    mult[i] = 0;
                }
                for (int t = 0; t < mem.length; t++) {
                    mult[mem[rng.nextInt(mem.length)]]++;
                }
                if (!moments(mem, mult, m, l)) {
                    continue;
                }
                Whitening.invertLowerInto(l, d, inv, 0);
                double maxKept = 0;
                double maxOut = 0;
                for (int i : mem) {
                    double q = mahalanobis2(w, i * d, m, 0, inv, 0);
                    if (mult[i] > 0) {
                        maxKept = Math.max(maxKept, q);
                    } else {
                        maxOut = Math.max(maxOut, q);
                    }
                }
                if (maxKept > 0) {
                    factor[c] = Math.max(factor[c], Math.sqrt(maxOut / maxKept));
                }
            }
        }
        double logUnitBall = logUnitBall();
        int[] ones = new int[n];
        for (int c = 0; c < nClusters; c++) {
            int[] mem = members[c];
            for (int i : mem) {
                ones[i] = 1;
            }
            boolean shaped = mem.length >= d + 1 && moments(mem, ones, m, l);
            System.arraycopy(m, 0, ellMean, c * d, d);
            if (!shaped) {
                java.util.Arrays.fill(m, 0);
                for (int i : mem) {
                    for (int k = 0; k < d; k++) {
                        m[k] += w[i * d + k] / mem.length;
                    }
                }
                System.arraycopy(m, 0, ellMean, c * d, d);
                java.util.Arrays.fill(l, 0);
                for (int k = 0; k < d; k++) {
                    l[k * d + k] = 1;
                }
            }
            System.arraycopy(l, 0, ellChol, c * d * d, d * d);
            Whitening.invertLowerInto(l, d, ellInv, c * d * d);
            double qmax = 0;
            for (int i : mem) {
                qmax = Math.max(qmax, mahalanobis2(w, i * d, ellMean, c * d, ellInv, c * d * d));
            }
            double rho = shaped ? Math.sqrt(qmax) * factor[c] : Math.sqrt(qmax) + Math.sqrt(radius2);
            double logDet = 0;
            for (int k = 0; k < d; k++) {
                logDet += Math.log(l[k * d + k]);
            }
            // the ball around the cluster's mean that holds every ball of the cluster bounds it at no cost to the
            // region; an ellipsoid larger than that ball (a small or flat cluster whose bootstrap enlargement blew
            // up) is replaced by it
            double reach = 0;
            for (int i : mem) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    double t = w[i * d + k] - ellMean[c * d + k];
                    s += t * t;
                }
                reach = Math.max(reach, s);
            }
            double sphere = Math.sqrt(reach) + Math.sqrt(radius2);
            if (shaped && d * Math.log(rho) + logDet > d * Math.log(sphere)) {
                java.util.Arrays.fill(l, 0);
                for (int k = 0; k < d; k++) {
                    l[k * d + k] = 1;
                }
                System.arraycopy(l, 0, ellChol, c * d * d, d * d);
                Whitening.invertLowerInto(l, d, ellInv, c * d * d);
                rho = sphere;
                logDet = 0;
            }
            ellRho2[c] = rho * rho;
            ellLogVol[c] = logUnitBall + d * Math.log(rho) + logDet;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : ellLogVol) {
            max = Math.max(max, v);
        }
        double acc = 0;
        for (int c = 0; c < nClusters; c++) {
            acc += Math.exp(ellLogVol[c] - max);
            ellCum[c] = acc;
        }
        for (int c = 0; c < nClusters; c++) {
            ellCum[c] /= acc;
        }
        ellLogSum = max + Math.log(acc);
    }

    private void allocateEllipsoids(int k) {
        clusters = k;
        ellMean = new double[k * d];
        ellChol = new double[k * d * d];
        ellInv = new double[k * d * d];
        ellRho2 = new double[k];
        ellLogVol = new double[k];
        ellCum = new double[k];
    }

    /** ln of the sum of the cluster ellipsoids' volumes (an upper bound on their union's volume). */
    private double ellLogSum;

    /**
     * Weighted mean and Cholesky factor of the covariance (weights {@code mult}, only of {@code mem}) of whitened
     * points, into {@code m} and the lower triangle of {@code l}; false when singular.
     */
    private boolean moments(int[] mem, int[] mult, double[] m, double[] l) {
        java.util.Arrays.fill(m, 0);
        java.util.Arrays.fill(l, 0);
        int total = 0;
        for (int i : mem) {
            if (mult[i] == 0) {
                continue;
            }
            total += mult[i];
            for (int k = 0; k < d; k++) {
                m[k] += mult[i] * w[i * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            m[k] /= total;
        }
        for (int i : mem) {
            if (mult[i] == 0) {
                continue;
            }
            for (int a = 0; a < d; a++) {
                double da = w[i * d + a] - m[a];
                for (int b = 0; b <= a; b++) {
                    l[a * d + b] += mult[i] * da * (w[i * d + b] - m[b]);
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                l[a * d + b] /= total;
            }
            l[a * d + a] += 1e-12;
        }
        return Whitening.choleskyInPlace(l, d);
    }

    /** |L^-1 (x - m)|^2 with L^-1 given (lower triangular, at offset lo). */
    private double mahalanobis2(double[] x, int xo, double[] m, int mo, double[] inv, int lo) {
        double q = 0;
        for (int a = 0; a < d; a++) {
            double s = 0;
            for (int k = 0; k <= a; k++) {
                s += inv[lo + a * d + k] * (x[xo + k] - m[mo + k]);
            }
            q += s * s;
        }
        return q;
    }

    private double logUnitBall() {
        return Ellipsoids.logUnitBall(d);
    }

    /** Whether a whitened point lies in cluster ellipsoid {@code c}. */
    private boolean inEllipsoid(double[] wv, int c) {
        return mahalanobis2(wv, 0, ellMean, c * d, ellInv, c * d * d) <= ellRho2[c];
    }

    /** Whether a whitened point lies in an ellipsoid numbered below {@code upTo}. */
    private boolean inEllipsoids(double[] wv, int upTo) {
        for (int c = 0; c < upTo; c++) {
            if (inEllipsoid(wv, c)) {
                return true;
            }
        }
        return false;
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
     * One bootstrap round on a filled distance matrix; returns the squared radius of that round.
     */
    double bootstrapRound(double[] dist, UniformRandomProvider rng, boolean[] keep) {
        java.util.Arrays.fill(keep, false);
        for (int k = 0; k < n; k++) {
            keep[rng.nextInt(n)] = true;
        }
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
     * The squared radius from bootstrap rounds {@code r2}: the maximum over rounds (Buchner 2016), except rounds more
     * than 3 times (in distance) above the median round: those are rounds that left out every point of a small mode,
     * whose radius is the distance between modes and would make the region the whole prior (eggbox2d with ~5 points
     * in its corner modes); the points of such a mode still carry balls of the typical radius.
     */
    static double robustRadius(double[] r2) {
        double[] sorted = r2.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[r2.length / 2];
        double max = 0;
        for (double v : r2) {
            if (v <= 9 * median) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    /**
     * Sets the ball radius and picks the proposal envelope of smallest volume; with {@code union} the cluster
     * ellipsoids must have been set ({@link #setEllipsoids}) for this radius.
     */
    void setRadius(double radius2, boolean union) {
        this.useUnion = union;
        if (!union) {
            r2 = Double.POSITIVE_INFINITY;
            method = CUBE;
            return;
        }
        r2 = Math.max(radius2, 1e-30);
        // volumes in whitened units: the cube is 1/det C; a d-ball of radius r is V_d r^d with
        // ln V_d = (d/2) ln pi - ln Gamma(d/2 + 1) (-7.7 at d = 26, which the comparison must not drop)
        double logCube = -metric.logDetChol;
        double logBalls = logUnitBall() + Math.log(n) + 0.5 * d * Math.log(r2);
        if (logCube <= ellLogSum && logCube <= logBalls) {
            method = CUBE;
        } else if (ellLogSum <= logBalls) {
            method = ELLIPSOID;
        } else {
            method = BALLS;
        }
    }

    /** Whether a whitened point lies in a cluster ellipsoid and in the union of balls. */
    boolean inUnion(double[] wv) {
        return inEllipsoids(wv, clusters) && inBalls(wv);
    }

    /** Whether a whitened point lies in the union of balls. */
    private boolean inBalls(double[] wv) {
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
                // an ellipsoid chosen in proportion to its volume, a uniform point in it, accepted when no ellipsoid
                // numbered before it contains the point (uniform in their union by the same first-cover rule)
                int c = 0;
                double pick = rng.nextDouble();
                while (c < clusters - 1 && ellCum[c] < pick) {
                    c++;
                }
                ball(rng, gauss, z, Math.sqrt(ellRho2[c]));
                int lo = c * d * d;
                for (int a = 0; a < d; a++) {
                    double s = ellMean[c * d + a];
                    for (int k = 0; k <= a; k++) {
                        s += ellChol[lo + a * d + k] * z[k];
                    }
                    wv[a] = s;
                }
                if (inEllipsoids(wv, c)) {
                    continue;
                }
                unwhiten(wv, u, uo);
                if (inCube(u, uo, d) && inBalls(wv)) {
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
                if (!inEllipsoids(wv, clusters)) {
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
        metric.write(out);
        StateCodec.writeArray(out, w);
        out.writeDouble(r2);
        out.writeInt(method);
        out.writeBoolean(useUnion);
        out.writeInt(clusters);
        for (int v : label) {
            out.writeInt(v);
        }
        StateCodec.writeArray(out, ellMean);
        StateCodec.writeArray(out, ellChol);
        StateCodec.writeArray(out, ellInv);
        StateCodec.writeArray(out, ellRho2);
        StateCodec.writeArray(out, ellLogVol);
        StateCodec.writeArray(out, ellCum);
        out.writeDouble(ellLogSum);
    }

    void read(DataInputStream in) throws IOException {
        metric.read(in);
        StateCodec.readArray(in, w);
        r2 = in.readDouble();
        method = in.readInt();
        useUnion = in.readBoolean();
        clusters = in.readInt();
        for (int i = 0; i < n; i++) {
            label[i] = in.readInt();
        }
        allocateEllipsoids(clusters);
        StateCodec.readArray(in, ellMean);
        StateCodec.readArray(in, ellChol);
        StateCodec.readArray(in, ellInv);
        StateCodec.readArray(in, ellRho2);
        StateCodec.readArray(in, ellLogVol);
        StateCodec.readArray(in, ellCum);
        ellLogSum = in.readDouble();
    }
}
