package org.astronest.inference;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The checkpoint format shared by the samplers: a magic number and version, then one named section per part of the
 * sampler (each part writes and reads only its own section), then a CRC-32 of everything before it. A damaged file,
 * a checkpoint of another sampler or version, a missing section and a section read short or long are each reported
 * as one line naming what was found.
 */
public final class StateCodec {

    /** A part of a sampler's state that writes and reads its own section. */
    public interface Part {
        void write(DataOutputStream out) throws IOException;

        void read(DataInputStream in) throws IOException;
    }

    private StateCodec() {
    }

    /** Encodes the parts, in their map order, under {@code magic} and {@code version}. */
    public static byte[] encode(int magic, int version, Map<String, ? extends Part> parts) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 12);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(magic);
            out.writeInt(version);
            out.writeInt(parts.size());
            for (Map.Entry<String, ? extends Part> e : parts.entrySet()) {
                ByteArrayOutputStream sec = new ByteArrayOutputStream(1 << 10);
                DataOutputStream so = new DataOutputStream(sec);
                e.getValue().write(so);
                so.flush();
                out.writeUTF(e.getKey());
                out.writeInt(sec.size());
                sec.writeTo(out);
            }
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeLong(crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes {@code state} into the parts (which must be the same sections, in the same order, as when encoded).
     * {@code what} names the sampler in messages ("nested", "ensemble").
     */
    public static void decode(byte[] state, int magic, int version, String what, Map<String, ? extends Part> parts) {
        if (state.length < 20) {
            throw new IllegalArgumentException("checkpoint: " + state.length + " bytes, too short to be a " + what
                    + " checkpoint");
        }
        CRC32 crc = new CRC32();
        crc.update(state, 0, state.length - 8);
        long stored = 0;
        for (int i = state.length - 8; i < state.length; i++) {
            stored = (stored << 8) | (state[i] & 0xFF);
        }
        if (stored != crc.getValue()) {
            throw new IllegalArgumentException("checkpoint: checksum mismatch (the file is damaged); remove it to "
                    + "start the " + what + " run afresh");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state, 0, state.length - 8))) {
            int m = in.readInt();
            int v = in.readInt();
            if (m != magic) {
                throw new IllegalArgumentException("checkpoint: not a " + what + " checkpoint");
            }
            if (v != version) {
                throw new IllegalArgumentException("checkpoint: " + what + " checkpoint of format version " + v
                        + ", this version reads " + version + "; remove it to start afresh");
            }
            int count = in.readInt();
            if (count != parts.size()) {
                throw new IllegalArgumentException("checkpoint: " + count + " sections, expected " + parts.size()
                        + " " + parts.keySet());
            }
            for (Map.Entry<String, ? extends Part> e : parts.entrySet()) {
                String name = in.readUTF();
                if (!name.equals(e.getKey())) {
                    throw new IllegalArgumentException("checkpoint: section '" + name + "' where '" + e.getKey()
                            + "' was expected");
                }
                byte[] sec = new byte[in.readInt()];
                in.readFully(sec);
                ByteArrayInputStream bin = new ByteArrayInputStream(sec);
                DataInputStream si = new DataInputStream(bin);
                e.getValue().read(si);
                if (bin.available() != 0) {
                    throw new IllegalArgumentException("checkpoint: section '" + name + "' has " + bin.available()
                            + " bytes left after reading");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint: unreadable " + what + " checkpoint (" + e.getMessage()
                    + ")", e);
        }
    }

    /** An ordered map of sections, for {@link #encode} and {@link #decode}. */
    public static Map<String, Part> sections() {
        return new LinkedHashMap<>();
    }

    public static void writeArray(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    /** Reads an array written by {@link #writeArray} into {@code a}, which must have the written length. */
    public static void readArray(DataInputStream in, double[] a) throws IOException {
        int len = in.readInt();
        if (len != a.length) {
            throw new IOException("array of length " + len + ", expected " + a.length);
        }
        for (int i = 0; i < len; i++) {
            a[i] = in.readDouble();
        }
    }

    /** Reads an array written by {@link #writeArray}, of any length. */
    public static double[] readArray(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0) {
            throw new IOException("array of length " + len);
        }
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            a[i] = in.readDouble();
        }
        return a;
    }
}
