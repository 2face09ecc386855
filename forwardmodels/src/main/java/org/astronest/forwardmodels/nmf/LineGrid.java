package org.astronest.forwardmodels.nmf;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.astronest.forwardmodels.radex.CollisionPartner;
import org.astronest.forwardmodels.radex.Molecule;
import org.astronest.forwardmodels.radex.MoleculeLibrary;

/**
 * A {@link LineSet}'s intensities precomputed with the native RADEX on a grid over (log10 T, log10 n(H2)) and
 * interpolated: bicubic Hermite patches of ln I whose slopes come from not-a-knot cubic splines along each axis
 * (C1 everywhere, O(h^4) where ln I is smooth). A likelihood then costs a few hundred multiplications per component
 * instead of one RADEX solution per species (about 2 ms for CO).
 *
 * <p>RADEX's rate coefficients are linear in T between the temperatures at which the LAMDA file tabulates them
 * ({@link CollisionPartner#rate}), and the thermal ortho/para ratio of H2, min(3, 9 exp(-170.6 / T)), has a corner at
 * T = 170.6 / ln 3 = 155.3 K: the intensities have a kink in T at each of these temperatures. A spline across a kink
 * is only O(h) accurate there (1e-3 relative with steps of 0.05 and 0.025 dex alike, measured), so the T nodes of
 * each species contain its kinks and the splines along T are fitted separately between them (each piece with at least
 * three intervals). Along n nothing is piecewise and the nodes are uniform.
 *
 * <p>Immutable and thread-safe; building is parallel over nodes, and every node is one RADEX solution, so the grid
 * does not depend on the thread count.
 */
public final class LineGrid {

    /**
     * The grid's extent and target steps (dex). Every piece of the T axis between kinks is cut into
     * max(3, ceil(length / stepLogT)) equal intervals; the n axis into ceil(length / stepLogN).
     */
    public record Range(double logTMin, double logTMax, double logNMin, double logNMax, double stepLogT,
                        double stepLogN) {
        public Range {
            if (!(logTMax > logTMin) || !Double.isFinite(logTMin) || !Double.isFinite(logTMax)) {
                throw new IllegalArgumentException("log T range must be finite with min < max, got [" + logTMin + ", "
                        + logTMax + "]");
            }
            if (!(logNMax > logNMin) || !Double.isFinite(logNMin) || !Double.isFinite(logNMax)) {
                throw new IllegalArgumentException("log n range must be finite with min < max, got [" + logNMin + ", "
                        + logNMax + "]");
            }
            if (!(stepLogT > 0) || !(stepLogN > 0)) {
                throw new IllegalArgumentException("grid steps must be > 0 dex, got " + stepLogT + " and " + stepLogN);
            }
        }

        /**
         * T from 10^0.9 = 7.9 K to 10^2.4 = 251 K and n from 10^3 to 10^8 cm^-3 (around the thesis' components at
         * 10-100 K and 1e4-1e7 cm^-3), steps 0.05 dex in T and 0.1 dex in n: 10404 RADEX solutions for the thirteen
         * lines of {@link LineSet#chapter3()}, interpolated with a worst relative error of 3.4e-5 (LineGridTest;
         * 4.5e-6 with half the steps, four times the solutions).
         */
        public static Range chapter3() {
            return new Range(0.9, 2.4, 3, 8, 0.05, 0.1);
        }
    }

    private final LineSet lines;
    private final Range range;
    private final double[] logN;
    private final double hN;
    /** Per species: the T nodes, and per line per cell the 16 Hermite values (see {@link #cell}). */
    private final double[][] tNodes;
    private final double[][][] patches;
    private final int[] speciesOfLine;
    private final int[] lineInSpecies;

    private LineGrid(LineSet lines, Range range, double[] logN, double[][] tNodes, double[][][] patches) {
        this.lines = lines;
        this.range = range;
        this.logN = logN;
        this.hN = logN[1] - logN[0];
        this.tNodes = tNodes;
        this.patches = patches;
        this.speciesOfLine = new int[lines.size()];
        this.lineInSpecies = new int[lines.size()];
        int l = 0;
        for (int s = 0; s < lines.species().size(); s++) {
            for (int i = 0; i < lines.species().get(s).lines().size(); i++) {
                speciesOfLine[l] = s;
                lineInSpecies[l] = i;
                l++;
            }
        }
    }

    public LineSet lines() {
        return lines;
    }

    public Range range() {
        return range;
    }

    /** Number of RADEX solutions the grid holds (T nodes x n nodes, summed over the species). */
    public int nodes() {
        int s = 0;
        for (double[] t : tNodes) {
            s += t.length * logN.length;
        }
        return s;
    }

