package org.astronest.inference;

import java.util.ArrayList;
import java.util.List;
import org.astronest.inference.hmc.NutsKind;
import org.astronest.inference.mcmc.EnsembleKind;
import org.astronest.inference.nested.NestedKind;

/** The registry of sampler kinds, by name: the one place that lists them. */
public final class Samplers {

    private static final List<SamplerKind> KINDS = List.of(
            new NestedKind(),
            new EnsembleKind(),
            new NutsKind());

    private Samplers() {
    }

    /** Every kind, in registration order (the first is the default). */
    public static List<SamplerKind> all() {
        return KINDS;
    }

    /** The names of every kind, in registration order. */
    public static List<String> names() {
        List<String> out = new ArrayList<>();
        for (SamplerKind k : KINDS) {
            out.add(k.name());
        }
        return out;
    }

    /** The kind named {@code name}; an error naming the value and the known names otherwise. */
    public static SamplerKind get(String name) {
        for (SamplerKind k : KINDS) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown sampler '" + name + "'; choose one of " + String.join(", ",
                names()));
    }
}
