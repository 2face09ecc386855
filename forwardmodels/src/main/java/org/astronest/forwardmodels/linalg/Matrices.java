package org.astronest.forwardmodels.linalg;

/** Products of small dense row-major {@code double[][]} matrices, shared by RSCA and the cross-survey model. */
public final class Matrices {

    private Matrices() {
    }

    /** a b (n x k times k x m). */
    public static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            double[] ci = c[i];
            for (int t = 0; t < b.length; t++) {
                double x = a[i][t];
                if (x != 0) {
                    double[] bt = b[t];
                    for (int j = 0; j < m; j++) {
                        ci[j] += x * bt[j];
                    }
                }
            }
        }
        return c;
    }

    /** m v. */
    public static double[] multiply(double[][] m, double[] v) {
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
}
