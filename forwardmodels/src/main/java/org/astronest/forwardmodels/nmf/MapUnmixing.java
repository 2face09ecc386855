package org.astronest.forwardmodels.nmf;

/**
 * Unmixing of line-intensity maps by NMF as in thesis chapter 3 (seed 001, secs. 3.2, 3.3 and 3.5): the maps are the
 * rows of X (N_M maps x N_p pixels), X ~ W V with W (N_M x K) the components' emission in each line and V (K x N_p)
 * their spatial contributions.
 *
 * <p>Preprocessing (sec. 3.5, second paragraph): negative entries are set to zero (NMF needs X >= 0), then each map is
 * multiplied by the factor that gives it a mean of 1, so that the loss weighs every map equally. After the fit the
 * factor is taken out of W (row l of W divided by map l's factor), so W is in the units of the input maps and
 * {@code W V} approximates the clipped input; V is left as fitted.
 *
 * <p>The factorisation is {@link Nmf} with the thesis' X as {@link Nmf}'s V, the thesis' W as its W and the thesis' V
 * as its H. The thesis' regularised loss (eq. 3.2) {@code ||X - WV||_F + lambda1 ||W||_F^2 + lambda2 ||V||_F^2} with
 * L2 terms is scikit-learn's, which the thesis used (sec. 3.3): 0.5 ||X - WV||_F^2 + 0.5 alphaW N_p ||W||_F^2 +
 * 0.5 alphaH N_M ||V||_F^2 with l1Ratio 0, so "L2 on W" is {@code alphaW}, "L2 on V" is {@code alphaH}, and with the
 * squared data term lambda1 = alphaW N_p / 2, lambda2 = alphaH N_M / 2 (eq. 3.2 writes the data term unsquared).
 */
public final class MapUnmixing {

    private MapUnmixing() {
    }

    /**
     * The maps after preprocessing.
     *
     * @param scaled          N_M x N_p, clipped at 0 and each row of mean 1
     * @param scales          the factor each map was multiplied by (1 / mean of the clipped map)
     * @param negativesZeroed how many entries were negative and set to 0
     */
    public record Preprocessed(double[][] scaled, double[] scales, int negativesZeroed) {
    }

    /**
     * An unmixing.
     *
     * @param W               N_M x K, component emission per map in the input's units (the scaling undone)
     * @param V               K x N_p, the components' spatial contributions (row k = component k's map)
     * @param scales          the factor each map was multiplied by before the fit
     * @param negativesZeroed entries set to 0 by the preprocessing
     * @param fit             the NMF of the scaled maps (its W is in scaled units, its loss the scaled objective)
     */
    public record Result(double[][] W, double[][] V, double[] scales, int negativesZeroed, Nmf.Result fit) {
    }

    /**
     * Negatives to zero, then each map (row) to mean 1. Errors name the map (1-based row): a row of another length,
     * a non-finite value, or a map that is zero everywhere after clipping (no factor gives it mean 1).
     */
    public static Preprocessed preprocess(double[][] maps) {
        if (maps == null || maps.length == 0 || maps[0] == null || maps[0].length == 0) {
            throw new IllegalArgumentException("maps: need at least one map of at least one pixel");
        }
        int p = maps[0].length;
        double[][] out = new double[maps.length][];
        double[] scales = new double[maps.length];
        int zeroed = 0;
        for (int l = 0; l < maps.length; l++) {
            double[] row = maps[l];
            if (row == null || row.length != p) {
                throw new IllegalArgumentException("maps: map " + (l + 1) + " has " + (row == null ? 0 : row.length)
                        + " pixels, map 1 has " + p);
            }
            double[] r = new double[p];
            for (int j = 0; j < p; j++) {
                double x = row[j];
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException("maps: map " + (l + 1) + ", pixel " + (j + 1) + " is " + x
                            + "; the maps must be finite");
                }
                if (x < 0) {
                    zeroed++;
                    x = 0;
                }
                r[j] = x;
            }
            double mean = NmfMatrices.mean(new double[][] {r});
            if (!(mean > 0)) {
                throw new IllegalArgumentException("maps: map " + (l + 1) + " is zero everywhere once negatives are "
                        + "set to 0; it cannot be scaled to mean 1");
            }
            double s = 1.0 / mean;
            for (int j = 0; j < p; j++) {
                r[j] *= s;
            }
            out[l] = r;
            scales[l] = s;
        }
        return new Preprocessed(out, scales, zeroed);
    }

    /**
     * Preprocesses the maps (N_M x N_p), factorises them with {@code options} (not the custom start) and undoes the
     * scaling on W.
     */
    public static Result unmix(double[][] maps, Nmf.Options options) {
        Preprocessed pre = preprocess(maps);
        Nmf.Result fit = new Nmf(options).fit(pre.scaled());
        double[][] W = new double[maps.length][];
        for (int l = 0; l < W.length; l++) {
            W[l] = fit.W()[l].clone();
            for (int k = 0; k < W[l].length; k++) {
                W[l][k] /= pre.scales()[l];
            }
        }
        return new Result(W, NmfMatrices.copy(fit.H()), pre.scales().clone(), pre.negativesZeroed(), fit);
    }
}
