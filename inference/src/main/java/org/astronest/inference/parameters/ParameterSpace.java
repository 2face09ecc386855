package org.astronest.inference.parameters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.astronest.inference.DerivedParameters;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogLikelihood;
import org.astronest.priors.Parameter;
import org.astronest.priors.Prior;
import org.astronest.priors.PriorSet;

/**
 * The parameters of a model as its author declares them - scalars, vectors {@code f[1..11]} declared once, ordered
 * vectors, simplexes, parameters bounded by other parameters - and the sampled parameters behind them
 * ({@link ParameterBlock}). {@link #problem} builds an {@link InferenceProblem} whose priors are the sampled
 * parameters' and whose likelihood receives the model values, so every sampler (nested, ensemble, NUTS) uses the
 * declared priors without hand reparameterisation inside the likelihood; the model values of constrained blocks are
 * written as derived columns beside the sampled ones, and a likelihood's gradient with respect to the model values is
 * carried back to the sampled parameters.
 *
 * <pre>{@code
 * ParameterSpace s = ParameterSpace.builder()
 *         .scalar(Parameter.of("mu", Priors.normal(0, 5)))
 *         .vector("f", 11, Priors.uniform(0, 1))          // f[1] .. f[11]
 *         .ordered("t", 3, 0, 10)                          // 0 < t[1] < t[2] < t[3] < 10, uniform
 *         .simplex("w", 4)                                 // w[1..4] >= 0, sum 1, Dirichlet(1, 1, 1, 1)
 *         .boundedBy("s2", "s1", 100)                      // s2 | s1 ~ uniform(s1, 100)
 *         .build();
 * InferenceProblem p = s.problem(model -> ...);          // model values in s.modelNames() order
 * }</pre>
 */
public final class ParameterSpace {

    private final List<ParameterBlock> blocks;
    private final PriorSet priors;
    private final List<String> modelNames;
    private final int[] rawOffset;
    private final int[] modelOffset;
    private final List<String> derivedNames;

