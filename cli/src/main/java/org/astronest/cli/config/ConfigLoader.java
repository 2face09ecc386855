package org.astronest.cli.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;

/**
 * Reads a run config (YAML). Unknown keys are rejected; every error is one line naming the file, the key path and
 * the value. Top-level keys: {@code label, description, seed, model, lines, likelihood, parameters, sampler, output,
 * truths}.
 */
public final class ConfigLoader {

    /** The top-level keys a config may have. */
    public static final Set<String> TOP_LEVEL = Set.of("label", "description", "seed", "model", "lines", "parameters",
            "sampler", "output", "truths", "likelihood");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigLoader() {
    }

    /** Loads and validates a config file. */
    public static RunConfig load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + path);
        } catch (IOException e) {
            throw new ConfigException("cannot read config " + path + ": " + e.getMessage());
        }
        return parse(path.getFileName().toString(), text);
    }

    /** Parses config text; {@code file} names it in messages. */
    public static RunConfig parse(String file, String text) {
        return fromTree(file, text, tree(file, text));
    }

    /**
     * The YAML tree of config text, with one-line errors naming the line, column and key of a syntax error; the
     * {@code map} command edits it per task before {@link #fromTree}.
     */
    public static JsonNode tree(String file, String text) {
        JsonNode json;
        try {
            json = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            String key = e.getLocation() == null ? null : keyAt(text, e.getLocation().getLineNr(),
                    e.getLocation().getColumnNr());
            if (key != null && e.getOriginalMessage().startsWith("Malformed numeric value")) {
                // YAML's .nan and .inf: name the key (a config value must be a finite number)
                throw new ConfigException(file + ": " + key + where + ": must be a finite number, got "
                        + e.getOriginalMessage().replaceFirst("^Malformed numeric value ", ""));
            }
            throw new ConfigException(file + ": invalid YAML" + where + (key == null ? "" : " (key " + key + ")")
                    + ": " + e.getOriginalMessage().replaceAll("\\s+", " "));
        }
        return json;
    }

    /** Validates a config tree (as {@link #tree} gives) into a config; {@code text} is what provenance hashes. */
    public static RunConfig fromTree(String file, String text, JsonNode json) {
        if (json == null || json.isMissingNode() || json.isNull()) {
            throw new ConfigException(file + ": the config is empty");
        }
        if (json.has("map")) {
            throw new ConfigException(file + ": map: this is a map config (one fit per pixel or table row); run it "
                    + "with `astronest map " + file + " --out DIR`");
        }
        Node root = Node.root(file, json).object(TOP_LEVEL);
        String label = root.get("label").text(stripExtension(file));
        Long seed = root.has("seed") ? root.get("seed").integer() : null;
        Map<String, Node> params = new LinkedHashMap<>();
        Node ps = root.get("parameters");
        if (!ps.isMissing()) {
            ps.object(null);
            for (String k : ps.keys()) {
                Node n = ps.get(k);
                PriorSpecs.parameter(k, n); // validate now, so errors come before any model is loaded
                params.put(k, n);
            }
        }
        String type = "nested";
        Map<String, Object> sampler = new LinkedHashMap<>();
        Node s = root.get("sampler");
        if (!s.isMissing()) {
            s.object(null);
            for (String k : s.keys()) {
                Node v = s.get(k);
                if (k.equals("type")) {
                    type = v.text();
                } else if (v.json().isNumber()) {
                    sampler.put(k, v.json().numberValue());
                } else if (v.json().isBoolean()) {
                    sampler.put(k, v.json().asBoolean());
                } else if (v.json().isValueNode()) {
                    sampler.put(k, v.json().asText());
                } else {
                    throw v.error("expected a single value, got " + v.show());
                }
            }
        }
        Map<String, Double> truths = new LinkedHashMap<>();
        Node t = root.get("truths");
        if (!t.isMissing()) {
            t.object(null);
            for (String k : t.keys()) {
                truths.put(k, t.get(k).number());
            }
        }
        Node out = root.get("output");
        String outDir;
        List<String> formats = new ArrayList<>();
        if (out.json() != null && out.json().isObject()) {
            out.object(Set.of("dir", "formats"));
            outDir = out.get("dir").text(null);
            Node fs = out.get("formats");
            if (!fs.isMissing()) {
                List<Node> items = fs.json().isArray() ? fs.list() : List.of(fs);
                for (Node f : items) {
                    String name = f.text();
                    if (!org.astronest.cli.formats.OutputFormats.names().contains(name)) {
                        throw f.error("unknown output format '" + name + "'; known: "
                                + String.join(", ", org.astronest.cli.formats.OutputFormats.names()));
                    }
                    formats.add(name);
                }
            }
        } else {
            outDir = out.text(null);
        }
        return new RunConfig(file, text, label, seed, root.get("model"), root.get("lines"), root.get("likelihood"),
                params, type, sampler, outDir, truths, formats);
    }

    /** A sampler option as a node, for typed reading with the key path in messages. */
    public static Node samplerOption(RunConfig c, String key) {
        Object v = c.sampler().get(key);
        return new Node(c.file(), "sampler." + key, v == null ? null : YAML.valueToTree(v));
    }

    /**
     * The resolved config written into the run directory: the original keys with every parameter's prior spelled
     * out (defaults included), the seed and sampler actually used.
     */
    public static String resolvedYaml(RunConfig c, PriorSet priors, long seed, String samplerType,
                                      Map<String, Object> samplerOptions) {
        try {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("label", c.label());
            root.put("seed", seed);
            if (!c.model().isMissing()) {
                root.put("model", YAML.treeToValue(c.model().json(), Object.class));
            }
            if (!c.lines().isMissing()) {
                root.put("lines", YAML.treeToValue(c.lines().json(), Object.class));
            }
            if (!c.likelihood().isMissing()) {
                root.put("likelihood", YAML.treeToValue(c.likelihood().json(), Object.class));
            }
            if (priors != null) {
                Map<String, Object> ps = new LinkedHashMap<>();
                for (Parameter p : priors.parameters()) {
                    ps.put(p.name(), PriorSpecs.toMap(p));
                }
                root.put("parameters", ps);
            }
            if (samplerType != null) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("type", samplerType);
                s.putAll(samplerOptions);
                root.put("sampler", s);
            }
            if (!c.formats().isEmpty()) {
                Map<String, Object> o = new LinkedHashMap<>();
                if (c.output() != null) {
                    o.put("dir", c.output());
                }
                o.put("formats", c.formats());
                root.put("output", o);
            } else if (c.output() != null) {
                root.put("output", c.output());
            }
            if (!c.truths().isEmpty()) {
                root.put("truths", c.truths());
            }
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write resolved config: " + e.getMessage(), e);
        }
    }

    /** The last {@code key:} before column {@code col} of line {@code line} (1-based) of {@code text}, or null. */
    static String keyAt(String text, int line, int col) {
        String[] lines = text.split("\\R", -1);
        if (line < 1 || line > lines.length) {
            return null;
        }
        String l = lines[line - 1];
        String before = l.substring(0, Math.max(0, Math.min(l.length(), col - 1)));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Za-z_][\\w.+-]*)\\s*:").matcher(before);
        String key = null;
        while (m.find()) {
            key = m.group(1);
        }
        return key;
    }

    /** Hex sha256 of the config text (provenance). */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The YAML mapper (for tests and resolved configs). */
    public static ObjectMapper yaml() {
        return YAML;
    }

    private static String stripExtension(String f) {
        int i = f.lastIndexOf('.');
        return i > 0 ? f.substring(0, i) : f;
    }
}
