package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NUTS's per-draw statistics: {@code sampler_stats.csv} in the run directory, read back by {@code export}, and
 * ArviZ's {@code sample_stats} variables with arviz.from_cmdstanpy's names and types.
 */
class NutsStatsTest {

    static Path run(Path tmp) {
        Path dir = tmp.resolve("run");
        EnsembleCliTest.Run r = EnsembleCliTest.run("problem", "loggamma2d", "--sampler", "nuts", "--chains", "2",
                "--warmup", "150", "--draws", "120", "--seed", "4", "--threads", "2", "--quiet", "--formats", "arviz",
                "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        return dir;
    }

    @Test
    void samplerStatsFileMatchesTheResult(@TempDir Path tmp) throws Exception {
        Path dir = run(tmp);
        List<String> lines = Files.readAllLines(dir.resolve("sampler_stats.csv"));
        assertEquals("chain,draw,diverging,tree_depth,n_steps,energy,acceptance_rate,step_size", lines.get(0));
        assertEquals(1 + 2 * 120, lines.size());
        JsonNode d = new ObjectMapper().readTree(dir.resolve("result.json").toFile()).get("diagnostics");
        int divergent = 0;
        double depth = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            divergent += Double.parseDouble(f[2]) != 0 ? 1 : 0;
            depth += Double.parseDouble(f[3]);
            // depth j counts the valid doublings (Stan's treedepth__): 2^j - 1 steps, plus at most 2^j in the
            // subtree that ended the transition (Stan's n_leapfrog__ counts those too)
            double depthJ = Double.parseDouble(f[3]);
            double steps = Double.parseDouble(f[4]);
            assertTrue(steps >= Math.pow(2, depthJ) - 1 && steps <= Math.pow(2, depthJ + 1) - 1, line);
        }
        assertEquals(d.get("divergences").asInt(), divergent);
        assertEquals(d.get("meanTreeDepth").asDouble(), depth / 240, 1e-12);
        // export from the directory alone writes the same ArviZ statistics as the run did
        EnsembleCliTest.Run e = EnsembleCliTest.run("export", dir.toString(), "--format", "arviz", "--force");
        assertEquals(0, e.code(), e.err());
        String json = Files.readString(dir.resolve("arviz/idata.json"));
        assertTrue(json.contains("\"diverging\"") && json.contains("\"tree_depth\""), "idata.json has the stats");
    }

    /** xarray opens sample_stats: diverging is boolean, tree_depth and n_steps integers, all over (chain, draw). */
    @Test
    @Tag("python")
    void xarrayReadsTheTypes(@TempDir Path tmp) throws Exception {
        String python = PythonReaders.require("xarray, zarr", "python3-xarray python3-zarr");
        Path dir = run(tmp);
        Process p = new ProcessBuilder(python, "-c", String.join("\n",
                "import json, sys, xarray as xr",
                "ds = xr.open_zarr(sys.argv[1], group='sample_stats', consolidated=True)",
                "print(json.dumps({n: [str(ds[n].dtype), list(ds[n].dims), list(ds[n].shape)] for n in ds.data_vars}",
                "                 | {'divergent': int(ds['diverging'].sum())}))"),
                dir.resolve("arviz/idata.zarr").toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        JsonNode j = new ObjectMapper().readTree(out);
        assertEquals("bool", j.get("diverging").get(0).asText());
        assertEquals("int64", j.get("tree_depth").get(0).asText());
        assertEquals("int64", j.get("n_steps").get(0).asText());
        assertEquals("float64", j.get("energy").get(0).asText());
        assertEquals("[\"chain\",\"draw\"]", j.get("step_size").get(1).toString());
        assertEquals("[2,120]", j.get("acceptance_rate").get(2).toString());
        JsonNode d = new ObjectMapper().readTree(dir.resolve("result.json").toFile()).get("diagnostics");
        assertEquals(d.get("divergences").asInt(), j.get("divergent").asInt());
    }
}
