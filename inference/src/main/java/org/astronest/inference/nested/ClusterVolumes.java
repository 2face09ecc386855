package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.LogMath;
import org.astronest.inference.Rngs;
import org.astronest.inference.StateCodec;
import org.astronest.inference.WorkPool;

/**
 * Clusters of live points with their own live counts and prior volumes once slice chains have taken over mid-run
 * (PolyChord's clustering, Handley, Hobson &amp; Lasenby 2015, MNRAS 453, 4384, sec. 3.3). Slice chains do not cross
 * between separated modes, so when they start from a random live point a mode's share of the live points drifts like
 * an urn and no error estimate sees it (rosenbrock10d's 2.5% minor mode came out with masses 0.016-0.039 over ten
 * seeds, two seeds beyond 4 reported errors in x1). Here, at every rebuild of the slice phase, the live points of
 * each cluster are clustered again (MLFriends: the connected components of {@link Region#cluster} in the cluster's
 * own whitened metric); a cluster found to be several is split, child j getting the volume {@code X_c m_j / m} of
 * its parent (m_j of its m points). A point removed from cluster c shrinks X_c by {@code t ~ Beta(n_c, 1)} with the
 * cluster's own count, and its replacement is drawn by a chain started in the same cluster, so each cluster is a
 * nested run of its own. The shares at a split are estimates with the Dirichlet(m_1, ..., m_J) spread that
 * {@link NestedEvidence} re-simulates. Clusters only split; a cluster whose last live point goes hands its slot to a
 * cluster chosen in proportion to the expected volumes. No split found: the run is as without clusters.
 */
final class ClusterVolumes implements StateCodec.Part {

    /** A split of cluster {@code parent} at dead point {@code at} into clusters {@code first, first + 1, ...}. */
    record Split(int at, int parent, int first, int[] counts) {
    }

    private final int n;
    private final int d;
    /** Whether the live points are clustered at rebuilds (from the take-over on). */
    boolean enabled;
    final List<Split> splits = new ArrayList<>();
    /** Expected ln prior volume of every cluster (split ones keep their last value). */
    double[] logX = new double[0];
    /** Live points per cluster now (0 for clusters split or emptied). */
    int[] count = new int[0];

    ClusterVolumes(int n, int d) {
        this.n = n;
        this.d = d;
    }

    boolean split() {
        return !splits.isEmpty();
    }

    /** Clusters ever made (the whole live set is cluster 0). */
    int clusters() {
        return count.length;
    }

