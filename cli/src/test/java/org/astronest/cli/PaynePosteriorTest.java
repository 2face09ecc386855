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
            double q50 = Double.NaN;
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
