/**
 * Ensemble MCMC: {@link org.astronest.inference.mcmc.EnsembleSampler} (Goodman &amp; Weare 2010 affine-invariant
 * ensemble sampler with emcee's parallel red/blue updates) and its injectable proposal strategies
 * ({@link org.astronest.inference.mcmc.Move}: stretch, differential evolution, weighted mixtures). See
 * {@code docs/mcmc.md}.
 */
package org.astronest.inference.mcmc;
