package org.astronest.inference.hmc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.StateCodec;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * A dense metric: M^-1 = S (d x d, symmetric positive definite). With S = L L' (Cholesky, Hipparchus), momenta are
 * p = L'^-1 z for z ~ N(0, I), whose covariance is (L L')^-1 = M.
 */
final class DenseMetric implements Metric {

    private final int d;
    private final double[] inverse;
    /** (L^-1)', upper triangular, row-major: p = linvT z. */
    private final double[] linvT;

    DenseMetric(int d, double[] inverse) {
        if (inverse.length != d * d) {
            throw new IllegalArgumentException("dense metric: " + inverse.length + " values, expected " + d * d);
        }
        this.d = d;
        this.inverse = inverse.clone();
        RealMatrix s = MatrixUtils.createRealMatrix(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                s.setEntry(i, j, inverse[i * d + j]);
            }
        }
        RealMatrix l;
        try {
            l = new CholeskyDecomposition(s, 1e-10, 1e-14).getL();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("dense metric: the inverse metric is not symmetric positive definite ("
                    + e.getMessage() + ")", e);
        }
        RealMatrix linv = MatrixUtils.inverse(l);
        this.linvT = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                linvT[i * d + j] = linv.getEntry(j, i);
            }
        }
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public void sampleMomentum(UniformRandomProvider rng, double[] p) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            z[i] = g.sample();
        }
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = i; j < d; j++) {
                s += linvT[i * d + j] * z[j];
            }
            p[i] = s;
        }
    }

    @Override
    public void velocity(double[] p, double[] v) {
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += inverse[i * d + j] * p[j];
            }
            v[i] = s;
        }
    }

    @Override
    public double[] inverse() {
        return inverse.clone();
    }

    @Override
    public MetricForm form() {
        return MetricForm.DENSE;
    }

    static final class Form implements MetricForm {
        @Override
        public String name() {
            return "dense";
        }

        @Override
        public Metric identity(int d) {
            double[] a = new double[d * d];
            for (int i = 0; i < d; i++) {
                a[i * d + i] = 1;
            }
            return new DenseMetric(d, a);
        }

        @Override
        public Metric fromInverse(int d, double[] inverse) {
            return new DenseMetric(d, inverse);
        }

        @Override
        public Estimator estimator(int d) {
            return new CovarianceEstimator(d);
        }
    }

    /** Welford's running mean and co-moment matrix. */
    static final class CovarianceEstimator implements MetricForm.Estimator {
        private final int d;
        private long n;
        private final double[] mean;
        private final double[] m2;

        CovarianceEstimator(int d) {
            this.d = d;
            mean = new double[d];
            m2 = new double[d * d];
        }

        @Override
        public void add(double[] y) {
            n++;
            double[] delta = new double[d];
            for (int i = 0; i < d; i++) {
                delta[i] = y[i] - mean[i];
                mean[i] += delta[i] / n;
            }
            for (int i = 0; i < d; i++) {
                double after = y[i] - mean[i];
                for (int j = 0; j < d; j++) {
                    m2[i * d + j] += after * delta[j];
                }
            }
        }

        @Override
        public long count() {
            return n;
        }

        @Override
        public Metric estimate() {
            double w = n / (n + 5.0);
            double[] c = new double[d * d];
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double cov = n > 1 ? 0.5 * (m2[i * d + j] + m2[j * d + i]) / (n - 1) : (i == j ? 1 : 0);
                    c[i * d + j] = w * cov + (i == j ? 1e-3 * (5.0 / (n + 5.0)) : 0);
                }
            }
            return new DenseMetric(d, c);
        }

        @Override
        public void restart() {
            n = 0;
            java.util.Arrays.fill(mean, 0);
            java.util.Arrays.fill(m2, 0);
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeLong(n);
            StateCodec.writeArray(out, mean);
            StateCodec.writeArray(out, m2);
        }

        @Override
        public void read(DataInputStream in) throws IOException {
            n = in.readLong();
            StateCodec.readArray(in, mean);
            StateCodec.readArray(in, m2);
        }
    }
}
