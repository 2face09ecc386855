package org.astronest.forwardmodels.radex;

/**
 * Iteration options of the RADEX solver.
 *
 * @param mode          {@link Mode#CLASSIC} (RADEX 30nov2011, bit-faithful iteration) or {@link Mode#NG} (the same
 *                      iteration with Ng acceleration)
 * @param minIterations convergence is not tested before this iteration; 10 as RADEX's {@code miniter}
 * @param maxIterations iteration limit; 9999 as RADEX's {@code maxiter}. Hitting it marks the result not converged
 * @param tolerance     mean relative Tex change of the optically thick lines below which the model is converged;
 *                      1e-6 as RADEX's {@code ccrit}
 */
public record RadexOptions(Mode mode, int minIterations, int maxIterations, double tolerance) {

    /** Iteration scheme. */
    public enum Mode {
        /** RADEX 30nov2011: Tex averaging, 0.3/0.7 under-relaxation, its convergence rule. */
        CLASSIC,
        /**
         * CLASSIC plus Ng (1974, J. Chem. Phys. 61, 2680) extrapolation of the level populations from the last four
         * iterates, every 4th iteration from iteration 8 on. Same convergence rule; not bit-faithful to RADEX.
         */
        NG
    }

    /** RADEX 30nov2011 settings. */
    public static final RadexOptions CLASSIC = new RadexOptions(Mode.CLASSIC, 10, 9999, 1e-6);

    /** Ng-accelerated iteration with RADEX's limits and tolerance. */
    public static final RadexOptions ACCELERATED = new RadexOptions(Mode.NG, 10, 9999, 1e-6);

    public RadexOptions {
        if (mode == null) {
            throw new IllegalArgumentException("mode must be CLASSIC or NG, got null");
        }
        if (minIterations < 1) {
            throw new IllegalArgumentException("minIterations must be >= 1, got " + minIterations);
        }
        if (maxIterations < minIterations) {
            throw new IllegalArgumentException("maxIterations must be >= minIterations (" + minIterations + "), got "
                    + maxIterations);
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be finite and > 0, got " + tolerance);
        }
    }
}
