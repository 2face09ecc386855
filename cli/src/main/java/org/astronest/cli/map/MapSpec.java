package org.astronest.cli.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.astronest.cli.config.ConfigPaths;
import org.astronest.cli.config.Node;

/**
 * The {@code map:} section of a map or catalogue config: where the per-task observations come from and which value
 * of the model config each one sets (a config path such as {@code lines[0].intensity}). Either
 * <pre>
 * map:
 *   images:                                   # FITS images, all of one shape: one task per pixel, key "x_y"
 *     lines[0].intensity: maps/co32.fits
 *     lines[0].sigma: maps/co32_err.fits
 * </pre>
 * or
 * <pre>
 * map:
 *   table: stars.csv                          # CSV with a header, or a FITS binary table (.fits)
 *   key: id                                   # column naming each task (default: the row number)
 *   columns:
 *     lines[0].intensity: CO32
 * </pre>
 *
 * A table may also set text values, such as the file of each star's spectrum:
 * <pre>
 *   text:
 *     model.spectrum: file                   # config path -> a column of text (a path, a name)
 * </pre>
 *
 * @param images   config path -> FITS image (empty for a table)
 * @param table    the table file (null for images)
 * @param key      the table's key column (null: the row number)
 * @param columns  config path -> numeric table column (empty for images)
 * @param text     config path -> text table column (empty for images)
 */
public record MapSpec(Map<String, Path> images, Path table, String key, Map<String, String> columns,
                      Map<String, String> text) {

    /** Reads and checks the section (key paths in every message); the files must exist. */
    public static MapSpec read(Node map) {
        map.object(Set.of("images", "table", "key", "columns", "text"));
        boolean img = map.has("images");
        boolean tab = map.has("table");
        if (img == tab) {
            throw map.error(img ? "give images or table, not both" : "missing: give images (FITS maps, one per "
                    + "config value) or table (CSV or FITS table, one row per task)");
        }
        Map<String, Path> images = new LinkedHashMap<>();
        Map<String, String> columns = new LinkedHashMap<>();
        if (img) {
            Node is = map.get("images").object(null);
            for (String k : is.keys()) {
                checkPath(is.get(k), k);
                images.put(k, ConfigPaths.file(is.get(k)));
            }
            if (images.isEmpty()) {
                throw is.error("give at least one config path and its FITS image");
            }
            if (map.has("key") || map.has("columns") || map.has("text")) {
                throw map.error("key, columns and text belong to a table, not to images");
            }
            return new MapSpec(images, null, null, columns, Map.of());
        }
        Path t = ConfigPaths.file(map.get("table"));
        Node cs = map.get("columns");
        Node ts = map.get("text");
        if (cs.isMissing() && ts.isMissing()) {
            throw map.error("missing: columns (config path -> numeric column) or text (config path -> text column)");
        }
        Map<String, String> text = new LinkedHashMap<>();
        if (!cs.isMissing()) {
            cs.object(null);
            for (String k : cs.keys()) {
                checkPath(cs.get(k), k);
                columns.put(k, cs.get(k).text());
            }
        }
        if (!ts.isMissing()) {
            ts.object(null);
            for (String k : ts.keys()) {
                checkPath(ts.get(k), k);
                text.put(k, ts.get(k).text());
            }
        }
        if (columns.isEmpty() && text.isEmpty()) {
            throw map.error("give at least one config path and its column");
        }
        return new MapSpec(images, t, map.get("key").text(null), columns, text);
    }

    /** The config paths this map sets, in order (numeric, then text). */
    public java.util.List<String> paths() {
        java.util.List<String> p = new java.util.ArrayList<>(images.isEmpty() ? columns.keySet() : images.keySet());
        p.addAll(text.keySet());
        return java.util.List.copyOf(p);
    }

    private static void checkPath(Node at, String path) {
        if (!path.matches("[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]+])?(\\.[A-Za-z_][A-Za-z0-9_]*(\\[[0-9]+])?)*")) {
            throw at.error("not a config path: '" + path + "' (e.g. lines[0].intensity)");
        }
    }

    /**
     * Sets {@code value} at {@code path} in a copy-on-write sense: the objects and arrays along the path must
     * exist (a list entry past its end is an error naming the path); the last key is created or replaced.
     */
    public static void set(JsonNode root, String path, double value) {
        set(root, path, com.fasterxml.jackson.databind.node.DoubleNode.valueOf(value));
    }

    /** As {@link #set(JsonNode, String, double)} with a text value. */
    public static void set(JsonNode root, String path, String value) {
        set(root, path, com.fasterxml.jackson.databind.node.TextNode.valueOf(value));
    }

    private static void set(JsonNode root, String path, JsonNode value) {
        JsonNode cur = root;
        String[] parts = path.split("\\.");
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            int br = part.indexOf('[');
            String name = br < 0 ? part : part.substring(0, br);
            boolean last = p == parts.length - 1;
            if (last && br < 0) {
                if (!(cur instanceof com.fasterxml.jackson.databind.node.ObjectNode o)) {
                    throw new IllegalArgumentException("map: config path " + path + ": '" + name + "' is not inside "
                            + "a mapping");
                }
                o.set(name, value);
                return;
            }
            JsonNode next = cur.get(name);
            if (next == null) {
                throw new IllegalArgumentException("map: config path " + path + ": the config has no '" + name + "'");
            }
            if (br >= 0) {
                int i = Integer.parseInt(part.substring(br + 1, part.length() - 1));
                if (!next.isArray() || i >= next.size()) {
                    throw new IllegalArgumentException("map: config path " + path + ": " + name + " has no entry " + i
                            + (next.isArray() ? " (it has " + next.size() + ")" : " (not a list)"));
                }
                if (last) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) next).set(i, value);
                    return;
                }
                next = next.get(i);
            }
            cur = next;
        }
    }
}
