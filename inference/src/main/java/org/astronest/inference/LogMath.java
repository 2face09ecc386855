package org.astronest.inference;

/** Log-space arithmetic. */
public final class LogMath {

    private LogMath() {
    }

    /** ln(e^a + e^b), exact for infinities. */
    public static double logAddExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double m = Math.max(a, b);
        return m + Math.log1p(Math.exp(-Math.abs(a - b)));
    }

    /** ln(sum e^x_i); -infinity for an empty array or all -infinity. */
    public static double logSumExp(double[] x) {
        return logSumExp(x, 0, x.length);
    }

    /** ln(sum e^x_i) over {@code x[from..to)}. */
    public static double logSumExp(double[] x, int from, int to) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            m = Math.max(m, x[i]);
        }
        if (m == Double.NEGATIVE_INFINITY || m == Double.POSITIVE_INFINITY) {
            return m;
        }
        double s = 0;
        for (int i = from; i < to; i++) {
            s += Math.exp(x[i] - m);
        }
        return m + Math.log(s);
    }

    /** ln(e^a - e^b) for a &gt;= b. */
    public static double logSubExp(double a, double b) {
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        return a + Math.log(-Math.expm1(b - a));
    }
}
