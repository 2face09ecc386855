package org.astronest.forwardmodels.molecular;

import java.util.List;

/**
 * Radiative transfer for a fixed list of lines: integrated intensities (K km/s) for kinetic temperature T (K),
 * H2 density n (cm^-3), a column density per unit line width for each species (cm^-2 per km/s) and line width dv
 * (km/s). Implementations: the emulchem RADEX emulators ({@link EmulatorLineTransfer}) and the native RADEX
 * ({@link RadexLineTransfer}).
 */
public interface LineTransfer {

    /** The lines, named {@code CO(3-2)}, in output order. */
    List<String> lines();

    /** The species whose columns are inputs, in input order. */
    List<String> species();

    /** For each line, the index of its species in {@link #species()}. */
    int[] speciesOfLine();

    /**
     * Batched intensities of {@code n} points: {@code t[i]}, {@code density[i]}, {@code columnPerDv[s][i]},
     * {@code dv[i]} into {@code out[i * lines + l]}. {@code valid[i]} becomes false when a point lies outside the
     * method's domain or did not converge (its outputs must not be used). Thread-safe.
     */
    void intensities(double[] t, double[] density, double[][] columnPerDv, double[] dv, int n, double[] out,
                     boolean[] valid);

    /** Whether {@link #intensitiesWithDerivatives} is available (analytic derivatives of the intensities). */
    default boolean differentiable() {
        return false;
    }

    /**
     * {@link #intensities} with derivatives: {@code derivatives[(i * lines + l) * 4 + k]} = d out[i * lines + l] /
     * d (T, n, column per dv of the line's species, dv)[k] at point i. Only for a {@link #differentiable()} transfer.
     *
     * @throws UnsupportedOperationException when the transfer has no analytic derivatives (the native RADEX: its
     *         level populations come from an iterative solve; fits with it use finite differences)
     */
    default void intensitiesWithDerivatives(double[] t, double[] density, double[][] columnPerDv, double[] dv, int n,
            double[] out, double[] derivatives, boolean[] valid) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no analytic derivatives");
    }

    /** Valid range [lo, hi] of the column density per unit line width of a species, or (0, inf) if unbounded. */
    double[] columnRange(String species);

    /** Valid range of T and n as {lo, hi}; unbounded ends are infinite. */
    double[] temperatureRange();

    double[] densityRange();
}
