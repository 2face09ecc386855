package org.astronest.forwardmodels.mcfa;

import java.util.Arrays;

/**
 * Parameters of a mixture of common factor analyzers (Casey et al. 2019, Eq. 3):
 * {@code y | k ~ N(A xi_k, A Omega_k A^T + diag(psi))}, with weights {@code pi_k}.
 *
 * <p>Flat layouts (row-major): loads {@code A} is D x J ({@code A[d*J + j]}); means {@code xi} is K x J
 * ({@code xi[k*J + j]}, the J-vector of component k); covariances {@code Omega} is K x J x J
 * ({@code omega[(k*J + a)*J + b]}); weights {@code pi} has K entries; specific variances {@code psi} has D entries.
 *
 * <p>Immutable: the constructor copies its arrays and the public accessors return copies. Validation: dimensions must
 * agree, weights must be positive and sum to one (within 1e-8), psi must be positive, every entry finite.
 */
public final class McfaParameters {

    final int d;
    final int j;
    final int k;
    final double[] pi;
    final double[] loads;
    final double[] means;
    final double[] covariances;
    final double[] psi;

    public McfaParameters(int d, int j, int k, double[] pi, double[] loads, double[] means, double[] covariances,
            double[] psi) {
        this(d, j, k, pi.clone(), loads.clone(), means.clone(), covariances.clone(), psi.clone(), true);
    }

    /** Takes ownership of the arrays (no copies); used by EM. */
    McfaParameters(int d, int j, int k, double[] pi, double[] loads, double[] means, double[] covariances,
            double[] psi, boolean validate) {
        this.d = d;
        this.j = j;
        this.k = k;
        this.pi = pi;
        this.loads = loads;
        this.means = means;
        this.covariances = covariances;
        this.psi = psi;
        if (validate) {
            validate();
        }
    }

    private void validate() {
        if (d < 1 || j < 1 || k < 1) {
            throw new IllegalArgumentException("MCFA dimensions must be >= 1, got D=" + d + " J=" + j + " K=" + k);
        }
        if (j >= d) {
            throw new IllegalArgumentException("latent factors J must be < D, got J=" + j + " D=" + d);
        }
        check("pi", pi, k);
        check("loads", loads, d * j);
        check("means", means, k * j);
        check("covariances", covariances, k * j * j);
        check("psi", psi, d);
        double s = 0;
        for (int i = 0; i < k; i++) {
            if (!(pi[i] > 0)) {
                throw new IllegalArgumentException("pi[" + i + "] must be > 0, got " + pi[i]);
            }
            s += pi[i];
        }
        if (Math.abs(s - 1) > 1e-8) {
            throw new IllegalArgumentException("pi must sum to 1, got " + s);
        }
        for (int i = 0; i < d; i++) {
            if (!(psi[i] > 0)) {
                throw new IllegalArgumentException("psi[" + i + "] must be > 0, got " + psi[i]);
            }
        }
    }

    private static void check(String name, double[] a, int n) {
        if (a.length != n) {
            throw new IllegalArgumentException(name + " must have " + n + " entries, got " + a.length);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + a[i]);
            }
        }
    }

    /**
     * From nested arrays in the layout of the shared truth files: {@code a} is D x J, {@code xiByComponent} K x J,
     * {@code omegaByComponent} K x J x J.
     */
    public static McfaParameters of(double[] pi, double[][] a, double[][] xiByComponent,
            double[][][] omegaByComponent, double[] psi) {
        int d = a.length;
        int j = a[0].length;
        int k = pi.length;
        double[] loads = new double[d * j];
        for (int r = 0; r < d; r++) {
            if (a[r].length != j) {
                throw new IllegalArgumentException("loads row " + r + " has " + a[r].length + " entries, expected " + j);
            }
            System.arraycopy(a[r], 0, loads, r * j, j);
        }
        if (xiByComponent.length != k || omegaByComponent.length != k) {
            throw new IllegalArgumentException("means/covariances must have K=" + k + " components, got "
                    + xiByComponent.length + "/" + omegaByComponent.length);
        }
        double[] means = new double[k * j];
        double[] cov = new double[k * j * j];
        for (int c = 0; c < k; c++) {
            System.arraycopy(xiByComponent[c], 0, means, c * j, j);
            for (int r = 0; r < j; r++) {
                System.arraycopy(omegaByComponent[c][r], 0, cov, (c * j + r) * j, j);
            }
        }
        return new McfaParameters(d, j, k, pi, loads, means, cov, psi);
    }

    public int dimensions() {
        return d;
    }

    public int latentFactors() {
        return j;
    }

    public int components() {
        return k;
    }

    public double[] weights() {
        return pi.clone();
    }

    /** D x J loads, row-major. */
    public double[] loads() {
        return loads.clone();
    }

    /** K x J means in latent space, row-major. */
    public double[] means() {
        return means.clone();
    }

    /** K x J x J covariances in latent space. */
    public double[] covariances() {
        return covariances.clone();
    }

    public double[] psi() {
        return psi.clone();
    }

    public double[][] loadsMatrix() {
        double[][] m = new double[d][j];
        for (int r = 0; r < d; r++) {
            System.arraycopy(loads, r * j, m[r], 0, j);
        }
        return m;
    }

    public double[][] meansMatrix() {
        double[][] m = new double[k][j];
        for (int c = 0; c < k; c++) {
            System.arraycopy(means, c * j, m[c], 0, j);
        }
        return m;
    }

    public double[][][] covarianceMatrices() {
        double[][][] m = new double[k][j][j];
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < j; r++) {
                System.arraycopy(covariances, (c * j + r) * j, m[c][r], 0, j);
            }
        }
        return m;
    }

    /** Number of free parameters Q = (K-1) + D + J(D+K) + KJ(J+1)/2 - J^2 (paper Eq. 20). */
    public int parameterCount() {
        return parameterCount(d, j, k);
    }

    /** Q of paper Eq. 20: J[2(D-J) + K(3+J)]/2 + K + D - 1. */
    public static int parameterCount(int d, int j, int k) {
        return (k - 1) + d + j * (d + k) + k * j * (j + 1) / 2 - j * j;
    }

    /** A copy with new loads (D x J). */
    public McfaParameters withLoads(double[] newLoads) {
        return new McfaParameters(d, j, k, pi, newLoads, means, covariances, psi);
    }

    /** A copy with new psi (D). */
    public McfaParameters withPsi(double[] newPsi) {
        return new McfaParameters(d, j, k, pi, loads, means, covariances, newPsi);
    }

    /** A copy with new means (K x J). */
    public McfaParameters withMeans(double[] newMeans) {
        return new McfaParameters(d, j, k, pi, loads, newMeans, covariances, psi);
    }

    @Override
    public String toString() {
        return "McfaParameters[D=" + d + ", J=" + j + ", K=" + k + ", pi=" + Arrays.toString(pi) + ", psi="
                + Arrays.toString(psi) + "]";
    }
}
