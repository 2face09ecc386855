package org.astronest.inference;

/**
 * The log-likelihood of a model: {@code ln L(theta)} for a full parameter vector theta (in the order of the
 * problem's {@link org.astronest.priors.PriorSet}, fixed parameters included).
 *
 * <p>Contract: pure (no state kept between calls, the caller's arrays are never mutated or kept), thread-safe,
 * {@code -infinity} for impossible points, never NaN (NaN is a bug and samplers stop with an error naming theta).
 * Models that evaluate in batches (neural-network emulators) override {@link #logLikelihood(double[][], double[])}.
 */
@FunctionalInterface
public interface LogLikelihood {

    /** {@code ln L(theta)}. */
    double logLikelihood(double[] theta);

    /**
     * Batch evaluation: {@code out[i] = ln L(thetas[i])}. The default loops over {@link #logLikelihood(double[])};
     * batched models override it. Samplers call this with batches of proposals.
     */
    default void logLikelihood(double[][] thetas, double[] out) {
        if (out.length < thetas.length) {
            throw new IllegalArgumentException("output array has length " + out.length + " < batch size "
                    + thetas.length);
        }
        for (int i = 0; i < thetas.length; i++) {
            out[i] = logLikelihood(thetas[i]);
        }
    }
}
