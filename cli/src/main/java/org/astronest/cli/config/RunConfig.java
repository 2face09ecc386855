package org.astronest.cli.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;

/**
 * A validated run config. Sections that depend on the model ({@code model}, {@code lines}) stay as {@link Node}s
 * for the model's own reader, which reports errors with their key paths.
 *
 * @param file        the config file name (for messages)
 * @param text        the YAML text as read (hashed into provenance)
 * @param label       run label (default: the file name without extension)
 * @param seed        seed, or null for the default
 * @param model       the {@code model:} mapping (may be missing)
 * @param lines       the {@code lines:} list (may be missing)
 * @param likelihood  the {@code likelihood:} mapping (may be missing)
 * @param parameters  the {@code parameters:} entries by name, in file order
 * @param samplerType {@code sampler.type} (default nested)
 * @param sampler     the other {@code sampler:} keys, by name
 * @param output      the {@code output:} directory ({@code output: DIR} or {@code output: {dir: DIR}}), or null
 * @param truths      the {@code truths:} values (name -> value) for plots, possibly empty
 * @param formats     {@code output: {formats: [...]}}: the other tools' formats written beside the run
 *                    ({@link org.astronest.cli.formats.OutputFormats}), possibly empty
 */
public record RunConfig(String file, String text, String label, Long seed, Node model, Node lines, Node likelihood,
                        Map<String, Node> parameters, String samplerType, Map<String, Object> sampler, String output,
                        Map<String, Double> truths, List<String> formats) {

    public RunConfig {
        formats = List.copyOf(formats);
    }

    /** A config without output formats (the form before {@code output.formats}). */
    public RunConfig(String file, String text, String label, Long seed, Node model, Node lines, Node likelihood,
                     Map<String, Node> parameters, String samplerType, Map<String, Object> sampler, String output,
                     Map<String, Double> truths) {
        this(file, text, label, seed, model, lines, likelihood, parameters, samplerType, sampler, output, truths,
                List.of());
    }

    /**
     * The prior set of a model: configured parameters override the model's defaults; a configured name that the
     * model does not have is an error naming it and the known parameters. Order: the model's order.
     *
     * @param modelName  for messages
     * @param defaults   the model's parameters with their default priors, in order
     */
    public PriorSet priors(String modelName, List<Parameter> defaults) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : defaults) {
            byName.put(p.name(), p);
        }
        for (Map.Entry<String, Node> e : parameters.entrySet()) {
            if (!byName.containsKey(e.getKey())) {
                throw e.getValue().error("unknown parameter '" + e.getKey() + "' for model " + modelName + "; known: "
                        + String.join(", ", byName.keySet()));
            }
            Parameter base = byName.get(e.getKey());
            Parameter p = PriorSpecs.parameter(e.getKey(), e.getValue());
            if (p.label().equals(p.name()) && !base.label().equals(base.name())) {
                p = p.withLabel(base.label());
            }
            if (p.unit().isEmpty() && !base.unit().isEmpty()) {
                p = p.withUnit(base.unit());
            }
            byName.put(e.getKey(), p);
        }
        return PriorSet.of(new ArrayList<>(byName.values()));
    }
}
