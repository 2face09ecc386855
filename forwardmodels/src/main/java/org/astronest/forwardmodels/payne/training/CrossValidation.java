package org.astronest.forwardmodels.payne.training;

import java.util.ArrayList;
import java.util.List;
import org.astronest.forwardmodels.payne.LabelFitter;
import org.astronest.forwardmodels.payne.SpectralNetwork;

/**
 * K-fold cross-validation of D_scale (seed 004 sec. 2: "the cross-validation analysis shows that the precision
 * decreases by a factor of 1.5 compared to the case with D_scale = 0"): the stars are split into K folds by a seeded
 * permutation; for every D_scale and fold a model is trained on the other folds and the labels of the held-out fold
 * are fitted ({@link LabelRecovery}). Per D_scale it reports, pooled over all held-out stars, the scatter and bias of
 * fitted minus known labels, and, averaged over the folds, the correlation of the model's gradient spectra with the
 * ab initio ones (seed 004 Fig. 3).
 */
public final class CrossValidation {

    /**
     * One D_scale.
     *
     * @param dScale               D_scale
     * @param scatter              per label: standard deviation of fitted minus known labels of the held-out stars
     * @param bias                 per label: mean of fitted minus known
     * @param gradientCorrelation  per prior label: correlation of model and ab initio gradient spectra, mean over
     *                             folds
     * @param fits                 the pooled held-out fits (stars in fold order)
     */
    public record Row(double dScale, double[] scatter, double[] bias, double[] gradientCorrelation,
                      LabelRecovery.Fits fits) {
    }

    /** Progress: called after each (D_scale, fold) with the number done and planned. */
    @FunctionalInterface
    public interface Listener {
        void done(double dScale, int fold, int finished, int planned, double seconds);
    }

    private CrossValidation() {
    }

    /**
     * Runs the cross-validation.
     *
     * @param set      the training set
     * @param prior    the prior (its D_scale is replaced by each of {@code dScales})
     * @param dScales  the values to compare (>= 0)
     * @param trainer  the model trainer
     * @param folds    K >= 2 (at most the number of stars)
     * @param seed     seed of the fold assignment
     * @param threads  threads of the label fits
     * @param listener progress (may be null)
     */
    public static List<Row> run(TrainingSet set, GradientPrior prior, double[] dScales, ModelTrainer trainer,
                                int folds, long seed, int threads, Listener listener) {
        int n = set.starCount();
        if (folds < 2 || folds > n) {
            throw new IllegalArgumentException("cross-validation folds must be in 2.." + n + ", got " + folds);
        }
        if (dScales.length == 0) {
            throw new IllegalArgumentException("cross-validation needs at least one D_scale");
        }
        for (double d : dScales) {
            if (!(d >= 0) || !Double.isFinite(d)) {
                throw new IllegalArgumentException("cross-validation D_scale must be finite and >= 0, got " + d);
            }
        }
        int[] perm = Streams.permutation(n, Streams.of(seed, Streams.FOLDS));
        List<int[]> test = new ArrayList<>();
        List<int[]> train = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            List<Integer> te = new ArrayList<>();
            List<Integer> tr = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (i % folds == f ? te : tr).add(perm[i]);
            }
            int[] a = te.stream().mapToInt(Integer::intValue).sorted().toArray();
            int[] b = tr.stream().mapToInt(Integer::intValue).sorted().toArray();
            test.add(a);
            train.add(b);
        }
        LabelFitter fitter = new LabelFitter();
        List<Row> rows = new ArrayList<>();
        int planned = dScales.length * folds;
        int finished = 0;
        long t0 = System.nanoTime();
        for (double d : dScales) {
            GradientPrior pr = prior == null ? null : prior.withDScale(d);
            int nl = set.labelCount();
            double[] truth = new double[n * nl];
            double[] fitted = new double[n * nl];
            double[] errors = new double[n * nl];
            int filled = 0;
            double[] corr = pr == null ? new double[0] : new double[pr.size()];
            for (int f = 0; f < folds; f++) {
                SpectralNetwork model = trainer.fit(set.subset(train.get(f)), pr);
                LabelRecovery.Fits fits = LabelRecovery.fit(model, set.subset(test.get(f)), fitter, threads);
                int m = fits.starCount() * nl;
                System.arraycopy(fits.truth(), 0, truth, filled, m);
                System.arraycopy(fits.fitted(), 0, fitted, filled, m);
                System.arraycopy(fits.errors(), 0, errors, filled, m);
                filled += m;
                if (pr != null) {
                    double[] c = GradientSpectra.correlations(model, pr);
                    for (int g = 0; g < c.length; g++) {
                        corr[g] += c[g] / folds;
                    }
                }
                finished++;
                if (listener != null) {
                    listener.done(d, f, finished, planned, (System.nanoTime() - t0) * 1e-9);
                }
            }
            LabelRecovery.Fits all = new LabelRecovery.Fits(set.labelNames(), truth, fitted, errors);
            rows.add(new Row(d, all.scatter(), all.bias(), corr, all));
        }
        return rows;
    }

    /** Scatter of each label at {@code row} divided by that at {@code base} (the seed's "factor of 1.5"). */
    public static double[] precisionRatio(Row row, Row base) {
        double[] r = new double[row.scatter().length];
        for (int k = 0; k < r.length; k++) {
            r[k] = row.scatter()[k] / base.scatter()[k];
        }
        return r;
    }
}