    /**
     * The temperatures (log10 K) at which the species' intensities have a kink: its LAMDA collision temperatures, and
     * 170.6 / ln 3 K when RADEX splits H2 into ortho and para for it (more than one partner; see the class comment).
     */
    static double[] kinks(Molecule m) {
        TreeSet<Double> k = new TreeSet<>();
        for (CollisionPartner p : m.partners()) {
            for (double t : p.temperatures()) {
                k.add(Math.log10(t));
            }
        }
        if (m.partners().size() > 1) {
            k.add(Math.log10(170.6 / Math.log(3)));
        }
        return k.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The T nodes (log10 K) of a species: the range's ends, the kinks inside, each piece cut evenly. */
    static double[] tNodes(double[] kinks, Range r) {
        List<Double> ends = new ArrayList<>();
        ends.add(r.logTMin());
        for (double k : kinks) {
            // every kink strictly inside is a node, however close to an end (its piece then has tiny intervals)
            if (k > ends.get(ends.size() - 1) + 1e-9 && k < r.logTMax() - 1e-9) {
                ends.add(k);
            }
        }
        ends.add(r.logTMax());
        List<Double> nodes = new ArrayList<>();
        for (int e = 0; e + 1 < ends.size(); e++) {
            double a = ends.get(e);
            double b = ends.get(e + 1);
            int m = Math.max(3, (int) Math.ceil((b - a) / r.stepLogT() - 1e-9));
            for (int i = 0; i < m; i++) {
                nodes.add(a + (b - a) * i / m);
            }
        }
        nodes.add(r.logTMax());
        return nodes.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Runs RADEX at every node (in parallel; each node is one solution) and fits the patches. Fails naming the node
     * when a RADEX model does not converge there.
     */
    public static LineGrid build(LineSet lines, Range range) {
        int nn = (int) Math.ceil((range.logNMax() - range.logNMin()) / range.stepLogN() - 1e-9);
        double[] logN = new double[nn + 1];
        for (int j = 0; j <= nn; j++) {
            logN[j] = range.logNMin() + (range.logNMax() - range.logNMin()) * j / nn;
        }
        int ns = lines.species().size();
        double[][] tNodes = new double[ns][];
        double[][][] patches = new double[lines.size()][][];
        int first = 0;
        for (int s = 0; s < ns; s++) {
            LineSet.Species sp = lines.species().get(s);
            LineSet one = new LineSet(List.of(sp), lines.lineWidthKms(), lines.geometry());
            double[] t = tNodes(kinks(MoleculeLibrary.load(sp.molecule())), range);
            tNodes[s] = t;
            int nl = sp.lines().size();
            int nt = t.length;
            double[][][] f = new double[nl][nt][logN.length]; // ln I
            IntStream.range(0, nt * logN.length).parallel().forEach(idx -> {
                int i = idx / logN.length;
                int j = idx % logN.length;
                double[] out = new double[nl];
                double tk = Math.pow(10, t[i]);
                double nh = Math.pow(10, logN[j]);
                if (!one.intensities(tk, nh, out)) {
                    throw new IllegalStateException("RADEX did not converge for " + sp.molecule() + " at T = " + tk
                            + " K, n = " + nh + " cm^-3 (grid node)");
                }
                for (int l = 0; l < nl; l++) {
                    if (!(out[l] > 0)) {
                        throw new IllegalStateException(sp.lines().get(l) + " has intensity " + out[l] + " at T = "
                                + tk + " K, n = " + nh + " cm^-3: the grid interpolates ln I and needs it > 0");
                    }
                    f[l][i][j] = Math.log(out[l]);
                }
            });
            int[] pieces = pieces(t, kinks(MoleculeLibrary.load(sp.molecule())));
            for (int l = 0; l < nl; l++) {
                patches[first + l] = fit(f[l], t, logN, pieces);
            }
            first += nl;
        }
        return new LineGrid(lines, range, logN, tNodes, patches);
    }

    /** Start indices of the pieces of the T nodes (kinks are nodes), and nt - 1 as the last end. */
    private static int[] pieces(double[] t, double[] kinks) {
        List<Integer> b = new ArrayList<>();
        b.add(0);
        for (int i = 1; i < t.length - 1; i++) {
            for (double k : kinks) {
                if (Math.abs(t[i] - k) < 1e-12) {
                    b.add(i);
                    break;
                }
            }
        }
        b.add(t.length - 1);
        return b.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The patches of one line: per cell (i, j), i along T, j along n, the values f, f_x h_x, f_y h_y and f_xy h_x h_y
     * at its corners (00, 10, 01, 11), the x slopes from the piece the cell belongs to.
     */
    private static double[][] fit(double[][] f, double[] t, double[] logN, int[] pieces) {
        int nt = t.length;
        int nn = logN.length;
        double[][] fy = new double[nt][];
        for (int i = 0; i < nt; i++) {
            fy[i] = Splines.slopes(logN, f[i], 0, nn);
        }
        double[][] cells = new double[(nt - 1) * (nn - 1)][];
        double hy = logN[1] - logN[0];
        for (int p = 0; p + 1 < pieces.length; p++) {
            int a = pieces[p];
            int b = pieces[p + 1];
            int m = b - a + 1;
            double[][] fx = new double[m][nn];
            double[][] fxy = new double[m][nn];
            double[] col = new double[nt];
            double[] colY = new double[nt];
            for (int j = 0; j < nn; j++) {
                for (int i = a; i <= b; i++) {
                    col[i] = f[i][j];
                    colY[i] = fy[i][j];
                }
                double[] sx = Splines.slopes(t, col, a, m);
                double[] sxy = Splines.slopes(t, colY, a, m);
                for (int i = 0; i < m; i++) {
                    fx[i][j] = sx[i];
                    fxy[i][j] = sxy[i];
                }
            }
            for (int i = a; i < b; i++) {
                double hx = t[i + 1] - t[i];
                for (int j = 0; j + 1 < nn; j++) {
                    int i0 = i - a;
                    cells[i * (nn - 1) + j] = new double[] {
                        f[i][j], f[i + 1][j], f[i][j + 1], f[i + 1][j + 1],
                        fx[i0][j] * hx, fx[i0 + 1][j] * hx, fx[i0][j + 1] * hx, fx[i0 + 1][j + 1] * hx,
                        fy[i][j] * hy, fy[i + 1][j] * hy, fy[i][j + 1] * hy, fy[i + 1][j + 1] * hy,
                        fxy[i0][j] * hx * hy, fxy[i0 + 1][j] * hx * hy, fxy[i0][j + 1] * hx * hy,
                        fxy[i0 + 1][j + 1] * hx * hy};
                }
            }
        }
        return cells;
    }

    /** Whether (log T, log n) is inside the grid. */
    public boolean contains(double logT, double logN) {
        return logT >= range.logTMin() && logT <= range.logTMax() && logN >= range.logNMin()
                && logN <= range.logNMax();
    }

    /**
     * The interpolated intensities (K km/s) of every line at (log10 T, log10 n) into {@code out[0..size)}. Outside
     * the grid an error names the point and the range.
     */
    public void intensities(double logT, double logNH2, double[] out) {
        if (!contains(logT, logNH2)) {
            throw new IllegalArgumentException("(log T, log n) = (" + logT + ", " + logNH2 + ") is outside the grid "
                    + "[" + range.logTMin() + ", " + range.logTMax() + "] x [" + range.logNMin() + ", "
                    + range.logNMax() + "]");
        }
        int nn = logN.length;
        double y = (logNH2 - logN[0]) / hN;
        int j = Math.min(nn - 2, (int) y);
        double v = y - j;
        double[] bv = basis(v);
        int lastSpecies = -1;
        double[] bu = null;
        int i = 0;
        for (int l = 0; l < out.length && l < speciesOfLine.length; l++) {
            int s = speciesOfLine[l];
            if (s != lastSpecies) {
                double[] t = tNodes[s];
                i = cellOf(t, logT);
                bu = basis((logT - t[i]) / (t[i + 1] - t[i]));
                lastSpecies = s;
            }
            double[] c = patches[l][i * (nn - 1) + j];
            // corners 00,10,01,11 with u along T and v along n; values, u-slopes, v-slopes, cross terms
            double fu0 = bu[0] * c[0] + bu[1] * c[1] + bu[2] * c[4] + bu[3] * c[5];
            double fu1 = bu[0] * c[2] + bu[1] * c[3] + bu[2] * c[6] + bu[3] * c[7];
            double gu0 = bu[0] * c[8] + bu[1] * c[9] + bu[2] * c[12] + bu[3] * c[13];
            double gu1 = bu[0] * c[10] + bu[1] * c[11] + bu[2] * c[14] + bu[3] * c[15];
            out[l] = Math.exp(bv[0] * fu0 + bv[1] * fu1 + bv[2] * gu0 + bv[3] * gu1);
        }
    }

    /** W (lines x K) for components at (log T_k, log n_k). */
    public double[][] emission(double[] logT, double[] logNH2) {
        if (logT.length != logNH2.length) {
            throw new IllegalArgumentException("give one log n per log T, got " + logT.length + " and "
                    + logNH2.length);
        }
        int L = lines.size();
        double[][] W = new double[L][logT.length];
        double[] col = new double[L];
        for (int k = 0; k < logT.length; k++) {
            intensities(logT[k], logNH2[k], col);
            for (int l = 0; l < L; l++) {
                W[l][k] = col[l];
            }
        }
        return W;
    }

    /** Cubic Hermite basis at t in [0, 1]: h00, h01, h10, h11 (value at 0, value at 1, slope at 0, slope at 1). */
    private static double[] basis(double t) {
        double t2 = t * t;
        double t3 = t2 * t;
        return new double[] {2 * t3 - 3 * t2 + 1, -2 * t3 + 3 * t2, t3 - 2 * t2 + t, t3 - t2};
    }

    private static int cellOf(double[] t, double x) {
        int lo = 0;
        int hi = t.length - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] <= x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
