package org.astronest.forwardmodels.payne.training;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.astronest.forwardmodels.payne.LabelScaling;
import org.astronest.forwardmodels.payne.QuadraticSpectralModel;

/**
 * Trains The Cannon's per-pixel quadratic model ({@link QuadraticSpectralModel}; Ness et al. 2015, ApJ 808, 16,
 * eq. 5, without its intrinsic scatter term) by weighted least squares, pixel by pixel: with {@code phi_j} the
 * quadratic label vector of training star j (scaled labels) and {@code w_jp} its inverse variance,
 * {@code theta_p = argmin sum_j w_jp (theta . phi_j - y_jp)^2}, i.e. {@code (Phi^T W Phi) theta = Phi^T W y}, solved
 * by Cholesky.
 *
 * <p>With the {@link GradientPrior}: the model's gradient spectrum of prior label g is linear in theta,
 * {@code f'_g = r_g . theta} with {@code r_g} the same difference of the label vectors {@code phi} at the prior's points
 * ({@link GradientPrior#points()}). For
 * {@link PenaltyShape#SQUARED} the penalty {@code D sum_g ((r_g . theta - a_g)/n_g)^2} adds rows to the normal
 * equations and the solution stays closed-form. For {@link PenaltyShape#ABSOLUTE} the problem is solved by
 * iteratively reweighted least squares: each step replaces {@code |d|} by the majorant
 * {@code d^2/(2|d_0|) + |d_0|/2} at the previous solution (an MM algorithm: the objective never increases),
 * with {@code |d_0|} floored at {@code 1e-8 n_g}, until the objective's relative decrease is below 1e-12 or after
 * {@link #MAX_IRLS} steps. {@code D_scale = 0} is the plain weighted least squares.
 *
 * <p>Pixels are independent and solved in parallel; the result does not depend on the thread count.
 */
public final class QuadraticTrainer implements ModelTrainer {

    /** Upper bound on reweighting steps for the {@code |u|} prior. */
    public static final int MAX_IRLS = 500;

    private final int threads;

