package org.astronest.inference.optim;

import java.util.function.ToDoubleBiFunction;

/**
 * Limited-memory BFGS maximisation of a smooth function with its gradient (Nocedal &amp; Wright 2006, Algorithm 7.4
 * two-loop recursion and Algorithm 7.5), with a line search satisfying the strong Wolfe conditions (ibid.,
 * Algorithms 3.5 and 3.6, c1 = 1e-4, c2 = 0.9) and the initial Hessian scaling gamma = s'y / y'y (eq. 7.20).
 * Stops when the largest gradient component is below {@code gradientTolerance} x max(1, |f|), when f changes by
 * less than {@code relativeTolerance} x max(1, |f|) (the tolerances of Stan's L-BFGS, {@code tol_grad} and
 * {@code tol_rel_obj} in spirit), or after {@code maxIterations}.
 *
 * @param memory            pairs kept (default 5, Stan's history size)
 * @param maxIterations     iterations at most (default 2000, Stan's)
 * @param gradientTolerance see above (default 1e-8, Stan's tol_grad)
 * @param relativeTolerance see above (default 1e-12)
 */
public record Lbfgs(int memory, int maxIterations, double gradientTolerance, double relativeTolerance) {

    public Lbfgs {
        if (memory < 1 || maxIterations < 1 || !(gradientTolerance >= 0) || !(relativeTolerance >= 0)) {
            throw new IllegalArgumentException("lbfgs: memory and max iterations must be >= 1 and tolerances >= 0");
        }
    }

    public static Lbfgs defaults() {
        return new Lbfgs(5, 2000, 1e-8, 1e-12);
    }

    /** The result: the maximiser, f and its gradient there, iterations, evaluations and why it stopped. */
    public record Result(double[] x, double value, double[] gradient, int iterations, int evaluations,
                         String stopReason) {
    }

    /**
     * Maximises f from {@code x0}; {@code f.applyAsDouble(x, g)} returns f(x) and writes its gradient into g
     * (-infinity where f is undefined: the line search steps back).
     */
    public Result maximise(ToDoubleBiFunction<double[], double[]> f, double[] x0) {
        int d = x0.length;
        double[] x = x0.clone();
        double[] g = new double[d];
        int[] evals = {0};
        double fx = eval(f, x, g, evals);
        if (!Double.isFinite(fx)) {
            throw new IllegalArgumentException("lbfgs: the function is " + fx + " at the start");
        }
        double[][] s = new double[memory][];
        double[][] y = new double[memory][];
        double[] rho = new double[memory];
        int stored = 0;
        int head = 0;
        String reason = "max iterations";
        int it = 0;
        for (; it < maxIterations; it++) {
            if (maxAbs(g) <= gradientTolerance * Math.max(1, Math.abs(fx))) {
                reason = "gradient";
                break;
            }
            // two-loop recursion on -f: direction p = H * g (ascent)
            double[] q = g.clone();
            double[] alpha = new double[memory];
            for (int k = 0; k < stored; k++) {
                int i = Math.floorMod(head - 1 - k, memory);
                alpha[i] = rho[i] * dot(s[i], q);
                axpy(-alpha[i], y[i], q);
            }
            double gamma = 1;
            if (stored > 0) {
                int last = Math.floorMod(head - 1, memory);
                gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
            } else {
                gamma = 1 / Math.max(1, Math.sqrt(dot(g, g)));
            }
            for (int i = 0; i < d; i++) {
                q[i] *= gamma;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int i = Math.floorMod(head - 1 - k, memory);
                double beta = rho[i] * dot(y[i], q);
                axpy(alpha[i] - beta, s[i], q);
            }
            double slope = dot(g, q);
            if (!(slope > 0)) {
                // not an ascent direction: restart from steepest ascent
                q = g.clone();
                for (int i = 0; i < d; i++) {
                    q[i] /= Math.max(1, Math.sqrt(dot(g, g)));
                }
                slope = dot(g, q);
                stored = 0;
            }
            double[] xNew = new double[d];
            double[] gNew = new double[d];
            double fNew = lineSearch(f, x, fx, g, q, slope, xNew, gNew, evals);
            if (Double.isNaN(fNew)) {
                reason = "line search";
                break;
            }
            double[] sk = new double[d];
            double[] yk = new double[d];
            for (int i = 0; i < d; i++) {
                sk[i] = xNew[i] - x[i];
                // y for minimising -f: grad(-f)_new - grad(-f)_old
                yk[i] = -(gNew[i] - g[i]);
            }
            double sy = dot(sk, yk);
            double change = Math.abs(fNew - fx);
            x = xNew;
            g = gNew;
            double fOld = fx;
            fx = fNew;
            if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
                s[head] = sk;
                y[head] = yk;
                rho[head] = 1 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            if (change <= relativeTolerance * Math.max(1, Math.abs(fOld))) {
                reason = "relative change";
                it++;
                break;
            }
        }
        return new Result(x, fx, g, it, evals[0], reason);
    }

