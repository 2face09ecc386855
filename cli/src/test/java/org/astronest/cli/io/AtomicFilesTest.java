package org.astronest.cli.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void bytesAreWrittenExactlyAndMeasuredLikeText(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/0.0");
        byte[] first = {1, 2, '\n', (byte) 0xFF, 0};
        AtomicFiles.write(f, first);
        byte[] second = {'\n', 0, (byte) 0x80, '\n', 7, 8};
        AtomicFiles.Written w = AtomicFiles.write(f, second);
        // replaced whole, no temporary file left beside it
        assertArrayEquals(second, Files.readAllBytes(f));
        try (var s = Files.list(f.getParent())) {
            assertEquals(1, s.count());
        }
        assertEquals(AtomicFiles.measure(f), w);
        assertEquals(6, w.bytes());
        assertEquals(2, w.lines());
        assertEquals("0.0", w.name());
    }
}
