package org.astronest.priors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered set of named parameters. Parameters with a {@link Priors#fixed(double) fixed} prior are part of every
 * parameter vector {@code theta} but are not explored by samplers: samplers work on the <em>free</em> parameters
 * ({@link #freeDimension()}), and {@link #fromUnit(double[])} / {@link #expand(double[])} insert the fixed values.
 */
public final class PriorSet {

    private final List<Parameter> parameters;
    private final Map<String, Integer> index;
    private final int[] free;

    private PriorSet(List<Parameter> parameters) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("a prior set needs at least one parameter");
        }
        this.parameters = List.copyOf(parameters);
        this.index = new HashMap<>();
        List<Integer> f = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (index.put(p.name(), i) != null) {
                throw new IllegalArgumentException("duplicate parameter name '" + p.name() + "'");
            }
            if (!p.prior().isFixed()) {
                f.add(i);
            }
        }
        this.free = f.stream().mapToInt(Integer::intValue).toArray();
    }

    public static PriorSet of(Parameter... parameters) {
        return new PriorSet(Arrays.asList(parameters));
    }

    public static PriorSet of(List<Parameter> parameters) {
        return new PriorSet(parameters);
    }

    /** Number of parameters, fixed ones included. */
    public int size() {
        return parameters.size();
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    public Parameter get(int i) {
        return parameters.get(i);
    }

    public Parameter get(String name) {
        return parameters.get(indexOf(name));
    }

    /** Index of a parameter; an error naming the parameter and the known names when absent. */
    public int indexOf(String name) {
        Integer i = index.get(name);
        if (i == null) {
            throw new IllegalArgumentException("unknown parameter '" + name + "'; known: " + names());
        }
        return i;
    }

    public boolean contains(String name) {
        return index.containsKey(name);
    }

    public List<String> names() {
        List<String> n = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            n.add(p.name());
        }
        return Collections.unmodifiableList(n);
    }

    /** Number of parameters a sampler explores. */
    public int freeDimension() {
        return free.length;
    }

    /** Indices (into {@link #names()}) of the free parameters. */
    public int[] freeIndices() {
        return free.clone();
    }

    public List<String> freeNames() {
        List<String> n = new ArrayList<>(free.length);
        for (int i : free) {
            n.add(parameters.get(i).name());
        }
        return Collections.unmodifiableList(n);
    }

    /** True when every prior is proper (nested sampling needs this). */
    public boolean isProper() {
        return parameters.stream().allMatch(p -> p.prior().isProper());
    }

    /** Refuses improper priors with a message naming the first such parameter (nested samplers call this). */
    public void requireProper(String who) {
        for (Parameter p : parameters) {
            if (!p.prior().isProper()) {
                throw new IllegalArgumentException(who + " needs proper priors, but parameter '" + p.name()
                        + "' has the improper prior " + p.prior().describe() + "; give it bounds, e.g. uniform(min, max)");
            }
        }
    }

    /** Maps a point of the free unit cube to a full parameter vector (fixed values inserted). */
    public double[] fromUnit(double[] uFree) {
        double[] theta = new double[parameters.size()];
        fromUnit(uFree, theta);
        return theta;
    }

    /** As {@link #fromUnit(double[])}, writing into {@code theta} (length {@link #size()}). */
    public void fromUnit(double[] uFree, double[] theta) {
        checkFreeLength(uFree);
        int k = 0;
        for (int i = 0; i < parameters.size(); i++) {
            Prior p = parameters.get(i).prior();
            theta[i] = p.isFixed() ? p.fromUnit(0.5) : p.fromUnit(uFree[k++]);
        }
    }

    /** Inserts the fixed values into a vector of free parameter values. */
    public double[] expand(double[] xFree) {
        checkFreeLength(xFree);
        double[] theta = new double[parameters.size()];
        int k = 0;
        for (int i = 0; i < parameters.size(); i++) {
            Prior p = parameters.get(i).prior();
            theta[i] = p.isFixed() ? p.fromUnit(0.5) : xFree[k++];
        }
        return theta;
    }

    /** The free components of a full parameter vector. */
    public double[] freeValues(double[] theta) {
        checkLength(theta);
        double[] x = new double[free.length];
        for (int k = 0; k < free.length; k++) {
            x[k] = theta[free[k]];
        }
        return x;
    }

    /** Joint log prior density of a full parameter vector (fixed parameters contribute 0 at their value). */
    public double logDensity(double[] theta) {
        checkLength(theta);
        double s = 0;
        for (int i = 0; i < parameters.size(); i++) {
            s += parameters.get(i).prior().logDensity(theta[i]);
            if (s == Double.NEGATIVE_INFINITY) {
                return s;
            }
        }
        return s;
    }

    /**
     * d ln p(theta) / d theta_i of the joint prior, written into {@code gradient} (full length; 0 for fixed
     * parameters), from each prior's {@link Prior#logDensityGradient}.
     */
    public void logDensityGradient(double[] theta, double[] gradient) {
        checkLength(theta);
        checkLength(gradient);
        for (int i = 0; i < parameters.size(); i++) {
            Prior p = parameters.get(i).prior();
            gradient[i] = p.isFixed() ? 0 : p.logDensityGradient(theta[i]);
        }
    }

    private void checkLength(double[] theta) {
        if (theta.length != parameters.size()) {
            throw new IllegalArgumentException("parameter vector has length " + theta.length + ", expected "
                    + parameters.size() + " " + names());
        }
    }

    private void checkFreeLength(double[] x) {
        if (x.length != free.length) {
            throw new IllegalArgumentException("free-parameter vector has length " + x.length + ", expected "
                    + free.length + " " + freeNames());
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("PriorSet[");
        for (int i = 0; i < parameters.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(parameters.get(i).name()).append(" ~ ").append(parameters.get(i).prior().describe());
        }
        return b.append(']').toString();
    }
}
