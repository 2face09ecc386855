package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.astronest.cli.io.RunDirectory;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input catalogue ({@code bad-inputs.jsonl}: one JSON object per line, {@code args}, optional
 * {@code files} written first, the expected {@code exit} status and a {@code message} fragment; {@code $TMP} is a
 * fresh folder, {@code $SHARED} the shared data folder): every case gives exactly one line {@code error: ...}
 * containing the fragment, the documented exit status (2 bad input, 1 a failed run), no stack trace, and no output
 * directory that a reader accepts. The 355 cases cover every command, config section and input file reader;
 * each message was read when the case was added (it names the key, option or file and the value).
 */
class BadInputCatalogTest {

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                BadInputCatalogTest.class.getResourceAsStream("/bad-inputs.jsonl"), StandardCharsets.UTF_8))) {
            ObjectMapper json = new ObjectMapper();
            int n = 0;
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    JsonNode c = json.readTree(line);
                    out.add(Arguments.of(++n + ": " + String.join(" ", strings(c.path("args"))), c));
                }
            }
        }
        assertTrue(out.size() >= 250, "catalogue size " + out.size());
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneLineTheDocumentedStatusAndNothingAReaderAccepts(String name, JsonNode c, @TempDir Path tmp)
            throws Exception {
        String shared = SharedData.root().toString();
        Iterator<Map.Entry<String, JsonNode>> files = c.path("files").fields();
        while (files.hasNext()) {
            Map.Entry<String, JsonNode> f = files.next();
            Path p = tmp.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue().asText().replace("$SHARED", shared).replace("$TMP", tmp.toString()));
        }
        List<String> args = new ArrayList<>();
        for (String a : strings(c.path("args"))) {
            args.add(a.replace("$TMP", tmp.toString()).replace("$SHARED", shared));
        }
        CliTest.Outcome o = CliTest.run(args.toArray(String[]::new));
        String message = c.path("message").asText().replace("$TMP", tmp.toString()).replace("$SHARED", shared);
        assertEquals(c.path("exit").asInt(), o.code(), name + "\n" + o.err());
        List<String> lines = o.err().strip().lines().toList();
        assertEquals(1, lines.size(), name + ": one line\n" + o.err());
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains(message),
                name + "\nexpected: " + message + "\nwas:      " + lines.get(0));
        assertFalse(o.err().contains("\tat "), "no stack trace");
        for (String d : new String[] {"out", "o"}) {
            Path dir = tmp.resolve(d);
            if (Files.isDirectory(dir)) {
                assertThrows(RuntimeException.class, () -> RunDirectory.verify(dir), name + ": " + dir
                        + " must not look like a complete run");
            }
        }
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }
}
