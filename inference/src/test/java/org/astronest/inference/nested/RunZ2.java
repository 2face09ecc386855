package org.astronest.inference.nested;

import java.util.List;
import org.astronest.inference.RunResult;

/** Squared z-scores of a run's reported ln Z and posterior means against known values, in their reported errors. */
final class RunZ2 {

    private RunZ2() {
    }

    /** {@code ((ln Z - logZ) / err)^2}. */
    static double logZ(RunResult r, double logZ) {
        double z = (r.evidence().orElseThrow().logZ() - logZ) / r.evidence().orElseThrow().logZErr();
        return z * z;
    }

    /** The sum over parameters k of {@code ((mean_k - truth_k) / posteriorMeanErr_k)^2}. */
    static double means(RunResult r, double[] truth) {
        List<?> err = (List<?>) r.diagnostics().get("posteriorMeanErr");
        double[] w = r.samples().weights();
        double sum = 0;
        for (int k = 0; k < truth.length; k++) {
            double[] col = r.samples().column(k);
            double m = 0;
            double ws = 0;
            for (int i = 0; i < col.length; i++) {
                m += w[i] * col[i];
                ws += w[i];
            }
            double zm = (m / ws - truth[k]) / ((Number) err.get(k)).doubleValue();
            sum += zm * zm;
        }
        return sum;
    }
}
