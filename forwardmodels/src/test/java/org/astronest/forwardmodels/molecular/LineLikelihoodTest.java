package org.astronest.forwardmodels.molecular;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each likelihood mode against its formula evaluated by hand. */
class LineLikelihoodTest {

    private static final double LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    @Test
    void gaussianWithRelativeAndAbsoluteSigma() {
        List<LineObservation> obs = List.of(LineObservation.relative("CO(3-2)", 100, 0.2),
                LineObservation.absolute("HCN(4-3)", 10, 2));
        LineLikelihood l = LineLikelihood.intensities(obs, 0, 0, 0);
        double[] m = {90, 13};
        // sigma = 20 and 2: z = 0.5 and -1.5
        double expected = -0.5 * 0.25 - Math.log(20) - LN_SQRT_2PI - 0.5 * 2.25 - Math.log(2) - LN_SQRT_2PI;
        assertEquals(expected, l.logLikelihood(m, 1), 1e-13);
    }

    @Test
    void modelErrorFloorAndCalibrationAddInQuadrature() {
        List<LineObservation> obs = List.of(LineObservation.absolute("CO(3-2)", 100, 3));
        LineLikelihood l = LineLikelihood.intensities(obs, 4, 0.1, 0.05);
        // prediction 80 with calibration c = 1.25 -> model 100; s^2 = 9 + 16 + (0.1*100)^2 + (0.05*100)^2 = 150
        double s2 = 9 + 16 + 100 + 25;
        assertEquals(-0.5 * Math.log(s2) - LN_SQRT_2PI, l.logLikelihood(new double[] {80}, 1.25), 1e-13);
        double z2 = 400 / (9 + 16 + 64 + 16.0); // model 80, c = 1: s^2 = 9 + 16 + 64 + 16
        assertEquals(-0.5 * z2 - 0.5 * Math.log(105) - LN_SQRT_2PI, l.logLikelihood(new double[] {80}, 1), 1e-13);
    }

    @Test
    void upperLimitIsACensoredGaussian() {
        LineObservation ul = new LineObservation("CS(7-6)", 5, 1, Double.NaN, true);
        LineLikelihood l = LineLikelihood.intensities(List.of(ul), 0, 0, 0);
        // prediction 5: Phi(0) = 1/2; prediction 6: Phi(-1) = 0.15865525393145707 (normal table)
        assertEquals(Math.log(0.5), l.logLikelihood(new double[] {5}, 1), 1e-14);
        assertEquals(Math.log(0.15865525393145707), l.logLikelihood(new double[] {6}, 1), 1e-12);
        // far tail stays finite: Phi(-50) ~ phi(50)/50 (1 - 1/2500 + 3/2500^2)
        double far = l.logLikelihood(new double[] {55}, 1);
        assertEquals(-1250 - Math.log(50) - LN_SQRT_2PI + Math.log1p(-1 / 2500.0 + 3 / 6.25e6), far, 1e-9);
    }

    @Test
    void ratioModeIgnoresScaleAndUsesTheCorrelatedCovariance() {
        List<LineObservation> obs = List.of(LineObservation.relative("CO(3-2)", 100, 0.1),
                LineObservation.relative("CO(6-5)", 50, 0.2), LineObservation.relative("HCN(4-3)", 20, 0.1));
        LineLikelihood l = LineLikelihood.ratios(obs, 0);
        double a = l.logLikelihood(new double[] {10, 6, 2}, 1);
        double b = l.logLikelihood(new double[] {1000, 600, 200}, 1);
        assertEquals(a, b, 1e-12, "ratios do not depend on the overall scale");
        // By hand: R = (0.5, 0.2); e = (0.2, 0.1), e_ref = 0.1;
        // C = [[0.25*(0.04+0.01), 0.1*0.01], [0.1*0.01, 0.04*(0.01+0.01)]] = [[0.0125, 0.001], [0.001, 0.0008]]
        double c11 = 0.0125;
        double c12 = 0.001;
        double c22 = 0.0008;
        double det = c11 * c22 - c12 * c12;
        double r1 = 0.5 - 0.6;
        double r2 = 0.2 - 0.2;
        double chi2 = (c22 * r1 * r1 - 2 * c12 * r1 * r2 + c11 * r2 * r2) / det;
        assertEquals(-0.5 * chi2 - 0.5 * Math.log(det) - 2 * LN_SQRT_2PI, a, 1e-10);
    }

    @Test
    void badObservationsAreRefusedNamingTheLine() {
        IllegalArgumentException neg = assertThrows(IllegalArgumentException.class,
                () -> LineObservation.absolute("CO(3-2)", -1, 1));
        assertTrue(neg.getMessage().contains("CO(3-2)") && neg.getMessage().contains("-1"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> new LineObservation("CO(3-2)", 1, Double.NaN, Double.NaN, false));
        assertTrue(none.getMessage().contains("sigma"));
        assertThrows(IllegalArgumentException.class, () -> LineObservation.relative("CO(3-2)", 1, 0));
    }
}
