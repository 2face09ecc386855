package org.astronest.forwardmodels.payne;

/**
 * The Payne label scaling {@code s = (x - x_min)/(x_max - x_min) - 0.5} (Ting et al. 2019), shared by the network
 * families and the trainers ({@code payne.training}) so that every path (single, batched, with Jacobian, training)
 * scales with the same arithmetic.
 */
public final class LabelScaling {

    private LabelScaling() {
    }

    /** Validates the training box and returns {@code 1/(x_max - x_min)} per label. */
    public static double[] inverseRanges(double[] xMin, double[] xMax) {
        double[] inv = new double[xMin.length];
        for (int k = 0; k < xMin.length; k++) {
            double r = xMax[k] - xMin[k];
            if (!(r > 0) || !Double.isFinite(r)) {
                throw new IllegalArgumentException("label " + k + ": x_max - x_min must be > 0, got x_min=" + xMin[k]
                        + ", x_max=" + xMax[k]);
            }
            inv[k] = 1.0 / r;
        }
        return inv;
    }

    /** Scales {@code n} label vectors stored one after another in {@code xs} into {@code out} (same layout). */
    public static void scale(double[] xs, int n, double[] xMin, double[] xMax, double[] out) {
        int m = xMin.length;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                out[i * m + k] = (xs[i * m + k] - xMin[k]) / (xMax[k] - xMin[k]) - 0.5;
            }
        }
    }
}
