package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.priors.PriorSet;

/**
 * Slice-sampling chains (Neal 2003, Ann. Stat. 31, 705) from random live points, alternating isotropic directions
 * in the live points' whitened metric (PolyChord, Handley, Hobson &amp; Lasenby 2015) with differential directions
 * between two live points (Buchner 2022, arXiv:2211.09426), {@code sliceSteps} steps per new point. The chains
 * move in the Gaussianised cube z = Phi^-1(u) (see {@link #chain}). One chain per new point, {@code batch} chains
 * per batch; the interval width adapts between batches.
 */
final class SliceStep implements ConstrainedStep {

    private static final NormalDistribution STD_NORMAL = NormalDistribution.of(0, 1);

    private final StepContext ctx;
    private final InferenceProblem problem;
    private final PriorSet priors;
    private final int n;
    private final int d;
    private final int fullDim;
    private final Whitening metric;
    /** Calibrates {@link #steps} from the chains' jumps, or holds it fixed. */
    private final ChainLength length;
    /**
     * The live points in the Gaussianised cube, z = Phi^-1(u), kept in step with the live points once the step has
     * been used (the chains' start points, differential directions and metric read it); derived from the live
     * points, so a checkpoint stores only whether it exists.
     */
    private double[] liveZ;

    private double scale = 1.0;
    private long chains;
    private long calls;

    SliceStep(StepContext ctx) {
        this.ctx = ctx;
        this.problem = ctx.problem();
        this.priors = problem.priors();
        this.n = ctx.n();
        this.d = ctx.d();
        this.fullDim = priors.size();
        this.metric = new Whitening(d);
        this.length = ctx.options().sliceSteps() > 0 ? ChainLength.fixed(ctx.sliceSteps())
                : ChainLength.calibrated(d, ctx.sliceSteps());
    }

    @Override
    public String name() {
        return "slice";
    }

    /** Slice steps per new point now (calibrated or fixed). */
    int steps() {
        return length.steps();
    }

    @Override
    public void rebuild(long rebuildId, double logX) {
        if (liveZ == null) {
            gaussianiseAll();
        }
        metric.fit(liveZ, n);
    }

    @Override
    public long fill(double lMin, long batchId, ProposalQueue queue) {
        return fill(lMin, batchId, queue, -1);
    }

    /**
     * Chains started from live points of cluster {@code cluster} (all live points when negative), their
     * differential directions between two points of that cluster, so that a chain keeps to its mode.
     */
    @Override
    public long fill(double lMin, long batchId, ProposalQueue queue, int cluster) {
        LivePoints live = ctx.live();
        final int[] members = cluster < 0 ? null : members(live, cluster);
        // a cluster's batch in proportion to its live points: its points are used only for its own removals, and a
        // small mode's leftovers fall below the threshold before it loses another point
        int b = members == null ? ctx.options().batch()
                : Math.max(1, (int) Math.ceil(ctx.options().batch() * (double) members.length / n));
        ProposalBatch batch = ctx.batch();
        batch.ensure(ProposalBatch.roundUp(b, batch.chunk));
        // start points: live points strictly above the threshold
        int[] starts = new int[n];
        int ns = 0;
        for (int i = 0; i < n; i++) {
            if (live.logL[i] > lMin && (cluster < 0 || live.cluster[i] == cluster)) {
                starts[ns++] = i;
            }
        }
        // a cluster with at least half the live points moves and calibrates the chain length in the whole live set's
        // metric, as without clusters; a smaller one moves in its own metric (PolyChord: per-cluster covariances)
        // and does not calibrate: in the whole set's metric its chains look as if they do not move, and in its own
        // the jumps met the target at a quarter of the steps that rosenbrock10d's x10 needs (docs/nested.md,
        // "Clusters with their own volumes")
        final boolean calibrate = members == null || 2 * members.length >= n;
        final Whitening w = calibrate || members.length <= d + 1 ? metric : clusterMetric(members);
        final int nStarts = ns;
        final double width = scale;
        final int steps = length.steps();
        final long[] stats = new long[3 * b]; // calls, step-outs, shrinks per chain
        // per chain: jumps in space and in likelihood level, at half and at all the steps (ChainLength)
        final double[] jumps = new double[ChainLength.PER_CHAIN * b];
        final double[] levels = new double[ns];
        for (int i = 0; i < ns; i++) {
            levels[i] = live.logL[starts[i]];
        }
        Arrays.sort(levels);
        ctx.pool().forEach(b, c -> {
            UniformRandomProvider r = Rngs.stream(ctx.seed(), Streams.SLICE, batchId, c);
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(r);
            int s = starts[r.nextInt(nStarts)];
            chain(r, g, s, lMin, width, steps, c, stats, jumps, levels, members, w);
        });
        if (calibrate) {
            length.record(jumps, b);
        }
        long spent = 0;
        long out = 0;
        long shrink = 0;
        for (int c = 0; c < b; c++) {
            spent += stats[3 * c];
            out += stats[3 * c + 1];
            shrink += stats[3 * c + 2];
            queue.add(batch.u, c * d, batch.logL[c], cluster);
        }
        calls += spent;
        chains += b;
        // scale adaptation: balance stepping-out and shrinking (Neal 2003 sec. 4: the width should be of the
        // order of the slice size)
        if (out > shrink) {
            scale *= 1.1;
        } else if (out < shrink) {
            scale /= 1.1;
        }
        return spent;
    }

