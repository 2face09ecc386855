package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.astronest.inference.StateCodec;

/**
 * Accepted proposals waiting to replace removed live points, first in first out. A point drawn uniformly above an
 * old threshold is uniform above any higher one, so a queued point is used when it still exceeds the current
 * threshold and dropped otherwise; batches therefore never depend on when the loop consumes them.
 */
final class ProposalQueue implements StateCodec.Part {

    private final int d;
    private double[] u;
    private double[] logL;
    private int head;
    private int tail;

    ProposalQueue(int d) {
        this.d = d;
        this.u = new double[64 * d];
        this.logL = new double[64];
    }

    void add(double[] src, int so, double l) {
        if (tail == logL.length) {
            if (head > 0) {
                int m = tail - head;
                System.arraycopy(u, head * d, u, 0, m * d);
                System.arraycopy(logL, head, logL, 0, m);
                head = 0;
                tail = m;
            }
            if (tail == logL.length) {
                u = Arrays.copyOf(u, logL.length * 2 * d);
                logL = Arrays.copyOf(logL, logL.length * 2);
            }
        }
        System.arraycopy(src, so, u, tail * d, d);
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

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(tail - head);
        for (int i = head * d; i < tail * d; i++) {
            out.writeDouble(u[i]);
        }
        for (int i = head; i < tail; i++) {
            out.writeDouble(logL[i]);
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
        for (int i = 0; i < q * d; i++) {
            u[i] = in.readDouble();
        }
        for (int i = 0; i < q; i++) {
            logL[i] = in.readDouble();
        }
        head = 0;
        tail = q;
    }
}
