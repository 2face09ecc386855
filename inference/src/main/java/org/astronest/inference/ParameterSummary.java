package org.astronest.inference;

/**
 * Posterior summary of one parameter: weighted mean and standard deviation, weighted quantiles at 5, 16, 50, 84 and
 * 95%, and for MCMC runs the rank-normalized split R-hat and bulk/tail ESS (Vehtari et al. 2021); those three are
 * NaN when the sampler does not give them.
 */
public record ParameterSummary(String name, double mean, double sd, double q05, double q16, double q50, double q84,
                               double q95, double rhat, double essBulk, double essTail) {

    /** A summary without MCMC diagnostics. */
    public static ParameterSummary of(String name, double mean, double sd, double q05, double q16, double q50,
                                      double q84, double q95) {
        return new ParameterSummary(name, mean, sd, q05, q16, q50, q84, q95, Double.NaN, Double.NaN, Double.NaN);
    }

    /** A copy with MCMC diagnostics attached. */
    public ParameterSummary withDiagnostics(double newRhat, double newEssBulk, double newEssTail) {
        return new ParameterSummary(name, mean, sd, q05, q16, q50, q84, q95, newRhat, newEssBulk, newEssTail);
    }

    /** True when R-hat and ESS are present. */
    public boolean hasDiagnostics() {
        return !Double.isNaN(rhat);
    }
}
