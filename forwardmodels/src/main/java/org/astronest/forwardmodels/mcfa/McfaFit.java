package org.astronest.forwardmodels.mcfa;

/**
 * Result of one MCFA fit (the best of its initializations).
 *
 * @param parameters fitted parameters (A^T A = I when the options orthonormalize)
 * @param logLikelihood ln L at the fitted parameters as the EM objective: the observed-data log-likelihood in EXACT
 *        missing mode (also with complete data); the complete-data density of the imputed matrix in MCFA mode
 * @param observedLogLikelihood the exact observed-data ln L at the fitted parameters (equal to logLikelihood without
 *        missing data or in EXACT mode)
 * @param bic Q ln N - 2 logLikelihood
 * @param messageLength the message length parts (I_nll = -logLikelihood)
 * @param iterations EM iterations (M-steps) of the kept initialization
 * @param converged whether the convergence rule was met before maxIterations
 * @param trace ln L after each E-step of the kept run (index 0 = the initial parameters)
 * @param init index of the kept initialization
 * @param initLogLikelihoods final ln L of every initialization (NaN for a failed one)
 * @param initErrors error message of each failed initialization (null when it succeeded)
 * @param imputed the imputed N x D data in MCFA mode with missing entries, else null
 */
public record McfaFit(McfaParameters parameters, double logLikelihood, double observedLogLikelihood, double bic,
        MessageLength.Parts messageLength, int iterations, boolean converged, double[] trace, int init,
        double[] initLogLikelihoods, String[] initErrors, double[] imputed) {
}
