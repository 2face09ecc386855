package org.astronest.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.priors.Parameter;
import org.astronest.priors.Prior;
import org.astronest.priors.PriorSet;

/**
 * A posterior to sample: priors, a log-likelihood, and optional derived parameters. Immutable.
 *
 * <p>Samplers explore the {@link #dimension() free} parameters (those without a fixed prior); every vector handed to
 * the likelihood is a full theta in {@link PriorSet} order. Output columns are {@link #columnNames()}: every
 * parameter, then the derived ones.
 */
public final class InferenceProblem {

    private final PriorSet priors;
    private final LogLikelihood likelihood;
    private final List<String> derivedNames;
    private final DerivedParameters derived;
    private final boolean checked;

    private InferenceProblem(PriorSet priors, LogLikelihood likelihood, List<String> derivedNames,
                             DerivedParameters derived, boolean checked) {
        this.checked = checked;
        this.priors = Objects.requireNonNull(priors, "priors");
        this.likelihood = Objects.requireNonNull(likelihood, "likelihood");
        this.derivedNames = List.copyOf(derivedNames);
        this.derived = derived;
        for (String n : this.derivedNames) {
            if (priors.contains(n)) {
                throw new IllegalArgumentException("derived parameter '" + n + "' has the name of a parameter");
            }
        }
        if (new java.util.HashSet<>(this.derivedNames).size() != this.derivedNames.size()) {
            throw new IllegalArgumentException("duplicate derived parameter names in " + this.derivedNames);
        }
    }

    public static InferenceProblem of(PriorSet priors, LogLikelihood likelihood) {
        return new InferenceProblem(priors, likelihood, List.of(), null, true);
    }

    /** A copy with derived parameters: {@code function} returns one value per name. */
    public InferenceProblem withDerived(List<String> names, DerivedParameters function) {
        Objects.requireNonNull(function, "function");
        return new InferenceProblem(priors, likelihood, names, function, checked);
    }

    /**
     * A copy with other priors and likelihood over the same parameters (same names in the same order), derived
     * parameters and the run check kept: for transforms of the posterior that leave it unchanged, such as posterior
     * repartitioning ({@link org.astronest.inference.optim.Repartition}).
     */
    public InferenceProblem withPriorsAndLikelihood(PriorSet newPriors, LogLikelihood newLikelihood) {
        if (!newPriors.names().equals(priors.names())) {
            throw new IllegalArgumentException("parameters " + newPriors.names() + " differ from " + priors.names());
        }
        return new InferenceProblem(newPriors, newLikelihood, derivedNames, derived, checked);
    }

    /**
     * A copy that samplers do not {@link #check} before they run (for a likelihood that is expensive enough that
     * five extra evaluations matter, or already checked by the caller).
     */
    public InferenceProblem withoutCheck() {
        return new InferenceProblem(priors, likelihood, derivedNames, derived, false);
    }

    /**
     * What every sampler does first: {@link #check} at {@value #RUN_CHECK_POINTS} prior draws from a stream of its
     * own ({@code Rngs.stream(seed, 0xC4EC4)}, so the run's draws are untouched), unless {@link #withoutCheck()}.
     */
    public void checkBeforeRun(long seed) {
        if (checked) {
            check(Rngs.stream(seed, 0xC4EC4L), RUN_CHECK_POINTS);
        }
    }

    /** Prior draws that {@link #checkBeforeRun} evaluates singly and as one batch. */
    public static final int RUN_CHECK_POINTS = 5;

    public PriorSet priors() {
        return priors;
    }

    public LogLikelihood likelihood() {
        return likelihood;
    }

    /** Number of free (sampled) parameters. */
    public int dimension() {
        return priors.freeDimension();
    }

    public List<String> freeNames() {
        return priors.freeNames();
    }

    public List<String> derivedNames() {
        return derivedNames;
    }

    /** Output columns: all parameters (fixed included) then derived parameters. */
    public List<String> columnNames() {
        List<String> c = new ArrayList<>(priors.names());
        c.addAll(derivedNames);
        return List.copyOf(c);
    }

