package org.astronest.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A YAML node with its key path ({@code parameters.T.min}) for error messages. Accessors validate and fail with a
 * {@link ConfigException} naming the path and the value.
 */
public record Node(String file, String path, JsonNode json) {

    public static Node root(String file, JsonNode json) {
        return new Node(file, "", json);
    }

    public boolean isMissing() {
        return json == null || json.isMissingNode() || json.isNull();
    }

    public Node get(String key) {
        JsonNode c = json == null ? null : json.get(key);
        return new Node(file, path.isEmpty() ? key : path + "." + key, c == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : c);
    }

    public Node at(int i) {
        return new Node(file, path + "[" + i + "]", json.get(i));
    }

    public boolean has(String key) {
        return json != null && json.has(key) && !json.get(key).isNull();
    }

    public ConfigException error(String what) {
        return new ConfigException(file + ": " + (path.isEmpty() ? "" : path + ": ") + what);
    }

    /** Value text for messages. */
    public String show() {
        if (isMissing()) {
            return "nothing";
        }
        return json.isTextual() ? "'" + json.asText() + "'" : json.toString();
    }

    /** Requires a mapping whose keys are all in {@code allowed}. */
    public Node object(Set<String> allowed) {
        if (!json.isObject()) {
            throw error("expected a mapping, got " + show());
        }
        Iterator<String> it = json.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (allowed != null && !allowed.contains(k)) {
                throw error("unknown key '" + k + "' (allowed: " + String.join(", ", sorted(allowed)) + ")");
            }
        }
        return this;
    }

    public List<String> keys() {
        List<String> k = new ArrayList<>();
        json.fieldNames().forEachRemaining(k::add);
        return k;
    }

    public List<Node> list() {
        if (!json.isArray()) {
            throw error("expected a list, got " + show());
        }
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            out.add(at(i));
        }
        return out;
    }

    /** A number; numeric strings such as {@code 1e4} (YAML 1.1 reads them as text) are accepted. */
    public double number() {
        if (isMissing()) {
            throw error("missing value (a number is required)");
        }
        if (json.isNumber()) {
            return json.asDouble();
        }
        if (json.isTextual()) {
            try {
                return Double.parseDouble(json.asText().trim());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw error("expected a number, got " + show());
    }

    public double number(double fallback) {
        return isMissing() ? fallback : number();
    }

    public long integer() {
        double v = number();
        if (v != Math.rint(v) || Math.abs(v) > 9.007199254740992E15) {
            throw error("expected a whole number, got " + show());
        }
        return (long) v;
    }

    /** A whole number >= {@code min} that fits an int, or {@code fallback} when missing. */
    public int whole(int fallback, int min) {
        if (isMissing()) {
            return fallback;
        }
        long v = integer();
        if (v < min || v > Integer.MAX_VALUE) {
            throw error("must be a whole number >= " + min + ", got " + show());
        }
        return (int) v;
    }

    public String text() {
        if (isMissing()) {
            throw error("missing value (text is required)");
        }
        if (!json.isValueNode()) {
            throw error("expected text, got " + show());
        }
        return json.asText();
    }

    public String text(String fallback) {
        return isMissing() ? fallback : text();
    }

    public boolean bool(boolean fallback) {
        if (isMissing()) {
            return fallback;
        }
        if (json.isBoolean()) {
            return json.asBoolean();
        }
        throw error("expected true or false, got " + show());
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        l.sort(null);
        return l;
    }
}
