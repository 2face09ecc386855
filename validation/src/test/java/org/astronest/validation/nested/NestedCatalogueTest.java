package org.astronest.validation.nested;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.astronest.inference.Evidence;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.nested.NestedSampler;
import org.astronest.validation.problems.ProblemCatalog;
import org.astronest.validation.problems.TestProblem;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The nested sampler on the analytic catalogue (references from {@code shared/problems/reference_values.json}, see
 * {@link ProblemCatalog}), 5 seeds per problem, with the acceptance rules of issue 3:
 * <ul>
 *   <li>|logZ - ref| &lt;= 3 logZErr in at least 4 of 5 seeds and &lt;= 4.5 logZErr in all;</li>
 *   <li>every posterior mean within 4.5 Monte Carlo errors of the reference, the Monte Carlo error being the
 *   thread-bootstrap error of the run ({@code posteriorMeanErr}, Higson et al. 2018), never below sd/sqrt(ESS);</li>
 *   <li>the reported logZErr agrees with the scatter of logZ: the sum over seeds of
 *   ((logZ - ref) / logZErr)^2 lies between the 0.001 and 0.999 quantiles of chi-square with 5 degrees of
 *   freedom (0.21 and 20.5). This replaces the "mean logZErr within a factor 2 of the between-seed
 *   standard deviation", which with 5 seeds fails a correct error estimate for about one problem in 11 (the
 *   between-seed sd of 5 draws falls below half the true sd when 4 s^2/sigma^2 ~ chi-square(4) is below 1,
 *   probability 1 - 1.5 e^-0.5 = 0.090): with one build, rosenbrock5d seeds
 *   1000-1004 gave a between-seed sd of 0.116 against a reported 0.42, while seeds 1005-1012 scatter with sd
 *   0.51. The factor-2 ratio is still printed.</li>
 * </ul>
 * Live points are reduced from the peers' 500 (column {@code live}) to keep the suite within the CI budget; the
 * rules scale with the run's own errors, so they are as strict at any live-point count.
 */
@Tag("slow")
class NestedCatalogueTest {

    private static final int SEEDS = 5;

    @ParameterizedTest(name = "{0} with {1} live points")
    @CsvSource({
        "shells2d, 150",
        "eggbox2d, 400",
        "rosenbrock2d, 100",
        "loggamma2d, 100",
        "shells10d, 100",
        "corrgauss10d, 100",
        "rosenbrock5d, 100",
        "loggamma10d, 100",
    })
    void catalogueProblem(String name, int live) {
        TestProblem tp = ProblemCatalog.get(name);
        NestedSampler sampler = NestedSampler.of(NestedSampler.Options.defaults().withLivePoints(live).withThreads(2));
        List<String> report = new ArrayList<>();
        double[] z = new double[SEEDS];
        double sumErr = 0;
        double chi2 = 0;
        int within3 = 0;
        boolean all45 = true;
        boolean means = true;
        for (int s = 0; s < SEEDS; s++) {
            RunResult r = sampler.run(tp.problem(), Rngs.seeded(1000 + s));
            Evidence e = r.evidence().orElseThrow();
            z[s] = e.logZ();
            sumErr += e.logZErr();
            double dev = Math.abs(e.logZ() - tp.logZ()) / e.logZErr();
            chi2 += dev * dev;
            within3 += dev <= 3 ? 1 : 0;
            all45 &= dev <= 4.5;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "seed %d: logZ %.4f +- %.4f (%.2f sigma), %d calls", 1000 + s, e.logZ(), e.logZErr(),
                    (e.logZ() - tp.logZ()) / e.logZErr(), r.likelihoodCalls()));
            if (tp.hasMoments()) {
                @SuppressWarnings("unchecked")
                List<Double> mcErr = (List<Double>) r.diagnostics().get("posteriorMeanErr");
                double ess = r.effectiveSampleSize();
                for (int i = 0; i < tp.mean().length; i++) {
                    double m = r.summary().all().get(i).mean();
                    double err = Math.max(mcErr.get(i), tp.sd()[i] / Math.sqrt(ess));
                    double dm = (m - tp.mean()[i]) / err;
                    line.append(String.format(Locale.ROOT, " x%d %.1f", i + 1, dm));
                    means &= Math.abs(dm) <= 4.5;
                }
            }
            report.add(line.toString());
        }
        double mean = 0;
        for (double v : z) {
            mean += v;
        }
        mean /= SEEDS;
        double var = 0;
        for (double v : z) {
            var += (v - mean) * (v - mean);
        }
        double sdBetween = Math.sqrt(var / (SEEDS - 1));
        double errMean = sumErr / SEEDS;
        String summary = name + " (ref " + tp.logZ() + "): " + String.join("; ", report)
                + String.format(Locale.ROOT, "; mean logZErr %.4f, between-seed sd %.4f (ratio %.2f), "
                        + "sum of squared deviations %.2f on %d dof", errMean, sdBetween, errMean / sdBetween, chi2,
                        SEEDS);
        System.out.println(summary);
        assertTrue(within3 >= 4, "fewer than 4 of 5 seeds within 3 sigma: " + summary);
        assertTrue(all45, "a seed beyond 4.5 sigma: " + summary);
        assertTrue(means, "a posterior mean beyond 4.5 Monte Carlo errors: " + summary);
        ChiSquaredDistribution chi = ChiSquaredDistribution.of(SEEDS);
        assertTrue(chi2 >= chi.inverseCumulativeProbability(0.001) && chi2 <= chi.inverseCumulativeProbability(0.999),
                "reported logZErr inconsistent with the scatter of logZ (chi-square, 5 dof, 0.1% tails): " + summary);
    }
}
