package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped example runs with every sampler (a fitted model, MCFA, once), and each run's
 * {@code config.resolved.yaml} runs again to the same {@code result.json} (wall time aside) and to the same resolved
 * config. The runs are shortened by flags (nested:
 * 80 live points and at most 4000 calls; ensemble: 60 steps; NUTS: 2 chains of 20 + 20 iterations, depth at most
 * 4), which the resolved config must then carry: a flag that did not reach it would change the second run.
 */
class ResolvedConfigTest {

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(ExamplesTest.example("shells2d").getParent())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                if (Files.readString(f).contains("\nmap:")) {
                    continue; // a map config runs with `map` (MapCommandTest), not `run`
                }
                if (Files.readString(f).contains("type: mcfa") || Files.readString(f).contains("type: nmf-halo")) {
                    out.add(Arguments.of(f.getFileName().toString(), "fitted"));
                    continue;
                }
                out.add(Arguments.of(f.getFileName().toString(), "nested"));
                out.add(Arguments.of(f.getFileName().toString(), "ensemble"));
                out.add(Arguments.of(f.getFileName().toString(), "nuts"));
            }
        }
        assertTrue(out.size() >= 17, "cases found: " + out.size());
        return out.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("cases")
    void resolvedConfigRunsAgainToTheSameResult(String example, String sampler, @TempDir Path tmp) throws Exception {
        Path config = ExamplesTest.example("shells2d").getParent().resolve(example);
        List<String> args = new ArrayList<>(List.of("run", config.toString(), "--out", tmp.resolve("a").toString(),
                "--quiet"));
        if (sampler.equals("nested")) {
            args.addAll(List.of("--sampler", sampler, "--threads", "1", "--live-points", "80", "--max-calls", "4000"));
        } else if (sampler.equals("ensemble")) {
            args.addAll(List.of("--sampler", sampler, "--threads", "1", "--steps", "60"));
        } else if (sampler.equals("nuts")) {
            args.addAll(List.of("--sampler", sampler, "--threads", "1", "--chains", "2", "--warmup", "20", "--draws",
                    "20", "--max-depth", "4"));
        }
        CliTest.Outcome first = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, first.code(), first.err());
        Path resolved = tmp.resolve("a").resolve("config.resolved.yaml");
        CliTest.Outcome again = CliTest.run("run", resolved.toString(), "--out", tmp.resolve("b").toString(),
                "--quiet");
        assertEquals(0, again.code(), again.err());
        assertEquals(withoutTimes(tmp.resolve("a")), withoutTimes(tmp.resolve("b")), "result.json");
        assertEquals(Files.readString(resolved), Files.readString(tmp.resolve("b").resolve("config.resolved.yaml")),
                "the resolved config of the resolved config is itself");
    }

    /** result.json without its wall-clock fields (the only ones a deterministic rerun may change). */
    private static JsonNode withoutTimes(Path dir) throws IOException {
        JsonNode n = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        strip(n);
        return n;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            Iterator<String> it = o.fieldNames();
            List<String> drop = new ArrayList<>();
            while (it.hasNext()) {
                String k = it.next();
                if (k.toLowerCase().contains("seconds")) {
                    drop.add(k);
                }
            }
            o.remove(drop);
            o.forEach(ResolvedConfigTest::strip);
        } else if (n != null && n.isArray()) {
            n.forEach(ResolvedConfigTest::strip);
        }
    }
}
