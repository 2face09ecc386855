package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.StateCodec;

/**
 * A fixed union of ellipsoids in the unit cube, fitted to live points by recursive 2-means splitting (the
 * ellipsoidal decomposition of MultiNest: Feroz &amp; Hobson 2008, MNRAS 384, 449; Feroz, Hobson &amp; Bridges 2009,
 * MNRAS 398, 1601, sec. 5.1): each cluster's ellipsoid is the covariance ellipsoid scaled to hold all its members,
 * enlarged by a bootstrap over its members, and never smaller than {@link #ENLARGE} times its share of the expected
 * prior volume, {@code X n_k / n} (MultiNest's volume floor with {@code efr = 1 / ENLARGE}). A cluster is split in
 * two (2-means) when the decompositions of the two halves take less volume than its own ellipsoid.
 *
 * <p>Draws are exactly uniform in (union ∩ cube): an ellipsoid is chosen in proportion to its volume, a point
 * uniform in it is kept only when no ellipsoid numbered before it holds the point (each point of the union has one
 * way in, through its first ellipsoid) and when it lies in the cube. Because the union stays fixed between
 * rebuilds, its density is known at any point, which is what the importance-sampled evidence
 * ({@link ImportanceEvidence}) needs.
 */
final class Ellipsoids implements StateCodec.Part {

    /** Volume floor factor over the expected share X n_k / n (dynesty's default {@code enlarge}, 1.25). */
    static final double ENLARGE = 1.25;

    final int d;
    int k;
    /** Centres (k x d), factors A with x = c + A z for |z| &lt;= 1 and their inverses (k x d x d, lower). */
    double[] centre = new double[0];
    double[] factor = new double[0];
    double[] inverse = new double[0];
    double[] logVol = new double[0];
    /** Bounding-ball radius^2 of every ellipsoid (largest squared semi-axis), a cheap prefilter. */
    double[] reach2 = new double[0];
    private double[] cum = new double[0];
    /** ln of the sum of the volumes (an upper bound on the union's volume). */
    double logVolSum;

    Ellipsoids(int d) {
        this.d = d;
    }

