package org.astronest.inference.hmc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.Samplers;
import org.astronest.inference.diagnostics.ChainDiagnostics;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;
import org.junit.jupiter.api.Test;

/**
 * NUTS on posteriors with closed-form moments. Tolerances are Monte Carlo errors from the run's own diagnostics:
 * 4.5 MCSE per checked moment (a false-alarm rate of 7e-6 per check for a normal error).
 */
class NutsSamplerTest {

    static final long SEED = Long.getLong("astronest.test.seed", 20261205L);

    /** Independent N(mu_i, sd_i) in d dimensions with wide normal priors; the exact posterior is known. */
    static InferenceProblem gaussian(int d, double[] mu, double[] sd, double priorSd) {
        Parameter[] ps = new Parameter[d];
        for (int i = 0; i < d; i++) {
            ps[i] = Parameter.of("x" + i, Priors.normal(0, priorSd));
        }
        GradientLogLikelihood ll = (th, g) -> {
            double s = 0;
            for (int i = 0; i < d; i++) {
                double z = (th[i] - mu[i]) / sd[i];
                s -= 0.5 * z * z;
                g[i] = -z / sd[i];
            }
            return s;
        };
        return InferenceProblem.of(PriorSet.of(ps), ll);
    }

    /**
     * Posterior of a product of normals: precision 1/sd^2 + 1/priorSd^2, mean mu (1/sd^2) / precision (prior mean 0).
     */
    private static double[] exact(double mu, double sd, double priorSd) {
        double prec = 1 / (sd * sd) + 1 / (priorSd * priorSd);
        return new double[] {mu / (sd * sd) / prec, Math.sqrt(1 / prec)};
    }

    @Test
    void gaussianMomentsWithinMonteCarloErrors() {
        int d = 10;
        double[] mu = new double[d];
        double[] sd = new double[d];
        for (int i = 0; i < d; i++) {
            mu[i] = i - 4.5;
            sd[i] = Math.pow(10, (i - 5) / 3.0);
        }
        RunResult r = NutsSampler.of(NutsSampler.Options.defaults().withThreads(2)).run(gaussian(d, mu, sd, 100),
                Rngs.seeded(SEED));
        checkMoments(r, mu, sd, 100);
        assertEquals(0, ((Number) r.diagnostics().get("divergences")).intValue());
        assertEquals("analytic", r.diagnostics().get("gradient"));
        assertTrue((double) r.diagnostics().get("rhatMax") < 1.01, "R-hat " + r.diagnostics().get("rhatMax"));
        // the metric learnt the scales: sd from 0.02 to 10 (a factor 460) and the step size near the smallest
        double[] inv = (double[]) ((List<?>) r.diagnostics().get("inverseMetric")).get(0);
        assertEquals(sd[9] * sd[9] / (sd[0] * sd[0]), inv[9] / inv[0], 0.5 * sd[9] * sd[9] / (sd[0] * sd[0]));
    }

    private static void checkMoments(RunResult r, double[] mu, double[] sd, double priorSd) {
        int chains = (int) r.diagnostics().get("chains");
        for (int i = 0; i < mu.length; i++) {
            double[] e = exact(mu[i], sd[i], priorSd);
            double[] col = r.samples().column("x" + i);
            double[][] draws = split(col, chains);
            double mean = mean(col);
            double mcse = ChainDiagnostics.mcseMean(draws);
            assertEquals(e[0], mean, 4.5 * mcse, "mean of x" + i);
            // second central moment: MCSE of the mean of (x - mu_post)^2
            double[] sq = new double[col.length];
            for (int k = 0; k < col.length; k++) {
                sq[k] = (col[k] - e[0]) * (col[k] - e[0]);
            }
            assertEquals(e[1] * e[1], mean(sq), 4.5 * ChainDiagnostics.mcseMean(split(sq, chains)), "variance of x" + i);
        }
    }

    static double[][] split(double[] col, int chains) {
        return org.astronest.inference.Chains.split(col, chains);
    }

