package org.astronest.cli.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.Chains;
import org.astronest.inference.ColumnInfo;
import org.astronest.inference.Evidence;
import org.astronest.inference.Provenance;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.WeightedSamples;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArvizFormatTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T10:00:00.123456Z"), ZoneOffset.UTC);
    private static final long SEED = 42;
    private static final int WALKERS = 3;
    private static final int STEPS = 40;

    /**
     * Nested-like: importance-weighted draws of N(1, 0.5) for mu (uniform proposal on [-2, 4]) and a second column
     * whose name has a slash, a derived column named like a dimension, known prior densities.
     */
    static RunResult nested() {
        UniformRandomProvider rng = Rngs.seeded(5);
        int n = 4000;
        double[][] rows = new double[n][3];
        double[] lw = new double[n];
        double[] ll = new double[n];
        double[] lp = new double[n];
        for (int i = 0; i < n; i++) {
            double mu = -2 + 6 * rng.nextDouble();
            double s = rng.nextDouble();
            rows[i] = new double[] {mu, s, mu * s};
            ll[i] = -0.5 * Math.pow((mu - 1) / 0.5, 2) - s;
            lp[i] = -Math.log(6);
            lw[i] = ll[i];
        }
        WeightedSamples w = WeightedSamples.of(List.of("mu", "log/sigma", "chain"), rows, lw, ll, lp);
        return RunResult.builder("nested", w)
                .columns(List.of(new ColumnInfo("mu", "\\mu", "km/s", false, -2, 4, ColumnInfo.FREE, Double.NaN),
                        new ColumnInfo("chain", "chain", "", false, Double.NaN, Double.NaN, ColumnInfo.DERIVED,
                                Double.NaN)))
                .evidence(new Evidence(-2.5, 0.1, 1.5))
                .provenance(Provenance.of(SEED, "nested", Map.of(), "2026-12-05T09:00:00Z", 1.0))
                .observed(new org.astronest.inference.ObservedData("line", List.of("CO(3-2)", "HCO+(4-3)", "CS(7-6)"),
                        Map.of("intensity", new double[] {2346.28, 91.5, 0.25})))
                .build();
    }

    /**
     * Ensemble-like: 3 walkers, 40 kept steps, samples step-major (row r is walker r mod 3), a vector parameter b[1],
     * b[2], a derived column; no prior densities; one ln L is -inf.
     */
    static RunResult ensemble() {
        int n = WALKERS * STEPS;
        double[][] rows = new double[n][];
        double[] ll = new double[n];
        double[][][] values = new double[WALKERS][STEPS][];
        double[][] lpost = new double[WALKERS][STEPS];
        for (int j = 0; j < STEPS; j++) {
            for (int w = 0; w < WALKERS; w++) {
                double mu = w + 0.01 * j;
                double b1 = 10 * w - j;
                double b2 = 100 + w * j;
                int r = j * WALKERS + w;
                rows[r] = new double[] {mu, b1, b2, mu + b1};
                ll[r] = -0.5 * mu * mu - 0.001 * r;
                values[w][j] = new double[] {mu, b1, b2};
                lpost[w][j] = ll[r];
            }
        }
        ll[5] = Double.NEGATIVE_INFINITY;
        WeightedSamples s = WeightedSamples.equal(List.of("mu", "b[1]", "b[2]", "d"), rows, ll);
        return RunResult.builder("ensemble", s)
                .chains(new Chains(List.of("mu", "b[1]", "b[2]"), values, lpost, 5, 2, 2))
                .diagnostic("acceptanceFraction", 0.4)
                .provenance(Provenance.of(7L, "ensemble", Map.of(), "2026-12-05T09:00:00Z", 1.0))
                .build();
    }

    @Test
    void ensembleStoreHoldsOneChainPerWalkerAndVectorParameters(@TempDir Path dir) throws IOException {
        RunResult run = ensemble();
        List<Path> files = new ArvizFormat(CLOCK).write(run, "ignored", dir);
        Path store = dir.resolve("idata.zarr");
        assertTrue(files.contains(dir.resolve("idata.json")));
        assertTrue(files.contains(store.resolve(".zmetadata")));
        for (Path f : files) {
            assertTrue(Files.isRegularFile(f), f.toString());
        }
        assertEquals(2, JSON.readTree(store.resolve(".zgroup").toFile()).get("zarr_format").asInt());
        checkConsolidated(store);

        JsonNode rootAttrs = JSON.readTree(store.resolve(".zattrs").toFile());
        assertEquals("astronest", rootAttrs.get("inference_library").asText());
        assertEquals("2026-12-05T10:00:00.123456Z", rootAttrs.get("created_at").asText());
        JsonNode postAttrs = JSON.readTree(store.resolve("posterior/.zattrs").toFile());
        assertEquals("astronest", postAttrs.get("inference_library").asText());
        assertEquals("ensemble", postAttrs.get("astronest_sampler").asText());
        assertEquals(10, postAttrs.get("astronest_burn_in_steps").asInt());
        assertEquals(4, postAttrs.get("astronest_thin_steps").asInt());

        long[] chain = readLongs(store, "posterior/chain", new long[] {WALKERS}, List.of("chain"));
        assertArrayEquals(new long[] {0, 1, 2}, chain);
        long[] draw = readLongs(store, "posterior/draw", new long[] {STEPS}, List.of("draw"));
        for (int j = 0; j < STEPS; j++) {
            assertEquals(j, draw[j]);
        }
        WeightedSamples s = run.samples();
        double[] mu = readDoubles(store, "posterior/mu", new long[] {WALKERS, STEPS}, List.of("chain", "draw"));
        double[] d = readDoubles(store, "posterior/d", new long[] {WALKERS, STEPS}, List.of("chain", "draw"));
        double[] b = readDoubles(store, "posterior/b", new long[] {WALKERS, STEPS, 2},
                List.of("chain", "draw", "b_dim_0"));
        assertArrayEquals(new long[] {0, 1}, readLongs(store, "posterior/b_dim_0", new long[] {2},
                List.of("b_dim_0")));
        double[] lp = readDoubles(store, "sample_stats/lp", new long[] {WALKERS, STEPS}, List.of("chain", "draw"));
        for (int w = 0; w < WALKERS; w++) {
            for (int j = 0; j < STEPS; j++) {
                int row = j * WALKERS + w;
                int t = w * STEPS + j;
                assertEquals(s.row(row)[0], mu[t]);
                assertEquals(s.row(row)[3], d[t]);
                for (int k = 0; k < 2; k++) {
                    assertEquals(s.column("b[" + (k + 1) + "]")[row], b[t * 2 + k]);
                }
                // no prior densities recorded: lp is ln L, -inf kept
                assertEquals(s.logLikelihoods()[row], lp[t]);
            }
        }
        assertEquals(Double.NEGATIVE_INFINITY, lp[2 * STEPS + 1]); // row 5 = step 1 of walker 2
        JsonNode bAttrs = JSON.readTree(store.resolve("posterior/b/.zattrs").toFile());
        assertEquals(List.of("b[1]", "b[2]"), strings(bAttrs.get("astronest_columns")));

        JsonNode statsAttrs = JSON.readTree(store.resolve("sample_stats/.zattrs").toFile());
        assertTrue(statsAttrs.get("lp").asText().startsWith("ln likelihood of the draw only"));
        assertEquals(0.4, statsAttrs.get("acceptance_fraction").asDouble());
        assertFalse(Files.exists(store.resolve("sample_stats/log_weight")), "log_weight only for resampled runs");
        assertFalse(Files.exists(store.resolve("sample_stats/acceptance_rate")), "no per-draw acceptance recorded");
        assertEquals(Set.of(".zgroup", ".zattrs", ".zmetadata", "chain", "draw", "lp"), list(store.resolve(
                "sample_stats")));

        // idata.json: arviz.from_dict's layout, the same numbers
        JsonNode j = JSON.readTree(dir.resolve("idata.json").toFile());
        for (int w = 0; w < WALKERS; w++) {
            for (int k = 0; k < STEPS; k++) {
                int t = w * STEPS + k;
                assertEquals(mu[t], j.get("posterior").get("mu").get(w).get(k).asDouble());
                assertEquals(b[t * 2 + 1], j.get("posterior").get("b").get(w).get(k).get(1).asDouble());
                JsonNode lpj = j.get("sample_stats").get("lp").get(w).get(k);
                if (Double.isFinite(lp[t])) {
                    assertEquals(lp[t], lpj.asDouble());
                } else {
                    assertTrue(lpj.isNull(), "non-finite values are null in JSON");
                }
            }
        }
        assertEquals(WALKERS, j.get("posterior").get("mu").size());
        assertEquals(STEPS, j.get("posterior").get("mu").get(0).size());
        assertEquals(List.of("b_dim_0"), strings(j.get("dims").get("b")));
        assertEquals(1, j.get("dims").size());
        assertEquals(0, j.get("coords").get("b_dim_0").get(0).asInt());
        assertEquals(1, j.get("coords").get("b_dim_0").get(1).asInt());
        assertEquals("astronest", j.get("attrs").get("inference_library").asText());
        assertEquals("ensemble", j.get("posterior_attrs").get("astronest_sampler").asText());
        assertEquals(0.4, j.get("sample_stats_attrs").get("acceptance_fraction").asDouble());
    }

    @Test
    void nestedDrawsAreTheWeightsResampleWithTheirSourceWeights(@TempDir Path dir) throws IOException {
        RunResult run = nested();
        WeightedSamples s = run.samples();
        new ArvizFormat(CLOCK).write(run, "ignored", dir);
        Path store = dir.resolve("idata.zarr");
        checkConsolidated(store);
        int m = (int) Math.round(s.effectiveSampleSize());
        assertTrue(m > 100 && m < s.size(), "ESS " + m);
        List<String> dims = List.of("chain", "draw");
        assertArrayEquals(new long[] {0}, readLongs(store, "posterior/chain", new long[] {1}, List.of("chain")));
        double[] mu = readDoubles(store, "posterior/mu", new long[] {1, m}, dims);
        // the slash in a name would make a zarr key of two segments; the derived column named like a dimension
        // would clash with the coordinate
        double[] sigma = readDoubles(store, "posterior/log_sigma", new long[] {1, m}, dims);
        double[] chainCol = readDoubles(store, "posterior/chain_2", new long[] {1, m}, dims);
        assertEquals("log/sigma", JSON.readTree(store.resolve("posterior/log_sigma/.zattrs").toFile())
                .get("astronest_column").asText());
        JsonNode muAttrs = JSON.readTree(store.resolve("posterior/mu/.zattrs").toFile());
        assertEquals("\\mu", muAttrs.get("long_name").asText());
        assertEquals("km/s", muAttrs.get("units").asText());
        double[] lp = readDoubles(store, "sample_stats/lp", new long[] {1, m}, dims);
        double[] logWeight = readDoubles(store, "sample_stats/log_weight", new long[] {1, m}, dims);

        // the draws are the equal-weight resample of the run's seed and stream, in its order
        WeightedSamples eq = s.resample(Rngs.stream(SEED, 0xA7B12L), m);
        for (int t = 0; t < m; t++) {
            assertArrayEquals(eq.row(t), new double[] {mu[t], sigma[t], chainCol[t]});
            assertEquals(eq.logLikelihoods()[t] + eq.logPriors()[t], lp[t]);
        }
        // every draw's log_weight is the weight of a weighted sample with exactly those values
        Map<List<Double>, Set<Double>> weightOf = new HashMap<>();
        double[] lw = s.logWeights();
        for (int i = 0; i < s.size(); i++) {
            double[] r = s.row(i);
            weightOf.computeIfAbsent(List.of(r[0], r[1], r[2]), k -> new HashSet<>()).add(lw[i]);
        }
        for (int t = 0; t < m; t++) {
            Set<Double> w = weightOf.get(List.of(mu[t], sigma[t], chainCol[t]));
            assertTrue(w != null && w.contains(logWeight[t]), "draw " + t + " has its source's log weight");
        }
        // each resampled mean is within 4 Monte Carlo errors (weighted sd / sqrt(m)) of the weighted mean
        double[] wts = s.weights();
        double[][] drawn = {mu, sigma, chainCol};
        for (int c = 0; c < 3; c++) {
            double[] col = s.column(c);
            double mean = 0;
            for (int i = 0; i < col.length; i++) {
                mean += wts[i] * col[i];
            }
            double var = 0;
            for (int i = 0; i < col.length; i++) {
                var += wts[i] * (col[i] - mean) * (col[i] - mean);
            }
            double got = 0;
            for (double v : drawn[c]) {
                got += v / m;
            }
            assertEquals(mean, got, 4 * Math.sqrt(var / m), s.names().get(c));
        }
        JsonNode statsAttrs = JSON.readTree(store.resolve("sample_stats/.zattrs").toFile());
        assertTrue(statsAttrs.get("lp").asText().startsWith("ln likelihood + ln prior"));
        assertTrue(statsAttrs.has("log_weight"));
        JsonNode postAttrs = JSON.readTree(store.resolve("posterior/.zattrs").toFile());
        assertEquals(SEED, postAttrs.get("astronest_seed").asLong());
        assertEquals(-2.5, postAttrs.get("astronest_log_evidence").asDouble());
        assertEquals(s.effectiveSampleSize(), postAttrs.get("astronest_kish_ess").asDouble());

        // the same draws again: the export does not depend on when or how often it runs
        Path again = dir.resolve("again");
        Files.createDirectories(again);
        new ArvizFormat(CLOCK).write(run, "x", again);
        assertArrayEquals(Files.readAllBytes(store.resolve("posterior/mu/0.0")),
                Files.readAllBytes(again.resolve("idata.zarr/posterior/mu/0.0")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("idata.json")), Files.readAllBytes(again.resolve(
                "idata.json")));
    }

    @Test
    void indexedNamesBecomeArraysOnlyWhenTheyFillTheirGrid() {
        List<ArvizFormat.Variable> v = ArvizFormat.variables(List.of("x[2,1]", "a", "x[1,1]", "x[1,2]", "x[2,2]",
                "c[1]", "c[3]", "e", "e[1]", "f[0]", "x_dim_0"));
        List<String> names = new ArrayList<>();
        v.forEach(x -> names.add(x.name()));
        assertEquals(List.of("x", "a", "c[1]", "c[3]", "e", "e[1]", "f[0]", "x_dim_0"), names);
        ArvizFormat.Variable x = v.get(0);
        assertArrayEquals(new long[] {2, 2}, x.shape());
        // C order over (i, j): x[1,1], x[1,2], x[2,1], x[2,2]
        assertArrayEquals(new int[] {2, 3, 0, 4}, x.columns());
        // a dimension never takes a variable's name
        assertEquals(List.of("x_dim_0_2", "x_dim_1"), x.dims());
        assertTrue(v.get(1).dims().isEmpty());
        assertEquals("_hidden", ArvizFormat.safeName(".hidden"));
        assertEquals("a_b_c_", ArvizFormat.safeName("a/b\\c\u00e9"));
    }

    @Test
    void rewritingTheStoreDropsVariablesOfTheEarlierRun(@TempDir Path dir) throws IOException {
        new ArvizFormat(CLOCK).write(nested(), "r", dir);
        assertTrue(Files.isDirectory(dir.resolve("idata.zarr/posterior/log_sigma")));
        new ArvizFormat(CLOCK).write(ensemble(), "r", dir);
        assertFalse(Files.exists(dir.resolve("idata.zarr/posterior/log_sigma")));
        assertFalse(Files.exists(dir.resolve("idata.zarr/sample_stats/log_weight")));
        assertEquals(Set.of(".zgroup", ".zattrs", ".zmetadata", "chain", "draw", "mu", "b", "b_dim_0", "d"),
                list(dir.resolve("idata.zarr/posterior")));
        checkConsolidated(dir.resolve("idata.zarr"));
    }

    @Test
    void runsWithoutSamplesAreRefused(@TempDir Path dir) {
        RunResult empty = RunResult.builder("nested", WeightedSamples.of(List.of("a"), new double[0][],
                new double[0], new double[0])).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ArvizFormat(CLOCK).write(empty, "r", dir));
        assertTrue(e.getMessage().contains("arviz"), e.getMessage());
    }

    @Test
    void registered() {
        assertEquals("arviz", OutputFormats.get("arviz").name());
        assertEquals(List.of("getdist", "anesthetic", "arviz"), OutputFormats.names());
    }

    /**
     * xarray (with zarr-python) opens the store as ArviZ does: each group with {@code open_zarr(store, group=...,
     * consolidated=True)}, and the root for the InferenceData attributes; the means it computes equal those of the
     * written draws.
     */
    @Test
    @Tag("python")
    void xarrayReadsTheStore(@TempDir Path dir) throws Exception {
        String python = org.astronest.cli.PythonReaders.require("xarray, zarr", "python3-xarray python3-zarr");
        List<RunResult> runs = List.of(nested(), ensemble());
        List<String> cmd = new ArrayList<>(List.of(python, "-c", String.join("\n",
                "import json, sys, xarray as xr, zarr",
                "res = []",
                "for store in sys.argv[1:]:",
                "    out = {'groups': sorted(k for k, _ in zarr.open_consolidated(store).groups())}",
                "    for g in ('posterior', 'sample_stats'):",
                "        for consolidated in (True, False):",
                "            ds = xr.open_zarr(store, group=g, consolidated=consolidated)",
                "            key = g if consolidated else g + '_walked'",
                "            out[key] = {n: float(ds[n].mean()) for n in ds.data_vars}",
                "            out[key + '_dims'] = {n: list(ds[n].dims) for n in ds.data_vars}",
                "            out[key + '_chain'] = [int(c) for c in ds['chain'].values]",
                "            out[key + '_library'] = ds.attrs['inference_library']",
                "    out['root_library'] = xr.open_zarr(store, consolidated=True).attrs['inference_library']",
                "    if 'observed_data' in out['groups']:",
                "        od = xr.open_zarr(store, group='observed_data', consolidated=True)",
                "        out['observed'] = {'line': [str(x) for x in od['line'].values],",
                "                           'intensity': [float(x) for x in od['intensity'].values],",
                "                           'dims': list(od['intensity'].dims)}",
                "    res.append(out)",
                "print(json.dumps(res))")));
        for (RunResult run : runs) {
            Path d = dir.resolve(run.sampler());
            Files.createDirectories(d);
            new ArvizFormat(CLOCK).write(run, "r", d);
            cmd.add(d.resolve("idata.zarr").toString());
        }
        Process p = new ProcessBuilder(cmd).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), stderr);
        JsonNode results = JSON.readTree(stdout);
        assertEquals(runs.size(), results.size());
        for (int r = 0; r < runs.size(); r++) {
            RunResult run = runs.get(r);
            Path store = dir.resolve(run.sampler()).resolve("idata.zarr");
            JsonNode got = results.get(r);
            if (run.observed().isPresent()) {
                // observed_data: the line names as a string coordinate, the values over that dimension only
                assertEquals(List.of("observed_data", "posterior", "sample_stats"), strings(got.get("groups")));
                assertEquals(List.of("CO(3-2)", "HCO+(4-3)", "CS(7-6)"), strings(got.get("observed").get("line")));
                assertEquals(List.of("line"), strings(got.get("observed").get("dims")));
                double[] in = run.observed().get().variables().get("intensity");
                for (int i = 0; i < in.length; i++) {
                    assertEquals(in[i], got.get("observed").get("intensity").get(i).asDouble(), 0.0);
                }
            } else {
                assertEquals(List.of("posterior", "sample_stats"), strings(got.get("groups")));
            }
            assertEquals("astronest", got.get("root_library").asText());
            for (String g : List.of("posterior", "sample_stats")) {
                Map<String, double[]> written = new HashMap<>();
                Map<String, List<String>> writtenDims = new HashMap<>();
                JsonNode meta = JSON.readTree(store.resolve(".zmetadata").toFile()).get("metadata");
                for (Iterator<String> it = meta.fieldNames(); it.hasNext(); ) {
                    String k = it.next();
                    if (k.startsWith(g + "/") && k.endsWith("/.zarray")) {
                        String var = k.substring(g.length() + 1, k.length() - "/.zarray".length());
                        List<String> dims = strings(meta.get(g + "/" + var + "/.zattrs").get("_ARRAY_DIMENSIONS"));
                        if (dims.size() >= 2) {
                            written.put(var, readDoubles(store, g + "/" + var));
                            writtenDims.put(var, dims);
                        }
                    }
                }
                for (String key : List.of(g, g + "_walked")) {
                    JsonNode means = got.get(key);
                    assertEquals(written.keySet(), names(means), key);
                    for (Map.Entry<String, double[]> e : written.entrySet()) {
                        double mean = 0;
                        for (double v : e.getValue()) {
                            mean += v;
                        }
                        mean /= e.getValue().length;
                        JsonNode py = means.get(e.getKey());
                        if (Double.isFinite(mean)) {
                            assertEquals(mean, py.asDouble(), 1e-12, key + "/" + e.getKey());
                        } else {
                            assertEquals(mean, py.asDouble(), key + "/" + e.getKey());
                        }
                        assertEquals(writtenDims.get(e.getKey()), strings(got.get(key + "_dims").get(e.getKey())));
                    }
                    int chains = run.sampler().equals("ensemble") ? WALKERS : 1;
                    assertEquals(chains, got.get(key + "_chain").size());
                    assertEquals(chains - 1, got.get(key + "_chain").get(chains - 1).asInt());
                    assertEquals("astronest", got.get(key + "_library").asText());
                }
            }
        }
    }


    // --- a small zarr v2 reader: metadata with Jackson, chunks as raw little-endian bytes ---

    /** Checks the consolidated metadata of the root and of each group against the files it stands for. */
    private static void checkConsolidated(Path store) throws IOException {
        JsonNode root = JSON.readTree(store.resolve(".zmetadata").toFile());
        assertEquals(1, root.get("zarr_consolidated_format").asInt());
        Set<String> keys = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("metadata").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            keys.add(e.getKey());
            assertEquals(JSON.readTree(store.resolve(e.getKey()).toFile()), e.getValue(), e.getKey());
        }
        // every metadata file of the store is in it
        try (var s = Files.walk(store)) {
            s.filter(Files::isRegularFile).forEach(f -> {
                String name = f.getFileName().toString();
                if (List.of(".zgroup", ".zattrs", ".zarray").contains(name)) {
                    assertTrue(keys.contains(store.relativize(f).toString().replace('\\', '/')), f.toString());
                }
            });
        }
        for (String g : List.of("posterior", "sample_stats")) {
            JsonNode sub = JSON.readTree(store.resolve(g).resolve(".zmetadata").toFile()).get("metadata");
            int n = 0;
            for (String k : keys) {
                if (k.startsWith(g + "/")) {
                    assertEquals(root.get("metadata").get(k), sub.get(k.substring(g.length() + 1)), k);
                    n++;
                }
            }
            assertEquals(n, sub.size());
        }
    }

    private static JsonNode checkArray(Path store, String path, String dtype, long[] shape, List<String> dims)
            throws IOException {
        JsonNode a = JSON.readTree(store.resolve(path).resolve(".zarray").toFile());
        assertEquals(2, a.get("zarr_format").asInt());
        assertEquals(dtype, a.get("dtype").asText());
        assertArrayEquals(shape, longs(a.get("shape")), path);
        assertArrayEquals(shape, longs(a.get("chunks")), path);
        assertTrue(a.get("compressor").isNull());
        assertTrue(a.get("filters").isNull());
        assertEquals("C", a.get("order").asText());
        if (dtype.equals("<f8")) {
            assertEquals("NaN", a.get("fill_value").asText());
        } else {
            assertTrue(a.get("fill_value").isNull(), "an integer fill value would mask coordinates in xarray");
        }
        assertEquals(dims, strings(JSON.readTree(store.resolve(path).resolve(".zattrs").toFile())
                .get("_ARRAY_DIMENSIONS")));
        return a;
    }

    private static double[] readDoubles(Path store, String path, long[] shape, List<String> dims) throws IOException {
        checkArray(store, path, "<f8", shape, dims);
        return readDoubles(store, path);
    }

    private static double[] readDoubles(Path store, String path) throws IOException {
        JsonNode a = JSON.readTree(store.resolve(path).resolve(".zarray").toFile());
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(store.resolve(path).resolve(chunkKey(a))))
                .order(ByteOrder.LITTLE_ENDIAN);
        double[] out = new double[(int) count(a)];
        assertEquals(out.length * 8L, b.remaining());
        b.asDoubleBuffer().get(out);
        return out;
    }

    private static long[] readLongs(Path store, String path, long[] shape, List<String> dims) throws IOException {
        JsonNode a = checkArray(store, path, "<i8", shape, dims);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(store.resolve(path).resolve(chunkKey(a))))
                .order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[(int) count(a)];
        assertEquals(out.length * 8L, b.remaining());
        b.asLongBuffer().get(out);
        return out;
    }

    private static String chunkKey(JsonNode zarray) {
        return String.join(".", java.util.Collections.nCopies(zarray.get("shape").size(), "0"));
    }

    private static long count(JsonNode zarray) {
        long n = 1;
        for (long s : longs(zarray.get("shape"))) {
            n *= s;
        }
        return n;
    }

    private static long[] longs(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static Set<String> names(JsonNode o) {
        Set<String> out = new HashSet<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static Set<String> list(Path dir) throws IOException {
        Set<String> out = new HashSet<>();
        try (var s = Files.list(dir)) {
            s.forEach(p -> out.add(p.getFileName().toString()));
        }
        return out;
    }
}