    /** What each output column is: label, unit, log axis and support from the priors, then the derived columns. */
    public List<ColumnInfo> columnInfo() {
        return ColumnInfo.of(priors, derivedNames);
    }

    /** Free unit-cube point to full theta. */
    public double[] fromUnit(double[] uFree) {
        return priors.fromUnit(uFree);
    }

    /** Free parameter values to full theta. */
    public double[] expand(double[] xFree) {
        return priors.expand(xFree);
    }

    /** Joint log prior density of a full theta. */
    public double logPrior(double[] theta) {
        return priors.logDensity(theta);
    }

    /**
     * ln L(theta); NaN and +infinity (a likelihood cannot be infinitely better than every other point: it would take
     * the whole posterior) are refused with an error naming theta.
     */
    public double logLikelihood(double[] theta) {
        double v = likelihood.logLikelihood(theta);
        if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("log-likelihood is " + (Double.isNaN(v) ? "NaN" : "+infinity") + " at "
                    + describe(theta));
        }
        return v;
    }

    /** Batch ln L through the likelihood's batch method; NaN and +infinity refused naming the offending theta. */
    public void logLikelihood(double[][] thetas, double[] out) {
        likelihood.logLikelihood(thetas, out);
        for (int i = 0; i < thetas.length; i++) {
            if (Double.isNaN(out[i]) || out[i] == Double.POSITIVE_INFINITY) {
                throw new IllegalStateException("log-likelihood is " + (Double.isNaN(out[i]) ? "NaN" : "+infinity")
                        + " at " + describe(thetas[i]));
            }
        }
    }

    /** Log prior plus log likelihood; the likelihood is not evaluated outside the prior support. */
    public double logPosterior(double[] theta) {
        double lp = logPrior(theta);
        if (lp == Double.NEGATIVE_INFINITY) {
            return lp;
        }
        return lp + logLikelihood(theta);
    }

    /** The output row of theta: theta followed by the derived values. */
    public double[] row(double[] theta) {
        if (derived == null) {
            return theta.clone();
        }
        double[] d = derived.compute(theta.clone());
        if (d == null || d.length != derivedNames.size()) {
            throw new IllegalStateException("derived-parameter function returned " + (d == null ? "null" : d.length
                    + " values") + ", expected " + derivedNames.size() + " " + derivedNames);
        }
        double[] r = Arrays.copyOf(theta, theta.length + d.length);
        System.arraycopy(d, 0, r, theta.length, d.length);
        return r;
    }

    /**
     * Weighted samples with derived columns and log prior densities, from full thetas, unnormalized log weights and
     * log-likelihoods.
     */
    public WeightedSamples samples(double[][] thetas, double[] logWeights, double[] logLikelihoods) {
        double[][] rows = new double[thetas.length][];
        double[] lp = new double[thetas.length];
        for (int i = 0; i < thetas.length; i++) {
            rows[i] = row(thetas[i]);
            lp[i] = logPrior(thetas[i]);
        }
        return WeightedSamples.of(columnNames(), rows, logWeights, logLikelihoods, lp);
    }

    /**
     * Smoke check before sampling: evaluates the likelihood at {@code n} prior draws (improper priors: standard
     * normal draws) and at the same points through the batch method, and reports a NaN, +infinity, a mutated input,
     * a batch result that differs from the single one, or a derived function of the wrong length, naming the
     * parameter values.
     */
    public void check(UniformRandomProvider rng, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("check: n must be >= 1, got " + n);
        }
        double[][] thetas = new double[n][];
        double[] single = new double[n];
        for (int k = 0; k < n; k++) {
            double[] theta = new double[priors.size()];
            for (int i = 0; i < priors.size(); i++) {
                Prior p = priors.get(i).prior();
                theta[i] = p.isProper() ? p.fromUnit(rng.nextDouble()) : gaussian(rng);
            }
            thetas[k] = theta;
            double[] copy = theta.clone();
            double v = likelihood.logLikelihood(copy);
            if (!Arrays.equals(copy, theta)) {
                throw new IllegalStateException("the likelihood mutated its input array at " + describe(theta));
            }
            if (Double.isNaN(v)) {
                throw new IllegalStateException("log-likelihood is NaN at " + describe(theta));
            }
            if (v == Double.POSITIVE_INFINITY) {
                throw new IllegalStateException("log-likelihood is +infinity at " + describe(theta));
            }
            single[k] = v;
            row(theta);
        }
        double[][] copies = new double[n][];
        for (int k = 0; k < n; k++) {
            copies[k] = thetas[k].clone();
        }
        double[] batch = new double[n];
        likelihood.logLikelihood(copies, batch);
        for (int k = 0; k < n; k++) {
            if (!Arrays.equals(copies[k], thetas[k])) {
                throw new IllegalStateException("the batch likelihood mutated its input at " + describe(thetas[k]));
            }
            double a = single[k];
            double b = batch[k];
            boolean same = a == b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
            if (!same) {
                throw new IllegalStateException("batch log-likelihood " + b + " differs from single " + a + " at "
                        + describe(thetas[k]));
            }
        }
    }

    /** Whether the likelihood gives an analytic gradient ({@link GradientLogLikelihood}). */
    public boolean hasGradient() {
        return likelihood instanceof GradientLogLikelihood;
    }

    /**
     * ln L(theta) and d ln L / d theta into {@code gradient} (full length, 0 for fixed parameters): the analytic
     * gradient when the likelihood has one, else {@link FiniteDifferences central differences} (2 d + 1 calls).
     * NaN and +infinity are refused as by {@link #logLikelihood(double[])}, and so is a NaN gradient at a finite value.
     */
    public double logLikelihoodAndGradient(double[] theta, double[] gradient) {
        if (!(likelihood instanceof GradientLogLikelihood g)) {
            return FiniteDifferences.valueAndGradient(this, theta, gradient);
        }
        double v = g.logLikelihood(theta, gradient);
        if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
            throw new IllegalStateException("log-likelihood is " + (Double.isNaN(v) ? "NaN" : "+infinity") + " at "
                    + describe(theta));
        }
        if (v != Double.NEGATIVE_INFINITY) {
            for (int i : priors.freeIndices()) {
                if (Double.isNaN(gradient[i])) {
                    throw new IllegalStateException("gradient of the log-likelihood is NaN in "
                            + priors.get(i).name() + " at " + describe(theta));
                }
            }
        }
        return v;
    }

    /**
     * The largest disagreement between the likelihood's analytic gradient and a five-point central difference
     * (fourth order: Abramowitz &amp; Stegun 25.3.6) at {@code n} prior draws, over the free parameters. The error of
     * component i is {@code |analytic - numeric| / max(|numeric|, 1e-3 max_j |numeric_j|, 1e-8)}: relative, except
     * that components a thousand times smaller than the largest are compared on the largest one's scale.
     *
     * @throws IllegalStateException when the likelihood has no analytic gradient
     */
    public GradientCheck checkGradient(UniformRandomProvider rng, int n) {
        return checkGradient(rng, n, new double[] {DEFAULT_CHECK_STEP});
    }

    /**
     * The five-point stencil's default relative step, 300 eps^(1/3) (about 2e-3 of max(|theta_i|, the prior's
     * interquartile range)): large enough that rounding in ln L of order 1e4 stays below 1e-9 of a unit gradient.
     */
    public static final double DEFAULT_CHECK_STEP = 300 * FiniteDifferences.RELATIVE_STEP;

    /**
     * The steps NUTS checks a gradient with before a run and the model tests use: the default and two small ones,
     * for piecewise smooth models and for points where the prior's scale is far wider than the parameter's value
     * (a large step's truncation error then dominates).
     */
    public static double[] checkSteps() {
        return new double[] {DEFAULT_CHECK_STEP, 1e-6, 1e-8};
    }

    /**
     * {@link #checkGradient(UniformRandomProvider, int)} with the stencil's relative step(s) {@code steps}; with
     * several, each component's error is the smallest over the steps. Piecewise smooth models (leaky-ReLU networks,
     * linear interpolation: kinks wherever a unit's pre-activation or a shifted pixel crosses zero or a grid point)
     * need this: a large step may cross a kink and a small one meets rounding in ln L, while inside one piece the
     * stencil is exact, so a correct gradient agrees at one of the steps and a wrong one at none.
     */
    public GradientCheck checkGradient(UniformRandomProvider rng, int n, double... steps) {
        if (!hasGradient()) {
            throw new IllegalStateException("the likelihood has no analytic gradient to check");
        }
        if (steps.length == 0) {
            throw new IllegalArgumentException("gradient check: give at least one step");
        }
        GradientCheck worst = null;
        int[] free = priors.freeIndices();
        for (int k = 0; k < n; k++) {
            double[] theta = draw(rng);
            double[] g = new double[theta.length];
            double v = logLikelihoodAndGradient(theta, g);
            if (v == Double.NEGATIVE_INFINITY) {
                continue;
            }
            double[] best = new double[theta.length];
            double[] bestNum = new double[theta.length];
            java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
            for (double step : steps) {
                double[] num = new double[theta.length];
                double scale = 0;
                double[] t = theta.clone();
                for (int i : free) {
                    double h = step / FiniteDifferences.RELATIVE_STEP * FiniteDifferences.step(this, theta, i);
                    Prior p = priors.get(i).prior();
                    h = Math.min(h, 0.49 * Math.min(theta[i] - p.lower(), p.upper() - theta[i]));
                    double[] f = new double[4];
                    double[] at = {-2, -1, 1, 2};
                    for (int m = 0; m < 4; m++) {
                        t[i] = theta[i] + at[m] * h;
                        f[m] = logLikelihood(t);
                    }
                    t[i] = theta[i];
                    num[i] = (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
                    scale = Math.max(scale, Math.abs(num[i]));
                }
                for (int i : free) {
                    double err = Math.abs(g[i] - num[i]) / Math.max(Math.max(Math.abs(num[i]), 1e-3 * scale), 1e-8);
                    if (Double.isNaN(err)) {
                        err = Double.POSITIVE_INFINITY;
                    }
                    if (err < best[i] || bestNum[i] == 0 && best[i] == Double.POSITIVE_INFINITY) {
                        best[i] = err;
                        bestNum[i] = num[i];
                    }
                }
            }
            for (int i : free) {
                if (worst == null || !(best[i] <= worst.relativeError())) {
                    worst = new GradientCheck(best[i], priors.get(i).name(), g[i], bestNum[i], describe(theta));
                }
            }
        }
        if (worst == null) {
            throw new IllegalStateException("gradient check: the log-likelihood is -infinity at all " + n
                    + " prior draws");
        }
        return worst;
    }

    /**
     * The worst component of a {@link #checkGradient gradient check}: its relative error, the parameter, the
     * analytic and numeric values, and the point (as {@code name=value, ...}).
     */
    public record GradientCheck(double relativeError, String parameter, double analytic, double numeric,
                                String at) {
        /** One line for messages. */
        public String describe() {
            return String.format(Locale.ROOT, "d lnL/d %s: analytic %.10g, finite differences %.10g (relative error "
                    + "%.3g) at %s", parameter, analytic, numeric, relativeError, at);
        }
    }

    private double[] draw(UniformRandomProvider rng) {
        double[] theta = new double[priors.size()];
        for (int i = 0; i < priors.size(); i++) {
            Prior p = priors.get(i).prior();
            theta[i] = p.isProper() ? p.fromUnit(rng.nextDouble()) : gaussian(rng);
        }
        return theta;
    }

    /** {@code name=value, ...} for messages. */
    public String describe(double[] theta) {
        StringBuilder b = new StringBuilder();
        List<Parameter> ps = priors.parameters();
        for (int i = 0; i < theta.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(i < ps.size() ? ps.get(i).name() : "theta[" + i + "]").append('=')
                    .append(String.format(Locale.ROOT, "%.6g", theta[i]));
        }
        return b.toString();
    }

    private static double gaussian(UniformRandomProvider rng) {
        double u1 = 1 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
