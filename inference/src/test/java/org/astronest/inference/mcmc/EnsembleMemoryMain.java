package org.astronest.inference.mcmc;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/**
 * Not a test: the memory figure of docs/mcmc.md. Runs a fixed-length ensemble run of STEPS steps and WALKERS walkers
 * on a cheap 10-d Gaussian (uniform priors on [-10, 10]) with one thread and prints calls, wall time, the chain
 * store's stride and the peak heap (the sum of the heap pools' peak usage). Run it with a bounded heap to see what
 * fits, e.g. {@code java -Xmx200m -XX:+UseSerialGC -cp inference/target/test-classes:cli/target/astronest.jar
 * org.astronest.inference.mcmc.EnsembleMemoryMain 150000 64}.
 */
public final class EnsembleMemoryMain {

    private EnsembleMemoryMain() {
    }

    public static void main(String[] a) {
        int steps = Integer.parseInt(a[0]);
        int walkers = Integer.parseInt(a[1]);
        int d = 10;
        Parameter[] ps = new Parameter[d];
        for (int i = 0; i < d; i++) {
            ps[i] = Parameter.of("x" + i, Priors.uniform(-10, 10));
        }
        InferenceProblem p = InferenceProblem.of(PriorSet.of(ps), th -> {
            double s = 0;
            for (double v : th) {
                s += -0.5 * v * v;
            }
            return s;
        });
        long t0 = System.nanoTime();
        RunResult r = EnsembleSampler.of(EnsembleSampler.Options.defaults().withWalkers(walkers).withSteps(steps)
                .withThreads(1)).run(p, Rngs.seeded(1));
        double wall = (System.nanoTime() - t0) * 1e-9;
        long peak = 0;
        for (MemoryPoolMXBean m : ManagementFactory.getMemoryPoolMXBeans()) {
            if (m.getType() == MemoryType.HEAP) {
                peak += m.getPeakUsage().getUsed();
            }
        }
        System.out.printf("steps %d walkers %d calls %d wall %.1f s stride %s storedSteps %s tauMax %.1f "
                + "ESS %.0f mean x0 %.4f sd x0 %.4f peak heap pools %.0f MB%n", steps, walkers, r.likelihoodCalls(),
                wall, r.diagnostics().get("stride"), r.diagnostics().get("storedSteps"),
                (Double) r.diagnostics().get("tauMax"), r.effectiveSampleSize(), r.summary().get("x0").mean(),
                r.summary().get("x0").sd(), peak / 1e6);
    }
}
