package org.astronest.inference.mcmc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Mutable state of one {@link EnsembleSampler} run and its checkpoint codec: the current ensemble, counters,
 * convergence state and the stored chains ({@link ChainStore}). The checkpoint is a small binary format led by a
 * format tag and the run's fingerprint (dimension, names, walkers, seed, move, initial ball, store size), which
 * {@link #decode} checks.
 */
final class EnsembleState {

    private static final String MAGIC_PREFIX = "astronest-ensemble-checkpoint-";
    /** Format 2 (this version) adds the chain store's capacity, stride and stored rows; format 1 kept every step. */
    private static final String MAGIC = MAGIC_PREFIX + "3";

    final int nw;
    final int d;
    int step;
    long calls;
    double elapsed;
    double[][] pos;
    final double[] lp;
    final double[] ll;
    final long[] accepted;
    double[] lastTau;
    int nextCheck;
    boolean converged;
    final ChainStore chain;
    /** tau on the whole stored chain at step {@code finalTauStep} (a cache for the result; not saved). */
    double[] finalTau;
    int finalTauStep = -1;

    EnsembleState(int nw, int d, int capacity) {
        this(nw, d, new ChainStore(nw, d, capacity));
    }

    EnsembleState(int nw, int d, ChainStore chain) {
        this.nw = nw;
        this.d = d;
        this.pos = new double[nw][d];
        this.lp = new double[nw];
        this.ll = new double[nw];
        this.accepted = new long[nw];
        this.chain = chain;
    }

    void record() {
        chain.record(pos, lp, ll);
        step++;
    }

    double acceptance() {
        if (step == 0) {
            return Double.NaN;
        }
        long a = 0;
        for (long x : accepted) {
            a += x;
        }
        return a / ((double) step * nw);
    }

    byte[] encode(String fingerprint) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + chain.rows() * nw * (d + 2) * 8);
            DataOutputStream o = new DataOutputStream(bytes);
            o.writeUTF(MAGIC);
            o.writeUTF(fingerprint);
            o.writeInt(nw);
            o.writeInt(d);
            o.writeInt(step);
            o.writeLong(calls);
            o.writeDouble(elapsed);
            o.writeInt(nextCheck);
            o.writeBoolean(converged);
            o.writeInt(lastTau == null ? -1 : lastTau.length);
            if (lastTau != null) {
                for (double v : lastTau) {
                    o.writeDouble(v);
                }
            }
            for (int k = 0; k < nw; k++) {
                for (double v : pos[k]) {
                    o.writeDouble(v);
                }
                o.writeDouble(lp[k]);
                o.writeDouble(ll[k]);
                o.writeLong(accepted[k]);
            }
            chain.write(o);
            o.flush();
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes.toByteArray());
            o.writeLong(crc.getValue());
            o.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The checkpoint without its CRC-32 trailer, after checking it: a flipped bit or a truncated file resumed
     * silently with a changed sample before format 3.
     */
    private static byte[] verified(byte[] data) {
        if (data.length < 8) {
            throw new IllegalArgumentException("ensemble: the checkpoint is damaged (" + data.length + " bytes); "
                    + "remove it to start afresh");
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(data, 0, data.length - 8);
        long stored = java.nio.ByteBuffer.wrap(data, data.length - 8, 8).getLong();
        if (stored != crc.getValue()) {
            String head = new String(data, 2, Math.min(data.length - 2, MAGIC_PREFIX.length()),
                    java.nio.charset.StandardCharsets.UTF_8);
            if (head.equals(MAGIC_PREFIX)) {
                // an earlier format (no checksum) says so in readMagic; a damaged one fails the check
                try {
                    readMagic(new DataInputStream(new ByteArrayInputStream(data)));
                } catch (IOException e) {
                    // fall through to the checksum message
                }
            }
            throw new IllegalArgumentException("ensemble: the checkpoint is damaged (checksum mismatch); remove it "
                    + "to start afresh");
        }
        return java.util.Arrays.copyOf(data, data.length - 8);
    }

    /** The step count stored in a checkpoint (for tests and messages). */
    static int stepOf(byte[] raw) {
        byte[] data = verified(raw);
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            readMagic(in);
            in.readUTF();
            in.readInt();
            in.readInt();
            return in.readInt();
        } catch (IOException e) {
            throw new IllegalArgumentException("ensemble: the checkpoint is unreadable: " + e.getMessage(), e);
        }
    }

    private static void readMagic(DataInputStream in) throws IOException {
        String magic = in.readUTF();
        if (magic.startsWith(MAGIC_PREFIX) && !MAGIC.equals(magic)) {
            throw new IllegalArgumentException("ensemble: cannot resume: the checkpoint has format "
                    + magic.substring(MAGIC_PREFIX.length()) + " (an earlier astronest), this version reads format "
                    + MAGIC.substring(MAGIC_PREFIX.length()) + "; remove it or run without resume");
        }
        if (!MAGIC.equals(magic)) {
            throw new IllegalArgumentException("ensemble: the checkpoint is not an ensemble checkpoint (header '"
                    + magic + "')");
        }
    }

    static EnsembleState decode(byte[] raw, String fingerprint) {
        byte[] data = verified(raw);
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            readMagic(in);
            String fp = in.readUTF();
            if (!fp.equals(fingerprint)) {
                throw new IllegalArgumentException("ensemble: cannot resume: the checkpoint was written for "
                        + "[" + fp + "] but this run is [" + fingerprint + "]; remove the checkpoint or run "
                        + "without resume");
            }
            int nw = in.readInt();
            int d = in.readInt();
            int step = in.readInt();
            long calls = in.readLong();
            double elapsed = in.readDouble();
            int nextCheck = in.readInt();
            boolean converged = in.readBoolean();
            int nt = in.readInt();
            double[] lastTau = null;
            if (nt >= 0) {
                lastTau = new double[nt];
                for (int i = 0; i < nt; i++) {
                    lastTau[i] = in.readDouble();
                }
            }
            double[][] pos = new double[nw][d];
            double[] lp = new double[nw];
            double[] ll = new double[nw];
            long[] accepted = new long[nw];
            for (int k = 0; k < nw; k++) {
                for (int i = 0; i < d; i++) {
                    pos[k][i] = in.readDouble();
                }
                lp[k] = in.readDouble();
                ll[k] = in.readDouble();
                accepted[k] = in.readLong();
            }
            ChainStore chain = ChainStore.read(in, nw, d);
            if (chain.steps() != step) {
                throw new IOException("the chain store has " + chain.steps() + " steps, the state " + step);
            }
            EnsembleState s = new EnsembleState(nw, d, chain);
            s.step = step;
            s.calls = calls;
            s.elapsed = elapsed;
            s.nextCheck = nextCheck;
            s.converged = converged;
            s.lastTau = lastTau;
            s.pos = pos;
            System.arraycopy(lp, 0, s.lp, 0, nw);
            System.arraycopy(ll, 0, s.ll, 0, nw);
            System.arraycopy(accepted, 0, s.accepted, 0, nw);
            return s;
        } catch (IOException e) {
            throw new IllegalArgumentException("ensemble: the checkpoint is unreadable or truncated: "
                    + e.getMessage(), e);
        }
    }
}
