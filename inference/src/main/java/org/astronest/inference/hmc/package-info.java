/**
 * Hamiltonian Monte Carlo: the No-U-Turn sampler ({@link org.astronest.inference.hmc.NutsSampler}) with Stan's
 * warm-up, over the unconstrained scale of the priors ({@link org.astronest.inference.UnconstrainedDensity}).
 */
package org.astronest.inference.hmc;
