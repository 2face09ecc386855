package org.astronest.cli.plots;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.Chains;
import org.astronest.inference.LogMath;
import org.astronest.inference.NestedRun;
import org.astronest.inference.Rngs;
import org.astronest.inference.WeightedSamples;

/** Synthetic posteriors with known answers, standing in for sampler output in the plot tests. */
final class Synthetic {

    private Synthetic() {
    }

    /**
     * Importance-weighted draws of N(mean, diag(sd) R diag(sd)) with correlation matrix {@code corr}: the draws come
     * from the same Gaussian with every sd widened by {@code widen} and carry the weights target/proposal, so the
     * weights are unequal (as from nested sampling) and the weighted sample represents the target exactly in
     * expectation.
     */
    static WeightedSamples gaussian(List<String> names, double[] mean, double[] sd, double[][] corr, int n,
                                    double widen, long seed) {
        int d = mean.length;
        double[][] chol = cholesky(corr);
        UniformRandomProvider rng = Rngs.seeded(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] rows = new double[n][d];
        double[] lw = new double[n];
        double[] ll = new double[n];
        double[] z = new double[d];
        for (int i = 0; i < n; i++) {
            double q = 0;
            for (int a = 0; a < d; a++) {
                z[a] = g.sample() * widen;
                q += z[a] * z[a];
            }
            for (int a = 0; a < d; a++) {
                double s = 0;
                for (int b = 0; b <= a; b++) {
                    s += chol[a][b] * z[b];
                }
                rows[i][a] = mean[a] + sd[a] * s;
            }
            // log target - log proposal in the whitened coordinates (constants cancel in the normalization)
            lw[i] = -0.5 * q + 0.5 * q / (widen * widen);
            ll[i] = -0.5 * q;
        }
        return WeightedSamples.of(names, rows, lw, ll);
    }

    static double[][] cholesky(double[][] a) {
        int d = a.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(s) : s / l[j][j];
            }
        }
        return l;
    }

    static double[][] identity(int d) {
        double[][] c = new double[d][d];
        for (int i = 0; i < d; i++) {
            c[i][i] = 1;
        }
        return c;
    }

    /**
     * The 2-D Gaussian-shells posterior (Feroz, Hobson and Bridges 2009, sec. 6.2: centres (+-3.5, 0), radius 2,
     * width 0.1) as nested sampling would give it: uniform prior draws on [-6, 6]^2 weighted by the likelihood.
     */
    static WeightedSamples shells(int n, long seed) {
        UniformRandomProvider rng = Rngs.seeded(seed);
        double[][] rows = new double[n][2];
        double[] lw = new double[n];
        for (int i = 0; i < n; i++) {
            double x = -6 + 12 * rng.nextDouble();
            double y = -6 + 12 * rng.nextDouble();
            rows[i][0] = x;
            rows[i][1] = y;
            double r1 = Math.hypot(x - 3.5, y) - 2;
            double r2 = Math.hypot(x + 3.5, y) - 2;
            lw[i] = LogMath.logAddExp(-0.5 * r1 * r1 / 0.01, -0.5 * r2 * r2 / 0.01);
        }
        return WeightedSamples.of(List.of("x", "y"), rows, lw, lw.clone());
    }

    /** A fake nested run of a d-dimensional Gaussian likelihood: ln X_i = -i/nlive, ln L = -R^2 X^{2/d} / 2. */
    static NestedRun nestedRun(int nlive, int d, double r2, int n) {
        double[] logL = new double[n];
        double[] logX = new double[n];
        double[] lw = new double[n];
        int[] live = new int[n];
        for (int i = 0; i < n; i++) {
            logX[i] = -(i + 1.0) / nlive;
            logL[i] = -0.5 * r2 * Math.exp(2 * logX[i] / d);
            double dx = Math.exp(-(double) i / nlive) - Math.exp(logX[i]);
            lw[i] = logL[i] + Math.log(dx);
            live[i] = nlive;
        }
        return new NestedRun(logL, logX, lw, live);
    }

    /** Fake chains: AR(1) walkers starting over-dispersed and relaxing to N(mean, sd) with correlation time tau. */
    static Chains chains(List<String> names, double[] mean, double[] sd, int walkers, int steps, int burnIn,
                         long seed) {
        UniformRandomProvider rng = Rngs.seeded(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        int d = mean.length;
        double rho = 0.95;
        double[][][] v = new double[walkers][steps][d];
        double[][] lp = new double[walkers][steps];
        for (int w = 0; w < walkers; w++) {
            double[] x = new double[d];
            for (int a = 0; a < d; a++) {
                x[a] = 6 * (rng.nextDouble() - 0.5);
            }
            for (int t = 0; t < steps; t++) {
                double q = 0;
                for (int a = 0; a < d; a++) {
                    x[a] = rho * x[a] + Math.sqrt(1 - rho * rho) * g.sample();
                    v[w][t][a] = mean[a] + sd[a] * x[a];
                    q += x[a] * x[a];
                }
                lp[w][t] = -0.5 * q;
            }
        }
        return new Chains(names, v, lp, burnIn, 1);
    }

    /** Equal-weight samples of the chains after burn-in. */
    static WeightedSamples fromChains(Chains c) {
        List<double[]> rows = new ArrayList<>();
        List<Double> lp = new ArrayList<>();
        for (int w = 0; w < c.walkers(); w++) {
            for (int t = c.burnIn(); t < c.steps(); t++) {
                rows.add(c.values()[w][t]);
                lp.add(c.logPosterior()[w][t]);
            }
        }
        return WeightedSamples.equal(c.names(), rows.toArray(new double[0][]),
                lp.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
