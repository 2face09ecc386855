package org.astronest.forwardmodels.payne;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;

class PayneFitTest {

    /**
     * Self-consistent spectra (network + seeded noise, truths in payne_architecture_reference.json): the fit from
     * the box centre matches the reference least-squares fit (scipy curve_fit, tight tolerances) and its 1-sigma
     * errors, and recovers the truth within a few sigma (the noise realisation moves the optimum by ~1 sigma).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(LabelFitter.Algorithm.class)
    void selfConsistentSpectraRecoverTheTruth(LabelFitter.Algorithm algorithm) throws IOException {
        PayneNetworks.Loaded net = PayneNetworks.load(SharedData.resolve(SpectralNetworkTest.TWO_HL), null);
        double[] lo = net.network().xMin();
        double[] hi = net.network().xMax();
        JsonNode fits = SpectralNetworkTest.json("payne/payne_architecture_reference.json")
                .path("the_payne_2hl_selfconsistent_fits").path("fits");
        assertEquals(3, fits.size());
        for (JsonNode ref : fits) {
            Spectrum s = Spectrum.read(SharedData.resolve("payne/cclya_the_payne_2hl/" + ref.path("file").asText()));
            PayneProblem p = PayneProblem.of(net, s, null, PayneProblem.Options.defaults());
            assertEquals(List.of("sigma_int", "N_HI", "v_exp", "T"), p.parameterNames());
            LabelFitter.Result r = p.fit(new LabelFitter(LabelFitter.Options.defaults().withAlgorithm(algorithm)));
            double[] truth = SpectralNetworkTest.doubles(ref.path("truth"));
            double[] refFit = SpectralNetworkTest.doubles(ref.path("fit_scaled_tight_tolerances"));
            double[] refStd = SpectralNetworkTest.doubles(ref.path("fit_scaled_std"));
            double[] sFit = net.network().scale(r.theta());
            StringBuilder line = new StringBuilder(ref.path("file").asText());
            for (int k = 0; k < 4; k++) {
                double errScaled = r.errors()[k] / (hi[k] - lo[k]);
                double pull = (r.theta()[k] - truth[k]) / r.errors()[k];
                line.append(String.format(Locale.ROOT, " | s%d %.8f (ref %.8f) err %.3e (ref %.3e) pull %.2f", k,
                        sFit[k], refFit[k], errScaled, refStd[k], pull));
                // reference fit agreement: well inside 1e-3 sigma
                assertEquals(refFit[k], sFit[k], 1e-3 * refStd[k], "scaled label " + k);
                // errors from (J^T W J)^-1 agree with curve_fit's absolute_sigma covariance
                assertEquals(refStd[k], errScaled, 1e-3 * refStd[k], "error of label " + k);
                assertTrue(Math.abs(pull) < 3, "label " + k + " pull " + pull);
            }
            assertEquals(ref.path("chi2_tight").asDouble(), r.chi2(), 1e-6 * r.chi2());
            assertEquals(ref.path("chi2_at_truth").asDouble(), p.chi2(truth), 1e-8 * r.chi2());
            System.out.println(algorithm + " " + line + String.format(Locale.ROOT, " | chi2 %.6f evals %d", r.chi2(), r.evaluations()));
        }
    }

    /**
     * The APOGEE spectrum 2M13012770+5754582 with binspec's normalized network plus a Doppler shift: pixels with
     * error < 0.1 (6945 good pixels, as the reference fit), no continuum re-normalisation. Reference
     * (payne_architecture_reference.json own_fit_2M13012770, scipy curve_fit): chi2 30653.18. Our optimum is lower,
     * chi2 = 30652.225 (checked independently with NumPy at our labels: 30652.2250288643), so the reference stopped
     * ~1 chi2 unit early; labels must agree within 1.5 reference sigma and errors within 2%.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(LabelFitter.Algorithm.class)
    void apogeeSpectrumWithBinspecNetwork(LabelFitter.Algorithm algorithm) throws IOException {
        PayneNetworks.Loaded net = PayneNetworks.load(SharedData.resolve(SpectralNetworkTest.BINSPEC), null);
        double[] grid = Spectrum.readVector(SharedData.resolve("payne/binspec_apogee/apogee_wavelength.npz"),
                "wavelength");
        Spectrum s = Spectrum.read(SharedData.resolve("payne/binspec_apogee/spectrum_ap_id_2M13012770+5754582_.npz"));
        PayneProblem p = PayneProblem.of(net, s, grid, new PayneProblem.Options(null, null, 0.1, null, null));
        assertEquals(List.of("Teff", "logg", "FeH", "MgFe", "vmacro", "rv"), p.parameterNames());
        assertEquals(6945, p.goodCount());
        LabelFitter.Result r = p.fit(new LabelFitter(LabelFitter.Options.defaults().withAlgorithm(algorithm)));
        JsonNode ref = SpectralNetworkTest.json("payne/payne_architecture_reference.json").path("binspec_network")
                .path("own_fit_2M13012770");
        double[] popt = SpectralNetworkTest.doubles(ref.path("popt"));
        double[] pstd = SpectralNetworkTest.doubles(ref.path("pstd"));
        System.out.println(algorithm + " APOGEE 2M13012770+5754582: theta " + Arrays.toString(r.theta()) + " errors "
                + Arrays.toString(r.errors()) + " chi2 " + r.chi2() + " evals " + r.evaluations());
        assertTrue(r.chi2() <= ref.path("chi2").asDouble(), "chi2 " + r.chi2());
        assertEquals(30652.2250288643, r.chi2(), 1e-6); // NumPy at our optimum (see above)
        for (int k = 0; k < 6; k++) {
            assertEquals(popt[k], r.theta()[k], 1.5 * pstd[k], "parameter " + k);
            assertEquals(pstd[k], r.errors()[k], 0.02 * pstd[k], "error " + k);
        }
    }
}
