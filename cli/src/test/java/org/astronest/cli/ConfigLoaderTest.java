package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.astronest.cli.config.ConfigException;
import org.astronest.cli.config.ConfigLoader;
import org.astronest.cli.config.RunConfig;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final List<Parameter> MODEL = List.of(
            Parameter.of("T", Priors.uniform(10, 200)).withUnit("K"),
            Parameter.of("n", Priors.logUniform(1e4, 1e6)).withLabel("n_H").withUnit("cm^-3"),
            Parameter.of("f", Priors.uniform(0, 1)),
            Parameter.of("metallicity", Priors.uniform(0, 2)));

    @Test
    void parametersOverrideModelDefaults() {
        RunConfig c = ConfigLoader.parse("a.yaml", """
                label: test
                seed: 42
                parameters:
                  T: {prior: normal, mean: 100, sd: 20}
                  n: {prior: log-uniform, min: 1e4, max: 1.0e5}
                  metallicity: {fixed: 1}
                sampler: {type: nested, live_points: 400}
                """);
        PriorSet p = c.priors("m", MODEL);
        assertEquals(List.of("T", "n", "f", "metallicity"), p.names());
        assertEquals("normal", p.get("T").prior().kind());
        assertEquals(Map.of("mean", 100.0, "sd", 20.0), p.get("T").prior().arguments());
        assertEquals("K", p.get("T").unit(), "unit kept from the model");
        assertEquals("n_H", p.get("n").label(), "label kept from the model");
        assertEquals(1e5, p.get("n").prior().upper(), "1e4 written without a dot is read as a number");
        assertTrue(p.get("metallicity").prior().isFixed());
        assertEquals(3, p.freeDimension());
        assertEquals(42L, c.seed());
        assertEquals("nested", c.samplerType());
        assertEquals(400, ((Number) c.sampler().get("live_points")).intValue());
    }

    @Test
    void resolvedConfigSpellsOutEveryPrior() throws Exception {
        RunConfig c = ConfigLoader.parse("a.yaml", "model: {type: x}\nparameters:\n  T: {prior: uniform, min: 20, max: 50}\n");
        PriorSet p = c.priors("m", MODEL);
        String yaml = ConfigLoader.resolvedYaml(c, p, 7, "nested", Map.of("live_points", 100));
        RunConfig back = ConfigLoader.parse("resolved.yaml", yaml);
        PriorSet p2 = back.priors("m", MODEL);
        for (int i = 0; i < p.size(); i++) {
            assertEquals(p.get(i).prior().describe(), p2.get(i).prior().describe());
        }
        assertEquals(7L, back.seed());
        assertEquals(64, ConfigLoader.sha256(yaml).length());
    }

    private static String error(String yaml) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("bad.yaml", yaml).priors("chemistry-dependent", MODEL));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.yaml: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void errorsNameTheKeyPathAndValue() {
        assertTrue(error("lable: x\n").contains("unknown key 'lable'"));
        assertTrue(error("parameters:\n  T: {prior: unifrom, min: 1, max: 2}\n")
                .contains("parameters.T.prior: unknown prior 'unifrom'"));
        assertTrue(error("parameters:\n  T: {prior: uniform, min: 1}\n").contains("parameters.T: uniform prior needs 'max'"));
        assertTrue(error("parameters:\n  T: {prior: uniform, min: 1, max: hot}\n")
                .contains("parameters.T.max: expected a number, got 'hot'"));
        assertTrue(error("parameters:\n  T: {prior: uniform, min: 5, max: 5}\n")
                .contains("parameters.T: uniform: max must be > min"));
        assertTrue(error("parameters:\n  T: {prior: normal, mean: 1, sd: 2, max: 4}\n")
                .contains("parameters.T: unknown key 'max'"));
        assertTrue(error("parameters:\n  Tkin: {prior: uniform, min: 1, max: 2}\n")
                .contains("parameters.Tkin: unknown parameter 'Tkin' for model chemistry-dependent; known: T, n, f"));
        assertTrue(error("seed: 1.5\n").contains("seed: expected a whole number, got 1.5"));
        assertTrue(error("seed: 1\nseed: 2\n").contains("invalid YAML"));
        assertTrue(error("parameters: [1, 2\n").contains("invalid YAML at line"));
        assertTrue(error("").contains("empty"));
    }
}
