package org.astronest.validation.sbc;

import java.util.List;
import java.util.Locale;

/**
 * SBC outcome of one model and sampler.
 *
 * @param model      model name
 * @param sampler    sampler name
 * @param replicates simulations
 * @param draws      posterior draws L per replicate (ranks 0..L)
 * @param bins       histogram bins
 * @param parameters ranked parameters
 * @param ranks      ranks[parameter][replicate]
 * @param histogram  histogram[parameter][bin]
 * @param chi2       chi-square statistic per parameter
 * @param pValue     chi-square p-value per parameter (bins - 1 degrees of freedom)
 * @param alpha      rejection level (0.01)
 * @param passed     no parameter rejected
 */
public record SbcReport(String model, String sampler, int replicates, int draws, int bins, List<String> parameters,
                        int[][] ranks, int[][] histogram, double[] chi2, double[] pValue, double alpha,
                        boolean passed) {

    /** Text rank histograms and the test results. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "SBC %s / %s: %d replicates, L = %d, %d bins (expected %.1f per bin)%n",
                model, sampler, replicates, draws, bins, (double) replicates / bins));
        for (int p = 0; p < parameters.size(); p++) {
            b.append(String.format(Locale.ROOT, "  %-8s chi2 %6.2f p %.4f %s  |", parameters.get(p), chi2[p],
                    pValue[p], pValue[p] < alpha ? "REJECTED" : "ok      "));
            for (int h : histogram[p]) {
                b.append(String.format(Locale.ROOT, "%4d", h));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** CSV: replicate, then one rank column per parameter. */
    public String csv() {
        StringBuilder b = new StringBuilder("replicate");
        for (String p : parameters) {
            b.append(',').append(p);
        }
        b.append('\n');
        for (int r = 0; r < replicates; r++) {
            b.append(r);
            for (int[] rk : ranks) {
                b.append(',').append(rk[r]);
            }
            b.append('\n');
        }
        return b.toString();
    }
}
