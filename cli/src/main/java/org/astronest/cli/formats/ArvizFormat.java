package org.astronest.cli.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.astronest.cli.Main;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.inference.Chains;
import org.astronest.inference.ColumnInfo;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.WeightedSamples;

/**
 * ArviZ's InferenceData (the ArviZ "InferenceData schema specification"): {@code idata.zarr/}, a zarr format 2 store
 * ({@link ZarrStore}) that {@code arviz.from_zarr(path)} and {@code xarray.open_zarr(path, group="posterior")} read,
 * and {@code idata.json}, the same numbers in the layout of {@code arviz.from_dict}'s keywords. The file names are
 * fixed (the format's directory holds one run), so {@code root} is not used.
 *
 * <p><b>Draws.</b> Every group has the sample dimensions {@code chain} and {@code draw}, with int64 coordinates 0, 1,
 * ... Ensemble MCMC: one chain per walker, its post-burn-in thinned draws in step order; the samples interleave the
 * walkers step-major, so draw {@code j} of chain {@code w} is sample row {@code j * W + w}
 * ({@link GetDistFormat#walkers}; a run whose samples do not split evenly over its walkers is one chain). Weighted
 * samples (nested sampling) have no chains and ArviZ has no weights: they become one chain of
 * {@code m = round(Kish ESS)} (at least 1) equal-weight draws, the systematic resample of
 * {@link WeightedSamples#resample} on the stream {@code Rngs.stream(seed, 0xA7B12)} (seed 0 when the run has none),
 * so that a run exports the same draws every time. Other equal-weight samples are one chain of their rows in order.
 *
 * <p><b>posterior.</b> One float64 variable per column of the samples, free, fixed and derived alike, with dimensions
 * {@code (chain, draw)}. Columns named like Stan's array elements, {@code b[1], b[2], ...} or {@code x[1,1], x[1,2],
 * ...} (1-based), become one variable {@code b} with further dimensions {@code b_dim_0, b_dim_1, ...} (coordinates
 * 0 .. K-1), in index order, when they cover the whole index grid exactly once and no column is named {@code b}
 * itself; otherwise each stays a variable of its own. A column's label and unit go into the variable's attributes
 * ({@code long_name}, {@code units}). Names are made fit for a zarr key and for ArviZ: a character that is not
 * printable ASCII, {@code /} or {@code \}, and a leading {@code .}, become {@code _}; a name equal to a dimension
 * ({@code chain}, {@code draw}) or to an earlier variable gets a suffix {@code _2, _3, ...}; the original name is kept
 * in the attribute {@code astronest_column}.
 *
 * <p><b>sample_stats.</b> {@code lp}, ArviZ's "joint log posterior density up to a constant": ln L + ln prior per
 * draw when the run recorded every sample's prior density, else ln L alone (runs written before priors were
 * recorded); the group attribute {@code lp} says which. For resampled (nested) runs, {@code log_weight}: the
 * normalised natural-log weight of the sample each draw was drawn from, so that the weights the resample flattened
 * remain available. The ensemble sampler records one acceptance fraction for the whole run, not one per walker or per
 * draw, so there is no {@code acceptance_rate} variable; the fraction is the group attribute
 * {@code acceptance_fraction}. The per-draw ln L alone is not written: ArviZ's {@code log_likelihood} group is
 * pointwise (one value per observation, for LOO and WAIC), which a run does not record, and a total under that name
 * would mislead those functions.
 *
 * <p><b>observed_data.</b> When the run states the data it was fitted to ({@link RunResult#observed()}: a line fit's
 * intensities, sigmas and upper-limit flags along the dimension {@code line}), one float64 variable per quantity over
 * that dimension, whose coordinate holds the names (e.g. {@code CO(3-2)}) as fixed-width unicode; no sample
 * dimensions, as in ArviZ's schema.
 *
 * <p><b>Attributes.</b> The root and every group carry ArviZ's {@code created_at} (UTC, ISO 8601),
 * {@code inference_library} ({@code astronest}) and {@code inference_library_version} (the version of the writing
 * build, left out when unknown); the posterior also the sampler, seed, and how the draws were made, prefixed
 * {@code astronest_}.
 *
 * NUTS runs add each draw's {@code diverging} (bool), {@code tree_depth} and {@code n_steps} (int64), {@code energy},
 * {@code acceptance_rate} and {@code step_size}, the names and types arviz.from_cmdstanpy gives Stan's statistics.
 *
 * <p><b>idata.json</b> is {@code {"posterior": {var: [chain][draw][...]}, "sample_stats": {...}, "coords": {dim:
 * [...]}, "dims": {var: [dim, ...]}, "attrs": {...}, "posterior_attrs": {...}, "sample_stats_attrs": {...}}}: with
 * ArviZ 0.x, {@code arviz.from_dict(**json.load(f))} or {@code arviz.from_json(path)}; with ArviZ 1.x,
 * {@code arviz.from_dict({g: d[g] for g in ("posterior", "sample_stats")}, coords=d["coords"], dims=d["dims"])}.
 * {@code coords} and {@code dims} name only the dimensions beyond chain and draw. JSON has no NaN or infinity: such a
 * value is written as {@code null}. A variable holding one loads in ArviZ as an object array ({@code None} where the
 * value was); {@code .astype(float)} makes those NaN, so an infinite lp becomes NaN there, while the zarr store keeps
 * it.
 */
