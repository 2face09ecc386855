package org.astronest.forwardmodels.radex;

/**
 * Escape-probability geometries of RADEX (van der Tak et al. 2007, A&amp;A 468, 627, Sect. 2.3), written from the
 * formulas of {@code ../shared/radex/ALGORITHM.md} Sect. 1.3 with RADEX 30nov2011's literals. {@code tau} is the
 * line-centre optical depth; negative values (masers) pass through, the branch tests use |tau|.
 */
public enum Geometry {
    /** Uniform sphere (Osterbrock 1974, App. 2); RADEX method 1, its default. */
    SPHERE {
        @Override
        public double beta(double tau) {
            double taur = tau / 2.0;
            double a = Math.abs(taur);
            if (a < 0.1) {
                return 1.0 - 0.75 * taur + taur * taur / 2.5 - taur * taur * taur / 6.0
                        + taur * taur * taur * taur / 17.5;
            }
            if (a > 50.0) {
                return 0.75 / taur;
            }
            return 0.75 / taur * (1.0 - 1.0 / (2.0 * taur * taur)
                    + (1.0 / taur + 1.0 / (2.0 * taur * taur)) * Math.exp(-2.0 * taur));
        }
    },
    /**
     * Expanding sphere in the large-velocity-gradient (Sobolev) approximation (de Jong, Boland &amp; Dalgarno 1980,
     * corrected by a factor 2); RADEX method 2. The literals 2.34 and 4.68 are single precision in RADEX (this
     * reproduces its beta(1) = 0.58942997496632554 to the last bit), and sqrt(pi) uses pi = 3.14159265.
     */
    LVG {
        @Override
        public double beta(double tau) {
            double taur = tau / 2.0;
            double a = Math.abs(taur);
            if (a < 0.01) {
                return 1.0;
            }
            if (a < 7.0) {
                return 2.0 * (1.0 - Math.exp(-LVG_A * taur)) / (LVG_B * taur);
            }
            // For taur <= -7 (strong maser) the logarithm is NaN, as in RADEX; the solver then handles the NaN
            // populations the way RADEX's compiled Fortran does (see RadexSolver).
            return 2.0 / (taur * 4.0 * Math.sqrt(Math.log(taur / SQRT_PI)));
        }
    },
    /** Plane-parallel slab, LVG-slab form (de Jong, Dalgarno &amp; Chu 1975); RADEX method 3. */
    SLAB {
        @Override
        public double beta(double tau) {
            double a = Math.abs(3.0 * tau);
            if (a < 0.1) {
                return 1.0 - 1.5 * (tau + tau * tau);
            }
            if (a > 50.0) {
                return 1.0 / (3.0 * tau);
            }
            return (1.0 - Math.exp(-3.0 * tau)) / (3.0 * tau);
        }
    };

    private static final double LVG_A = 2.34f;
    private static final double LVG_B = 4.68f;
    private static final double SQRT_PI = Math.sqrt(RadexSolver.PI);

    /** Escape probability for line-centre optical depth {@code tau}. */
    public abstract double beta(double tau);

    /** Parses sphere|lvg|slab (case-insensitive; also RADEX's numbers 1|2|3); error naming the value otherwise. */
    public static Geometry parse(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT);
        switch (t) {
            case "sphere": case "uniform": case "uniformsphere": case "1":
                return SPHERE;
            case "lvg": case "expanding": case "expandingsphere": case "2":
                return LVG;
            case "slab": case "planeparallelslab": case "3":
                return SLAB;
            default:
                throw new IllegalArgumentException("geometry must be sphere, lvg or slab, got '" + s + "'");
        }
    }
}
