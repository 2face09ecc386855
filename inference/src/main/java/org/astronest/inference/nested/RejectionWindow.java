package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.astronest.inference.RunResult;
import org.astronest.inference.StateCodec;

/**
 * The counters every rejection step keeps: likelihood calls, accepted points, raw region draws and region work since
 * the start, and the acceptance rate over the last complete and the current rebuild window, which sets the batch
 * size (about four accepted points expected per batch, never fewer proposals than the option {@code batch}). The
 * counters are part of the run state, so batch sizes, like everything else, do not depend on the thread count.
 */
final class RejectionWindow implements StateCodec.Part {

    private static final int MAX_BATCH = 1 << 16;
    /**
     * Multiply-adds taken to cost as much as one likelihood call, to put region work and calls on one scale
     * ({@link StepPolicy}): the emulator line fits take 25-50 us per call, about 10^4 multiply-adds at the ~1e9 per
     * second of one core. Cheaper likelihoods make region work relatively dearer than this counts it.
     */
    static final double OPS_PER_CALL = 1e4;

    long calls;
    long accepted;
    long draws;
    /** Region work in likelihood-call equivalents ({@link #OPS_PER_CALL}). */
    double work;
    private long prevCalls;
    private long prevAcc;
    private long windowCalls0;
    private long windowAcc0;

    /** Closes the current window (at a rebuild). */
    void rebuild() {
        prevCalls = calls - windowCalls0;
        prevAcc = accepted - windowAcc0;
        windowCalls0 = calls;
        windowAcc0 = accepted;
    }

    /** Acceptance rate over the last complete and the current rebuild window (add-one smoothed). */
    double efficiency() {
        return (prevAcc + accepted - windowAcc0 + 1.0) / (prevCalls + calls - windowCalls0 + 2.0);
    }

    /** Proposals for the next batch: max(minBatch, 4 / efficiency), a multiple of {@code chunk}, at most 65536. */
    int batchSize(int minBatch, int chunk) {
        long want = (long) Math.ceil(4.0 / efficiency());
        int b = (int) Math.min(MAX_BATCH, Math.max(minBatch, want));
        return ProposalBatch.roundUp(b, chunk);
    }

    /** Counts one batch whose raw draws each took about {@code opsPerDraw} multiply-adds. */
    void add(long batchCalls, long batchAccepted, long batchDraws, double opsPerDraw) {
        calls += batchCalls;
        accepted += batchAccepted;
        draws += batchDraws;
        work += batchDraws * opsPerDraw / OPS_PER_CALL;
    }

    /** Calls plus region work, in likelihood-call equivalents ({@link ConstrainedStep#cost()}). */
    double cost() {
        return calls + work;
    }

    /** Adds the calls, the acceptance rate per call and the raw draws per call under the step's three keys. */
    void diagnostics(RunResult.Builder b, String callsKey, String efficiencyKey, String drawsKey) {
        b.diagnostic(callsKey, calls)
                .diagnostic(efficiencyKey, calls == 0 ? Double.NaN : (double) accepted / calls)
                .diagnostic(drawsKey, calls == 0 ? Double.NaN : (double) draws / calls);
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeLong(calls);
        out.writeLong(accepted);
        out.writeLong(draws);
        out.writeDouble(work);
        out.writeLong(prevCalls);
        out.writeLong(prevAcc);
        out.writeLong(windowCalls0);
        out.writeLong(windowAcc0);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        calls = in.readLong();
        accepted = in.readLong();
        draws = in.readLong();
        work = in.readDouble();
        prevCalls = in.readLong();
        prevAcc = in.readLong();
        windowCalls0 = in.readLong();
        windowAcc0 = in.readLong();
    }
}
