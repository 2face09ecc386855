package org.astronest.forwardmodels.mcfa;

/**
 * The E-step of MCFA for one parameter set, in precision form (Woodbury + Cholesky of J x J matrices).
 *
 * <p>For component k the marginal covariance is {@code Sigma_k = Psi + A Omega_k A^T}. With
 * {@code G = A^T Psi^-1 A} and {@code P_k = Omega_k^-1 + G} (the posterior precision of the scores),
 * {@code log|Sigma_k| = log|Psi| + log|Omega_k| + log|P_k|} and, with {@code r = y - A xi_k} and
 * {@code b = A^T Psi^-1 r}, {@code r^T Sigma_k^-1 r = r^T Psi^-1 r - b^T P_k^-1 b}; the posterior mean of the scores
 * is {@code m = xi_k + P_k^-1 b} and their posterior covariance {@code P_k^-1}. This is the same density the authors
 * evaluate with a D x D Cholesky of Sigma_k (paper footnote 14) at O(D J + K J^2) per star instead of O(K D^2).
 * Rows with missing entries use the observed rows of A and psi only (exact marginalization), with their own
 * {@code G_n} and a Cholesky of {@code P_nk} per component.
 */
final class Kernel {

    static final double LOG_2PI = Math.log(2 * Math.PI);
    /** Responsibilities at or below this are left out of the sufficient statistics (invisible at double precision). */
    static final double TINY = 1e-16;

    final int dd;
    final int jj;
    final int kk;
    final double[] a;
    final double[] psi;
    final double[] invPsi;
    final double[] logPsi;
    final double[] xi;
    final double[] logPi;
    final double[] omegaInv;
    final double[] logDetOmega;
    /** (Psi^-1 A)^T, J x D. */
    final double[] apsi;
    final double[] g;
    final double[] pChol;
    final double[] pInv;
    final double[] logDetP;
    final double[] gxi;
    final double[] xiGxi;
    final double sumLogPsi;
    /** L_k^-1 per component (P_k = L_k L_k^T; lower, K x J x J): b^T P_k^-1 b = |L_k^-1 b|^2, P_k^-1 = L_k^-T L_k^-1. */
    final double[] linv;
    /** L_k^-1 G xi_k (K x J), so that L_k^-1 b = L_k^-1 w - e_k with w = A^T Psi^-1 y. */
    final double[] ev;
    /** The y-independent part of a complete row's log pi_k N(y | k): log pi_k - (D ln 2pi + ln|Psi| + ln|Omega_k| + ln|P_k| + xi_k^T G xi_k)/2. */
    final double[] logConst;

