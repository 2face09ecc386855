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

    /** {@link #eggbox} and its gradient: d/dx = 5 t^4 (-sin(x/2) cos(y/2) / 2), likewise in y. */
    static double eggbox(double[] x, double[] g) {
        double cx = Math.cos(0.5 * x[0]);
        double cy = Math.cos(0.5 * x[1]);
        double t = 2 + cx * cy;
        double t4 = t * t * t * t;
        g[0] = 5 * t4 * (-0.5 * Math.sin(0.5 * x[0]) * cy);
        g[1] = 5 * t4 * (-0.5 * Math.sin(0.5 * x[1]) * cx);
        return t4 * t;
    }

    /**
     * {@link #rosenbrock} and its gradient: d/dx_i = 2 (1 - x_i) + 400 x_i (x_{i+1} - x_i^2) - 200 (x_i - x_{i-1}^2),
     * each term present where its index exists.
     */
    static double rosenbrock(double[] x, double[] g) {
        java.util.Arrays.fill(g, 0);
        double s = 0;
        for (int i = 0; i < x.length - 1; i++) {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            s += a * a + 100 * b * b;
            g[i] += 2 * a + 400 * x[i] * b;
            g[i + 1] -= 200 * b;
        }
        return -s;
    }

    /** {@link #logGamma} and its gradient (mixture components weighted by their responsibilities). */
    static double logGamma(double[] x, double[] g) {
        int d = x.length;
        double a = logLogGamma(x[0], 1.0 / 3);
        double b = logLogGamma(x[0], 2.0 / 3);
        double lse = LogMath.logAddExp(a, b);
        double w = Math.exp(a - lse);
        g[0] = w * dLogLogGamma(x[0], 1.0 / 3) + (1 - w) * dLogLogGamma(x[0], 2.0 / 3);
        double s = lse - LN2;
        a = logNormal(x[1], 1.0 / 3);
        b = logNormal(x[1], 2.0 / 3);
        lse = LogMath.logAddExp(a, b);
        w = Math.exp(a - lse);
        g[1] = w * dLogNormal(x[1], 1.0 / 3) + (1 - w) * dLogNormal(x[1], 2.0 / 3);
        s += lse - LN2;
        for (int i = 3; i <= d; i++) {
            boolean lg = 2 * i <= d + 2;
            s += lg ? logLogGamma(x[i - 1], 2.0 / 3) : logNormal(x[i - 1], 2.0 / 3);
            g[i - 1] = lg ? dLogLogGamma(x[i - 1], 2.0 / 3) : dLogNormal(x[i - 1], 2.0 / 3);
        }
        return s;
    }

    private static double dLogLogGamma(double x, double loc) {
        return (1 - Math.exp((x - loc) / SCALE)) / SCALE;
    }

    private static double dLogNormal(double x, double mean) {
        return -(x - mean) / (SCALE * SCALE);
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
