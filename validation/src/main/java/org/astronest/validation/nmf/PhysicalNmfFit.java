package org.astronest.validation.nmf;

import org.astronest.forwardmodels.nmf.LineGrid;
import org.astronest.forwardmodels.nmf.PhysicalNmf;
import org.astronest.inference.ParameterSummary;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.nested.NestedSampler;

/**
 * One nested-sampling run of the physical NMF with K components ({@link PhysicalNmfProblem}): the evidence and the
 * posterior of every component's (log T, log n), and the emission W at the posterior medians.
 *
 * @param components K
 * @param run        the sampler's result (samples, evidence, diagnostics)
 * @param q16        per component, the 16% quantiles of log T then of log n ({@code [k][0]}, {@code [k][1]})
 * @param q50        medians, same layout
 * @param q84        84% quantiles, same layout
 * @param W          lines x K, the emission at the medians
 */
public record PhysicalNmfFit(int components, RunResult run, double[][] q16, double[][] q50, double[][] q84,
                             double[][] W) {

    /**
     * Samples the problem with K components; the random stream is {@code Rngs.stream(seed, K)}, so the runs for
     * several K are independent and each is reproducible on its own.
     */
    public static PhysicalNmfFit run(PhysicalNmf likelihood, LineGrid grid, int k, NestedSampler.Options options,
                                     long seed, RunListener listener) {
        RunResult r = NestedSampler.of(options).run(PhysicalNmfProblem.of(likelihood, grid, k), Rngs.stream(seed, k),
                listener == null ? RunListener.NONE : listener);
        double[][] lo = new double[k][2];
        double[][] mid = new double[k][2];
        double[][] hi = new double[k][2];
        double[] lt = new double[k];
        double[] ln = new double[k];
        for (int j = 0; j < k; j++) {
            ParameterSummary t = r.summary().get(PhysicalNmfProblem.logT(j + 1));
            ParameterSummary n = r.summary().get(PhysicalNmfProblem.logN(j + 1));
            lo[j] = new double[] {t.q16(), n.q16()};
            mid[j] = new double[] {t.q50(), n.q50()};
            hi[j] = new double[] {t.q84(), n.q84()};
            lt[j] = t.q50();
            ln[j] = n.q50();
        }
        return new PhysicalNmfFit(k, r, lo, mid, hi, grid.emission(lt, ln));
    }

    /** ln Z of the run. */
    public double logZ() {
        return run.evidence().orElseThrow().logZ();
    }

    /** Its error as the sampler reports it. */
    public double logZErr() {
        return run.evidence().orElseThrow().logZErr();
    }
}
