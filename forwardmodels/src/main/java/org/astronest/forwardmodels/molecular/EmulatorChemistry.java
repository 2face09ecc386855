package org.astronest.forwardmodels.molecular;

import java.util.List;
import org.astronest.emulators.ChemistryEmulator;
import org.astronest.emulators.Domain;
import org.astronest.emulators.EmulatorCatalog;

/** Chemistry by the emulchem UCLCHEM emulators (de Mijolla et al. 2019), one network per species. */
public final class EmulatorChemistry implements ChemistryModel {

    private final List<String> species;
    private final ChemistryEmulator[] emulators;

    public EmulatorChemistry(EmulatorCatalog catalog, List<String> species) {
        this.species = List.copyOf(species);
        this.emulators = new ChemistryEmulator[species.size()];
        for (int s = 0; s < emulators.length; s++) {
            emulators[s] = catalog.chemistry(species.get(s));
        }
    }

    @Override
    public List<String> species() {
        return species;
    }

    @Override
    public void abundances(double[] inputs, int n, double[][] abundance, boolean[] valid) {
        Domain d = ChemistryEmulator.DOMAIN;
        for (int i = 0; i < n; i++) {
            valid[i] = d.contains(inputs, 6 * i);
        }
        for (int s = 0; s < emulators.length; s++) {
            emulators[s].emulator().evaluateUnchecked(inputs, n, abundance[s]);
        }
    }

    @Override
    public void abundancesWithGradient(double[] inputs, int n, double[][] abundance, double[][] gradient,
            boolean[] valid) {
        Domain d = ChemistryEmulator.DOMAIN;
        for (int i = 0; i < n; i++) {
            valid[i] = d.contains(inputs, 6 * i);
        }
        for (int s = 0; s < emulators.length; s++) {
            emulators[s].emulator().evaluateWithGradientUnchecked(inputs, n, abundance[s], gradient[s]);
        }
    }

    @Override
    public double[] range(int input) {
        Domain.Input in = ChemistryEmulator.DOMAIN.get(input);
        return new double[] {in.lo(), in.hi()};
    }
}
