package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.astronest.cli.io.RunDirectory;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published CCLya v1.1 fit (shared/payne/cclya_payne_v1.1/reproduction.json: the authors' emcee run, posterior
 * medians with 16/84% offsets) against the posterior of astronest's nested sampler through {@code payne fit}.
 */
@Tag("slow")
class PaynePosteriorTest {

    /**
     * A spectrum the 2HL network generated at known labels plus Gaussian noise (shared/payne/
     * payne_architecture_reference.json, the_payne_2hl_selfconsistent_fits): each posterior mean lies within 3
     * posterior sds of the truth (for a correct posterior, each label fails with probability 0.3%).
     */
    @Test
    void selfConsistentSpectrumPosteriorContainsTheTruth(@TempDir Path dir) throws Exception {
        String d = SharedData.resolve("payne/cclya_the_payne_2hl").toString();
        CliTest.Outcome o = CliTest.run("payne", "fit", "--network", d + "/NN_normalized_spectra_smallbatch_v2.npz",
                "--spectrum", d + "/selfconsistent_spectrum_1.csv", "--method", "nested", "--seed", "1", "--out",
                dir.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode ref = RunDirectory.json().readTree(SharedData.resolve("payne/payne_architecture_reference.json")
                .toFile()).get("the_payne_2hl_selfconsistent_fits").get("fits");
        JsonNode truth = null;
        for (JsonNode f : ref) {
            if (f.get("file").asText().equals("selfconsistent_spectrum_1.csv")) {
                truth = f.get("truth");
            }
        }
        JsonNode params = RunDirectory.json().readTree(dir.resolve("result.json").toFile()).get("parameters");
        String[] labels = {"sigma_int", "N_HI", "v_exp", "T"};
        int checked = 0;
        for (int k = 0; k < labels.length; k++) {
            for (JsonNode n : params) {
                if (n.get("name").asText().equals(labels[k])) {
                    double z = (n.get("mean").asDouble() - truth.get(k).asDouble()) / n.get("sd").asDouble();
                    assertTrue(Math.abs(z) < 3, labels[k] + ": posterior mean is " + z + " sd from the truth");
                    checked++;
                }
            }
        }
        assertEquals(labels.length, checked, "every label has a posterior summary");
    }

    @Test
    void cclyaNestedMediansFallInsideThePublishedIntervals(@TempDir Path dir) throws Exception {
        String d = SharedData.resolve("payne/cclya_payne_v1.1").toString();
        CliTest.Outcome o = CliTest.run("payne", "fit", "--network", d + "/cclya_neuralnetwork.npz", "--spectrum",
                d + "/sample_spectrum.csv", "--wavelength", d + "/cclya_wavelength.npz", "--prior", d + "/prior.txt",
                "--method", "nested", "--seed", "1", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        JsonNode r = RunDirectory.json().readTree(dir.resolve("result.json").toFile());
        // name, published median, minus, plus (reproduction.json)
        Object[][] published = {
            {"sigma_int", 25.04, 18.1, 17.6},
            {"logN_HI", 19.8456, 0.033, 0.024},
            {"v_exp", 18.78, 1.03, 1.29},
            {"logT", 4.1161, 0.041, 0.057},
            {"v_lya", -1.95, 1.20, 1.61}};
        for (Object[] p : published) {
            double q50 = Double.NaN; // stays NaN (and fails below) if the label is missing
            for (JsonNode n : r.get("parameters")) {
                if (n.get("name").asText().equals(p[0])) {
                    q50 = n.get("q50").asDouble();
                }
            }
            double med = (Double) p[1];
            double lo = med - (Double) p[2];
            double hi = med + (Double) p[3];
            assertTrue(q50 >= lo && q50 <= hi, p[0] + ": median " + q50 + " outside the published [" + lo + ", " + hi
                    + "]");
        }
    }
}
