package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;

/**
 * Rejection sampling from the MLFriends region ({@link Region}): exact independent draws uniform in the bound,
 * accepted when above the threshold. The region is rebuilt from the live points: whitening metric, bootstrapped
 * radius (Buchner 2016), clusters and their ellipsoids. Batch sizes follow the recent efficiency (about four
 * accepted points per batch expected), never the thread count.
 */
final class RegionRejection implements ConstrainedStep {

    private static final int MAX_BATCH = 1 << 16;

    private final StepContext ctx;
    private final int n;
    private final int d;
    final Region region;
    private double[] dist;
    private long[] chunkDraws = new long[0];

    private long calls;
    private long accepted;
    private long draws;
    private int maxClusters;
    /** Calls and accepted points of the last complete rebuild window, and the counters when the current began. */
    private long prevCalls;
    private long prevAcc;
    private long windowCalls0;
    private long windowAcc0;

    RegionRejection(StepContext ctx) {
        this.ctx = ctx;
        this.n = ctx.n();
        this.d = ctx.d();
        this.region = new Region(n, d);
    }

    @Override
    public String name() {
        return "rejection";
    }

    @Override
    public void rebuild(long rebuildId, double logX) {
        prevCalls = calls - windowCalls0;
        prevAcc = accepted - windowAcc0;
        windowCalls0 = calls;
        windowAcc0 = accepted;
        region.setMetric(ctx.live().u);
        if (ctx.options().bound() == NestedSampler.Bound.CUBE) {
            region.setRadius(0, false);
            return;
        }
        if (dist == null) {
            dist = new double[n * n];
        }
        ctx.pool().forEach(n, row -> region.computeDistances(dist, row));
        int rounds = ctx.options().bootstraps();
        double[] r2 = new double[rounds];
        ctx.pool().forEach(rounds, k -> r2[k] = region.bootstrapRound(dist,
                Rngs.stream(ctx.seed(), Streams.BOOT, rebuildId, k), new boolean[n]));
        // the radius is the maximum over rounds (Buchner 2016), except rounds more than 3 times (in distance) above
        // the median round: those are rounds that left out every point of a small mode, whose radius is the
        // distance between modes and would make the region the whole prior (eggbox2d with ~5 points in its
        // corner modes); the points of such a mode still carry balls of the typical radius
        double[] sorted = r2.clone();
        Arrays.sort(sorted);
        double median = sorted[rounds / 2];
        double max = 0;
        for (int k = 0; k < rounds; k++) {
            if (r2[k] <= 9 * median) {
                max = Math.max(max, r2[k]);
            }
        }
        int k = region.split(region.cluster(dist, max));
        maxClusters = Math.max(maxClusters, k);
        region.setEllipsoids(k, max, rounds, r -> Rngs.stream(ctx.seed(), Streams.ELLIPSOID, rebuildId, r));
        region.setRadius(max, true);
    }

    @Override
    public long fill(double lMin, long batchId, ProposalQueue queue) {
        ProposalBatch batch = ctx.batch();
        int chunk = batch.chunk;
        long want = (long) Math.ceil(4.0 / efficiency());
        int b = (int) Math.min(MAX_BATCH, Math.max(ctx.options().batch(), want));
        b = ProposalBatch.roundUp(b, chunk);
        batch.ensure(b);
        int chunks = b / chunk;
        if (chunkDraws.length < chunks) {
            chunkDraws = new long[chunks];
        }
        if (region.useUnion) {
            region.index();
        }
        ctx.pool().forEach(chunks, c -> {
            UniformRandomProvider r = Rngs.stream(ctx.seed(), Streams.REJECT, batchId, c);
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(r);
            double[] wv = new double[d];
            double[] z = new double[d];
            long nd = 0;
            for (int j = c * chunk; j < (c + 1) * chunk; j++) {
                nd += region.sample(r, g, batch.u, j * d, wv, z);
                batch.transform(j);
            }
            chunkDraws[c] = nd;
            batch.evaluate(c);
        });
        int acc = 0;
        for (int j = 0; j < b; j++) {
            if (batch.logL[j] > lMin) {
                queue.add(batch.u, j * d, batch.logL[j]);
                acc++;
            }
        }
        for (int c = 0; c < chunks; c++) {
            draws += chunkDraws[c];
        }
        calls += b;
        accepted += acc;
        return b;
    }

    @Override
    public void replaced(int slot) {
        region.update(slot, ctx.live().u);
    }

    @Override
    public long calls() {
        return calls;
    }

    @Override
    public long accepted() {
        return accepted;
    }

    /** Acceptance rate over the last complete and the current rebuild window (add-one smoothed). */
    @Override
    public double efficiency() {
        return (prevAcc + accepted - windowAcc0 + 1.0) / (prevCalls + calls - windowCalls0 + 2.0);
    }

    @Override
    public void diagnostics(RunResult.Builder b) {
        b.diagnostic("rejectionCalls", calls)
                .diagnostic("rejectionEfficiency", calls == 0 ? Double.NaN : (double) accepted / calls)
                .diagnostic("regionDrawsPerProposal", calls == 0 ? Double.NaN : (double) draws / calls)
                .diagnostic("clusters", region.clusters)
                .diagnostic("maxClusters", maxClusters);
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeLong(calls);
        out.writeLong(accepted);
        out.writeLong(draws);
        out.writeInt(maxClusters);
        out.writeLong(prevCalls);
        out.writeLong(prevAcc);
        out.writeLong(windowCalls0);
        out.writeLong(windowAcc0);
        region.write(out);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        calls = in.readLong();
        accepted = in.readLong();
        draws = in.readLong();
        maxClusters = in.readInt();
        prevCalls = in.readLong();
        prevAcc = in.readLong();
        windowCalls0 = in.readLong();
        windowAcc0 = in.readLong();
        region.read(in);
    }
}
