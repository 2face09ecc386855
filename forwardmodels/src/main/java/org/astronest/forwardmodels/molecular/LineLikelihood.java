package org.astronest.forwardmodels.molecular;

import java.util.List;

/**
 * Likelihood of observed line intensities given predicted ones. With I_i the observation, m_i the prediction and
 * c a calibration factor (1 unless a calibration nuisance is sampled):
 *
 * <ul>
 * <li>variance: s_i^2 = sigma_i^2 + a^2 + (r c m_i)^2 + (k c m_i)^2, with sigma_i the observational uncertainty
 *     (absolute, or sigma_rel x I_i), a and r the absolute and fractional model-error floor, and k the calibration
 *     uncertainty when it is added in quadrature (else 0);</li>
 * <li>detection: ln L_i = -(I_i - c m_i)^2 / (2 s_i^2) - ln(s_i sqrt(2 pi));</li>
 * <li>upper limit I_i (censored Gaussian): ln L_i = ln Phi((I_i - c m_i) / s_i), the probability that a measurement
 *     would fall below the limit;</li>
 * <li>ratio mode: the data are the ratios R_i = I_i / I_ref to a reference line, compared with c-free model ratios
 *     m_i / m_ref by a multivariate Gaussian whose covariance follows from first-order error propagation of the
 *     observational uncertainties, Cov(R_i, R_j) = R_i R_j (delta_ij e_i^2 + e_ref^2) with e = sigma / I (the shared
 *     reference makes the ratios correlated). The beam filling factor and calibration cancel; upper limits and the
 *     model-error floor are not used in this mode.</li>
 * </ul>
 * The normalization terms are kept because s_i depends on the prediction when r or k is non-zero.
 */
public final class LineLikelihood {

    /** How the data are compared. */
    public enum Mode { INTENSITY, RATIO }

    private static final double LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final List<LineObservation> observations;
    private final Mode mode;
    private final double floorAbs;
    private final double floorRel;
    private final double calibrationQuadrature;
    private final int reference;
    private final double[] obsSigma;
    // ratio mode: Cholesky factor of the ratio covariance and the observed ratios
    private final double[] ratios;
    private final double[][] cholesky;
    private final double ratioLogNorm;

