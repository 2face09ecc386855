package org.astronest.forwardmodels.radex;

/**
 * One line of a RADEX solution, with RADEX's output columns (van der Tak et al. 2007; ALGORITHM.md Sect. 1.4).
 *
 * @param line          1-based line number in the molecule file
 * @param upper         quantum numbers of the upper level as in the file
 * @param lower         quantum numbers of the lower level
 * @param eUpK          upper level energy in K (from the file)
 * @param frequencyGHz  frequency in GHz (from the file)
 * @param wavelengthUm  wavelength in micron, c / frequency
 * @param tex           excitation temperature in K (RADEX's averaged Tex)
 * @param tau           line-centre optical depth
 * @param tR            Rayleigh-Jeans equivalent radiation temperature above the background, K
 * @param popUp         fractional population of the upper level
 * @param popLow        fractional population of the lower level
 * @param fluxKkms      integrated intensity, K km/s (1.0645 T_R dv)
 * @param fluxErg       flux in erg cm^-2 s^-1
 */
public record LineResult(int line, String upper, String lower, double eUpK, double frequencyGHz, double wavelengthUm,
                         double tex, double tau, double tR, double popUp, double popLow, double fluxKkms,
                         double fluxErg) {
}
