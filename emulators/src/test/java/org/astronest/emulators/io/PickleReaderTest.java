package org.astronest.emulators.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PickleReaderTest {

    static final PickleReader PLAIN = new PickleReader((f, a) -> {
        throw new PickleReader.PickleException("no calls: " + f);
    });

    static Object read(String hex) {
        return PLAIN.read(ByteBuffer.wrap(HexFormat.of().parseHex(hex)));
    }

    @Test
    void scalarsOfProtocol2() {
        // python3: pickle.dumps((1, -2, 300, 70000, -70000, 2**70, -2**70, 1.5, 'héllo', True, False, None), protocol=2)
        Object o = read("8002284b014afeffffff4d2c014a701101004a90eefeff8a090000000000000000408a090000000000000000c047"
                + "3ff8000000000000580600000068c3a96c6c6f710088894e7471012e");
        PickleReader.Tuple t = (PickleReader.Tuple) o;
        assertEquals(12, t.size());
        assertEquals(1L, t.get(0));
        assertEquals(-2L, t.get(1));
        assertEquals(300L, t.get(2));
        assertEquals(70000L, t.get(3));
        assertEquals(-70000L, t.get(4));
        assertEquals(BigInteger.TWO.pow(70), t.get(5));
        assertEquals(BigInteger.TWO.pow(70).negate(), t.get(6));
        assertEquals(1.5, t.get(7));
        assertEquals("héllo", t.get(8));
        assertEquals(Boolean.TRUE, t.get(9));
        assertEquals(Boolean.FALSE, t.get(10));
        assertNull(t.get(11));
    }

    @Test
    void containersAndMemo() {
        // python3: pickle.dumps({'a': [1, 2, 3], 'b': ('x', 'x')}, protocol=2)  ('x' the second time via BINGET)
        Map<?, ?> d = (Map<?, ?>) read("80027d71002858010000006171015d7102284b014b024b0365580100000062710358010000007871"
                + "046804867105752e");
        assertEquals(List.of("a", "b"), List.copyOf(d.keySet()));
        assertEquals(List.of(1L, 2L, 3L), d.get("a"));
        assertEquals(List.of("x", "x"), ((PickleReader.Tuple) d.get("b")).items());
        // python3: pickle.dumps([[], {}, ()], protocol=2)
        List<?> l = (List<?>) read("80025d7100285d71017d710229652e");
        assertEquals(3, l.size());
        assertEquals(List.of(), l.get(0));
        assertEquals(Map.of(), l.get(1));
        assertEquals(0, ((PickleReader.Tuple) l.get(2)).size());
    }

    @Test
    void readsConsecutivePicklesAndLeavesPositionAfterStop() {
        ByteBuffer b = ByteBuffer.wrap(HexFormat.of().parseHex("80024b072e80024d2c012e"));
        assertEquals(7L, PLAIN.read(b));
        assertEquals(5, b.position());
        assertEquals(300L, PLAIN.read(b));
        assertEquals(0, b.remaining());
    }

    @Test
    void malformedPicklesFailWithOffsets() {
        PickleReader.PickleException e = assertThrows(PickleReader.PickleException.class, () -> read("80024b07"));
        assertTrue(e.getMessage().contains("no STOP"), e.getMessage());
        e = assertThrows(PickleReader.PickleException.class, () -> read("80024d2c"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        e = assertThrows(PickleReader.PickleException.class, () -> read("8002ff2e"));
        assertEquals("unsupported or invalid pickle opcode 0xff at offset 2", e.getMessage());
        e = assertThrows(PickleReader.PickleException.class, () -> read("80022e"));
        assertTrue(e.getMessage().contains("STOP with 0 objects"), e.getMessage());
        e = assertThrows(PickleReader.PickleException.class, () -> read("8004952e"));
        assertTrue(e.getMessage().startsWith("unsupported pickle protocol 4"), e.getMessage());
        e = assertThrows(PickleReader.PickleException.class, () -> read("8002680a2e"));
        assertTrue(e.getMessage().contains("memo key 10 not defined"), e.getMessage());
        e = assertThrows(PickleReader.PickleException.class, () -> read("8002742e"));
        assertTrue(e.getMessage().contains("without MARK"), e.getMessage());
        // GLOBAL + REDUCE go to the resolver, which refuses here: nothing is instantiated
        e = assertThrows(PickleReader.PickleException.class, () -> read("80026373797374656d0a6f730a29522e"));
        assertEquals("no calls: system.os", e.getMessage());
    }

    @Test
    void torchFileGivesShapesAndValues() throws IOException {
        Map<String, TorchLegacyReader.Tensor> sd = TorchLegacyReader.read(SharedData.resolve("emulchem/rad/networkCO2"));
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias",
                "fc4.weight", "fc4.bias"), List.copyOf(sd.keySet()));
        assertArrayEquals(new int[] {200, 3}, sd.get("fc1.weight").shape());
        assertArrayEquals(new int[] {100, 200}, sd.get("fc2.weight").shape());
        assertArrayEquals(new int[] {1, 50}, sd.get("fc4.weight").shape());
        assertArrayEquals(new int[] {1}, sd.get("fc4.bias").shape());
        // first and last elements, decoded independently with Python's pickle module + struct ('<f8') from the file
        assertEquals(0.1943732890888532, sd.get("fc1.weight").values()[0]);
        assertEquals(-0.3988491664637717, sd.get("fc1.weight").values()[599]);
        assertEquals(0.043476642259459235, sd.get("fc2.weight").values()[0]);
        assertEquals(0.07263676648019646, sd.get("fc4.weight").values()[49]);
        assertEquals(-0.03972593097092472, sd.get("fc4.bias").values()[0]);
    }

    @Test
    void truncatedOrForeignTorchFilesFailNamingTheFile(@TempDir Path tmp) throws IOException {
        byte[] full = Files.readAllBytes(SharedData.resolve("emulchem/rad/networkCO2"));
        Path cut = tmp.resolve("networkCut");
        Files.write(cut, Arrays.copyOf(full, full.length - 1000));
        IOException e = assertThrows(IOException.class, () -> TorchLegacyReader.read(cut));
        assertTrue(e.getMessage().startsWith("cannot read torch network file " + cut), e.getMessage());
        assertTrue(e.getMessage().contains("storage"), e.getMessage());
        Path header = tmp.resolve("networkHeader");
        Files.write(header, Arrays.copyOf(full, 500));
        e = assertThrows(IOException.class, () -> TorchLegacyReader.read(header));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Path foreign = tmp.resolve("notTorch");
        Files.write(foreign, HexFormat.of().parseHex("80024b072e"));
        e = assertThrows(IOException.class, () -> TorchLegacyReader.read(foreign));
        assertTrue(e.getMessage().contains("not a legacy torch file: magic number 7"), e.getMessage());
    }
}
