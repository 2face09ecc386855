package org.astronest.cli.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.astronest.inference.Chains;
import org.astronest.inference.ColumnInfo;
import org.astronest.inference.Evidence;
import org.astronest.inference.NestedRun;
import org.astronest.inference.ObservedData;
import org.astronest.inference.ParameterSummary;
import org.astronest.inference.Provenance;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.Summary;
import org.astronest.inference.WeightedSamples;

/**
 * Writes and reads a run directory (schema in docs/run-directory.md):
 * {@code result.json}, {@code summary.csv}, {@code samples.csv} (equal weight), {@code weighted_samples.csv},
 * {@code provenance.json}, {@code config.resolved.yaml} when the run came from a config, {@code chains.csv} for
 * MCMC and {@code nested_run.csv} for nested sampling. Numbers are written in Java's shortest round-trip form, so a
 * directory read back gives the same doubles.
 */
public final class RunDirectory {

    public static final String RESULT = "result.json";
    public static final String SUMMARY = "summary.csv";
    public static final String SAMPLES = "samples.csv";
    public static final String WEIGHTED_SAMPLES = "weighted_samples.csv";
    public static final String PROVENANCE = "provenance.json";
    public static final String CONFIG = "config.resolved.yaml";
    public static final String CHAINS = "chains.csv";
    /** Per-draw sampler statistics of MCMC chains that record them (NUTS): chain, draw, then one column each. */
    public static final String SAMPLER_STATS = "sampler_stats.csv";
    public static final String NESTED_RUN = "nested_run.csv";
    /** Written last: the files of the run with their sizes, SHA-256 and line counts (docs/run-directory.md). */
    public static final String MANIFEST = "manifest.json";

    /** Optional last column of weighted_samples.csv and nested_run.csv: the log prior density of the row. */
    public static final String LOG_PRIOR = "log_prior";

    /** Version of the result.json layout; bumped on incompatible change. */
    public static final int SCHEMA_VERSION = 2;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunDirectory() {
    }

    /** Shared JSON mapper (pretty printing). */
    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * Writes a result into {@code dir} (created if needed). {@code resolvedConfig} is the YAML text of the resolved
     * config, or null. The equal-weight samples are drawn with a generator derived from the run's seed (or 0).
     */
    public static void write(Path dir, RunResult result, String resolvedConfig) {
        write(dir, result, resolvedConfig, json -> { });
    }

