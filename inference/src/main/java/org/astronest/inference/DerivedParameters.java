package org.astronest.inference;

/**
 * Derived parameters: a pure function of the full parameter vector theta whose values are written beside the
 * sampled ones (e.g. {@code theta_j = mu + tau * z_j} of a non-centred hierarchical model).
 */
@FunctionalInterface
public interface DerivedParameters {

    /** The derived values at theta, one per derived name, in order. Must not mutate theta. */
    double[] compute(double[] theta);
}
