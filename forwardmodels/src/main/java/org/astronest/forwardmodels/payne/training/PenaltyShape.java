package org.astronest.forwardmodels.payne.training;

import java.util.Locale;

/**
 * How the gradient prior ({@link GradientPrior}) charges a relative deviation {@code u = (f' - f'_ab) / n} of a
 * model gradient from its ab initio value: {@code rho(u)}.
 */
public enum PenaltyShape {
    /**
     * {@code rho(u) = |u|}: the sum of absolute relative deviations. Where the ab initio gradient is strong the
     * penalty grows only linearly, so the data can set the gradient's actual size (seed 004 sec. 2: "if the
     * theoretical gradient at a pixel is strong ... the data can determine the actual model gradient spectra");
     * where it is near zero the normaliser is small and any deviation costs much. Not smooth at 0: train with
     * {@link Adam} (L-BFGS's line searches stall at the kinks; docs/payne.md).
     */
    ABSOLUTE("abs") {
        @Override
        public double value(double u) {
            return Math.abs(u);
        }

        @Override
        public double derivative(double u) {
            return u > 0 ? 1.0 : u < 0 ? -1.0 : 0.0;
        }
    },
    /**
     * {@code rho(u) = u^2}: a Gaussian prior on each relative deviation. The default: smooth, so L-BFGS trains the
     * networks quickly and the quadratic model stays closed-form; it pulls strong-gradient pixels towards the ab
     * initio size harder than {@link #ABSOLUTE} for large deviations (the data still set the size where
     * {@code (gradient / its data error)^2} is large against D_scale; docs/payne.md).
     */
    SQUARED("square") {
        @Override
        public double value(double u) {
            return u * u;
        }

        @Override
        public double derivative(double u) {
            return 2 * u;
        }
    };

    private final String id;

    PenaltyShape(String id) {
        this.id = id;
    }

    /** The name used in options and files: {@code abs} or {@code square}. */
    public String id() {
        return id;
    }

    /** {@code rho(u)}. */
    public abstract double value(double u);

    /** {@code rho'(u)} (0 at the kink of {@link #ABSOLUTE}: a subgradient). */
    public abstract double derivative(double u);

    /** {@code abs} or {@code square} (case-insensitive). */
    public static PenaltyShape parse(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
        for (PenaltyShape p : values()) {
            if (p.id.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("penalty shape must be abs or square, got '" + s + "'");
    }
}
