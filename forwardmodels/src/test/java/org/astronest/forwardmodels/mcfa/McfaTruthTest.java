package org.astronest.forwardmodels.mcfa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Deterministic references at the true parameters of toy_N5000 (shared/mcfa/README.md B.3; toy_N5000_truth.json,
 * values from the authors' code andycasey/mcfa 8c4135e).
 */
class McfaTruthTest {

    static final String TRUTH = "toy_N5000_truth.json";

    static void assertRel(double expected, double actual, double rel, String what) {
        assertEquals(expected, actual, Math.abs(expected) * rel, what);
    }

    @Test
    void logLikelihoodBicAndMessageLengthAtTruth() {
        McfaData y = McfaReference.data("toy_N5000_Y.csv");
        McfaParameters t = McfaReference.truth(TRUTH);
        JsonNode at = McfaReference.json(TRUTH).get("at_truth");
        double ll = Mcfa.logLikelihood(y, t);
        // README B.3: log L at truth -115938.28262143218
        assertRel(-115938.28262143218, ll, 1e-9, "log L at truth");
        assertRel(at.get("log_likelihood").asDouble(), ll, 1e-9, "log L at truth (json)");
        assertEquals(274, t.parameterCount(), "Q (README B.3)");
        assertRel(234210.27617731242, MessageLength.bic(ll, y.rows(), t.parameterCount()), 1e-9, "BIC at truth");
        MessageLength.Parts p = MessageLength.of(t, ll, y.rows());
        JsonNode parts = at.get("message_length_parts");
        assertRel(116782.87563238703, p.total(), 1e-9, "message length at truth");
        assertRel(parts.get("pi").asDouble(), p.pi(), 1e-9, "I_pi");
        assertRel(parts.get("xi,omega").asDouble(), p.xiOmega(), 1e-9, "I_xi,omega");
        assertRel(parts.get("A").asDouble(), p.a(), 1e-9, "I_A");
        assertRel(parts.get("K").asDouble(), p.k(), 1e-9, "I_K");
        assertRel(parts.get("J").asDouble(), p.j(), 1e-9, "I_J");
        assertRel(parts.get("nll").asDouble(), p.nll(), 1e-9, "I_nll");
        assertRel(parts.get("lattice").asDouble(), p.lattice(), 1e-9, "I_lattice");
        assertEquals(274, p.q());
    }

    @Test
    void oneEmStepFromTruth() {
        McfaData y = McfaReference.data("toy_N5000_Y.csv");
        McfaParameters t = McfaReference.truth(TRUTH);
        JsonNode one = McfaReference.json(TRUTH).get("one_em_step_from_truth");
        McfaParameters t1 = Mcfa.emStep(y, t);
        McfaParameters ref = McfaReference.parameters(one.get("theta1"));
        assertArrayClose(ref.weights(), t1.weights(), 1e-9, "pi after one step");
        assertArrayClose(ref.means(), t1.means(), 1e-8, "xi after one step");
        assertArrayClose(ref.covariances(), t1.covariances(), 1e-8, "omega after one step");
        assertArrayClose(ref.loads(), t1.loads(), 1e-8, "A after one step");
        assertArrayClose(ref.psi(), t1.psi(), 1e-8, "psi after one step");
        // README B.3: log L after one EM step from truth -115881.49340528419
        assertRel(-115881.49340528419, Mcfa.logLikelihood(y, t1), 1e-9, "log L after one EM step");
    }

    @Test
    void observedDataLogLikelihoodAtTruthWithMissingEntries() {
        McfaParameters t = McfaReference.truth(TRUTH);
        McfaData x20 = McfaReference.data("toy_N5000_missing20_X.csv");
        McfaData x40 = McfaReference.data("toy_N5000_missing40_X.csv");
        assertEquals(15000, x20.missingCount(), "missing20 n_missing (truth json)");
        assertEquals(30000, x40.missingCount(), "missing40 n_missing (truth json)");
        // README B.3: observed-data log L at truth
        assertRel(-93640.19485575959, Mcfa.logLikelihood(x20, t), 1e-9, "observed log L, 20% missing");
        assertRel(-71323.92185121364, Mcfa.logLikelihood(x40, t), 1e-9, "observed log L, 40% missing");
    }

    static void assertArrayClose(double[] e, double[] a, double rel, String what) {
        assertEquals(e.length, a.length, what + " length");
        double scale = 0;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= rel * scale, what + "[" + i + "]: expected " + e[i] + " got " + a[i]);
        }
    }
}
