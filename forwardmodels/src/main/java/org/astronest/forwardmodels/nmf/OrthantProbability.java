package org.astronest.forwardmodels.nmf;

/**
 * ln P(v_i >= 0 for every i) for a multivariate normal v ~ N(mean, cov): the probability that a Gaussian posterior of
 * non-negative abundances puts on the allowed orthant, which turns a Gaussian marginal likelihood into the one under
 * a half-normal prior ({@link PhysicalNmf}).
 *
 * <p>Implementations read the first {@code d} entries of {@code mean} and the leading d x d block of {@code cov}
 * (positive definite), never change them, and are thread-safe.
 */
public interface OrthantProbability {

    /** ln P(v >= 0), v ~ N(mean[0..d), cov[0..d)[0..d)); 0 for d = 0. */
    double logProbability(double[] mean, double[][] cov, int d);

    /**
     * Exact to rounding for one variable (ln Phi) and to about 1e-13 for two (the bivariate normal integral of
     * Drezner &amp; Wesolowsky 1990, J. Stat. Comput. Simul. 35, 101, as Genz 2004, Stat. Comput. 14, 251, evaluates
     * it: Gauss-Legendre over the correlation, from the nearer end when |rho| >= 0.925); for three or more variables,
     * or a bivariate probability below 1e-12, expectation propagation (Cunningham, Hennig &amp; Lacoste-Julien 2011,
     * arXiv:1111.6832), an approximation whose error against {@link #quasiMonteCarlo} is measured in
     * OrthantProbabilityTest (the Mendell-Elston approximation, tried first, was off by up to 0.8 in ln P at
     * correlation -0.99 and by tens on random trivariate cases; expectation propagation by 0.004 and 0.04).
     */
    static OrthantProbability fast() {
        return FastOrthant.INSTANCE;
    }

    /**
     * Genz's (1992, J. Comput. Graph. Stat. 1, 141) separation of variables, variables ordered most restrictive
     * first, averaged over {@code points} points of a Richtmyer (Kronecker) sequence (square roots of the primes):
     * deterministic, error falling about as 1/points; slow, for reference.
     */
    static OrthantProbability quasiMonteCarlo(int points) {
        return new QmcOrthant(points);
    }
}
