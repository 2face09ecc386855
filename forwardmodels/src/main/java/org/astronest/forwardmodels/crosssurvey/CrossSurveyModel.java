package org.astronest.forwardmodels.crosssurvey;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;

/**
 * Fitted parameters of seed 002's model F2 ~ N(b + betaF z, diag(E2^2)), z = betaZ F1 (eq. 2): {@code betaF} p2 x c,
 * {@code betaZ} c x p1, {@code b} p2. For stars with only a low-resolution spectrum z needs a prior; {@link #latent}
 * fits a Gaussian to the training stars' z = betaZ F1 (the population the model has seen).
 */
public record CrossSurveyModel(double[][] betaF, double[][] betaZ, double[] b) {

    /** Latent dimension c. */
    public int latent() {
        return betaZ.length;
    }

    /** z = betaZ F1 for each high-resolution spectrum (n x c). */
    public double[][] latents(double[][] hi) {
        double[][] z = new double[hi.length][];
        for (int i = 0; i < hi.length; i++) {
            z[i] = Lin.multiply(betaZ, hi[i]);
        }
        return z;
    }

    /** The predicted low-resolution spectrum b + betaF betaZ F1 of each star. */
    public double[][] predict(double[][] hi) {
        double[][] z = latents(hi);
        double[][] out = new double[hi.length][];
        for (int i = 0; i < hi.length; i++) {
            out[i] = Lin.add(b, Lin.multiply(betaF, z[i]));
        }
        return out;
    }

    /** Sum over stars of ln N(F2 | b + betaF betaZ F1, diag(E2^2)) (the held-out log-likelihood on test stars). */
    public double logLikelihood(CrossSurveyData d) {
        double[][] p = predict(d.hi());
        double s = 0;
        for (int i = 0; i < d.stars(); i++) {
            s += Lin.logNormalDiagonal(d.lo()[i], p[i], d.loErr()[i]);
        }
        return s;
    }

    /**
     * The model in whitened latent coordinates u = L^-1 (z - m), m and L L^T the mean and covariance of the training
     * stars' z: then u ~ N(0, I) a priori and F2 ~ N(b + betaF m + (betaF L) u, diag(E2^2)).
     */
    public LatentModel latent(double[][] trainingHi) {
        double[][] z = latents(trainingHi);
        int c = latent();
        int n = z.length;
        if (n <= c) {
            throw new IllegalArgumentException("need more than " + c + " training stars for the latent prior, got " + n);
        }
        double[] m = new double[c];
        for (double[] zi : z) {
            for (int a = 0; a < c; a++) {
                m[a] += zi[a] / n;
            }
        }
        double[][] s = new double[c][c];
        for (double[] zi : z) {
            for (int a = 0; a < c; a++) {
                for (int q = 0; q < c; q++) {
                    s[a][q] += (zi[a] - m[a]) * (zi[q] - m[q]) / (n - 1);
                }
            }
        }
        double[][] l = new CholeskyDecomposition(new Array2DRowRealMatrix(s, false), 1e-10, 1e-300).getL().getData();
        return latent(m, l);
    }

    /** The model in the whitened coordinates of a latent prior N(mean, chol chol^T) (see {@link #latent(double[][])}). */
    public LatentModel latent(double[] mean, double[][] chol) {
        return new LatentModel(Lin.multiply(betaF, chol), Lin.add(b, Lin.multiply(betaF, mean)), mean, chol);
    }
}
