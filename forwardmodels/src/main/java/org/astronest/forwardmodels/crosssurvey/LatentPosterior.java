package org.astronest.forwardmodels.crosssurvey;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;

/**
 * The exact posterior over the whitened latent vector u of a star seen only at low resolution (seed 002 sec. 4,
 * "p(z_i | F_i^2)"), a linear-Gaussian model: u ~ N(0, I), F2 ~ N(offset + A u, D), D = diag(E2^2). Posterior
 * precision P = I + A^T D^-1 A, mean P^-1 A^T D^-1 (F2 - offset) (Bishop 2006, eqs. 2.113-2.117); evidence
 * ln N(F2 | offset, A A^T + D) with log det = sum ln E2^2 + ln det P (matrix determinant lemma) and the quadratic
 * form by Woodbury, so only c x c matrices are factorised. The denoised spectrum is offset + A mean; residuals
 * (F2 - denoised) / E2 with their reduced chi-square over p2 - c degrees of freedom flag non-stellar features (seed
 * 002 fig. 4: cosmic rays, chip-gap discontinuities).
 */
public record LatentPosterior(LatentModel model, double[] lo, double[] err, double[] mean, double[][] covariance,
        double logEvidence, double[] denoised, double[] residuals, double reducedChiSquare) {

    /** Default |residual| above which a pixel is flagged (in units of its error). */
    public static final double FLAG_THRESHOLD = 5;

    static LatentPosterior of(LatentModel m, double[] lo, double[] err) {
        int p = m.pixels();
        int c = m.latent();
        if (lo.length != p || err.length != p) {
            throw new IllegalArgumentException("lo and lo_err must have " + p + " pixels, got " + lo.length + " and "
                    + err.length);
        }
        CrossSurveyData.check(new double[][] {lo}, p, "lo", false);
        CrossSurveyData.check(new double[][] {err}, p, "lo_err", true);
        double[][] a = m.loadings();
        double[][] prec = new double[c][c];
        double[] atr = new double[c];
        double rr = 0;
        double logDetD = 0;
        for (int j = 0; j < p; j++) {
            double w = 1 / (err[j] * err[j]);
            double r = lo[j] - m.offset()[j];
            rr += r * r * w;
            logDetD += Math.log(err[j] * err[j]);
            for (int s = 0; s < c; s++) {
                atr[s] += a[j][s] * w * r;
                for (int t = 0; t < c; t++) {
                    prec[s][t] += a[j][s] * w * a[j][t];
                }
            }
        }
        for (int s = 0; s < c; s++) {
            prec[s][s] += 1;
        }
        CholeskyDecomposition ch = new CholeskyDecomposition(new Array2DRowRealMatrix(prec, false), 1e-10, 1e-300);
        double[] mean = ch.getSolver().solve(new ArrayRealVector(atr, false)).toArray();
        double[][] cov = ch.getSolver().getInverse().getData();
        double logDetP = 0;
        for (int s = 0; s < c; s++) {
            logDetP += 2 * Math.log(ch.getL().getEntry(s, s));
        }
        double quad = rr;
        for (int s = 0; s < c; s++) {
            quad -= atr[s] * mean[s];
        }
        double logZ = -0.5 * (p * Math.log(2 * Math.PI) + logDetD + logDetP + quad);
        double[] den = Lin.add(m.offset(), Lin.multiply(a, mean));
        double[] res = new double[p];
        double chi2 = 0;
        for (int j = 0; j < p; j++) {
            res[j] = (lo[j] - den[j]) / err[j];
            chi2 += res[j] * res[j];
        }
        return new LatentPosterior(m, lo.clone(), err.clone(), mean, cov, logZ, den, res, chi2 / (p - c));
    }

    /** ln N(F2 | offset + A u, D): the likelihood a sampler draws u from (prior N(0, I)). */
    public double logLikelihood(double[] u) {
        double[] mu = Lin.add(model.offset(), Lin.multiply(model.loadings(), u));
        return Lin.logNormalDiagonal(lo, mu, err);
    }

    /** The posterior mean in the model's latent space, z = m + L u. */
    public double[] latentMean() {
        return Lin.add(model.mean(), Lin.multiply(model.chol(), mean));
    }

    /** Indices of pixels with |residual| above {@code threshold}. */
    public int[] flagged(double threshold) {
        return java.util.stream.IntStream.range(0, residuals.length)
                .filter(j -> Math.abs(residuals[j]) > threshold).toArray();
    }
}
