package org.astronest.forwardmodels.crosssurvey;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.astronest.forwardmodels.linalg.SymmetricEigen;
import org.hipparchus.linear.RealMatrix;

/**
 * The closed-form reference of seed 002's model: with one weight per low-resolution pixel (no per-star errors) and
 * flat priors, the MAP of F2 = b + B F1 with rank(B) = c is reduced-rank regression (Izenman 1975, J. Multivar. Anal.
 * 5, 248; Reinsel &amp; Velu 1998, sec. 2.3): with Y~ = Gamma^1/2 F2 the weighted, centred targets, B_ols the least-
 * squares coefficients of Y~ on the centred F1 and V the top c eigenvectors of the fitted values' Gram matrix,
 * B = Gamma^-1/2 V V^T B_ols. Factored as betaF = Gamma^-1/2 V (orthonormal columns in the weighted pixel space) and
 * betaZ = V^T B_ols; b = mean(F2) - B mean(F1). Seed 002 notes the model "is linear regression constrained to
 * estimate a matrix of constrained rank" (footnote 3 asks for its name: this is it).
 */
public final class ReducedRankRegression {

    private ReducedRankRegression() {
    }

    /** The rank-c fit with per-pixel weights gamma_j = the mean over stars of 1 / E2_ij^2. */
    public static CrossSurveyModel fit(CrossSurveyData d, int c) {
        double[] gamma = new double[d.loPixels()];
        for (double[] e : d.loErr()) {
            for (int j = 0; j < gamma.length; j++) {
                gamma[j] += 1 / (e[j] * e[j]) / d.stars();
            }
        }
        return fit(d, c, gamma);
    }

    /** The rank-c fit with the given per-pixel weights. */
    public static CrossSurveyModel fit(CrossSurveyData d, int c, double[] gamma) {
        int n = d.stars();
        int p1 = d.hiPixels();
        int p2 = d.loPixels();
        if (c < 1 || c > Math.min(p1, p2)) {
            throw new IllegalArgumentException("latent must be in 1.." + Math.min(p1, p2) + ", got " + c);
        }
        if (n <= p1) {
            throw new IllegalArgumentException("the closed form needs more training stars than hi pixels (" + p1
                    + "), got " + n);
        }
        double[] mx = mean(d.hi());
        double[] my = mean(d.lo());
        double[][] x = new double[n][p1];
        double[][] y = new double[n][p2];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < p1; k++) {
                x[i][k] = d.hi()[i][k] - mx[k];
            }
            for (int j = 0; j < p2; j++) {
                y[i][j] = Math.sqrt(gamma[j]) * (d.lo()[i][j] - my[j]);
            }
        }
        RealMatrix xm = new Array2DRowRealMatrix(x, false);
        RealMatrix ym = new Array2DRowRealMatrix(y, false);
        RealMatrix xtx = xm.transposeMultiply(xm);
        RealMatrix xty = xm.transposeMultiply(ym);
        RealMatrix bolsT = new CholeskyDecomposition(xtx, 1e-10, 1e-300).getSolver().solve(xty); // p1 x p2
        double[][] gram = xty.transposeMultiply(bolsT).getData(); // Yhat^T Yhat = XtY^T XtX^-1 XtY
        double[][] v = SymmetricEigen.of(gram).top(c); // p2 x c
        double[][] betaZ = new Array2DRowRealMatrix(v, false).transposeMultiply(bolsT.transpose()).getData();
        double[][] betaF = new double[p2][c];
        for (int j = 0; j < p2; j++) {
            for (int a = 0; a < c; a++) {
                betaF[j][a] = v[j][a] / Math.sqrt(gamma[j]);
            }
        }
        double[] bz = Lin.multiply(betaF, Lin.multiply(betaZ, mx));
        double[] b = new double[p2];
        for (int j = 0; j < p2; j++) {
            b[j] = my[j] - bz[j];
        }
        return new CrossSurveyModel(betaF, betaZ, b);
    }

    static double[] mean(double[][] m) {
        double[] out = new double[m[0].length];
        for (double[] row : m) {
            for (int j = 0; j < out.length; j++) {
                out[j] += row[j] / m.length;
            }
        }
        return out;
    }
}