    /**
     * Strong-Wolfe line search along p from x (Nocedal &amp; Wright Algorithms 3.5/3.6 for maximisation): the
     * accepted point in xNew/gNew and its value, or NaN when no acceptable step is found.
     */
    private static double lineSearch(ToDoubleBiFunction<double[], double[]> f, double[] x, double f0, double[] g0,
                                     double[] p, double slope0, double[] xNew, double[] gNew, int[] evals) {
        double c1 = 1e-4;
        double c2 = 0.9;
        double aPrev = 0;
        double fPrev = f0;
        double slopePrev = slope0;
        double a = 1;
        for (int k = 0; k < 30; k++) {
            double fa = at(f, x, p, a, xNew, gNew, evals);
            double sa = dot(gNew, p);
            if (!(fa >= f0 + c1 * a * slope0) || (k > 0 && fa <= fPrev)) {
                return zoom(f, x, f0, slope0, p, aPrev, fPrev, slopePrev, a, fa, xNew, gNew, evals, c1, c2);
            }
            if (Math.abs(sa) <= c2 * slope0) {
                return fa;
            }
            if (sa <= 0) {
                return zoom(f, x, f0, slope0, p, a, fa, sa, aPrev, fPrev, xNew, gNew, evals, c1, c2);
            }
            aPrev = a;
            fPrev = fa;
            slopePrev = sa;
            a *= 2;
        }
        return Double.NaN;
    }

    private static double zoom(ToDoubleBiFunction<double[], double[]> f, double[] x, double f0, double slope0,
                               double[] p, double lo, double fLo, double sLo, double hi, double fHi, double[] xNew,
                               double[] gNew, int[] evals, double c1, double c2) {
        for (int k = 0; k < 40; k++) {
            double a = 0.5 * (lo + hi);
            double fa = at(f, x, p, a, xNew, gNew, evals);
            if (!(fa >= f0 + c1 * a * slope0) || fa <= fLo) {
                hi = a;
                fHi = fa;
            } else {
                double sa = dot(gNew, p);
                if (Math.abs(sa) <= c2 * slope0) {
                    return fa;
                }
                if (sa * (hi - lo) <= 0) {
                    hi = lo;
                    fHi = fLo;
                }
                lo = a;
                fLo = fa;
                sLo = sa;
            }
            if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) {
                break;
            }
        }
        // accept the best point found if it improved f (a weak step beats stopping)
        if (lo > 0 && fLo > f0) {
            return at(f, x, p, lo, xNew, gNew, evals);
        }
        return Double.NaN;
    }

    private static double at(ToDoubleBiFunction<double[], double[]> f, double[] x, double[] p, double a,
                             double[] xNew, double[] gNew, int[] evals) {
        for (int i = 0; i < x.length; i++) {
            xNew[i] = x[i] + a * p[i];
        }
        double v = eval(f, xNew, gNew, evals);
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    private static double eval(ToDoubleBiFunction<double[], double[]> f, double[] x, double[] g, int[] evals) {
        evals[0]++;
        return f.applyAsDouble(x, g);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
