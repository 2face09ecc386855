package org.astronest.inference.nested;

import java.nio.file.Path;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;

/**
 * Forked by {@link NestedResumeTest}: runs {@link NestedResumeTest#problem(boolean)} (with a slowed-down likelihood)
 * and checkpoints to the file given as the first argument every 0.2 s, until killed.
 */
public final class ResumeMain {

    private ResumeMain() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        InferenceProblem p = NestedResumeTest.problem(true);
        NestedSampler.of(NestedResumeTest.options().withCheckpoint(CheckpointStore.file(file), 0.2))
                .run(p, Rngs.seeded(NestedResumeTest.SEED));
        System.out.println("finished");
    }
}
