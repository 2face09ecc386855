package org.astronest.forwardmodels.molecular;

import java.util.ArrayList;
import java.util.List;
import org.astronest.emulators.ChemistryEmulator;
import org.astronest.emulators.Domain;
import org.astronest.priors.Parameter;
import org.astronest.priors.Priors;

/**
 * The parameters of a {@link LineModel} with their default priors, labels and units, and the range of values each
 * model input is valid for.
 *
 * <p>Defaults are the thesis' Table 2.2 (seed 001), with log-uniform priors for chi, zeta, n and the column densities
 * as its text states (the table prints "uniform" for zeta and two columns). Valid ranges are the emulators' training
 * domains (emulchem FORMAT.md; the chemistry inputs of {@link ChemistryEmulator#DOMAIN} when the chemistry is
 * emulated) intersected with the radiative transfer's own ranges of temperature, density and column density.
 */
public final class LineParameters {

    /** Name of the calibration-scale nuisance parameter ({@link LineFit} with a calibration nuisance). */
    public static final String CALIBRATION = "calibration";

    private LineParameters() {
    }

    /**
     * Every parameter of {@code model}, in its order, with the Table 2.2 prior, then the calibration scale (a normal
     * of mean 1 and sd {@code calibrationSigma} truncated to positive values) when {@code calibrationNuisance}.
     */
    public static List<Parameter> defaults(LineModel model, boolean calibrationNuisance, double calibrationSigma) {
        List<Parameter> out = new ArrayList<>();
        for (String name : model.parameterNames()) {
            String b = model.baseOf(name);
            String suffix = name.equals(b) ? "" : name.substring(b.length());
            Parameter p = switch (b) {
                case "chi" -> Parameter.of(name, Priors.logUniform(1, 1e3)).withLabel("chi" + suffix)
                        .withUnit("Draine");
                case "zeta" -> Parameter.of(name, Priors.logUniform(1, 1e3)).withLabel("zeta" + suffix)
                        .withUnit("1.3e-17 s^-1");
                case "n" -> Parameter.of(name, Priors.logUniform(1e4, 1e6)).withLabel("n" + suffix).withUnit("cm^-3");
                case "Av" -> Parameter.of(name, Priors.uniform(1, 100)).withLabel("A_V" + suffix).withUnit("mag");
                case "T" -> Parameter.of(name, Priors.uniform(10, 200)).withLabel("T" + suffix).withUnit("K");
                case "metallicity" -> Parameter.of(name, Priors.uniform(0.2, 2)).withLabel("Z" + suffix)
                        .withUnit("Z_sun");
                case "dv" -> Parameter.of(name, Priors.uniform(1, 100)).withLabel("dv" + suffix).withUnit("km/s");
                case "f" -> Parameter.of(name, Priors.uniform(0, 1)).withLabel("f" + suffix);
                default -> {
                    String sp = b.substring(2);
                    double[] r = model.transfer().columnRange(sp);
                    if (!Double.isFinite(r[1])) {
                        r = defaultColumnRange(sp);
                    }
                    yield Parameter.of(name, Priors.logUniform(r[0], r[1])).withLabel("N_" + sp + suffix)
                            .withUnit("cm^-2/(km/s)");
                }
            };
            out.add(p);
        }
        if (calibrationNuisance) {
            out.add(Parameter.of(CALIBRATION, Priors.truncatedNormal(1, calibrationSigma, 0,
                    Double.POSITIVE_INFINITY)).withLabel("c_cal"));
        }
        return out;
    }

    /** Table 2.2 ranges of N/dv for the exact-RADEX case, where the transfer has no domain of its own. */
    static double[] defaultColumnRange(String species) {
        return switch (species) {
            case "CO" -> new double[] {1e13, 1e19};
            case "CS" -> new double[] {1e10, 1e18};
            case "HCN" -> new double[] {1e9, 1e17};
            case "HCO+" -> new double[] {1e8, 1e15};
            case "13CO" -> new double[] {1e12, 1e18};
            default -> new double[] {1e8, 1e19};
        };
    }

    /**
     * The values {lower, upper} that the model input behind parameter {@code name} is valid for (infinite where
     * unbounded); the calibration scale is valid for every positive value.
     */
    public static double[] validRange(LineModel model, String name) {
        if (name.equals(CALIBRATION)) {
            return new double[] {0, Double.POSITIVE_INFINITY};
        }
        String b = model.baseOf(name);
        boolean chem = model.kind() == LineModel.Kind.CHEMISTRY_DEPENDENT;
        int ci = ChemistryModel.INPUTS.indexOf(b);
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        if (chem && ci >= 0) {
            Domain.Input in = ChemistryEmulator.DOMAIN.get(ci);
            lo = in.lo();
            hi = in.hi();
        }
        if (b.equals("T")) {
            double[] r = model.transfer().temperatureRange();
            lo = Math.max(lo, r[0]);
            hi = Math.min(hi, r[1]);
        } else if (b.equals("n")) {
            double[] r = model.transfer().densityRange();
            lo = Math.max(lo, r[0]);
            hi = Math.min(hi, r[1]);
        } else if (b.equals("dv")) {
            lo = Math.nextUp(0.0);
        } else if (b.equals("f")) {
            lo = 0;
        } else if (b.startsWith("N_")) {
            double[] r = model.transfer().columnRange(b.substring(2));
            lo = Math.max(r[0], Math.nextUp(0.0));
            hi = r[1];
        }
        return new double[] {lo, hi};
    }

    /** Whether the ranges come from emulators (for messages: "the emulators' valid range"). */
    public static boolean emulated(LineModel model) {
        return model.transfer() instanceof EmulatorLineTransfer
                || model.kind() == LineModel.Kind.CHEMISTRY_DEPENDENT;
    }
}
