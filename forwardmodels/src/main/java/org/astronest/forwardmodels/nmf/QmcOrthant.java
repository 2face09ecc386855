package org.astronest.forwardmodels.nmf;

/**
 * {@link OrthantProbability#quasiMonteCarlo(int)}: Genz's separation of variables. With cov = L L^T (variables
 * ordered most restrictive first) and v = mean + L y, v_i >= 0 is y_i >= a_i(y_1..y_{i-1}); then
 * P = integral over w in [0,1]^(d-1) of prod_i (1 - Phi(a_i)), y_i = Phi^-1(Phi(a_i) + w_i (1 - Phi(a_i))).
 */
final class QmcOrthant implements OrthantProbability {

    private static final int[] PRIMES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53};

    private final int points;

    QmcOrthant(int points) {
        if (points < 1) {
            throw new IllegalArgumentException("points must be >= 1, got " + points);
        }
        this.points = points;
    }

    @Override
    public double logProbability(double[] mean, double[][] cov, int d) {
        if (d == 0) {
            return 0;
        }
        if (d - 1 > PRIMES.length) {
            throw new IllegalArgumentException("at most " + (PRIMES.length + 1) + " variables, got " + d);
        }
        // order: most restrictive (smallest mean / sd) first, then Cholesky of the reordered covariance
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> mean[i] / Math.sqrt(cov[i][i])));
        double[] mu = new double[d];
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            mu[i] = mean[order[i]];
            for (int j = 0; j < d; j++) {
                c[i][j] = cov[order[i]][order[j]];
            }
        }
        double[][] L = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = c[i][j];
                for (int k = 0; k < j; k++) {
                    s -= L[i][k] * L[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("cov is not positive definite");
                    }
                    L[i][i] = Math.sqrt(s);
                } else {
                    L[i][j] = s / L[j][j];
                }
            }
        }
        double[] alpha = new double[Math.max(0, d - 1)];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = Math.sqrt(PRIMES[i]) % 1.0;
        }
        double first = NormalFunctions.phiCdf(mu[0] / L[0][0]);
        double sum = 0;
        double[] y = new double[d];
        for (int n = 1; n <= points; n++) {
            double prod = first;
            double a = -mu[0] / L[0][0];
            double e = first;
            for (int i = 1; i < d && prod > 0; i++) {
                double w = (n * alpha[i - 1]) % 1.0;
                // y_{i-1} from its truncated normal: Phi(y) = Phi(a) + w (1 - Phi(a)), written via the upper tail
                double tail = (1 - w) * e;
                y[i - 1] = tail > 0 ? -NormalFunctions.quantile(tail) : 40;
                double s = mu[i];
                for (int k = 0; k < i; k++) {
                    s += L[i][k] * y[k];
                }
                a = -s / L[i][i];
                e = NormalFunctions.phiCdf(-a);
                prod *= e;
            }
            sum += prod;
        }
        return Math.log(sum / points);
    }
}
