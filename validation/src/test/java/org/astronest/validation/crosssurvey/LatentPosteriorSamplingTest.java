package org.astronest.validation.crosssurvey;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.rng.simple.RandomSource;
import org.astronest.forwardmodels.crosssurvey.CrossSurveyFit;
import org.astronest.forwardmodels.crosssurvey.LatentModel;
import org.astronest.forwardmodels.crosssurvey.LatentPosterior;
import org.astronest.forwardmodels.crosssurvey.SyntheticSurveys;
import org.astronest.inference.Chains;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.WeightedSamples;
import org.astronest.inference.diagnostics.ChainDiagnostics;
import org.astronest.inference.mcmc.EnsembleSampler;
import org.astronest.inference.nested.NestedSampler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 23: the nested and ensemble posteriors over the latent vector (c = 5) of a low-resolution-only star against
 * the exact linear-Gaussian answer ({@link LatentPosterior}): every mean and covariance element within 4.5 Monte
 * Carlo standard errors (a Gaussian false alarm of 7e-6 per value, 1.4e-4 over the 20 values of a run), and the nested
 * ln Z within 3 of its reported errors of the closed-form evidence. MCSE of a mean: sd / sqrt(ESS) (nested: Kish's
 * ESS of the weights; ensemble: the walkers' split-chain ESS, {@link ChainDiagnostics#mcseMean}); of a covariance
 * element S_kl for a Gaussian: sqrt((S_kk S_ll + S_kl^2) / ESS) (Anderson 2003, thm. 3.4.4).
 */
class LatentPosteriorSamplingTest {

    static final long SEED = Long.getLong("astronest.test.seed", 1L);
    static LatentPosterior exact;

    @BeforeAll
    static void posterior() {
        SyntheticSurveys.Surveys s = SyntheticSurveys.draw(SyntheticSurveys.Design.issue23(SEED));
        LatentModel m = CrossSurveyFit.fit(s.train(), 5, CrossSurveyFit.Options.defaults()).model()
                .latent(s.train().hi());
        exact = m.posterior(s.test().lo()[0], s.test().loErr()[0]);
    }

    @Test
    void nestedMatchesTheExactPosteriorAndEvidence() {
        InferenceProblem p = LatentPosteriorProblem.of(exact);
        RunResult r = NestedSampler.of(NestedSampler.Options.defaults().withThreads(2))
                .run(p, RandomSource.XO_RO_SHI_RO_128_PP.create(SEED), RunListener.NONE);
        WeightedSamples w = r.samples();
        double ess = w.effectiveSampleSize();
        double[][] cols = new double[5][];
        for (int k = 0; k < 5; k++) {
            cols[k] = w.column(LatentPosteriorProblem.name(k + 1));
        }
        checkMoments("nested", cols, w.weights(), ess, null);
        double logZ = r.evidence().orElseThrow().logZ();
        double err = r.evidence().orElseThrow().logZErr();
        double z = (logZ - exact.logEvidence()) / err;
        System.out.printf("nested: ln Z %.3f +- %.3f, exact %.3f (z %.2f), ESS %.0f, %d calls%n", logZ, err,
                exact.logEvidence(), z, ess, r.likelihoodCalls());
        assertTrue(Math.abs(z) < 3, "ln Z " + logZ + " +- " + err + " vs exact " + exact.logEvidence());
    }

    @Test
    void ensembleMatchesTheExactPosterior() {
        InferenceProblem p = LatentPosteriorProblem.of(exact);
        RunResult r = EnsembleSampler.of(EnsembleSampler.Options.defaults().withThreads(2))
                .run(p, RandomSource.XO_RO_SHI_RO_128_PP.create(SEED), RunListener.NONE);
        int walkers = r.chains().orElseThrow().walkers();
        WeightedSamples w = r.samples();
        double[][] cols = new double[5][];
        for (int k = 0; k < 5; k++) {
            cols[k] = w.column(LatentPosteriorProblem.name(k + 1));
        }
        checkMoments("ensemble", cols, null, 0, walkers);
    }

    /** Means and covariances of the columns (weighted, or split into walkers) against the exact ones. */
    private static void checkMoments(String who, double[][] cols, double[] weights, double ess, Integer walkers) {
        int n = cols[0].length;
        double[] wt = weights != null ? weights : uniform(n);
        double[] mean = new double[5];
        for (int k = 0; k < 5; k++) {
            for (int i = 0; i < n; i++) {
                mean[k] += wt[i] * cols[k][i];
            }
        }
        double worst = 0;
        for (int k = 0; k < 5; k++) {
            double sd = Math.sqrt(exact.covariance()[k][k]);
            double mcse = walkers == null ? sd / Math.sqrt(ess)
                    : ChainDiagnostics.mcseMean(Chains.split(cols[k], walkers));
            double z = (mean[k] - exact.mean()[k]) / mcse;
            worst = Math.max(worst, Math.abs(z));
            assertTrue(Math.abs(z) < 4.5, who + ": mean of u" + (k + 1) + " " + mean[k] + " vs exact "
                    + exact.mean()[k] + " (" + z + " MCSE)");
            for (int l = 0; l <= k; l++) {
                double[] prod = new double[n];
                double cov = 0;
                for (int i = 0; i < n; i++) {
                    prod[i] = (cols[k][i] - mean[k]) * (cols[l][i] - mean[l]);
                    cov += wt[i] * prod[i];
                }
                double skl = exact.covariance()[k][l];
                double se = walkers == null
                        ? Math.sqrt((exact.covariance()[k][k] * exact.covariance()[l][l] + skl * skl) / ess)
                        : ChainDiagnostics.mcseMean(Chains.split(prod, walkers));
                double zc = (cov - skl) / se;
                worst = Math.max(worst, Math.abs(zc));
                assertTrue(Math.abs(zc) < 4.5, who + ": cov(u" + (k + 1) + ", u" + (l + 1) + ") " + cov
                        + " vs exact " + skl + " (" + zc + " MCSE)");
            }
        }
        System.out.printf("%s: worst |z| over 5 means and 15 covariances %.2f MCSE%n", who, worst);
    }

    private static double[] uniform(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1.0 / n);
        return w;
    }
}
