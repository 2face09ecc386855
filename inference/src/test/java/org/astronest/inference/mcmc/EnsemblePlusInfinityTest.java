package org.astronest.inference.mcmc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;
import org.junit.jupiter.api.Test;

/**
 * The ensemble accepted a +infinity log-likelihood (every walker then sat there: a wrong posterior, exit 0); the check
 * before the run or the evaluation during it now refuses it, naming theta.
 */
class EnsemblePlusInfinityTest {

    @Test
    void plusInfinityIsAnErrorNamingTheta() {
        InferenceProblem p = InferenceProblem.of(PriorSet.of(Parameter.of("a", Priors.uniform(0, 1)),
                Parameter.of("b", Priors.uniform(0, 1))), th -> th[0] > 0.8 ? Double.POSITIVE_INFINITY : -th[1]);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EnsembleSampler.of(EnsembleSampler.Options.defaults().withWalkers(8).withSteps(200)
                        .withThreads(1)).run(p, Rngs.seeded(1)));
        assertTrue(e.getMessage().startsWith("log-likelihood is +infinity at a=0.8"), e.getMessage());
    }
}