    /**
     * As {@link #write(Path, RunResult, String)}, with {@code decorate} adding a command's own keys to result.json
     * before it is written. Every file is written atomically ({@link AtomicFiles}) and {@value #MANIFEST} last: its
     * presence marks a complete run, and readers check every file against it.
     */
    public static void write(Path dir, RunResult result, String resolvedConfig,
                             java.util.function.Consumer<ObjectNode> decorate) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(MANIFEST));
            long seed = result.seed().orElse(0L);
            WeightedSamples s = result.samples();
            List<AtomicFiles.Written> files = new ArrayList<>();
            ObjectNode json = resultJson(result);
            decorate.accept(json);
            files.add(AtomicFiles.write(dir.resolve(RESULT), w -> JSON.writeValue(w, json)));
            files.add(AtomicFiles.write(dir.resolve(SUMMARY), w -> writeSummary(w, result.summary())));
            WeightedSamples eq = s.equalWeighted(Rngs.stream(seed, 0x5A4D504CL));
            files.add(AtomicFiles.write(dir.resolve(SAMPLES), w -> writeRows(w, eq, false)));
            files.add(AtomicFiles.write(dir.resolve(WEIGHTED_SAMPLES), w -> writeRows(w, s, true)));
            if (result.provenance() != null) {
                files.add(AtomicFiles.write(dir.resolve(PROVENANCE),
                        w -> JSON.writeValue(w, provenanceJson(result.provenance()))));
            }
            if (resolvedConfig != null) {
                files.add(AtomicFiles.write(dir.resolve(CONFIG), w -> w.write(resolvedConfig)));
            }
            if (result.chains().isPresent()) {
                files.add(AtomicFiles.write(dir.resolve(CHAINS), w -> writeChains(w, result.chains().get())));
                if (!result.chains().get().statistics().isEmpty()) {
                    files.add(AtomicFiles.write(dir.resolve(SAMPLER_STATS),
                            w -> writeStats(w, result.chains().get().statistics())));
                }
            }
            if (result.nestedRun().isPresent()) {
                files.add(AtomicFiles.write(dir.resolve(NESTED_RUN), w -> writeNestedRun(w, result.nestedRun().get())));
            }
            ObjectNode m = JSON.createObjectNode();
            m.put("manifestVersion", 1);
            m.put("runId", java.util.UUID.randomUUID().toString());
            m.put("samples", s.size());
            ArrayNode fs = m.putArray("files");
            for (AtomicFiles.Written f : files) {
                ObjectNode o = fs.addObject();
                o.put("name", f.name());
                o.put("bytes", f.bytes());
                o.put("sha256", f.sha256());
                o.put("lines", f.lines());
            }
            AtomicFiles.write(dir.resolve(MANIFEST), w -> JSON.writeValue(w, m));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The result.json tree. */
    public static ObjectNode resultJson(RunResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("schemaVersion", SCHEMA_VERSION);
        o.put("sampler", r.sampler());
        if (r.seed().isPresent()) {
            o.put("seed", r.seed().get());
        } else {
            o.putNull("seed");
        }
        Evidence e = r.evidence().orElse(null);
        num(o, "logZ", e == null ? Double.NaN : e.logZ());
        num(o, "logZErr", e == null ? Double.NaN : e.logZErr());
        num(o, "information", e == null ? Double.NaN : e.information());
        o.put("likelihoodCalls", r.likelihoodCalls());
        num(o, "wallSeconds", r.wallSeconds());
        num(o, "effectiveSampleSize", r.effectiveSampleSize());
        o.put("samples", r.samples().size());
        ArrayNode cols = o.putArray("columns");
        r.samples().names().forEach(cols::add);
        ArrayNode ps = o.putArray("parameters");
        Map<String, ColumnInfo> info = new java.util.HashMap<>();
        r.columns().forEach(c -> info.put(c.name(), c));
        for (ParameterSummary p : r.summary().all()) {
            ObjectNode n = ps.addObject();
            n.put("name", p.name());
            ColumnInfo c = info.getOrDefault(p.name(), ColumnInfo.bare(p.name()));
            n.put("label", c.label());
            n.put("unit", c.unit());
            n.put("logScale", c.logScale());
            n.put("role", c.role());
            bound(n, "lower", c.lower());
            bound(n, "upper", c.upper());
            num(n, "truth", c.truth());
            num(n, "mean", p.mean());
            num(n, "sd", p.sd());
            num(n, "q05", p.q05());
            num(n, "q16", p.q16());
            num(n, "q50", p.q50());
            num(n, "q84", p.q84());
            num(n, "q95", p.q95());
            if (p.hasDiagnostics()) {
                num(n, "rhat", p.rhat());
                num(n, "essBulk", p.essBulk());
                num(n, "essTail", p.essTail());
            }
        }
        o.set("diagnostics", JSON.valueToTree(sanitize(r.diagnostics())));
        r.observed().ifPresent(od -> {
            ObjectNode d = o.putObject("observedData");
            d.put("dimension", od.dimension());
            ArrayNode cs = d.putArray("coordinates");
            od.coordinates().forEach(cs::add);
            ObjectNode vs = d.putObject("variables");
            od.variables().forEach((k, a) -> {
                ArrayNode arr = vs.putArray(k);
                for (double v : a) {
                    if (Double.isFinite(v)) {
                        arr.add(v);
                    } else {
                        arr.addNull();
                    }
                }
            });
        });
        return o;
    }

    private static Object sanitize(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : null;
        }
        if (v instanceof double[] a) {
            List<Object> l = new ArrayList<>();
            for (double d : a) {
                l.add(Double.isFinite(d) ? d : null);
            }
            return l;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, sanitize(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(sanitize(x)));
            return out;
        }
        return v;
    }

    private static ObjectNode provenanceJson(Provenance p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("astronestVersion", p.astronestVersion());
        o.put("gitCommit", p.gitCommit());
        o.put("javaVersion", p.javaVersion());
        if (p.seed() == null) {
            o.putNull("seed");
        } else {
            o.put("seed", p.seed());
        }
        o.put("sampler", p.sampler());
        o.set("options", JSON.valueToTree(sanitize(p.options())));
        o.put("configSha256", p.configSha256());
        o.put("startTime", p.startTime());
        num(o, "wallSeconds", p.wallSeconds());
        return o;
    }

    /** A prior bound: a number, or "-inf" / "inf" for an unbounded side (JSON has no infinity), null when none. */
    private static void bound(ObjectNode o, String key, double v) {
        if (Double.isInfinite(v)) {
            o.put(key, v > 0 ? "inf" : "-inf");
        } else {
            num(o, key, v);
        }
    }

    private static double bound(JsonNode o, String key) {
        JsonNode v = o.path(key);
        if (v.isTextual()) {
            return switch (v.asText()) {
                case "inf" -> Double.POSITIVE_INFINITY;
                case "-inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.NaN;
            };
        }
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    private static void num(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    private static void writeSummary(BufferedWriter w, Summary summary) throws IOException {
        boolean diag = summary.all().stream().anyMatch(ParameterSummary::hasDiagnostics);
        {
            w.write("name,mean,sd,q05,q16,q50,q84,q95" + (diag ? ",rhat,essBulk,essTail" : ""));
            w.newLine();
            for (ParameterSummary p : summary.all()) {
                w.write(Csv.quote(p.name()));
                for (double v : new double[] {p.mean(), p.sd(), p.q05(), p.q16(), p.q50(), p.q84(), p.q95()}) {
                    w.write(',');
                    w.write(Csv.number(v));
                }
                if (diag) {
                    for (double v : new double[] {p.rhat(), p.essBulk(), p.essTail()}) {
                        w.write(',');
                        w.write(Csv.number(v));
                    }
                }
                w.newLine();
            }
        }
    }

    private static void writeRows(BufferedWriter w, WeightedSamples s, boolean weighted) throws IOException {
        double[] lw = s.logWeights();
        double[] ll = s.logLikelihoods();
        double[] lp = s.logPriors();
        boolean prior = weighted && s.hasLogPriors();
        {
            List<String> header = new ArrayList<>();
            s.names().forEach(n -> header.add(Csv.quote(n)));
            if (weighted) {
                header.add("log_weight");
                header.add("log_likelihood");
            }
            if (prior) {
                header.add(LOG_PRIOR);
            }
            w.write(String.join(",", header));
            w.newLine();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < s.size(); i++) {
                b.setLength(0);
                double[] row = s.row(i);
                for (int j = 0; j < row.length; j++) {
                    if (j > 0) {
                        b.append(',');
                    }
                    b.append(Csv.number(row[j]));
                }
                if (weighted) {
                    b.append(',').append(Csv.number(lw[i])).append(',').append(Csv.number(ll[i]));
                }
                if (prior) {
                    b.append(',').append(Csv.number(lp[i]));
                }
                w.write(b.toString());
                w.newLine();
            }
        }
    }

    private static void writeStats(BufferedWriter w, Map<String, double[][]> stats) throws IOException {
        List<String> header = new ArrayList<>(List.of("chain", "draw"));
        header.addAll(stats.keySet());
        w.write(String.join(",", header));
        w.newLine();
        double[][] first = stats.values().iterator().next();
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < first.length; c++) {
            for (int k = 0; k < first[c].length; k++) {
                b.setLength(0);
                b.append(c).append(',').append(k);
                for (double[][] v : stats.values()) {
                    b.append(',').append(Csv.number(v[c][k]));
                }
                w.write(b.toString());
                w.newLine();
            }
        }
    }

    private static Map<String, double[][]> readStats(Path f) throws IOException {
        Csv.Table t = Csv.read(f);
        List<String> names = t.header().subList(2, t.header().size());
        int chains = 0;
        int draws = 0;
        for (double[] row : t.rows()) {
            chains = Math.max(chains, (int) row[0] + 1);
            draws = Math.max(draws, (int) row[1] + 1);
        }
        Map<String, double[][]> out = new java.util.LinkedHashMap<>();
        for (String n : names) {
            out.put(n, new double[chains][draws]);
        }
        for (double[] row : t.rows()) {
            for (int j = 0; j < names.size(); j++) {
                out.get(names.get(j))[(int) row[0]][(int) row[1]] = row[2 + j];
            }
        }
        return out;
    }

    private static void writeChains(BufferedWriter w, Chains c) throws IOException {
        {
            List<String> header = new ArrayList<>(List.of("walker", "step"));
            c.names().forEach(n -> header.add(Csv.quote(n)));
            header.add("log_posterior");
            w.write(String.join(",", header));
            w.newLine();
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < c.walkers(); k++) {
                for (int t = 0; t < c.steps(); t++) {
                    b.setLength(0);
                    b.append(k).append(',').append(t);
                    for (double v : c.values()[k][t]) {
                        b.append(',').append(Csv.number(v));
                    }
                    b.append(',').append(Csv.number(c.logPosterior()[k][t]));
                    w.write(b.toString());
                    w.newLine();
                }
            }
        }
    }

    /**
     * {@code log_likelihood,log_x,log_weight,live_points}, then, when the run recorded them, the birth contour
     * {@code log_likelihood_birth}, {@code dead} (1 for a dead point, 0 for a final live point) and the point's
     * columns (and {@code log_prior}).
     */
    private static void writeNestedRun(BufferedWriter w, NestedRun r) throws IOException {
        boolean full = r.hasBirths() && r.points() != null;
        WeightedSamples pts = full ? r.points() : null;
        boolean prior = full && pts.hasLogPriors();
        double[] lp = full ? pts.logPriors() : null;
        StringBuilder h = new StringBuilder("log_likelihood,log_x,log_weight,live_points");
        if (full) {
            h.append(",log_likelihood_birth,dead");
            pts.names().forEach(n -> h.append(',').append(Csv.quote(n)));
            if (prior) {
                h.append(',').append(LOG_PRIOR);
            }
        }
        w.write(h.toString());
        w.newLine();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.size(); i++) {
            b.setLength(0);
            b.append(Csv.number(r.logL()[i])).append(',').append(Csv.number(r.logX()[i])).append(',')
                    .append(Csv.number(r.logWeight()[i])).append(',').append(r.liveCount()[i]);
            if (full) {
                b.append(',').append(Csv.number(r.logLBirth()[i])).append(',').append(i < r.deadCount() ? 1 : 0);
                for (double v : pts.row(i)) {
                    b.append(',').append(Csv.number(v));
                }
                if (prior) {
                    b.append(',').append(Csv.number(lp[i]));
                }
            }
            w.write(b.toString());
            w.newLine();
        }
    }

    private static NestedRun readNestedRun(Path nf) throws IOException {
        Csv.Table nt = Csv.read(nf);
        int m = nt.rows().size();
        double[] a = new double[m];
        double[] x = new double[m];
        double[] w = new double[m];
        int[] live = new int[m];
        for (int i = 0; i < m; i++) {
            double[] row = nt.rows().get(i);
            a[i] = row[0];
            x[i] = row[1];
            w[i] = row[2];
            live[i] = (int) row[3];
        }
        int bc = nt.header().indexOf("log_likelihood_birth");
        int dc = nt.header().indexOf("dead");
        if (bc < 0 || dc < 0) {
            return new NestedRun(a, x, w, live);
        }
        int pc = nt.header().indexOf(LOG_PRIOR);
        int end = pc < 0 ? nt.header().size() : pc;
        List<String> names = nt.header().subList(dc + 1, end);
        double[] birth = new double[m];
        double[][] rows = new double[m][];
        double[] lp = new double[m];
        int dead = 0;
        for (int i = 0; i < m; i++) {
            double[] row = nt.rows().get(i);
            birth[i] = row[bc];
            if (row[dc] == 1) {
                if (dead != i) {
                    throw new IllegalArgumentException(nf + ": row " + (i + 2) + " is a dead point after a final live "
                            + "point (column dead)");
                }
                dead++;
            }
            rows[i] = Arrays.copyOfRange(row, dc + 1, end);
            lp[i] = pc < 0 ? Double.NaN : row[pc];
        }
        WeightedSamples pts = WeightedSamples.of(names, rows, w, a, lp);
        return new NestedRun(a, x, w, live, birth, dead, pts);
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads a run directory back into a result (samples, evidence, summaries, provenance, chains, nested run), after
     * {@link #verify} (whose warning for the earlier layout it drops).
     */
    public static RunResult read(Path dir) {
        return read(dir, warning -> { });
    }

    /**
     * As {@link #read(Path)}, handing the warning of {@link #verify} (a directory of the earlier layout) to
     * {@code warnings}: the files are checked once.
     */
    public static RunResult read(Path dir, java.util.function.Consumer<String> warnings) {
        Path rf = dir.resolve(RESULT);
        verify(dir).ifPresent(warnings);
        try {
            JsonNode r = JSON.readTree(rf.toFile());
            Csv.Table t = Csv.read(dir.resolve(WEIGHTED_SAMPLES));
            crossCheck(dir, r, t);
            int lwCol = t.column("log_weight");
            int llCol = t.column("log_likelihood");
            int lpCol = t.header().indexOf(LOG_PRIOR);
            List<String> names = new ArrayList<>();
            for (int j = 0; j < t.header().size(); j++) {
                if (j != lwCol && j != llCol && j != lpCol) {
                    names.add(t.header().get(j));
                }
            }
            int n = t.rows().size();
            double[][] rows = new double[n][names.size()];
            double[] lw = new double[n];
            double[] ll = new double[n];
            double[] lp = new double[n];
            for (int i = 0; i < n; i++) {
                double[] src = t.rows().get(i);
                int k = 0;
                for (int j = 0; j < src.length; j++) {
                    if (j != lwCol && j != llCol && j != lpCol) {
                        rows[i][k++] = src[j];
                    }
                }
                lw[i] = src[lwCol];
                ll[i] = src[llCol];
                lp[i] = lpCol < 0 ? Double.NaN : src[lpCol];
            }
            WeightedSamples samples = WeightedSamples.of(names, rows, lw, ll, lp);
            List<ParameterSummary> ps = new ArrayList<>();
            for (JsonNode p : r.path("parameters")) {
                ps.add(new ParameterSummary(p.path("name").asText(), d(p, "mean"), d(p, "sd"), d(p, "q05"),
                        d(p, "q16"), d(p, "q50"), d(p, "q84"), d(p, "q95"), d(p, "rhat"), d(p, "essBulk"),
                        d(p, "essTail")));
            }
            RunResult.Builder b = RunResult.builder(r.path("sampler").asText(), samples)
                    .summary(new Summary(ps))
                    .likelihoodCalls(r.path("likelihoodCalls").asLong())
                    .wallSeconds(d(r, "wallSeconds"))
                    .effectiveSampleSize(d(r, "effectiveSampleSize"));
            if (!r.path("logZ").isNull() && r.has("logZ")) {
                b.evidence(new Evidence(d(r, "logZ"), d(r, "logZErr"), d(r, "information")));
            }
            JsonNode diag = r.path("diagnostics");
            if (diag.isObject()) {
                diag.fields().forEachRemaining(e -> b.diagnostic(e.getKey(), JSON.convertValue(e.getValue(),
                        Object.class)));
            }
            Path pf = dir.resolve(PROVENANCE);
            if (Files.isRegularFile(pf)) {
                JsonNode p = JSON.readTree(pf.toFile());
                @SuppressWarnings("unchecked")
                Map<String, Object> opts = JSON.convertValue(p.path("options"), Map.class);
                b.provenance(new Provenance(p.path("seed").isNull() ? null : p.path("seed").asLong(),
                        p.path("sampler").asText(null), opts, p.path("astronestVersion").asText(null),
                        p.path("javaVersion").asText(null), p.path("gitCommit").asText(null),
                        p.path("configSha256").asText(null), p.path("startTime").asText(null), d(p, "wallSeconds")));
            } else if (!r.path("seed").isNull()) {
                b.provenance(new Provenance(r.path("seed").asLong(), r.path("sampler").asText(), Map.of(), null, null,
                        null, null, null, d(r, "wallSeconds")));
            }
            Path cf = dir.resolve(CHAINS);
            if (Files.isRegularFile(cf)) {
                Chains ch = readChains(cf, diag);
                Path sf = dir.resolve(SAMPLER_STATS);
                if (Files.isRegularFile(sf)) {
                    ch = new Chains(ch.names(), ch.values(), ch.logPosterior(), ch.burnIn(), ch.thin(), ch.stride(),
                            readStats(sf));
                }
                b.chains(ch);
            }
            Path nf = dir.resolve(NESTED_RUN);
            if (Files.isRegularFile(nf)) {
                b.nestedRun(readNestedRun(nf));
            }
            b.columns(readColumns(r.path("parameters")));
            JsonNode od = r.path("observedData");
            if (od.isObject()) {
                List<String> coords = new ArrayList<>();
                od.path("coordinates").forEach(c -> coords.add(c.asText()));
                Map<String, double[]> vars = new java.util.LinkedHashMap<>();
                od.path("variables").fields().forEachRemaining(e -> {
                    double[] a = new double[e.getValue().size()];
                    for (int i = 0; i < a.length; i++) {
                        JsonNode v = e.getValue().get(i);
                        a[i] = v.isNumber() ? v.asDouble() : Double.NaN;
                    }
                    vars.put(e.getKey(), a);
                });
                b.observed(new ObservedData(od.path("dimension").asText("obs"), coords, vars));
            }
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that {@code dir} holds one complete run: every file its {@value #MANIFEST} lists has the recorded size
     * and SHA-256. A directory of the earlier layout (result.json schema 1, no manifest) is read unverified: the
     * returned warning says so. A run of this layout without a manifest was interrupted while writing, and a file
     * that differs from the manifest belongs to another run or was damaged: both are refused with one line naming
     * the file.
     *
     * @return a warning for the earlier layout, else empty
     */
    public static java.util.Optional<String> verify(Path dir) {
        Path rf = dir.resolve(RESULT);
        if (!Files.isRegularFile(rf)) {
            throw new IllegalArgumentException("not a run directory: " + dir + " has no " + RESULT);
        }
        try {
            Path mf = dir.resolve(MANIFEST);
            if (!Files.isRegularFile(mf)) {
                if (Files.size(rf) == 0) {
                    throw new IllegalArgumentException(rf + " is empty: the run did not finish writing; run it again "
                            + "with --force");
                }
                JsonNode r;
                try {
                    r = JSON.readTree(rf.toFile());
                } catch (IOException e) {
                    throw new IllegalArgumentException(rf + " is not valid JSON: the run did not finish writing; run "
                            + "it again with --force");
                }
                if (r.path("schemaVersion").asInt(0) >= 2) {
                    throw new IllegalArgumentException(dir + " has no " + MANIFEST + ": the run was interrupted while "
                            + "writing its files; run it again with --force (or --resume while its checkpoint is there)");
                }
                return java.util.Optional.of("warning: " + dir + " was written by an earlier version (no " + MANIFEST
                        + "); its files are read unverified");
            }
            JsonNode m = JSON.readTree(mf.toFile());
            for (JsonNode f : m.path("files")) {
                String name = f.path("name").asText();
                Path p = dir.resolve(name);
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException(p + " is missing: the directory does not hold the complete run "
                            + "its " + MANIFEST + " lists");
                }
                AtomicFiles.Written w = AtomicFiles.measure(p);
                if (w.bytes() != f.path("bytes").asLong() || !w.sha256().equals(f.path("sha256").asText())) {
                    throw new IllegalArgumentException(p + " does not match the run's " + MANIFEST + " (" + w.bytes()
                            + " bytes, recorded " + f.path("bytes").asLong() + "; SHA-256 differs): it belongs to "
                            + "another run or was changed");
                }
            }
            return java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The samples file agrees with result.json: its row count and its columns (for either layout). */
    private static void crossCheck(Path dir, JsonNode r, Csv.Table t) {
        Path ws = dir.resolve(WEIGHTED_SAMPLES);
        if (r.has("samples") && r.path("samples").asLong() != t.rows().size()) {
            throw new IllegalArgumentException(ws + " has " + t.rows().size() + " rows but " + RESULT + " says "
                    + r.path("samples").asLong() + ": the files belong to different runs or one is truncated");
        }
        if (r.has("columns")) {
            List<String> want = new ArrayList<>();
            r.path("columns").forEach(c -> want.add(c.asText()));
            want.add("log_weight");
            want.add("log_likelihood");
            List<String> got = t.header();
            if (!got.isEmpty() && got.get(got.size() - 1).equals(LOG_PRIOR)) {
                got = got.subList(0, got.size() - 1);
            }
            if (!want.equals(got)) {
                throw new IllegalArgumentException(ws + " has columns " + t.header() + " but " + RESULT + " lists "
                        + want.subList(0, want.size() - 2) + " (+ log_weight, log_likelihood)");
            }
        }
    }

    /** Column info from result.json's parameters (bare entries for a directory written before they were kept). */
    private static List<ColumnInfo> readColumns(JsonNode params) {
        List<ColumnInfo> out = new ArrayList<>();
        for (JsonNode p : params) {
            String name = p.path("name").asText();
            if (!p.has("role")) {
                out.add(ColumnInfo.bare(name));
                continue;
            }
            out.add(new ColumnInfo(name, p.path("label").asText(name), p.path("unit").asText(""),
                    p.path("logScale").asBoolean(false), bound(p, "lower"), bound(p, "upper"),
                    p.path("role").asText(ColumnInfo.FREE), d(p, "truth")));
        }
        return out;
    }

    private static Chains readChains(Path f, JsonNode diag) throws IOException {
        Csv.Table t = Csv.read(f);
        List<String> names = t.header().subList(2, t.header().size() - 1);
        int walkers = 0;
        int steps = 0;
        for (double[] row : t.rows()) {
            walkers = Math.max(walkers, (int) row[0] + 1);
            steps = Math.max(steps, (int) row[1] + 1);
        }
        double[][][] v = new double[walkers][steps][names.size()];
        double[][] lp = new double[walkers][steps];
        for (double[] row : t.rows()) {
            int k = (int) row[0];
            int s = (int) row[1];
            v[k][s] = Arrays.copyOfRange(row, 2, 2 + names.size());
            lp[k][s] = row[row.length - 1];
        }
        return new Chains(names, v, lp, diag.path("burnIn").asInt(0), diag.path("thin").asInt(1));
    }

    private static double d(JsonNode o, String key) {
        JsonNode v = o.path(key);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }
}
