package org.astronest.forwardmodels.nmf;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.SingularValueDecomposition;

/**
 * Starts of {@link Nmf}, as scikit-learn 1.2.1's {@code _initialize_nmf}.
 *
 * <p>NNDSVD (Boutsidis &amp; Gallopoulos 2008) from the k leading singular triplets of V. scikit-learn takes them from
 * {@code randomized_svd}; here Hipparchus' exact SVD is used. For k + 10 oversamples >= min(n, m) (small matrices,
 * as the golden one) the randomized SVD spans the whole range of V and is exact to rounding too; otherwise it is an
 * approximation and the two can differ. Signs do not matter: the first pair enters through |u|, |v|, and for the others
 * flipping the sign of (u, v) exchanges their positive and negative parts, of which the one with the larger norm
 * product is kept; only an exact tie (kept: the negative parts) would depend on the sign.
 *
 * <p>The random draws (random, nndsvdar) come from commons-rng (L64_X128_MIX, ziggurat normals) seeded with the
 * options' seed; they cannot equal NumPy's draws, only their distribution. The order of the draws is
 * scikit-learn's: H then W for random; W's zeros then H's zeros (row-major) for nndsvdar.
 */
final class NmfInit {

    /** Entries of the NNDSVD factors below this are set to 0 (scikit-learn's eps=1e-6). */
    static final double ZERO = 1e-6;

    private NmfInit() {
    }

    static Nmf.Start initialize(double[][] V, int k, Nmf.Init init, long seed) {
        int n = V.length;
        int m = V[0].length;
        if (init == Nmf.Init.CUSTOM) {
            throw new IllegalArgumentException("init custom has no computed start; give W0 and H0");
        }
        if (init == Nmf.Init.RANDOM) {
            double avg = Math.sqrt(NmfMatrices.mean(V) / k);
            NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(RandomSource.L64_X128_MIX.create(seed));
            double[][] H = new double[k][m];
            double[][] W = new double[n][k];
            for (double[] r : H) {
                for (int j = 0; j < m; j++) {
                    r[j] = Math.abs(avg * g.sample());
                }
            }
            for (double[] r : W) {
                for (int j = 0; j < k; j++) {
                    r[j] = Math.abs(avg * g.sample());
                }
            }
            return new Nmf.Start(W, H);
        }
        if (k > Math.min(n, m)) {
            throw new IllegalArgumentException("init " + init.id() + " needs components <= min(rows, columns) = "
                    + Math.min(n, m) + ", got " + k + "; use init random");
        }
        SingularValueDecomposition svd = new SingularValueDecomposition(new Array2DRowRealMatrix(V, false));
        double[] S = svd.getSingularValues();
        RealMatrix U = svd.getU();
        RealMatrix Vs = svd.getV();
        double[][] W = new double[n][k];
        double[][] H = new double[k][m];
        double s0 = Math.sqrt(S[0]);
        for (int i = 0; i < n; i++) {
            W[i][0] = s0 * Math.abs(U.getEntry(i, 0));
        }
        for (int j = 0; j < m; j++) {
            H[0][j] = s0 * Math.abs(Vs.getEntry(j, 0));
        }
        for (int c = 1; c < k; c++) {
            double[] x = U.getColumn(c);
            double[] y = Vs.getColumn(c);
            double[] xp = positive(x, 1);
            double[] xn = positive(x, -1);
            double[] yp = positive(y, 1);
            double[] yn = positive(y, -1);
            double xpn = norm(xp);
            double ypn = norm(yp);
            double xnn = norm(xn);
            double ynn = norm(yn);
            double mp = xpn * ypn;
            double mn = xnn * ynn;
            double[] u;
            double[] v;
            double sigma;
            if (mp > mn) {
                u = divide(xp, xpn);
                v = divide(yp, ypn);
                sigma = mp;
            } else {
                u = divide(xn, xnn);
                v = divide(yn, ynn);
                sigma = mn;
            }
            double lbd = Math.sqrt(S[c] * sigma);
            for (int i = 0; i < n; i++) {
                W[i][c] = lbd * u[i];
            }
            for (int j = 0; j < m; j++) {
                H[c][j] = lbd * v[j];
            }
        }
        zeroSmall(W);
        zeroSmall(H);
        switch (init) {
            case NNDSVDA -> {
                double avg = NmfMatrices.mean(V);
                fillZeros(W, () -> avg);
                fillZeros(H, () -> avg);
            }
            case NNDSVDAR -> {
                double avg = NmfMatrices.mean(V);
                UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(seed);
                NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(rng);
                fillZeros(W, () -> Math.abs(avg * g.sample() / 100));
                fillZeros(H, () -> Math.abs(avg * g.sample() / 100));
            }
            default -> {
            }
        }
        return new Nmf.Start(W, H);
    }

    /** max(x, 0) for sign 1, |min(x, 0)| for sign -1. */
    private static double[] positive(double[] x, int sign) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = sign > 0 ? Math.max(x[i], 0) : Math.abs(Math.min(x[i], 0));
        }
        return r;
    }

    private static double norm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double[] divide(double[] x, double d) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[i] / d;
        }
        return r;
    }

    private static void zeroSmall(double[][] A) {
        for (double[] r : A) {
            for (int j = 0; j < r.length; j++) {
                if (r[j] < ZERO) {
                    r[j] = 0;
                }
            }
        }
    }

    private static void fillZeros(double[][] A, java.util.function.DoubleSupplier value) {
        for (double[] r : A) {
            for (int j = 0; j < r.length; j++) {
                if (r[j] == 0) {
                    r[j] = value.getAsDouble();
                }
            }
        }
    }
}
