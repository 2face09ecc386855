package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.astronest.inference.ParameterSummary;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.mcmc.EnsembleSampler;
import org.astronest.inference.mcmc.Moves;
import org.astronest.validation.problems.ProblemCatalog;
import org.astronest.validation.problems.TestProblem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ensemble sampler on catalogue problems: posterior means and sds within 4.5 MCSE of the reference values of
 * {@code shared/problems/reference_values.json} (quadrature / closed form, method named there), rank-normalized
 * split R-hat below 1.01 and bulk ESS of at least 1000 for every parameter. Lives in the cli module because the
 * catalogue (validation module) depends on the inference module. Seed overridable with -Dastronest.test.seed.
 *
 * <p>Moves: a 50/50 mixture of stretch and DE. The stretch move alone cannot move a walker between the separated
 * modes of loggamma2d (its proposals stay on the walker's side of the midpoint to the partner walker), so mode
 * weights would stay as initialized; DE's gamma = 1 jumps carry walkers between modes.
 */
@Tag("slow")
class EnsembleProblemsTest {

    @ParameterizedTest
    @CsvSource({"corrgauss10d, 12000", "rosenbrock2d, 30000", "loggamma2d, 15000"})
    @SuppressWarnings("unchecked")
    void momentsWithinMcseAndConverged(String name, int steps) {
        TestProblem tp = ProblemCatalog.get(name);
        long seed = Long.getLong("astronest.test.seed", 1);
        RunResult r = EnsembleSampler.of(EnsembleSampler.Options.defaults().withWalkers(32).withSteps(steps)
                .withMove(Moves.parse("stretch:0.5,de:0.5")).withThreads(2)).run(tp.problem(), Rngs.seeded(seed));
        Map<String, Double> mcseMean = (Map<String, Double>) r.diagnostics().get("mcseMean");
        Map<String, Double> mcseSd = (Map<String, Double>) r.diagnostics().get("mcseSd");
        for (int i = 0; i < tp.dimension(); i++) {
            String p = tp.problem().freeNames().get(i);
            ParameterSummary s = r.summary().get(p);
            String what = name + " " + p + " " + s + " mcse mean " + mcseMean.get(p) + " sd " + mcseSd.get(p);
            assertEquals(tp.mean()[i], s.mean(), 4.5 * mcseMean.get(p), "mean: " + what);
            assertEquals(tp.sd()[i], s.sd(), 4.5 * mcseSd.get(p), "sd: " + what);
            assertTrue(s.rhat() < 1.01, "rhat: " + what);
            assertTrue(s.essBulk() >= 1000, "bulk ESS: " + what);
        }
    }
}
