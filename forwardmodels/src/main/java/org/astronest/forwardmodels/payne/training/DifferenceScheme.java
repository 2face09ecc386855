package org.astronest.forwardmodels.payne.training;

import java.util.Locale;

/**
 * How a gradient spectrum (the change of the spectrum as one label varies by its step {@code Delta}, all other labels
 * held at the reference star; seed 004 sec. 2) is formed as a finite difference.
 */
public enum DifferenceScheme {
    /**
     * {@code f(l_ref + Delta/2 e) - f(l_ref - Delta/2 e)}: centred on the reference star, so it equals
     * {@code Delta df/dl} there up to {@code O(Delta^3)}. The default: a forward difference carries a bias
     * {@code Delta^2 f''/2}, which for a weak line (depth proportional to 10^[X/H]) makes the 0.2 dex gradient
     * 27% larger than {@code Delta df/dl} ((10^0.2 - 1)/(0.2 ln 10) = 1.27), and a model that matches it then
     * under-reads abundances near the reference (docs/payne.md).
     */
    CENTRAL("central"),
    /** {@code f(l_ref + Delta e) - f(l_ref)}: the one-sided change. */
    FORWARD("forward");

    private final String id;

    DifferenceScheme(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Offset (in steps) of the point that is subtracted. */
    double minusOffset() {
        return this == CENTRAL ? -0.5 : 0.0;
    }

    /** Offset (in steps) of the point that is added. */
    double plusOffset() {
        return this == CENTRAL ? 0.5 : 1.0;
    }

    /** {@code central} or {@code forward} (case-insensitive). */
    public static DifferenceScheme parse(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (DifferenceScheme d : values()) {
            if (d.id.equals(t)) {
                return d;
            }
        }
        throw new IllegalArgumentException("difference scheme must be central or forward, got '" + s + "'");
    }
}