final class ArvizFormat implements OutputFormat {

    /** The zarr store's directory name. */
    static final String STORE = "idata.zarr";
    /** The from_dict JSON file's name. */
    static final String JSON_FILE = "idata.json";
    /** The stream (under the run's seed) of the equal-weight resample of weighted samples. */
    static final long RESAMPLE_STREAM = 0xA7B12L;

    private static final Pattern INDEXED = Pattern.compile("(.+)\\[([0-9]+(?:,[0-9]+)*)\\]");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Sample statistics ArviZ reads as booleans and integers (arviz.from_cmdstanpy's types). */
    private static final java.util.Set<String> BOOLEAN_STATS = java.util.Set.of("diverging");
    private static final java.util.Set<String> INTEGER_STATS = java.util.Set.of("tree_depth", "n_steps");

    private final Clock clock;

    ArvizFormat() {
        this(Clock.systemUTC());
    }

    /** A writer whose {@code created_at} comes from {@code clock} (tests fix it). */
    ArvizFormat(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "arviz";
    }

    @Override
    public String description() {
        return "ArviZ InferenceData: idata.zarr (zarr v2 store for arviz.from_zarr / xarray.open_zarr), idata.json "
                + "(arviz.from_dict)";
    }

    @Override
    public List<Path> write(RunResult run, String root, Path dir) throws IOException {
        Draws d = draws(run);
        WeightedSamples s = run.samples();
        List<Variable> vars = variables(s.names());
        List<ColumnInfo> cols = run.columns();
        int n = d.chains() * d.draws();

        double[][] columns = new double[s.dimension()][];
        for (int j = 0; j < columns.length; j++) {
            columns[j] = s.column(j);
        }
        Map<Variable, double[]> posterior = new LinkedHashMap<>();
        for (Variable v : vars) {
            int k = v.columns().length;
            double[] a = new double[n * k];
            for (int t = 0; t < n; t++) {
                int row = d.source()[t];
                for (int e = 0; e < k; e++) {
                    a[t * k + e] = columns[v.columns()[e]][row];
                }
            }
            posterior.put(v, a);
        }

        double[] ll = s.logLikelihoods();
        double[] prior = s.logPriors();
        double[] lw = s.logWeights();
        boolean withPrior = s.hasLogPriors();
        double[] lp = new double[n];
        double[] logWeight = new double[n];
        for (int t = 0; t < n; t++) {
            int row = d.source()[t];
            lp[t] = withPrior ? ll[row] + prior[row] : ll[row];
            logWeight[t] = lw[row];
        }
        Variable lpVar = new Variable("lp", new int[0], new long[0], List.of(), List.of());
        Variable lwVar = new Variable("log_weight", new int[0], new long[0], List.of(), List.of());
        Map<Variable, double[]> stats = new LinkedHashMap<>();
        stats.put(lpVar, lp);
        if (d.resampled()) {
            stats.put(lwVar, logWeight);
        }
        // per-draw sampler statistics (NUTS: diverging, tree_depth, n_steps, energy, acceptance_rate, step_size),
        // when the chains hold every kept draw as the samples do
        if (!d.resampled() && run.chains().isPresent()) {
            Map<String, double[][]> st = run.chains().get().statistics();
            for (Map.Entry<String, double[][]> e : st.entrySet()) {
                double[][] v = e.getValue();
                if (v.length != d.chains() || v[0].length != d.draws()) {
                    continue;
                }
                double[] a = new double[n];
                for (int c = 0; c < d.chains(); c++) {
                    System.arraycopy(v[c], 0, a, c * d.draws(), d.draws());
                }
                stats.put(new Variable(e.getKey(), new int[0], new long[0], List.of(), List.of()), a);
            }
        }

        ObjectNode library = libraryAttrs();
        ObjectNode posteriorAttrs = library.deepCopy();
        posteriorAttrs.setAll(runAttrs(run, d));
        ObjectNode statsAttrs = library.deepCopy();
        statsAttrs.put("lp", withPrior
                ? "ln likelihood + ln prior density of the draw (unnormalised log posterior)"
                : "ln likelihood of the draw only: this run did not record its samples' prior densities");
        if (d.resampled()) {
            statsAttrs.put("log_weight", "normalised natural-log weight of the weighted sample each draw was "
                    + "resampled from (the weights sum to 1 over the " + s.size() + " weighted samples)");
        }
        Object acc = run.diagnostics().get("acceptanceFraction");
        if (acc instanceof Number a) {
            putNumber(statsAttrs, "acceptance_fraction", a.doubleValue());
            statsAttrs.put("acceptance_fraction_note", "fraction of accepted proposals over all walkers and steps; "
                    + "the run records no acceptance per walker or per draw, so there is no acceptance_rate variable");
        }

        ZarrStore z = new ZarrStore(dir.resolve(STORE), library.deepCopy());
        writeGroup(z, "posterior", posteriorAttrs, d, posterior, cols);
        writeGroup(z, "sample_stats", statsAttrs, d, stats, cols);
        org.astronest.inference.ObservedData obs = run.observed().orElse(null);
        String obsDim = obs == null ? null : unique(safeName(obs.dimension()), new HashSet<>(List.of("chain", "draw")));
        if (obs != null) {
            z.group("observed_data", library.deepCopy());
            z.array("observed_data/" + obsDim, obs.coordinates().toArray(String[]::new), List.of(obsDim), null);
            for (Map.Entry<String, double[]> e : obs.variables().entrySet()) {
                z.array("observed_data/" + safeName(e.getKey()), new long[] {e.getValue().length}, e.getValue(),
                        List.of(obsDim), null);
            }
        }
        List<Path> out = new ArrayList<>(z.finish());

        Path json = dir.resolve(JSON_FILE);
        AtomicFiles.write(json, w -> {
            try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                writeJsonGroup(g, "posterior", d, posterior);
                writeJsonGroup(g, "sample_stats", d, stats);
                if (obs != null) {
                    g.writeObjectFieldStart("observed_data");
                    for (Map.Entry<String, double[]> e : obs.variables().entrySet()) {
                        g.writeArrayFieldStart(safeName(e.getKey()));
                        for (double v : e.getValue()) {
                            if (Double.isFinite(v)) {
                                g.writeNumber(v);
                            } else {
                                g.writeNull();
                            }
                        }
                        g.writeEndArray();
                    }
                    g.writeEndObject();
                }
                g.writeObjectFieldStart("coords");
                if (obs != null) {
                    g.writeArrayFieldStart(obsDim);
                    for (String c : obs.coordinates()) {
                        g.writeString(c);
                    }
                    g.writeEndArray();
                }
                for (Variable v : vars) {
                    for (int i = 0; i < v.dims().size(); i++) {
                        g.writeArrayFieldStart(v.dims().get(i));
                        for (long c = 0; c < v.shape()[i]; c++) {
                            g.writeNumber(c);
                        }
                        g.writeEndArray();
                    }
                }
                g.writeEndObject();
                g.writeObjectFieldStart("dims");
                if (obs != null) {
                    for (String k : obs.variables().keySet()) {
                        g.writeArrayFieldStart(safeName(k));
                        g.writeString(obsDim);
                        g.writeEndArray();
                    }
                }
                for (Variable v : vars) {
                    if (!v.dims().isEmpty()) {
                        g.writeArrayFieldStart(v.name());
                        for (String dim : v.dims()) {
                            g.writeString(dim);
                        }
                        g.writeEndArray();
                    }
                }
                g.writeEndObject();
                g.writeFieldName("attrs");
                MAPPER.writeTree(g, library);
                g.writeFieldName("posterior_attrs");
                MAPPER.writeTree(g, posteriorAttrs);
                g.writeFieldName("sample_stats_attrs");
                MAPPER.writeTree(g, statsAttrs);
                g.writeEndObject();
            }
        });
        out.add(json);
        return out;
    }

