package org.astronest.inference.mcmc;

import java.nio.file.Path;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;

/**
 * The forked JVM of {@link EnsembleResumeForkTest}: runs {@link EnsembleResumeForkTest#options()} on a deliberately
 * slowed copy of the test Gaussian with a file checkpoint, until it is killed.
 */
public final class ResumeChild {

    static volatile double sink;

    private ResumeChild() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        InferenceProblem fast = EnsembleSamplerTest.gaussian();
        InferenceProblem slow = InferenceProblem.of(fast.priors(), th -> {
            double s = 0;
            for (int i = 0; i < 2000; i++) {
                s += Math.sin(i * th[0]);
            }
            sink = s;
            return fast.likelihood().logLikelihood(th);
        });
        EnsembleSampler.of(EnsembleResumeForkTest.options(Integer.parseInt(args[1])).withCheckpoint(CheckpointStore.file(file), 0.2))
                .run(slow, Rngs.seeded(EnsembleResumeForkTest.SEED));
    }
}
