package org.astronest.emulators;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rotational line of an emulated species, written {@code CO(3-2)}: species, upper and lower J. emulchem numbers
 * its RADEX networks by transition index k = J_upper - 1 (so {@code CO(3-2)} is {@code networkCO2}).
 */
public record LineId(String species, int upper) {

    private static final Pattern NAME = Pattern.compile("^\\s*([^()\\s]+)\\s*\\(\\s*(\\d+)\\s*-\\s*(\\d+)\\s*\\)\\s*$");

    public LineId {
        if (species == null || species.isBlank() || upper < 1) {
            throw new IllegalArgumentException("line needs a species and J_upper >= 1, got " + species + " " + upper);
        }
    }

    /** From emulchem's transition index k = J_upper - 1. */
    public static LineId ofIndex(String species, int transitionIndex) {
        return new LineId(species, transitionIndex + 1);
    }

    /** Parses {@code CO(3-2)}; an error naming the text when it is not of that form or J_lower != J_upper - 1. */
    public static LineId parse(String text) {
        Matcher m = NAME.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("line must look like CO(3-2), got '" + text + "'");
        }
        int up = Integer.parseInt(m.group(2));
        int lo = Integer.parseInt(m.group(3));
        if (up < 1 || lo != up - 1) {
            throw new IllegalArgumentException("line " + text + ": only J -> J-1 transitions are emulated (J_upper >= 1)");
        }
        return new LineId(m.group(1), up);
    }

    public int lower() {
        return upper - 1;
    }

    /** emulchem's transition index k = J_upper - 1. */
    public int transitionIndex() {
        return upper - 1;
    }

    @Override
    public String toString() {
        return species + "(" + upper + "-" + lower() + ")";
    }
}
