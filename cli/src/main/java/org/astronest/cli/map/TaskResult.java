package org.astronest.cli.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one task of a map gives: its key and place, {@code ok} or {@code failed} with the one-line reason, ln Z and its
 * error, likelihood calls, the run's verdict warnings (convergence flags), and per parameter the summary
 * {@code mean, sd, q05, q16, q50, q84, q95}. One JSON line of {@code tasks.jsonl}; numbers in Java's shortest
 * round-trip form (non-finite as null), so a journal read back gives the same doubles.
 */
public record TaskResult(String key, int index, int x, int y, String status, String message, double logZ,
                         double logZErr, long likelihoodCalls, List<String> warnings, Map<String, double[]> params) {

    /** The summary statistics per parameter, in this order. */
    public static final List<String> STATS = List.of("mean", "sd", "q05", "q16", "q50", "q84", "q95");

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean ok() {
        return "ok".equals(status);
    }

    /** A failed task with its reason. */
    public static TaskResult failed(MapTasks.Task t, String message) {
        return new TaskResult(t.key(), t.index(), t.x(), t.y(), "failed", message, Double.NaN, Double.NaN, 0,
                List.of(), Map.of());
    }

    /** One JSON line (no newline). */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("task", key);
        o.put("index", index);
        o.put("x", x);
        o.put("y", y);
        o.put("status", status);
        o.put("message", message);
        num(o, "logZ", logZ);
        num(o, "logZErr", logZErr);
        o.put("likelihoodCalls", likelihoodCalls);
        ArrayNode w = o.putArray("warnings");
        warnings.forEach(w::add);
        ObjectNode ps = o.putObject("params");
        params.forEach((k, v) -> {
            ArrayNode a = ps.putArray(k);
            for (double d : v) {
                if (Double.isFinite(d)) {
                    a.add(d);
                } else {
                    a.addNull();
                }
            }
        });
        try {
            return JSON.writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a line of the journal; an {@link IllegalArgumentException} when it is not one. */
    public static TaskResult parse(String line) {
        try {
            JsonNode o = JSON.readTree(line);
            if (o == null || !o.has("task") || !o.has("status") || !o.has("params")) {
                throw new IllegalArgumentException("not a task line");
            }
            Map<String, double[]> ps = new LinkedHashMap<>();
            o.get("params").fields().forEachRemaining(e -> {
                double[] v = new double[e.getValue().size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = e.getValue().get(i).isNumber() ? e.getValue().get(i).asDouble() : Double.NaN;
                }
                ps.put(e.getKey(), v);
            });
            List<String> warn = new java.util.ArrayList<>();
            o.path("warnings").forEach(n -> warn.add(n.asText()));
            return new TaskResult(o.get("task").asText(), o.get("index").asInt(), o.get("x").asInt(),
                    o.get("y").asInt(), o.get("status").asText(), o.path("message").asText(""), d(o, "logZ"),
                    d(o, "logZErr"), o.path("likelihoodCalls").asLong(), List.copyOf(warn), ps);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a task line: " + e.getOriginalMessage());
        }
    }

    private static void num(ObjectNode o, String k, double v) {
        if (Double.isFinite(v)) {
            o.put(k, v);
        } else {
            o.putNull(k);
        }
    }

    private static double d(JsonNode o, String k) {
        JsonNode v = o.path(k);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }
}
