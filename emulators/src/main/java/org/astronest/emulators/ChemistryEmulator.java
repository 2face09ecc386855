package org.astronest.emulators;

import java.util.List;

/**
 * emulchem's UCLCHEM emulator for one species: (chi, zeta, n, Av, T, metallicity) -> fractional abundance
 * (de Mijolla et al. 2019, A&amp;A 630, A117; thesis seed 001 chapter 2). The network predicts the natural log of the
 * abundance; this class returns {@code exp} of the unscaled output.
 */
public final class ChemistryEmulator {

    /** The valid range, thesis seed 001 Table 2.1 (also {@code emulchem/FORMAT.md}); inputs in this order. */
    public static final Domain DOMAIN = new Domain(List.of(
            new Domain.Input("chi", 1, 1e3, "Draine", false),
            new Domain.Input("zeta", 1, 1e3, "x 1.3e-17 s^-1", false),
            new Domain.Input("n", 1e4, 1e6, "cm^-3", false),
            new Domain.Input("Av", 1, 100, "mag", false),
            new Domain.Input("T", 10, 200, "K", false),
            new Domain.Input("metallicity", 0, 2, "solar", false)));

    private final String species;
    private final Emulator emulator;

    public ChemistryEmulator(String species, Emulator emulator) {
        if (emulator.inputs() != 6 || emulator.output() != Emulator.Output.EXP) {
            throw new IllegalArgumentException("chemistry emulator for " + species + " needs 6 inputs and an exp output");
        }
        this.species = species;
        this.emulator = emulator;
    }

    public String species() {
        return species;
    }

    public Emulator emulator() {
        return emulator;
    }

    /** Fractional abundance relative to H; out-of-range input raises an error naming the input, value and range. */
    public double abundance(double chi, double zeta, double n, double av, double temperature, double metallicity) {
        return emulator.evaluate(chi, zeta, n, av, temperature, metallicity);
    }

    /** Batched: {@code n} rows of (chi, zeta, n, Av, T, metallicity) into {@code out[0..n)}, checked. */
    public void abundance(double[] flatInputs, int n, double[] out) {
        emulator.evaluate(flatInputs, n, out);
    }

    /** The same emulator on another backend. */
    public ChemistryEmulator on(Backend backend) {
        return new ChemistryEmulator(species, emulator.on(backend));
    }
}
