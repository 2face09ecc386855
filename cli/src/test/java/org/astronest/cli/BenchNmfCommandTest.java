package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code bench nmf} prints one case per size and solver with a time per iteration (a bench, not a timing test). */
class BenchNmfCommandTest {

    @Test
    void printsFourCases() throws Exception {
        EmulateCommandTest.Run r = EmulateCommandTest.run("bench", "nmf", "--short", "2", "--long", "4", "--repeats",
                "1");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(4, j.get("cases").size());
        assertEquals("halo 64x5000", j.get("cases").get(0).get("case").asText());
        assertEquals("mu", j.get("cases").get(3).get("solver").asText());
        assertTrue(j.get("cases").get(0).has("ms_per_iteration"));
    }

    /** The benchmark matrices have the issue's shapes: 64 x 5000 (seed 003) and 13 x 2500 (thesis chapter 3). */
    @Test
    void casesHaveTheIssuesShapes() {
        double[][] halo = BenchNmfCommand.matrix(BenchNmfCommand.CASES.get(0), new java.util.SplittableRandom(1));
        double[][] maps = BenchNmfCommand.matrix(BenchNmfCommand.CASES.get(1), new java.util.SplittableRandom(1));
        assertEquals(64, halo.length);
        assertEquals(5000, halo[0].length);
        assertEquals(13, maps.length);
        assertEquals(2500, maps[0].length);
    }
}
