package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;

/**
 * Rejection sampling from tight ellipsoids ({@link Ellipsoids}, MultiNest's decomposition with the volume floor
 * X n_k / n), each epoch's union fixed between rebuilds so that every evaluation, accepted or not, goes into the
 * {@link ImportanceRecord} for the importance-sampled evidence. The union may cut the tips of a curved contour:
 * the plain nested-sampling estimate can then be biased, the importance-sampled one is not (docs/nested.md).
 */
final class EllipsoidRejection implements ConstrainedStep {

    private static final int MAX_BATCH = 1 << 16;
    /** Uniform draws for the Monte Carlo volume of a rebuilt region (about 7% relative error). */
    private static final int VOLUME_DRAWS = 200;

    private final StepContext ctx;
    private final int d;
    private Ellipsoids ellipsoids;
    private int epoch = -1;
    /** Monte Carlo ln volume of the current region (union ∩ cube). */
    private double currentLogRegion = Double.POSITIVE_INFINITY;
    private long[] chunkDraws = new long[0];

    private long calls;
    private long accepted;
    private long draws;
    private int maxEllipsoids;
    /** Rebuilds whose union was larger than the current one and so not taken. */
    private long kept;
    private long prevCalls;
    private long prevAcc;
    private long windowCalls0;
    private long windowAcc0;

    EllipsoidRejection(StepContext ctx) {
        this.ctx = ctx;
        this.d = ctx.d();
    }

    @Override
    public String name() {
        return "ellipsoids";
    }

    @Override
    public void rebuild(long rebuildId, double logX) {
        prevCalls = calls - windowCalls0;
        prevAcc = accepted - windowAcc0;
        windowCalls0 = calls;
        windowAcc0 = accepted;
        Ellipsoids fitted = Ellipsoids.fit(ctx.live().u, ctx.n(), d, logX, ctx.options().bootstraps(),
                node -> Rngs.stream(ctx.seed(), Streams.ELLIPSOID_BOOT, rebuildId, node));
        // a rebuilt union is taken only when its region (inside the cube) does not grow: the old one held the old
        // contour, which holds the new one, so keeping it costs efficiency but never correctness (a near-singular
        // leaf can blow one fit up a thousandfold)
        double logRegion = fitted.logRegionVolume(Rngs.stream(ctx.seed(), Streams.ELLIPSOID_VOLUME, rebuildId),
                VOLUME_DRAWS, 10_000L * VOLUME_DRAWS);
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
        Ellipsoids ell = ellipsoids;
        ctx.pool().forEach(chunks, c -> {
            UniformRandomProvider r = Rngs.stream(ctx.seed(), Streams.ELLIPSOID_REJECT, batchId, c);
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(r);
            double[] z = new double[d];
            long nd = 0;
            for (int j = c * chunk; j < (c + 1) * chunk; j++) {
                nd += ell.sample(r, g, batch.u, j * d, z);
                batch.transform(j);
            }
            chunkDraws[c] = nd;
            batch.evaluate(c);
        });
        ImportanceRecord rec = ctx.importance();
        int acc = 0;
        long nd = 0;
        for (int j = 0; j < b; j++) {
            rec.add(batch.u, j * d, batch.logL[j], epoch);
            if (batch.logL[j] > lMin) {
                queue.add(batch.u, j * d, batch.logL[j]);
                acc++;
            }
        }
        for (int c = 0; c < chunks; c++) {
            nd += chunkDraws[c];
        }
        rec.addDraws(epoch, nd);
        draws += nd;
        calls += b;
        accepted += acc;
        return b;
    }

    @Override
    public void replaced(int slot) {
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
        b.diagnostic("ellipsoidCalls", calls)
                .diagnostic("ellipsoidEfficiency", calls == 0 ? Double.NaN : (double) accepted / calls)
                .diagnostic("ellipsoidDrawsPerProposal", calls == 0 ? Double.NaN : (double) draws / calls)
                .diagnostic("maxEllipsoids", maxEllipsoids)
                .diagnostic("ellipsoidRebuildsKeptOld", kept);
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeLong(calls);
        out.writeLong(accepted);
        out.writeLong(draws);
        out.writeInt(maxEllipsoids);
        out.writeLong(kept);
        out.writeLong(prevCalls);
        out.writeLong(prevAcc);
        out.writeLong(windowCalls0);
        out.writeLong(windowAcc0);
        out.writeInt(epoch);
        out.writeDouble(currentLogRegion);
    }

    /** Reads the counters; the current union is the record's epoch (the record section is read first). */
    @Override
    public void read(DataInputStream in) throws IOException {
        calls = in.readLong();
        accepted = in.readLong();
        draws = in.readLong();
        maxEllipsoids = in.readInt();
        kept = in.readLong();
        prevCalls = in.readLong();
        prevAcc = in.readLong();
        windowCalls0 = in.readLong();
        windowAcc0 = in.readLong();
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
