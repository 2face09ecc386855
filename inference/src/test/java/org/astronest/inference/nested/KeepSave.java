package org.astronest.inference.nested;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.function.Function;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.RunResult;

/** An in-memory checkpoint store that keeps the state of save number {@code at} (1-based) and ignores the others. */
final class KeepSave implements CheckpointStore {

    private final int at;
    private int saves;
    private byte[] kept;

    KeepSave(int at) {
        this.at = at;
    }

    @Override
    public Optional<byte[]> load() {
        return Optional.ofNullable(kept);
    }

    @Override
    public void save(byte[] state) {
        if (++saves == at) {
            kept = state;
        }
    }

    /**
     * Runs {@code run} with a checkpoint after every iteration, keeping save {@code keepAt}, then again resumed from
     * it, and checks that both end bit-identical, and identical to {@code first} (the same run without a store).
     */
    static void assertResumeIdentical(Function<NestedSampler.Options, RunResult> run, NestedSampler.Options base,
                                      RunResult first, int keepAt) {
        CheckpointStore store = new KeepSave(keepAt);
        RunResult straight = run.apply(base.withCheckpoint(store, 0));
        assertTrue(store.load().isPresent(), "no checkpoint at save " + keepAt);
        RunResult resumed = run.apply(base.withCheckpoint(store, 1e9).withResume(true));
        assertEquals(1, resumed.diagnostics().get("resumes"));
        assertEquals(Double.doubleToLongBits(straight.evidence().orElseThrow().logZ()),
                Double.doubleToLongBits(resumed.evidence().orElseThrow().logZ()));
        assertEquals(Double.doubleToLongBits(first.evidence().orElseThrow().logZ()),
                Double.doubleToLongBits(straight.evidence().orElseThrow().logZ()), "checkpoints change nothing");
        assertEquals(straight.likelihoodCalls(), resumed.likelihoodCalls());
        assertArrayEquals(straight.samples().logWeights(), resumed.samples().logWeights(), 0.0);
    }
}
