/**
 * Reusable MCMC diagnostics on plain {@code double[chain][draw]} arrays: integrated autocorrelation time
 * ({@link org.astronest.inference.diagnostics.Autocorrelation}, emcee/Sokal) and rank-normalized split R-hat, bulk
 * and tail ESS and Monte Carlo standard errors ({@link org.astronest.inference.diagnostics.ChainDiagnostics},
 * Vehtari et al. 2021).
 */
package org.astronest.inference.diagnostics;
