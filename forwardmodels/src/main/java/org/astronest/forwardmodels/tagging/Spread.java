package org.astronest.forwardmodels.tagging;

import java.util.Arrays;
import java.util.List;

/**
 * How RSCA's step 4 estimates one cluster's standard deviation along one dimension (thesis, seed 001 eqs. 5.6-5.7;
 * the pooled variance then weights each cluster by n_j - 1). A new estimator is one more constant here and one entry in
 * {@link #all()}.
 */
public interface Spread {

    /** The name configs and the CLI use. */
    String name();

    /** The standard deviation of {@code values} (one cluster, one dimension; at least two values). */
    double sd(double[] values);

    /**
     * The median absolute deviation about the median (eq. 5.7) times 1.4826 = 1 / Phi^-1(3/4), which makes it
     * consistent for the standard deviation of a normal sample (Rousseeuw &amp; Croux 1993, JASA 88, 1273), times the
     * finite-sample factor {@link #madFactor} that makes its square unbiased for the variance of a normal sample of
     * that size, since eq. 5.6 pools squares and the thesis' clusters have 2-14 members. The thesis' eq. 5.7 is
     * unscaled; unscaled, every sigma_c would be 0.674 sigma and eq. 5.4's sigma_p = 1 would not be on its scale.
     */
    Spread MAD = new Spread() {
        @Override
        public String name() {
            return "mad";
        }

        @Override
        public double sd(double[] values) {
            double[] v = values.clone();
            double med = median(v);
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.abs(v[i] - med);
            }
            return 1.4826 * madFactor(v.length) * median(v);
        }

        @Override
        public String toString() {
            return name();
        }
    };

    /**
     * k_n with E[(k_n 1.4826 MAD_n)^2] = sigma^2 for n normal values: for n = 2..40 a Monte Carlo table (4 million
     * samples per n, standard errors at most 4e-4; the program is in docs/tagging.md), above 40 1 + 0.12 / n (the
     * table's trend, within 1e-3 of it at n = 30..40).
     */
    static double madFactor(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("a spread needs at least 2 values, got " + n);
        }
        return n <= 40 ? madFactors()[n - 2] : 1 + 0.12 / n;
    }

    /** {@link #madFactor} for n = 2..40. */
    private static double[] madFactors() {
        return new double[] {0.9541, 1.1460, 1.1812, 1.0506, 1.0745, 1.0266, 1.0423, 1.0175, 1.0278, 1.0129, 1.0200,
        1.0102, 1.0154, 1.0087, 1.0124, 1.0070, 1.0101, 1.0061, 1.0087, 1.0053, 1.0074, 1.0049, 1.0065, 1.0041,
        1.0057, 1.0037, 1.0052, 1.0037, 1.0047, 1.0034, 1.0044, 1.0031, 1.0039, 1.0028, 1.0037, 1.0029, 1.0034,
        1.0025, 1.0033};
    }

    /** The sample standard deviation (denominator n - 1), for which eq. 5.6's pooled variance is unbiased. */
    Spread SAMPLE_SD = new Spread() {
        @Override
        public String name() {
            return "sd";
        }

        @Override
        public double sd(double[] values) {
            double m = 0;
            for (double x : values) {
                m += x;
            }
            m /= values.length;
            double s = 0;
            for (double x : values) {
                s += (x - m) * (x - m);
            }
            return Math.sqrt(s / (values.length - 1));
        }

        @Override
        public String toString() {
            return name();
        }
    };

    /** Every estimator, by name. */
    static List<Spread> all() {
        return List.of(MAD, SAMPLE_SD);
    }

    /** The estimator called {@code name}. */
    static Spread of(String name) {
        for (Spread s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("spread must be one of " + all().stream().map(Spread::name).toList()
                + ", got '" + name + "'");
    }

    /** The median of {@code v} (sorted in place). */
    static double median(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}
