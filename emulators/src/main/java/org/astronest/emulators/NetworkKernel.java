package org.astronest.emulators;

/**
 * A compiled evaluator of one {@link DenseNetwork} in network space (already scaled inputs, unscaled outputs left
 * to the caller). Implementations are thread-safe; the single-network-output case is what emulchem needs, so the
 * output is one value per point.
 */
public interface NetworkKernel {

    /** The network this kernel evaluates. */
    DenseNetwork network();

    /** Evaluates one point {@code x} (length {@code network().inputs()}); no allocation on the Java backend. */
    double evaluate(double[] x);

    /**
     * Evaluates {@code n} points stored row-major in {@code flatInputs} ({@code n * inputs} values) into
     * {@code out[0..n)}.
     */
    void evaluate(double[] flatInputs, int n, double[] out);

    /** Which backend made this kernel. */
    Backend backend();
}
