package org.astronest.cli.formats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registered {@link OutputFormat}s, by name (docs/run-directory.md, "Other tools"). */
public final class OutputFormats {

    private static final Map<String, OutputFormat> ALL = new LinkedHashMap<>();

    static {
        register(new GetDistFormat());
        register(new PolyChordFormat());
        register(new ArvizFormat());
    }

    private OutputFormats() {
    }

    private static void register(OutputFormat f) {
        ALL.put(f.name(), f);
    }

    /** Names of the registered formats, in registration order. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** Every registered format, in registration order. */
    public static List<OutputFormat> all() {
        return List.copyOf(ALL.values());
    }

    /** The format of that name; an error naming the known ones otherwise. */
    public static OutputFormat get(String name) {
        OutputFormat f = ALL.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown output format '" + name + "'; known: "
                    + String.join(", ", ALL.keySet()));
        }
        return f;
    }

    /** The formats of a list of names (duplicates dropped, order kept). */
    public static List<OutputFormat> of(List<String> names) {
        List<OutputFormat> out = new ArrayList<>();
        for (String n : names) {
            OutputFormat f = get(n.trim());
            if (!out.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }
}
