package org.astronest.forwardmodels.nmf;

import org.apache.commons.numbers.gamma.Erfc;
import org.apache.commons.numbers.gamma.Erfcx;
import org.apache.commons.numbers.gamma.InverseErfc;

/**
 * The standard normal distribution's functions in the forms the orthant probabilities need: Phi, ln Phi for any
 * argument (through the scaled complementary error function erfcx(x) = exp(x^2) erfc(x) in the far lower tail, where
 * Phi itself underflows), the inverse Mills ratio phi(a) / Phi(-a), and the quantile.
 */
final class NormalFunctions {

    static final double SQRT2 = Math.sqrt(2);
    static final double LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private NormalFunctions() {
    }

    /** Phi(x) = erfc(-x / sqrt 2) / 2. */
    static double phiCdf(double x) {
        return 0.5 * Erfc.value(-x / SQRT2);
    }

    /** ln Phi(x), accurate in both tails. */
    static double logPhiCdf(double x) {
        if (x > 0) {
            return Math.log1p(-0.5 * Erfc.value(x / SQRT2));
        }
        if (x > -5) {
            return Math.log(0.5 * Erfc.value(-x / SQRT2));
        }
        return Math.log(0.5 * Erfcx.value(-x / SQRT2)) - 0.5 * x * x;
    }

    /** phi(a) / Phi(-a), the mean of a standard normal truncated to (a, infinity); stable for large a. */
    static double inverseMills(double a) {
        // phi(a) / Phi(-a) = (exp(-a^2/2) / sqrt(2 pi)) / (erfcx(a / sqrt 2) exp(-a^2/2) / 2)
        return Math.sqrt(2 / Math.PI) / Erfcx.value(a / SQRT2);
    }

    /** Phi^-1(p), p in (0, 1). */
    static double quantile(double p) {
        return -SQRT2 * InverseErfc.value(2 * p);
    }
}
