package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.astronest.inference.StateCodec;

/**
 * Every likelihood evaluation of a run whose proposal density is known, for the importance-sampled evidence
 * ({@link ImportanceEvidence}): the points (unit cube), their log-likelihoods and the epoch that proposed them, and
 * per epoch its region (the unit cube for epoch 0, then one fixed {@link Ellipsoids} union per rebuild) with the
 * number of raw draws it took (rejected ones included). Points below the threshold count as much as accepted ones:
 * that is what lets the estimate use all evaluations (Feroz, Hobson, Cameron &amp; Pettitt 2019, OJAp 2, 10).
 */
final class ImportanceRecord implements StateCodec.Part {

    /**
     * Most unit-cube coordinates the record holds, 2^27 doubles (1 GiB; 13 million points in 10 dimensions): a fixed
     * number, so that a run does not depend on the heap it was given. Past it the record is full, the run's evidence
     * is the plain nested-sampling one, and {@code step = auto} moves to slice chains (rosenbrock10d ran out of
     * memory near 21 million rejection calls before this limit).
     */
    static final long MAX_COORDINATES = 1L << 27;

    final int d;
    private final int maxPoints;
    /** Set once an evaluation could not be recorded: the importance-sampled evidence is then unavailable. */
    boolean full;
    /**
     * Set once the record ends ({@link #release}): when it is full, or when slice chains draw points of unknown
     * density. A full record is read back closed; one released for slice chains is written with no points, and
     * nothing records into it after a resume (the step policy never goes back to rejection).
     */
    private boolean closed;
    /** Region of every epoch; null stands for the whole unit cube. */
    final List<Ellipsoids> regions = new ArrayList<>();
    /** Raw draws per epoch. */
    long[] draws = new long[16];
    double[] u = new double[0];
    double[] logL = new double[0];
    int[] epoch = new int[0];
    int size;

    ImportanceRecord(int d) {
        this.d = d;
        this.maxPoints = (int) Math.min(Integer.MAX_VALUE - 8, MAX_COORDINATES / d);
    }

    int epochs() {
        return regions.size();
    }

    /** Starts a new epoch with region {@code r} (null: the unit cube); returns its index. */
    int newEpoch(Ellipsoids r) {
        regions.add(r);
        if (draws.length < regions.size()) {
            draws = Arrays.copyOf(draws, 2 * draws.length);
        }
        return regions.size() - 1;
    }

    void addDraws(int e, long count) {
        draws[e] += count;
    }

    /** Records the point at {@code src[so..so+d)} with log-likelihood {@code l}, proposed in epoch {@code e}. */
    void add(double[] src, int so, double l, int e) {
        if (closed) {
            return;
        }
        if (size >= maxPoints) {
            full = true;
            release();
            return;
        }
        if (size == logL.length) {
            int cap = (int) Math.min(maxPoints, Math.max(1024L, 2L * size));
            u = Arrays.copyOf(u, cap * d);
            logL = Arrays.copyOf(logL, cap);
            epoch = Arrays.copyOf(epoch, cap);
        }
        System.arraycopy(src, so, u, size * d, d);
        logL[size] = l;
        epoch[size] = e;
        size++;
    }

    /**
     * Ends the record: the points go (up to 1 GiB that the run no longer needs; rosenbrock10d's ten-seed benchmark
     * ran out of a 6 GiB heap while full records were kept), the epochs' regions stay (the rejection step draws from
     * the current one), and no evaluation is recorded from now on.
     */
    void release() {
        closed = true;
        size = 0;
        u = new double[0];
        logL = new double[0];
        epoch = new int[0];
    }

    /** ln of the volume of epoch e's proposal envelope (the sum of its ellipsoids' volumes; 0 for the cube). */
    double logEnvelope(int e) {
        Ellipsoids r = regions.get(e);
        return r == null ? 0 : r.logVolSum;
    }

    /** Whether point {@code x[xo..]} (in the unit cube) lies in epoch e's region. */
    boolean inRegion(int e, double[] x, int xo) {
        Ellipsoids r = regions.get(e);
        return r == null || r.inUnion(x, xo);
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(regions.size());
        for (int e = 0; e < regions.size(); e++) {
            out.writeLong(draws[e]);
            Ellipsoids r = regions.get(e);
            out.writeBoolean(r != null);
            if (r != null) {
                r.write(out);
            }
        }
        out.writeBoolean(full);
        out.writeInt(size);
        for (int i = 0; i < size * d; i++) {
            out.writeDouble(u[i]);
        }
        for (int i = 0; i < size; i++) {
            out.writeDouble(logL[i]);
            out.writeInt(epoch[i]);
        }
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        int ne = in.readInt();
        if (ne < 0) {
            throw new IOException("negative number of epochs " + ne);
        }
        regions.clear();
        draws = new long[Math.max(16, ne)];
        for (int e = 0; e < ne; e++) {
            draws[e] = in.readLong();
            Ellipsoids r = null;
            if (in.readBoolean()) {
                r = new Ellipsoids(d);
                r.read(in);
            }
            regions.add(r);
        }
        full = in.readBoolean();
        size = in.readInt();
        if (size < 0 || size > maxPoints) {
            throw new IOException("recorded points " + size + " outside 0.." + maxPoints);
        }
        if (full) {
            // checkpoints of earlier builds kept a full record's points: skipped, not loaded (up to 1 GiB)
            in.skipNBytes((long) size * d * Double.BYTES + (long) size * (Double.BYTES + Integer.BYTES));
            release();
            return;
        }
        closed = false;
        u = new double[size * d];
        logL = new double[size];
        epoch = new int[size];
        for (int i = 0; i < size * d; i++) {
            u[i] = in.readDouble();
        }
        for (int i = 0; i < size; i++) {
            logL[i] = in.readDouble();
            epoch[i] = in.readInt();
        }
    }
}
