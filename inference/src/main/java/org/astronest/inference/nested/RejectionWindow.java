package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.astronest.inference.RunResult;
import org.astronest.inference.StateCodec;

/**
 * The counters every rejection step keeps: likelihood calls, accepted points and raw region draws since the start,
 * and the acceptance rate over the last complete and the current rebuild window, which sets the batch size (about
 * four accepted points expected per batch, never fewer proposals than the option {@code batch}). The counters are
 * part of the run state, so batch sizes, like everything else, do not depend on the thread count.
 */
final class RejectionWindow implements StateCodec.Part {

    private static final int MAX_BATCH = 1 << 16;

    long calls;
    long accepted;
    long draws;
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

    /** Counts one batch. */
    void add(long batchCalls, long batchAccepted, long batchDraws) {
        calls += batchCalls;
        accepted += batchAccepted;
        draws += batchDraws;
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
        prevCalls = in.readLong();
        prevAcc = in.readLong();
        windowCalls0 = in.readLong();
        windowAcc0 = in.readLong();
    }
}
