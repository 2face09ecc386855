package org.astronest.forwardmodels.tagging;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.astronest.forwardmodels.linalg.Matrices;
import org.astronest.forwardmodels.linalg.SymmetricEigen;

/**
 * Relevant Scaled Component Analysis (thesis, seed 001 sec. 5.3 and appendix B.4): a linear metric in which open-cluster
 * siblings sit close and field stars far. Step 1 compresses spectra with {@link Ppca} fitted on the field; this class
 * is steps 2-4 on the compressed vectors:
 * <ol>
 * <li>(2) sphere the field: z' = (z - mean) U D^-1/2 with U D U^T the field covariance (PCA sphering), so the field
 * covariance is the identity;</li>
 * <li>(3) reparametrise: rotate to the principal axes of the cluster members centred on their cluster means, so the
 * (shared) cluster covariance is diagonal too (the field's stays the identity);</li>
 * <li>(4) rescale dimension i by 1 / sigma_r,i, sigma_r = sigma_c sigma_p / sqrt(sigma_p^2 - sigma_c^2) (eq. 5.4) with
 * sigma_p = 1 and sigma_c^2 pooled over clusters, sum (n_j - 1) s_ji^2 / sum (n_j - 1) (eq. 5.6), s_ji from a
 * {@link Spread} (the thesis uses the MAD, eq. 5.7). A dimension with sigma_c &gt;= 1 carries no information
 * (eq. 5.4 has sigma_r -&gt; infinity as sigma_c -&gt; sigma_p) and gets scale 0.</li>
 * </ol>
 * Output dimensions are ordered by decreasing scale ("most strongly scaled", sec. 5.4.4), so keeping the first N is
 * Table 5.1's top-N representation.
 */
public final class Rsca {

    private Rsca() {
    }

    /**
     * Steps 2-4 as one linear map: r = (z - mean) matrix, {@code matrix} K x K with columns in output order;
     * {@code sigmaC2} the pooled cluster variance and {@code scales} 1 / sigma_r of each output dimension.
     */
    public record Metric(double[] mean, double[][] matrix, double[] sigmaC2, double[] scales, int clusters,
            int members) {

        /** Input dimension K. */
        public int dimension() {
            return mean.length;
        }

        /** The representation of each row of {@code z} (n x K). */
        public double[][] transform(double[][] z) {
            int k = mean.length;
            double[][] out = new double[z.length][k];
            double[] c = new double[k];
            for (int n = 0; n < z.length; n++) {
                if (z[n].length != k) {
                    throw new IllegalArgumentException("row " + n + " has " + z[n].length + " values, expected " + k);
                }
                for (int a = 0; a < k; a++) {
                    c[a] = z[n][a] - mean[a];
                }
                for (int q = 0; q < k; q++) {
                    double s = 0;
                    for (int a = 0; a < k; a++) {
                        s += c[a] * matrix[a][q];
                    }
                    out[n][q] = s;
                }
            }
            return out;
        }
    }

    /** Step 1 and steps 2-4 together: spectra in, representation out. */
    public record Model(Ppca.Model compression, Metric metric) {

        /** The representation of each spectrum ({@code NaN} = missing pixel). */
        public double[][] transform(double[][] spectra) {
            return metric.transform(compression.transform(spectra));
        }
    }

    /**
     * RSCA on spectra: PPCA with {@code components} on the field, then {@link #metric} on the compressed field and
     * cluster members.
     */
    public static Model fit(double[][] field, double[][] members, int[] labels, int components, Spread spread) {
        Ppca.Model p = Ppca.fit(field, Ppca.Options.of(components));
        return new Model(p, metric(p.transform(field), p.transform(members), labels, spread));
    }

