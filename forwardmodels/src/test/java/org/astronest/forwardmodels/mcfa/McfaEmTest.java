package org.astronest.forwardmodels.mcfa;

import static org.astronest.forwardmodels.mcfa.McfaTruthTest.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** EM from the truth against the authors' traces (shared/mcfa/mcfa_em_from_truth.json, README B.3). */
class McfaEmTest {

    static final McfaOptions COMPAT = McfaOptions.mcfaCompatible().withMaxIterations(10000);

    @Test
    void emFromTruthTol1e5CompatibleRule() {
        McfaData y = McfaReference.data("toy_N5000_Y.csv");
        JsonNode ref = McfaReference.json("mcfa_em_from_truth.json").get("N5000_tol1e-05");
        McfaFit f = new Mcfa(COMPAT.withConvergence(McfaOptions.Convergence.MCFA_COMPATIBLE, 1e-5))
                .fitFrom(y, McfaReference.truth("toy_N5000_truth.json"));
        // README B.3: -115836.19963 after 13 iterations
        assertEquals(ref.get("n_iter").asInt(), f.iterations());
        assertRel(ref.get("log_likelihood").asDouble(), f.logLikelihood(), 1e-9, "log L tol 1e-5");
        JsonNode tr = ref.get("ll_trace_first5");
        for (int i = 0; i < 5; i++) {
            assertRel(tr.get(i).asDouble(), f.trace()[i], 1e-9, "trace " + i);
        }
        assertRel(ref.get("bic").asDouble(), f.bic(), 1e-9, "BIC tol 1e-5");
        assertRel(ref.get("message_length").asDouble(), f.messageLength().total(), 1e-9, "ML tol 1e-5");
        assertRel(ref.at("/message_length_parts/A").asDouble(), f.messageLength().a(), 1e-7, "I_A tol 1e-5");
    }

    /** 1618 EM iterations (about 16 CPU seconds). */
    @Test
    @Tag("slow")
    void emFromTruthTol1e8CompatibleRule() {
        McfaData y = McfaReference.data("toy_N5000_Y.csv");
        JsonNode ref = McfaReference.json("mcfa_em_from_truth.json").get("N5000_tol1e-08");
        McfaFit f = new Mcfa(COMPAT.withConvergence(McfaOptions.Convergence.MCFA_COMPATIBLE, 1e-8))
                .fitFrom(y, McfaReference.truth("toy_N5000_truth.json"));
        // README B.3: -115809.85587 after 1618 iterations
        assertRel(-115809.85587406688, f.logLikelihood(), 1e-9, "log L tol 1e-8");
        assertTrue(Math.abs(f.iterations() - 1618) <= 2, "iterations " + f.iterations());
    }

    @Test
    void imputationModeFromTruthMatchesAuthors() {
        JsonNode refs = McfaReference.json("mcfa_em_from_truth.json");
        for (String c : new String[] {"20", "40"}) {
            McfaData x = McfaReference.data("toy_N5000_missing" + c + "_X.csv");
            JsonNode ref = refs.get("N5000_missing" + c + "_tol1e-05");
            McfaFit f = new Mcfa(COMPAT.withConvergence(McfaOptions.Convergence.MCFA_COMPATIBLE, 1e-5))
                    .fitFrom(x, McfaReference.truth("toy_N5000_truth.json"));
            JsonNode tr = ref.get("ll_trace_first5");
            for (int i = 0; i < 5; i++) {
                assertRel(tr.get(i).asDouble(), f.trace()[i], 1e-9, "missing" + c + " trace " + i);
            }
            assertEquals(ref.get("n_iter").asInt(), f.iterations(), "missing" + c + " iterations");
            assertRel(ref.get("log_likelihood").asDouble(), f.logLikelihood(), 1e-9, "missing" + c + " log L");
            assertRel(ref.get("observed_data_log_likelihood").asDouble(), f.observedLogLikelihood(), 1e-8,
                    "missing" + c + " observed log L");
        }
    }
}
