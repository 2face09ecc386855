package org.astronest.inference.nested;

import java.util.function.Supplier;

/**
 * What every rejection step shares: draw a batch of points uniformly from the step's bound (one stream per chunk,
 * {@link ProposalBatch#drawAndEvaluate}), evaluate them through the batch likelihood, queue those above the threshold
 * in batch order, and count calls, accepted points, raw draws and region work in a {@link RejectionWindow}, whose
 * recent efficiency sets the next batch's size. A rejection bound is then only its rebuild, its draw, the work one
 * draw costs and its own diagnostics and checkpoint section.
 */
abstract class RejectionStep implements ConstrainedStep {

    final StepContext ctx;
    final int d;
    final RejectionWindow window = new RejectionWindow();

    RejectionStep(StepContext ctx) {
        this.ctx = ctx;
        this.d = ctx.d();
    }

    /** The random-stream kind of this step's draws ({@link Streams}). */
    abstract long streamKind();

    /**
     * The draw of the coming batch, one instance per chunk (scratch arrays are per chunk); called once before each
     * batch, so a bound may prepare itself here.
     */
    abstract Supplier<ProposalBatch.PointDraw> draws();

    /** Multiply-adds one raw draw of the current bound costs (region work, {@link RejectionWindow#OPS_PER_CALL}). */
    abstract double drawCost();

    /** Sees every evaluated point of a batch, accepted or not, in batch order (default: nothing). */
    void evaluated(double[] u, int uo, double logL) {
    }

    /** Sees a batch's raw draws, rejected ones included (default: nothing). */
    void drawn(long rawDraws) {
    }

    @Override
    public final long fill(double lMin, long batchId, ProposalQueue queue) {
        ProposalBatch batch = ctx.batch();
        int b = window.batchSize(ctx.options().batch(), batch.chunk);
        long nd = batch.drawAndEvaluate(ctx.pool(), b, ctx.seed(), streamKind(), batchId, draws());
        int acc = 0;
        for (int j = 0; j < b; j++) {
            evaluated(batch.u, j * d, batch.logL[j]);
            if (batch.logL[j] > lMin) {
                queue.add(batch.u, j * d, batch.logL[j]);
                acc++;
            }
        }
        drawn(nd);
        window.add(b, acc, nd, drawCost());
        return b;
    }

    @Override
    public void replaced(int slot) {
    }

    @Override
    public final long calls() {
        return window.calls;
    }

    @Override
    public final double cost() {
        return window.cost();
    }

    @Override
    public final long accepted() {
        return window.accepted;
    }

    @Override
    public final double efficiency() {
        return window.efficiency();
    }
}
