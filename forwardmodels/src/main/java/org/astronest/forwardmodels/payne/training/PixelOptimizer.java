package org.astronest.forwardmodels.payne.training;

/**
 * A first-order optimiser of one pixel's parameters, run in lockstep over pixels ({@link NetworkTrainer}). The
 * optimiser is configured once and holds no run state: the state of a pixel (moments, curvature pairs, ...) lives in
 * a slice of a caller's array so that it can be checkpointed with the parameters and a resumed run continues with
 * exactly the same numbers.
 */
public interface PixelOptimizer {

    /** Short name for options and files ({@code adam}, {@code lbfgs}). */
    String id();

    /** Doubles of state per pixel for {@code n} parameters. */
    int stateSize(int n);

    /** Scratch arrays for one thread and {@code n} parameters (passed back to {@link #step}). */
    double[][] newScratch(int n);

    /**
     * One iteration from {@code x} (updated in place); the state is {@code state[off .. off + stateSize(n))}, all
     * zeros before the first iteration. {@code iteration} counts from 1.
     *
     * @return the objective at {@code x} before the update
     */
    double step(Objective f, double[] x, double[] state, int off, int iteration, double[][] scratch);

    /** {@code adam} (default options) or {@code lbfgs} (default options). */
    static PixelOptimizer parse(String s) {
        String t = s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "adam" -> Adam.defaults();
            case "lbfgs", "l-bfgs" -> Lbfgs.defaults();
            default -> throw new IllegalArgumentException("optimizer must be adam or lbfgs, got '" + s + "'");
        };
    }
}
