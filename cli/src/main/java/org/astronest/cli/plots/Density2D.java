package org.astronest.cli.plots;

import java.util.Arrays;

/**
 * A weighted 2-D histogram on a regular grid, smoothed with a separable Gaussian kernel (the estimate corner.py
 * draws with {@code smooth=}), normalized so that the cells sum to one, and the density thresholds that enclose given
 * probability masses (highest-density regions).
 *
 * <p>Level definition (as corner.py's {@code hist2d}): sort the smoothed cell masses in decreasing order and
 * accumulate; the threshold for mass {@code m} is the value of the first cell at which the cumulative mass reaches
 * {@code m}. The region {density >= threshold} then holds mass {@code m} of the smoothed histogram. For a 2-D
 * Gaussian the region enclosing mass {@code m} is the ellipse of Mahalanobis radius r with m = 1 - exp(-r^2/2), so
 * r = 1 and 2 give 39.3% and 86.5% ("1 and 2 sigma in 2-D").
 */
public final class Density2D {

    private final int nx;
    private final int ny;
    private final double x0;
    private final double dx;
    private final double y0;
    private final double dy;
    private final double[] h; // row-major [iy * nx + ix], sums to 1

    private Density2D(int nx, int ny, double x0, double dx, double y0, double dy, double[] h) {
        this.nx = nx;
        this.ny = ny;
        this.x0 = x0;
        this.dx = dx;
        this.y0 = y0;
        this.dy = dy;
        this.h = h;
    }

    /**
     * Builds the smoothed histogram of points (x[i], y[i]) with weights w[i] on [xlo, xhi] x [ylo, yhi] with
     * {@code nx} x {@code ny} bins, smoothed with a Gaussian of {@code sigmaBins} bins (0: none). Points outside the
     * box or with non-finite coordinates are left out.
     */
    public static Density2D of(double[] x, double[] y, double[] w, double xlo, double xhi, double ylo, double yhi,
                               int nx, int ny, double sigmaBins) {
        if (!(xhi > xlo) || !(yhi > ylo) || nx < 2 || ny < 2) {
            throw new IllegalArgumentException("density grid needs xhi > xlo, yhi > ylo and >= 2 bins, got x [" + xlo
                    + ", " + xhi + "] y [" + ylo + ", " + yhi + "] bins " + nx + "x" + ny);
        }
        double dx = (xhi - xlo) / nx;
        double dy = (yhi - ylo) / ny;
        double[] h = new double[nx * ny];
        for (int i = 0; i < x.length; i++) {
            double fx = (x[i] - xlo) / dx;
            double fy = (y[i] - ylo) / dy;
            if (!(fx >= 0 && fx <= nx && fy >= 0 && fy <= ny) || !(w[i] > 0)) {
                continue;
            }
            int ix = Math.min(nx - 1, (int) fx);
            int iy = Math.min(ny - 1, (int) fy);
            h[iy * nx + ix] += w[i];
        }
        if (sigmaBins > 0) {
            h = smooth(h, nx, ny, sigmaBins);
        }
        double total = 0;
        for (double v : h) {
            total += v;
        }
        if (total > 0) {
            for (int i = 0; i < h.length; i++) {
                h[i] /= total;
            }
        }
        return new Density2D(nx, ny, xlo, dx, ylo, dy, h);
    }

    private static double[] kernel(double sigma) {
        int r = Math.max(1, (int) Math.ceil(4 * sigma));
        double[] k = new double[2 * r + 1];
        double s = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
            s += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= s;
        }
        return k;
    }

    /** Separable Gaussian convolution with zero outside the grid. */
    private static double[] smooth(double[] h, int nx, int ny, double sigma) {
        double[] k = kernel(sigma);
        int r = k.length / 2;
        double[] tmp = new double[h.length];
        for (int iy = 0; iy < ny; iy++) {
            for (int ix = 0; ix < nx; ix++) {
                double s = 0;
                for (int t = -r; t <= r; t++) {
                    int j = ix + t;
                    if (j >= 0 && j < nx) {
                        s += k[t + r] * h[iy * nx + j];
                    }
                }
                tmp[iy * nx + ix] = s;
            }
        }
        double[] out = new double[h.length];
        for (int iy = 0; iy < ny; iy++) {
            for (int ix = 0; ix < nx; ix++) {
                double s = 0;
                for (int t = -r; t <= r; t++) {
                    int j = iy + t;
                    if (j >= 0 && j < ny) {
                        s += k[t + r] * tmp[j * nx + ix];
                    }
                }
                out[iy * nx + ix] = s;
            }
        }
        return out;
    }

    /** Density thresholds (cell masses) enclosing each of the given masses (see the class comment). */
    public double[] thresholds(double[] masses) {
        double[] s = h.clone();
        Arrays.sort(s);
        double[] out = new double[masses.length];
        for (int k = 0; k < masses.length; k++) {
            double m = masses[k];
            if (!(m > 0 && m < 1)) {
                throw new IllegalArgumentException("contour mass must be in (0, 1), got " + m);
            }
            double cum = 0;
            out[k] = s[s.length - 1];
            for (int i = s.length - 1; i >= 0; i--) {
                cum += s[i];
                if (cum >= m) {
                    out[k] = s[i];
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Contour lines at {@code level} by marching squares on the cell centres, with a ring of zero cells around the
     * grid so that every line closes.
     */
    public Contours.Level contour(double level) {
        int px = nx + 2;
        int py = ny + 2;
        double[] g = new double[px * py];
        for (int iy = 0; iy < ny; iy++) {
            System.arraycopy(h, iy * nx, g, (iy + 1) * px + 1, nx);
        }
        double[] xc = new double[px];
        double[] yc = new double[py];
        for (int i = 0; i < px; i++) {
            xc[i] = x0 + (i - 0.5) * dx;
        }
        for (int i = 0; i < py; i++) {
            yc[i] = y0 + (i - 0.5) * dy;
        }
        return Contours.trace(g, px, py, xc, yc, level);
    }

    /** Bilinear interpolation of the cell values at (x, y) (0 outside the grid). */
    public double valueAt(double x, double y) {
        double fx = (x - x0) / dx - 0.5;
        double fy = (y - y0) / dy - 0.5;
        int ix = (int) Math.floor(fx);
        int iy = (int) Math.floor(fy);
        double tx = fx - ix;
        double ty = fy - iy;
        return (1 - ty) * ((1 - tx) * cell(ix, iy) + tx * cell(ix + 1, iy))
                + ty * ((1 - tx) * cell(ix, iy + 1) + tx * cell(ix + 1, iy + 1));
    }

    private double cell(int ix, int iy) {
        return ix < 0 || iy < 0 || ix >= nx || iy >= ny ? 0 : h[iy * nx + ix];
    }

    public int nx() {
        return nx;
    }

    public int ny() {
        return ny;
    }

    /** Bin width along x. */
    public double dx() {
        return dx;
    }

    /** Bin width along y. */
    public double dy() {
        return dy;
    }

    /** A copy of the normalized cell masses, row-major {@code [iy * nx + ix]}. */
    public double[] cells() {
        return h.clone();
    }
}
