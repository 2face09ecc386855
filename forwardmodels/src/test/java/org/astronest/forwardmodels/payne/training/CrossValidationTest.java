package org.astronest.forwardmodels.payne.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cross-validation of D_scale with the (fast) quadratic model: every star is held out exactly once per D_scale, the
 * pooled scatter is the standard deviation of the pooled differences, and the precision ratio of the first row is 1.
 */
class CrossValidationTest {

    @Test
    void everyStarIsHeldOutOnceAndTheFiguresArePooled() {
        SyntheticStars syn = SyntheticStars.random(60, 4, 1, 1.5, 21L);
        double[] x = SyntheticStars.trainingLabels(100, 0.99, 22L);
        double[] f = syn.spectra(x);
        double[] iv = SyntheticStars.addNoise(f, 0.01, 23L);
        TrainingSet set = TrainingSet.of(SyntheticStars.LABELS, x, f, iv, null);
        GradientPrior prior = GradientPrior.of(SyntheticStars.LABELS, SyntheticStars.LABELS, 60,
                syn.abInitio(1, 24L, DifferenceScheme.CENTRAL), SyntheticStars.REFERENCE, SyntheticStars.STEPS,
                GradientPrior.Options.defaults().withShape(PenaltyShape.SQUARED));
        int[] calls = new int[1];
        List<CrossValidation.Row> rows = CrossValidation.run(set, prior, new double[] {0, 10},
                new QuadraticTrainer(2), 4, 7L, 2, (d, fold, done, planned, s) -> calls[0]++);
        assertEquals(8, calls[0]);
        assertEquals(2, rows.size());
        for (CrossValidation.Row r : rows) {
            LabelRecovery.Fits fits = r.fits();
            assertEquals(100, fits.starCount());
            // the held-out truths are the training labels, each once
            for (int k = 0; k < 4; k++) {
                double[] a = fits.column(k, false);
                double[] b = new double[100];
                for (int i = 0; i < 100; i++) {
                    b[i] = set.label(i, k);
                }
                Arrays.sort(a);
                Arrays.sort(b);
                assertArrayEquals(b, a, 0.0);
                double[] d = fits.differences(k);
                double m = Arrays.stream(d).average().orElseThrow();
                double v = Arrays.stream(d).map(t -> (t - m) * (t - m)).sum() / 99;
                assertEquals(Math.sqrt(v), r.scatter()[k], 1e-12);
                assertEquals(m, r.bias()[k], 1e-12);
            }
            assertEquals(4, r.gradientCorrelation().length);
        }
        assertArrayEquals(new double[] {1, 1, 1, 1}, CrossValidation.precisionRatio(rows.get(0), rows.get(0)), 0.0);
        assertTrue(rows.get(1).gradientCorrelation()[3] > rows.get(0).gradientCorrelation()[3],
                "the prior raises the Ni gradient's agreement with the ab initio one");
        // the same seed gives the same folds and numbers
        List<CrossValidation.Row> again = CrossValidation.run(set, prior, new double[] {10}, new QuadraticTrainer(1),
                4, 7L, 1, null);
        assertArrayEquals(rows.get(1).scatter(), again.get(0).scatter(), 0.0);
    }
}
