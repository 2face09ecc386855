package org.astronest.forwardmodels.crosssurvey;

/** Small dense helpers on row-major {@code double[][]} for this package. */
final class Lin {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private Lin() {
    }

    static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            double[] row = m[i];
            for (int j = 0; j < v.length; j++) {
                s += row[j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < b.length; t++) {
                double x = a[i][t];
                if (x != 0) {
                    double[] bt = b[t];
                    double[] ci = c[i];
                    for (int j = 0; j < m; j++) {
                        ci[j] += x * bt[j];
                    }
                }
            }
        }
        return c;
    }

    static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    /** ln N(y | mu, diag(sd^2)). */
    static double logNormalDiagonal(double[] y, double[] mu, double[] sd) {
        double s = 0;
        for (int j = 0; j < y.length; j++) {
            double r = (y[j] - mu[j]) / sd[j];
            s += -0.5 * r * r - Math.log(sd[j]) - 0.5 * LOG_2PI;
        }
        return s;
    }
}
