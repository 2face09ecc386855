package org.astronest.inference.hmc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.StateCodec;

/** A diagonal metric: M^-1 = diag(inverse). */
final class DiagonalMetric implements Metric {

    private final double[] inverse;
    private final double[] sd;

    DiagonalMetric(double[] inverse) {
        this.inverse = inverse.clone();
        this.sd = new double[inverse.length];
        for (int i = 0; i < inverse.length; i++) {
            if (!(inverse[i] > 0) || !Double.isFinite(inverse[i])) {
                throw new IllegalArgumentException("diagonal metric: inverse[" + i + "] must be finite and > 0, got "
                        + inverse[i]);
            }
            sd[i] = 1 / Math.sqrt(inverse[i]);
        }
    }

    @Override
    public int dimension() {
        return inverse.length;
    }

    @Override
    public void sampleMomentum(UniformRandomProvider rng, double[] p) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        for (int i = 0; i < p.length; i++) {
            p[i] = g.sample() * sd[i];
        }
    }

    @Override
    public void velocity(double[] p, double[] v) {
        for (int i = 0; i < p.length; i++) {
            v[i] = inverse[i] * p[i];
        }
    }

    @Override
    public double[] inverse() {
        return inverse.clone();
    }

    @Override
    public MetricForm form() {
        return MetricForm.DIAGONAL;
    }

    static final class Form implements MetricForm {
        @Override
        public String name() {
            return "diag";
        }

        @Override
        public Metric identity(int d) {
            double[] one = new double[d];
            java.util.Arrays.fill(one, 1);
            return new DiagonalMetric(one);
        }

        @Override
        public Metric fromInverse(int d, double[] inverse) {
            if (inverse.length != d) {
                throw new IllegalArgumentException("diagonal metric: " + inverse.length + " values, expected " + d);
            }
            return new DiagonalMetric(inverse);
        }

        @Override
        public Estimator estimator(int d) {
            return new VarianceEstimator(d);
        }
    }

    /** Welford's running mean and variance per coordinate. */
    static final class VarianceEstimator implements MetricForm.Estimator {
        private long n;
        private final double[] mean;
        private final double[] m2;

        VarianceEstimator(int d) {
            mean = new double[d];
            m2 = new double[d];
        }

        @Override
        public void add(double[] y) {
            n++;
            for (int i = 0; i < mean.length; i++) {
                double delta = y[i] - mean[i];
                mean[i] += delta / n;
                m2[i] += delta * (y[i] - mean[i]);
            }
        }

        @Override
        public long count() {
            return n;
        }

        @Override
        public Metric estimate() {
            double[] v = new double[mean.length];
            double w = n / (n + 5.0);
            for (int i = 0; i < v.length; i++) {
                double var = n > 1 ? m2[i] / (n - 1) : 1;
                v[i] = w * var + 1e-3 * (5.0 / (n + 5.0));
            }
            return new DiagonalMetric(v);
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
