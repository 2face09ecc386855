package org.astronest.forwardmodels.payne.training;

import org.astronest.forwardmodels.payne.SpectralNetwork;

/**
 * A trained model's gradient spectra at the reference star and their agreement with ab initio ones, the quantity of
 * seed 004 Fig. 3 (right: "the cross-correlation of the model gradient spectra with the theoretical gradient spectra
 * of all 16 stellar labels"), which we compute as the Pearson correlation across pixels.
 */
public final class GradientSpectra {

    private GradientSpectra() {
    }

    /**
     * The model's gradient spectra of labels {@code labels} (indices) at {@code reference} with {@code steps}, in
     * the {@link DifferenceScheme} {@code scheme}: {@code labels.length x P}, row-major.
     */
    public static double[] of(SpectralNetwork model, double[] reference, double[] steps, int[] labels,
                              DifferenceScheme scheme) {
        int np = model.pixelCount();
        double[] out = new double[labels.length * np];
        SpectralNetwork.Workspace ws = model.workspace(1);
        double[] fm = new double[np];
        double[] fp = new double[np];
        for (int g = 0; g < labels.length; g++) {
            int k = labels[g];
            double[] xm = reference.clone();
            double[] xp = reference.clone();
            xm[k] += scheme.minusOffset() * steps[k];
            xp[k] += scheme.plusOffset() * steps[k];
            model.predict(xm, fm, ws);
            model.predict(xp, fp, ws);
            for (int p = 0; p < np; p++) {
                out[g * np + p] = fp[p] - fm[p];
            }
        }
        return out;
    }

    /** The model's gradient spectra of the prior's labels at its reference star, in its scheme ({@code G x P}). */
    public static double[] of(SpectralNetwork model, GradientPrior prior) {
        int[] idx = new int[prior.size()];
        for (int g = 0; g < idx.length; g++) {
            idx[g] = prior.labelIndex(g);
        }
        return of(model, prior.reference(), prior.steps(), idx, prior.options().scheme());
    }

    /** Per prior label: the correlation across pixels of the model's gradient spectrum with the ab initio one. */
    public static double[] correlations(SpectralNetwork model, GradientPrior prior) {
        double[] m = of(model, prior);
        int np = prior.pixelCount();
        double[] c = new double[prior.size()];
        for (int g = 0; g < c.length; g++) {
            double[] a = java.util.Arrays.copyOfRange(m, g * np, (g + 1) * np);
            c[g] = correlation(a, prior.abInitio(g));
        }
        return c;
    }

    /** Pearson correlation of {@code a} and {@code b} (NaN when either is constant). */
    public static double correlation(double[] a, double[] b) {
        int n = a.length;
        if (b.length != n || n < 2) {
            throw new IllegalArgumentException("correlation of " + a.length + " and " + b.length + " values");
        }
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - ma;
            double db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Double.NaN;
    }
}
