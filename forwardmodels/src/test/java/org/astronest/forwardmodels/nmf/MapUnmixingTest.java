package org.astronest.forwardmodels.nmf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Thesis chapter 3's preprocessing and unmixing ({@link MapUnmixing}, seed 001 sec. 3.5). */
class MapUnmixingTest {

    @Test
    void negativesGoToZeroAndEachMapToMeanOne() {
        // by hand: map 1 clipped to (1, 0, 3), mean 4/3, factor 3/4; map 2 mean 2, factor 1/2
        MapUnmixing.Preprocessed p = MapUnmixing.preprocess(new double[][] {{1, -1, 3}, {2, 2, 2}});
        assertEquals(1, p.negativesZeroed());
        assertArrayEquals(new double[] {0.75, 0.5}, p.scales(), 1e-15);
        assertArrayEquals(new double[] {0.75, 0, 2.25}, p.scaled()[0], 1e-15);
        assertArrayEquals(new double[] {1, 1, 1}, p.scaled()[1], 1e-15);
    }

    /**
     * Maps that are exactly W_true V_true with both factors separable (each component has a line only it emits and a
     * pixel only it fills) have one non-negative factorisation up to scale and order, so the unmixing must find it:
     * MAE 0 (to the solver's convergence) whatever the units of each map, and W V equal to the maps.
     */
    @Test
    void recoversAnExactSeparableMixtureWhateverTheMapUnits() {
        double[][] wTrue = {{5, 0, 0}, {0, 2, 0}, {0, 0, 7}, {1, 3, 2}, {4, 1, 0.5}, {2, 2, 2}};
        int p = 60;
        double[][] v = new double[3][p];
        for (int j = 0; j < p; j++) {
            for (int k = 0; k < 3; k++) {
                v[k][j] = j < 3 ? (j == k ? 1 : 0) : 0.5 + 0.5 * Math.sin(0.7 * j + 2.1 * k) * Math.cos(0.3 * j * k);
            }
        }
        double[] units = {1, 1e-3, 250, 0.5, 30, 2e4};
        double[][] X = new double[wTrue.length][p];
        for (int l = 0; l < X.length; l++) {
            for (int j = 0; j < p; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += wTrue[l][k] * v[k][j];
                }
                X[l][j] = units[l] * s;
            }
        }
        double[][] wTrueUnits = new double[wTrue.length][3];
        for (int l = 0; l < wTrue.length; l++) {
            for (int k = 0; k < 3; k++) {
                wTrueUnits[l][k] = units[l] * wTrue[l][k];
            }
        }
        MapUnmixing.Result r = MapUnmixing.unmix(X, Nmf.Options.defaults(3).withIterations(20000, 1e-12));
        // the scaling is undone exactly: W = (W of the scaled fit) / factor
        for (int l = 0; l < X.length; l++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(r.fit().W()[l][k] / r.scales()[l], r.W()[l][k], 0.0);
            }
        }
        ComponentMatch.Match m = ComponentMatch.mae(wTrueUnits, r.W());
        assertTrue(m.mae() < 1e-4, "MAE " + m.mae());
        double[][] wv = NmfMatrices.multiply(r.W(), r.V());
        for (int l = 0; l < X.length; l++) {
            for (int j = 0; j < p; j++) {
                assertEquals(X[l][j], wv[l][j], 1e-4 * units[l] * 7, "map " + l + " pixel " + j);
            }
        }
    }

    @Test
    void errorsNameTheMap() {
        assertEquals("maps: map 2 is zero everywhere once negatives are set to 0; it cannot be scaled to mean 1",
                assertThrows(IllegalArgumentException.class,
                        () -> MapUnmixing.preprocess(new double[][] {{1, 2}, {-1, 0}})).getMessage());
        assertEquals("maps: map 1, pixel 2 is NaN; the maps must be finite", assertThrows(
                IllegalArgumentException.class, () -> MapUnmixing.preprocess(new double[][] {{1, Double.NaN}}))
                .getMessage());
        assertEquals("maps: map 2 has 1 pixels, map 1 has 2", assertThrows(IllegalArgumentException.class,
                () -> MapUnmixing.preprocess(new double[][] {{1, 2}, {3}})).getMessage());
    }
}
