package org.astronest.forwardmodels.nmf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * scikit-learn 1.2.1's outputs in shared/nmf/golden.json (see its README) reproduced to 1e-10 relative; entries
 * that are exactly 0 in the golden to 1e-12 absolute.
 */
class NmfGoldenTest {

    static final double REL = 1e-10;
    static final double ABS_AT_ZERO = 1e-12;

    static JsonNode golden;
    static double[][] V;
    static double[][] W0;
    static double[][] H0;
    static int k;

    @BeforeAll
    static void read() throws Exception {
        golden = new ObjectMapper().readTree(SharedData.resolve("nmf/golden.json").toFile());
        V = matrix(golden.get("V"));
        W0 = matrix(golden.get("W0"));
        H0 = matrix(golden.get("H0"));
        k = golden.get("n_components").asInt();
    }

    static double[][] matrix(JsonNode a) {
        double[][] m = new double[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            m[i] = new double[a.get(i).size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = a.get(i).get(j).asDouble();
            }
        }
        return m;
    }

    /** The largest relative error (absolute where the golden is 0, scaled so that 1 = the tolerance's limit). */
    static double[] compare(String what, double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length, what + ": rows");
        double worstRel = 0;
        double worstAbsAtZero = 0;
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual[i].length, what + ": columns of row " + i);
            for (int j = 0; j < expected[i].length; j++) {
                double e = expected[i][j];
                double a = actual[i][j];
                if (e == 0) {
                    worstAbsAtZero = Math.max(worstAbsAtZero, Math.abs(a));
                    assertTrue(Math.abs(a) <= ABS_AT_ZERO, what + "[" + i + "][" + j + "] = " + a + ", golden 0");
                } else {
                    double rel = Math.abs(a - e) / Math.abs(e);
                    worstRel = Math.max(worstRel, rel);
                    assertTrue(rel <= REL, what + "[" + i + "][" + j + "] = " + a + ", golden " + e + ", relative error "
                            + rel);
                }
            }
        }
        System.out.printf("%-40s worst relative %.2e, worst |x| at golden 0 %.2e%n", what, worstRel, worstAbsAtZero);
        return new double[] {worstRel, worstAbsAtZero};
    }

    @TestFactory
    List<DynamicTest> cases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : golden.get("cases")) {
            String solver = c.get("solver").asText();
            double aW = c.get("alpha_W").asDouble();
            double aH = c.get("alpha_H").asDouble();
            double l1 = c.get("l1_ratio").asDouble();
            int maxIter = c.get("max_iter").asInt();
            String name = solver + " alphaW=" + aW + " alphaH=" + aH + " l1=" + l1 + " iter=" + maxIter;
            tests.add(DynamicTest.dynamicTest(name, () -> {
                Nmf.Options o = new Nmf.Options(k, Nmf.Solver.parse(solver), Nmf.Init.CUSTOM, aW, aH, l1, maxIter,
                        0.0, 0);
                Nmf.Result r = new Nmf(o).fit(V, W0, H0);
                assertEquals(c.get("n_iter").asInt(), r.iterations(), name + ": iterations");
                compare(name + " W", matrix(c.get("W")), r.W());
                compare(name + " H", matrix(c.get("H")), r.H());
                assertEquals(Nmf.loss(V, r.W(), r.H(), aW, aH, l1), r.loss(), 0);
                assertTrue(!r.converged(), "tol 0 does not converge early");
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> inits() {
        List<DynamicTest> tests = new ArrayList<>();
        golden.get("inits").fieldNames().forEachRemaining(name -> tests.add(DynamicTest.dynamicTest(name, () -> {
            Nmf.Start s = Nmf.initialize(V, k, Nmf.Init.parse(name), 0);
            compare("init " + name + " W", matrix(golden.at("/inits/" + name + "/W")), s.W());
            compare("init " + name + " H", matrix(golden.at("/inits/" + name + "/H")), s.H());
        })));
        return tests;
    }

    @TestFactory
    List<DynamicTest> transform() {
        JsonNode t = golden.get("transform");
        double[][] Vnew = matrix(t.get("V"));
        double[][] H = matrix(t.get("H"));
        int maxIter = t.get("max_iter").asInt();
        List<DynamicTest> tests = new ArrayList<>();
        t.get("results").fieldNames().forEachRemaining(solver -> tests.add(DynamicTest.dynamicTest(solver, () -> {
            Nmf.Options o = new Nmf.Options(k, Nmf.Solver.parse(solver), Nmf.Init.CUSTOM, 0, 0, 0, maxIter, 0.0, 0);
            Nmf.Result r = new Nmf(o).transform(Vnew, H);
            assertEquals(t.at("/results/" + solver + "/n_iter").asInt(), r.iterations());
            compare("transform " + solver + " W", matrix(t.at("/results/" + solver + "/W")), r.W());
            compare("transform " + solver + " H unchanged", H, r.H());
        })));
        return tests;
    }
}