    Kernel(McfaParameters p) {
        dd = p.d;
        jj = p.j;
        kk = p.k;
        int d = dd;
        int j = jj;
        int k = kk;
        a = p.loads;
        psi = p.psi;
        xi = p.means;
        invPsi = new double[d];
        logPsi = new double[d];
        double slp = 0;
        for (int i = 0; i < d; i++) {
            if (!(psi[i] > 0) || !Double.isFinite(psi[i])) {
                throw new McfaException("specific variance psi[" + i + "] must be > 0, got " + psi[i]);
            }
            invPsi[i] = 1 / psi[i];
            logPsi[i] = Math.log(psi[i]);
            slp += logPsi[i];
        }
        sumLogPsi = slp;
        logPi = new double[k];
        for (int c = 0; c < k; c++) {
            logPi[c] = Math.log(p.pi[c]);
        }
        apsi = new double[j * d];
        for (int r = 0; r < d; r++) {
            for (int q = 0; q < j; q++) {
                apsi[q * d + r] = a[r * j + q] * invPsi[r];
            }
        }
        g = new double[j * j];
        for (int q = 0; q < j; q++) {
            for (int s = 0; s <= q; s++) {
                double v = 0;
                for (int r = 0; r < d; r++) {
                    v += apsi[q * d + r] * a[r * j + s];
                }
                g[q * j + s] = v;
                g[s * j + q] = v;
            }
        }
        omegaInv = new double[k * j * j];
        logDetOmega = new double[k];
        pChol = new double[k * j * j];
        pInv = new double[k * j * j];
        logDetP = new double[k];
        gxi = new double[k * j];
        xiGxi = new double[k];
        linv = new double[k * j * j];
        ev = new double[k * j];
        logConst = new double[k];
        double[] tmp = new double[j * j];
        double[] col = new double[j];
        for (int c = 0; c < k; c++) {
            int off = c * j * j;
            System.arraycopy(p.covariances, off, tmp, 0, j * j);
            if (!Dense.cholesky(tmp, 0, j)) {
                throw new McfaException("covariance Omega of component " + c + " is not positive definite");
            }
            logDetOmega[c] = Dense.logDetFromCholesky(tmp, 0, j);
            Dense.inverseFromCholesky(tmp, 0, j, omegaInv, off, col);
            for (int i = 0; i < j * j; i++) {
                pChol[off + i] = omegaInv[off + i] + g[i];
            }
            if (!Dense.cholesky(pChol, off, j)) {
                throw new McfaException("posterior precision of component " + c + " is not positive definite");
            }
            logDetP[c] = Dense.logDetFromCholesky(pChol, off, j);
            Dense.inverseFromCholesky(pChol, off, j, pInv, off, col);
            double q2 = 0;
            for (int q = 0; q < j; q++) {
                double v = 0;
                for (int s = 0; s < j; s++) {
                    v += g[q * j + s] * xi[c * j + s];
                }
                gxi[c * j + q] = v;
                q2 += v * xi[c * j + q];
            }
            xiGxi[c] = q2;
            Dense.invertLower(pChol, off, j, linv, off);
            for (int q = 0; q < j; q++) {
                double v = 0;
                for (int t = 0; t <= q; t++) {
                    v += linv[off + q * j + t] * gxi[c * j + t];
                }
                ev[c * j + q] = v;
            }
            logConst[c] = logPi[c] - 0.5 * (d * LOG_2PI + sumLogPsi + logDetOmega[c] + logDetP[c] + xiGxi[c]);
        }
    }

    /** Rows per block of the complete-row kernel (the inner, vectorizable loops run over the rows of a block). */
    static final int BLOCK = 128;

    /**
     * Scratch of one chunk of rows: per-row work arrays of the incomplete-row path, the transposed block arrays of
     * the complete-row path ({@code [item][row of block]}) and its lane accumulators (one partial sum per block
     * position, added in a fixed order when the chunk ends, so the sums do not depend on the thread count).
     */
    static final class Scratch {
        final double[] logp;
        final double[] tau;
        final double[] m;
        final double[] w;
        final double[] b;
        final double[] mbar;
        final double[] gn;
        final double[] gn2;
        final double[] pn;
        final double[] pnInv;
        final double[] euu;
        final double[] col;
        final double[] xgx;
        // block arrays (B = BLOCK), one row array per item
        final int[] rows;
        final double[][] yT;
        final double[][] wT;
        final double[] yyB;
        /** L^-1 b per component, then (in place) the posterior means m ([c * J + q][row]). */
        final double[][] vT;
        final double[][] lp;
        final double[][] tauT;
        final double[][] tm;
        final double[] mx;
        final double[] sum;
        final double[][] mbarT;
        // lane accumulators
        final double[][] nkL;
        final double[][] skL;
        final double[][] skkL;
        final double[][] tL;
        final double[][] yyL;
        boolean lanesDirty;

