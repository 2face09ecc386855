package org.astronest.inference.hmc;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * The Euclidean metric of Hamiltonian Monte Carlo: momenta p ~ N(0, M), kinetic energy {@code 0.5 p' M^-1 p}. The
 * inverse metric M^-1 is what warm-up estimates (the posterior covariance, Stan's {@code inv_metric}).
 */
public interface Metric {

    int dimension();

    /** Draws p ~ N(0, M) into {@code p}. */
    void sampleMomentum(UniformRandomProvider rng, double[] p);

    /** {@code v = M^-1 p} (Stan's {@code dtau_dp}, the velocity and the "sharp" momentum of the U-turn check). */
    void velocity(double[] p, double[] v);

    /** The kinetic energy {@code 0.5 p' M^-1 p}. */
    default double kinetic(double[] p) {
        double[] v = new double[p.length];
        velocity(p, v);
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += p[i] * v[i];
        }
        return 0.5 * s;
    }

    /** The inverse metric as stored: its diagonal (d values) or the whole matrix row-major (d x d). */
    double[] inverse();

    /** The form that made this metric. */
    MetricForm form();
}
