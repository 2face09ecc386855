package org.astronest.inference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data a model was fitted to, along one named dimension (e.g. {@code line}, with the line names as coordinates):
 * each variable holds one value per coordinate. Carried by a result so that writers such as ArviZ's
 * {@code observed_data} group have it whatever wrote the run directory.
 */
public record ObservedData(String dimension, List<String> coordinates, Map<String, double[]> variables) {

    public ObservedData {
        coordinates = List.copyOf(coordinates);
        Map<String, double[]> v = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : variables.entrySet()) {
            if (e.getValue().length != coordinates.size()) {
                throw new IllegalArgumentException("observed data: variable " + e.getKey() + " has "
                        + e.getValue().length + " values for " + coordinates.size() + " " + dimension
                        + " coordinates");
            }
            v.put(e.getKey(), e.getValue().clone());
        }
        variables = java.util.Collections.unmodifiableMap(v);
    }
}
