package org.astronest.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;
import org.junit.jupiter.api.Test;

class InferenceProblemTest {

    private final PriorSet priors = PriorSet.of(Parameter.of("T", Priors.uniform(10, 200)),
            Parameter.of("n", Priors.logUniform(1e4, 1e6)));

    @Test
    void checkReportsNaNNamingTheParameters() {
        InferenceProblem p = InferenceProblem.of(priors, t -> t[0] > 0 ? Double.NaN : 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.check(Rngs.seeded(1), 3));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("T=") && e.getMessage().contains("n="),
                e.getMessage());
    }

    @Test
    void checkReportsAMutatedInput() {
        InferenceProblem p = InferenceProblem.of(priors, t -> {
            t[0] = 0;
            return 0;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.check(Rngs.seeded(1), 3));
        assertTrue(e.getMessage().contains("mutated"), e.getMessage());
    }

    @Test
    void checkReportsABatchThatDisagrees() {
        LogLikelihood bad = new LogLikelihood() {
            @Override
            public double logLikelihood(double[] theta) {
                return -theta[0];
            }

            @Override
            public void logLikelihood(double[][] thetas, double[] out) {
                for (int i = 0; i < thetas.length; i++) {
                    out[i] = -thetas[i][0] + 1;
                }
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> InferenceProblem.of(priors, bad).check(Rngs.seeded(1), 2));
        assertTrue(e.getMessage().contains("batch"), e.getMessage());
    }

    @Test
    void checkReportsAWrongDerivedLength() {
        InferenceProblem p = InferenceProblem.of(priors, t -> 0).withDerived(List.of("a", "b"),
                t -> new double[] {1});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.check(Rngs.seeded(1), 1));
        assertTrue(e.getMessage().contains("expected 2"), e.getMessage());
    }

    @Test
    void goodProblemPassesAndPosteriorAddsPrior() {
        InferenceProblem p = InferenceProblem.of(priors, t -> -0.5 * Math.pow((t[0] - 100) / 10, 2));
        p.check(Rngs.seeded(1), 10);
        double[] theta = {110, 1e5};
        // log prior: -ln 190 - ln(1e5) - ln ln 100; log L: -0.5
        assertEquals(-Math.log(190) - Math.log(1e5) - Math.log(Math.log(100)) - 0.5, p.logPosterior(theta), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, p.logPosterior(new double[] {5, 1e5}));
        assertArrayEquals(new double[] {110, 1e5}, p.row(theta));
    }

    @Test
    void nanDuringSamplingNamesTheta() {
        InferenceProblem p = InferenceProblem.of(priors, t -> Double.NaN);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> p.logLikelihood(new double[] {20, 3e4}));
        assertTrue(e.getMessage().contains("T=20"), e.getMessage());
    }
}