    /** How the samples become chains and draws: draw t = chain * draws + draw is sample row {@code source[t]}. */
    record Draws(int chains, int draws, int[] source, boolean resampled) {
    }

    /** The chains and draws of a run (class comment, "Draws"). */
    static Draws draws(RunResult run) {
        WeightedSamples s = run.samples();
        if (s.size() == 0) {
            throw new IllegalArgumentException("format arviz needs at least one sample; this run has none");
        }
        if (!s.isEqualWeighted()) {
            int m = Math.max(1, (int) Math.round(s.effectiveSampleSize()));
            int[] idx = s.resampleIndices(Rngs.stream(run.seed().orElse(0L), RESAMPLE_STREAM), m);
            return new Draws(1, m, idx, true);
        }
        int w = GetDistFormat.walkers(run);
        int draws = s.size() / w;
        int[] src = new int[s.size()];
        for (int c = 0; c < w; c++) {
            for (int j = 0; j < draws; j++) {
                src[c * draws + j] = j * w + c;
            }
        }
        return new Draws(w, draws, src, false);
    }

    /**
     * A variable of a group: its name, the columns of the samples it holds in C order over its own dimensions, their
     * sizes and names (empty for a scalar), and the original column names.
     */
    record Variable(String name, int[] columns, long[] shape, List<String> dims, List<String> sourceNames) {
    }

