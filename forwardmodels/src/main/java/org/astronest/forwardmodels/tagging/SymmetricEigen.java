package org.astronest.forwardmodels.tagging;

import java.util.Arrays;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;

/**
 * Eigenvalues of a symmetric matrix in decreasing order with their unit eigenvectors as the columns of
 * {@code vectors} (Hipparchus' decomposition, reordered; each vector's sign fixed so its largest entry is
 * positive, which makes the PCA bases of RSCA reproducible).
 */
record SymmetricEigen(double[] values, double[][] vectors) {

    static SymmetricEigen of(double[][] s) {
        int d = s.length;
        EigenDecompositionSymmetric e = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(s, true));
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
}
