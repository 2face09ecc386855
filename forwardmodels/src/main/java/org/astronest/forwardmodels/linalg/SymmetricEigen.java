package org.astronest.forwardmodels.linalg;

import java.util.Arrays;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;

/**
 * Eigenvalues of a symmetric matrix in decreasing order with their unit eigenvectors as the columns of
 * {@code vectors} (Hipparchus' decomposition, reordered; each vector's sign fixed so its largest entry is
 * positive, so PCA bases are reproducible across runs and platforms); shared by RSCA and the cross-survey model.
 */
public record SymmetricEigen(double[] values, double[][] vectors) {

    /** The decomposition of the symmetric matrix {@code s} (its lower triangle is mirrored first; s is not kept). */
    public static SymmetricEigen of(double[][] s) {
        int d = s.length;
        EigenDecompositionSymmetric e = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(symmetric(s), false));
        double[] ev = e.getEigenvalues();
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(ev[q], ev[p]));
        double[] values = new double[d];
        double[][] vectors = new double[d][d];
        for (int q = 0; q < d; q++) {
            values[q] = ev[order[q]];
            double[] v = e.getEigenvector(order[q]).toArray();
            int big = 0;
            for (int r = 1; r < d; r++) {
                if (Math.abs(v[r]) > Math.abs(v[big])) {
                    big = r;
                }
            }
            double sign = v[big] < 0 ? -1 : 1;
            for (int r = 0; r < d; r++) {
                vectors[r][q] = sign * v[r];
            }
        }
        return new SymmetricEigen(values, vectors);
    }

    /** The first c eigenvectors (d x c). */
    public double[][] top(int c) {
        double[][] out = new double[vectors.length][c];
        for (int r = 0; r < vectors.length; r++) {
            System.arraycopy(vectors[r], 0, out[r], 0, c);
        }
        return out;
    }

    private static double[][] symmetric(double[][] s) {
        double[][] a = new double[s.length][];
        for (int i = 0; i < s.length; i++) {
            a[i] = s[i].clone();
            for (int j = 0; j < i; j++) {
                a[i][j] = 0.5 * (s[i][j] + s[j][i]);
            }
        }
        for (int i = 0; i < s.length; i++) {
            for (int j = i + 1; j < s.length; j++) {
                a[i][j] = a[j][i];
            }
        }
        return a;
    }
}
