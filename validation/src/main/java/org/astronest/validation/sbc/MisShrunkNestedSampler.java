package org.astronest.validation.sbc;

import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogMath;
import org.astronest.inference.NestedRun;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.Sampler;
import org.astronest.inference.WeightedSamples;
import org.astronest.inference.nested.NestedSampler;

/**
 * A DELIBERATELY BROKEN nested sampler, to show that SBC has power: it runs the real {@link NestedSampler} and then
 * re-weights the dead and live points as if the prior volume shrank by {@code factor} times the correct expected
 * amount per iteration (ln X'_i = factor ln X_i, weight L_i (X'_{i-1} - X'_i)). With factor 0.5 the posterior is
 * too narrow (the late, high-likelihood points get too much weight). Never use it for inference.
 *
 * <p>It re-weights the nested run itself, so its inner sampler runs with the MLFriends bound, whose samples are the
 * run's points (with the default ellipsoid bound the samples are every evaluation, importance-weighted).
 */
public final class MisShrunkNestedSampler implements Sampler {

    private final NestedSampler inner;
    private final double factor;

    public MisShrunkNestedSampler(NestedSampler inner, double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("shrinkage factor must be finite and > 0, got " + factor);
        }
        this.inner = inner.options().bound() == NestedSampler.Bound.ELLIPSOIDS
                ? NestedSampler.of(inner.options().withBound(NestedSampler.Bound.MLFRIENDS)) : inner;
        this.factor = factor;
    }

    @Override
    public String name() {
        return "nested-misshrunk";
    }

    @Override
    public RunResult run(InferenceProblem problem, UniformRandomProvider rng, RunListener listener) {
        RunResult r = inner.run(problem, rng, listener);
        NestedRun nr = r.nestedRun().orElseThrow();
        WeightedSamples s = r.samples();
        int n = nr.size();
        if (s.size() != n) {
            throw new IllegalStateException("the inner sampler's samples (" + s.size() + ") are not its nested run ("
                    + n + " points)");
        }
        double[] lw = new double[n];
        double prev = 0;
        for (int i = 0; i < n; i++) {
            double cur = factor * nr.logX()[i];
            lw[i] = nr.logL()[i] == Double.NEGATIVE_INFINITY || cur >= prev ? Double.NEGATIVE_INFINITY
                    : nr.logL()[i] + LogMath.logSubExp(prev, cur);
            prev = Math.min(prev, cur);
        }
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) {
            rows[i] = s.row(i);
        }
        WeightedSamples bad = WeightedSamples.of(s.names(), rows, lw, s.logLikelihoods());
        return RunResult.builder(name(), bad)
                .likelihoodCalls(r.likelihoodCalls()).wallSeconds(r.wallSeconds()).build();
    }
}
