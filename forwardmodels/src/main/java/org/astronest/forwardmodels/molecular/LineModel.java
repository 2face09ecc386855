package org.astronest.forwardmodels.molecular;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Predicted line intensities of one or more gas phases (thesis seed 001, sections 2.2.3 and 2.5):
 * <ul>
 * <li>chemistry-independent: per phase T, n, dv, f and one column density per unit line width N_X (cm^-2 per
 *     km/s) for each species X with a line; intensity = f * RT(T, n, N_X, dv);</li>
 * <li>chemistry-dependent: per phase chi, zeta, n, Av, T, metallicity, dv, f; N_X = X(chi, zeta, n, Av, T, Z) *
 *     Av * 1.6e21 cm^-2 (the "on-the-spot" chain); intensity = f * RT(T, n, N_X / dv, dv).</li>
 * </ul>
 * The intensities of the phases add. Parameters named in {@code shared} are common to all phases; with more than one
 * phase the others of phase k are named {@code name_k} (T_1, T_2, ...). Pure and thread-safe.
 */
public final class LineModel {

    /** Hydrogen column per magnitude of visual extinction (cm^-2 mag^-1), as in emulchem and the thesis. */
    public static final double COLUMN_PER_AV = 1.6e21;

    /** The two model kinds. */
    public enum Kind {
        CHEMISTRY_DEPENDENT("chemistry-dependent"), CHEMISTRY_INDEPENDENT("chemistry-independent");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.label.equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown model type '" + s + "'; known: chemistry-dependent, "
                    + "chemistry-independent");
        }
    }

    private static final int BLOCK = 64;

    private final Kind kind;
    private final int phases;
    private final LineTransfer transfer;
    private final ChemistryModel chemistry;
    private final List<String> base;
    private final Set<String> shared;
    private final List<String> names;
    private final int[][] index; // [phase][base parameter] -> theta index
    private final int nl;
    private final int ns;
    private final int[] speciesOfLine;
    private final ThreadLocal<Work> work;

    private final class Work {
        final double[] t = new double[BLOCK];
        final double[] n = new double[BLOCK];
        final double[] dv = new double[BLOCK];
        final double[][] col = new double[ns][BLOCK];
        final double[] chemIn = new double[6 * BLOCK];
        final double[][] abundance = new double[ns][BLOCK];
        final boolean[] ok = new boolean[BLOCK];
        final boolean[] ok2 = new boolean[BLOCK];
        final double[] phaseOut = new double[BLOCK * nl];
        double[][] abundanceGradient;
        double[] phaseDerivatives;

        void withDerivatives() {
            if (phaseDerivatives == null) {
                abundanceGradient = new double[ns][6 * BLOCK];
                phaseDerivatives = new double[BLOCK * nl * 4];
            }
        }
    }

    /**
     * @param chemistry required for the chemistry-dependent kind (species in the order of {@code transfer.species()}),
     *                  ignored otherwise
     */
    public LineModel(Kind kind, int phases, Set<String> shared, LineTransfer transfer, ChemistryModel chemistry) {
        if (phases < 1) {
            throw new IllegalArgumentException("model.phases must be >= 1, got " + phases);
        }
        this.kind = kind;
        this.phases = phases;
        this.transfer = transfer;
        this.chemistry = chemistry;
        this.nl = transfer.lines().size();
        this.ns = transfer.species().size();
        this.speciesOfLine = transfer.speciesOfLine();
        if (kind == Kind.CHEMISTRY_DEPENDENT) {
            if (chemistry == null || !chemistry.species().equals(transfer.species())) {
                throw new IllegalArgumentException("chemistry-dependent model needs a chemistry for species "
                        + transfer.species());
            }
            base = List.of("chi", "zeta", "n", "Av", "T", "metallicity", "dv", "f");
        } else {
            List<String> b = new ArrayList<>(List.of("T", "n", "dv", "f"));
            for (String s : transfer.species()) {
                b.add(columnName(s));
            }
            base = List.copyOf(b);
        }
        for (String s : shared) {
            if (!base.contains(s)) {
                throw new IllegalArgumentException("model.shared: unknown parameter '" + s + "'; known: " + base);
            }
        }
        this.shared = new LinkedHashSet<>(shared);
        List<String> nm = new ArrayList<>();
        this.index = new int[phases][base.size()];
        for (int j = 0; j < base.size(); j++) {
            if (this.shared.contains(base.get(j)) || phases == 1) {
                for (int k = 0; k < phases; k++) {
                    index[k][j] = nm.size();
                }
                nm.add(base.get(j));
            }
        }
        for (int k = 0; k < phases && phases > 1; k++) {
            for (int j = 0; j < base.size(); j++) {
                if (!this.shared.contains(base.get(j))) {
                    index[k][j] = nm.size();
                    nm.add(base.get(j) + "_" + (k + 1));
                }
            }
        }
        this.names = List.copyOf(nm);
        this.work = ThreadLocal.withInitial(Work::new);
    }

    /** {@code N_CO}, {@code N_HCO+}: the chemistry-independent column parameter of a species. */
    public static String columnName(String species) {
        return "N_" + species;
    }

    public Kind kind() {
        return kind;
    }

    public int phases() {
        return phases;
    }

    public LineTransfer transfer() {
        return transfer;
    }

    /** Per-phase parameter names (before phase suffixes). */
    public List<String> baseParameters() {
        return base;
    }

    /** Model parameter names in theta order: shared ones first, then each phase's own. */
    public List<String> parameterNames() {
        return names;
    }

    /** The base parameter name of a model parameter ({@code T_2} -> {@code T}). */
    public String baseOf(String name) {
        if (base.contains(name)) {
            return name;
        }
        int u = name.lastIndexOf('_');
        String b = u > 0 ? name.substring(0, u) : name;
        if (!base.contains(b)) {
            throw new IllegalArgumentException("not a model parameter: " + name);
        }
        return b;
    }

    public List<String> lines() {
        return transfer.lines();
    }

    /** Intensities (K km/s) of all lines at one theta; NaN everywhere when a phase is outside the domain. */
    public double[] predict(double[] theta) {
        double[] out = new double[nl];
        boolean[] valid = new boolean[1];
        predict(new double[][] {theta}, 0, 1, out, valid);
        if (!valid[0]) {
            java.util.Arrays.fill(out, Double.NaN);
        }
        return out;
    }

    /**
     * Batched: intensities of {@code thetas[from..from+n)} into {@code out[i * lines + l]} (i from 0);
     * {@code valid[i]} false when any phase lies outside the radiative-transfer or chemistry domain.
     */
    public void predict(double[][] thetas, int from, int n, double[] out, boolean[] valid) {
        run(thetas, from, n, out, null, valid);
    }

    /** Whether {@link #predictWithJacobian} is available: the radiative transfer has analytic derivatives. */
    public boolean differentiable() {
        return transfer.differentiable();
    }

    /**
     * {@link #predict(double[][], int, int, double[], boolean[])} with the Jacobian {@code jacobian[(i * lines + l)
     * * P + p]} = d out[i * lines + l] / d theta_p (P = {@code parameterNames().size()}), by the chain rule through
     * each phase: the transfer's derivatives in (T, n, N/dv, dv) ({@link LineTransfer#intensitiesWithDerivatives})
     * and, chemistry-dependent, the abundances' in (chi, zeta, n, Av, T, Z) with N/dv = X Av 1.6e21 / dv; shared
     * parameters collect every phase's term. Values are identical to the value path.
     *
     * @throws UnsupportedOperationException unless {@link #differentiable()}
     */
    public void predictWithJacobian(double[][] thetas, int from, int n, double[] out, double[] jacobian,
            boolean[] valid) {
        if (!differentiable()) {
            throw new UnsupportedOperationException("the radiative transfer " + transfer.getClass().getSimpleName()
                    + " has no analytic derivatives");
        }
        java.util.Arrays.fill(jacobian, 0, n * nl * names.size(), 0.0);
        run(thetas, from, n, out, jacobian, valid);
    }

    private void run(double[][] thetas, int from, int n, double[] out, double[] jac, boolean[] valid) {
        Work w = work.get();
        boolean derivatives = jac != null;
        if (derivatives) {
            w.withDerivatives();
        }
        int np = names.size();
        java.util.Arrays.fill(out, 0, n * nl, 0.0);
        for (int i = 0; i < n; i++) {
            valid[i] = true;
        }
        for (int start = 0; start < n; start += BLOCK) {
            int nb = Math.min(BLOCK, n - start);
            for (int k = 0; k < phases; k++) {
                int[] ix = index[k];
                boolean chem = kind == Kind.CHEMISTRY_DEPENDENT;
                if (chem) {
                    for (int j = 0; j < nb; j++) {
                        double[] th = thetas[from + start + j];
                        for (int q = 0; q < 6; q++) {
                            w.chemIn[6 * j + q] = th[ix[q]];
                        }
                        w.t[j] = th[ix[4]];
                        w.n[j] = th[ix[2]];
                        w.dv[j] = th[ix[6]];
                    }
                    if (derivatives) {
                        chemistry.abundancesWithGradient(w.chemIn, nb, w.abundance, w.abundanceGradient, w.ok);
                    } else {
                        chemistry.abundances(w.chemIn, nb, w.abundance, w.ok);
                    }
                    for (int s = 0; s < ns; s++) {
                        for (int j = 0; j < nb; j++) {
                            double av = w.chemIn[6 * j + 3];
                            w.col[s][j] = w.abundance[s][j] * av * COLUMN_PER_AV / w.dv[j];
                        }
                    }
                } else {
                    for (int j = 0; j < nb; j++) {
                        double[] th = thetas[from + start + j];
                        w.t[j] = th[ix[0]];
                        w.n[j] = th[ix[1]];
                        w.dv[j] = th[ix[2]];
                        for (int s = 0; s < ns; s++) {
                            w.col[s][j] = th[ix[4 + s]];
                        }
                        w.ok[j] = true;
                    }
                }
                if (derivatives) {
                    transfer.intensitiesWithDerivatives(w.t, w.n, w.col, w.dv, nb, w.phaseOut, w.phaseDerivatives,
                            w.ok2);
                } else {
                    transfer.intensities(w.t, w.n, w.col, w.dv, nb, w.phaseOut, w.ok2);
                }
                int fIndex = chem ? ix[7] : ix[3];
                for (int j = 0; j < nb; j++) {
                    int i = start + j;
                    if (!(w.ok[j] && w.ok2[j])) {
                        valid[i] = false;
                        continue;
                    }
                    double f = thetas[from + i][fIndex];
                    for (int l = 0; l < nl; l++) {
                        out[i * nl + l] += f * w.phaseOut[j * nl + l];
                        if (derivatives) {
                            phaseJacobian(w, j, l, ix, f, chem, jac, (i * nl + l) * np);
                        }
                    }
                }
            }
        }
    }

    /** Adds phase terms of one line's Jacobian row at {@code row} (see {@link #predictWithJacobian}). */
    private void phaseJacobian(Work w, int j, int l, int[] ix, double f, boolean chem, double[] jac, int row) {
        int d = (j * nl + l) * 4;
        double aT = w.phaseDerivatives[d];
        double aN = w.phaseDerivatives[d + 1];
        double aC = w.phaseDerivatives[d + 2];
        double aDv = w.phaseDerivatives[d + 3];
        int s = speciesOfLine[l];
        if (chem) {
            double av = w.chemIn[6 * j + 3];
            double dv = w.dv[j];
            double[] xg = w.abundanceGradient[s];
            double dcdX = av * COLUMN_PER_AV / dv;
            for (int q = 0; q < 6; q++) {
                jac[row + ix[q]] += f * aC * xg[6 * j + q] * dcdX;
            }
            jac[row + ix[2]] += f * aN;
            jac[row + ix[3]] += f * aC * w.abundance[s][j] * COLUMN_PER_AV / dv;
            jac[row + ix[4]] += f * aT;
            // N/dv falls as 1/dv: d(N/dv)/d dv = -(N/dv)/dv
            jac[row + ix[6]] += f * (aDv - aC * w.col[s][j] / dv);
            jac[row + ix[7]] += w.phaseOut[j * nl + l];
        } else {
            jac[row + ix[0]] += f * aT;
            jac[row + ix[1]] += f * aN;
            jac[row + ix[2]] += f * aDv;
            jac[row + ix[3]] += w.phaseOut[j * nl + l];
            jac[row + ix[4 + s]] += f * aC;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s model, %d phase(s), lines %s, parameters %s", kind.label(), phases,
                lines(), names);
    }
}
