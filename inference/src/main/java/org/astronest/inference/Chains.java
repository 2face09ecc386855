package org.astronest.inference;

import java.util.List;

/**
 * MCMC chains for trace plots and diagnostics: {@code values[walker][step][parameter]} over the free parameters
 * named in {@code names}, the log posterior per walker and step, and the burn-in and thinning applied to form the
 * posterior samples (steps are counted before thinning).
 */
public record Chains(List<String> names, double[][][] values, double[][] logPosterior, int burnIn, int thin) {

    public Chains {
        names = List.copyOf(names);
    }

    public int walkers() {
        return values.length;
    }

    public int steps() {
        return values.length == 0 ? 0 : values[0].length;
    }
}
