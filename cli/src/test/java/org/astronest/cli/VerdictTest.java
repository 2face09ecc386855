package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.astronest.inference.RunResult;
import org.astronest.inference.WeightedSamples;
import org.junit.jupiter.api.Test;

/** A run's verdict names each failed convergence criterion, or says converged with its figures. */
class VerdictTest {

    private static RunResult.Builder result(String sampler) {
        WeightedSamples s = WeightedSamples.equal(List.of("x"), new double[][] {{0}, {1}}, new double[] {0, 0});
        return RunResult.builder(sampler, s);
    }

    @Test
    void ensembleWarnsOnEachFailedCriterion() {
        // the thesis example at 5000 steps of 32 walkers: R-hat 1.44, 12 tau, tau unreliable, ESS 85
        List<String> v = Verdict.of(result("ensemble").diagnostic("rhatMax", 1.4407).diagnostic("chainOverTau", 11.97)
                .diagnostic("tauReliable", false).effectiveSampleSize(85).build());
        assertEquals(List.of(
                "warning: ensemble not converged: R-hat 1.441 > 1.01; run longer (--steps, or --until-converged)",
                "warning: the chains are 12.0 autocorrelation times long, fewer than 50; run longer (--steps, or "
                        + "--until-converged)",
                "warning: the autocorrelation time is not reliably estimated (chains too short for it)",
                "warning: the smallest bulk ESS is 85, below 400 (the least for trustworthy R-hat and ESS, Vehtari et "
                        + "al. 2021); run longer"), v);
        // R-hat 1.01 exactly, 50 tau and ESS 400 pass (the thresholds are inclusive)
        assertEquals(List.of("verdict: converged (R-hat 1.0100, chains 50 autocorrelation times long)"),
                Verdict.of(result("ensemble").diagnostic("rhatMax", 1.01).diagnostic("chainOverTau", 50.0)
                        .diagnostic("tauReliable", true).effectiveSampleSize(400).build()));
    }

    @Test
    void ensembleWarnsOnTooFewEffectiveDraws() {
        // Vehtari et al. (2021) ask for a bulk ESS of at least 400 before trusting R-hat and ESS
        assertEquals(List.of("warning: the smallest bulk ESS is 85, below 400 (the least for trustworthy R-hat and "
                + "ESS, Vehtari et al. 2021); run longer"), Verdict.of(result("ensemble").diagnostic("rhatMax", 1.005)
                .diagnostic("chainOverTau", 60.0).diagnostic("tauReliable", true).effectiveSampleSize(85).build()));
    }

    @Test
    void nestedWarnsOnMaxCallsAndDisagreeingEvidences() {
        List<String> v = Verdict.of(result("nested").diagnostic("stopReason", "max_calls")
                .diagnostic("evidenceWarning", "importance-sampled ln Z -3.000 and nested-sampling ln Z -3.500 differ")
                .build());
        assertEquals(2, v.size());
        assertEquals(true, v.get(0).startsWith("warning: nested sampling stopped at max_calls"));
        assertEquals("warning: importance-sampled ln Z -3.000 and nested-sampling ln Z -3.500 differ; more live "
                + "points or a smaller dlogz narrow both", v.get(1));
        assertEquals(List.of("verdict: nested sampling stopped at dlogz"),
                Verdict.of(result("nested").diagnostic("stopReason", "dlogz").build()));
    }
}