    /** The posterior variables for these column names (class comment, "posterior"). */
    static List<Variable> variables(List<String> names) {
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        int[][] index = new int[names.size()][];
        for (int j = 0; j < names.size(); j++) {
            Matcher m = INDEXED.matcher(names.get(j));
            if (m.matches()) {
                int[] idx = parseIndex(m.group(2));
                if (idx != null) {
                    index[j] = idx;
                    members.computeIfAbsent(m.group(1), b -> new ArrayList<>()).add(j);
                }
            }
        }
        Set<String> plain = new HashSet<>(names);
        // base name -> {first column, shape, columns in C order} for the groups that form an array
        Map<Integer, String> firstOf = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, int[]> order = new LinkedHashMap<>();
        Set<Integer> inArray = new HashSet<>();
        for (Map.Entry<String, List<Integer>> e : members.entrySet()) {
            int[] cols = arrayColumns(e.getValue(), index, plain.contains(e.getKey()));
            if (cols == null) {
                continue;
            }
            int rank = index[e.getValue().get(0)].length;
            long[] shape = new long[rank];
            for (int j : e.getValue()) {
                for (int r = 0; r < rank; r++) {
                    shape[r] = Math.max(shape[r], index[j][r]);
                }
            }
            firstOf.put(e.getValue().get(0), e.getKey());
            shapes.put(e.getKey(), shape);
            order.put(e.getKey(), cols);
            inArray.addAll(e.getValue());
        }
        Set<String> used = new HashSet<>(List.of("chain", "draw"));
        List<Variable> protos = new ArrayList<>();
        for (int j = 0; j < names.size(); j++) {
            String base = firstOf.get(j);
            if (base != null) {
                int[] cols = order.get(base);
                List<String> src = new ArrayList<>();
                for (int c : cols) {
                    src.add(names.get(c));
                }
                protos.add(new Variable(unique(safeName(base), used), cols, shapes.get(base), List.of(), src));
            } else if (!inArray.contains(j)) {
                protos.add(new Variable(unique(safeName(names.get(j)), used), new int[] {j}, new long[0], List.of(),
                        List.of(names.get(j))));
            }
        }
        // dimension names after every variable name, so that a dimension never takes a variable's name
        List<Variable> out = new ArrayList<>();
        for (Variable v : protos) {
            List<String> dims = new ArrayList<>();
            for (int r = 0; r < v.shape().length; r++) {
                dims.add(unique(v.name() + "_dim_" + r, used));
            }
            out.add(new Variable(v.name(), v.columns(), v.shape(), List.copyOf(dims), List.copyOf(v.sourceNames())));
        }
        return out;
    }