    /** @param threads worker threads (>= 1) */
    public QuadraticTrainer(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public QuadraticSpectralModel fit(TrainingSet set, GradientPrior prior) {
        int nl = set.labelCount();
        int m = QuadraticSpectralModel.termCount(nl);
        int n = set.starCount();
        int np = set.pixelCount();
        if (prior != null && (prior.pixelCount() != np || !prior.trainingLabels().equals(set.labelNames()))) {
            throw new IllegalArgumentException("gradient prior for " + prior.pixelCount() + " pixels and labels "
                    + prior.trainingLabels() + " does not match the training set (" + np + " pixels, "
                    + set.labelNames() + ")");
        }
        double[] lo = set.xMin();
        double[] hi = set.xMax();
        double[] phi = new double[n * m];
        double[] x = new double[nl];
        double[] s = new double[nl];
        double[] one = new double[m];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < nl; k++) {
                x[k] = set.label(j, k);
            }
            LabelScaling.scale(x, 1, lo, hi, s);
            QuadraticSpectralModel.features(s, 0, nl, one);
            System.arraycopy(one, 0, phi, j * m, m);
        }
        GradientPrior pr = prior != null && prior.dScale() > 0 ? prior : null;
        double[] rows = null;
        if (pr != null) {
            int g = pr.size();
            double[] pts = pr.points();
            double[] sc = new double[pts.length];
            LabelScaling.scale(pts, pr.pointCount(), lo, hi, sc);
            double[] f0 = new double[m];
            rows = new double[g * m];
            for (int i = 0; i < g; i++) {
                QuadraticSpectralModel.features(sc, 2 * i * nl, nl, f0);
                QuadraticSpectralModel.features(sc, (2 * i + 1) * nl, nl, one);
                for (int t = 0; t < m; t++) {
                    rows[i * m + t] = one[t] - f0[t];
                }
            }
        }
        double[] theta = new double[np * m];
        double[] r = rows;
        Runnable all = () -> IntStream.range(0, np).parallel().forEach(p -> solvePixel(set, phi, m, p, pr, r, theta));
        if (threads == 1) {
            for (int p = 0; p < np; p++) {
                solvePixel(set, phi, m, p, pr, r, theta);
            }
        } else {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                pool.submit(all).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("training interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdown();
            }
        }
        return new QuadraticSpectralModel(lo, hi, np, theta);
    }

    private static void solvePixel(TrainingSet set, double[] phi, int m, int p, GradientPrior prior, double[] rows,
                                   double[] theta) {
        int n = set.starCount();
        double[] a = new double[m * m];
        double[] b = new double[m];
        for (int j = 0; j < n; j++) {
            double w = set.ivar(j, p);
            if (w == 0) {
                continue;
            }
            double wy = w * set.flux(j, p);
            int o = j * m;
            for (int u = 0; u < m; u++) {
                double pu = phi[o + u];
                double wpu = w * pu;
                b[u] += wy * pu;
                for (int v = 0; v <= u; v++) {
                    a[u * m + v] += wpu * phi[o + v];
                }
            }
        }
        for (int u = 0; u < m; u++) {
            for (int v = 0; v < u; v++) {
                a[v * m + u] = a[u * m + v];
            }
        }
        double[] sol;
        if (prior == null) {
            sol = solve(a, b, m, p);
        } else {
            int g = prior.size();
            double d = prior.dScale();
            double[] c = new double[g];
            if (prior.options().shape() == PenaltyShape.SQUARED) {
                for (int i = 0; i < g; i++) {
                    double nn = prior.norm(i, p);
                    c[i] = d / (nn * nn);
                }
                sol = solveWithRows(a, b, m, rows, c, prior, p);
            } else {
                // IRLS from the squared-penalty solution with weights D / n^2 (a start that already sits near the
                // ab initio gradients where they are tight)
                for (int i = 0; i < g; i++) {
                    double nn = prior.norm(i, p);
                    c[i] = d / (nn * nn);
                }
                sol = solveWithRows(a, b, m, rows, c, prior, p);
                double prev = objective(set, phi, m, p, sol, prior, rows);
                for (int it = 0; it < MAX_IRLS; it++) {
                    for (int i = 0; i < g; i++) {
                        double nn = prior.norm(i, p);
                        double dev = Math.abs(dot(rows, i * m, sol, m) - prior.abInitio(i, p));
                        c[i] = d / (2 * nn * Math.max(dev, 1e-8 * nn));
                    }
                    double[] next = solveWithRows(a, b, m, rows, c, prior, p);
                    double cur = objective(set, phi, m, p, next, prior, rows);
                    if (!(cur <= prev)) {
                        break; // rounding at the optimum: keep the previous solution
                    }
                    sol = next;
                    boolean done = prev - cur <= 1e-12 * Math.abs(prev);
                    prev = cur;
                    if (done) {
                        break;
                    }
                }
            }
        }
        System.arraycopy(sol, 0, theta, p * m, m);
    }

    private static double dot(double[] rows, int off, double[] x, int m) {
        double s = 0;
        for (int t = 0; t < m; t++) {
            s += rows[off + t] * x[t];
        }
        return s;
    }

    /** Chi-square plus the prior penalty of coefficients {@code th} at pixel p. */
    private static double objective(TrainingSet set, double[] phi, int m, int p, double[] th, GradientPrior prior,
                                    double[] rows) {
        double chi2 = 0;
        for (int j = 0; j < set.starCount(); j++) {
            double w = set.ivar(j, p);
            if (w == 0) {
                continue;
            }
            double r = dot(phi, j * m, th, m) - set.flux(j, p);
            chi2 += w * r * r;
        }
        int g = prior.size();
        double[] fr = new double[2 * g];
        for (int i = 0; i < g; i++) {
            fr[2 * i + 1] = dot(rows, i * m, th, m);
        }
        return chi2 + prior.penalty(p, fr, 0, null);
    }

    private static double[] solveWithRows(double[] a, double[] b, int m, double[] rows, double[] c,
                                          GradientPrior prior, int p) {
        double[] aa = a.clone();
        double[] bb = b.clone();
        for (int i = 0; i < c.length; i++) {
            int o = i * m;
            double ai = prior.abInitio(i, p);
            for (int u = 0; u < m; u++) {
                double cu = c[i] * rows[o + u];
                bb[u] += cu * ai;
                for (int v = 0; v < m; v++) {
                    aa[u * m + v] += cu * rows[o + v];
                }
            }
        }
        return solve(aa, bb, m, p);
    }

    /** Cholesky solve of the symmetric {@code a x = b}; an error naming the pixel when a is not positive definite. */
    static double[] solve(double[] a, double[] b, int m, int p) {
        double[] l = a.clone();
        for (int j = 0; j < m; j++) {
            double d = l[j * m + j];
            for (int k = 0; k < j; k++) {
                d -= l[j * m + k] * l[j * m + k];
            }
            if (!(d > 0)) {
                throw new IllegalArgumentException("quadratic model: pixel " + p + " is not determined by the training "
                        + "set (its normal matrix is not positive definite: fewer usable stars than the " + m
                        + " coefficients, or labels that do not vary independently)");
            }
            d = Math.sqrt(d);
            l[j * m + j] = d;
            for (int i = j + 1; i < m; i++) {
                double s = l[i * m + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * m + k] * l[j * m + k];
                }
                l[i * m + j] = s / d;
            }
        }
        double[] x = b.clone();
        for (int i = 0; i < m; i++) {
            double s = x[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * m + k] * x[k];
            }
            x[i] = s / l[i * m + i];
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = x[i];
            for (int k = i + 1; k < m; k++) {
                s -= l[k * m + i] * x[k];
            }
            x[i] = s / l[i * m + i];
        }
        return x;
    }
}
