package org.astronest.validation.posteriordb;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * Ordinary least squares (QR) used by the regression models as a user would: to start MCMC walkers in a ball of
 * the OLS estimate with its standard errors (the posterior under flat or weak priors is centred there), never as an
 * answer.
 */
final class Regression {

    private Regression() {
    }

    /**
     * OLS of y on the columns of A: returns {coef..., sigma} as the centre and {se..., sigma/sqrt(2(n-p))} as the
     * scale (standard errors from s^2 (A^T A)^-1).
     */
    static double[][] start(double[][] a, double[] y) {
        int n = a.length;
        int p = a[0].length;
        RealMatrix am = new Array2DRowRealMatrix(a, false);
        DecompositionSolver s = new QRDecomposition(am).getSolver();
        double[] coef = s.solve(new ArrayRealVector(y, false)).toArray();
        double ssr = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i];
            for (int j = 0; j < p; j++) {
                r -= a[i][j] * coef[j];
            }
            ssr += r * r;
        }
        double s2 = ssr / (n - p);
        RealMatrix inv = new QRDecomposition(am.transpose().multiply(am)).getSolver().getInverse();
        double[] center = new double[p + 1];
        double[] scale = new double[p + 1];
        for (int j = 0; j < p; j++) {
            center[j] = coef[j];
            scale[j] = Math.sqrt(s2 * inv.getEntry(j, j));
        }
        center[p] = Math.sqrt(s2);
        scale[p] = Math.sqrt(s2) / Math.sqrt(2.0 * (n - p));
        return new double[][] {center, scale};
    }

    /** log Normal(y | mu, sigma), fully normalised. */
    static double logNormal(double y, double mu, double sigma) {
        double z = (y - mu) / sigma;
        return -0.5 * z * z - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
    }

    static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
}