    /** 1-based indices "1,2" as ints, or null when one does not fit an int or is 0. */
    private static int[] parseIndex(String s) {
        String[] parts = s.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (out[i] < 1) {
                return null;
            }
        }
        return out;
    }

    /**
     * The columns of an indexed group in C order over its index grid, or null when they do not form an array: mixed
     * ranks, a column named like the base, or an index grid not covered exactly once.
     */
    private static int[] arrayColumns(List<Integer> cols, int[][] index, boolean baseIsAColumn) {
        if (baseIsAColumn) {
            return null;
        }
        int rank = index[cols.get(0)].length;
        long[] shape = new long[rank];
        for (int j : cols) {
            if (index[j].length != rank) {
                return null;
            }
            for (int r = 0; r < rank; r++) {
                shape[r] = Math.max(shape[r], index[j][r]);
            }
        }
        long size = 1;
        for (long s : shape) {
            size *= s;
            if (size > cols.size()) {
                return null;
            }
        }
        if (size != cols.size()) {
            return null;
        }
        int[] out = new int[(int) size];
        java.util.Arrays.fill(out, -1);
        for (int j : cols) {
            int pos = 0;
            for (int r = 0; r < rank; r++) {
                pos = pos * (int) shape[r] + index[j][r] - 1;
            }
            if (out[pos] >= 0) {
                return null;
            }
            out[pos] = j;
        }
        return out;
    }

    /** A name fit for a zarr key: printable ASCII without slashes, not starting with a dot. */
    static String safeName(String name) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 0x20 && c <= 0x7E && c != '/' && c != '\\' && !(i == 0 && c == '.');
            b.append(ok ? c : '_');
        }
        return b.length() == 0 ? "_" : b.toString();
    }

    private static String unique(String name, Set<String> used) {
        String u = name;
        for (int k = 2; used.contains(u); k++) {
            u = name + "_" + k;
        }
        used.add(u);
        return u;
    }

    private ObjectNode libraryAttrs() {
        ObjectNode a = MAPPER.createObjectNode();
        a.put("created_at", OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).truncatedTo(ChronoUnit.MICROS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        a.put("inference_library", "astronest");
        String v = Main.Version.version();
        if (v != null && !v.isBlank() && !"unknown".equals(v)) {
            a.put("inference_library_version", v);
        }
        return a;
    }

    private static ObjectNode runAttrs(RunResult run, Draws d) {
        ObjectNode a = MAPPER.createObjectNode();
        a.put("astronest_sampler", run.sampler());
        run.seed().ifPresent(seed -> a.put("astronest_seed", seed));
        WeightedSamples s = run.samples();
        if (d.resampled()) {
            a.put("astronest_draws", "systematic equal-weight resample of the " + s.size() + " weighted samples to "
                    + "round(Kish ESS) draws, stream (seed, 0xA7B12); sample_stats.log_weight is each draw's weight");
            putNumber(a, "astronest_kish_ess", s.effectiveSampleSize());
        } else if (d.chains() > 1) {
            Chains c = run.chains().orElseThrow();
            a.put("astronest_draws", "one chain per walker: its draws after burn-in, thinned");
            a.put("astronest_burn_in_steps", (long) c.burnIn() * c.stride());
            a.put("astronest_thin_steps", (long) c.thin() * c.stride());
        } else {
            a.put("astronest_draws", "the run's equal-weight samples in order");
        }
        run.evidence().ifPresent(e -> {
            putNumber(a, "astronest_log_evidence", e.logZ());
            putNumber(a, "astronest_log_evidence_error", e.logZErr());
        });
        return a;
    }

    /** A number attribute; null for NaN and infinities, which JSON cannot hold. */
    private static void putNumber(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private static void writeGroup(ZarrStore z, String group, ObjectNode attrs, Draws d, Map<Variable, double[]> vars,
                                   List<ColumnInfo> cols) throws IOException {
        z.group(group, attrs);
        long[] chain = new long[d.chains()];
        for (int c = 0; c < chain.length; c++) {
            chain[c] = c;
        }
        long[] draw = new long[d.draws()];
        for (int j = 0; j < draw.length; j++) {
            draw[j] = j;
        }
        z.array(group + "/chain", new long[] {d.chains()}, chain, List.of("chain"), null);
        z.array(group + "/draw", new long[] {d.draws()}, draw, List.of("draw"), null);
        for (Map.Entry<Variable, double[]> e : vars.entrySet()) {
            Variable v = e.getKey();
            for (int r = 0; r < v.dims().size(); r++) {
                long[] coord = new long[(int) v.shape()[r]];
                for (int i = 0; i < coord.length; i++) {
                    coord[i] = i;
                }
                z.array(group + "/" + v.dims().get(r), new long[] {coord.length}, coord, List.of(v.dims().get(r)),
                        null);
            }
            long[] shape = new long[2 + v.shape().length];
            shape[0] = d.chains();
            shape[1] = d.draws();
            System.arraycopy(v.shape(), 0, shape, 2, v.shape().length);
            List<String> dims = new ArrayList<>(List.of("chain", "draw"));
            dims.addAll(v.dims());
            if (BOOLEAN_STATS.contains(v.name())) {
                double[] x = e.getValue();
                boolean[] b = new boolean[x.length];
                for (int i = 0; i < x.length; i++) {
                    b[i] = x[i] != 0;
                }
                z.array(group + "/" + v.name(), shape, b, dims, variableAttrs(v, cols));
            } else if (INTEGER_STATS.contains(v.name())) {
                double[] x = e.getValue();
                long[] l = new long[x.length];
                for (int i = 0; i < x.length; i++) {
                    l[i] = (long) x[i];
                }
                z.array(group + "/" + v.name(), shape, l, dims, variableAttrs(v, cols));
            } else {
                z.array(group + "/" + v.name(), shape, e.getValue(), dims, variableAttrs(v, cols));
            }
        }
    }

    private static ObjectNode variableAttrs(Variable v, List<ColumnInfo> cols) {
        ObjectNode a = MAPPER.createObjectNode();
        if (v.sourceNames().isEmpty()) {
            return a;
        }
        if (v.dims().isEmpty()) {
            ColumnInfo c = cols.get(v.columns()[0]);
            if (!c.label().equals(c.name())) {
                a.put("long_name", c.label());
            }
            if (!c.unit().isEmpty()) {
                a.put("units", c.unit());
            }
            a.put("astronest_role", c.role());
            if (!v.name().equals(c.name())) {
                a.put("astronest_column", c.name());
            }
        } else {
            ArrayNode names = a.putArray("astronest_columns");
            v.sourceNames().forEach(names::add);
            Set<String> units = new HashSet<>();
            for (int j : v.columns()) {
                units.add(cols.get(j).unit());
            }
            if (units.size() == 1 && !units.iterator().next().isEmpty()) {
                a.put("units", units.iterator().next());
            }
        }
        return a;
    }

    private static void writeJsonGroup(JsonGenerator g, String group, Draws d, Map<Variable, double[]> vars)
            throws IOException {
        g.writeObjectFieldStart(group);
        for (Map.Entry<Variable, double[]> e : vars.entrySet()) {
            Variable v = e.getKey();
            long[] shape = new long[2 + v.shape().length];
            shape[0] = d.chains();
            shape[1] = d.draws();
            System.arraycopy(v.shape(), 0, shape, 2, v.shape().length);
            g.writeFieldName(v.name());
            nested(g, e.getValue(), shape, 0, 0, BOOLEAN_STATS.contains(v.name()),
                    INTEGER_STATS.contains(v.name()));
        }
        g.writeEndObject();
    }

    /** Writes {@code data[offset ...]} (C order) over {@code shape[dim ...]} as nested JSON lists. */
    private static long nested(JsonGenerator g, double[] data, long[] shape, int dim, long offset, boolean bool,
                               boolean integer) throws IOException {
        g.writeStartArray();
        long o = offset;
        for (long i = 0; i < shape[dim]; i++) {
            if (dim == shape.length - 1) {
                double x = data[(int) o++];
                if (bool) {
                    g.writeBoolean(x != 0);
                } else if (integer) {
                    g.writeNumber((long) x);
                } else if (Double.isFinite(x)) {
                    g.writeNumber(x);
                } else {
                    g.writeNull();
                }
            } else {
                o = nested(g, data, shape, dim + 1, o, bool, integer);
            }
        }
        g.writeEndArray();
        return o;
    }
}