    /**
     * Moves every live point along a slice chain above {@code lMin} (the chains of {@link #fill}, chain c from live
     * slot c), in rounds while the length calibration grows, each round continuing from where the last one ended;
     * the moved points replace their slots with birth contour {@code lMin}. Slice chains keep the uniform
     * distribution above the threshold, so the live points stay a sample of it, and they lose what the step before
     * could not reach: tight ellipsoids that cut the tips of a curved contour leave live points without those tips,
     * and chains started from such points would carry the gap on (rosenbrock10d's x10, docs/nested.md).
     */
    @Override
    public long takeOver(double lMin) {
        if (liveZ == null) {
            gaussianiseAll();
        }
        LivePoints live = ctx.live();
        ProposalBatch batch = ctx.batch();
        batch.ensure(ProposalBatch.roundUp(n, batch.chunk));
        long spent = 0;
        for (int round = 0; ; round++) {
            metric.fit(liveZ, n);
            final int steps = length.steps();
            final double width = scale;
            final long[] stats = new long[3 * n];
            final double[] jumps = new double[ChainLength.PER_CHAIN * n];
            final double[] levels = live.logL.clone();
            Arrays.sort(levels);
            final long r0 = round;
            ctx.pool().forEach(n, c -> {
                UniformRandomProvider r = Rngs.stream(ctx.seed(), Streams.SLICE_TAKEOVER, r0, c);
                ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(r);
                chain(r, g, c, lMin, width, steps, c, stats, jumps, levels, null, metric);
            });
            length.record(jumps, n);
            for (int c = 0; c < n; c++) {
                spent += stats[3 * c];
                live.set(c, batch.u, c * d, batch.logL[c], lMin);
                gaussianise(c);
            }
            if (length.steps() <= steps) {
                break;
            }
        }
        calls += spent;
        return spent;
    }