    static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    /**
     * A correlated Gaussian (rho = 0.99, 2-d) with the dense metric: the learnt inverse metric is the covariance
     * (to within its sampling error), and the moments are right.
     */
    @Test
    void denseMetricLearnsTheCovariance() {
        double rho = 0.99;
        GradientLogLikelihood ll = (th, g) -> {
            double a = th[0];
            double b = th[1];
            double det = 1 - rho * rho;
            g[0] = -(a - rho * b) / det;
            g[1] = -(b - rho * a) / det;
            return -0.5 * (a * a - 2 * rho * a * b + b * b) / det;
        };
        InferenceProblem p = InferenceProblem.of(PriorSet.of(Parameter.of("x0", Priors.uniform(-50, 50)),
                Parameter.of("x1", Priors.uniform(-50, 50))), ll);
        RunResult r = NutsSampler.of(NutsSampler.Options.defaults().withMetric(MetricForm.DENSE).withThreads(2))
                .run(p, Rngs.seeded(SEED + 1));
        double[] x0 = r.samples().column("x0");
        double[] x1 = r.samples().column("x1");
        double[] prod = new double[x0.length];
        for (int k = 0; k < prod.length; k++) {
            prod[k] = x0[k] * x1[k];
        }
        // E[x0 x1] = rho for unit variances
        assertEquals(rho, mean(prod), 4.5 * ChainDiagnostics.mcseMean(split(prod, 4)));
        assertEquals(0, mean(x0), 4.5 * ChainDiagnostics.mcseMean(split(x0, 4)));
        double[] inv = (double[]) ((List<?>) r.diagnostics().get("inverseMetric")).get(0);
        // last window: 500 draws; a sample covariance of 500 correlated draws is good to ~10%
        assertEquals(rho, inv[1] / Math.sqrt(inv[0] * inv[3]), 0.01);
        assertTrue((double) r.diagnostics().get("meanTreeDepth") < 3, "dense metric makes it isotropic: depth "
                + r.diagnostics().get("meanTreeDepth"));
    }

