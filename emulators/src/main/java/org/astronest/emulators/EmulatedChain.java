package org.astronest.emulators;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chemistry-dependent emulated model of thesis seed 001 section 2.2.3 for a list of lines: for each line's
 * species, the UCLCHEM emulator gives the abundance X; the column density is {@code N = X * Av * 1.6e21} cm^-2
 * ({@value #COLUMN_PER_AV} cm^-2 mag^-1, the H column per magnitude of extinction used by emulchem, FORMAT.md);
 * the RADEX emulator at the same T and n gives the intensity at N/dv, times dv; the result is multiplied by the beam
 * filling factor f.
 *
 * <p>Parameters of one point, in this order ({@link #PARAMETERS} values): chi, zeta, n, Av, T, metallicity, dv, f.
 * Batched evaluation runs each distinct chemistry network once per point (4 for the thesis' 5 lines) and each line
 * network once, in blocks of 1024 points with per-thread buffers (no allocation in the hot path).
 *
 * <p>For the forward-model/likelihood code: {@link #evaluate(double[], int, double[], boolean[])} with a
 * {@code valid} array marks points outside any emulator's domain instead of throwing (their likelihood is -infinity).
 */
public final class EmulatedChain {

    /** Hydrogen column per magnitude of visual extinction, cm^-2 mag^-1 (FORMAT.md chained model; thesis 2.2.3). */
    public static final double COLUMN_PER_AV = 1.6e21;

    /** Number of parameters per point: chi, zeta, n, Av, T, metallicity, dv, f. */
    public static final int PARAMETERS = 8;

    /** Parameter names in order. */
    public static final List<String> PARAMETER_NAMES = List.of("chi", "zeta", "n", "Av", "T", "metallicity", "dv",
            "f");

    /**
     * Points per block: each network runs over the whole block before the next one starts, so its 210 KB of weights
     * stay in L2 (the 9 networks of the thesis chain together exceed this machine's 2 MB L2).
     */
    private static final int BLOCK = 1024;

    private final List<LineId> lines;
    private final ChemistryEmulator[] chem;
    private final int[] chemOfLine;
    private final RadexEmulator[] rad;
    private final ThreadLocal<Work> work;

    private static final class Work {
        final double[] chemIn = new double[BLOCK * 6];
        final double[][] abundance;
        final double[] radIn = new double[BLOCK * 3];
        final double[] radOut = new double[BLOCK];
        final boolean[] ok = new boolean[BLOCK];
        final double[][] abundanceGradient;
        final double[] radGradient = new double[BLOCK * 3];

        Work(int species) {
            abundance = new double[species][BLOCK];
            abundanceGradient = new double[species][BLOCK * 6];
        }
    }

    private EmulatedChain(List<LineId> lines, ChemistryEmulator[] chem, int[] chemOfLine, RadexEmulator[] rad) {
        this.lines = List.copyOf(lines);
        this.chem = chem;
        this.chemOfLine = chemOfLine;
        this.rad = rad;
        int species = chem.length;
        this.work = ThreadLocal.withInitial(() -> new Work(species));
    }

    /** The chain for the given lines, with networks from the catalog (on its backend). */
    public static EmulatedChain of(EmulatorCatalog catalog, List<LineId> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("lines must not be empty");
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        List<ChemistryEmulator> chem = new ArrayList<>();
        int[] chemOfLine = new int[lines.size()];
        RadexEmulator[] rad = new RadexEmulator[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            LineId l = lines.get(i);
            Integer c = index.get(l.species());
            if (c == null) {
                c = chem.size();
                index.put(l.species(), c);
                chem.add(catalog.chemistry(l.species()));
            }
            chemOfLine[i] = c;
            rad[i] = catalog.line(l);
        }
        return new EmulatedChain(lines, chem.toArray(new ChemistryEmulator[0]), chemOfLine, rad);
    }

    /** Convenience: lines written {@code CO(3-2)}. */
    public static EmulatedChain of(EmulatorCatalog catalog, String... lines) {
        List<LineId> l = new ArrayList<>();
        for (String s : lines) {
            l.add(LineId.parse(s));
        }
        return of(catalog, l);
    }

    public List<LineId> lines() {
        return lines;
    }

    /** Distinct chemistry networks used. */
    public int chemistryNetworks() {
        return chem.length;
    }

    /** Floating-point operations of one point (all networks, multiply-adds counted as 2). */
    public long flopsPerPoint() {
        long f = 0;
        for (ChemistryEmulator c : chem) {
            f += c.emulator().kernel().network().flopsPerEvaluation();
        }
        for (RadexEmulator r : rad) {
            f += r.emulator().kernel().network().flopsPerEvaluation();
        }
        return f;
    }

    /** Intensities (K km/s) of all lines at one point; out-of-domain input raises an error naming it. */
    public double[] intensities(double chi, double zeta, double n, double av, double temperature, double metallicity,
            double dv, double f) {
        double[] p = {chi, zeta, n, av, temperature, metallicity, dv, f};
        double[] out = new double[lines.size()];
        evaluate(p, 1, out, null);
        return out;
    }

    /**
     * Batched: {@code n} points of {@link #PARAMETERS} values row-major into {@code out} (n rows of
     * {@code lines().size()} intensities). With {@code valid == null} an out-of-domain point raises an
     * {@link IllegalArgumentException} naming the point, the input, its value and range; otherwise
     * {@code valid[i]} tells whether point i is inside every domain (its outputs are then extrapolations and must not
     * be used). Returns the number of valid points.
     */
    public int evaluate(double[] params, int n, double[] out, boolean[] valid) {
        return run(params, n, out, null, valid);
    }

    /**
     * {@link #evaluate(double[], int, double[], boolean[])} with the Jacobian: {@code jacobian[(i * lines + l) *
     * PARAMETERS + p]} = d out[i * lines + l] / d parameter p of point i, by reverse mode through every network
     * ({@link Emulator#evaluateWithGradientUnchecked}) and the chain rule through N/dv = X Av 1.6e21 / dv, the
     * intensity times dv and the filling factor. Values are bit-identical to the value path; a point's Jacobian is
     * only meaningful where it is valid.
     */
    public int evaluateWithJacobian(double[] params, int n, double[] out, double[] jacobian, boolean[] valid) {
        if (jacobian.length < (long) n * lines.size() * PARAMETERS) {
            throw new IllegalArgumentException("batch of " + n + " points needs a Jacobian of "
                    + (long) n * lines.size() * PARAMETERS + " values, got " + jacobian.length);
        }
        return run(params, n, out, jacobian, valid);
    }

    private int run(double[] params, int n, double[] out, double[] jacobian, boolean[] valid) {
        int nl = lines.size();
        if (params.length < (long) n * PARAMETERS || out.length < (long) n * nl
                || (valid != null && valid.length < n)) {
            throw new IllegalArgumentException("batch of " + n + " points needs " + n * PARAMETERS + " parameters and "
                    + n * nl + " outputs, got " + params.length + " and " + out.length);
        }
        Work w = work.get();
        int count = 0;
        for (int start = 0; start < n; start += BLOCK) {
            int nb = Math.min(BLOCK, n - start);
            for (int j = 0; j < nb; j++) {
                int p = (start + j) * PARAMETERS;
                System.arraycopy(params, p, w.chemIn, j * 6, 6);
                boolean ok = ChemistryEmulator.DOMAIN.contains(params, p) && params[p + 6] > 0
                        && params[p + 6] < Double.POSITIVE_INFINITY && params[p + 7] >= 0
                        && params[p + 7] < Double.POSITIVE_INFINITY;
                if (!ok && valid == null) {
                    throw new IllegalArgumentException("point " + (start + j) + ": " + describeBad(params, p));
                }
                w.ok[j] = ok;
            }
            for (int c = 0; c < chem.length; c++) {
                if (jacobian == null) {
                    chem[c].emulator().evaluateUnchecked(w.chemIn, nb, w.abundance[c]);
                } else {
                    chem[c].emulator().evaluateWithGradientUnchecked(w.chemIn, nb, w.abundance[c],
                            w.abundanceGradient[c]);
                }
            }
            for (int l = 0; l < nl; l++) {
                double[] x = w.abundance[chemOfLine[l]];
                Domain.Input colRange = rad[l].emulator().domain().get(2);
                for (int j = 0; j < nb; j++) {
                    int p = (start + j) * PARAMETERS;
                    double dv = params[p + 6];
                    double perWidth = x[j] * params[p + 3] * COLUMN_PER_AV / dv;
                    w.radIn[3 * j] = params[p + 4];
                    w.radIn[3 * j + 1] = params[p + 2];
                    w.radIn[3 * j + 2] = perWidth;
                    if (!colRange.contains(perWidth) && w.ok[j]) {
                        if (valid == null) {
                            throw new IllegalArgumentException("point " + (start + j) + ": " + lines.get(l)
                                    + ": N(" + lines.get(l).species() + ")/dv = X * Av * 1.6e21 / dv = " + perWidth
                                    + " is outside the emulator's valid range [" + colRange.lo() + ", "
                                    + colRange.hi() + "] cm^-2/(km/s)");
                        }
                        w.ok[j] = false;
                    }
                    if (!w.ok[j]) {
                        w.radIn[3 * j + 2] = colRange.lo(); // keep the network on finite input
                    }
                }
                if (jacobian == null) {
                    rad[l].emulator().evaluateUnchecked(w.radIn, nb, w.radOut);
                } else {
                    rad[l].emulator().evaluateWithGradientUnchecked(w.radIn, nb, w.radOut, w.radGradient);
                }
                for (int j = 0; j < nb; j++) {
                    int p = (start + j) * PARAMETERS;
                    int i = start + j;
                    out[i * nl + l] = w.radOut[j] * params[p + 6] * params[p + 7];
                    if (jacobian != null) {
                        chainRule(params, p, x[j], w.abundanceGradient[chemOfLine[l]], j, w.radOut[j],
                                w.radGradient, jacobian, (i * nl + l) * PARAMETERS);
                    }
                }
            }
            for (int j = 0; j < nb; j++) {
                if (valid != null) {
                    valid[start + j] = w.ok[j];
                }
                if (w.ok[j]) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * One line's Jacobian row: I = g(T, n, c) dv f with c = X(chi, zeta, n, Av, T, Z) Av K / dv, g the RADEX
     * emulator's intensity per unit width (value {@code g}, gradient {@code gg[3j..3j+2]}) and X the abundance
     * (value {@code x}, gradient {@code xg[6j..6j+5]}).
     */
    private static void chainRule(double[] params, int p, double x, double[] xg, int j, double g, double[] gg,
            double[] jac, int row) {
        double av = params[p + 3];
        double dv = params[p + 6];
        double f = params[p + 7];
        double gT = gg[3 * j];
        double gN = gg[3 * j + 1];
        double gC = gg[3 * j + 2];
        double dcdX = av * COLUMN_PER_AV / dv;
        double scale = dv * f;
        for (int q = 0; q < 6; q++) {
            jac[row + q] = scale * gC * xg[6 * j + q] * dcdX;
        }
        jac[row + 2] += scale * gN;
        jac[row + 3] += scale * gC * x * COLUMN_PER_AV / dv;
        jac[row + 4] += scale * gT;
        // dI/d dv = f (g + dv g_c dc/d dv) with dc/d dv = -c / dv
        jac[row + 6] = f * (g - gC * x * av * COLUMN_PER_AV / dv);
        jac[row + 7] = g * dv;
    }

    private static String describeBad(double[] params, int p) {
        for (int i = 0; i < 6; i++) {
            Domain.Input in = ChemistryEmulator.DOMAIN.get(i);
            if (!in.contains(params[p + i])) {
                return Domain.outside(in, params[p + i]);
            }
        }
        if (!(params[p + 6] > 0) || params[p + 6] == Double.POSITIVE_INFINITY) {
            return "dv must be a positive finite line width (km/s), got " + params[p + 6];
        }
        return "f must be a finite beam filling factor >= 0, got " + params[p + 7];
    }
}
