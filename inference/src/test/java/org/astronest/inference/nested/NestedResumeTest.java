package org.astronest.inference.nested;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogMath;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 and resume: a forked JVM ({@link ResumeMain}) runs with a file checkpoint and is killed with
 * {@code destroyForcibly} once a checkpoint exists; the run resumed from that file must end with exactly the result
 * of an uninterrupted run with the same seed.
 */
class NestedResumeTest {

    static final long SEED = 777;

    /** Two Gaussian modes in 3-d, with an optional busy wait (about 0.3 ms per call) so the run lasts seconds. */
    static InferenceProblem problem(boolean slow) {
        int d = 3;
        double s = 0.2;
        double norm = -0.5 * d * Math.log(2 * Math.PI * s * s) - Math.log(2);
        return InferenceProblem.of(PriorSet.of(Parameter.of("a", Priors.uniform(-5, 5)),
                Parameter.of("b", Priors.normal(0, 2)), Parameter.of("c", Priors.uniform(-5, 5))), th -> {
            if (slow) {
                long until = System.nanoTime() + 300_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            double q1 = 0;
            double q2 = 0;
            for (int i = 0; i < d; i++) {
                double a = (th[i] - (i == 0 ? -2 : 0.5)) / s;
                double b = (th[i] - (i == 0 ? 2 : 0.5)) / s;
                q1 += a * a;
                q2 += b * b;
            }
            return norm + LogMath.logAddExp(-0.5 * q1, -0.5 * q2);
        });
    }

    /** Slice sampling from the start makes every iteration take a few dozen calls (a slow run); two threads. */
    static NestedSampler.Options options() {
        return NestedSampler.Options.defaults().withLivePoints(150).withThreads(2)
                .withStep(NestedSampler.StepMethod.AUTO).withDlogz(0.01);
    }

    @Test
    void runKilledWithSigkillResumesToTheSameResult(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("nested.checkpoint");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ResumeMain.class.getName(), file.toString()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(tmp.resolve("child.log").toFile());
        Process child = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(file) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(file), "the forked run wrote no checkpoint; log: "
                    + Files.readString(tmp.resolve("child.log")));
            Thread.sleep(300); // a little further into the run, possibly in the middle of a write
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(file), "checkpoint vanished: the child finished before it was killed; log: "
                + Files.readString(tmp.resolve("child.log")));
        assertTrue(!Files.readString(tmp.resolve("child.log")).contains("finished"), "child finished before kill");

        RunResult resumed = NestedSampler.of(options().withCheckpoint(CheckpointStore.file(file), 10).withResume(true))
                .run(problem(false), Rngs.seeded(SEED));
        RunResult straight = NestedSampler.of(options()).run(problem(false), Rngs.seeded(SEED));

        assertEquals(1, resumed.diagnostics().get("resumes"), "the run must have continued from the checkpoint");
        assertEquals(Double.doubleToLongBits(straight.evidence().orElseThrow().logZ()),
                Double.doubleToLongBits(resumed.evidence().orElseThrow().logZ()));
        assertEquals(straight.evidence().orElseThrow().logZErr(), resumed.evidence().orElseThrow().logZErr(), 0.0);
        assertEquals(straight.likelihoodCalls(), resumed.likelihoodCalls());
        assertEquals(straight.samples().size(), resumed.samples().size());
        for (int j = 0; j < straight.samples().dimension(); j++) {
            assertArrayEquals(straight.samples().column(j), resumed.samples().column(j), 0.0);
        }
        assertArrayEquals(straight.samples().logWeights(), resumed.samples().logWeights(), 0.0);
        // the birth contours are part of the checkpoint (issue 19: anesthetic's logL_birth)
        assertArrayEquals(straight.nestedRun().orElseThrow().logLBirth(), resumed.nestedRun().orElseThrow().logLBirth(),
                0.0);
        assertTrue(!Files.exists(file), "a finished run removes its checkpoint");
        assertTrue(new File(tmp.toFile(), "child.log").exists());
    }

    @Test
    void checkpointOfAnotherSeedIsRefused(@TempDir Path tmp) {
        Path file = tmp.resolve("c");
        CheckpointStore keep = new CheckpointStore() {
            byte[] last;

            @Override
            public java.util.Optional<byte[]> load() {
                return java.util.Optional.ofNullable(last);
            }

            @Override
            public void save(byte[] state) {
                last = state;
            }
        };
        NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(40).withThreads(1).withCheckpoint(keep, 0))
                .run(TestProblems.gaussian(2, 0.5), Rngs.seeded(1));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(40).withThreads(1)
                        .withCheckpoint(keep, 0).withResume(true)).run(TestProblems.gaussian(2, 0.5), Rngs.seeded(2)));
        assertTrue(e.getMessage().contains("seed 1") && e.getMessage().contains("seed 2"), e.getMessage());
        assertTrue(!Files.exists(file));
    }

    @Test
    void sliceRunResumedFromAMidRunCheckpointEndsWithTheSameResult() {
        // slice mode keeps the live points in the Gaussianised cube beside liveU (not in the checkpoint): a resume
        // must rebuild them, or the chains after the resume would start from and difference stale points
        NestedSampler.Options o = NestedSampler.Options.defaults().withLivePoints(60).withThreads(2)
                .withStep(NestedSampler.StepMethod.SLICE);
        CheckpointStore atSave300 = new KeepSave(300);
        RunResult straight = NestedSampler.of(o.withCheckpoint(atSave300, 0)).run(problem(false), Rngs.seeded(SEED));
        assertTrue(atSave300.load().isPresent(), "the run ended before its 300th checkpoint");
        RunResult resumed = NestedSampler.of(o.withCheckpoint(atSave300, 1e9).withResume(true))
                .run(problem(false), Rngs.seeded(SEED));
        assertEquals(1, resumed.diagnostics().get("resumes"));
        assertEquals(Double.doubleToLongBits(straight.evidence().orElseThrow().logZ()),
                Double.doubleToLongBits(resumed.evidence().orElseThrow().logZ()));
        assertEquals(straight.likelihoodCalls(), resumed.likelihoodCalls());
        assertArrayEquals(straight.samples().logWeights(), resumed.samples().logWeights(), 0.0);
        assertArrayEquals(straight.nestedRun().orElseThrow().logLBirth(), resumed.nestedRun().orElseThrow().logLBirth(),
                0.0);
    }
}
