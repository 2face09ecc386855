package org.astronest.validation.posteriordb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One posteriordb folder of the shared data ({@code data.json}, {@code reference_draws.json}, {@code summary.json};
 * layout in the folder's README): the data, the reference draws per chain, the reference and exact summaries, the
 * exact log evidence, the nested-sampling prior box and the log-density check points.
 */
public final class PosteriorFolder {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reference (or exact) marginal statistics of one column; NaN where absent. */
    public record Stats(double mean, double sd, double q05, double q50, double q95, double mcseMean, double essBulk,
                        double essTail, double kurtosis) {
    }

    /** A log-density check point: parameters by name and the stated log likelihood and log prior. */
    public record CheckPoint(Map<String, Double> params, double logLikelihood, double logPrior) {
        public double logPosterior() {
            return logLikelihood + logPrior;
        }
    }

    private final String name;
    private final Path dir;
    private final JsonNode data;
    private final JsonNode summary;
    private List<Map<String, double[]>> draws;

    private PosteriorFolder(String name, Path dir, JsonNode data, JsonNode summary) {
        this.name = name;
        this.dir = dir;
        this.data = data;
        this.summary = summary;
    }

    /** Reads {@code dir/name/data.json} and {@code summary.json} (the draws are read on first use). */
    public static PosteriorFolder read(Path root, String name) {
        Path d = root.resolve(name);
        if (!Files.isDirectory(d)) {
            throw new IllegalArgumentException("posteriordb folder " + d.toAbsolutePath().normalize()
                    + " does not exist; point --dir (or -Dastronest.shared / ASTRONEST_SHARED) at the shared posteriordb");
        }
        return new PosteriorFolder(name, d, readJson(d.resolve("data.json")), readJson(d.resolve("summary.json")));
    }

    /** Entry names listed in {@code root/index.json}, in file order. */
    public static List<String> index(Path root) {
        JsonNode idx = readJson(root.resolve("index.json"));
        List<String> out = new ArrayList<>();
        for (JsonNode e : idx.get("entries")) {
            out.add(e.get("posterior").asText());
        }
        return out;
    }

    static JsonNode readJson(Path f) {
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("missing file " + f.toAbsolutePath().normalize()
                    + "; point --dir (or -Dastronest.shared / ASTRONEST_SHARED) at a complete shared folder");
        }
        try {
            return JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public JsonNode data() {
        return data;
    }

    public JsonNode summary() {
        return summary;
    }

    /** Reference column names in file order. */
    public List<String> parameterNames() {
        List<String> out = new ArrayList<>();
        summary.get("parameter_names").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** A scalar of data.json. */
    public double scalar(String key) {
        JsonNode n = data.get(key);
        if (n == null || !n.isNumber()) {
            throw new IllegalArgumentException(name + "/data.json: no numeric field '" + key + "'");
        }
        return n.asDouble();
    }

    /** A vector of data.json. */
    public double[] vector(String key) {
        JsonNode n = data.get(key);
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException(name + "/data.json: no array field '" + key + "'");
        }
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    /** A matrix (list of rows) of data.json. */
    public double[][] matrix(String key) {
        JsonNode n = data.get(key);
        if (n == null || !n.isArray()) {
            throw new IllegalArgumentException(name + "/data.json: no matrix field '" + key + "'");
        }
        double[][] m = new double[n.size()][];
        for (int i = 0; i < m.length; i++) {
            JsonNode r = n.get(i);
            m[i] = new double[r.size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = r.get(j).asDouble();
            }
        }
        return m;
    }

    /** Reference statistics of a column from {@code summary.json} "parameters". */
    public Stats reference(String column) {
        JsonNode p = summary.get("parameters").get(column);
        if (p == null) {
            throw new IllegalArgumentException(name + ": no reference column '" + column + "'");
        }
        return new Stats(d(p, "mean"), d(p, "sd"), d(p, "q05"), d(p, "q50"), d(p, "q95"), d(p, "mcse_mean"),
                d(p, "ess_bulk"), d(p, "ess_tail"), d(p, "kurtosis"));
    }

    /** Exact statistics of a column when summary.json has them ("exact": available). */
    public Stats exact(String column) {
        JsonNode e = summary.get("exact");
        if (e == null || !e.path("available").asBoolean(false)) {
            return null;
        }
        JsonNode p = e.get("parameters").get(column);
        if (p == null) {
            return null;
        }
        return new Stats(d(p, "mean"), d(p, "sd"), d(p, "q05"), d(p, "q50"), d(p, "q95"), Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
    }

    /** Exact log evidence for the stated priors/boxes, or NaN. */
    public double exactLogEvidence() {
        JsonNode e = summary.get("evidence");
        return e != null && e.path("available").asBoolean(false) ? e.get("log_evidence").asDouble() : Double.NaN;
    }

    /** Nested-sampling prior box {name: [lo, hi]} for improper flat priors (empty when all priors are proper). */
    public Map<String, double[]> priorBox() {
        Map<String, double[]> out = new LinkedHashMap<>();
        JsonNode b = summary.path("nested_sampling_prior_box").path("bounds");
        Iterator<Map.Entry<String, JsonNode>> it = b.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), new double[] {e.getValue().get(0).asDouble(), e.getValue().get(1).asDouble()});
        }
        return out;
    }

    /** The reference correlation matrix (names in {@link #correlationNames()} order). */
    public double[][] correlation() {
        JsonNode m = summary.get("correlation").get("matrix");
        double[][] r = new double[m.size()][m.size()];
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < r.length; j++) {
                r[i][j] = m.get(i).get(j).asDouble();
            }
        }
        return r;
    }

    public List<String> correlationNames() {
        List<String> out = new ArrayList<>();
        summary.get("correlation").get("names").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The three log-density check points. */
    public List<CheckPoint> checkPoints() {
        List<CheckPoint> out = new ArrayList<>();
        for (JsonNode pt : summary.get("logdensity_checks").get("points")) {
            Map<String, Double> params = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = pt.get("params").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asDouble());
            }
            out.add(new CheckPoint(params, pt.get("log_likelihood").asDouble(), pt.get("log_prior").asDouble()));
        }
        return out;
    }

    /** Reference draws: one map per chain, column name to draws. Read once and cached. */
    public synchronized List<Map<String, double[]>> referenceChains() {
        if (draws == null) {
            JsonNode r = readJson(dir.resolve("reference_draws.json"));
            List<Map<String, double[]>> out = new ArrayList<>();
            for (JsonNode chain : r) {
                Map<String, double[]> m = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = chain.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    double[] v = new double[e.getValue().size()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = e.getValue().get(i).asDouble();
                    }
                    m.put(e.getKey(), v);
                }
                out.add(m);
            }
            draws = out;
        }
        return draws;
    }

    /** All reference draws of a column, chains concatenated. */
    public double[] referenceColumn(String column) {
        List<Map<String, double[]>> ch = referenceChains();
        int n = 0;
        for (Map<String, double[]> c : ch) {
            double[] v = c.get(column);
            if (v == null) {
                throw new IllegalArgumentException(name + "/reference_draws.json: no column '" + column + "'");
            }
            n += v.length;
        }
        double[] out = new double[n];
        int k = 0;
        for (Map<String, double[]> c : ch) {
            double[] v = c.get(column);
            System.arraycopy(v, 0, out, k, v.length);
            k += v.length;
        }
        return out;
    }

    private static double d(JsonNode p, String key) {
        JsonNode v = p.get(key);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
