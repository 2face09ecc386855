package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.astronest.inference.StateCodec;

/**
 * The recorded run: every removed point in order, with its log-likelihood, the number of live points when it was
 * removed (the n_i of the shrinkage t_i ~ Beta(n_i, 1)), the live slot it left (its thread, Higson et al. 2019) and
 * its birth contour (PolyChord's logL_birth), and its cluster with that cluster's live count at its removal (0 and
 * the live count before the slice phase splits the live points, {@link ClusterVolumes}).
 */
final class DeadPoints implements StateCodec.Part {

    private final int d;
    double[] u;
    double[] logL;
    int[] nLive;
    int[] slot;
    double[] birth;
    int[] cluster;
    int[] nLocal;
    int size;

    DeadPoints(int d, int capacity) {
        this.d = d;
        allocate(Math.max(16, capacity));
    }

    private void allocate(int cap) {
        u = new double[cap * d];
        logL = new double[cap];
        nLive = new int[cap];
        slot = new int[cap];
        birth = new double[cap];
        cluster = new int[cap];
        nLocal = new int[cap];
    }

    /** Records live slot {@code s} of {@code live}, removed while {@code nl} points were live. */
    void add(LivePoints live, int s, int nl) {
        add(live, s, nl, nl);
    }

    /**
     * Records live slot {@code s} of {@code live}, removed while {@code nl} points were live, {@code local} of them
     * in its cluster.
     */
    void add(LivePoints live, int s, int nl, int local) {
        if (size == logL.length) {
            int cap = logL.length * 2;
            u = Arrays.copyOf(u, cap * d);
            logL = Arrays.copyOf(logL, cap);
            nLive = Arrays.copyOf(nLive, cap);
            slot = Arrays.copyOf(slot, cap);
            birth = Arrays.copyOf(birth, cap);
            cluster = Arrays.copyOf(cluster, cap);
            nLocal = Arrays.copyOf(nLocal, cap);
        }
        System.arraycopy(live.u, s * d, u, size * d, d);
        logL[size] = live.logL[s];
        nLive[size] = nl;
        slot[size] = s;
        birth[size] = live.birth[s];
        cluster[size] = live.cluster[s];
        nLocal[size] = local;
        size++;
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(size);
        for (int i = 0; i < size * d; i++) {
            out.writeDouble(u[i]);
        }
        for (int i = 0; i < size; i++) {
            out.writeDouble(logL[i]);
            out.writeInt(nLive[i]);
            out.writeInt(slot[i]);
            out.writeDouble(birth[i]);
            out.writeInt(cluster[i]);
            out.writeInt(nLocal[i]);
        }
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        size = in.readInt();
        if (size < 0) {
            throw new IOException("negative number of dead points " + size);
        }
        allocate(Math.max(size, 16));
        for (int i = 0; i < size * d; i++) {
            u[i] = in.readDouble();
        }
        for (int i = 0; i < size; i++) {
            logL[i] = in.readDouble();
            nLive[i] = in.readInt();
            slot[i] = in.readInt();
            birth[i] = in.readDouble();
            cluster[i] = in.readInt();
            nLocal[i] = in.readInt();
        }
    }
}
