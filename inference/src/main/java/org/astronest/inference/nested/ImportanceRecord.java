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
 * A record that cannot cover the whole run (it filled up, or slice chains took over) is cut: see
 * {@link ImportanceCut}.
 */
final class ImportanceRecord implements StateCodec.Part {

    /**
     * Most unit-cube coordinates the record holds, 2^27 doubles (1 GiB; 13 million points in 10 dimensions): a fixed
     * number, so that a run does not depend on the heap it was given. Past it the record is full: it is cut before the
     * epoch that overflowed ({@link #cutNow}), the rest of the run is weighed by plain nested sampling, and
     * {@code step = auto} moves to slice chains (rosenbrock10d ran out of memory near 21 million rejection calls
     * before this limit).
     */
    static final long MAX_COORDINATES = 1L << 27;

    final int d;
    private final int maxPoints;
    /**
     * Set once an evaluation could not be recorded: the importance-sampled evidence then covers the epochs before
     * {@link #fullEpoch} only, through a {@link ImportanceCut}.
     */
    boolean full;
    /** The epoch of the first evaluation that could not be recorded (-1 while there was room). */
    int fullEpoch = -1;
    /**
     * Set once no evaluation is recorded any more: when the record is full, when it is cut, or when it is released.
     * Nothing records into a closed record after a resume either (the step policy never goes back to rejection).
     */
    private boolean closed;
    /** The importance-sampled part of the run before its cut ({@link #cut}); null while the record is whole. */
    ImportanceCut cut;
    /** Dead points and the last dead point's ln L at the start of every epoch (where a cut before it would be). */
    int[] startDead = new int[16];
    double[] startLogL = new double[16];
    private int deadNow;
    private double lastLogLNow = Double.NEGATIVE_INFINITY;
    /** Region of every epoch; null stands for the whole unit cube. */
    final List<Ellipsoids> regions = new ArrayList<>();
    /** Raw draws per epoch. */
    long[] draws = new long[16];
    double[] u = new double[0];
    double[] logL = new double[0];
    int[] epoch = new int[0];
    int size;

    ImportanceRecord(int d) {
        this(d, (int) Math.min(Integer.MAX_VALUE - 8, MAX_COORDINATES / d));
    }

    /** A record of at most {@code maxPoints} points (tests; runs use {@link #MAX_COORDINATES}). */
    ImportanceRecord(int d, int maxPoints) {
        this.d = d;
        this.maxPoints = maxPoints;
    }

    int epochs() {
        return regions.size();
    }

    /** Where the run stands (dead points so far, the last one's ln L): the start of an epoch created next. */
    void at(int deadCount, double lastDeadLogL) {
        deadNow = deadCount;
        lastLogLNow = lastDeadLogL;
    }

    /** Starts a new epoch with region {@code r} (null: the unit cube); returns its index. */
    int newEpoch(Ellipsoids r) {
        regions.add(r);
        if (draws.length < regions.size()) {
            draws = Arrays.copyOf(draws, 2 * draws.length);
            startDead = Arrays.copyOf(startDead, draws.length);
            startLogL = Arrays.copyOf(startLogL, draws.length);
        }
        int e = regions.size() - 1;
        startDead[e] = deadNow;
        startLogL[e] = lastLogLNow;
        return e;
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
            fullEpoch = e;
            closed = true;
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

    /** Whether the record must be cut now: it is full, or {@code sliceUsed} (points of unknown density came). */
    boolean cutDue(boolean sliceUsed) {
        return cut == null && (full || sliceUsed);
    }

    /**
     * Cuts the record (it can no longer grow into an estimate of the whole run): when full, before the epoch that
     * overflowed, else now ({@code deadCount} dead points, the last at {@code lastDeadLogL}). The evaluations of the
     * epochs before the cut become an {@link ImportanceCut} and the points go ({@link #release}). A cut before any
     * dead point, or with no epoch but the cube (the MLFriends bound records none), leaves nothing to estimate: the
     * run's evidence is then the plain nested-sampling one.
     */
    void cutNow(int deadCount, double lastDeadLogL, org.astronest.inference.WorkPool pool) {
        int ne = full ? fullEpoch : epochs();
        int c = full ? startDead[fullEpoch] : deadCount;
        double lc = full ? startLogL[fullEpoch] : lastDeadLogL;
        int points = 0;
        while (points < size && epoch[points] < ne) {
            points++;
        }
        cut = c > 0 && ne > 1 ? ImportanceEvidence.cut(this, ne, points, c, lc, pool) : NO_CUT;
        release();
    }

    /** The cut of a run whose record ended before its first dead point: nothing importance-sampled. */
    static final ImportanceCut NO_CUT = new ImportanceCut(0, Double.NEGATIVE_INFINITY, new double[0], new double[0],
            new double[0], new double[0], new long[0], new double[0], new double[0], new double[0], 0, 0,
            Double.NEGATIVE_INFINITY);

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
            out.writeInt(startDead[e]);
            out.writeDouble(startLogL[e]);
            Ellipsoids r = regions.get(e);
            out.writeBoolean(r != null);
            if (r != null) {
                r.write(out);
            }
        }
        out.writeBoolean(full);
        out.writeInt(fullEpoch);
        out.writeBoolean(closed);
        out.writeBoolean(cut != null);
        if (cut != null) {
            cut.write(out);
        }
        out.writeInt(deadNow);
        out.writeDouble(lastLogLNow);
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
        startDead = new int[draws.length];
        startLogL = new double[draws.length];
        for (int e = 0; e < ne; e++) {
            draws[e] = in.readLong();
            startDead[e] = in.readInt();
            startLogL[e] = in.readDouble();
            Ellipsoids r = null;
            if (in.readBoolean()) {
                r = new Ellipsoids(d);
                r.read(in);
            }
            regions.add(r);
        }
        full = in.readBoolean();
        fullEpoch = in.readInt();
        closed = in.readBoolean();
        cut = in.readBoolean() ? ImportanceCut.read(in) : null;
        deadNow = in.readInt();
        lastLogLNow = in.readDouble();
        size = in.readInt();
        if (size < 0 || size > maxPoints) {
            throw new IOException("recorded points " + size + " outside 0.." + maxPoints);
        }
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
