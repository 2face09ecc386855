package org.astronest.forwardmodels.nmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The chapter-3 map generator ({@link SyntheticLineMaps}) against the properties seed 001 sec. 3.4 states. */
class SyntheticLineMapsTest {

    static final double[][] W = {{3, 1}, {0.5, 2}};

    static SyntheticLineMaps.Maps maps(double snr) {
        return SyntheticLineMaps.build(W, new SyntheticLineMaps.Design(40, 40,
                List.of(new SyntheticLineMaps.Blob(20, 20, 3), new SyntheticLineMaps.Blob(17, 22, 4)), 4, snr, 7));
    }

    @Test
    void blobsPeakAtOneAndTheBeamKeepsTheFlux() {
        SyntheticLineMaps.Maps m = maps(50);
        // "the amplitude A is set such that v = 1 at the peak location of the component": pixel (20, 20)
        assertEquals(1.0, m.vTrue()[0][20 * 40 + 20], 0.0);
        // a normalised kernel keeps the sum where the map holds the blob, to 1e-7: its tail within the beam's reach
        // (6.8 pixels) of an edge, e^-(13.2^2 / 18) = 6e-5 of the peak, partly spills out of the map
        double a = 0;
        double b = 0;
        for (int j = 0; j < 1600; j++) {
            a += m.vTrue()[0][j];
            b += m.vConv()[0][j];
        }
        assertEquals(a, b, 1e-7 * a);
        // a Gaussian (sigma 3) through a Gaussian beam (FWHM 4, sigma 1.699) peaks at 3^2 / (3^2 + 1.699^2)
        double sk = 4 / (2 * Math.sqrt(2 * Math.log(2)));
        assertEquals(9 / (9 + sk * sk), m.vConv()[0][20 * 40 + 20], 2e-3);
    }

    @Test
    void noiseIsTheMeanOverTheSignalToNoiseRatio() {
        SyntheticLineMaps.Maps m = maps(50);
        for (int l = 0; l < 2; l++) {
            double mean = 0;
            for (double v : m.noiseless()[l]) {
                mean += v;
            }
            mean /= 1600;
            assertEquals(mean / 50, m.noiseSd()[l], 1e-15 * mean);
            double ss = 0;
            for (int j = 0; j < 1600; j++) {
                double r = m.X()[l][j] - m.noiseless()[l][j];
                ss += r * r;
            }
            double sd = Math.sqrt(ss / 1600);
            // the sample standard deviation of 1600 normal draws has a relative standard error 1/sqrt(3200)
            assertEquals(m.noiseSd()[l], sd, 4 * m.noiseSd()[l] / Math.sqrt(3200), "map " + l);
        }
        SyntheticLineMaps.Maps clean = maps(Double.POSITIVE_INFINITY);
        assertTrue(java.util.Arrays.deepEquals(clean.X(), clean.noiseless()));
    }
}
