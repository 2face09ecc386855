package org.astronest.forwardmodels.molecular;

import java.util.List;

/**
 * Equilibrium chemistry: fractional abundances of species for UV field chi (Draine), cosmic-ray ionization rate
 * zeta (units of 1.3e-17 s^-1), density n (cm^-3), visual extinction Av (mag), temperature T (K) and metallicity
 * (solar units). Implemented by the emulchem UCLCHEM emulators ({@link EmulatorChemistry}).
 */
public interface ChemistryModel {

    /** Input names in order: chi, zeta, n, Av, T, metallicity. */
    List<String> INPUTS = List.of("chi", "zeta", "n", "Av", "T", "metallicity");

    /** Species whose abundances are computed, in output order. */
    List<String> species();

    /**
     * Batched: {@code n} points of the six inputs row-major in {@code inputs} into {@code abundance[s][i]};
     * {@code valid[i]} false outside the domain. Thread-safe.
     */
    void abundances(double[] inputs, int n, double[][] abundance, boolean[] valid);

    /**
     * {@link #abundances(double[], int, double[][], boolean[])} with derivatives: {@code gradient[s][6 * i + q]} =
     * d abundance[s][i] / d input q of point i (values identical to the value path).
     */
    void abundancesWithGradient(double[] inputs, int n, double[][] abundance, double[][] gradient, boolean[] valid);

    /** Valid range {lo, hi} of input {@code i} of {@link #INPUTS}. */
    double[] range(int input);
}
