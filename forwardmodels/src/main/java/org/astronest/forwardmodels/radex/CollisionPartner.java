package org.astronest.forwardmodels.radex;

/**
 * Collision rate table of one partner in a LAMDA file: downward rate coefficients k(up -&gt; low, T) in cm^3 s^-1
 * tabulated at {@link #temperatures()}. Immutable.
 *
 * <p>Partner ids follow LAMDA/RADEX: 1=H2, 2=para-H2, 3=ortho-H2, 4=electrons, 5=H, 6=He, 7=H+.
 */
public final class CollisionPartner {

    /** Names of partner ids 1..7 (index 0 unused). */
    static final String[] NAMES = {"?", "H2", "p-H2", "o-H2", "e-", "H", "He", "H+"};

    private final int id;
    private final String description;
    final double[] temps;
    final int[] up;      // 0-based
    final int[] low;     // 0-based
    final double[] rates; // [transition * ntemp + t]

    CollisionPartner(int id, String description, double[] temps, int[] up, int[] low, double[] rates) {
        this.id = id;
        this.description = description;
        this.temps = temps;
        this.up = up;
        this.low = low;
        this.rates = rates;
    }

    /** LAMDA partner id, 1..7. */
    public int id() {
        return id;
    }

    /** Short name of the partner id (H2, p-H2, o-H2, e-, H, He, H+). */
    public String partnerName() {
        return NAMES[id];
    }

    /** The description line of the file (after the id). */
    public String description() {
        return description;
    }

    public double[] temperatures() {
        return temps.clone();
    }

    public int transitionCount() {
        return up.length;
    }

    /**
     * Downward rate coefficient of transition {@code k} (0-based) at kinetic temperature {@code tKin}, following
     * RADEX 30nov2011 {@code readdata.f} (van der Tak et al. 2007): linear in T between the two bracketing table
     * temperatures, clamped to the first/last column outside the table, and the lower node when the interpolated
     * value would be negative.
     */
    public double rate(int k, double tKin) {
        int nt = temps.length;
        int base = k * nt;
        if (nt == 1 || tKin <= temps[0]) {
            return rates[base];
        }
        if (tKin >= temps[nt - 1]) {
            return rates[base + nt - 1];
        }
        int i = 0;
        while (tKin > temps[i + 1]) {
            i++;
        }
        double r0 = rates[base + i];
        double r1 = rates[base + i + 1];
        double v = r0 + (r1 - r0) * (tKin - temps[i]) / (temps[i + 1] - temps[i]);
        return v < 0 ? r0 : v;
    }

    /**
     * Adds {@code density * scale * rate(k, tKin)} to {@code crate[up_k * n + low_k]} for every transition, with the
     * bracket search done once (same arithmetic, bit for bit, as {@link #rate(int, double)}).
     */
    void addRates(double tKin, double density, double scale, double[] crate, int n) {
        int nt = temps.length;
        int i = -1;
        if (nt > 1 && tKin > temps[0] && tKin < temps[nt - 1]) {
            i = 0;
            while (tKin > temps[i + 1]) {
                i++;
            }
        }
        int col = nt == 1 || tKin <= temps[0] ? 0 : nt - 1;
        double dT = i >= 0 ? tKin - temps[i] : 0;
        double dt = i >= 0 ? temps[i + 1] - temps[i] : 1;
        for (int k = 0; k < up.length; k++) {
            int base = k * nt;
            double v;
            if (i < 0) {
                v = rates[base + col];
            } else {
                double r0 = rates[base + i];
                double w = r0 + (rates[base + i + 1] - r0) * dT / dt;
                v = w < 0 ? r0 : w;
            }
            crate[up[k] * n + low[k]] += density * v * scale;
        }
    }
}
