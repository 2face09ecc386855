package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.function.Supplier;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;

/**
 * Rejection sampling from the MLFriends region ({@link Region}): exact independent draws uniform in the bound,
 * accepted when above the threshold. The region is rebuilt from the live points: whitening metric, bootstrapped
 * radius (Buchner 2016), clusters and their ellipsoids. Batch sizes follow the recent efficiency (about four
 * accepted points per batch expected), never the thread count.
 */
final class RegionRejection extends RejectionStep {

    private final int n;
    final Region region;
    private double[] dist;
    private int maxClusters;

    RegionRejection(StepContext ctx) {
        super(ctx);
        this.n = ctx.n();
        this.region = new Region(n, d);
    }

    @Override
    public String name() {
        return "rejection";
    }

    @Override
    public void rebuild(long rebuildId, double logX) {
        window.rebuild();
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
        double max = Region.robustRadius(r2);
        int k = region.split(region.cluster(dist, max));
        maxClusters = Math.max(maxClusters, k);
        region.setEllipsoids(k, max, rounds, r -> Rngs.stream(ctx.seed(), Streams.ELLIPSOID, rebuildId, r));
        region.setRadius(max, true);
    }

    @Override
    long streamKind() {
        return Streams.REJECT;
    }

    @Override
    Supplier<ProposalBatch.PointDraw> draws() {
        if (region.useUnion) {
            region.index();
        }
        return () -> {
            double[] wv = new double[d];
            double[] z = new double[d];
            return (r, g, u, uo) -> region.sample(r, g, u, uo, wv, z);
        };
    }

    /**
     * A raw draw in the union counts the balls covering it: at most a whitened distance (d multiply-adds) to each of
     * the n live points; a single-ellipsoid or cube draw is one d x d transform.
     */
    @Override
    double drawCost() {
        return region.useUnion ? (double) n * d : (double) d * d;
    }

    @Override
    public void replaced(int slot) {
        region.update(slot, ctx.live().u);
    }

    @Override
    public void diagnostics(RunResult.Builder b) {
        window.diagnostics(b, "rejectionCalls", "rejectionEfficiency", "regionDrawsPerProposal");
        b.diagnostic("clusters", region.clusters)
                .diagnostic("maxClusters", maxClusters);
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        window.write(out);
        out.writeInt(maxClusters);
        region.write(out);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        window.read(in);
        maxClusters = in.readInt();
        region.read(in);
    }
}
