package org.astronest.emulators;

import java.util.List;

/**
 * The valid (training) domain of an emulator in physical units: one closed interval per input. An input flagged
 * {@code log10} enters the network as {@code log10(value)} (emulchem's RADEX column-density input).
 */
public record Domain(List<Input> inputs) {

    /** One input: name (as users write it), closed range [lo, hi], unit, and whether the net sees log10 of it. */
    public record Input(String name, double lo, double hi, String unit, boolean log10) {
        public Input {
            if (!(lo <= hi)) {
                throw new IllegalArgumentException("domain of " + name + ": lo " + lo + " > hi " + hi);
            }
        }

        public boolean contains(double v) {
            return v >= lo && v <= hi; // false for NaN
        }
    }

    public Domain {
        inputs = List.copyOf(inputs);
    }

    public int size() {
        return inputs.size();
    }

    public Input get(int i) {
        return inputs.get(i);
    }

    /** True when every value lies in its range (NaN never does). */
    public boolean contains(double[] x, int offset) {
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).contains(x[offset + i])) {
                return false;
            }
        }
        return true;
    }

    /** Throws an {@link IllegalArgumentException} naming the first input outside its range, its value and the range. */
    public void check(double[] x, int offset) {
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            double v = x[offset + i];
            if (!in.contains(v)) {
                throw new IllegalArgumentException(outside(in, v));
            }
        }
    }

    static String outside(Input in, double v) {
        return in.name() + " = " + fmt(v) + " is outside the emulator's valid range [" + fmt(in.lo()) + ", "
                + fmt(in.hi()) + "]" + (in.unit().isEmpty() ? "" : " " + in.unit());
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
