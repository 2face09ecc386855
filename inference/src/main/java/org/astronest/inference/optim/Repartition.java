package org.astronest.inference.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogLikelihood;
import org.astronest.priors.Bijection;
import org.astronest.priors.Parameter;
import org.astronest.priors.Prior;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/**
 * Posterior repartitioning (Chen, Feroz &amp; Hobson 2019, arXiv:1908.04655; Petrosyan &amp; Handley 2022,
 * "SuperNest", arXiv:2212.01760): the same posterior and evidence written with a prior closer to the posterior, so
 * that nested sampling, whose iterations grow with the information H between prior and posterior, has less prior
 * volume to shrink through. Each free parameter's prior pi_i is replaced by q_i(u_i) pi_i, where u_i = cdf_i(theta_i)
 * is its unit-cube coordinate and q_i a normal truncated to [0, 1], centred at a {@link Laplace} approximation's
 * centre and {@code widen} times its standard deviation (delta method: pdf_i(c) sd); the likelihood becomes
 * L / prod q_i(u_i). The product L pi is unchanged, hence so are the posterior and Z.
 *
 * <p>Where q_i is much smaller than the posterior (a posterior with tails far heavier than the Laplace Gaussian,
 * another mode far from the centre), the new likelihood grows a spike that nested sampling meets late: {@code widen}
 * (3 by default) is the guard, and the result is only as good as the Laplace approximation is a fair sketch.
 */
public final class Repartition {

    /** The default widening of the Laplace standard deviations. */
    public static final double DEFAULT_WIDEN = 3;

    /**
     * Smallest sd of q_i on the unit scale, for a Laplace scale of zero or NaN (a centre on the prior's edge, a flat
     * direction); everything is in logs, so a narrow q does not overflow.
     */
    static final double MIN_UNIT_SD = 1e-9;

    private Repartition() {
    }

    /** The repartitioned problem around {@code laplace} (fitted to {@code problem}). */
    public static InferenceProblem around(InferenceProblem problem, Laplace laplace, double widen) {
        if (!(widen > 0) || Double.isInfinite(widen)) {
            throw new IllegalArgumentException("repartition: widen must be a positive number, got " + widen);
        }
        PriorSet priors = problem.priors();
        priors.requireProper("posterior repartitioning");
        int[] free = priors.freeIndices();
        List<Parameter> ps = new ArrayList<>(priors.parameters());
        Prior[] q = new Prior[priors.size()];
        for (int k = 0; k < free.length; k++) {
            int i = free[k];
            Prior base = priors.get(i).prior();
            double c = laplace.center()[k];
            double u = base.cdf(c);
            double sd = Math.exp(base.logDensity(c)) * laplace.scale()[k] * widen;
            if (!(sd >= MIN_UNIT_SD)) {
                sd = MIN_UNIT_SD; // also NaN (a centre on the prior's edge)
            }
            q[i] = Priors.truncatedNormal(Math.min(1, Math.max(0, u)), sd, 0, 1);
            ps.set(i, priors.get(i).withPrior(new Repartitioned(base, q[i])));
        }
        LogLikelihood like = problem.likelihood();
        LogLikelihood value = new LogLikelihood() {
            @Override
            public double logLikelihood(double[] theta) {
                return like.logLikelihood(theta) - logQ(theta);
            }

            @Override
            public void logLikelihood(double[][] thetas, double[] out) {
                like.logLikelihood(thetas, out);
                for (int j = 0; j < thetas.length; j++) {
                    out[j] -= logQ(thetas[j]);
                }
            }

            private double logQ(double[] theta) {
                double s = 0;
                for (int i : free) {
                    s += q[i].logDensity(priors.get(i).prior().cdf(theta[i]));
                }
                return s;
            }
        };
        LogLikelihood result = value;
        if (like instanceof GradientLogLikelihood g) {
            GradientLogLikelihood gradient = (theta, grad) -> {
                double v = g.logLikelihood(theta, grad);
                for (int i : free) {
                    Prior base = priors.get(i).prior();
                    double u = base.cdf(theta[i]);
                    v -= q[i].logDensity(u);
                    grad[i] -= q[i].logDensityGradient(u) * Math.exp(base.logDensity(theta[i]));
                }
                return v;
            };
            result = GradientLogLikelihood.of(value, gradient);
        }
        return problem.withPriorsAndLikelihood(PriorSet.of(ps), result);
    }

    /**
     * sum_i ln q_i(u_i) at {@code theta} for a problem made by {@link #around}: what turns its ln L back into the
     * original problem's (ln L = ln L_repartitioned + this) and its ln prior back (minus this). 0 for a problem
     * that is not repartitioned.
     */
    public static double logQ(InferenceProblem repartitioned, double[] theta) {
        double s = 0;
        PriorSet priors = repartitioned.priors();
        for (int i : priors.freeIndices()) {
            if (priors.get(i).prior() instanceof Repartitioned r) {
                s += r.q().logDensity(r.base().cdf(theta[i]));
            }
        }
        return s;
    }

    /**
     * The samples of a run of a problem made by {@link #around} with each row's ln L and ln prior restated for the
     * original problem (the weights are the posterior's either way).
     */
    public static org.astronest.inference.WeightedSamples restate(InferenceProblem repartitioned,
            org.astronest.inference.WeightedSamples samples) {
        int n = samples.size();
        int p = repartitioned.priors().size();
        double[][] rows = new double[n][];
        double[] logL = samples.logLikelihoods().clone();
        double[] logPrior = samples.logPriors().clone();
        for (int k = 0; k < n; k++) {
            rows[k] = samples.row(k);
            double lq = logQ(repartitioned, java.util.Arrays.copyOf(rows[k], p));
            logL[k] += lq;
            logPrior[k] -= lq;
        }
        return org.astronest.inference.WeightedSamples.of(samples.names(), rows, samples.logWeights(), logL,
                logPrior);
    }

    /** pi(theta) q(cdf(theta)): the base prior reweighted on its unit coordinate. */
    record Repartitioned(Prior base, Prior q) implements Prior {

        @Override
        public String kind() {
            return "repartitioned-" + base.kind();
        }

        /** The base prior's arguments, then q's mean and sd on the unit coordinate. */
        @Override
        public java.util.Map<String, Double> arguments() {
            java.util.Map<String, Double> m = new java.util.LinkedHashMap<>(base.arguments());
            m.put("q_mean", q.arguments().get("mean"));
            m.put("q_sd", q.arguments().get("sd"));
            return m;
        }

        @Override
        public double fromUnit(double v) {
            return base.fromUnit(q.fromUnit(v));
        }

        @Override
        public double logDensity(double x) {
            double b = base.logDensity(x);
            return b == Double.NEGATIVE_INFINITY ? b : b + q.logDensity(base.cdf(x));
        }

        @Override
        public double cdf(double x) {
            return q.cdf(base.cdf(x));
        }

        @Override
        public double lower() {
            return base.lower();
        }

        @Override
        public double upper() {
            return base.upper();
        }

        @Override
        public boolean isLogScale() {
            return base.isLogScale();
        }

        @Override
        public double logDensityGradient(double x) {
            return base.logDensityGradient(x) + q.logDensityGradient(base.cdf(x)) * Math.exp(base.logDensity(x));
        }

        @Override
        public Bijection bijection() {
            return base.bijection();
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "%s x %s on its unit coordinate (repartitioned)", base.describe(),
                    q.describe());
        }
    }
}
