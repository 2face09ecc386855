package org.astronest.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-parameter posterior summaries, in column order. */
public final class Summary {

    private final Map<String, ParameterSummary> byName;

    public Summary(List<ParameterSummary> summaries) {
        Map<String, ParameterSummary> m = new LinkedHashMap<>();
        for (ParameterSummary s : summaries) {
            m.put(s.name(), s);
        }
        this.byName = Collections.unmodifiableMap(m);
    }

    /** Weighted summaries of every column of the samples. */
    public static Summary of(WeightedSamples samples) {
        List<ParameterSummary> list = new ArrayList<>();
        double[] w = samples.weights();
        for (String name : samples.names()) {
            list.add(WeightedStats.summarize(name, samples.column(name), w));
        }
        return new Summary(list);
    }

    /** The summary of a parameter; an error naming the known parameters when absent. */
    public ParameterSummary get(String name) {
        ParameterSummary s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no summary for parameter '" + name + "'; known: " + byName.keySet());
        }
        return s;
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<ParameterSummary> all() {
        return List.copyOf(byName.values());
    }

    /** A copy with one summary replaced (used to attach MCMC diagnostics). */
    public Summary with(ParameterSummary s) {
        List<ParameterSummary> list = new ArrayList<>();
        for (ParameterSummary p : byName.values()) {
            list.add(p.name().equals(s.name()) ? s : p);
        }
        return new Summary(list);
    }
}
