package org.astronest.validation.problems;

import org.astronest.inference.LogMath;

/** Log-likelihoods of the catalogue problems that need no set-up. */
final class Problems {

    private static final double LN2 = Math.log(2);

    private Problems() {
    }

    /** ln L = (2 + cos(x/2) cos(y/2))^5. */
    static double eggbox(double[] x) {
        double t = 2 + Math.cos(0.5 * x[0]) * Math.cos(0.5 * x[1]);
        return t * t * t * t * t;
    }

    /** ln L = -sum [(1 - x_i)^2 + 100 (x_{i+1} - x_i^2)^2]. */
    static double rosenbrock(double[] x) {
        double s = 0;
        for (int i = 0; i < x.length - 1; i++) {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            s += a * a + 100 * b * b;
        }
        return -s;
    }

    /**
     * The LogGamma problem: x1 ~ mixture of LogGamma(1, 1/3, 1/30) and LogGamma(1, 2/3, 1/30); x2 ~ mixture of
     * N(1/3, 1/30) and N(2/3, 1/30); for 3 &lt;= i &lt;= (D+2)/2, LogGamma(1, 2/3, 1/30); beyond, N(2/3, 1/30).
     */
    static double logGamma(double[] x) {
        int d = x.length;
        double s = LogMath.logAddExp(logLogGamma(x[0], 1.0 / 3), logLogGamma(x[0], 2.0 / 3)) - LN2;
        s += LogMath.logAddExp(logNormal(x[1], 1.0 / 3), logNormal(x[1], 2.0 / 3)) - LN2;
        for (int i = 3; i <= d; i++) {
            s += 2 * i <= d + 2 ? logLogGamma(x[i - 1], 2.0 / 3) : logNormal(x[i - 1], 2.0 / 3);
        }
        return s;
    }

    private static final double SCALE = 1.0 / 30;

    /** ln of the LogGamma(c = 1) density: y = (x - loc)/scale, exp(y - e^y)/scale. */
    private static double logLogGamma(double x, double loc) {
        double y = (x - loc) / SCALE;
        return y - Math.exp(y) - Math.log(SCALE);
    }

    private static double logNormal(double x, double mean) {
        double z = (x - mean) / SCALE;
        return -0.5 * z * z - Math.log(SCALE) - 0.5 * Math.log(2 * Math.PI);
    }
}
