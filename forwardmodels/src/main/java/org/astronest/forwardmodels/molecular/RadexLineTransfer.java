package org.astronest.forwardmodels.molecular;

import java.util.ArrayList;
import java.util.List;
import org.astronest.forwardmodels.radex.Geometry;
import org.astronest.forwardmodels.radex.MoleculeLibrary;
import org.astronest.forwardmodels.radex.RadexInput;
import org.astronest.forwardmodels.radex.RadexLineModel;
import org.astronest.forwardmodels.radex.RadexOptions;

/**
 * Exact radiative transfer by the native RADEX ({@link RadexLineModel}), one molecule file per species from
 * {@link MoleculeLibrary}. Non-converged models are marked invalid. The physical domain is unbounded.
 */
public final class RadexLineTransfer extends LineList {

    private final RadexLineModel[] models;
    private final int[][] lineSlots;
    private final ThreadLocal<double[][]> buffers;

    /**
     * Options for fitting: Ng-accelerated iteration (docs/radex.md: it converges all 630 reference grid models in
     * 13,029 iterations in total) with the iteration limit at 1000 instead of RADEX's 9999, so that a model that does
     * not converge costs ~1 ms, not ~50 ms, before it is rejected as invalid.
     */
    public static final RadexOptions FITTING = new RadexOptions(RadexOptions.ACCELERATED.mode(),
            RadexOptions.ACCELERATED.minIterations(), 1000, RadexOptions.ACCELERATED.tolerance());

    /** Fitting options ({@link #FITTING}) and each species' default geometry unless one is given. */
    public RadexLineTransfer(List<String> lineNames, Geometry geometry) {
        this(lineNames, geometry, FITTING);
    }

    /** @param geometry a geometry for every species, or null for each species' default (MoleculeLibrary) */
    public RadexLineTransfer(List<String> lineNames, Geometry geometry, RadexOptions options) {
        super(lineNames, speciesOf(lineNames));
        this.models = new RadexLineModel[species.size()];
        this.lineSlots = new int[species.size()][];
        for (int s = 0; s < species.size(); s++) {
            String sp = species.get(s);
            List<Integer> idx = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < lineNames.size(); i++) {
                if (speciesOfLine[i] == s) {
                    idx.add(i);
                    names.add(lineNames.get(i));
                }
            }
            Geometry g = geometry != null ? geometry : MoleculeLibrary.defaultGeometry(sp);
            models[s] = new RadexLineModel(MoleculeLibrary.load(sp), g, options, RadexInput.DEFAULT_TBG, names);
            lineSlots[s] = idx.stream().mapToInt(Integer::intValue).toArray();
        }
        this.buffers = ThreadLocal.withInitial(() -> {
            double[][] b = new double[species.size()][];
            for (int s = 0; s < b.length; s++) {
                b[s] = new double[lineSlots[s].length];
            }
            return b;
        });
    }

    /** The species of each line: the text before '(' ({@code CO(3-2)} -> {@code CO}). */
    private static List<String> speciesOf(List<String> lineNames) {
        List<String> out = new ArrayList<>();
        for (String name : lineNames) {
            int p = name.indexOf('(');
            if (p <= 0) {
                throw new IllegalArgumentException("line '" + name + "': expected SPECIES(UPPER-LOWER), e.g. CO(3-2)");
            }
            out.add(name.substring(0, p).trim());
        }
        return out;
    }

    @Override
    public void intensities(double[] t, double[] density, double[][] columnPerDv, double[] dv, int n, double[] out,
                            boolean[] valid) {
        int nl = lines.size();
        double[][] buf = buffers.get();
        for (int i = 0; i < n; i++) {
            boolean ok = t[i] > 0 && density[i] > 0 && dv[i] > 0;
            for (int s = 0; s < models.length && ok; s++) {
                double col = columnPerDv[s][i] * dv[i];
                try {
                    ok = col > 0 && models[s].fluxes(t[i], density[i], col, dv[i], buf[s]);
                } catch (IllegalArgumentException e) {
                    ok = false; // a physically invalid input (e.g. a column that underflows) has no likelihood
                }
                if (ok) {
                    for (int k = 0; k < lineSlots[s].length; k++) {
                        out[i * nl + lineSlots[s][k]] = buf[s][k];
                    }
                }
            }
            valid[i] = ok;
        }
    }

    @Override
    public double[] columnRange(String sp) {
        return new double[] {0, Double.POSITIVE_INFINITY};
    }

    @Override
    public double[] temperatureRange() {
        return new double[] {0, Double.POSITIVE_INFINITY};
    }

    @Override
    public double[] densityRange() {
        return new double[] {0, Double.POSITIVE_INFINITY};
    }
}