    /**
     * Fits the union to the first {@code n} points of {@code u} (n x d) with expected remaining prior volume
     * {@code exp(logX)}; {@code rounds} bootstrap rounds per tree node, node k drawing from {@code streams.apply(k)}.
     */
    static Ellipsoids fit(double[] u, int n, int d, double logX, int rounds,
                          LongFunction<UniformRandomProvider> streams) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        List<double[]> parts = new ArrayList<>();
        Fitter f = new Fitter(u, n, d, logX, rounds, streams);
        f.decompose(all, f.ellipsoid(all), parts);
        Ellipsoids e = new Ellipsoids(d);
        e.allocate(parts.size());
        for (int c = 0; c < e.k; c++) {
            double[] p = parts.get(c);
            System.arraycopy(p, 0, e.centre, c * d, d);
            System.arraycopy(p, d, e.factor, c * d * d, d * d);
            e.finishOne(c);
        }
        e.finishVolumes();
        return e;
    }

    /**
     * The union of {@code centres.length / d} ellipsoids {@code x = c + A z, |z| <= 1}, with lower-triangular
     * factors A (d x d row-major each) in {@code factors}.
     */
    static Ellipsoids of(int d, double[] centres, double[] factors) {
        Ellipsoids e = new Ellipsoids(d);
        e.allocate(centres.length / d);
        System.arraycopy(centres, 0, e.centre, 0, centres.length);
        System.arraycopy(factors, 0, e.factor, 0, factors.length);
        for (int c = 0; c < e.k; c++) {
            e.finishOne(c);
        }
        e.finishVolumes();
        return e;
    }

    private void allocate(int count) {
        k = count;
        centre = new double[k * d];
        factor = new double[k * d * d];
        inverse = new double[k * d * d];
        logVol = new double[k];
        reach2 = new double[k];
        cum = new double[k];
    }

    private void finishOne(int c) {
        int o = c * d * d;
        double[] a = Arrays.copyOfRange(factor, o, o + d * d);
        Whitening.invertLowerInto(a, d, inverse, o);
        double lv = logUnitBall(d);
        for (int i = 0; i < d; i++) {
            lv += Math.log(a[i * d + i]);
        }
        logVol[c] = lv;
        // the largest semi-axis is at most the Frobenius norm of A
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        reach2[c] = s;
    }

    private void finishVolumes() {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logVol) {
            max = Math.max(max, v);
        }
        double acc = 0;
        for (int c = 0; c < k; c++) {
            acc += Math.exp(logVol[c] - max);
            cum[c] = acc;
        }
        for (int c = 0; c < k; c++) {
            cum[c] /= acc;
        }
        logVolSum = max + Math.log(acc);
    }

    static double logUnitBall(int d) {
        return 0.5 * d * Math.log(Math.PI) - org.hipparchus.special.Gamma.logGamma(0.5 * d + 1);
    }

    /** Whether ellipsoid {@code c} holds {@code x[xo..xo+d)}. */
    boolean contains(int c, double[] x, int xo) {
        int co = c * d;
        double r2 = 0;
        for (int a = 0; a < d; a++) {
            double t = x[xo + a] - centre[co + a];
            r2 += t * t;
        }
        if (r2 > reach2[c]) {
            return false;
        }
        int lo = c * d * d;
        double q = 0;
        for (int a = 0; a < d; a++) {
            double s = 0;
            for (int b = 0; b <= a; b++) {
                s += inverse[lo + a * d + b] * (x[xo + b] - centre[co + b]);
            }
            q += s * s;
            if (q > 1) {
                return false;
            }
        }
        return true;
    }

    /** Whether an ellipsoid numbered below {@code upTo} holds the point. */
    boolean containedBefore(int upTo, double[] x, int xo) {
        for (int c = 0; c < upTo; c++) {
            if (contains(c, x, xo)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the union holds the point. */
    boolean inUnion(double[] x, int xo) {
        return containedBefore(k, x, xo);
    }

    /**
     * Draws one point uniformly in (union ∩ unit cube) into {@code u[uo..uo+d)}; {@code z} is scratch of length d.
     * Returns the number of raw draws (ellipsoid points) it took, rejected ones included.
     */
    long sample(UniformRandomProvider rng, ZigguratSampler.NormalizedGaussian gauss, double[] u, int uo, double[] z) {
        for (long attempt = 1; attempt <= CUBE_FALLBACK; attempt++) {
            if (draw(rng, gauss, u, uo, z)) {
                return attempt;
            }
        }
        // the envelope lies almost wholly outside the cube: draw in the cube and keep points in the union. Either way
        // the point is uniform in (union ∩ cube), so the mixture of the two ways is too.
        for (long attempt = CUBE_FALLBACK + 1; ; attempt++) {
            if (attempt > 100_000_000L) {
                throw new IllegalStateException("nested sampling: ellipsoid sampling found no point in the unit "
                        + "cube after 1e8 draws (degenerate live points?)");
            }
            for (int a = 0; a < d; a++) {
                u[uo + a] = rng.nextDouble();
            }
            if (inUnion(u, uo)) {
                return attempt;
            }
        }
    }

    /**
     * Raw ellipsoid draws before {@link #sample} draws in the cube instead. A union kept from the live points holds
     * a sizeable part of the cube's share of its envelope, so this many failures in a row (probability e^-100 at a
     * kept fraction of 1e-3) mean an envelope mostly outside the cube: a two-phase line fit with 40 live points
     * (16 parameters) kept no point in 1e8 envelope draws, while its union holds points of the cube.
     */
    static final long CUBE_FALLBACK = 100_000L;

    /**
     * One raw draw: an ellipsoid chosen in proportion to its volume, a point uniform in it; true when the point is
     * kept (in the cube, and in no ellipsoid numbered before the chosen one).
     */
    private boolean draw(UniformRandomProvider rng, ZigguratSampler.NormalizedGaussian gauss, double[] u, int uo,
                         double[] z) {
        int c = 0;
        double pick = rng.nextDouble();
        while (c < k - 1 && cum[c] < pick) {
            c++;
        }
        double s = 0;
        for (int a = 0; a < d; a++) {
            z[a] = gauss.sample();
            s += z[a] * z[a];
        }
        double scale = Math.pow(rng.nextDouble(), 1.0 / d) / Math.sqrt(s);
        int lo = c * d * d;
        for (int a = 0; a < d; a++) {
            double v = centre[c * d + a];
            for (int b = 0; b <= a; b++) {
                v += factor[lo + a * d + b] * z[b] * scale;
            }
            u[uo + a] = v;
        }
        return Region.inCube(u, uo, d) && !containedBefore(c, u, uo);
    }

    /**
     * Monte Carlo ln volume of (union ∩ cube): {@code accepted} uniform draws by {@link #sample}, the envelope volume
     * times the fraction of raw draws kept, from at most {@code maxRaw} raw draws. The envelope alone can be mostly
     * outside the cube (a posterior against a prior bound), so comparing unions by it is wrong.
     */
    double logRegionVolume(UniformRandomProvider rng, int accepted, long maxRaw) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] x = new double[d];
        double[] z = new double[d];
        long raw = 0;
        int kept = 0;
        while (kept < accepted && raw < maxRaw) {
            raw++;
            if (draw(rng, g, x, 0, z)) {
                kept++;
            }
        }
        // a region that keeps fewer than `accepted` of maxRaw draws: (kept + 1) / raw, an estimate on the high side
        return logVolSum + Math.log((kept < accepted ? kept + 1.0 : kept) / raw);
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(k);
        StateCodec.writeArray(out, centre);
        StateCodec.writeArray(out, factor);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 1 || count > 1_000_000) {
            throw new IOException("ellipsoid count " + count);
        }
        allocate(count);
        StateCodec.readArray(in, centre);
        StateCodec.readArray(in, factor);
        for (int c = 0; c < k; c++) {
            finishOne(c);
        }
        finishVolumes();
    }

    /** The recursive decomposition; an ellipsoid is {@code [centre (d), factor A (d x d)]} with ln volume last. */
    private static final class Fitter {
        private final double[] u;
        private final int n;
        private final int d;
        private final double logX;
        private final int rounds;
        private final LongFunction<UniformRandomProvider> streams;
        /** Tree nodes fitted so far: node k draws its bootstrap from {@code streams.apply(k)}. */
        private long node;

        Fitter(double[] u, int n, int d, double logX, int rounds, LongFunction<UniformRandomProvider> streams) {
            this.u = u;
            this.n = n;
            this.d = d;
            this.logX = logX;
            this.rounds = rounds;
            this.streams = streams;
        }

        /**
         * Bounding ellipsoid of the members: covariance shape (a 1e-12 relative ridge keeps it regular), scaled to
         * hold every member, then enlarged by a bootstrap (as the cluster ellipsoids of {@link Region}; Buchner 2016
         * sec. 3 for the radius): in each of {@code rounds} rounds the members are resampled with replacement, and
         * the enlargement is sqrt(largest left-out Mahalanobis^2 / largest kept) under the kept points' own mean and
         * covariance, the maximum over rounds and at least 1. Small clusters, whose ellipsoid is the least sure,
         * get the most room; this is what keeps the decomposition from tiling a curved contour with ellipsoids
         * that leave gaps. The volume is at least {@code ENLARGE X m / n}. Returns {@code [centre, A, ln volume]}.
         */
        double[] ellipsoid(int[] mem) {
            int m = mem.length;
            double[] out = new double[d + d * d + 1];
            double[] c = new double[d];
            double[] l = new double[d * d];
            double[] inv = new double[d * d];
            int[] ones = new int[m];
            Arrays.fill(ones, 1);
            if (!moments(mem, ones, c, l)) {
                double maxVar = 0;
                for (int a = 0; a < d; a++) {
                    double s = 0;
                    for (int i : mem) {
                        s += (u[i * d + a] - c[a]) * (u[i * d + a] - c[a]);
                    }
                    maxVar = Math.max(maxVar, s / Math.max(1, m - 1));
                }
                Arrays.fill(l, 0);
                for (int a = 0; a < d; a++) {
                    l[a * d + a] = Math.sqrt(Math.max(maxVar, 1e-24));
                }
            }
            Whitening.invertLowerInto(l, d, inv, 0);
            double qmax = 0;
            for (int i : mem) {
                qmax = Math.max(qmax, mahalanobis2(i, c, inv));
            }
            double factor2 = 1;
            if (rounds > 0 && m >= d + 1) {
                UniformRandomProvider rng = streams.apply(node++);
                int[] mult = new int[m];
                double[] bc = new double[d];
                double[] bl = new double[d * d];
                double[] binv = new double[d * d];
                for (int r = 0; r < rounds; r++) {
                    Arrays.fill(mult, 0);
                    for (int t = 0; t < m; t++) {
                        mult[rng.nextInt(m)]++;
                    }
                    if (!moments(mem, mult, bc, bl)) {
                        continue;
                    }
                    Whitening.invertLowerInto(bl, d, binv, 0);
                    double kept = 0;
                    double left = 0;
                    for (int j = 0; j < m; j++) {
                        double q = mahalanobis2(mem[j], bc, binv);
                        if (mult[j] > 0) {
                            kept = Math.max(kept, q);
                        } else {
                            left = Math.max(left, q);
                        }
                    }
                    if (kept > 0) {
                        factor2 = Math.max(factor2, left / kept);
                    }
                }
            }
            double logDet = 0;
            for (int a = 0; a < d; a++) {
                logDet += Math.log(l[a * d + a]);
            }
            double lv = logUnitBall(d) + logDet + 0.5 * d * Math.log(Math.max(qmax * factor2, 1e-300));
            double floor = logX + Math.log((double) m / n) + Math.log(ENLARGE);
            lv = Math.max(lv, floor);
            double scale = Math.exp((lv - logUnitBall(d) - logDet) / d);
            System.arraycopy(c, 0, out, 0, d);
            for (int a = 0; a < d * d; a++) {
                out[d + a] = l[a] * scale;
            }
            out[d + d * d] = lv;
            return out;
        }

        /**
         * Mean and Cholesky factor of the covariance of the members weighted by {@code mult} (parallel to mem),
         * with a ridge of 1e-12 of the largest variance; false when singular.
         */
        private boolean moments(int[] mem, int[] mult, double[] c, double[] l) {
            Arrays.fill(c, 0);
            Arrays.fill(l, 0);
            int total = 0;
            for (int j = 0; j < mem.length; j++) {
                total += mult[j];
                for (int a = 0; a < d; a++) {
                    c[a] += mult[j] * u[mem[j] * d + a];
                }
            }
            for (int a = 0; a < d; a++) {
                c[a] /= total;
            }
            for (int j = 0; j < mem.length; j++) {
                if (mult[j] == 0) {
                    continue;
                }
                int o = mem[j] * d;
                for (int a = 0; a < d; a++) {
                    double da = u[o + a] - c[a];
                    for (int b = 0; b <= a; b++) {
                        l[a * d + b] += mult[j] * da * (u[o + b] - c[b]);
                    }
                }
            }
            double maxVar = 0;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    l[a * d + b] /= Math.max(1, total - 1);
                }
                maxVar = Math.max(maxVar, l[a * d + a]);
            }
            if (!(maxVar > 0)) {
                return false;
            }
            for (int a = 0; a < d; a++) {
                l[a * d + a] += 1e-12 * maxVar;
            }
            return Whitening.choleskyInPlace(l, d);
        }

        private double mahalanobis2(int i, double[] c, double[] inv) {
            double q = 0;
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int b = 0; b <= a; b++) {
                    s += inv[a * d + b] * (u[i * d + b] - c[b]);
                }
                q += s * s;
            }
            return q;
        }

        /**
         * Appends the leaves of the best split of {@code mem} (with ellipsoid {@code e}): both 2-means halves are
         * decomposed in turn, and their leaves replace the parent when they take less volume in total. Looking
         * down the whole tree (rather than one level) splits a lattice of modes, where halving the lattice saves
         * no volume but isolating the modes does (eggbox2d). Returns the ln volume of the appended leaves.
         */
        double decompose(int[] mem, double[] e, List<double[]> out) {
            double parent = e[d + d * d];
            if (mem.length >= 2 * (d + 1)) {
                // 2-means in the cube's coordinates and in those whitened by the node's ellipsoid; the partition
                // whose two ellipsoids take less volume goes on. Whitening alone fails two modes far apart along
                // one axis (the whitened gap is then no larger than the scatter across it); cube coordinates alone
                // fail clusters whose scales differ widely between axes
                int[][] halves = null;
                double[] ea = null;
                double[] eb = null;
                double best = Double.POSITIVE_INFINITY;
                for (boolean whiten : new boolean[] {false, true}) {
                    int[][] h = twoMeans(mem, e, whiten);
                    if (h == null) {
                        continue;
                    }
                    double[] a = ellipsoid(h[0]);
                    double[] b = ellipsoid(h[1]);
                    double v = logAdd(a[d + d * d], b[d + d * d]);
                    if (v < best) {
                        best = v;
                        halves = h;
                        ea = a;
                        eb = b;
                    }
                }
                if (halves != null) {
                    int mark = out.size();
                    double va = decompose(halves[0], ea, out);
                    double vb = decompose(halves[1], eb, out);
                    double sum = logAdd(va, vb);
                    if (sum < parent) {
                        return sum;
                    }
                    out.subList(mark, out.size()).clear();
                }
            }
            out.add(e);
            return parent;
        }

        private static double logAdd(double a, double b) {
            return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
        }

        /**
         * 2-means of the members relative to the node's centre, in the cube's coordinates or (whiten) in those of
         * the node's ellipsoid, started from the member farthest from the centre and the member farthest from that
         * one; null when a half has fewer than d + 1 members.
         */
        private int[][] twoMeans(int[] mem, double[] e, boolean whiten) {
            int m = mem.length;
            double[] inv = null;
            if (whiten) {
                inv = new double[d * d];
                Whitening.invertLowerInto(Arrays.copyOfRange(e, d, d + d * d), d, inv, 0);
            }
            double[] w = new double[m * d];
            for (int j = 0; j < m; j++) {
                int i = mem[j];
                for (int p = 0; p < d; p++) {
                    if (!whiten) {
                        w[j * d + p] = u[i * d + p] - e[p];
                        continue;
                    }
                    double s = 0;
                    for (int q = 0; q <= p; q++) {
                        s += inv[p * d + q] * (u[i * d + q] - e[q]);
                    }
                    w[j * d + p] = s;
                }
            }
            int first = farthest(w, m, new double[d]);
            double[] ca = Arrays.copyOfRange(w, first * d, first * d + d);
            int second = farthest(w, m, ca);
            double[] cb = Arrays.copyOfRange(w, second * d, second * d + d);
            int[] side = new int[m];
            for (int iter = 0; iter < 100; iter++) {
                boolean changed = false;
                for (int j = 0; j < m; j++) {
                    int s = dist2(w, j * d, cb) < dist2(w, j * d, ca) ? 1 : 0;
                    changed |= s != side[j] || iter == 0;
                    side[j] = s;
                }
                if (!changed) {
                    break;
                }
                centroid(w, side, 0, ca);
                centroid(w, side, 1, cb);
            }
            int nb = 0;
            for (int s : side) {
                nb += s;
            }
            int na = m - nb;
            if (na < d + 1 || nb < d + 1) {
                return null;
            }
            int[] ma = new int[na];
            int[] mb = new int[nb];
            na = 0;
            nb = 0;
            for (int j = 0; j < m; j++) {
                if (side[j] == 0) {
                    ma[na++] = mem[j];
                } else {
                    mb[nb++] = mem[j];
                }
            }
            return new int[][] {ma, mb};
        }

        private int farthest(double[] w, int m, double[] from) {
            int best = 0;
            double far = -1;
            for (int j = 0; j < m; j++) {
                double s = dist2(w, j * d, from);
                if (s > far) {
                    far = s;
                    best = j;
                }
            }
            return best;
        }

        private double dist2(double[] w, int o, double[] c) {
            double s = 0;
            for (int p = 0; p < d; p++) {
                double t = w[o + p] - c[p];
                s += t * t;
            }
            return s;
        }

        private void centroid(double[] w, int[] side, int which, double[] out) {
            Arrays.fill(out, 0);
            int count = 0;
            for (int j = 0; j < side.length; j++) {
                if (side[j] == which) {
                    count++;
                    for (int p = 0; p < d; p++) {
                        out[p] += w[j * d + p];
                    }
                }
            }
            for (int p = 0; p < d; p++) {
                out[p] /= Math.max(1, count);
            }
        }
    }
}
