package org.astronest.forwardmodels.mcfa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import org.astronest.data.SharedData;

/** Loads the shared MCFA references (shared/mcfa: the authors' code outputs at andycasey/mcfa 8c4135e). */
final class McfaReference {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> CACHE = new ConcurrentHashMap<>();

    private McfaReference() {
    }

    static Path path(String name) {
        return SharedData.resolve("mcfa/" + name);
    }

    static JsonNode json(String name) {
        return (JsonNode) CACHE.computeIfAbsent("json:" + name, n -> {
            try {
                return JSON.readTree(path(name).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static McfaData data(String name) {
        return (McfaData) CACHE.computeIfAbsent("csv:" + name, n -> {
            try {
                return McfaData.readCsv(path(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Parameters from a node with pi, A, xi_by_component, omega_by_component, psi. */
    static McfaParameters parameters(JsonNode t) {
        return McfaParameters.of(vec(t.get("pi")), mat(t.get("A")), mat(t.get("xi_by_component")),
                cube(t.get("omega_by_component")), vec(t.get("psi")));
    }

    static McfaParameters truth(String file) {
        return parameters(json(file).get("truth"));
    }

    static double[] vec(JsonNode n) {
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    static double[][] mat(JsonNode n) {
        double[][] m = new double[n.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = vec(n.get(i));
        }
        return m;
    }

    static double[][][] cube(JsonNode n) {
        double[][][] m = new double[n.size()][][];
        for (int i = 0; i < m.length; i++) {
            m[i] = mat(n.get(i));
        }
        return m;
    }
}
