package org.astronest.inference;

/**
 * A log-likelihood that also gives its gradient: {@code ln L(theta)} and d ln L / d theta_i in one call, for
 * gradient samplers (NUTS) and optimisers. Same contract as {@link LogLikelihood} (pure, thread-safe, -infinity for
 * impossible points, never NaN); the gradient is with respect to the full theta in {@code PriorSet} order, fixed
 * parameters included (their entries are ignored), and is only read where the value is finite.
 *
 * <p>Batched models override {@link #logLikelihood(double[][], double[], double[][])}.
 * {@link InferenceProblem#checkGradient} compares a supplied gradient with central finite differences.
 */
@FunctionalInterface
public interface GradientLogLikelihood extends LogLikelihood {

    /** {@code ln L(theta)}; d ln L / d theta_i is written into {@code gradient} (length theta.length). */
    double logLikelihood(double[] theta, double[] gradient);

    @Override
    default double logLikelihood(double[] theta) {
        return logLikelihood(theta, new double[theta.length]);
    }

    /** Batch evaluation: {@code out[i] = ln L(thetas[i])} and its gradient in {@code gradients[i]}. */
    default void logLikelihood(double[][] thetas, double[] out, double[][] gradients) {
        if (out.length < thetas.length || gradients.length < thetas.length) {
            throw new IllegalArgumentException("output arrays have lengths " + out.length + " and " + gradients.length
                    + " < batch size " + thetas.length);
        }
        for (int i = 0; i < thetas.length; i++) {
            out[i] = logLikelihood(thetas[i], gradients[i]);
        }
    }

    /**
     * A likelihood whose values come from {@code value} (single and batched, so runs that use only values are
     * unchanged to the bit) and whose gradients come from {@code gradient}, which must compute the same function.
     */
    static GradientLogLikelihood of(LogLikelihood value, GradientLogLikelihood gradient) {
        return new GradientLogLikelihood() {
            @Override
            public double logLikelihood(double[] theta, double[] g) {
                return gradient.logLikelihood(theta, g);
            }

            @Override
            public double logLikelihood(double[] theta) {
                return value.logLikelihood(theta);
            }

            @Override
            public void logLikelihood(double[][] thetas, double[] out) {
                value.logLikelihood(thetas, out);
            }
        };
    }
}