    private ParameterSpace(List<ParameterBlock> blocks) {
        this.blocks = List.copyOf(blocks);
        List<Parameter> sampled = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> derived = new ArrayList<>();
        rawOffset = new int[blocks.size()];
        modelOffset = new int[blocks.size()];
        Map<String, Integer> index = new HashMap<>();
        for (int b = 0; b < blocks.size(); b++) {
            ParameterBlock block = blocks.get(b);
            rawOffset[b] = sampled.size();
            modelOffset[b] = names.size();
            int mo = names.size();
            block.resolve(n -> {
                Integer i = index.get(n);
                if (i == null || i >= mo) {
                    throw new IllegalArgumentException("'" + block.modelNames().get(0) + "' is bounded by '" + n
                            + "', which is not declared before it");
                }
                return i;
            });
            sampled.addAll(block.sampled());
            for (String n : block.modelNames()) {
                if (index.put(n, names.size()) != null) {
                    throw new IllegalArgumentException("parameter '" + n + "' is declared twice");
                }
                names.add(n);
                if (!block.identity()) {
                    derived.add(n);
                }
            }
        }
        this.priors = PriorSet.of(sampled);
        this.modelNames = List.copyOf(names);
        this.derivedNames = List.copyOf(derived);
        for (String n : derivedNames) {
            if (priors.contains(n)) {
                throw new IllegalArgumentException("parameter '" + n + "' is declared twice");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The sampled parameters with their priors (what samplers see). */
    public PriorSet priors() {
        return priors;
    }

    /** The model parameters' names, in declaration order (the order of the vector the likelihood receives). */
    public List<String> modelNames() {
        return modelNames;
    }

    /** The model values of a full sampled vector (in {@link #priors()} order). */
    public double[] toModel(double[] theta) {
        double[] model = new double[modelNames.size()];
        for (int b = 0; b < blocks.size(); b++) {
            blocks.get(b).toModel(theta, rawOffset[b], model, modelOffset[b]);
        }
        return model;
    }

    /**
     * The problem with likelihood {@code likelihood} over the model values; the model values of constrained blocks
     * are derived columns. A {@link GradientLogLikelihood} (gradient with respect to the model values) keeps its
     * gradient, carried back through the blocks' maps.
     */
    public InferenceProblem problem(LogLikelihood likelihood) {
        return problem(likelihood, List.of(), null);
    }

    /**
     * As {@link #problem(LogLikelihood)}, with more derived columns computed from the model values by
     * {@code derived}.
     */
    public InferenceProblem problem(LogLikelihood likelihood, List<String> moreDerived, DerivedParameters derived) {
        LogLikelihood l = likelihood instanceof GradientLogLikelihood g ? new GradientLogLikelihood() {
            @Override
            public double logLikelihood(double[] theta, double[] gradient) {
                double[] model = toModel(theta);
                double[] gm = new double[model.length];
                double v = g.logLikelihood(model, gm);
                Arrays.fill(gradient, 0);
                if (v > Double.NEGATIVE_INFINITY) {
                    pullBack(theta, model, gm, gradient);
                }
                return v;
            }

            @Override
            public double logLikelihood(double[] theta) {
                return g.logLikelihood(toModel(theta));
            }
        } : theta -> likelihood.logLikelihood(toModel(theta));
        List<String> names = new ArrayList<>(derivedNames);
        names.addAll(moreDerived);
        InferenceProblem p = InferenceProblem.of(priors, l);
        if (names.isEmpty()) {
            return p;
        }
        int own = derivedNames.size();
        List<Integer> at = new ArrayList<>();
        for (String n : derivedNames) {
            at.add(modelNames.indexOf(n));
        }
        return p.withDerived(names, theta -> {
            double[] model = toModel(theta);
            double[] extra = derived == null ? new double[0] : derived.compute(model);
            double[] out = new double[own + extra.length];
            for (int i = 0; i < own; i++) {
                out[i] = model[at.get(i)];
            }
            System.arraycopy(extra, 0, out, own, extra.length);
            return out;
        });
    }

    /** d lnL / d(sampled) from d lnL / d(model values), blocks in reverse order. */
    void pullBack(double[] theta, double[] model, double[] gModel, double[] gRaw) {
        for (int b = blocks.size() - 1; b >= 0; b--) {
            blocks.get(b).pullBack(theta, rawOffset[b], model, modelOffset[b], gModel, gRaw);
        }
    }

    /** Declares blocks in order; a block may refer only to parameters declared before it. */
    public static final class Builder {
        private final List<ParameterBlock> blocks = new ArrayList<>();

        /** Plain scalar parameters. */
        public Builder scalar(Parameter... parameters) {
            blocks.add(new PlainBlock(List.of(parameters)));
            return this;
        }

        /** {@code name[1] .. name[size]}, independent with the same prior. */
        public Builder vector(String name, int size, Prior prior) {
            return vector(name, size, prior, name, "");
        }

        /** {@code name[1] .. name[size]} with a label and unit for plots (the index is appended to the label). */
        public Builder vector(String name, int size, Prior prior, String label, String unit) {
            if (size < 1) {
                throw new IllegalArgumentException("vector '" + name + "': size must be >= 1, got " + size);
            }
            List<Parameter> ps = new ArrayList<>();
            for (int i = 1; i <= size; i++) {
                ps.add(new Parameter(name + "[" + i + "]", prior, label + "[" + i + "]", unit));
            }
            blocks.add(new PlainBlock(ps));
            return this;
        }

        /** {@code lower < name[1] < ... < name[size] < upper}, uniform on that region. */
        public Builder ordered(String name, int size, double lower, double upper) {
            blocks.add(new OrderedBlock(name, size, lower, upper, name, ""));
            return this;
        }

        /** {@code name[1..size]} on the simplex with a flat Dirichlet(1, ..., 1) prior. */
        public Builder simplex(String name, int size) {
            double[] a = new double[size];
            Arrays.fill(a, 1);
            return simplex(name, a);
        }

        /** {@code name[1..k]} on the simplex with a Dirichlet(alpha) prior (k = alpha.length). */
        public Builder simplex(String name, double... alpha) {
            blocks.add(new SimplexBlock(name, alpha.clone(), name));
            return this;
        }

        /** {@code name | lowerParameter ~ uniform(lowerParameter, upper)}. */
        public Builder boundedBy(String name, String lowerParameter, double upper) {
            blocks.add(new BoundedByBlock(name, lowerParameter, Double.NaN, null, upper, name, ""));
            return this;
        }

        /** {@code name | upperParameter ~ uniform(lower, upperParameter)}. */
        public Builder boundedAbove(String name, double lower, String upperParameter) {
            blocks.add(new BoundedByBlock(name, null, lower, upperParameter, Double.NaN, name, ""));
            return this;
        }

        /** A block of another constrained type. */
        public Builder block(ParameterBlock block) {
            blocks.add(block);
            return this;
        }

        public ParameterSpace build() {
            return new ParameterSpace(blocks);
        }
    }
}
