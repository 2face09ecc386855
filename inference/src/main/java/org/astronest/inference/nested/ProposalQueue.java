package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.astronest.inference.StateCodec;

/**
 * Accepted proposals waiting to replace removed live points, first in first out. A point drawn uniformly above an
 * old threshold is uniform above any higher one, so a queued point is used when it still exceeds the current
 * threshold and dropped otherwise; batches therefore never depend on when the loop consumes them. Each point carries
 * the cluster its chain started in ({@link ClusterVolumes}; -1: drawn from the whole region).
 */
final class ProposalQueue implements StateCodec.Part {

    private final int d;
    private double[] u;
    private double[] logL;
    private int[] tag;
    private int head;
    private int tail;

    ProposalQueue(int d) {
        this.d = d;
        this.u = new double[64 * d];
        this.logL = new double[64];
        this.tag = new int[64];
    }

    void add(double[] src, int so, double l) {
        add(src, so, l, -1);
    }

    /** Appends a point drawn in cluster {@code cluster} (-1: the whole region). */
    void add(double[] src, int so, double l, int cluster) {
        if (tail == logL.length) {
            if (head > 0) {
                int m = tail - head;
                System.arraycopy(u, head * d, u, 0, m * d);
                System.arraycopy(logL, head, logL, 0, m);
                System.arraycopy(tag, head, tag, 0, m);
                head = 0;
                tail = m;
            }
            if (tail == logL.length) {
                u = Arrays.copyOf(u, logL.length * 2 * d);
                tag = Arrays.copyOf(tag, logL.length * 2);
                logL = Arrays.copyOf(logL, logL.length * 2);
            }
        }
        System.arraycopy(src, so, u, tail * d, d);
        tag[tail] = cluster;
        logL[tail++] = l;
    }

    /**
     * Moves the oldest queued point above {@code lMin} into live slot {@code slot}, dropping older ones below it;
     * false (and the queue empty) when there is none.
     */
    boolean pollInto(double lMin, LivePoints live, int slot) {
        while (head < tail && !(logL[head] > lMin)) {
            head++;
        }
        if (head < tail) {
            live.set(slot, u, head * d, logL[head], lMin);
            head++;
            return true;
        }
        head = 0;
        tail = 0;
        return false;
    }

    /**
     * Moves the oldest queued point of cluster {@code cluster} above {@code lMin} into live slot {@code slot} (the
     * points before it that belong to other clusters stay queued, those below {@code lMin} are dropped); false when
     * there is none. A negative {@code cluster} takes any point, as {@link #pollInto(double, LivePoints, int)}.
     */
    boolean pollInto(double lMin, LivePoints live, int slot, int cluster) {
        if (cluster < 0) {
            return pollInto(lMin, live, slot);
        }
        int keep = head;
        int found = -1;
        for (int i = head; i < tail; i++) {
            if (!(logL[i] > lMin)) {
                continue;
            }
            if (found < 0 && tag[i] == cluster) {
                found = i;
                live.set(slot, u, i * d, logL[i], lMin); // before a later point is moved onto it
                continue;
            }
            move(i, keep++);
        }
        tail = keep; // the kept points, in their order, now fill [head, keep)
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        return found >= 0;
    }

    private void move(int from, int to) {
        if (from != to) {
            System.arraycopy(u, from * d, u, to * d, d);
            logL[to] = logL[from];
            tag[to] = tag[from];
        }
    }

    /** Drops every queued point. */
    void clear() {
        head = 0;
        tail = 0;
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(tail - head);
        for (int i = head * d; i < tail * d; i++) {
            out.writeDouble(u[i]);
        }
        for (int i = head; i < tail; i++) {
            out.writeDouble(logL[i]);
            out.writeInt(tag[i]);
        }
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        int q = in.readInt();
        if (q < 0) {
            throw new IOException("negative queue length " + q);
        }
        u = new double[Math.max(q, 64) * d];
        logL = new double[Math.max(q, 64)];
        tag = new int[Math.max(q, 64)];
        for (int i = 0; i < q * d; i++) {
            u[i] = in.readDouble();
        }
        for (int i = 0; i < q; i++) {
            logL[i] = in.readDouble();
            tag[i] = in.readInt();
        }
        head = 0;
        tail = q;
    }
}
