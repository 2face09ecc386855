package org.astronest.forwardmodels.payne.training;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright 2006, "Numerical Optimization", 2nd ed., Algorithm 7.4 two-loop
 * recursion with {@code H0 = (s.y / y.y) I}, eq. 7.20) with a backtracking line search on the Armijo condition
 * ({@code c1 = 1e-4}, halving, Algorithm 3.1), on the full-batch objective of a pixel. A pair is stored only when
 * {@code s.y > 1e-10 |s| |y|} (curvature condition; otherwise the update is skipped, section 7.2's safeguard). The
 * first step (and any step after a failed line search, which clears the memory) is a steepest-descent step of
 * length {@code 1e-2} in parameter space (our choice: parameters are O(1)).
 *
 * <p>The {@code |u|} prior is not smooth at {@code u = 0}; L-BFGS can then stall earlier
 * than Adam (docs/payne.md). One iteration may evaluate the objective several times.
 *
 * @param memory number of stored pairs; default 10 (within Nocedal &amp; Wright's "3 to 20", section 7.2)
 */
public record Lbfgs(int memory) implements PixelOptimizer {

    public Lbfgs {
        if (memory < 1) {
            throw new IllegalArgumentException("L-BFGS memory must be >= 1, got " + memory);
        }
    }

    public static Lbfgs defaults() {
        return new Lbfgs(10);
    }

    @Override
    public String id() {
        return "lbfgs";
    }

    private static final int HEAD = 4;
    private static final double C1 = 1e-4;
    private static final int MAX_HALVINGS = 40;
    private static final double FIRST_STEP = 1e-2;

    @Override
    public int stateSize(int n) {
        return HEAD + n + 2 * memory * n + memory;
    }

    @Override
    public double[][] newScratch(int n) {
        return new double[][] {new double[n], new double[n], new double[n], new double[memory]};
    }

    @Override
    public double step(Objective f, double[] x, double[] st, int off, int iteration, double[][] scratch) {
        int n = x.length;
        int m = memory;
        int go = off + HEAD;
        int so = go + n;
        int yo = so + m * n;
        int ro = yo + m * n;
        double[] d = scratch[0];
        double[] xt = scratch[1];
        double[] gt = scratch[2];
        double[] al = scratch[3];
        if (st[off + 2] == 0) {
            st[off + 3] = f.valueAndGradient(x, gt);
            System.arraycopy(gt, 0, st, go, n);
            st[off + 2] = 1;
        }
        double fx = st[off + 3];
        int count = (int) st[off];
        int head = (int) st[off + 1];
        // two-loop recursion: d = -H g
        for (int i = 0; i < n; i++) {
            d[i] = st[go + i];
        }
        for (int c = 0; c < count; c++) {
            int idx = Math.floorMod(head - 1 - c, m);
            double a = 0;
            for (int i = 0; i < n; i++) {
                a += st[so + idx * n + i] * d[i];
            }
            a *= st[ro + idx];
            al[idx] = a;
            for (int i = 0; i < n; i++) {
                d[i] -= a * st[yo + idx * n + i];
            }
        }
        double gamma;
        double gnorm = 0;
        for (int i = 0; i < n; i++) {
            gnorm += st[go + i] * st[go + i];
        }
        gnorm = Math.sqrt(gnorm);
        if (count > 0) {
            int newest = Math.floorMod(head - 1, m);
            double yy = 0;
            for (int i = 0; i < n; i++) {
                double yi = st[yo + newest * n + i];
                yy += yi * yi;
            }
            gamma = 1.0 / (st[ro + newest] * yy);
        } else {
            gamma = gnorm > 0 ? FIRST_STEP / gnorm : 0;
        }
        for (int i = 0; i < n; i++) {
            d[i] *= gamma;
        }
        for (int c = count - 1; c >= 0; c--) {
            int idx = Math.floorMod(head - 1 - c, m);
            double b = 0;
            for (int i = 0; i < n; i++) {
                b += st[yo + idx * n + i] * d[i];
            }
            b *= st[ro + idx];
            double coef = al[idx] - b;
            for (int i = 0; i < n; i++) {
                d[i] += coef * st[so + idx * n + i];
            }
        }
        double gd = 0;
        for (int i = 0; i < n; i++) {
            d[i] = -d[i];
            gd += d[i] * st[go + i];
        }
        if (!(gd < 0)) {
            // not a descent direction (or a zero gradient): restart from steepest descent
            count = 0;
            double s = gnorm > 0 ? FIRST_STEP / gnorm : 0;
            gd = 0;
            for (int i = 0; i < n; i++) {
                d[i] = -s * st[go + i];
                gd += d[i] * st[go + i];
            }
            if (!(gd < 0)) {
                return fx; // stationary
            }
        }
        double alpha = 1.0;
        double ft = Double.NaN;
        boolean ok = false;
        for (int t = 0; t < MAX_HALVINGS; t++) {
            for (int i = 0; i < n; i++) {
                xt[i] = x[i] + alpha * d[i];
            }
            ft = f.valueAndGradient(xt, gt);
            if (Double.isFinite(ft) && ft <= fx + C1 * alpha * gd) {
                ok = true;
                break;
            }
            alpha *= 0.5;
        }
        if (!ok) {
            st[off] = 0;
            st[off + 1] = 0;
            return fx;
        }
        // pair s = alpha d, y = g_new - g
        double sy = 0;
        double ss = 0;
        double yy = 0;
        for (int i = 0; i < n; i++) {
            double si = alpha * d[i];
            double yi = gt[i] - st[go + i];
            sy += si * yi;
            ss += si * si;
            yy += yi * yi;
        }
        if (sy > 1e-10 * Math.sqrt(ss * yy)) {
            for (int i = 0; i < n; i++) {
                st[so + head * n + i] = alpha * d[i];
                st[yo + head * n + i] = gt[i] - st[go + i];
            }
            st[ro + head] = 1.0 / sy;
            head = (head + 1) % m;
            count = Math.min(count + 1, m);
        }
        for (int i = 0; i < n; i++) {
            x[i] = xt[i];
        }
        System.arraycopy(gt, 0, st, go, n);
        st[off + 3] = ft;
        st[off] = count;
        st[off + 1] = head;
        return fx;
    }
}
