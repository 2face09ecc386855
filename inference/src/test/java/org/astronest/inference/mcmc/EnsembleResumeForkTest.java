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

    static EnsembleSampler.Options options() {
        return EnsembleSamplerTest.ball().withSteps(STEPS).withThreads(2)
                .withMove(Moves.parse("stretch:0.5,de:0.5"));
    }

    @Test
    void killedRunResumesToTheUninterruptedResult(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ensemble.checkpoint");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ResumeChild.class.getName(), file.toString()).redirectErrorStream(true)
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
        int step = EnsembleSampler.State.stepOf(Files.readAllBytes(file));
        assertTrue(step > 0 && step < STEPS, "checkpoint at step " + step);

        RunResult resumed = EnsembleSampler.of(options().withCheckpoint(CheckpointStore.file(file), 5)
                .withResume(true)).run(EnsembleSamplerTest.gaussian(), Rngs.seeded(SEED));
        RunResult uninterrupted = EnsembleSampler.of(options()).run(EnsembleSamplerTest.gaussian(),
                Rngs.seeded(SEED));
        EnsembleSamplerTest.assertSameRun(uninterrupted, resumed);
    }
}
