package org.astronest.inference;

/**
 * Bayesian evidence of a nested-sampling run.
 *
 * @param logZ        natural log of the evidence Z = integral of L over the prior
 * @param logZErr     the reported 1-sigma error of logZ
 * @param information the Kullback-Leibler divergence H of posterior from prior, in nats
 */
public record Evidence(double logZ, double logZErr, double information) {
}
