package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.astronest.inference.StateCodec;

/**
 * The n live points: unit-cube coordinates (n x d row-major), log-likelihoods and birth contours (the threshold
 * above which each was drawn: -infinity for the first occupants, else the log-likelihood of the point it replaced,
 * PolyChord's logL_birth), by slot, and the cluster of each slot once the slice phase has split the live points
 * ({@link ClusterVolumes}; all 0 before).
 */
final class LivePoints implements StateCodec.Part {

    final int n;
    final int d;
    final double[] u;
    final double[] logL;
    final double[] birth;
    final int[] cluster;

    LivePoints(int n, int d) {
        this.n = n;
        this.d = d;
        this.u = new double[n * d];
        this.logL = new double[n];
        this.birth = new double[n];
        this.cluster = new int[n];
        java.util.Arrays.fill(birth, Double.NEGATIVE_INFINITY);
    }

    double minLogL() {
        double m = Double.POSITIVE_INFINITY;
        for (double l : logL) {
            m = Math.min(m, l);
        }
        return m;
    }

    double maxLogL() {
        double m = Double.NEGATIVE_INFINITY;
        for (double l : logL) {
            m = Math.max(m, l);
        }
        return m;
    }

    /**
     * Replaces slot {@code slot} with the point at {@code src[so..so+d)}, its log-likelihood and the contour
     * {@code lBirth} it was drawn above.
     */
    void set(int slot, double[] src, int so, double l, double lBirth) {
        System.arraycopy(src, so, u, slot * d, d);
        logL[slot] = l;
        birth[slot] = lBirth;
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        StateCodec.writeArray(out, u);
        StateCodec.writeArray(out, logL);
        StateCodec.writeArray(out, birth);
        for (int c : cluster) {
            out.writeInt(c);
        }
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        StateCodec.readArray(in, u);
        StateCodec.readArray(in, logL);
        StateCodec.readArray(in, birth);
        for (int i = 0; i < n; i++) {
            cluster[i] = in.readInt();
        }
    }
}