        Scratch(int d, int j, int k) {
            logp = new double[k];
            tau = new double[k];
            m = new double[k * j];
            w = new double[j];
            b = new double[j];
            mbar = new double[j];
            gn = new double[j * j];
            gn2 = new double[j * j];
            pn = new double[k * j * j];
            pnInv = new double[k * j * j];
            euu = new double[j * j];
            col = new double[j];
            xgx = new double[k];
            int bl = BLOCK;
            rows = new int[bl];
            yT = new double[d][bl];
            wT = new double[j][bl];
            yyB = new double[bl];
            vT = new double[k * j][bl];
            lp = new double[k][bl];
            tauT = new double[k][bl];
            tm = new double[k][bl];
            mx = new double[bl];
            sum = new double[bl];
            mbarT = new double[j][bl];
            nkL = new double[k][bl];
            skL = new double[k * j][bl];
            skkL = new double[k * (j * (j + 1) / 2)][bl];
            tL = new double[d * j][bl];
            yyL = new double[d][bl];
        }

        void clearLanes() {
            if (lanesDirty) {
                for (double[][] x : new double[][][] {nkL, skL, skkL, tL, yyL}) {
                    for (double[] row : x) {
                        java.util.Arrays.fill(row, 0);
                    }
                }
                lanesDirty = false;
            }
        }
    }

    /** Sufficient statistics of one chunk of rows. */
    static final class Stats {
        double ll;
        final double[] nk;
        final double[] nkComplete;
        final double[] sk;
        /** sum tau m m^T per component (full J x J). */
        final double[] skk;
        /** sum tau P_nk^-1 per component for incomplete rows. */
        final double[] ck;
        /** sum over rows observed in d of y_nd mbar_n (D x J). */
        final double[] t;
        final double[] yy;
        /** per dimension d: sum over rows missing d of E_n[u u^T] (D x J x J); null when no missing data. */
        final double[] hmis;

        Stats(int d, int j, int k, boolean missing) {
            nk = new double[k];
            nkComplete = new double[k];
            sk = new double[k * j];
            skk = new double[k * j * j];
            ck = new double[k * j * j];
            t = new double[d * j];
            yy = new double[d];
            hmis = missing ? new double[d * j * j] : null;
        }

        void clear() {
            ll = 0;
            java.util.Arrays.fill(nk, 0);
            java.util.Arrays.fill(nkComplete, 0);
            java.util.Arrays.fill(sk, 0);
            java.util.Arrays.fill(skk, 0);
            java.util.Arrays.fill(ck, 0);
            java.util.Arrays.fill(t, 0);
            java.util.Arrays.fill(yy, 0);
            if (hmis != null) {
                java.util.Arrays.fill(hmis, 0);
            }
        }

        void add(Stats o) {
            ll += o.ll;
            addTo(nk, o.nk);
            addTo(nkComplete, o.nkComplete);
            addTo(sk, o.sk);
            addTo(skk, o.skk);
            addTo(ck, o.ck);
            addTo(t, o.t);
            addTo(yy, o.yy);
            if (hmis != null) {
                addTo(hmis, o.hmis);
            }
        }

        private static void addTo(double[] x, double[] y) {
            for (int i = 0; i < x.length; i++) {
                x[i] += y[i];
            }
        }
    }

    /**
     * Processes rows [from, to) of {@code values} (N x D, NaN = missing, unless {@code treatComplete}: then every row is
     * taken as complete, used for the authors' imputation mode). Accumulates into {@code stats} when non-null, writes
     * responsibilities into {@code tauOut} (N x K) and tau-weighted posterior mean scores into {@code mbarOut} (N x J)
     * when non-null. With {@code tauIn} (N x K) the responsibilities are taken from it instead. Returns the summed
     * log-likelihood of the rows.
     *
     * <p>Complete rows are gathered in blocks of {@link #BLOCK} and processed with the rows in the innermost loops
     * (vectorizable); rows with missing entries go one by one through their own marginal (observed rows of A, psi).
     * The order of every sum depends only on [from, to) and the data, never on threads.
     */
    double process(McfaData data, double[] values, boolean treatComplete, int from, int to, Scratch sc, Stats stats,
            double[] tauIn, double[] tauOut, double[] mbarOut) {
        double llSum = 0;
        int[] rows = sc.rows;
        int nb = 0;
        if (stats != null) {
            sc.clearLanes();
            sc.lanesDirty = true;
        }
        for (int n = from; n < to; n++) {
            if (treatComplete || data.obsStart[n] < 0) {
                rows[nb++] = n;
                if (nb == BLOCK) {
                    llSum += block(values, nb, sc, stats, tauIn, tauOut, mbarOut);
                    nb = 0;
                }
            } else {
                llSum += incompleteRow(data, values, n, sc, stats, tauIn, tauOut, mbarOut);
            }
        }
        if (nb > 0) {
            llSum += block(values, nb, sc, stats, tauIn, tauOut, mbarOut);
        }
        if (stats != null) {
            flushLanes(sc, stats);
            stats.ll += llSum;
        }
        return llSum;
    }