    /** Steps 2-4 on compressed field vectors and cluster members with their cluster labels. */
    public static Metric metric(double[][] field, double[][] members, int[] labels, Spread spread) {
        if (field.length == 0) {
            throw new IllegalArgumentException("no field stars");
        }
        int k = field[0].length;
        if (field.length <= k) {
            throw new IllegalArgumentException("need more than " + k + " field stars to sphere, got " + field.length);
        }
        if (labels.length != members.length) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries for " + members.length
                    + " cluster members");
        }
        Map<Integer, int[]> groups = groups(labels);
        int dof = 0;
        for (int[] g : groups.values()) {
            dof += g.length - 1;
        }
        if (dof < k) {
            throw new IllegalArgumentException("need at least " + k + " degrees of freedom within clusters (sum of "
                    + "n_j - 1), got " + dof);
        }
        // step 2: PCA sphering of the field
        double[] mean = new double[k];
        for (double[] z : field) {
            for (int a = 0; a < k; a++) {
                mean[a] += z[a];
            }
        }
        for (int a = 0; a < k; a++) {
            mean[a] /= field.length;
        }
        double[][] cov = new double[k][k];
        for (double[] z : field) {
            addCentredOuter(cov, z, mean);
        }
        scale(cov, 1.0 / (field.length - 1));
        SymmetricEigen e = SymmetricEigen.of(cov);
        double[][] sphere = new double[k][k];
        for (int q = 0; q < k; q++) {
            if (!(e.values()[q] > 0)) {
                throw new IllegalArgumentException("the field's covariance is singular (eigenvalue " + e.values()[q]
                        + "): fewer components or more field stars");
            }
            double s = 1 / Math.sqrt(e.values()[q]);
            for (int a = 0; a < k; a++) {
                sphere[a][q] = e.vectors()[a][q] * s;
            }
        }
        Metric sphered = new Metric(mean, sphere, new double[k], new double[k], 0, 0);
        double[][] zc = sphered.transform(members);
        // step 3: principal axes of the cluster-centred members
        double[][] within = new double[k][k];
        for (int[] g : groups.values()) {
            double[] m = new double[k];
            for (int i : g) {
                for (int a = 0; a < k; a++) {
                    m[a] += zc[i][a] / g.length;
                }
            }
            for (int i : g) {
                addCentredOuter(within, zc[i], m);
            }
        }
        scale(within, 1.0 / dof);
        double[][] v = SymmetricEigen.of(within).vectors();
        double[][] rotated = Matrices.multiply(sphere, v);
        double[][] zr = new Metric(mean, rotated, null, null, 0, 0).transform(members);
        // step 4: pooled spread per dimension and eq. 5.4's scale
        double[] s2 = new double[k];
        for (int a = 0; a < k; a++) {
            double num = 0;
            for (int[] g : groups.values()) {
                if (g.length < 2) {
                    continue;
                }
                double[] col = new double[g.length];
                for (int t = 0; t < g.length; t++) {
                    col[t] = zr[g[t]][a];
                }
                double sd = spread.sd(col);
                num += (g.length - 1) * sd * sd;
            }
            s2[a] = num / dof;
        }
        double[] sc = new double[k];
        for (int a = 0; a < k; a++) {
            sc[a] = s2[a] < 1 ? Math.sqrt(1 - s2[a]) / Math.sqrt(s2[a]) : 0;
        }
        Integer[] order = new Integer[k];
        for (int a = 0; a < k; a++) {
            order[a] = a;
        }
        Arrays.sort(order, (p, q) -> Double.compare(sc[q], sc[p]));
        double[][] matrix = new double[k][k];
        double[] outS2 = new double[k];
        double[] outSc = new double[k];
        for (int q = 0; q < k; q++) {
            int src = order[q];
            outS2[q] = s2[src];
            outSc[q] = sc[src];
            for (int a = 0; a < k; a++) {
                matrix[a][q] = rotated[a][src] * sc[src];
            }
        }
        return new Metric(mean, matrix, outS2, outSc, groups.size(), members.length);
    }

    /**
     * Delete-one-cluster jackknife standard errors of {@link Metric#sigmaC2} (each refit repeats steps 2-4 without one
     * cluster; output dimensions are matched by position, i.e. by rank of sigma_c^2, so the error includes the
     * uncertainty of the step-3 basis).
     */
    public static double[] sigmaC2Errors(double[][] field, double[][] members, int[] labels, Spread spread) {
        Map<Integer, int[]> groups = groups(labels);
        int k = field[0].length;
        int g = groups.size();
        double[][] th = new double[g][];
        int j = 0;
        for (int label : groups.keySet()) {
            int[] rest = java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] != label).toArray();
            double[][] m = new double[rest.length][];
            int[] l = new int[rest.length];
            for (int t = 0; t < rest.length; t++) {
                m[t] = members[rest[t]];
                l[t] = labels[rest[t]];
            }
            th[j++] = metric(field, m, l, spread).sigmaC2();
        }
        double[] se = new double[k];
        for (int a = 0; a < k; a++) {
            double mean = 0;
            for (double[] t : th) {
                mean += t[a] / g;
            }
            double s = 0;
            for (double[] t : th) {
                s += (t[a] - mean) * (t[a] - mean);
            }
            se[a] = Math.sqrt((g - 1.0) / g * s);
        }
        return se;
    }

    /** Member indices of each cluster label, in label order. */
    static Map<Integer, int[]> groups(int[] labels) {
        Map<Integer, int[]> out = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            int[] g = out.getOrDefault(labels[i], new int[0]);
            int[] h = Arrays.copyOf(g, g.length + 1);
            h[g.length] = i;
            out.put(labels[i], h);
        }
        return out;
    }

    private static void addCentredOuter(double[][] a, double[] z, double[] m) {
        int k = m.length;
        for (int p = 0; p < k; p++) {
            double dp = z[p] - m[p];
            for (int q = 0; q < k; q++) {
                a[p][q] += dp * (z[q] - m[q]);
            }
        }
    }

    private static void scale(double[][] a, double f) {
        for (double[] row : a) {
            for (int i = 0; i < row.length; i++) {
                row[i] *= f;
            }
        }
    }
}
