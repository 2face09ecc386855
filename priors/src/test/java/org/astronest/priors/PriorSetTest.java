package org.astronest.priors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PriorSetTest {

    private final PriorSet set = PriorSet.of(
            Parameter.of("T", Priors.uniform(10, 200)).withUnit("K"),
            Parameter.of("metallicity", Priors.fixed(1.0)),
            Parameter.of("n", Priors.logUniform(1e4, 1e6)).withLabel("n_H").withUnit("cm^-3"));

    @Test
    void fixedParametersAreInsertedNotSampled() {
        assertEquals(3, set.size());
        assertEquals(2, set.freeDimension());
        assertEquals(List.of("T", "n"), set.freeNames());
        double[] theta = set.fromUnit(new double[] {0.5, 0.5});
        // uniform midpoint 105; log-uniform midpoint sqrt(1e4 * 1e6) = 1e5
        assertEquals(105, theta[0], 1e-12);
        assertEquals(1, theta[1]);
        assertEquals(1e5, theta[2], 1e-9 * 1e5);
        assertArrayEquals(new double[] {theta[0], theta[2]}, set.freeValues(theta));
        assertArrayEquals(theta, set.expand(new double[] {theta[0], theta[2]}));
    }

    @Test
    void jointDensityIsTheSumOfMarginals() {
        double[] theta = {50, 1, 2e5};
        double expected = -Math.log(190) + (-Math.log(2e5) - Math.log(Math.log(100)));
        assertEquals(expected, set.logDensity(theta), 1e-12);
        assertEquals(Double.NEGATIVE_INFINITY, set.logDensity(new double[] {5, 1, 2e5}));
    }

    @Test
    void labelsAndUnits() {
        assertEquals("n_H", set.get("n").label());
        assertEquals("cm^-3", set.get("n").unit());
        assertEquals("T", set.get("T").label());
    }

    @Test
    void indexedNamesAsPosteriordbWritesThem() {
        assertEquals("beta[1]", Parameter.of("beta[1]", Priors.normal(0, 1)).name());
        assertEquals("Omega[2,3]", Parameter.of("Omega[2,3]", Priors.normal(0, 1)).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parameter.of("beta[", Priors.normal(0, 1)));
        assertTrue(e.getMessage().contains("'beta['"));
        assertThrows(IllegalArgumentException.class, () -> Parameter.of("1x", Priors.normal(0, 1)));
    }

    @Test
    void errorsNameTheProblem() {
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> PriorSet.of(
                Parameter.of("a", Priors.normal(0, 1)), Parameter.of("a", Priors.normal(0, 1))));
        assertTrue(dup.getMessage().contains("'a'"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> set.indexOf("x"));
        assertTrue(unknown.getMessage().contains("'x'"));
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
                () -> set.fromUnit(new double[] {0.5}));
        assertTrue(len.getMessage().contains("length 1"));
        PriorSet improper = PriorSet.of(Parameter.of("mu", Priors.flat()));
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> improper.requireProper("nested sampling"));
        assertTrue(flat.getMessage().contains("'mu'"), flat.getMessage());
    }
}
