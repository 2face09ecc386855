package org.astronest.forwardmodels.molecular;

/**
 * The log-likelihood of observed lines under a {@link LineModel}: theta holds the model parameters in
 * {@link LineModel#parameterNames()} order, followed by the calibration factor when a calibration nuisance is
 * sampled. Points outside the model's domain (an emulator's training range, a non-converged RADEX model) have
 * likelihood -infinity. Pure and thread-safe; the batch method evaluates the model in blocks.
 */
public final class LineFit {

    private final LineModel model;
    private final LineLikelihood likelihood;
    private final boolean calibrationNuisance;
    private final int calibrationIndex;
    private final int nl;
    private final ThreadLocal<double[]> outBuf;
    private final ThreadLocal<boolean[]> validBuf;

    public LineFit(LineModel model, LineLikelihood likelihood, boolean calibrationNuisance) {
        if (likelihood.observations().size() != model.lines().size()) {
            throw new IllegalArgumentException("likelihood has " + likelihood.observations().size()
                    + " observations, model " + model.lines().size() + " lines");
        }
        this.model = model;
        this.likelihood = likelihood;
        this.calibrationNuisance = calibrationNuisance;
        this.calibrationIndex = model.parameterNames().size();
        this.nl = model.lines().size();
        this.outBuf = ThreadLocal.withInitial(() -> new double[64 * nl]);
        this.validBuf = ThreadLocal.withInitial(() -> new boolean[64]);
    }

    public LineModel model() {
        return model;
    }

    public LineLikelihood likelihood() {
        return likelihood;
    }

    /** Number of parameters theta must have. */
    public int parameters() {
        return calibrationIndex + (calibrationNuisance ? 1 : 0);
    }

    public double logLikelihood(double[] theta) {
        double[] out = new double[1];
        logLikelihood(new double[][] {theta}, out);
        return out[0];
    }

    /** Whether {@link #logLikelihood(double[], double[])} is analytic (the model's transfer has derivatives). */
    public boolean differentiable() {
        return model.differentiable();
    }

    /**
     * ln L(theta) and d ln L / d theta into {@code gradient} (length {@link #parameters()}): the likelihood's gradient
     * in the predicted intensities (and the calibration factor) times the model's Jacobian
     * ({@link LineModel#predictWithJacobian}). Values are identical to {@link #logLikelihood(double[])}; -infinity
     * outside the domain, with the gradient left at zero.
     *
     * @throws UnsupportedOperationException unless {@link #differentiable()}
     */
    public double logLikelihood(double[] theta, double[] gradient) {
        int np = calibrationIndex;
        double[] pred = new double[nl];
        double[] jac = new double[nl * np];
        boolean[] valid = new boolean[1];
        model.predictWithJacobian(new double[][] {theta}, 0, 1, pred, jac, valid);
        java.util.Arrays.fill(gradient, 0.0);
        if (!valid[0]) {
            return Double.NEGATIVE_INFINITY;
        }
        double c = calibrationNuisance ? theta[calibrationIndex] : 1;
        double[] dPred = new double[nl + 1];
        double v = likelihood.logLikelihood(pred, c, dPred);
        for (int l = 0; l < nl; l++) {
            double a = dPred[l];
            if (a != 0) {
                for (int p = 0; p < np; p++) {
                    gradient[p] += a * jac[l * np + p];
                }
            }
        }
        if (calibrationNuisance) {
            gradient[calibrationIndex] = dPred[nl];
        }
        return v;
    }

    /** {@code out[i] = ln L(thetas[i])}. */
    public void logLikelihood(double[][] thetas, double[] out) {
        double[] pred = outBuf.get();
        boolean[] valid = validBuf.get();
        double[] one = new double[nl];
        for (int start = 0; start < thetas.length; start += 64) {
            int nb = Math.min(64, thetas.length - start);
            model.predict(thetas, start, nb, pred, valid);
            for (int j = 0; j < nb; j++) {
                if (!valid[j]) {
                    out[start + j] = Double.NEGATIVE_INFINITY;
                    continue;
                }
                System.arraycopy(pred, j * nl, one, 0, nl);
                double c = calibrationNuisance ? thetas[start + j][calibrationIndex] : 1;
                out[start + j] = likelihood.logLikelihood(one, c);
            }
        }
    }
}