    /**
     * One slice-sampling chain from live point s, result in batch slot c. The chain moves in the Gaussianised cube
     * z = Phi^-1(u) (each unit-cube coordinate mapped through the standard normal quantile), where a point uniform
     * in {u : L > lMin} has density proportional to prod phi(z_k) on {L > lMin}; slice sampling (Neal 2003) targets
     * that density, so the slice is {t : sum z_k^2 / 2 < -log y} intersected with {L > lMin}, and the Gaussian part
     * is checked before the likelihood is called. In z a Normal prior is the identity map and a smooth prior is
     * locally linear, whereas in u a coefficient sitting 6 prior sds from zero lives within 1e-9 of a cube face and
     * its linear correlations become power-law ridges (diamonds: slice chains in u left ln Z 13 sigma low). The
     * start point, a live point above lMin, is a draw from the target, so the chain is stationary from its start.
     */
    private void chain(UniformRandomProvider r, ZigguratSampler.NormalizedGaussian g, int s, double lMin,
                       double scale, int steps, int c, long[] stats, double[] jumps, double[] levels,
                       int[] members, Whitening w) {
        ProposalBatch batch = ctx.batch();
        LivePoints live = ctx.live();
        double[] x = new double[d];
        double[] y = new double[d];
        double[] z = new double[d];
        double[] v = new double[d];
        double[] uy = new double[d];
        double[] theta = new double[fullDim];
        double[] lOut = new double[1];
        System.arraycopy(liveZ, s * d, x, 0, d);
        System.arraycopy(live.u, s * d, batch.u, c * d, d);
        double lx = live.logL[s];
        long nCalls = 0;
        long nOut = 0;
        long nShrink = 0;
        double[] start = x.clone();
        double q0 = quantile(levels, lx);
        int jo = ChainLength.PER_CHAIN * c;
        for (int step = 0; step < steps; step++) {
            if (step == steps / 2) {
                jumps[jo] = squaredJump(w, start, x);
                jumps[jo + 1] = levelJump(q0, quantile(levels, lx));
            }
            double width;
            if ((step & 1) == 1 && (members == null || members.length > 1)) {
                // differential direction: the difference of two random live points, width |v| (the "differential"
                // direction of UltraNest's step samplers, Buchner 2022; an interval that can span two modes, so
                // within a cluster both points come from it)
                int a;
                int b;
                do {
                    a = members == null ? r.nextInt(n) : members[r.nextInt(members.length)];
                    b = members == null ? r.nextInt(n) : members[r.nextInt(members.length)];
                } while (a == b);
                for (int k = 0; k < d; k++) {
                    v[k] = liveZ[a * d + k] - liveZ[b * d + k];
                }
                width = 1.0;
            } else {
                // random direction, isotropic in the space whitened by the live points' covariance in z (PolyChord)
                double norm = 0;
                for (int k = 0; k < d; k++) {
                    z[k] = g.sample();
                    norm += z[k] * z[k];
                }
                norm = Math.sqrt(norm);
                for (int k = 0; k < d; k++) {
                    z[k] /= norm;
                }
                w.direction(z, v);
                width = scale;
            }
            boolean adapt = width == scale;
            double xx = dot(x, x);
            // log of the slice height: log density at x minus an Exp(1) variate
            double logY = -0.5 * xx - (-Math.log(1.0 - r.nextDouble()));
            double xv = dot(x, v);
            double vv = dot(v, v);
            double left = -r.nextDouble() * width;
            double right = left + width;
            for (int m = 0; m < 64; m++) {
                int in = inSlice(x, v, left, xx, xv, vv, logY, lMin, y, uy, theta, lOut);
                nCalls += in >> 1;
                if ((in & 1) == 0) {
                    break;
                }
                left -= width;
                if (adapt) {
                    nOut++;
                }
            }
            for (int m = 0; m < 64; m++) {
                int in = inSlice(x, v, right, xx, xv, vv, logY, lMin, y, uy, theta, lOut);
                nCalls += in >> 1;
                if ((in & 1) == 0) {
                    break;
                }
                right += width;
                if (adapt) {
                    nOut++;
                }
            }
            for (int m = 0; m < 1000; m++) {
                double t = left + r.nextDouble() * (right - left);
                int in = inSlice(x, v, t, xx, xv, vv, logY, lMin, y, uy, theta, lOut);
                nCalls += in >> 1;
                if ((in & 1) == 1) {
                    System.arraycopy(y, 0, x, 0, d);
                    System.arraycopy(uy, 0, batch.u, c * d, d);
                    lx = lOut[0];
                    break;
                }
                if (adapt) {
                    nShrink++;
                }
                if (t < 0) {
                    left = t;
                } else {
                    right = t;
                }
                if (right - left < 1e-12 * width) {
                    break;
                }
            }
        }
        batch.logL[c] = lx;
        jumps[jo + 2] = squaredJump(w, start, x);
        jumps[jo + 3] = levelJump(q0, quantile(levels, lx));
        stats[3 * c] = nCalls;
        stats[3 * c + 1] = nOut;
        stats[3 * c + 2] = nShrink;
    }

    /** The whitening of the Gaussianised live points {@code members}. */
    private Whitening clusterMetric(int[] members) {
        double[] z = new double[members.length * d];
        for (int q = 0; q < members.length; q++) {
            System.arraycopy(liveZ, members[q] * d, z, q * d, d);
        }
        Whitening w = new Whitening(d);
        w.fit(z, members.length);
        return w;
    }

    /** The live slots of cluster {@code cluster}, in slot order. */
    private static int[] members(LivePoints live, int cluster) {
        int m = 0;
        for (int c : live.cluster) {
            m += c == cluster ? 1 : 0;
        }
        int[] out = new int[m];
        m = 0;
        for (int i = 0; i < live.n; i++) {
            if (live.cluster[i] == cluster) {
                out[m++] = i;
            }
        }
        return out;
    }