    private LineLikelihood(List<LineObservation> observations, Mode mode, int reference, double floorAbs,
                           double floorRel, double calibrationQuadrature) {
        if (observations.isEmpty()) {
            throw new IllegalArgumentException("lines: at least one observed line is needed");
        }
        if (!(floorAbs >= 0) || !(floorRel >= 0) || !(calibrationQuadrature >= 0)) {
            throw new IllegalArgumentException("model error and calibration uncertainties must be >= 0, got absolute "
                    + floorAbs + ", fractional " + floorRel + ", calibration " + calibrationQuadrature);
        }
        this.observations = List.copyOf(observations);
        this.mode = mode;
        this.floorAbs = floorAbs;
        this.floorRel = floorRel;
        this.calibrationQuadrature = calibrationQuadrature;
        this.reference = reference;
        int n = observations.size();
        this.obsSigma = new double[n];
        for (int i = 0; i < n; i++) {
            obsSigma[i] = observations.get(i).observationalSigma();
        }
        if (mode == Mode.RATIO) {
            if (n < 2) {
                throw new IllegalArgumentException("ratio mode needs at least two lines");
            }
            LineObservation ref = observations.get(reference);
            if (ref.upperLimit() || ref.intensity() <= 0) {
                throw new IllegalArgumentException("ratio mode: the reference line " + ref.line()
                        + " must be a detection with intensity > 0");
            }
            int m = n - 1;
            ratios = new double[m];
            double[] e = new double[m];
            double eRef = obsSigma[reference] / ref.intensity();
            for (int i = 0, k = 0; i < n; i++) {
                if (i == reference) {
                    continue;
                }
                LineObservation o = observations.get(i);
                if (o.upperLimit()) {
                    throw new IllegalArgumentException("ratio mode does not take upper limits (line " + o.line() + ")");
                }
                if (o.intensity() <= 0) {
                    throw new IllegalArgumentException("ratio mode needs intensities > 0 (line " + o.line() + ")");
                }
                ratios[k] = o.intensity() / ref.intensity();
                e[k] = obsSigma[i] / o.intensity();
                k++;
            }
            double[][] cov = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    cov[i][j] = ratios[i] * ratios[j] * ((i == j ? e[i] * e[i] : 0) + eRef * eRef);
                }
            }
            cholesky = cholesky(cov);
            double logDet = 0;
            for (int i = 0; i < m; i++) {
                logDet += 2 * Math.log(cholesky[i][i]);
            }
            ratioLogNorm = -0.5 * logDet - m * LN_SQRT_2PI;
        } else {
            ratios = null;
            cholesky = null;
            ratioLogNorm = 0;
        }
    }

    /** Intensity mode with a model-error floor (absolute K km/s, fractional) and a quadrature calibration term. */
    public static LineLikelihood intensities(List<LineObservation> observations, double floorAbs, double floorRel,
                                             double calibrationQuadrature) {
        return new LineLikelihood(observations, Mode.INTENSITY, -1, floorAbs, floorRel, calibrationQuadrature);
    }

    /** Ratio mode against the reference line at {@code reference} (index into the observations). */
    public static LineLikelihood ratios(List<LineObservation> observations, int reference) {
        if (reference < 0 || reference >= observations.size()) {
            throw new IllegalArgumentException("ratio mode: reference index " + reference + " out of range");
        }
        return new LineLikelihood(observations, Mode.RATIO, reference, 0, 0, 0);
    }

    public List<LineObservation> observations() {
        return observations;
    }

    public Mode mode() {
        return mode;
    }

    /** ln L for predicted intensities (K km/s, same order as the observations) and a calibration factor c. */
    public double logLikelihood(double[] predicted, double calibration) {
        return mode == Mode.RATIO ? ratioLogLikelihood(predicted, null) : intensityLogLikelihood(predicted,
                calibration, null);
    }

    /**
     * {@link #logLikelihood(double[], double)} and its gradient: {@code gradient[i]} = d ln L / d predicted[i] for
     * i below the number of lines and {@code gradient[lines]} = d ln L / d calibration (length lines + 1).
     * Detections: with m = c p, s^2 = sigma^2 + a^2 + (r^2 + k^2) m^2 and z = (I - m) / s, d ln L / d m =
     * z / s + (z^2 - 1) (r^2 + k^2) m / s^2. Upper limits: d ln Phi(z) / dm = (phi(z) / Phi(z)) dz/dm, the ratio taken
     * as exp(ln phi - ln Phi) so it stays finite far in the lower tail (where it tends to -z). Ratio mode:
     * d ln L / d r = -Sigma^-1 r by two triangular solves, through r_k = R_k - p_k / p_ref.
     */
    public double logLikelihood(double[] predicted, double calibration, double[] gradient) {
        java.util.Arrays.fill(gradient, 0, predicted.length + 1, 0.0);
        return mode == Mode.RATIO ? ratioLogLikelihood(predicted, gradient) : intensityLogLikelihood(predicted,
                calibration, gradient);
    }

    /** Intensity mode; the gradient (as {@link #logLikelihood(double[], double, double[])}) when not null. */
    private double intensityLogLikelihood(double[] predicted, double calibration, double[] gradient) {
        double s = 0;
        double q = floorRel * floorRel + calibrationQuadrature * calibrationQuadrature;
        for (int i = 0; i < obsSigma.length; i++) {
            LineObservation o = observations.get(i);
            double m = calibration * predicted[i];
            double var = obsSigma[i] * obsSigma[i] + floorAbs * floorAbs + (floorRel * m) * (floorRel * m)
                    + (calibrationQuadrature * m) * (calibrationQuadrature * m);
            double sd = Math.sqrt(var);
            double z = (o.intensity() - m) / sd;
            double term = o.upperLimit() ? logNormalCdf(z) : -0.5 * z * z - Math.log(sd) - LN_SQRT_2PI;
            s += term;
            if (gradient != null) {
                double dsd = q * m / sd;            // d s / d m
                double dz = -1 / sd - z * dsd / sd; // d z / d m
                double dm = o.upperLimit() ? Math.exp(-0.5 * z * z - LN_SQRT_2PI - term) * dz : -z * dz - dsd / sd;
                gradient[i] = dm * calibration;
                gradient[obsSigma.length] += dm * predicted[i];
            }
        }
        return s;
    }

    private double ratioLogLikelihood(double[] predicted, double[] gradient) {
        double mRef = predicted[reference];
        if (!(mRef > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        int m = ratios.length;
        double[] r = new double[m];
        for (int i = 0, k = 0; i < predicted.length; i++) {
            if (i != reference) {
                r[k] = ratios[k] - predicted[i] / mRef;
                k++;
            }
        }
        // solve L y = r; chi2 = |y|^2
        double chi2 = 0;
        for (int i = 0; i < m; i++) {
            double v = r[i];
            for (int j = 0; j < i; j++) {
                v -= cholesky[i][j] * r[j];
            }
            r[i] = v / cholesky[i][i];
            chi2 += r[i] * r[i];
        }
        if (gradient != null) {
            // u = Sigma^-1 r = L^-T y; d ln L / d r = -u; r_k = R_k - p_k / p_ref
            for (int i = m - 1; i >= 0; i--) {
                double v = r[i];
                for (int j = i + 1; j < m; j++) {
                    v -= cholesky[j][i] * r[j];
                }
                r[i] = v / cholesky[i][i];
            }
            double ref = 0;
            for (int i = 0, k = 0; i < predicted.length; i++) {
                if (i != reference) {
                    gradient[i] = r[k] / mRef;
                    ref -= r[k] * predicted[i] / (mRef * mRef);
                    k++;
                }
            }
            gradient[reference] = ref;
        }
        return -0.5 * chi2 + ratioLogNorm;
    }

    /** ln Phi(z), accurate in the far lower tail (asymptotic series below z = -37, erfc otherwise). */
    static double logNormalCdf(double z) {
        if (z > 5) {
            return Math.log1p(-0.5 * org.apache.commons.numbers.gamma.Erfc.value(z / Math.sqrt(2)));
        }
        if (z > -37) {
            return Math.log(0.5 * org.apache.commons.numbers.gamma.Erfc.value(-z / Math.sqrt(2)));
        }
        // Mills ratio: Phi(z) ~ phi(z)/|z| (1 - 1/z^2 + 3/z^4)
        double z2 = z * z;
        return -0.5 * z2 - Math.log(-z) - LN_SQRT_2PI + Math.log1p(-1 / z2 + 3 / (z2 * z2));
    }

    private static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("ratio covariance is not positive definite");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }
}
