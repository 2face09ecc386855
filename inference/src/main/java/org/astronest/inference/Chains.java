package org.astronest.inference;

import java.util.List;

/**
 * MCMC chains for trace plots and diagnostics: {@code values[walker][row][parameter]} over the free parameters
 * named in {@code names}, the log posterior per walker and row, and the burn-in and thinning applied to form the
 * posterior samples, counted in rows (before that thinning). Row {@code r} holds step {@code r * stride}: a sampler
 * that keeps long chains in bounded memory stores them evenly thinned (the ensemble sampler's chain store), and
 * stride is 1 when every step is stored. In steps, the burn-in is {@code burnIn * stride} and the thinning
 * {@code thin * stride}.
 *
 * <p>{@code statistics} holds per-draw sampler statistics by ArviZ's names ({@code statistics.get(name)[chain][row]}):
 * NUTS records {@code diverging} (0 or 1), {@code tree_depth}, {@code n_steps}, {@code energy},
 * {@code acceptance_rate} and {@code step_size} (the names {@code arviz.from_cmdstanpy} gives Stan's); empty for the
 * ensemble.
 */
public record Chains(List<String> names, double[][][] values, double[][] logPosterior, int burnIn, int thin,
                     int stride, java.util.Map<String, double[][]> statistics) {

    public Chains {
        names = List.copyOf(names);
        if (stride < 1) {
            throw new IllegalArgumentException("chains: stride must be >= 1, got " + stride);
        }
        statistics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(statistics));
    }

    /** Chains without per-draw statistics. */
    public Chains(List<String> names, double[][][] values, double[][] logPosterior, int burnIn, int thin, int stride) {
        this(names, values, logPosterior, burnIn, thin, stride, java.util.Map.of());
    }

    /** Chains with every step stored (stride 1). */
    public Chains(List<String> names, double[][][] values, double[][] logPosterior, int burnIn, int thin) {
        this(names, values, logPosterior, burnIn, thin, 1);
    }

    public int walkers() {
        return values.length;
    }

    /** Rows per walker (steps stored; the chain is {@code steps() * stride} steps long, to within a stride). */
    public int steps() {
        return values.length == 0 ? 0 : values[0].length;
    }

    /**
     * A column of an MCMC run's samples as {@code [chain][draw]}: the samplers write draw-major rows (row
     * {@code k * chains + c} is draw k of chain c, for the ensemble's walkers and NUTS's chains alike).
     */
    public static double[][] split(double[] column, int chains) {
        if (chains < 1 || column.length % chains != 0) {
            throw new IllegalArgumentException("chains: " + column.length + " rows do not split into " + chains
                    + " chains");
        }
        int n = column.length / chains;
        double[][] out = new double[chains][n];
        for (int k = 0; k < n; k++) {
            for (int c = 0; c < chains; c++) {
                out[c][k] = column[k * chains + c];
            }
        }
        return out;
    }
}
