package org.astronest.inference.diagnostics;

/**
 * Autocovariance, autocorrelation function and integrated autocorrelation time of chains.
 *
 * <p>The integrated autocorrelation time is {@code tau = 1 + 2 sum_{t>=1} rho(t)}, estimated with Sokal's adaptive
 * window (Sokal 1997, "Monte Carlo methods in statistical mechanics", sec. 3): {@code tau(M) = 1 + 2 sum_{t=1}^{M}
 * rho(t)} with the smallest window {@code M >= c tau(M)}, c = 5, as described in the emcee documentation
 * ("Autocorrelation analysis &amp; convergence", Foreman-Mackey; emcee 3 {@code integrated_time}). For an ensemble,
 * the normalized autocorrelation functions of the walkers are averaged before the window is applied (the emcee 3
 * estimator, which the emcee docs show is less biased for short chains than averaging the per-walker tau).
 * Autocovariances are computed with a zero-padded FFT in O(n log n).
 */
public final class Autocorrelation {

    /** Sokal's window constant recommended in the emcee documentation. */
    public static final double DEFAULT_WINDOW_C = 5;

    private Autocorrelation() {
    }

    /**
     * The biased autocovariance {@code acov[t] = (1/n) sum_{i=0}^{n-1-t} (x_i - mean)(x_{i+t} - mean)}, t = 0..n-1
     * (the estimator of Geyer 1992 and Vehtari et al. 2021), by FFT.
     */
    public static double[] autocovariance(double[] x) {
        int n = x.length;
        if (n == 0) {
            return new double[0];
        }
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        int m = 2 * Fft.nextPowerOfTwo(n);
        double[] re = new double[m];
        double[] im = new double[m];
        for (int i = 0; i < n; i++) {
            re[i] = x[i] - mean;
        }
        Fft.transform(re, im, false);
        for (int i = 0; i < m; i++) {
            re[i] = re[i] * re[i] + im[i] * im[i];
            im[i] = 0;
        }
        Fft.transform(re, im, true);
        double[] acov = new double[n];
        for (int t = 0; t < n; t++) {
            acov[t] = re[t] / n;
        }
        return acov;
    }

    /**
     * The biased autocovariances of two equally long series with one complex FFT pair: x and y are packed as
     * {@code x + i y}; their spectra separate as {@code X[k] = (Z[k] + conj Z[n-k]) / 2} and
     * {@code Y[k] = (Z[k] - conj Z[n-k]) / 2i}, and the inverse transform of {@code |X|^2 + i |Y|^2} gives both
     * autocovariances at once (half the work of two separate calls).
     */
    static double[][] autocovariancePair(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        int m = 2 * Fft.nextPowerOfTwo(n);
        double[] re = new double[m];
        double[] im = new double[m];
        for (int i = 0; i < n; i++) {
            re[i] = x[i] - mx;
            im[i] = y[i] - my;
        }
        Fft.transform(re, im, false);
        double[] pr = new double[m];
        double[] pi = new double[m];
        for (int k = 0; k < m; k++) {
            int j = k == 0 ? 0 : m - k;
            double xr = 0.5 * (re[k] + re[j]);
            double xi = 0.5 * (im[k] - im[j]);
            double yr = 0.5 * (im[k] + im[j]);
            double yi = -0.5 * (re[k] - re[j]);
            pr[k] = xr * xr + xi * xi;
            pi[k] = yr * yr + yi * yi;
        }
        Fft.transform(pr, pi, true);
        double[][] out = new double[2][n];
        for (int t = 0; t < n; t++) {
            out[0][t] = pr[t] / n;
            out[1][t] = pi[t] / n;
        }
        return out;
    }

    /** The normalized autocorrelation function {@code rho[t] = acov[t] / acov[0]}; all zero for a constant chain. */
    public static double[] function(double[] x) {
        double[] a = autocovariance(x);
        double a0 = a.length == 0 ? 0 : a[0];
        for (int t = 0; t < a.length; t++) {
            a[t] = a0 > 0 ? a[t] / a0 : 0;
        }
        return a;
    }

    /**
     * The integrated autocorrelation time of one chain with Sokal's window constant {@code c}.
     *
     * @throws IllegalArgumentException when the chain has fewer than 2 draws or c is not positive
     */
    public static double integratedTime(double[] x, double c) {
        return integratedTime(new double[][] {x}, c);
    }

    /** {@link #integratedTime(double[], double)} with c = 5. */
    public static double integratedTime(double[] x) {
        return integratedTime(x, DEFAULT_WINDOW_C);
    }

    /**
     * The integrated autocorrelation time of an ensemble of equally long chains ({@code chains[walker][step]}): the
     * normalized autocorrelation functions are averaged over chains, then Sokal's window with constant {@code c} is
     * applied. Returns NaN when every chain is constant.
     */
    public static double integratedTime(double[][] chains, double c) {
        if (!(c > 0)) {
            throw new IllegalArgumentException("window constant c must be > 0, got " + c);
        }
        if (chains.length == 0) {
            throw new IllegalArgumentException("integratedTime: no chains");
        }
        int n = chains[0].length;
        if (n < 2) {
            throw new IllegalArgumentException("integratedTime: chains need at least 2 draws, got " + n);
        }
        double[] f = new double[n];
        int used = 0;
        for (double[] ch : chains) {
            if (ch.length != n) {
                throw new IllegalArgumentException("integratedTime: chains have different lengths " + n + " and "
                        + ch.length);
            }
        }
        for (int k = 0; k < chains.length; k += 2) {
            double[][] acov = k + 1 < chains.length ? autocovariancePair(chains[k], chains[k + 1])
                    : new double[][] {autocovariance(chains[k])};
            for (int q = 0; q < acov.length; q++) {
                double[] a = acov[q];
                if (isConstant(chains[k + q])) {
                    continue;
                }
                used++;
                double a0 = a[0];
                for (int t = 0; t < n; t++) {
                    f[t] += a[t] / a0;
                }
            }
        }
        if (used == 0) {
            return Double.NaN;
        }
        for (int t = 0; t < n; t++) {
            f[t] /= used;
        }
        return windowedTime(f, c);
    }

    private static boolean isConstant(double[] x) {
        for (double v : x) {
            if (v != x[0]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sokal's automatic window applied to a normalized autocorrelation function {@code rho} (rho[0] = 1): the
     * running estimate {@code tau(M) = 2 sum_{t=0}^{M} rho(t) - 1} at the smallest M with {@code M >= c tau(M)}, or
     * at the last lag when no such M exists (then the chain is too short for a reliable estimate).
     */
    public static double windowedTime(double[] rho, double c) {
        double sum = 0;
        for (int m = 0; m < rho.length; m++) {
            sum += rho[m];
            double tau = 2 * sum - 1;
            if (m >= c * tau) {
                return tau;
            }
        }
        return 2 * sum - 1;
    }
}