    /** Adds the lane accumulators of a chunk into its statistics (lanes in a fixed order). */
    private void flushLanes(Scratch sc, Stats stats) {
        final int j = jj;
        final int k = kk;
        final int d = dd;
        for (int c = 0; c < k; c++) {
            double v = sumLane(sc.nkL[c]);
            stats.nk[c] += v;
            stats.nkComplete[c] += v;
        }
        for (int i = 0; i < k * j; i++) {
            stats.sk[i] += sumLane(sc.skL[i]);
        }
        int tri = j * (j + 1) / 2;
        for (int c = 0; c < k; c++) {
            int i = 0;
            for (int q = 0; q < j; q++) {
                for (int r = 0; r <= q; r++) {
                    stats.skk[c * j * j + q * j + r] += sumLane(sc.skkL[c * tri + i]);
                    i++;
                }
            }
        }
        for (int i = 0; i < d * j; i++) {
            stats.t[i] += sumLane(sc.tL[i]);
        }
        for (int r = 0; r < d; r++) {
            stats.yy[r] += sumLane(sc.yyL[r]);
        }
    }

    private static double sumLane(double[] x) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i];
        }
        return s;
    }

    /**
     * The complete rows {@code sc.rows[0..nb)} as one block; returns their summed log-likelihood. Every inner loop runs
     * over the rows of the block on separate row arrays indexed from 0 (C2's SuperWord in JDK 17 vectorizes a loop only
     * when all its array references share one offset).
     */
    private double block(double[] values, int nb, Scratch sc, Stats stats, double[] tauIn, double[] tauOut,
            double[] mbarOut) {
        final int d = dd;
        final int j = jj;
        final int k = kk;
        final int[] rows = sc.rows;
        final double[][] yT = sc.yT;
        final double[][] wT = sc.wT;
        final double[] yyB = sc.yyB;
        final double[][] vT = sc.vT;
        final double[][] lp = sc.lp;
        final double[][] tauT = sc.tauT;
        final double[] mx = sc.mx;
        final double[] sum = sc.sum;
        for (int s = 0; s < nb; s++) {
            int base = rows[s] * d;
            for (int r = 0; r < d; r++) {
                yT[r][s] = values[base + r];
            }
        }
        // y^T Psi^-1 y and w = A^T Psi^-1 y
        java.util.Arrays.fill(yyB, 0, nb, 0);
        for (int q = 0; q < j; q++) {
            java.util.Arrays.fill(wT[q], 0, nb, 0);
        }
        for (int r = 0; r < d; r++) {
            double[] yr = yT[r];
            double ip = invPsi[r];
            for (int s = 0; s < nb; s++) {
                yyB[s] += yr[s] * yr[s] * ip;
            }
            for (int q = 0; q < j; q++) {
                double aq = apsi[q * d + r];
                double[] wq = wT[q];
                for (int s = 0; s < nb; s++) {
                    wq[s] += aq * yr[s];
                }
            }
        }
        // log pi_k N(y | k) = logConst_k - y^T Psi^-1 y / 2 + xi_k^T w + |L_k^-1 w - e_k|^2 / 2
        for (int c = 0; c < k; c++) {
            double[] lc = lp[c];
            double kc = logConst[c];
            for (int s = 0; s < nb; s++) {
                lc[s] = kc - 0.5 * yyB[s];
            }
            int mo = c * j * j;
            for (int q = 0; q < j; q++) {
                double[] vq = vT[c * j + q];
                double xq = xi[c * j + q];
                double eq = ev[c * j + q];
                double[] wq = wT[q];
                for (int s = 0; s < nb; s++) {
                    lc[s] += xq * wq[s];
                }
                java.util.Arrays.fill(vq, 0, nb, -eq);
                for (int t = 0; t <= q; t++) {
                    double l = linv[mo + q * j + t];
                    double[] wt = wT[t];
                    for (int s = 0; s < nb; s++) {
                        vq[s] += l * wt[s];
                    }
                }
                for (int s = 0; s < nb; s++) {
                    lc[s] += 0.5 * vq[s] * vq[s];
                }
            }
        }
        // log-sum-exp and responsibilities
        System.arraycopy(lp[0], 0, mx, 0, nb);
        for (int c = 1; c < k; c++) {
            double[] lc = lp[c];
            for (int s = 0; s < nb; s++) {
                mx[s] = Math.max(mx[s], lc[s]);
            }
        }
        java.util.Arrays.fill(sum, 0, nb, 0);
        for (int c = 0; c < k; c++) {
            double[] lc = lp[c];
            double[] tc = tauT[c];
            for (int s = 0; s < nb; s++) {
                tc[s] = Math.exp(lc[s] - mx[s]);
            }
            for (int s = 0; s < nb; s++) {
                sum[s] += tc[s];
            }
        }
        double ll = 0;
        for (int s = 0; s < nb; s++) {
            double lln = mx[s] + Math.log(sum[s]);
            if (!Double.isFinite(lln)) {
                throw new McfaException("log-likelihood of row " + rows[s] + " is not finite (" + lln + ")");
            }
            ll += lln;
            sum[s] = 1 / sum[s];
        }
        for (int c = 0; c < k; c++) {
            double[] tc = tauT[c];
            for (int s = 0; s < nb; s++) {
                tc[s] *= sum[s];
            }
        }
        if (tauIn != null) {
            // the authors' imputation mode: M-step with the responsibilities of the previous E-step
            for (int s = 0; s < nb; s++) {
                int ro = rows[s] * k;
                for (int c = 0; c < k; c++) {
                    tauT[c][s] = tauIn[ro + c];
                }
            }
        }
        if (tauOut != null) {
            for (int s = 0; s < nb; s++) {
                int ro = rows[s] * k;
                for (int c = 0; c < k; c++) {
                    tauOut[ro + c] = tauT[c][s];
                }
            }
        }
        if (stats == null && mbarOut == null) {
            return ll;
        }
        // posterior means m = xi + L^-T v, in place of v (row q needs v_t for t >= q only)
        for (int c = 0; c < k; c++) {
            int mo = c * j * j;
            for (int q = 0; q < j; q++) {
                double[] vq = vT[c * j + q];
                double lqq = linv[mo + q * j + q];
                double xq = xi[c * j + q];
                for (int s = 0; s < nb; s++) {
                    vq[s] = xq + lqq * vq[s];
                }
                for (int t = q + 1; t < j; t++) {
                    double l = linv[mo + t * j + q];
                    double[] vt = vT[c * j + t];
                    for (int s = 0; s < nb; s++) {
                        vq[s] += l * vt[s];
                    }
                }
            }
        }
        // a term with tau <= TINY changes no sum at double precision: left out, as in the incomplete-row path
        final double[][] tm = sc.tm;
        for (int c = 0; c < k; c++) {
            double[] tc = tauT[c];
            double[] mc = tm[c];
            for (int s = 0; s < nb; s++) {
                mc[s] = tc[s] > TINY ? tc[s] : 0;
            }
        }
        final double[][] mbarT = sc.mbarT;
        for (int q = 0; q < j; q++) {
            double[] mq = mbarT[q];
            java.util.Arrays.fill(mq, 0, nb, 0);
            for (int c = 0; c < k; c++) {
                double[] tc = tm[c];
                double[] vq = vT[c * j + q];
                for (int s = 0; s < nb; s++) {
                    mq[s] += tc[s] * vq[s];
                }
            }
        }
        if (mbarOut != null) {
            for (int s = 0; s < nb; s++) {
                int ro = rows[s] * j;
                for (int q = 0; q < j; q++) {
                    mbarOut[ro + q] = mbarT[q][s];
                }
            }
        }
        if (stats == null) {
            return ll;
        }
        int tri = j * (j + 1) / 2;
        for (int c = 0; c < k; c++) {
            double[] tc = tm[c];
            double[] nl = sc.nkL[c];
            double[] tr = tauT[c];
            for (int s = 0; s < nb; s++) {
                nl[s] += tr[s];
            }
            int i = 0;
            for (int q = 0; q < j; q++) {
                double[] vq = vT[c * j + q];
                double[] sl = sc.skL[c * j + q];
                for (int s = 0; s < nb; s++) {
                    sl[s] += tc[s] * vq[s];
                }
                for (int r = 0; r <= q; r++) {
                    double[] vr = vT[c * j + r];
                    double[] kl = sc.skkL[c * tri + i];
                    for (int s = 0; s < nb; s++) {
                        kl[s] += tc[s] * vq[s] * vr[s];
                    }
                    i++;
                }
            }
        }
        for (int r = 0; r < d; r++) {
            double[] yr = yT[r];
            double[] yl = sc.yyL[r];
            for (int s = 0; s < nb; s++) {
                yl[s] += yr[s] * yr[s];
            }
            for (int q = 0; q < j; q++) {
                double[] tl = sc.tL[r * j + q];
                double[] mq = mbarT[q];
                for (int s = 0; s < nb; s++) {
                    tl[s] += yr[s] * mq[s];
                }
            }
        }
        return ll;
    }

    /** One row with missing entries (exact marginal over the observed entries); returns its log-likelihood. */
    private double incompleteRow(McfaData data, double[] values, int n, Scratch sc, Stats stats, double[] tauIn,
            double[] tauOut, double[] mbarOut) {
        final int d = dd;
        final int j = jj;
        final int k = kk;
        double[] logp = sc.logp;
        double[] tau = sc.tau;
        double[] m = sc.m;
        double[] w = sc.w;
        double[] b = sc.b;
        double[] mbar = sc.mbar;
        int base = n * d;
        int os = data.obsStart[n];
        int no = data.obsCount[n];
        double[] gn = sc.gn;
        java.util.Arrays.fill(gn, 0);
        for (int q = 0; q < j; q++) {
            w[q] = 0;
        }
        double yy = 0;
        double slp = 0;
        for (int t = 0; t < no; t++) {
            int r = data.obsIndex[os + t];
            double yr = values[base + r];
            double ip = invPsi[r];
            yy += yr * yr * ip;
            slp += logPsi[r];
            int ar = r * j;
            for (int q = 0; q < j; q++) {
                double aq = a[ar + q] * ip;
                w[q] += aq * yr;
                for (int s = 0; s <= q; s++) {
                    gn[q * j + s] += aq * a[ar + s];
                }
            }
        }
        for (int q = 0; q < j; q++) {
            for (int s = 0; s < q; s++) {
                gn[s * j + q] = gn[q * j + s];
            }
        }
        double cst = no * LOG_2PI + slp;
        double[] pn = sc.pn;
        for (int c = 0; c < k; c++) {
            int xo = c * j;
            int po = c * j * j;
            for (int i = 0; i < j * j; i++) {
                pn[po + i] = omegaInv[po + i] + gn[i];
            }
            if (!Dense.cholesky(pn, po, j)) {
                throw new McfaException("posterior precision of component " + c + " for row " + n
                        + " is not positive definite");
            }
            double ldp = Dense.logDetFromCholesky(pn, po, j);
            double xw = 0;
            double xgx = 0;
            for (int q = 0; q < j; q++) {
                double gq = 0;
                for (int s = 0; s < j; s++) {
                    gq += gn[q * j + s] * xi[xo + s];
                }
                b[q] = w[q] - gq;
                xw += xi[xo + q] * w[q];
                xgx += xi[xo + q] * gq;
            }
            Dense.forward(pn, po, j, b, 0);
            double bpb = 0;
            for (int q = 0; q < j; q++) {
                bpb += b[q] * b[q];
                m[xo + q] = b[q];
            }
            double quad = yy - 2 * xw + xgx - bpb;
            logp[c] = logPi[c] - 0.5 * (cst + logDetOmega[c] + ldp + quad);
        }
        // log-sum-exp and responsibilities
        double mx = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            if (logp[c] > mx) {
                mx = logp[c];
            }
        }
        double s = 0;
        for (int c = 0; c < k; c++) {
            double e = Math.exp(logp[c] - mx);
            tau[c] = e;
            s += e;
        }
        double lln = mx + Math.log(s);
        if (!Double.isFinite(lln)) {
            throw new McfaException("log-likelihood of row " + n + " is not finite (" + lln + ")");
        }
        double inv = 1 / s;
        for (int c = 0; c < k; c++) {
            tau[c] *= inv;
        }
        if (tauIn != null) {
            System.arraycopy(tauIn, n * k, tau, 0, k);
        }
        if (tauOut != null) {
            System.arraycopy(tau, 0, tauOut, n * k, k);
        }
        if (stats == null && mbarOut == null) {
            return lln;
        }
        // posterior means and covariances only where the responsibility is not negligible: a term tau < 1e-16
        // changes no sum at double precision
        for (int c = 0; c < k; c++) {
            if (tau[c] > TINY) {
                int xo = c * j;
                int po = c * j * j;
                Dense.backward(pn, po, j, m, xo);
                for (int q = 0; q < j; q++) {
                    m[xo + q] += xi[xo + q];
                }
                if (stats != null) {
                    Dense.inverseLowerFromCholesky(pn, po, j, sc.pnInv, po, sc.gn2);
                }
            }
        }
        for (int q = 0; q < j; q++) {
            double v = 0;
            for (int c = 0; c < k; c++) {
                if (tau[c] > TINY) {
                    v += tau[c] * m[c * j + q];
                }
            }
            mbar[q] = v;
        }
        if (mbarOut != null) {
            System.arraycopy(mbar, 0, mbarOut, n * j, j);
        }
        if (stats == null) {
            return lln;
        }
        double[] euu = sc.euu;
        java.util.Arrays.fill(euu, 0);
        for (int c = 0; c < k; c++) {
            double tc = tau[c];
            stats.nk[c] += tc;
            if (tc <= TINY) {
                continue;
            }
            int xo = c * j;
            int po = c * j * j;
            for (int q = 0; q < j; q++) {
                double tmq = tc * m[xo + q];
                stats.sk[xo + q] += tmq;
                for (int r = 0; r <= q; r++) {
                    stats.skk[po + q * j + r] += tmq * m[xo + r];
                    double pv = tc * sc.pnInv[po + q * j + r];
                    stats.ck[po + q * j + r] += pv;
                    euu[q * j + r] += pv + tc * m[xo + q] * m[xo + r];
                }
            }
        }
        int t = 0;
        for (int r = 0; r < d; r++) {
            if (t < no && data.obsIndex[os + t] == r) {
                t++;
                double yr = values[base + r];
                stats.yy[r] += yr * yr;
                int tr = r * j;
                for (int q = 0; q < j; q++) {
                    stats.t[tr + q] += yr * mbar[q];
                }
            } else {
                int ho = r * j * j;
                for (int q = 0; q < j; q++) {
                    for (int rr = 0; rr <= q; rr++) {
                        stats.hmis[ho + q * j + rr] += euu[q * j + rr];
                    }
                }
            }
        }
        return lln;
    }
}
