package org.astronest.inference.mcmc;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * Differential-evolution move (ter Braak 2006, "A Markov chain Monte Carlo version of the genetic algorithm
 * Differential Evolution", Stat. Comput. 16, 239; Nelson, Ford &amp; Payne 2014, ApJS 210, 11): pick two distinct
 * walkers {@code c1, c2} of the complementary ensemble and propose {@code y = x + gamma (c1 - c2)}. The proposal is
 * symmetric (the pair is drawn in random order), so no correction factor.
 *
 * <p>{@code gamma = gamma0 (1 + jitter N(0, 1))}: gamma0 defaults to {@code 2.38 / sqrt(2 d)}, the scale ter Braak
 * (2006) derives as optimal for Gaussian targets and Nelson et al. (2014) use. ter Braak adds a small random
 * perturbation to the proposal for ergodicity; we randomize the step length instead (relative jitter of gamma,
 * default 0.1, scale-free; emcee adds an absolute 1e-5), which keeps the proposal symmetric. With probability
 * {@code modeHop} (default 0.1, ter Braak's "gamma = 1 every 10th generation") gamma is 1, which lets a walker jump
 * exactly between modes occupied by other walkers.
 *
 * @param gamma0  base scale, or NaN for the default 2.38/sqrt(2d)
 * @param jitter  relative standard deviation of gamma, &gt;= 0
 * @param modeHop probability of gamma = 1, in [0, 1]
 */
public record DifferentialEvolutionMove(double gamma0, double jitter, double modeHop) implements Move {

    /** Default relative jitter of gamma. */
    public static final double DEFAULT_JITTER = 0.1;
    /** Default probability of a gamma = 1 (mode-hopping) proposal (ter Braak 2006: every 10th generation). */
    public static final double DEFAULT_MODE_HOP = 0.1;

    public DifferentialEvolutionMove {
        if (!Double.isNaN(gamma0) && !(gamma0 > 0 && Double.isFinite(gamma0))) {
            throw new IllegalArgumentException("DE move: gamma0 must be > 0 (or NaN for 2.38/sqrt(2d)), got " + gamma0);
        }
        if (!(jitter >= 0 && Double.isFinite(jitter))) {
            throw new IllegalArgumentException("DE move: jitter must be >= 0, got " + jitter);
        }
        if (!(modeHop >= 0 && modeHop <= 1)) {
            throw new IllegalArgumentException("DE move: modeHop must be in [0, 1], got " + modeHop);
        }
    }

    /** gamma0 = 2.38/sqrt(2d), jitter 0.1, mode hops with probability 0.1. */
    public static DifferentialEvolutionMove defaults() {
        return new DifferentialEvolutionMove(Double.NaN, DEFAULT_JITTER, DEFAULT_MODE_HOP);
    }

    @Override
    public double propose(double[] x, double[][] complement, double[] out, UniformRandomProvider rng) {
        int n = complement.length;
        int i1 = rng.nextInt(n);
        int i2 = rng.nextInt(n - 1);
        if (i2 >= i1) {
            i2++;
        }
        double gamma;
        if (modeHop > 0 && rng.nextDouble() < modeHop) {
            gamma = 1;
        } else {
            double g0 = Double.isNaN(gamma0) ? 2.38 / Math.sqrt(2.0 * x.length) : gamma0;
            gamma = jitter > 0 ? g0 * (1 + jitter * ZigguratSampler.NormalizedGaussian.of(rng).sample()) : g0;
        }
        double[] c1 = complement[i1];
        double[] c2 = complement[i2];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] + gamma * (c1[i] - c2[i]);
        }
        return 0;
    }

    @Override
    public String describe() {
        return "de(gamma0=" + (Double.isNaN(gamma0) ? "2.38/sqrt(2d)" : Double.toString(gamma0)) + ", jitter="
                + jitter + ", modeHop=" + modeHop + ")";
    }
}
