package org.astronest.forwardmodels.payne;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;

class CclyaLikelihoodTest {

    static CclyaLikelihood load() {
        SpectralNetwork net = PayneNetworks.load(SharedData.resolve(SpectralNetworkTest.CCLYA), null).network();
        double[] grid = Spectrum.readVector(SharedData.resolve("payne/cclya_payne_v1.1/cclya_wavelength.npz"),
                "wavelength");
        Spectrum s = Spectrum.read(SharedData.resolve("payne/cclya_payne_v1.1/sample_spectrum.csv"));
        return new CclyaLikelihood(net, grid, s.wavelength(), s.flux(), s.error());
    }

    /**
     * The published medians as printed to two decimals (the values output_model.csv was computed at) with the
     * published amplitude: chi2 = 381.5434275 (chi2.txt), the model equals output_model.csv to 1e-9 (its values are
     * printed to 7 significant digits; reproduction.json: max difference 4.96e-10).
     */
    @Test
    void chiSquareAndModelAtThePublishedMedians() throws IOException {
        CclyaLikelihood like = load();
        assertEquals(400, like.pixelCount());
        JsonNode ref = SpectralNetworkTest.json("payne/cclya_payne_v1.1/reproduction.json").path("reference");
        double a = ref.path("A_lya").asDouble();
        assertEquals(0.28432088584728116, a); // results.csv A_lya
        double[] printed = {25.04, 19.85, 18.78, 4.12, -1.95}; // results.csv medians rounded to 2 decimals
        double chi2 = like.chi2(printed, a);
        double want = ref.path("chi2").asDouble(); // chi2.txt: 381.54342750251095
        assertEquals(381.54342750251095, want);
        assertEquals(want, chi2, 1e-7 * want, "chi2 at the published medians");
        System.out.printf("CCLya chi2 at published medians = %.10f (ref %.10f, rel %.2e)%n", chi2, want,
                Math.abs(chi2 - want) / want);

        double[] model = like.model(printed, a);
        double[][] om = SpectralNetworkTest.columns(SharedData.resolve("payne/cclya_payne_v1.1/output_model.csv"));
        double worst = 0;
        for (int i = 0; i < model.length; i++) {
            worst = Math.max(worst, Math.abs(model[i] - om[1][i]));
        }
        assertTrue(worst <= 1e-9, "max |model - output_model.csv| = " + worst);
        System.out.printf("CCLya max |model - output_model.csv| = %.3g%n", worst);
    }

    /**
     * At the unrounded medians the analytic amplitude equals the published A (reproduction.json:
     * A_refit_at_unrounded_medians = 0.2843208858472814) and chi2 = 380.4100324291014.
     */
    @Test
    void analyticAmplitudeAtUnroundedMedians() {
        CclyaLikelihood like = load();
        double[] med = {25.03528924207785, 19.845600415983437, 18.78396062796717, 4.116092029667307,
            -1.946052181185464};
        assertEquals(0.2843208858472814, like.amplitude(med), 1e-12);
        assertEquals(380.4100324291014, like.chi2(med), 1e-9 * 380.41);
        assertEquals(-0.5 * like.chi2(med), like.logLikelihood(med), 0.0);
        double[] out = new double[2];
        like.logLikelihood(new double[][] {med, med}, out);
        assertEquals(like.logLikelihood(med), out[1], 0.0);
    }

    /**
     * Maximum likelihood from several starts inside the published prior box (prior.txt): reproduction.json's
     * 16-start optimum has chi2 = 378.36417254983724 (sigma_int at its lower bound 0). The likelihood is only
     * piecewise smooth in v_lya (linear interpolation between 2 km/s grid points), so a gradient method can stop on a
     * kink: we accept chi2 within 0.05 of the reference (a log-likelihood difference of 0.025, far below the
     * posterior width) and the labels within a fraction of the published 1-sigma intervals.
     */
    @Test
    void optimizerReachesTheReferenceMaximumLikelihood() {
        CclyaLikelihood like = load();
        double[] lo = {0, 19.4, 10, 4.0, -5};
        double[] hi = {50, 20.0, 100, 4.8, 5};
        List<double[]> starts = List.of(new double[] {20, 19.7, 39, 4.6, 0}, // guess.txt
                LabelFitter.centre(lo, hi), new double[] {5, 19.8, 20, 4.2, -2});
        LabelFitter.Result r = new LabelFitter().fit(like, lo, hi, starts);
        System.out.printf("CCLya ML: theta %s chi2 %.6f (ref 378.36417255) evaluations %d%n",
                java.util.Arrays.toString(r.theta()), r.chi2(), r.evaluations());
        assertTrue(r.chi2() <= 378.36417254983724 + 0.05, "chi2 " + r.chi2());
        // reproduction.json max_likelihood_fit; tolerances: 1/3 of the published 1-sigma (logN_HI 0.024-0.033,
        // v_exp 1.03-1.29, logT 0.041-0.057, v_lya 1.20-1.61)
        assertEquals(19.85424779828221, r.theta()[1], 0.008);
        assertEquals(18.374275046013356, r.theta()[2], 0.34);
        assertEquals(4.105135781507611, r.theta()[3], 0.013);
        assertEquals(-2.2852668859360454, r.theta()[4], 0.4);
    }
}
