package org.astronest.forwardmodels.payne;

/**
 * Normalized residuals {@code r_i(theta) = (y_i - model_i(theta)) / sigma_i} of a fit, so that
 * {@code chi2 = sum r_i^2}; the seam between spectral likelihoods and {@link LabelFitter}.
 */
public interface ResidualFunction {

    /** Number of parameters in theta. */
    int parameterCount();

    /** Number of residuals. */
    int residualCount();

    /** Writes the residuals at theta. */
    void residuals(double[] theta, double[] r);

    /**
     * Writes the residuals and their Jacobian {@code jac[i * parameterCount() + k] = d r_i / d theta_k}. The default
     * uses central differences with steps {@code 1e-6 * steps[k]} where {@code steps} is {@link #typicalScale()}.
     */
    default void residualsAndJacobian(double[] theta, double[] r, double[] jac) {
        int np = parameterCount();
        int m = residualCount();
        residuals(theta, r);
        double[] scale = typicalScale();
        double[] rp = new double[m];
        double[] rm = new double[m];
        double[] t = theta.clone();
        for (int k = 0; k < np; k++) {
            double h = 1e-6 * scale[k];
            t[k] = theta[k] + h;
            residuals(t, rp);
            t[k] = theta[k] - h;
            residuals(t, rm);
            t[k] = theta[k];
            for (int i = 0; i < m; i++) {
                jac[i * np + k] = (rp[i] - rm[i]) / (2 * h);
            }
        }
    }

    /** A typical scale of each parameter (e.g. the width of its allowed range), for steps and scaling. */
    double[] typicalScale();
}
