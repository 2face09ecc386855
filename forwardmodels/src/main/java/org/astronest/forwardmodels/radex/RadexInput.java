package org.astronest.forwardmodels.radex;

import java.util.Arrays;

/**
 * Physical input of one RADEX model. Validated on construction; every message names the field and the value.
 *
 * @param tKin           kinetic temperature in K (RADEX accepts 0.1 to 1e4 K; any positive value is taken here)
 * @param densities      collision-partner densities in cm^-3 indexed by LAMDA partner id (length 8, index 0 unused;
 *                       1=H2, 2=p-H2, 3=o-H2, 4=e-, 5=H, 6=He, 7=H+). If only H2 (id 1) is given and the molecule has
 *                       more than one partner, the solver applies RADEX's thermal ortho/para split
 * @param tBg            background radiation temperature in K, a blackbody; 2.73 K is the CMB default of RADEX's
 *                       example input and of pyradex/ndradex/SpectralRadex (ALGORITHM.md Sect. 1.2). Values &lt;= 0
 *                       (RADEX's ISRF and user-file backgrounds) are not supported
 * @param columnDensity  column density of the molecule in cm^-2
 * @param lineWidthKms   FWHM line width in km/s
 * @param fminGHz        lowest line frequency reported (GHz), as RADEX's fmin
 * @param fmaxGHz        highest line frequency reported (GHz), as RADEX's fmax
 */
public record RadexInput(double tKin, double[] densities, double tBg, double columnDensity, double lineWidthKms,
                         double fminGHz, double fmaxGHz) {

    /** CMB temperature used by default, 2.73 K (RADEX example input). */
    public static final double DEFAULT_TBG = 2.73;

    public RadexInput {
        positive("tKin", tKin);
        positive("tBg", tBg);
        positive("columnDensity", columnDensity);
        positive("lineWidthKms", lineWidthKms);
        if (densities == null || densities.length != 8) {
            throw new IllegalArgumentException("densities must have length 8 (index = LAMDA partner id 1..7), got "
                    + (densities == null ? "null" : densities.length));
        }
        densities = densities.clone();
        boolean any = false;
        for (int i = 1; i < 8; i++) {
            double d = densities[i];
            if (!(d >= 0) || !Double.isFinite(d)) {
                throw new IllegalArgumentException("density of " + CollisionPartner.NAMES[i] + " must be finite and "
                        + ">= 0, got " + d);
            }
            any |= d > 0;
        }
        if (!any) {
            throw new IllegalArgumentException("densities: at least one collision partner density must be > 0, got "
                    + Arrays.toString(Arrays.copyOfRange(densities, 1, 8)));
        }
        if (!(fminGHz >= 0) || Double.isNaN(fminGHz)) {
            throw new IllegalArgumentException("fminGHz must be >= 0, got " + fminGHz);
        }
        if (!(fmaxGHz > fminGHz)) {
            throw new IllegalArgumentException("fmaxGHz must be > fminGHz (" + fminGHz + "), got " + fmaxGHz);
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v
                    + (name.equals("tBg") ? " (RADEX's ISRF/user backgrounds, tBg <= 0, are not supported)" : ""));
        }
    }

    /** Total H2 density {@code nH2}, CMB background 2.73 K, all lines. */
    public static RadexInput ofH2(double tKin, double nH2, double columnDensity, double lineWidthKms) {
        return ofH2(tKin, nH2, columnDensity, lineWidthKms, DEFAULT_TBG);
    }

    /** Total H2 density {@code nH2} with background temperature {@code tBg}, all lines. */
    public static RadexInput ofH2(double tKin, double nH2, double columnDensity, double lineWidthKms, double tBg) {
        double[] d = new double[8];
        d[1] = nH2;
        return new RadexInput(tKin, d, tBg, columnDensity, lineWidthKms, 0, Double.POSITIVE_INFINITY);
    }

    /** Copy with another frequency window (GHz). */
    public RadexInput withFrequencyRange(double fmin, double fmax) {
        return new RadexInput(tKin, densities, tBg, columnDensity, lineWidthKms, fmin, fmax);
    }

    /** Copy of the densities (index = partner id). */
    @Override
    public double[] densities() {
        return densities.clone();
    }

    /** Density of partner {@code id} without copying. */
    public double density(int id) {
        return densities[id];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RadexInput r && tKin == r.tKin && Arrays.equals(densities, r.densities) && tBg == r.tBg
                && columnDensity == r.columnDensity && lineWidthKms == r.lineWidthKms && fminGHz == r.fminGHz
                && fmaxGHz == r.fmaxGHz;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(tKin) * 31 + Arrays.hashCode(densities) + Double.hashCode(columnDensity);
    }

    @Override
    public String toString() {
        return "RadexInput[tKin=" + tKin + ", densities=" + Arrays.toString(Arrays.copyOfRange(densities, 1, 8))
                + ", tBg=" + tBg + ", N=" + columnDensity + ", dv=" + lineWidthKms + " km/s, f=" + fminGHz + ".."
                + fmaxGHz + " GHz]";
    }
}