    /** |C^-1 (b - a)|^2 / 2d in the whitened metric w (1 on average for two independent points it was fitted to). */
    private double squaredJump(Whitening w, double[] a, double[] b) {
        return w.squaredDistance(a, b) / (2.0 * d);
    }

    /** Fraction of the sorted {@code levels} below l, ties counted half (uniform for a point like the live ones). */
    private static double quantile(double[] levels, double l) {
        int lo = 0;
        int hi = levels.length;
        while (lo < hi) { // first index with levels >= l
            int m = (lo + hi) >>> 1;
            if (levels[m] < l) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        int eq = lo;
        while (eq < levels.length && levels[eq] == l) {
            eq++;
        }
        return (lo + 0.5 * (eq - lo)) / levels.length;
    }

    /** 6 (q1 - q0)^2: 1 on average for two independent uniform quantiles, 0 for a chain that kept its level. */
    private static double levelJump(double q0, double q1) {
        return 6.0 * (q1 - q0) * (q1 - q0);
    }

    /**
     * Whether x + t v is inside the slice: bit 0 set when inside, bit 1 set when the likelihood was evaluated. On
     * the way it leaves the point in {@code y} (z), {@code uy} (unit cube) and its log-likelihood in {@code lOut[0]}.
     */
    private int inSlice(double[] x, double[] v, double t, double xx, double xv, double vv, double logY, double lMin,
                        double[] y, double[] uy, double[] theta, double[] lOut) {
        if (!(-0.5 * (xx + 2 * t * xv + t * t * vv) > logY)) {
            return 0;
        }
        for (int k = 0; k < d; k++) {
            y[k] = x[k] + t * v[k];
            uy[k] = fromGauss(y[k]);
        }
        if (!Region.inCube(uy, 0, d)) {
            return 0; // beyond the doubles next to 0 or 1: outside the cube the prior transform can represent
        }
        priors.fromUnit(uy, theta);
        double l = problem.logLikelihood(theta);
        lOut[0] = l;
        return l > lMin ? 3 : 2;
    }

    private void gaussianiseAll() {
        liveZ = new double[n * d];
        for (int i = 0; i < n; i++) {
            gaussianise(i);
        }
    }

    private void gaussianise(int slot) {
        double[] u = ctx.live().u;
        for (int k = slot * d; k < (slot + 1) * d; k++) {
            liveZ[k] = toGauss(u[k]);
        }
    }

    @Override
    public void replaced(int slot) {
        if (liveZ != null) {
            gaussianise(slot);
        }
    }

    /** Standard normal quantile of a unit-cube coordinate, accurate on both sides (1 - u is exact for u >= 0.5). */
    static double toGauss(double u) {
        return u <= 0.5 ? STD_NORMAL.inverseCumulativeProbability(u)
                : -STD_NORMAL.inverseCumulativeProbability(1.0 - u);
    }

    /** Standard normal distribution function; 0 or 1 once the tail is below the doubles next to them. */
    static double fromGauss(double z) {
        return z <= 0 ? STD_NORMAL.cumulativeProbability(z) : 1.0 - STD_NORMAL.cumulativeProbability(-z);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    @Override
    public long calls() {
        return calls;
    }

    @Override
    public long accepted() {
        return chains;
    }

    @Override
    public double efficiency() {
        return (chains + 1.0) / (calls + 2.0);
    }

    @Override
    public void diagnostics(RunResult.Builder b) {
        length.diagnostics(b);
        b.diagnostic("sliceCalls", calls)
                .diagnostic("sliceChains", chains)
                .diagnostic("sliceScale", scale);
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeDouble(scale);
        out.writeLong(chains);
        out.writeLong(calls);
        out.writeBoolean(liveZ != null);
        metric.write(out);
        length.write(out);
    }

    /** Reads the section; the live points must have been read before (the Gaussianised copy is rebuilt from them). */
    @Override
    public void read(DataInputStream in) throws IOException {
        scale = in.readDouble();
        chains = in.readLong();
        calls = in.readLong();
        boolean started = in.readBoolean();
        metric.read(in);
        length.read(in);
        liveZ = null;
        if (started) {
            gaussianiseAll();
        }
    }
}
