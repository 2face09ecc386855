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
        }
    }

    /** Per-thread scratch. */
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
     * when non-null. With {@code tauIn} (N x K) the responsibilities are taken from it instead. Returns the summed log-likelihood of the rows.
     */
    double process(McfaData data, double[] values, boolean treatComplete, int from, int to, Scratch sc, Stats stats,
            double[] tauIn, double[] tauOut, double[] mbarOut) {
        final int d = dd;
        final int j = jj;
        final int k = kk;
        double llSum = 0;
        double[] logp = sc.logp;
        double[] tau = sc.tau;
        double[] m = sc.m;
        double[] w = sc.w;
        double[] b = sc.b;
        double[] mbar = sc.mbar;
        for (int n = from; n < to; n++) {
            int base = n * d;
            int os = treatComplete ? -1 : data.obsStart[n];
            if (os < 0) {
                // complete row
                double yy = 0;
                for (int q = 0; q < j; q++) {
                    w[q] = 0;
                }
                for (int r = 0; r < d; r++) {
                    double yr = values[base + r];
                    yy += yr * yr * invPsi[r];
                    for (int q = 0; q < j; q++) {
                        w[q] += apsi[q * d + r] * yr;
                    }
                }
                double cst = d * LOG_2PI + sumLogPsi;
                for (int c = 0; c < k; c++) {
                    int xo = c * j;
                    double xw = 0;
                    for (int q = 0; q < j; q++) {
                        b[q] = w[q] - gxi[xo + q];
                        xw += xi[xo + q] * w[q];
                    }
                    // v = L^-1 b (P = L L^T): b^T P^-1 b = |v|^2; v kept in m, m = xi + L^-T v made after tau
                    int po = c * j * j;
                    Dense.forward(pChol, po, j, b, 0);
                    double bpb = 0;
                    for (int q = 0; q < j; q++) {
                        bpb += b[q] * b[q];
                        m[xo + q] = b[q];
                    }
                    double quad = yy - 2 * xw + xiGxi[c] - bpb;
                    logp[c] = logPi[c] - 0.5 * (cst + logDetOmega[c] + logDetP[c] + quad);
                }
            } else {
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
            llSum += lln;
            double inv = 1 / s;
            for (int c = 0; c < k; c++) {
                tau[c] *= inv;
            }
            if (tauIn != null) {
                // the authors' imputation mode: M-step with the responsibilities of the previous E-step
                System.arraycopy(tauIn, n * k, tau, 0, k);
            }
            if (tauOut != null) {
                System.arraycopy(tau, 0, tauOut, n * k, k);
            }
            if (stats == null && mbarOut == null) {
                continue;
            }
            // posterior means (and covariances of incomplete rows) only where the responsibility is not negligible:
            // a term tau < 1e-16 changes no sum at double precision
            double[] chol = os < 0 ? pChol : sc.pn;
            for (int c = 0; c < k; c++) {
                if (tau[c] > TINY) {
                    int xo = c * j;
                    int po = c * j * j;
                    Dense.backward(chol, po, j, m, xo);
                    for (int q = 0; q < j; q++) {
                        m[xo + q] += xi[xo + q];
                    }
                    if (os >= 0 && stats != null) {
                        Dense.inverseLowerFromCholesky(chol, po, j, sc.pnInv, po, sc.gn2);
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
                continue;
            }
            for (int c = 0; c < k; c++) {
                double tc = tau[c];
                stats.nk[c] += tc;
                if (tc <= TINY) {
                    continue;
                }
                int xo = c * j;
                int po = c * j * j;
                for (int q = 0; q < j; q++) {
                    double tm = tc * m[xo + q];
                    stats.sk[xo + q] += tm;
                    for (int r = 0; r <= q; r++) {
                        stats.skk[po + q * j + r] += tm * m[xo + r];
                    }
                }
            }
            if (os < 0) {
                for (int c = 0; c < k; c++) {
                    stats.nkComplete[c] += tau[c];
                }
                for (int r = 0; r < d; r++) {
                    double yr = values[base + r];
                    stats.yy[r] += yr * yr;
                    int tr = r * j;
                    for (int q = 0; q < j; q++) {
                        stats.t[tr + q] += yr * mbar[q];
                    }
                }
            } else {
                double[] euu = sc.euu;
                java.util.Arrays.fill(euu, 0);
                for (int c = 0; c < k; c++) {
                    double tc = tau[c];
                    if (tc <= TINY) {
                        continue;
                    }
                    int xo = c * j;
                    int po = c * j * j;
                    for (int q = 0; q < j; q++) {
                        for (int r = 0; r <= q; r++) {
                            double pv = tc * sc.pnInv[po + q * j + r];
                            stats.ck[po + q * j + r] += pv;
                            euu[q * j + r] += pv + tc * m[xo + q] * m[xo + r];
                        }
                    }
                }
                int no = data.obsCount[n];
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
            }
        }
        if (stats != null) {
            stats.ll += llSum;
        }
        return llSum;
    }
}
