package org.astronest.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed hard (destroyForcibly) after it wrote a checkpoint, then resumed in this JVM, ends with exactly the
 * result of an uninterrupted run.
 */
class EnsembleResumeForkTest {

    static final long SEED = 2718;
    static final int STEPS = 3000;

    /** The run's options with a chain store of {@code storedSteps} steps per walker (0 = automatic). */
    static EnsembleSampler.Options options(int storedSteps) {
        return EnsembleSamplerTest.ball().withSteps(STEPS).withThreads(2)
                .withMove(Moves.parse("stretch:0.5,de:0.5")).withMaxStoredSteps(storedSteps);
    }

    @Test
    void killedRunResumesToTheUninterruptedResult(@TempDir Path dir) throws Exception {
        killAndResume(dir, 0);
    }

    @Test
    void killedRunWhoseStoreIsThinningResumesToTheUninterruptedResult(@TempDir Path dir) throws Exception {
        // 32 stored steps per walker: the stride doubles from step 32 on, so the kill (after the first checkpoint,
        // 0.2 s in) falls while the store is thinning, and the resumed part halves it again
        killAndResume(dir, 32);
    }

    private static void killAndResume(Path dir, int storedSteps) throws Exception {
        Path file = dir.resolve("ensemble.checkpoint");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ResumeChild.class.getName(), file.toString(), Integer.toString(storedSteps)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(file) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "the child ended before it was killed: " + Files.readString(
                    dir.resolve("child.log")));
            assertTrue(Files.exists(file), "no checkpoint appeared within 120 s");
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        int step = EnsembleState.stepOf(Files.readAllBytes(file));
        assertTrue(step > 0 && step < STEPS, "checkpoint at step " + step);
        assertTrue(storedSteps == 0 || step > storedSteps, "the store was not thinning yet at step " + step);

        RunResult resumed = EnsembleSampler.of(options(storedSteps).withCheckpoint(CheckpointStore.file(file), 5)
                .withResume(true)).run(EnsembleSamplerTest.gaussian(), Rngs.seeded(SEED));
        RunResult uninterrupted = EnsembleSampler.of(options(storedSteps)).run(EnsembleSamplerTest.gaussian(),
                Rngs.seeded(SEED));
        EnsembleSamplerTest.assertSameRun(uninterrupted, resumed);
    }
}
