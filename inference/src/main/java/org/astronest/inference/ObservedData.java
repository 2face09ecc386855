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
        variables.forEach((k, a) -> {
            if (a.length != coordinates.size()) {
                throw new IllegalArgumentException("observed data: variable " + k + " has " + a.length + " values for "
                        + coordinates.size() + " " + dimension + " coordinates");
            }
            v.put(k, a.clone());
        });
        variables = java.util.Collections.unmodifiableMap(v);
    }
}
