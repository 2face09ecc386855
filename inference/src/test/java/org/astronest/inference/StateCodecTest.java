package org.astronest.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateCodecTest {

    /** A part holding one array. */
    static final class ArrayPart implements StateCodec.Part {
        double[] a;

        ArrayPart(double[] a) {
            this.a = a;
        }

        @Override
        public void write(DataOutputStream out) throws IOException {
            StateCodec.writeArray(out, a);
        }

        @Override
        public void read(DataInputStream in) throws IOException {
            a = StateCodec.readArray(in);
        }
    }

    private static Map<String, StateCodec.Part> parts(ArrayPart x, ArrayPart y) {
        Map<String, StateCodec.Part> m = StateCodec.sections();
        m.put("x", x);
        m.put("y", y);
        return m;
    }

    @Test
    void roundTripsEverySection() {
        byte[] state = StateCodec.encode(7, 2, parts(new ArrayPart(new double[] {1, 2}),
                new ArrayPart(new double[] {Double.NEGATIVE_INFINITY})));
        ArrayPart x = new ArrayPart(null);
        ArrayPart y = new ArrayPart(null);
        StateCodec.decode(state, 7, 2, "test", parts(x, y));
        assertArrayEquals(new double[] {1, 2}, x.a);
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY}, y.a);
    }

    @Test
    void damagedVersionedAndForeignStatesAreNamed() {
        byte[] state = StateCodec.encode(7, 2, parts(new ArrayPart(new double[] {1, 2}), new ArrayPart(new double[0])));
        byte[] flipped = state.clone();
        flipped[20] ^= 1;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StateCodec.decode(flipped, 7, 2, "test",
                parts(new ArrayPart(null), new ArrayPart(null)))).getMessage().contains("checksum mismatch"));
        assertEquals("checkpoint: test checkpoint of format version 2, this version reads 3; remove it to start "
                + "afresh", assertThrows(IllegalArgumentException.class, () -> StateCodec.decode(state, 7, 3, "test",
                parts(new ArrayPart(null), new ArrayPart(null)))).getMessage());
        assertEquals("checkpoint: not a other checkpoint", assertThrows(IllegalArgumentException.class,
                () -> StateCodec.decode(state, 8, 2, "other", parts(new ArrayPart(null), new ArrayPart(null))))
                .getMessage());
        Map<String, StateCodec.Part> renamed = StateCodec.sections();
        renamed.put("x", new ArrayPart(null));
        renamed.put("z", new ArrayPart(null));
        assertEquals("checkpoint: section 'y' where 'z' was expected", assertThrows(IllegalArgumentException.class,
                () -> StateCodec.decode(state, 7, 2, "test", renamed)).getMessage());
    }

    @Test
    void workPoolResultsDoNotDependOnThreads() {
        double[] one = new double[1000];
        double[] four = new double[1000];
        try (WorkPool p = WorkPool.of(1, "t")) {
            p.forEach(one.length, i -> one[i] = Rngs.stream(5, i).nextDouble());
        }
        try (WorkPool p = WorkPool.of(4, "t")) {
            p.forEach(four.length, i -> four[i] = Rngs.stream(5, i).nextDouble());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.forEach(100, i -> {
                if (i == 37) {
                    throw new IllegalStateException("item 37");
                }
            }));
            assertEquals("item 37", e.getMessage());
        }
        assertArrayEquals(one, four);
    }
}
