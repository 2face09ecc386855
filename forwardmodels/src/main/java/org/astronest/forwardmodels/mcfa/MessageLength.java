package org.astronest.forwardmodels.mcfa;

import org.hipparchus.special.Gamma;

/**
 * BIC (paper Eq. 19-20) and the message length of MCFA as the authors' code computes it ({@code MCFA.message_length}
 * at andycasey/mcfa 8c4135e, described by parts in {@code shared/mcfa/README.md} B.6), in nats:
 * <pre>
 * I_pi      = -lnGamma(K) + (K-1)/2 ln N - 1/2 sum_k ln pi_k
 * I_xiOmega = -(J + 3/2) sum_k ln|Omega_k| + J(J+3)/4 (sum_k ln pi_k + K ln N) - JK/2 ln 2
 * I_A       = 1/2 tr(S^-1 M) - 1/2 (D-J-1) ln|M| + DJ/2 ln 2 + D/2 ln|S| + lnGamma(D/2),  M = A^T A, S = cov(A^T)
 * I_K       = K ln 2,  I_J = J ln 2
 * I_nll     = -ln L
 * I_lattice = -Q/2 ln(2 pi) + 1/2 ln(Q pi) - gamma_Euler
 * </pre>
 * S is the J x J sample covariance (ddof 1) of the columns of A over the D rows; determinants are |det| as numpy's
 * slogdet. The combined formula printed in the paper (Eq. 34/35) differs from these parts in several coefficients;
 * astronest follows the parts (= the code), see docs/mcfa.md.
 */
public final class MessageLength {

    private MessageLength() {
    }

    /** The message length by parts. */
    public record Parts(double pi, double xiOmega, double a, double k, double j, double nll, double lattice,
            double total, int q) {
    }

    /** BIC = Q ln N - 2 ln L (paper Eq. 19, Q of Eq. 20). */
    public static double bic(double logLikelihood, int n, int q) {
        return q * Math.log(n) - 2 * logLikelihood;
    }

    /** The message length parts for parameters {@code p}, log-likelihood {@code logL} and N rows. */
    public static Parts of(McfaParameters p, double logL, int n) {
        int d = p.d;
        int j = p.j;
        int k = p.k;
        double slogPi = 0;
        for (int c = 0; c < k; c++) {
            slogPi += Math.log(p.pi[c]);
        }
        double lnN = Math.log(n);
        double iPi = -Gamma.logGamma(k) + 0.5 * (k - 1) * lnN - 0.5 * slogPi;
        double sumLogDetOmega = 0;
        double[] om = new double[j * j];
        for (int c = 0; c < k; c++) {
            System.arraycopy(p.covariances, c * j * j, om, 0, j * j);
            sumLogDetOmega += Dense.logAbsDet(om, j);
        }
        double iXiOmega = -(j + 1.5) * sumLogDetOmega + 0.25 * j * (j + 3) * (slogPi + k * lnN)
                - 0.5 * j * k * Math.log(2);
        // S = cov(A^T): columns of A are the variables, the D rows are the observations (ddof = 1)
        double[] mean = new double[j];
        for (int r = 0; r < d; r++) {
            for (int q = 0; q < j; q++) {
                mean[q] += p.loads[r * j + q];
            }
        }
        for (int q = 0; q < j; q++) {
            mean[q] /= d;
        }
        double[] s = new double[j * j];
        double[] m = new double[j * j];
        for (int r = 0; r < d; r++) {
            for (int q = 0; q < j; q++) {
                double aq = p.loads[r * j + q];
                for (int t = 0; t < j; t++) {
                    double at = p.loads[r * j + t];
                    s[q * j + t] += (aq - mean[q]) * (at - mean[t]);
                    m[q * j + t] += aq * at;
                }
            }
        }
        for (int i = 0; i < j * j; i++) {
            s[i] /= (d - 1);
        }
        double[] sInv = new double[j * j];
        double trace;
        double logDetS = Dense.logAbsDet(s, j);
        if (Dense.invert(s, j, sInv)) {
            trace = 0;
            for (int q = 0; q < j; q++) {
                for (int t = 0; t < j; t++) {
                    trace += sInv[q * j + t] * m[t * j + q];
                }
            }
        } else {
            trace = Double.POSITIVE_INFINITY;
        }
        double logDetM = Dense.logAbsDet(m, j);
        double iA = 0.5 * trace - 0.5 * (d - j - 1) * logDetM + 0.5 * d * j * Math.log(2) + 0.5 * d * logDetS
                + Gamma.logGamma(d / 2.0);
        double iK = k * Math.log(2);
        double iJ = j * Math.log(2);
        double nll = -logL;
        int q = p.parameterCount();
        double lattice = -0.5 * q * Math.log(2 * Math.PI) + 0.5 * Math.log(q * Math.PI) - Gamma.GAMMA;
        // summed in the order of the authors' dict (pi, xi-omega, A, K, J, nll, lattice)
        double total = iPi + iXiOmega + iA + iK + iJ + nll + lattice;
        return new Parts(iPi, iXiOmega, iA, iK, iJ, nll, lattice, total, q);
    }
}
