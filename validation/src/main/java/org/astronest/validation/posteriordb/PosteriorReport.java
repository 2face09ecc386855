package org.astronest.validation.posteriordb;

import java.util.List;

/**
 * The outcome of one posterior and sampler: JSON keys of {@code report.json} are these component names.
 *
 * @param name            posterior name
 * @param sampler         "nested", "ensemble" or "nuts"
 * @param passed          no hard failure in tiers 0-3
 * @param worstAbsZ       largest |z| over the z statistics (tier 1, correlations, log Z)
 * @param worstStatistic  the statistic and parameter of that |z|
 * @param failures        every hard failure with its statistic, parameter, value and threshold
 * @param warnings        statistics with 3.5 &lt; |z| &lt;= 4.5
 * @param statistics      number of statistics computed
 * @param ess             smallest honest ESS over the reference columns (bulk and tail)
 * @param kishEss         Kish ESS of the weights (equal weights: the number of draws)
 * @param rhatMax         largest R-hat (MCMC; NaN for nested sampling)
 * @param wallSeconds     sampler wall time
 * @param likelihoodCalls likelihood evaluations
 * @param logZ            nested sampling log evidence (NaN for MCMC)
 * @param logZErr         its reported error
 * @param logZExact       exact log evidence where known (NaN otherwise or for MCMC)
 * @param logZSigma       (logZ - exact) / error (README 6.5)
 * @param sumZ2           sum of squared tier-1 z statistics (README 6.6)
 * @param nZ              their number
 * @param chi2Q999        chi-square(nZ) 0.999 quantile
 * @param seed            seed of the run
 * @param gradientEvaluations NUTS: gradient evaluations (0 for the other samplers)
 * @param divergences     NUTS: divergent transitions after warm-up (-1 for the other samplers)
 * @param essPerCost      ESS per gradient evaluation (NUTS) or per likelihood call (the others)
 */
public record PosteriorReport(String name, String sampler, boolean passed, double worstAbsZ, String worstStatistic,
                              List<Failure> failures,
                              int warnings, int statistics, double ess, double kishEss, double rhatMax,
                              double wallSeconds, long likelihoodCalls, double logZ, double logZErr, double logZExact,
                              double logZSigma, double sumZ2, int nZ, double chi2Q999, long seed,
                              long gradientEvaluations, int divergences, double essPerCost) {

    /** One hard failure. */
    public record Failure(String statistic, String parameter, double value, double threshold) {
    }
}
