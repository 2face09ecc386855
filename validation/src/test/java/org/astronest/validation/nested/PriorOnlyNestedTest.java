package org.astronest.validation.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.WeightedSamples;
import org.astronest.inference.nested.NestedSampler;
import org.astronest.priors.Parameter;
import org.astronest.priors.Prior;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;
import org.junit.jupiter.api.Test;

/**
 * A prior-only run reproduces every prior marginal. False-alarm rate: each KS test is at alpha = 0.001, so with the
 * 4 + 4 marginals tested here the chance of a spurious failure is below 1% (and fixed seeds make it reproducible).
 */
class PriorOnlyNestedTest {

    private static final long SEED = Long.getLong("astronest.test.seed", 4242L);
    private static final double ALPHA = 0.001;

    private static PriorSet priors() {
        return PriorSet.of(Parameter.of("a", Priors.normal(1, 2)), Parameter.of("b", Priors.logUniform(1e-3, 1e3)),
                Parameter.of("c", Priors.beta(2, 5)), Parameter.of("f", Priors.fixed(3.5)),
                Parameter.of("d", Priors.uniform(-1, 4)));
    }

    @Test
    void flatLikelihoodGivesThePrior() {
        // ln L = 0: every live point ties, the run stops at once ("plateau") with Z = 1 exactly and the live points
        // (equal weights) are draws from the prior
        PriorSet ps = priors();
        RunResult r = NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(1000).withThreads(2))
                .run(InferenceProblem.of(ps, th -> 0.0), Rngs.seeded(SEED));
        assertEquals(0.0, r.evidence().orElseThrow().logZ(), 1e-12);
        assertEquals("plateau", r.diagnostics().get("stopReason"));
        WeightedSamples s = r.samples();
        for (String name : new String[] {"a", "b", "c", "d"}) {
            Prior p = ps.get(name).prior();
            double pv = KolmogorovSmirnovTest.withDefaults().test(s.column(name), p::cdf).getPValue();
            assertTrue(pv > ALPHA, name + ": KS p = " + pv);
        }
        double[] f = s.column("f");
        assertTrue(Arrays.stream(f).allMatch(v -> v == 3.5), "fixed parameter kept");
    }

    @Test
    void nearlyFlatLikelihoodRunsTheWholeMachineryAndGivesThePrior() {
        // ln L = 1e-9 * a: the posterior equals the prior to 1e-9, but the run compresses along a (ties are
        // impossible), so the region sampling and the nested-sampling weights are what reproduce the marginals.
        // Weighted KS: D = sup |F_w - F|, compared with the asymptotic Kolmogorov distribution at n = Kish ESS.
        PriorSet ps = priors();
        // dlogz 0.1 rather than the default 0.5, so that the run compresses past the first ~2 n iterations
        RunResult r = NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(400).withThreads(2)
                        .withDlogz(0.1))
                .run(InferenceProblem.of(ps, th -> 1e-9 * th[0]), Rngs.seeded(SEED));
        assertEquals(0.0, r.evidence().orElseThrow().logZ(), 4 * r.evidence().orElseThrow().logZErr() + 1e-6);
        assertTrue(r.samples().size() > 800, "the run went through iterations: " + r.samples().size());
        WeightedSamples s = r.samples();
        double ess = s.effectiveSampleSize();
        double[] w = s.weights();
        for (String name : new String[] {"a", "b", "c", "d"}) {
            Prior p = ps.get(name).prior();
            double dStat = weightedKs(s.column(name), w, p);
            double pv = kolmogorovP(dStat * Math.sqrt(ess));
            assertTrue(pv > ALPHA, name + ": weighted KS D = " + dStat + ", ESS " + ess + ", p = " + pv);
        }
    }

    private static double weightedKs(double[] x, double[] w, Prior p) {
        Integer[] idx = new Integer[x.length];
        for (int i = 0; i < x.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (i, j) -> Double.compare(x[i], x[j]));
        double total = 0;
        for (double v : w) {
            total += v;
        }
        double cum = 0;
        double dMax = 0;
        for (Integer i : idx) {
            double f = p.cdf(x[i]);
            dMax = Math.max(dMax, Math.abs(f - cum / total));
            cum += w[i];
            dMax = Math.max(dMax, Math.abs(f - cum / total));
        }
        return dMax;
    }

    /** P(K &gt; t) of the Kolmogorov distribution: 2 sum_k (-1)^(k-1) exp(-2 k^2 t^2). */
    static double kolmogorovP(double t) {
        if (t < 0.2) {
            return 1;
        }
        double s = 0;
        for (int k = 1; k <= 100; k++) {
            s += (k % 2 == 1 ? 2 : -2) * Math.exp(-2.0 * k * k * t * t);
        }
        return Math.min(1, Math.max(0, s));
    }
}
