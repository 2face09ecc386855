package org.astronest.forwardmodels.payne.training;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The checkpoint of a network training: the iteration reached and, per pixel, its parameters, optimiser state, best
 * validation parameters and statistics ({@link NetworkTrainer}). Binary format (big-endian): magic {@code "PYNT"},
 * version, the training set's fingerprint, the options' fingerprint, iteration, the best validation total and its
 * iteration, pixel count, doubles per pixel, the doubles, then a CRC-32 of everything before it (the project's checkpoint habit: a damaged file, another training
 * set or other options are each refused with one line saying what was found).
 */
final class TrainingState {

    static final int MAGIC = 0x50594E54;
    static final int VERSION = 1;
    private static final int HEADER = 4 + 4 + 8 + 8 + 4 + 8 + 4 + 4 + 4;

    final long dataFingerprint;
    final long configFingerprint;
    int iteration;
    /** The lowest validation total so far (summed over pixels) and the iteration it was reached at (0: none). */
    double bestScore;
    int bestIteration;
    final double[][] pixels;

    TrainingState(long dataFingerprint, long configFingerprint, int iteration, double bestScore, int bestIteration,
                  double[][] pixels) {
        this.dataFingerprint = dataFingerprint;
        this.configFingerprint = configFingerprint;
        this.iteration = iteration;
        this.bestScore = bestScore;
        this.bestIteration = bestIteration;
        this.pixels = pixels;
    }

    byte[] encode() {
        int np = pixels.length;
        int k = pixels[0].length;
        long size = HEADER + (long) np * k * 8 + 8;
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("checkpoint of " + size + " bytes is too large for one file");
        }
        ByteBuffer b = ByteBuffer.allocate((int) size);
        b.putInt(MAGIC).putInt(VERSION).putLong(dataFingerprint).putLong(configFingerprint).putInt(iteration)
                .putDouble(bestScore).putInt(bestIteration).putInt(np).putInt(k);
        for (double[] p : pixels) {
            for (double v : p) {
                b.putDouble(v);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putLong(crc.getValue());
        return b.array();
    }

    /**
     * Decodes a checkpoint of this training: the fingerprints, pixel count and doubles per pixel must match.
     */
    static TrainingState decode(byte[] bytes, long dataFingerprint, long configFingerprint, int pixels, int perPixel) {
        if (bytes.length < HEADER + 8) {
            throw new IllegalArgumentException("checkpoint: " + bytes.length + " bytes, too short to be a training "
                    + "checkpoint");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        if (b.getLong(bytes.length - 8) != crc.getValue()) {
            throw new IllegalArgumentException("checkpoint: checksum mismatch (the file is damaged); remove it to "
                    + "start the training afresh");
        }
        if (b.getInt() != MAGIC) {
            throw new IllegalArgumentException("checkpoint: not a Payne training checkpoint");
        }
        int v = b.getInt();
        if (v != VERSION) {
            throw new IllegalArgumentException("checkpoint: training checkpoint of format version " + v + ", this "
                    + "version reads " + VERSION + "; remove it to start afresh");
        }
        long df = b.getLong();
        long cf = b.getLong();
        if (df != dataFingerprint) {
            throw new IllegalArgumentException("checkpoint: written for another training set (fingerprint "
                    + Long.toHexString(df) + ", this one " + Long.toHexString(dataFingerprint) + "); remove it or "
                    + "use another output directory");
        }
        if (cf != configFingerprint) {
            throw new IllegalArgumentException("checkpoint: written with other training options (model, hidden "
                    + "units, optimizer, validation, seed or prior); resume with the same options or start afresh");
        }
        int it = b.getInt();
        double best = b.getDouble();
        int bestIt = b.getInt();
        int np = b.getInt();
        int k = b.getInt();
        if (np != pixels || k != perPixel || bytes.length != HEADER + (long) np * k * 8 + 8 || it < 0) {
            throw new IllegalArgumentException("checkpoint: " + np + " pixels x " + k + " values at iteration " + it
                    + ", expected " + pixels + " x " + perPixel);
        }
        double[][] px = new double[np][k];
        for (double[] p : px) {
            for (int i = 0; i < k; i++) {
                p[i] = b.getDouble();
            }
        }
        return new TrainingState(df, cf, it, best, bestIt, px);
    }
}
