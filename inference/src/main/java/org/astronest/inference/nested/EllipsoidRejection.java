package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.function.Supplier;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;

/**
 * Rejection sampling from tight ellipsoids ({@link Ellipsoids}, MultiNest's decomposition with the volume floor
 * X n_k / n), each epoch's union fixed between rebuilds so that every evaluation, accepted or not, goes into the
 * {@link ImportanceRecord} for the importance-sampled evidence. The union may cut the tips of a curved contour:
 * the plain nested-sampling estimate can then be biased, the importance-sampled one is not (docs/nested.md).
 */
final class EllipsoidRejection extends RejectionStep {

    /**
     * Uniform draws for the Monte Carlo volume of a rebuilt region (about 7% relative error), from at most 50 times as
     * many raw draws: a region keeping under 2% of its envelope's draws gets the high-side estimate (kept + 1) / raw.
     * With a budget of 10,000 times, a two-phase line fit (16 parameters, most of each envelope outside the cube)
     * spent minutes per run in this estimate alone.
     */
    private static final int VOLUME_DRAWS = 200;

    private Ellipsoids ellipsoids;
    private int epoch = -1;
    /** Monte Carlo ln volume of the current region (union ∩ cube). */
    private double currentLogRegion = Double.POSITIVE_INFINITY;
    private int maxEllipsoids;
    /** Rebuilds whose union was larger than the current one and so not taken. */
    private long kept;

    EllipsoidRejection(StepContext ctx) {
        super(ctx);
    }

    @Override
    public String name() {
        return "ellipsoids";
    }

    @Override
    public void rebuild(long rebuildId, double logX) {
        window.rebuild();
        Ellipsoids fitted = Ellipsoids.fit(ctx.live().u, ctx.n(), d, logX, ctx.options().bootstraps(),
                node -> Rngs.stream(ctx.seed(), Streams.ELLIPSOID_BOOT, rebuildId, node));
        // a rebuilt union is taken only when its region (inside the cube) does not grow: the old one held the old
        // contour, which holds the new one, so keeping it costs efficiency but never correctness (a near-singular
        // leaf can blow one fit up a thousandfold)
        double logRegion = fitted.logRegionVolume(Rngs.stream(ctx.seed(), Streams.ELLIPSOID_VOLUME, rebuildId),
                VOLUME_DRAWS, 50L * VOLUME_DRAWS);
        if (ellipsoids != null && logRegion > currentLogRegion) {
            kept++;
            return;
        }
        ellipsoids = fitted;
        currentLogRegion = logRegion;
        maxEllipsoids = Math.max(maxEllipsoids, ellipsoids.k);
        epoch = ctx.importance().newEpoch(ellipsoids);
    }

    @Override
    long streamKind() {
        return Streams.ELLIPSOID_REJECT;
    }

    @Override
    Supplier<ProposalBatch.PointDraw> draws() {
        Ellipsoids ell = ellipsoids;
        return () -> {
            double[] z = new double[d];
            return (r, g, u, uo) -> ell.sample(r, g, u, uo, z);
        };
    }

    /** Every evaluation goes into the importance record, accepted or not. */
    @Override
    void evaluated(double[] u, int uo, double logL) {
        ctx.importance().add(u, uo, logL, epoch);
    }

    @Override
    void drawn(long rawDraws) {
        ctx.importance().addDraws(epoch, rawDraws);
    }

    /** A raw draw tests the point against each ellipsoid: k quadratic forms of d^2 multiply-adds. */
    @Override
    double drawCost() {
        return (double) ellipsoids.k * d * d;
    }

    @Override
    public void diagnostics(RunResult.Builder b) {
        window.diagnostics(b, "ellipsoidCalls", "ellipsoidEfficiency", "ellipsoidDrawsPerProposal");
        b.diagnostic("maxEllipsoids", maxEllipsoids)
                .diagnostic("ellipsoidRebuildsKeptOld", kept);
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        window.write(out);
        out.writeInt(maxEllipsoids);
        out.writeLong(kept);
        out.writeInt(epoch);
        out.writeDouble(currentLogRegion);
    }

    /** Reads the counters; the current union is the record's epoch (the record section is read first). */
    @Override
    public void read(DataInputStream in) throws IOException {
        window.read(in);
        maxEllipsoids = in.readInt();
        kept = in.readLong();
        epoch = in.readInt();
        currentLogRegion = in.readDouble();
        if (epoch >= 0) {
            if (epoch >= ctx.importance().epochs() || ctx.importance().regions.get(epoch) == null) {
                throw new IOException("ellipsoid epoch " + epoch + " not in the importance record");
            }
            ellipsoids = ctx.importance().regions.get(epoch);
        }
    }
}
