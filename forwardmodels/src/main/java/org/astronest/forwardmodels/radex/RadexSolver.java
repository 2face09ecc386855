package org.astronest.forwardmodels.radex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Non-LTE escape-probability radiative transfer of RADEX (van der Tak, Black, Schöier, Jansen &amp; van Dishoeck 2007,
 * A&amp;A 468, 627), classic version "30nov2011", written from the algorithm description in
 * {@code ../shared/radex/ALGORITHM.md} (RADEX is Apache-2.0, https://github.com/fvdtak/radex; this is an independent
 * implementation of its published algorithm, keeping its constants so that results agree to print precision).
 * Molecular data: LAMDA (Schöier et al. 2005, A&amp;A 432, 369) and the rate references inside each file.
 *
 * <p>One solver per molecule and geometry; it preallocates every work array (matrix, LU pivots, populations,
 * per-line state), so {@link #solve(RadexInput)} allocates only its result. <b>Not thread-safe</b>: use one solver per
 * thread (see {@link RadexLineModel}).
 *
 * <p>Iteration (ALGORITHM.md Sect. 1.2): a first pass with the background radiation only, then passes with the escape
 * probability of the line-centre optical depth computed from the current populations; rate matrix solved by LU with
 * partial pivoting in the exact operation order of LINPACK DGEFA/DGESL (what RADEX's SGEIR does); Tex from the
 * un-relaxed populations and averaged with the previous Tex; converged from iteration 10 on when the mean relative
 * Tex change of the lines with tau &gt; 0.01 is below 1e-6 (or no line is thick); populations under-relaxed
 * 0.3 new + 0.7 old (single-precision literals).
 */
public final class RadexSolver {

    /** CODATA 2002 constants as in RADEX 30nov2011 (cgs). */
    static final double CLIGHT = 2.99792458e10;
    static final double HPLANCK = 6.6260963e-27;
    static final double KBOLTZ = 1.3806505e-16;
    /** RADEX's pi literal. */
    static final double PI = 3.14159265;
    /** hc/k in K cm. */
    static final double FK = HPLANCK * CLIGHT / KBOLTZ;
    /** 2hc. */
    static final double THC = 2.0 * HPLANCK * CLIGHT;
    /** Gaussian line-area factor 1.0645 as a single-precision literal (RADEX). */
    static final double GAUSS_AREA = 1.0645f;
    /** fgaus = 1.0645 * 8 pi (single-precision 1.0645, RADEX's pi). */
    static final double FGAUS = GAUSS_AREA * 8.0 * PI;
    static final double RELAX_NEW = 0.3f;
    static final double RELAX_OLD = 0.7f;
    static final double MINPOP = 1e-20;
    static final double EPS = 1e-30;
    /** Optical depth above which a line counts as thick for the convergence test. */
    static final double THICK = 0.01;
    /** Optical depth beyond which the output takes exp(-tau) = 0 (see {@link #tR}). */
    static final double TAU_CLIP = 300.0;

    private final Molecule mol;
    private final Geometry geometry;
    private final RadexOptions options;
    private final int n;
    private final int nl;

    // per line constants
    private final int[] up;
    private final int[] lo;
    private final double[] aEin;
    private final double[] gRatio;   // g_up / g_low
    private final double[] xnu;      // cm^-1
    private final double[] xt;       // xnu^3
    // per line state
    private final double[] backi;
    private final double[] tex;
    private final double[] taul;
    // level state
    private final double[] crate;    // crate[from * n + to], s^-1
    private final double[] ctot;
    private final double[] a;        // column-major: a[col * n + row]
    private final double[] base;     // collisional part of a, rebuilt when the rates or totdens change
    private double baseTotdens = Double.NaN;
    private long baseStamp = -1;
    private long rateStamp;
    private final double[] rhs;
    private final int[] ipvt;
    private final double[] xpop;     // under-relaxed populations
    private final double[] xnew;
    private final double[][] history; // Ng: last four relaxed iterates
    private final double[] dens = new double[8];

    /** Iterations of the last solve whose linear solution had a clearly negative or NaN population. */
    int unphysical;

    /** Factor on every collision rate; 1 except for the roundoff probe of the tests. */
    private double rateScale = 1.0;

    // cache of the collision matrix
    private double cachedT = Double.NaN;
    private final double[] cachedDens = new double[8];

    /** Classic RADEX 30nov2011 iteration. */
    public RadexSolver(Molecule molecule, Geometry geometry) {
        this(molecule, geometry, RadexOptions.CLASSIC);
    }

    public RadexSolver(Molecule molecule, Geometry geometry, RadexOptions options) {
        if (molecule == null || geometry == null || options == null) {
            throw new IllegalArgumentException("molecule, geometry and options must not be null");
        }
        this.mol = molecule;
        this.geometry = geometry;
        this.options = options;
        this.n = molecule.levelCount();
        this.nl = molecule.lineCount();
        up = molecule.lineUpper.clone();
        lo = molecule.lineLower.clone();
        aEin = molecule.einsteinA.clone();
        gRatio = new double[nl];
        xnu = new double[nl];
        xt = new double[nl];
        for (int k = 0; k < nl; k++) {
            gRatio[k] = molecule.weight[up[k]] / molecule.weight[lo[k]];
            xnu[k] = molecule.energy[up[k]] - molecule.energy[lo[k]];
            xt[k] = xnu[k] * xnu[k] * xnu[k];
        }
        backi = new double[nl];
        tex = new double[nl];
        taul = new double[nl];
        crate = new double[n * n];
        ctot = new double[n];
        a = new double[n * n];
        base = new double[n * n];
        rhs = new double[n];
        ipvt = new int[n];
        xpop = new double[n];
        xnew = new double[n];
        history = options.mode() == RadexOptions.Mode.NG ? new double[4][n] : null;
    }

    public Molecule molecule() {
        return mol;
    }

    public Geometry geometry() {
        return geometry;
    }

    public RadexOptions options() {
        return options;
    }

    /**
     * Multiplies every collision rate by {@code factor} (package-private, for tests): with a factor of 1 + a few
     * ulp it measures how far rounding-level changes move each output, i.e. which outputs are fixed by rounding.
     */
    void scaleRates(double factor) {
        rateScale = factor;
        cachedT = Double.NaN;
    }

    /** Solves one model; the result is flagged when the iteration limit was hit. */
    public RadexResult solve(RadexInput in) {
        int iterations = iterate(in);
        boolean converged = iterations > 0;
        return result(in, converged, converged ? iterations : options.maxIterations());
    }

    /**
     * Fast path for likelihoods: solves and writes the flux in K km/s of the given 1-based lines into {@code out}.
     * Returns false (and fills {@code out} with NaN) when the model did not converge.
     */
    public boolean fluxes(RadexInput in, int[] lines, double[] out) {
        if (out.length < lines.length) {
            throw new IllegalArgumentException("out must have length >= " + lines.length + ", got " + out.length);
        }
        for (int line : lines) {
            if (line < 1 || line > nl) {
                throw new IllegalArgumentException("line must be in 1.." + nl + " for " + mol.source() + ", got " + line);
            }
        }
        int iterations = iterate(in);
        if (iterations <= 0) {
            Arrays.fill(out, 0, lines.length, Double.NaN);
            return false;
        }
        double dvcm = in.lineWidthKms() * 1e5;
        for (int i = 0; i < lines.length; i++) {
            out[i] = GAUSS_AREA * dvcm * tR(lines[i] - 1, in.tBg()) / 1e5;
        }
        return true;
    }

    /** Runs the iteration; returns the iteration count at convergence or -1 when the limit was hit. */
    private int iterate(RadexInput in) {
        double tKin = in.tKin();
        double totdens = densities(in);
        collisionRates(tKin);
        double tbg = in.tBg();
        for (int k = 0; k < nl; k++) {
            double hnu = FK * xnu[k] / tbg;
            backi[k] = hnu >= 160.0 ? 1e-30 : THC * xt[k] / (Math.exp(hnu) - 1.0);
        }
        double cddv = in.columnDensity() / (in.lineWidthKms() * 1e5);
        Arrays.fill(tex, 0.0);
        unphysical = 0;
        Arrays.fill(taul, 0.0);
        int maxIter = options.maxIterations();
        for (int niter = 0; niter <= maxIter; niter++) {
            int nthick = buildMatrix(niter, totdens, cddv, tbg);
            solveLinear();
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += rhs[i];
            }
            boolean bad = false;
            for (int i = 0; i < n; i++) {
                double v = rhs[i] / sum;
                bad |= !(v > -1e-6);
                // RADEX's max(minpop, v) compiled by gfortran returns minpop for a NaN v; Math.max would return NaN.
                // This matters for LVG masers (beta is NaN for taur <= -7) and is what radex_grid.csv shows.
                xnew[i] = v > MINPOP ? v : MINPOP;
            }
            if (bad) {
                unphysical++;
            }
            double tsum = 0;
            for (int k = 0; k < nl; k++) {
                int m = up[k];
                int l = lo[k];
                double texNew;
                if (xnew[m] <= MINPOP || xnew[l] <= MINPOP) {
                    texNew = niter == 0 ? backi[k] : tex[k];
                } else {
                    texNew = FK * xnu[k] / Math.log(xnew[l] * mol.weight[m] / (xnew[m] * mol.weight[l]));
                }
                if (niter == 0) {
                    tex[k] = texNew;
                } else {
                    if (taul[k] > THICK) {
                        tsum += Math.abs((texNew - tex[k]) / texNew);
                    }
                    tex[k] = 0.5 * (texNew + tex[k]);
                }
                taul[k] = cddv * (xnew[l] * gRatio[k] - xnew[m]) / (FGAUS * xt[k] / aEin[k]);
            }
            boolean converged = niter >= options.minIterations()
                    && (nthick == 0 || tsum / nthick < options.tolerance());
            for (int i = 0; i < n; i++) {
                double old = niter == 0 ? xnew[i] : xpop[i];
                xpop[i] = RELAX_NEW * xnew[i] + RELAX_OLD * old;
            }
            if (converged) {
                return niter;
            }
            if (history != null) {
                ngStep(niter);
            }
        }
        return -1;
    }

    /** Partner densities with RADEX's thermal ortho/para split; returns totdens. */
    private double densities(RadexInput in) {
        double totdens = 0;
        for (int i = 1; i < 8; i++) {
            dens[i] = in.density(i);
        }
        if (dens[1] > 0 && dens[2] == 0 && dens[3] == 0 && mol.partners().size() > 1) {
            // ALGORITHM.md Sect. 1.2 item 4 (RADEX readdata.f): thermal o/p ratio of H2; density(1) stays set.
            double opr = Math.min(3.0, 9.0 * Math.exp(-170.6 / in.tKin()));
            dens[2] = dens[1] / (opr + 1.0);
            dens[3] = dens[1] / (1.0 + 1.0 / opr);
        }
        boolean any = false;
        for (CollisionPartner p : mol.partners()) {
            any |= dens[p.id()] > 0;
        }
        if (!any) {
            StringBuilder ids = new StringBuilder();
            for (CollisionPartner p : mol.partners()) {
                ids.append(ids.length() == 0 ? "" : ", ").append(p.partnerName());
            }
            throw new IllegalArgumentException("densities: none of the collision partners of " + mol.source() + " ("
                    + ids + ") has a density > 0");
        }
        for (int i = 1; i < 8; i++) {
            totdens += dens[i];
        }
        return totdens;
    }

    /** crate and ctot at tKin for the current densities (cached while T and densities stay the same). */
    private void collisionRates(double tKin) {
        if (tKin == cachedT && Arrays.equals(dens, cachedDens)) {
            return;
        }
        Arrays.fill(crate, 0.0);
        for (CollisionPartner p : mol.partners()) {
            double d = dens[p.id()];
            if (d == 0) {
                continue;
            }
            p.addRates(tKin, d, rateScale, crate, n);
        }
        double[] e = mol.energy;
        double[] g = mol.weight;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (e[i] > e[j]) {
                    double ediff = FK * (e[i] - e[j]) / tKin;
                    crate[j * n + i] = ediff >= 160.0 ? 0.0 : g[i] / g[j] * Math.exp(-ediff) * crate[i * n + j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += crate[i * n + j];
            }
            ctot[i] = s;
        }
        cachedT = tKin;
        System.arraycopy(dens, 0, cachedDens, 0, 8);
        rateStamp++;
    }

    /** Fills the rate matrix (column-major) and the right-hand side; returns nthick. */
    private int buildMatrix(int niter, double totdens, double cddv, double tbg) {
        if (totdens != baseTotdens || baseStamp != rateStamp) {
            double init = -EPS * totdens;
            Arrays.fill(base, init);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i == j) {
                        base[i * n + i] += ctot[i];
                    } else {
                        // row i, column j: -crate(j, i); column-major index j*n+i equals crate's [from j][to i]
                        base[j * n + i] -= crate[j * n + i];
                    }
                }
            }
            baseTotdens = totdens;
            baseStamp = rateStamp;
        }
        System.arraycopy(base, 0, a, 0, n * n);
        int nthick = 0;
        for (int k = 0; k < nl; k++) {
            int m = up[k];
            int l = lo[k];
            double aa = aEin[k];
            double exr;
            double emit;
            if (niter == 0) {
                exr = 1.0 / (Math.exp(FK * xnu[k] / tbg) - 1.0);
                emit = aa * (1.0 + exr);
            } else {
                double tau = cddv * (xpop[l] * gRatio[k] - xpop[m]) / (FGAUS * xt[k] / aa);
                taul[k] = tau;
                if (tau > THICK) {
                    nthick++;
                }
                double beta = geometry.beta(tau);
                exr = beta * backi[k] / (THC * xt[k]);
                emit = aa * (beta + exr);
            }
            double absn = aa * mol.weight[m] / mol.weight[l] * exr;
            a[m * n + m] += emit;
            a[l * n + l] += absn;
            a[l * n + m] -= absn;
            a[m * n + l] -= emit;
        }
        for (int j = 0; j < n; j++) {
            a[j * n + n - 1] = 1.0;
        }
        Arrays.fill(rhs, 0.0);
        rhs[n - 1] = 1.0;
        return nthick;
    }

    /**
     * Gaussian elimination with partial pivoting in the operation order of LINPACK DGEFA followed by DGESL (job 0):
     * pivot = first largest |a|, multipliers scaled by -1/pivot, column-oriented updates. Written from the LINPACK
     * Users' Guide (Dongarra et al. 1979, SIAM) description.
     */
    private void solveLinear() {
        final double[] a = this.a;
        final double[] b = this.rhs;
        final int[] piv = this.ipvt;
        final int n = this.n;
        for (int k = 0; k < n - 1; k++) {
            final int ck = k * n;
            int l = k;
            double max = Math.abs(a[ck + k]);
            for (int i = k + 1; i < n; i++) {
                double v = Math.abs(a[ck + i]);
                if (v > max) {
                    max = v;
                    l = i;
                }
            }
            piv[k] = l;
            if (a[ck + l] == 0.0) {
                continue; // singular column: LINPACK records info and goes on
            }
            if (l != k) {
                double t = a[ck + l];
                a[ck + l] = a[ck + k];
                a[ck + k] = t;
            }
            final double t = -1.0 / a[ck + k];
            for (int i = ck + k + 1; i < ck + n; i++) {
                a[i] *= t;
            }
            for (int j = k + 1; j < n; j++) {
                final int cj = j * n;
                final double s = a[cj + l];
                if (l != k) {
                    a[cj + l] = a[cj + k];
                    a[cj + k] = s;
                }
                if (s != 0.0) {
                    axpy(a, cj + k + 1, s, a, ck + k + 1, n - k - 1);
                }
            }
        }
        piv[n - 1] = n - 1;
        for (int k = 0; k < n - 1; k++) {
            int l = piv[k];
            double t = b[l];
            if (l != k) {
                b[l] = b[k];
                b[k] = t;
            }
            if (t != 0.0) {
                axpy(b, k + 1, t, a, k * n + k + 1, n - k - 1);
            }
        }
        for (int k = n - 1; k >= 0; k--) {
            int ck = k * n;
            b[k] = b[k] / a[ck + k];
            double t = -b[k];
            if (t != 0.0) {
                axpy(b, 0, t, a, ck, k);
            }
        }
    }

    /** y[yo + i] += s * x[xo + i] for i in [0, len): the BLAS daxpy (no fused multiply-add). */
    private static void axpy(double[] y, int yo, double s, double[] x, int xo, int len) {
        for (int i = 0; i < len; i++) {
            y[yo + i] += s * x[xo + i];
        }
    }

    /**
     * Ng (1974) acceleration on the relaxed populations: keeps the last four iterates and every 4th iteration from
     * iteration 8 replaces the current one by the minimum-residual combination of the last three (Olson, Auer &amp;
     * Buchler 1986, JQSRT 35, 431, Eq. 3.7), weighted by 1/x^2. Skipped when the 2x2 system is degenerate or the
     * extrapolation would make a population non-positive.
     */
    private void ngStep(int niter) {
        double[] h0 = history[0];
        System.arraycopy(history, 1, history, 0, 3);
        history[3] = h0;
        System.arraycopy(xpop, 0, h0, 0, n);
        if (niter < 8 || niter % 4 != 0) {
            return;
        }
        double[] x0 = history[3];
        double[] x1 = history[2];
        double[] x2 = history[1];
        double[] x3 = history[0];
        double a11 = 0;
        double a12 = 0;
        double a22 = 0;
        double c1 = 0;
        double c2 = 0;
        for (int i = 0; i < n; i++) {
            double w = 1.0 / (x0[i] * x0[i]);
            double d0 = x0[i] - x1[i];
            double d1 = x1[i] - x2[i];
            double d2 = x2[i] - x3[i];
            double q1 = d0 - d1;
            double q2 = d0 - d2;
            a11 += w * q1 * q1;
            a12 += w * q1 * q2;
            a22 += w * q2 * q2;
            c1 += w * q1 * d0;
            c2 += w * q2 * d0;
        }
        double det = a11 * a22 - a12 * a12;
        if (!(Math.abs(det) > 1e-14 * Math.abs(a11 * a22)) || !Double.isFinite(det)) {
            return;
        }
        double alpha = (c1 * a22 - c2 * a12) / det;
        double beta = (c2 * a11 - c1 * a12) / det;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double v = (1 - alpha - beta) * x0[i] + alpha * x1[i] + beta * x2[i];
            if (!(v > 0)) {
                return;
            }
            xnew[i] = v;
            sum += v;
        }
        for (int i = 0; i < n; i++) {
            xpop[i] = Math.max(MINPOP, xnew[i] / sum);
        }
        System.arraycopy(xpop, 0, x0, 0, n);
    }

    /** RJ-equivalent radiation temperature above the background of 0-based line k (ALGORITHM.md Sect. 1.4). */
    private double tR(int k, double tbg) {
        double nu = xnu[k];
        double bnutex = THC * xt[k] / (Math.exp(FK * nu / tex[k]) - 1.0);
        // |tau| > 300: RADEX reports J(Tex) - J(Tbg), i.e. exp(-tau) taken as 0, also for strong masers (inferred
        // from radex_grid.csv: masers with tau >= -255.9 print the exp(-tau) growth, tau <= -345.4 do not).
        double e = Math.abs(taul[k]) > TAU_CLIP ? 0.0 : Math.exp(-taul[k]);
        double toti = backi[k] * e + bnutex * (1.0 - e);
        double rj = THC * nu * nu / FK;
        return tbg / (FK * nu) <= 0.02 ? toti / rj : (toti - backi[k]) / rj;
    }

    private RadexResult result(RadexInput in, boolean converged, int iterations) {
        List<LineResult> lines = new ArrayList<>();
        double dvcm = in.lineWidthKms() * 1e5;
        for (int k = 0; k < nl; k++) {
            double f = mol.freqGHz[k];
            if (f < in.fminGHz() || f > in.fmaxGHz()) {
                continue;
            }
            double ta = tR(k, in.tBg());
            lines.add(new LineResult(k + 1, mol.quantumNumbers(up[k] + 1), mol.quantumNumbers(lo[k] + 1),
                    mol.eUpK[k], f, CLIGHT / f / 1e5, tex[k], taul[k], ta, xpop[up[k]], xpop[lo[k]],
                    GAUSS_AREA * dvcm * ta / 1e5, FGAUS * KBOLTZ * dvcm * ta * xt[k]));
        }
        return new RadexResult(converged, iterations, unphysical, geometry, in, lines, xpop);
    }
}
