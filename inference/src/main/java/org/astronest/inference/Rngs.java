package org.astronest.inference;

import java.util.stream.Stream;
import org.apache.commons.rng.SplittableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Seeded, splittable random number generators (commons-rng's L64X128Mix, an LXM generator: Steele &amp; Vigna 2021).
 *
 * <p>Samplers never use a global generator. They take per-work-item streams in a fixed order: either
 * {@link SeededRandom#split()} in a fixed order, or {@link #stream(long, long...)}, which derives an independent
 * generator from a base seed and a path of indices (e.g. iteration, worker item). Derived streams depend only on
 * (seed, path), so results do not depend on the thread count, and a resumed run can recreate them.
 */
public final class Rngs {

    private Rngs() {
    }

    /** A splittable generator seeded with {@code seed}; it remembers the seed for provenance. */
    public static SeededRandom seeded(long seed) {
        return new SeededRandom(seed, stream(seed));
    }

    /**
     * An independent generator for the work item at {@code path} under {@code seed}: the seed and path are mixed
     * with SplitMix64 into the 4-long state of an L64X128Mix.
     */
    public static SplittableUniformRandomProvider stream(long seed, long... path) {
        long h = mix(seed ^ 0x6A09E667F3BCC909L);
        for (long p : path) {
            h = mix(h ^ mix(p + 0x9E3779B97F4A7C15L));
        }
        long[] state = new long[4];
        long s = h;
        for (int i = 0; i < state.length; i++) {
            s += 0x9E3779B97F4A7C15L;
            state[i] = mix(s);
        }
        return (SplittableUniformRandomProvider) RandomSource.L64_X128_MIX.create(state);
    }

    /**
     * The base seed of a generator for deriving {@link #stream(long, long...)}s: the seed of a {@link SeededRandom},
     * else one long drawn from the generator.
     */
    public static long baseSeed(UniformRandomProvider rng) {
        return rng instanceof SeededRandom s ? s.seed() : rng.nextLong();
    }

    /** The seed for provenance, or null when the generator does not carry one. */
    public static Long seedOf(UniformRandomProvider rng) {
        return rng instanceof SeededRandom s ? s.seed() : null;
    }

    /** SplitMix64 finalizer (Steele, Lea &amp; Flood 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A splittable generator that remembers its seed. */
    public static final class SeededRandom implements SplittableUniformRandomProvider {
        private final long seed;
        private final SplittableUniformRandomProvider delegate;

        SeededRandom(long seed, SplittableUniformRandomProvider delegate) {
            this.seed = seed;
            this.delegate = delegate;
        }

        /** The seed this generator was created with. */
        public long seed() {
            return seed;
        }

        @Override
        public long nextLong() {
            return delegate.nextLong();
        }

        @Override
        public int nextInt() {
            return delegate.nextInt();
        }

        @Override
        public double nextDouble() {
            return delegate.nextDouble();
        }

        @Override
        public SplittableUniformRandomProvider split(UniformRandomProvider source) {
            return delegate.split(source);
        }

        @Override
        public Stream<SplittableUniformRandomProvider> splits(long streamSize, SplittableUniformRandomProvider source) {
            return delegate.splits(streamSize, source);
        }

        @Override
        public String toString() {
            return "SeededRandom[seed=" + seed + "]";
        }
    }
}
