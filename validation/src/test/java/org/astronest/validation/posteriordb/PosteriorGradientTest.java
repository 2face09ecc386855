package org.astronest.validation.posteriordb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.junit.jupiter.api.Test;

/**
 * The nine posteriordb models' analytic gradients against five-point central differences at 20 draws of their
 * priors ({@link InferenceProblem#checkGradient} with {@link InferenceProblem#checkSteps()}: prior draws far from the
 * data make ln L of order 1e5 with curvature on scales far below the prior's, where only the smaller steps keep the
 * stencil's truncation error down; improper flat priors: standard normal draws), for the problem nested sampling
 * runs and the one MCMC runs: within 1e-6 relative (issue 22).
 */
class PosteriorGradientTest {

    static final long SEED = Long.getLong("astronest.test.seed", 90210L);

    @Test
    void allNineGradientsMatchFiniteDifferences() {
        int k = 0;
        for (String name : PosteriorModels.NAMES) {
            PosteriorModel m = PosteriorModels.create(PosteriorFolder.read(LogDensityCheckTest.root(), name));
            for (InferenceProblem p : new InferenceProblem[] {m.problem(), m.mcmcProblem()}) {
                assertTrue(p.hasGradient(), name + " has no analytic gradient");
                InferenceProblem.GradientCheck c = p.checkGradient(Rngs.stream(SEED, k++), 20, InferenceProblem.checkSteps());
                assertTrue(c.relativeError() < 1e-6, name + ": " + c.describe());
            }
        }
    }
}
