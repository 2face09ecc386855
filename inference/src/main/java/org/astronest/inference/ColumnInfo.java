package org.astronest.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;

/**
 * What a column of the samples is, beyond its name: a display label (TeX-like, e.g. {@code T_{kin}}), a unit, whether
 * it is drawn on a log axis, the support of its prior ({@code lower}/{@code upper}, infinite when unbounded, NaN for a
 * derived column), its role, and a reference value (NaN when none). Results carry these so that every output format
 * and {@code astronest plot} have them whatever wrote the run directory (issue 19).
 *
 * @param role {@code free} (sampled), {@code fixed} (a fixed prior) or {@code derived} (computed from the others);
 *             GetDist marks derived columns with {@code *} in its {@code .paramnames}
 */
public record ColumnInfo(String name, String label, String unit, boolean logScale, double lower, double upper,
                         String role, double truth) {

    public static final String FREE = "free";
    public static final String FIXED = "fixed";
    public static final String DERIVED = "derived";

    public ColumnInfo {
        Objects.requireNonNull(name, "name");
        label = label == null || label.isBlank() ? name : label;
        unit = unit == null ? "" : unit;
        if (!List.of(FREE, FIXED, DERIVED).contains(role)) {
            throw new IllegalArgumentException("column " + name + ": role must be free, fixed or derived, got '"
                    + role + "'");
        }
    }

    /** A column known only by its name (a free parameter, linear axis, unbounded). */
    public static ColumnInfo bare(String name) {
        return new ColumnInfo(name, name, "", false, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, FREE,
                Double.NaN);
    }

    /** The same column with reference value {@code t}. */
    public ColumnInfo withTruth(double t) {
        return new ColumnInfo(name, label, unit, logScale, lower, upper, role, t);
    }

    /** Columns of a problem: its parameters from their priors (label, unit, log axis, support), then derived ones. */
    public static List<ColumnInfo> of(PriorSet priors, List<String> derivedNames) {
        List<ColumnInfo> out = new ArrayList<>();
        for (Parameter p : priors.parameters()) {
            boolean fixed = p.prior().isFixed();
            out.add(new ColumnInfo(p.name(), p.label(), p.unit(), p.prior().isLogScale(), p.prior().lower(),
                    p.prior().upper(), fixed ? FIXED : FREE, Double.NaN));
        }
        for (String d : derivedNames) {
            out.add(new ColumnInfo(d, d, "", false, Double.NaN, Double.NaN, DERIVED, Double.NaN));
        }
        return List.copyOf(out);
    }

    /** {@code columns} with the truths that name one of them set. */
    public static List<ColumnInfo> withTruths(List<ColumnInfo> columns, Map<String, Double> truths) {
        List<ColumnInfo> out = new ArrayList<>();
        for (ColumnInfo c : columns) {
            Double t = truths.get(c.name());
            out.add(t == null ? c : c.withTruth(t));
        }
        return List.copyOf(out);
    }

    /** The info for each name, from {@code known} where it has the name, else {@link #bare}. */
    public static List<ColumnInfo> forNames(List<String> names, List<ColumnInfo> known) {
        List<ColumnInfo> out = new ArrayList<>();
        for (String n : names) {
            ColumnInfo c = known.stream().filter(k -> k.name().equals(n)).findFirst().orElse(bare(n));
            out.add(c);
        }
        return List.copyOf(out);
    }
}
