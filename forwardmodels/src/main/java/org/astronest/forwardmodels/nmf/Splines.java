package org.astronest.forwardmodels.nmf;

/**
 * Slopes of the not-a-knot cubic spline through points (x_i, y_i) with increasing x (de Boor 2001, A Practical Guide
 * to Splines, ch. IV: the slope form of the C2 conditions, with the third derivative continuous at the second and the
 * last-but-one knot). Two points give the straight line, three the parabola through them. The error of the spline
 * of a smooth function is O(h^4), its slopes O(h^3).
 */
final class Splines {

    private Splines() {
    }

    /** Slopes at the points x[from..from+n), values y[from..from+n). */
    static double[] slopes(double[] x, double[] y, int from, int n) {
        double[] s = new double[n];
        if (n < 2) {
            throw new IllegalArgumentException("a spline needs at least 2 points, got " + n);
        }
        if (n == 2) {
            double d = (y[from + 1] - y[from]) / (x[from + 1] - x[from]);
            s[0] = d;
            s[1] = d;
            return s;
        }
        double[] h = new double[n - 1];
        double[] del = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            h[i] = x[from + i + 1] - x[from + i];
            del[i] = (y[from + i + 1] - y[from + i]) / h[i];
        }
        if (n == 3) {
            // the parabola through the three points
            double c = (del[1] - del[0]) / (h[0] + h[1]);
            s[0] = del[0] - c * h[0];
            s[1] = del[0] + c * h[0];
            s[2] = del[1] + c * h[1];
            return s;
        }
        // tridiagonal system: sub[i] s[i-1] + diag[i] s[i] + sup[i] s[i+1] = rhs[i]
        double[] sub = new double[n];
        double[] diag = new double[n];
        double[] sup = new double[n];
        double[] rhs = new double[n];
        double x31 = h[0] + h[1];
        diag[0] = h[1];
        sup[0] = x31;
        rhs[0] = ((h[0] + 2 * x31) * h[1] * del[0] + h[0] * h[0] * del[1]) / x31;
        for (int i = 1; i < n - 1; i++) {
            sub[i] = h[i];
            diag[i] = 2 * (h[i - 1] + h[i]);
            sup[i] = h[i - 1];
            rhs[i] = 3 * (h[i] * del[i - 1] + h[i - 1] * del[i]);
        }
        double xn = h[n - 2] + h[n - 3];
        sub[n - 1] = xn;
        diag[n - 1] = h[n - 3];
        rhs[n - 1] = (h[n - 2] * h[n - 2] * del[n - 3] + (2 * xn + h[n - 2]) * h[n - 3] * del[n - 2]) / xn;
        // Thomas algorithm
        for (int i = 1; i < n; i++) {
            double m = sub[i] / diag[i - 1];
            diag[i] -= m * sup[i - 1];
            rhs[i] -= m * rhs[i - 1];
        }
        s[n - 1] = rhs[n - 1] / diag[n - 1];
        for (int i = n - 2; i >= 0; i--) {
            s[i] = (rhs[i] - sup[i] * s[i + 1]) / diag[i];
        }
        return s;
    }
}
