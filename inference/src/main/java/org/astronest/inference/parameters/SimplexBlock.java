package org.astronest.inference.parameters;

import java.util.ArrayList;
import java.util.List;
import org.astronest.priors.Parameter;
import org.astronest.priors.Priors;

/**
 * A simplex {@code x[1..k] >= 0, sum x = 1} with a Dirichlet(alpha) prior, by stick-breaking: z_i ~ Beta(alpha_i,
 * alpha_{i+1} + ... + alpha_k) for i < k, {@code x_i = z_i (1 - x_1 - ... - x_{i-1})} and x_k the remainder (the
 * Dirichlet's stick-breaking representation, e.g. Frigyik, Kapila &amp; Gupta 2010, sec. 2.2; Stan's simplex
 * transform breaks the stick the same way).
 */
final class SimplexBlock implements ParameterBlock {

    private final String name;
    private final int k;
    private final List<Parameter> sampled;

    SimplexBlock(String name, double[] alpha, String label) {
        this.name = name;
        this.k = alpha.length;
        if (k < 2) {
            throw new IllegalArgumentException("simplex '" + name + "': size must be >= 2, got " + k);
        }
        for (double v : alpha) {
            if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("simplex '" + name + "': Dirichlet concentrations must be finite "
                        + "and > 0, got " + v);
            }
        }
        List<Parameter> s = new ArrayList<>();
        for (int i = 0; i < k - 1; i++) {
            double rest = 0;
            for (int j = i + 1; j < k; j++) {
                rest += alpha[j];
            }
            s.add(new Parameter(name + "_raw[" + (i + 1) + "]", Priors.beta(alpha[i], rest),
                    label + " (stick fraction " + (i + 1) + ")", ""));
        }
        this.sampled = List.copyOf(s);
    }

    @Override
    public List<Parameter> sampled() {
        return sampled;
    }

    @Override
    public List<String> modelNames() {
        List<String> n = new ArrayList<>();
        for (int i = 1; i <= k; i++) {
            n.add(name + "[" + i + "]");
        }
        return n;
    }

    @Override
    public void toModel(double[] raw, int ro, double[] model, int mo) {
        double rem = 1;
        for (int i = 0; i < k - 1; i++) {
            model[mo + i] = raw[ro + i] * rem;
            rem *= 1 - raw[ro + i];
        }
        model[mo + k - 1] = rem;
    }

    @Override
    public void pullBack(double[] raw, int ro, double[] model, int mo, double[] gModel, double[] gRaw) {
        double[] rem = new double[k];
        rem[0] = 1;
        for (int i = 0; i < k - 1; i++) {
            rem[i + 1] = rem[i] * (1 - raw[ro + i]);
        }
        double gRem = gModel[mo + k - 1];
        for (int i = k - 2; i >= 0; i--) {
            double z = raw[ro + i];
            gRaw[ro + i] += (gModel[mo + i] - gRem) * rem[i];
            gRem = gModel[mo + i] * z + gRem * (1 - z);
        }
    }
}
