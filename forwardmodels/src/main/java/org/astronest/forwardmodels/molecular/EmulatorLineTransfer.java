package org.astronest.forwardmodels.molecular;

import java.util.ArrayList;
import java.util.List;
import org.astronest.emulators.Domain;
import org.astronest.emulators.EmulatorCatalog;
import org.astronest.emulators.LineId;
import org.astronest.emulators.RadexEmulator;

/**
 * Radiative transfer by the emulchem RADEX emulators (de Mijolla et al. 2019): the network of each line sees
 * (T, n, log10(N/dv)) and predicts the intensity per unit line width, so the intensity is that output times dv.
 * Negative predictions are set to zero, as in the thesis (seed 001, section 2.4.2). Points outside an emulator's
 * training domain are marked invalid (their likelihood is -infinity).
 */
public final class EmulatorLineTransfer extends LineList {

    private static final int BLOCK = 64;

    private final RadexEmulator[] emulators;
    private final ThreadLocal<double[][]> work;

    public EmulatorLineTransfer(EmulatorCatalog catalog, List<String> lineNames) {
        super(lineNames, speciesOf(lineNames));
        this.emulators = new RadexEmulator[lineNames.size()];
        for (int i = 0; i < lineNames.size(); i++) {
            emulators[i] = catalog.line(LineId.parse(lineNames.get(i)));
        }
        this.work = ThreadLocal.withInitial(() -> new double[][] {new double[3 * BLOCK], new double[BLOCK],
                new double[3 * BLOCK]});
    }

    private static List<String> speciesOf(List<String> lineNames) {
        List<String> s = new ArrayList<>();
        for (String n : lineNames) {
            s.add(LineId.parse(n).species());
        }
        return s;
    }

    @Override
    public void intensities(double[] t, double[] density, double[][] columnPerDv, double[] dv, int n, double[] out,
                            boolean[] valid) {
        run(t, density, columnPerDv, dv, n, out, null, valid);
    }

    @Override
    public boolean differentiable() {
        return true;
    }

    /**
     * Reverse mode through each line's network ({@link org.astronest.emulators.Emulator#evaluateWithGradientUnchecked});
     * where the prediction is clipped to zero its derivatives are zero, and d I / d dv is the clipped per-width
     * intensity.
     */
    @Override
    public void intensitiesWithDerivatives(double[] t, double[] density, double[][] columnPerDv, double[] dv, int n,
            double[] out, double[] derivatives, boolean[] valid) {
        run(t, density, columnPerDv, dv, n, out, derivatives, valid);
    }

    private void run(double[] t, double[] density, double[][] columnPerDv, double[] dv, int n, double[] out,
            double[] derivatives, boolean[] valid) {
        int nl = lines.size();
        double[][] w = work.get();
        double[] in = w[0];
        double[] res = w[1];
        double[] grad = w[2];
        for (int i = 0; i < n; i++) {
            valid[i] = true;
        }
        for (int start = 0; start < n; start += BLOCK) {
            int nb = Math.min(BLOCK, n - start);
            for (int l = 0; l < nl; l++) {
                Domain d = emulators[l].emulator().domain();
                double[] col = columnPerDv[speciesOfLine[l]];
                for (int j = 0; j < nb; j++) {
                    int i = start + j;
                    in[3 * j] = t[i];
                    in[3 * j + 1] = density[i];
                    in[3 * j + 2] = col[i];
                    if (!(d.get(0).contains(t[i]) && d.get(1).contains(density[i]) && d.get(2).contains(col[i])
                            && dv[i] > 0)) {
                        valid[i] = false;
                        in[3 * j] = d.get(0).lo();
                        in[3 * j + 1] = d.get(1).lo();
                        in[3 * j + 2] = d.get(2).lo();
                    }
                }
                if (derivatives == null) {
                    emulators[l].emulator().evaluateUnchecked(in, nb, res);
                } else {
                    emulators[l].emulator().evaluateWithGradientUnchecked(in, nb, res, grad);
                }
                for (int j = 0; j < nb; j++) {
                    int i = start + j;
                    out[i * nl + l] = Math.max(0, res[j]) * dv[i];
                    if (derivatives != null) {
                        int r = (i * nl + l) * 4;
                        boolean positive = res[j] > 0;
                        for (int k = 0; k < 3; k++) {
                            derivatives[r + k] = positive ? grad[3 * j + k] * dv[i] : 0.0;
                        }
                        derivatives[r + 3] = Math.max(0, res[j]);
                    }
                }
            }
        }
    }

    @Override
    public double[] columnRange(String sp) {
        for (int l = 0; l < lines.size(); l++) {
            if (species.get(speciesOfLine[l]).equals(sp)) {
                Domain.Input c = emulators[l].emulator().domain().get(2);
                return new double[] {c.lo(), c.hi()};
            }
        }
        throw new IllegalArgumentException("no line of species " + sp);
    }

    @Override
    public double[] temperatureRange() {
        Domain.Input c = emulators[0].emulator().domain().get(0);
        return new double[] {c.lo(), c.hi()};
    }

    @Override
    public double[] densityRange() {
        Domain.Input c = emulators[0].emulator().domain().get(1);
        return new double[] {c.lo(), c.hi()};
    }
}
