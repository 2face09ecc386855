package org.astronest.forwardmodels.crosssurvey;

/** Small dense helpers on row-major {@code double[][]} for this package. */
final class Lin {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private Lin() {
    }

    static double[] multiply(double[][] m, double[] v) {
        return org.astronest.forwardmodels.linalg.Matrices.multiply(m, v);
    }

    static double[][] multiply(double[][] a, double[][] b) {
        return org.astronest.forwardmodels.linalg.Matrices.multiply(a, b);
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
