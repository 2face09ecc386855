package org.astronest.inference;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A sampler's config section as users write it (snake_case keys with YAML scalars: numbers, booleans, strings, lists
 * of numbers), read with one set of typed getters. Every error is an {@link IllegalArgumentException} whose message
 * names the key as {@code sampler.KEY} and the value, so a config reader can print it as it is.
 *
 * <p>Each sampler's options record reads its section through this class ({@code Options.fromConfig}) and writes it
 * back with the same keys ({@code toConfig}), which is what lets a run's {@code config.resolved.yaml} run again.
 */
public final class SamplerConfig {

    private final Map<String, Object> values;

    private SamplerConfig(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * The section {@code values}, refusing keys outside {@code known} with a message that lists the known ones.
     *
     * @param sampler the sampler's name (for messages)
     */
    public static SamplerConfig of(Map<String, Object> values, Collection<String> known, String sampler) {
        Map<String, Object> v = values == null ? Map.of() : values;
        for (Map.Entry<String, Object> e : v.entrySet()) {
            if (!known.contains(e.getKey())) {
                Collection<String> order = known instanceof List<?> ? known : new TreeSet<>(known);
                throw new IllegalArgumentException("sampler." + e.getKey() + " = " + show(e.getValue()) + ": not "
                        + (sampler.matches("[aeiou].*") ? "an " : "a ") + sampler + " option; known: "
                        + String.join(", ", order));
            }
        }
        return new SamplerConfig(new LinkedHashMap<>(v));
    }

    /** The raw value of {@code key} (null when not given). */
    public Object raw(String key) {
        return values.get(key);
    }

    /** Whether {@code key} holds the word {@code word} (any case), such as {@code auto} or {@code off}. */
    public boolean isWord(String key, String word) {
        return has(key) && values.get(key).toString().trim().equalsIgnoreCase(word);
    }

    /** A whole number in int range, or {@code autoValue} for the word {@code auto}; {@code fallback} when not given. */
    public int integerOrAuto(String key, int autoValue, int fallback) {
        if (isWord(key, "auto")) {
            return autoValue;
        }
        try {
            return integer(key, fallback);
        } catch (IllegalArgumentException e) {
            throw bad(key, "must be an integer or 'auto'");
        }
    }

    /** A value as messages show it: text quoted, numbers and the rest as they are. */
    public static String show(Object v) {
        return v instanceof String ? "'" + v + "'" : String.valueOf(v);
    }

    /** Whether the section gives {@code key} (a null value counts as not given). */
    public boolean has(String key) {
        return values.get(key) != null;
    }

    /** The keys given, in the section's order. */
    public Set<String> keys() {
        return values.keySet();
    }

    /** A whole number in int range, or {@code fallback} when the key is not given. */
    public int integer(String key, int fallback) {
        if (!has(key)) {
            return fallback;
        }
        long v = longValue(key, 0);
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw bad(key, "must be an integer in int range");
        }
        return (int) v;
    }

    /** A whole number, or {@code fallback} when the key is not given. */
    public long longValue(String key, long fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = values.get(key);
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
                return n.longValue();
            }
            if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
                return (long) d;
            }
            throw bad(key, "must be an integer");
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw bad(key, "must be an integer");
        }
    }

    /** A number (finite or not: the options record checks its range), or {@code fallback} when not given. */
    public double number(String key, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = values.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw bad(key, "must be a number");
        }
    }

    /** {@code true} or {@code false}, or {@code fallback} when not given. */
    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        Object v = values.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw bad(key, "must be true or false");
    }

    /** The value as text, or {@code fallback} when not given. */
    public String text(String key, String fallback) {
        return has(key) ? values.get(key).toString().trim() : fallback;
    }

    /** One of {@code type}'s constants by its lower-case name (any case accepted), or {@code fallback}. */
    public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        if (!has(key)) {
            return fallback;
        }
        String v = text(key, "");
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return e;
            }
        }
        List<String> known = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            known.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw bad(key, "must be one of " + String.join(", ", known));
    }

    /** A number or a list of numbers, or null when not given. */
    public double[] numbers(String key) {
        if (!has(key)) {
            return null;
        }
        Object v = values.get(key);
        if (v instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (v instanceof List<?> l) {
            double[] out = new double[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw new IllegalArgumentException("sampler." + key + "[" + i + "] must be a number, got "
                            + show(l.get(i)));
                }
                out[i] = n.doubleValue();
            }
            return out;
        }
        throw bad(key, "must be a number or a list of numbers");
    }

    /** An error naming {@code sampler.KEY}, what it must be, and the value given. */
    public IllegalArgumentException bad(String key, String what) {
        return new IllegalArgumentException("sampler." + key + " " + what + ", got " + show(values.get(key)));
    }

    /**
     * Runs {@code f}, which sets the option {@code key}; its validation error becomes one naming {@code sampler.KEY}
     * and the value, with the options record's own {@code "NAME: "} prefix dropped.
     */
    public <T> T apply(String key, String sampler, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage();
            String prefix = sampler + ": ";
            msg = msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg;
            throw new IllegalArgumentException("sampler." + key + " = " + show(raw(key)) + ": " + msg, e);
        }
    }
}