    /**
     * Bounded and positive priors through their bijections: a Beta(3, 5) posterior from a uniform(0, 1) prior and a
     * likelihood x^2 (1 - x)^4 (mean 3/8, variance 15/(64 x 9) = 0.0260), and a half-normal(2) prior alone (mean
     * 2 sqrt(2/pi), E[x^2] = 4). Both need the log-Jacobian: without it the moments are those of another density.
     */
    @Test
    void constrainedPriorsUseTheirJacobians() {
        GradientLogLikelihood ll = (th, g) -> {
            double x = th[0];
            g[0] = 2 / x - 4 / (1 - x);
            g[1] = 0;
            return 2 * Math.log(x) + 4 * Math.log1p(-x);
        };
        InferenceProblem p = InferenceProblem.of(PriorSet.of(Parameter.of("x", Priors.uniform(0, 1)),
                Parameter.of("s", Priors.halfNormal(2))), ll);
        RunResult r = NutsSampler.of(NutsSampler.Options.defaults().withThreads(2)).run(p, Rngs.seeded(SEED + 2));
        double[] x = r.samples().column("x");
        assertEquals(3.0 / 8, mean(x), 4.5 * ChainDiagnostics.mcseMean(split(x, 4)));
        double[] xx = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            xx[k] = (x[k] - 3.0 / 8) * (x[k] - 3.0 / 8);
        }
        assertEquals(15.0 / (64 * 9), mean(xx), 4.5 * ChainDiagnostics.mcseMean(split(xx, 4)));
        double[] s = r.samples().column("s");
        assertEquals(2 * Math.sqrt(2 / Math.PI), mean(s), 4.5 * ChainDiagnostics.mcseMean(split(s, 4)));
        double[] ss = new double[s.length];
        for (int k = 0; k < s.length; k++) {
            ss[k] = s[k] * s[k];
        }
        assertEquals(4, mean(ss), 4.5 * ChainDiagnostics.mcseMean(split(ss, 4)));
    }

    /**
     * Chains started around the Laplace mode (init: map) of a posterior far out in a wide prior (means 200..209,
     * sds 0.1..1, prior N(0, 1000)) give the same moments.
     */
    @Test
    void initAtTheMode() {
        int d = 10;
        double[] mu = new double[d];
        double[] sd = new double[d];
        for (int i = 0; i < d; i++) {
            mu[i] = 200 + i;
            sd[i] = 0.1 + 0.1 * i;
        }
        RunResult r = NutsSampler.of(NutsSampler.Options.defaults().withInitAtMode(true).withThreads(2))
                .run(gaussian(d, mu, sd, 1000), Rngs.seeded(SEED + 6));
        checkMoments(r, mu, sd, 1000);
        assertEquals("map", r.provenance().options().get("init"));
    }

    /** A likelihood without a gradient gets finite differences and the same posterior. */
    @Test
    void finiteDifferenceFallback() {
        double[] mu = {1, -2, 0.5};
        double[] sd = {0.5, 2, 1};
        InferenceProblem g = gaussian(3, mu, sd, 100);
        InferenceProblem plain = InferenceProblem.of(g.priors(), th -> g.likelihood().logLikelihood(th));
        RunResult r = NutsSampler.of(NutsSampler.Options.defaults().withIterations(500, 1000).withThreads(2))
                .run(plain, Rngs.seeded(SEED + 3));
        assertEquals("finite differences", r.diagnostics().get("gradient"));
        checkMoments(r, mu, sd, 100);
        // 2 d + 1 = 7 likelihood calls per gradient
        long grads = ((Number) r.diagnostics().get("gradientEvaluations")).longValue();
        assertTrue(r.likelihoodCalls() >= 7 * grads, r.likelihoodCalls() + " calls for " + grads + " gradients");
    }

    @Test
    void resultDoesNotDependOnThreadsAndResumesExactly() {
        InferenceProblem p = gaussian(4, new double[] {0, 1, 2, 3}, new double[] {1, 1, 2, 0.5}, 10);
        NutsSampler.Options o = NutsSampler.Options.defaults().withIterations(200, 300);
        RunResult one = NutsSampler.of(o.withThreads(1)).run(p, Rngs.seeded(SEED + 4));
        RunResult two = NutsSampler.of(o.withThreads(2)).run(p, Rngs.seeded(SEED + 4));
        for (int j = 0; j < 4; j++) {
            assertArrayEquals(one.samples().column(j), two.samples().column(j), 0, "column " + j);
        }
        // a run that stops after its third checkpoint (block 150 of 500), then resumes in a new sampler
        CrashingStore store = new CrashingStore(3);
        NutsSampler.Options co = o.withThreads(2).withCheckpoint(store, 1e-9);
        assertThrows(Crash.class, () -> NutsSampler.of(co).run(p, Rngs.seeded(SEED + 4)));
        RunResult resumed = NutsSampler.of(co.withResume(true)).run(p, Rngs.seeded(SEED + 4));
        for (int j = 0; j < 4; j++) {
            assertArrayEquals(one.samples().column(j), resumed.samples().column(j), 0, "resumed column " + j);
        }
        assertEquals(one.likelihoodCalls(), resumed.likelihoodCalls());
        // another seed resuming from this checkpoint is refused, naming both runs
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NutsSampler.of(co.withResume(true)).run(p, Rngs.seeded(SEED + 5)));
        assertTrue(e.getMessage().contains("checkpoint: it is of another run"), e.getMessage());
    }

    /** A derived column equal to a free one gets exactly its R-hat and ESS (the same draws). */
    @Test
    void derivedColumnsGetDiagnostics() {
        InferenceProblem p = gaussian(2, new double[] {0, 1}, new double[] {1, 2}, 10)
                .withDerived(List.of("copy", "sum"), th -> new double[] {th[1], th[0] + th[1]});
        RunResult r = NutsSampler.of(NutsSampler.Options.defaults().withIterations(200, 200).withThreads(2))
                .run(p, Rngs.seeded(SEED));
        var x1 = r.summary().get("x1");
        var copy = r.summary().get("copy");
        assertEquals(x1.rhat(), copy.rhat(), 0);
        assertEquals(x1.essBulk(), copy.essBulk(), 0);
        assertEquals(x1.essTail(), copy.essTail(), 0);
        assertTrue(r.summary().get("sum").hasDiagnostics());
    }

    @Test
    void wrongGradientIsRefusedNamingTheParameter() {
        GradientLogLikelihood wrong = (th, g) -> {
            g[0] = -th[0];
            g[1] = -2 * th[1];
            return -0.5 * (th[0] * th[0] + th[1] * th[1]);
        };
        InferenceProblem p = InferenceProblem.of(PriorSet.of(Parameter.of("a", Priors.normal(0, 3)),
                Parameter.of("b", Priors.normal(0, 3))), wrong);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> NutsSampler.of(NutsSampler.Options.defaults()).run(p, Rngs.seeded(SEED)));
        assertTrue(e.getMessage().contains("d lnL/d b"), e.getMessage());
    }

    @Test
    void registeredAndConfigurable() {
        var kind = Samplers.get("nuts");
        var s = (NutsSampler) kind.create(Map.of("chains", 2, "warmup", 300, "draws", 400, "metric", "dense_e",
                "adapt_delta", 0.9, "max_depth", 8, "init", "map"), CheckpointStore.none(), false);
        assertTrue(s.options().initAtMode());
        assertEquals(2, s.options().chains());
        assertEquals(MetricForm.DENSE, s.options().metric());
        assertEquals(0.9, s.options().targetAccept());
        assertEquals(s.options().toMap(), NutsSampler.Options.fromConfig(kind.toConfig(s, 3)).toMap());
        NutsSampler.Options ball = NutsSampler.Options.defaults().withInitialBall(new double[] {1, 2}, 0.5);
        assertEquals(ball, NutsSampler.Options.defaults().withInitialBall(new double[] {1, 2}, 0.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kind.create(Map.of("adapt_delta", 1.5), CheckpointStore.none(), false));
        assertEquals("sampler.adapt_delta = 1.5: adapt_delta must be in (0, 1), got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> kind.create(Map.of("metric", "unit"), CheckpointStore.none(), false));
        assertEquals("sampler.metric = 'unit': unknown metric 'unit'; choose diag or dense", e.getMessage());
    }

    /** Stan's windows for 1000 warm-up iterations: 75 / 25, 50, 100, 200, 500 / 50. */
    @Test
    void stanWarmupWindows() {
        WarmupWindows w = new WarmupWindows(1000);
        StringBuilder ends = new StringBuilder();
        int slow = 0;
        for (int i = 0; i < 1000; i++) {
            slow += w.inSlowWindow(i) ? 1 : 0;
            if (w.endsWindow(i)) {
                ends.append(i).append(' ');
            }
        }
        assertEquals("99 149 249 449 949 ", ends.toString());
        assertEquals(875, slow);
        // 100 iterations: Stan's 15% / 75% / 10% fallback
        WarmupWindows small = new WarmupWindows(100);
        StringBuilder e2 = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            if (small.endsWindow(i)) {
                e2.append(i).append(' ');
            }
        }
        assertEquals("89 ", e2.toString());
    }

    static final class Crash extends RuntimeException {
        Crash() {
            super("simulated kill");
        }
    }

    /** Keeps checkpoints in memory and throws after the n-th save, as a kill right after a checkpoint would. */
    static final class CrashingStore implements CheckpointStore {
        private byte[] data;
        private int saves;
        private final int crashAfter;

        CrashingStore(int crashAfter) {
            this.crashAfter = crashAfter;
        }

        @Override
        public Optional<byte[]> load() {
            return Optional.ofNullable(data);
        }

        @Override
        public void save(byte[] state) {
            data = state.clone();
            if (++saves == crashAfter) {
                throw new Crash();
            }
        }
    }
}
