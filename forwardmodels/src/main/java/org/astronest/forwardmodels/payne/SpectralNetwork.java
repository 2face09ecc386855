package org.astronest.forwardmodels.payne;

/**
 * A neural network that predicts a spectrum (one value per pixel of its output grid) from physical labels, The Payne
 * style (Ting et al. 2019, ApJ 879, 69): labels are first scaled to {@code s = (x - x_min)/(x_max - x_min) - 0.5}
 * and the network is evaluated in double precision.
 *
 * <p>Networks are immutable and thread-safe; scratch memory lives in a {@link Workspace} made once per thread by
 * {@link #workspace(int)} so that evaluations allocate nothing. Labels outside {@code [x_min, x_max]} are evaluated
 * as given (extrapolation); callers that must stay in the training box restrict their priors or bounds.
 */
public interface SpectralNetwork {

    /** Scratch memory for evaluations of up to {@link #capacity()} label vectors at once. Not thread-safe. */
    interface Workspace {
        /** Largest batch this workspace can hold. */
        int capacity();
    }

    /** Number of labels (inputs). */
    int labelCount();

    /** Number of output pixels. */
    int pixelCount();

    /** Lower label bounds of the training box (copy). */
    double[] xMin();

    /** Upper label bounds of the training box (copy). */
    double[] xMax();

    /** A workspace for batches of up to {@code batch} label vectors. */
    Workspace workspace(int batch);

    /** Predicts the spectrum at physical labels {@code x} into {@code out[0..pixelCount)}. */
    void predict(double[] x, double[] out, Workspace ws);

    /**
     * Predicts the spectrum and its Jacobian with respect to the physical labels:
     * {@code jac[p * labelCount() + k] = d out[p] / d x_k} (analytic, forward-mode differentiation).
     */
    void predictWithJacobian(double[] x, double[] out, double[] jac, Workspace ws);

    /**
     * Batched prediction: {@code xs} holds {@code n} label vectors one after another ({@code n * labelCount()}
     * values), {@code out} receives {@code n} spectra one after another ({@code n * pixelCount()} values). Same
     * numbers as {@link #predict} one by one (matrix-matrix loops; the summation order per value is the same).
     */
    void predictBatch(double[] xs, int n, double[] out, Workspace ws);

    /** Convenience: a new array with the spectrum at {@code x} (allocates; not for hot loops). */
    default double[] predict(double[] x) {
        double[] out = new double[pixelCount()];
        predict(x, out, workspace(1));
        return out;
    }

    /** The scaled labels {@code s = (x - x_min)/(x_max - x_min) - 0.5}. */
    default double[] scale(double[] x) {
        double[] s = new double[x.length];
        LabelScaling.scale(x, 1, xMin(), xMax(), s);
        return s;
    }

    /** Physical labels from scaled ones: {@code x = x_min + (s + 0.5)(x_max - x_min)}. */
    default double[] unscale(double[] s) {
        double[] lo = xMin();
        double[] hi = xMax();
        double[] x = new double[s.length];
        for (int k = 0; k < s.length; k++) {
            x[k] = lo[k] + (s[k] + 0.5) * (hi[k] - lo[k]);
        }
        return x;
    }

    /** One-line description (type and shapes). */
    String describe();
}