    /**
     * Clusters the live points of every cluster with at least 2 (d + 1) of them and splits those found to be several
     * (the volume before any split is {@code logXNow}, all live points cluster 0). Stream {@code (rebuild, cluster,
     * round)} for the radius bootstrap. Returns whether anything was split.
     */
    boolean recluster(LivePoints live, int deadIndex, double logXNow, long seed, long rebuild, int rounds,
                      WorkPool pool) {
        int[] current = split() ? count.clone() : new int[] {n};
        boolean any = false;
        for (int c = 0; c < current.length; c++) {
            if (current[c] < 2 * (d + 1)) {
                continue;
            }
            int[] members = new int[current[c]];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (live.cluster[i] == c) {
                    members[m++] = i;
                }
            }
            int[] labels = components(live, members, seed, rebuild, c, rounds, pool);
            int k = 0;
            for (int l : labels) {
                k = Math.max(k, l + 1);
            }
            if (k < 2) {
                continue;
            }
            if (!split()) {
                logX = new double[] {logXNow};
                count = new int[] {n};
            }
            int first = count.length;
            int[] counts = new int[k];
            for (int l : labels) {
                counts[l]++;
            }
            logX = Arrays.copyOf(logX, first + k);
            count = Arrays.copyOf(count, first + k);
            for (int j = 0; j < k; j++) {
                logX[first + j] = logX[c] + Math.log((double) counts[j] / m);
                count[first + j] = counts[j];
            }
            count[c] = 0;
            for (int q = 0; q < m; q++) {
                live.cluster[members[q]] = first + labels[q];
            }
            splits.add(new Split(deadIndex, c, first, counts));
            any = true;
        }
        return any;
    }

    /**
     * MLFriends connected components of the live points {@code members} (whitened by their own covariance,
     * bootstrapped radius, small components given to their nearest large one, unseparated neighbours merged).
     */
    private int[] components(LivePoints live, int[] members, long seed, long rebuild, int c, int rounds,
                             WorkPool pool) {
        int m = members.length;
        double[] u = new double[m * d];
        for (int q = 0; q < m; q++) {
            System.arraycopy(live.u, members[q] * d, u, q * d, d);
        }
        Region region = new Region(m, d);
        region.setMetric(u);
        double[] dist = new double[m * m];
        pool.forEach(m, row -> region.computeDistances(dist, row));
        double[] r2 = new double[rounds];
        pool.forEach(rounds, k -> r2[k] = region.bootstrapRound(dist,
                Rngs.stream(seed, Streams.CLUSTER, rebuild, c, k), new boolean[m]));
        region.cluster(dist, Region.robustRadius(r2));
        return region.label.clone();
    }

    /** The expected ln prior volume of all clusters together. */
    double totalLogX() {
        double[] live = new double[count.length];
        for (int c = 0; c < count.length; c++) {
            live[c] = count[c] > 0 ? logX[c] : Double.NEGATIVE_INFINITY;
        }
        return LogMath.logSumExp(live);
    }

    /**
     * Removes a point of cluster c at {@code logL}: returns its ln weight {@code logL + ln X_c (1 - e^{-1/n_c})} and
     * shrinks X_c (n_c the cluster's live points before the removal, {@link #count}).
     */
    double remove(int c, double logL) {
        int nc = count[c];
        double w = logL + logX[c] + Math.log(-Math.expm1(-1.0 / nc));
        logX[c] -= 1.0 / nc;
        count[c]--;
        return w;
    }

    /**
     * The cluster a replacement for a point of cluster c is drawn in: c itself while it has live points, else one
     * chosen with probability proportional to the clusters' expected volumes (stream {@code (iteration, j)}).
     */
    int target(int c, long seed, long iteration, int j) {
        if (count[c] > 0) {
            return c;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int q = 0; q < count.length; q++) {
            if (count[q] > 0) {
                max = Math.max(max, logX[q]);
            }
        }
        double[] p = new double[count.length];
        double sum = 0;
        for (int q = 0; q < p.length; q++) {
            p[q] = count[q] > 0 ? Math.exp(logX[q] - max) : 0;
            sum += p[q];
        }
        UniformRandomProvider r = Rngs.stream(seed, Streams.CLUSTER, -1 - iteration, j);
        double u = r.nextDouble() * sum;
        int last = -1;
        for (int q = 0; q < p.length; q++) {
            if (p[q] > 0) {
                last = q;
                u -= p[q];
                if (u < 0) {
                    return q;
                }
            }
        }
        return last;
    }

    /** A replacement has been drawn in cluster c. */
    void added(int c) {
        count[c]++;
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeBoolean(enabled);
        out.writeInt(count.length);
        for (int c = 0; c < count.length; c++) {
            out.writeInt(count[c]);
            out.writeDouble(logX[c]);
        }
        out.writeInt(splits.size());
        for (Split s : splits) {
            out.writeInt(s.at());
            out.writeInt(s.parent());
            out.writeInt(s.first());
            out.writeInt(s.counts().length);
            for (int k : s.counts()) {
                out.writeInt(k);
            }
        }
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        enabled = in.readBoolean();
        int k = in.readInt();
        if (k < 0) {
            throw new IOException("negative cluster count " + k);
        }
        count = new int[k];
        logX = new double[k];
        for (int c = 0; c < k; c++) {
            count[c] = in.readInt();
            logX[c] = in.readDouble();
        }
        int s = in.readInt();
        splits.clear();
        for (int i = 0; i < s; i++) {
            int at = in.readInt();
            int parent = in.readInt();
            int first = in.readInt();
            int[] counts = new int[in.readInt()];
            for (int j = 0; j < counts.length; j++) {
                counts[j] = in.readInt();
            }
            splits.add(new Split(at, parent, first, counts));
        }
    }
}
