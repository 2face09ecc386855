package org.astronest.inference.mcmc;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * The affine-invariant stretch move (Goodman &amp; Weare 2010, eq. 7-10): pick a walker {@code c} of the
 * complementary ensemble, draw {@code z} from {@code g(z) ∝ 1/sqrt(z)} on {@code [1/a, a]} and propose
 * {@code y = c + z (x - c)}; the acceptance ratio carries the factor {@code z^(d-1)}.
 *
 * @param a the stretch scale, &gt; 1; the default 2 is the value recommended by Goodman &amp; Weare and emcee
 */
public record StretchMove(double a) implements Move {

    /** Default scale a = 2 (Goodman &amp; Weare 2010; emcee's default). */
    public static final double DEFAULT_A = 2;

    public StretchMove {
        if (!(a > 1) || Double.isInfinite(a)) {
            throw new IllegalArgumentException("stretch move: a must be a finite number > 1, got " + a);
        }
    }

    /** The stretch move with a = 2. */
    public static StretchMove defaults() {
        return new StretchMove(DEFAULT_A);
    }

    @Override
    public double propose(double[] x, double[][] complement, double[] out, UniformRandomProvider rng) {
        // inverse-CDF draw from g(z) ∝ 1/sqrt(z) on [1/a, a]: z = ((a - 1) u + 1)^2 / a
        double u = rng.nextDouble();
        double s = (a - 1) * u + 1;
        double z = s * s / a;
        double[] c = complement[rng.nextInt(complement.length)];
        for (int i = 0; i < x.length; i++) {
            out[i] = c[i] + z * (x[i] - c[i]);
        }
        return (x.length - 1) * Math.log(z);
    }

    @Override
    public String describe() {
        return "stretch(a=" + a + ")";
    }
}
