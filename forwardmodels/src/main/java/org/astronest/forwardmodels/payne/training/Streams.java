package org.astronest.forwardmodels.payne.training;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Seeded random streams of the trainers: commons-rng's L64_X128_MIX seeded with a SplitMix64 hash of (seed, path),
 * so that every work item (a pixel's initial weights, the validation split, a cross-validation fold) has its own
 * stream whatever the thread count or the order in which items run (the project's rule; the same construction as
 * {@code inference.Rngs.stream}, which this module cannot depend on).
 */
final class Streams {

    /** Path of the training/validation split. */
    static final long SPLIT = -1;
    /** Path of the cross-validation folds. */
    static final long FOLDS = -2;

    private Streams() {
    }

    /** The stream of work item {@code path} under {@code seed}. */
    static UniformRandomProvider of(long seed, long path) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        h = mix(h ^ mix(path + 0x9E3779B97F4A7C15L));
        long[] state = new long[4];
        long s = h;
        for (int i = 0; i < 4; i++) {
            s += 0x9E3779B97F4A7C15L;
            state[i] = mix(s);
        }
        return RandomSource.L64_X128_MIX.create(state);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates) from {@code rng}. */
    static int[] permutation(int n, UniformRandomProvider rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** SplitMix64 finalizer (Steele, Lea &amp; Flood 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
