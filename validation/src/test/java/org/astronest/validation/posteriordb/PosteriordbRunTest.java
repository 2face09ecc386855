package org.astronest.validation.posteriordb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End to end: both samplers on the posteriordb entries, compared by the README protocol at its thresholds (|z| 4.5,
 * KS 2.3, energy p 1e-3, R-hat 1.01, log Z 4.5 sigma). CI sizes (400 live points; 32 walkers x 16000 steps) are
 * smaller than the CLI defaults, so the tolerances (in units of the run's own Monte Carlo error) are wider; diamonds
 * (26-d, H = 198 nats) has its own tests below (200 live points; the ensemble until converged, the CLI default).
 * At 6000 steps every ensemble run
 * failed only on R-hat (1.011-1.03, too short chains). The centred eight schools with the ensemble sampler is the
 * README's funnel case: R-hat 1.10 for tau at 6000 steps, 1.064 at 20000 and 1.015 at 100000 (64 walkers); it
 * passes at 300000 steps, asserted below.
 */
@Tag("slow")
class PosteriordbRunTest {

    static final PosteriordbValidation.Options CI = PosteriordbValidation.Options.defaults().withLivePoints(400)
            .withWalkers(32).withSteps(16000).withThreads(2).withEnergy(new Comparison.EnergyOptions(500, 1000));

    static final List<String> ENTRIES = List.of("arK-arK", "earnings-earn_height",
            "eight_schools-eight_schools_centered", "eight_schools-eight_schools_noncentered",
            "kilpisjarvi_mod-kilpisjarvi", "low_dim_gauss_mix-low_dim_gauss_mix", "mesquite-logmesquite_logvas",
            "sblrc-blr");

    @Test
    void bothSamplersPassTheProtocol() {
        StringBuilder failures = new StringBuilder();
        int k = 0;
        for (String name : ENTRIES) {
            for (String kind : List.of("nested", "ensemble")) {
                if (kind.equals("ensemble") && name.startsWith("eight_schools")) {
                    continue; // below
                }
                PosteriorReport r = PosteriordbValidation.run(LogDensityCheckTest.root(), name, kind, 4242 + k, CI);
                if (!r.passed()) {
                    failures.append(name).append(' ').append(kind).append(": ").append(r.failures()).append('\n');
                }
                if (kind.equals("nested") && !Double.isNaN(r.logZExact())) {
                    // README 6.5: |logZ - exact| within 4.5 reported sigma
                    assertTrue(Math.abs(r.logZSigma()) <= Comparison.FAIL_Z, name + " logZ " + r.logZ() + " +- "
                            + r.logZErr() + " vs exact " + r.logZExact());
                }
            }
            k++;
        }
        assertEquals("", failures.toString());
    }

    /**
     * NUTS at its defaults (4 chains x 1000 + 1000) on every entry but the centred eight schools passes the protocol,
     * diamonds included (26-d: 15.7 s wall in the CLI run of docs/validation.md), with analytic gradients; the seeds
     * are the CLI's (20260401 + 1000 k) so the figures in the docs are these runs'.
     */
    @Test
    void nutsPassesTheProtocolAtItsDefaults() {
        PosteriordbValidation.Options o = PosteriordbValidation.Options.defaults().withThreads(2);
        StringBuilder failures = new StringBuilder();
        List<String> all = PosteriorModels.NAMES;
        for (int k = 0; k < all.size(); k++) {
            String name = all.get(k);
            if (name.equals("eight_schools-eight_schools_centered")) {
                continue; // below
            }
            PosteriorReport r = PosteriordbValidation.run(LogDensityCheckTest.root(), name, "nuts", 20260401L + 1000L * k,
                    o);
            assertTrue(r.gradientEvaluations() > 0, name);
            if (!r.passed()) {
                failures.append(name).append(": ").append(r.failures()).append('\n');
            }
        }
        assertEquals("", failures.toString());
    }

    /**
     * The funnel: on the centred eight schools NUTS at the default adapt_delta 0.8 reports divergent transitions
     * (163 with the CLI seed; the bias they warn of shows as R-hat 1.01-1.05), the diagnostic Stan users rely on; the
     * non-centred form's divergences are rare (20 in 80,000 draws over 20 seeds at 0.8, scattered over tau from
     * 0.004 to 17 rather than gathered at small tau: docs/nuts.md).
     */
    @Test
    void nutsReportsTheFunnelsDivergences() {
        PosteriordbValidation.Options o = PosteriordbValidation.Options.defaults().withThreads(2);
        PosteriorReport c = PosteriordbValidation.run(LogDensityCheckTest.root(), "eight_schools-eight_schools_centered",
                "nuts", 20260401L + 3000L, o);
        PosteriorReport nc = PosteriordbValidation.run(LogDensityCheckTest.root(),
                "eight_schools-eight_schools_noncentered", "nuts", 20260401L + 4000L, o);
        assertTrue(c.divergences() >= 20, "centred: " + c.divergences() + " divergences");
        assertTrue(nc.divergences() <= 5, "non-centred: " + nc.divergences() + " divergences");
        assertTrue(c.divergences() >= 10 * Math.max(1, nc.divergences()));
    }

    /**
     * Stan's remedy for rare, scattered divergences, a smaller step: at adapt_delta 0.9 the non-centred eight schools
     * had no divergence in 20 seeds x 4000 draws (docs/nuts.md), so at another seed one appears with probability
     * below 15% (the 95% upper bound on the rate, 3 / 80,000, times 4000 draws).
     */
    @Test
    void nonCentredHasNoDivergencesAtAdaptDelta09() {
        org.astronest.inference.InferenceProblem p = PosteriorModels.create(PosteriorFolder.read(
                LogDensityCheckTest.root(), "eight_schools-eight_schools_noncentered")).mcmcProblem();
        org.astronest.inference.RunResult r = org.astronest.inference.hmc.NutsSampler.of(
                org.astronest.inference.hmc.NutsSampler.Options.defaults().withTargetAccept(0.9).withThreads(2))
                .run(p, org.astronest.inference.Rngs.stream(Long.getLong("astronest.test.seed", 1L)),
                        org.astronest.inference.RunListener.NONE);
        assertEquals(0, ((Number) r.diagnostics().get("divergences")).intValue());
    }

    @Test
    void ensembleOnNonCentredEightSchoolsWithLongerChains() {
        // at 32 x 16000 the only failure of the whole test was R-hat(tau) = 1.013 here (the heavy right tail of tau
        // mixes slowly in the walkers); 64 walkers x 24000 steps as in the CLI default run (R-hat 1.0085 at 20000)
        PosteriordbValidation.Options o = CI.withWalkers(64).withSteps(24000);
        PosteriorReport r = PosteriordbValidation.run(LogDensityCheckTest.root(),
                "eight_schools-eight_schools_noncentered", "ensemble", 4242 + 3, o);
        assertTrue(r.passed(), r.failures()::toString);
    }

    @Test
    void ensembleOnCentredEightSchoolsWithLongChains() {
        // the funnel: the stretch move reaches the neck of small tau only slowly. 64 walkers x 300000 steps with the
        // CLI seed 20260401 passed (R-hat 1.0045, ESS 5248, worst |z| 3.81, docs/validation.md); asserted here with
        // another seed. About 1.5 GB of stored chain.
        PosteriordbValidation.Options o = CI.withWalkers(64).withSteps(300000);
        PosteriorReport r = PosteriordbValidation.run(LogDensityCheckTest.root(),
                "eight_schools-eight_schools_centered", "ensemble", 4242 + 2, o);
        System.out.printf("centred eight schools, ensemble 64 x 300000: passed %s, R-hat %.4f, ESS %.0f, worst |z| %.2f%n",
                r.passed(), r.rhatMax(), r.ess(), r.worstAbsZ());
        assertTrue(r.passed(), r.failures()::toString);
    }

    @Test
    void nestedOnDiamonds() {
        // 26-d, H = 198 nats: auto slices from the start (more than 20 parameters) in the Gaussianised cube. At the
        // CLI default of 2000 live points: PASS, ln Z 3190.05 +- 0.31 against the exact 3190.60 (docs/validation.md)
        PosteriordbValidation.Options o = CI.withLivePoints(200);
        PosteriorReport r = PosteriordbValidation.run(LogDensityCheckTest.root(), "diamonds-diamonds", "nested",
                4242 + 1, o);
        System.out.printf("diamonds, nested 200 live: passed %s, ln Z %.3f +- %.3f (exact %.3f), worst |z| %.2f, "
                + "%d calls%n", r.passed(), r.logZ(), r.logZErr(), r.logZExact(), r.worstAbsZ(), r.likelihoodCalls());
        assertTrue(r.passed(), r.failures()::toString);
        assertTrue(Math.abs(r.logZSigma()) <= Comparison.FAIL_Z, "ln Z " + r.logZ() + " +- " + r.logZErr());
    }

    @Test
    void ensembleOnDiamondsUntilConverged() {
        // the CLI default for the ensemble: until converged (80 tau, R-hat below 1.005), 64 walkers (2 d = 52 at
        // least); 20000 fixed steps failed R-hat (1.016-1.028)
        PosteriordbValidation.Options o = CI.withWalkers(64).withSteps(0);
        PosteriorReport r = PosteriordbValidation.run(LogDensityCheckTest.root(), "diamonds-diamonds", "ensemble",
                4242 + 1, o);
        System.out.printf("diamonds, ensemble until converged: passed %s, R-hat %.4f, ESS %.0f, %d calls%n",
                r.passed(), r.rhatMax(), r.ess(), r.likelihoodCalls());
        assertTrue(r.passed(), r.failures()::toString);
    }
}
