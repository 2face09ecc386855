package org.astronest.priors;

import java.util.Objects;

/**
 * A named model parameter with its prior, a display label (e.g. {@code n_H}) and a unit (e.g. {@code cm^-3}).
 * Immutable; {@code with...} return modified copies.
 */
public record Parameter(String name, Prior prior, String label, String unit) {

    public Parameter {
        Objects.requireNonNull(prior, "prior");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("parameter name must not be blank, got '" + name + "'");
        }
        if (!name.matches("[A-Za-z_][A-Za-z0-9_+.\\-]*(\\[[0-9]+(,[0-9]+)*\\])?")) {
            throw new IllegalArgumentException("parameter name must start with a letter or '_' and contain only "
                    + "letters, digits, '_', '+', '-' or '.', optionally ending in an index such as [1] or [2,3], "
                    + "got '" + name + "'");
        }
        label = label == null || label.isBlank() ? name : label;
        unit = unit == null ? "" : unit;
    }

    public static Parameter of(String name, Prior prior) {
        return new Parameter(name, prior, name, "");
    }

    public Parameter withLabel(String newLabel) {
        return new Parameter(name, prior, newLabel, unit);
    }

    public Parameter withUnit(String newUnit) {
        return new Parameter(name, prior, label, newUnit);
    }

    public Parameter withPrior(Prior newPrior) {
        return new Parameter(name, newPrior, label, unit);
    }
}
