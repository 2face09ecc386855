package org.astronest.cli.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.astronest.priors.Parameter;
import org.astronest.priors.Prior;
import org.astronest.priors.Priors;

/**
 * The {@code parameters:} section: {@code name: {prior: KIND, args..., label: .., unit: ..}} or
 * {@code name: {fixed: VALUE}}. Kinds and their arguments (Stan conventions, as {@link Priors}):
 * <pre>
 * uniform(min, max)            log-uniform(min, max)         normal(mean, sd)
 * truncated-normal(mean, sd, min, max)                       half-normal(sd[, location])
 * cauchy(location, scale)      half-cauchy(scale[, location]) student-t(nu, location, scale)
 * half-student-t(nu, scale[, location])
 * exponential(rate)            gamma(shape, rate)            inverse-gamma(shape, scale)
 * beta(alpha, beta)            log-normal(mu, sigma)         flat()   (improper: MCMC only)
 * </pre>
 */
public final class PriorSpecs {

    /** Required and optional arguments per kind. */
    private static final Map<String, List<String>> REQUIRED = new LinkedHashMap<>();
    private static final Map<String, List<String>> OPTIONAL = new LinkedHashMap<>();

    static {
        kind("uniform", List.of("min", "max"), List.of());
        kind("log-uniform", List.of("min", "max"), List.of());
        kind("normal", List.of("mean", "sd"), List.of());
        kind("truncated-normal", List.of("mean", "sd", "min", "max"), List.of());
        kind("half-normal", List.of("sd"), List.of("location"));
        kind("cauchy", List.of("location", "scale"), List.of());
        kind("half-cauchy", List.of("scale"), List.of("location"));
        kind("student-t", List.of("nu", "location", "scale"), List.of());
        kind("half-student-t", List.of("nu", "scale"), List.of("location"));
        kind("exponential", List.of("rate"), List.of());
        kind("gamma", List.of("shape", "rate"), List.of());
        kind("inverse-gamma", List.of("shape", "scale"), List.of());
        kind("beta", List.of("alpha", "beta"), List.of());
        kind("log-normal", List.of("mu", "sigma"), List.of());
        kind("flat", List.of(), List.of("min", "max"));
    }

    private static void kind(String k, List<String> req, List<String> opt) {
        REQUIRED.put(k, req);
        OPTIONAL.put(k, opt);
    }

    private PriorSpecs() {
    }

    /** Known prior kinds. */
    public static List<String> kinds() {
        return List.copyOf(REQUIRED.keySet());
    }

    /** Normalizes spellings: {@code loguniform}, {@code log_uniform}, {@code logUniform} -> {@code log-uniform}. */
    static String canonical(String kind) {
        String k = kind.trim().replace('_', '-').replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        return switch (k) {
            case "loguniform", "jeffreys" -> "log-uniform";
            case "lognormal" -> "log-normal";
            case "halfnormal" -> "half-normal";
            case "halfcauchy" -> "half-cauchy";
            case "studentt", "student", "t" -> "student-t";
            case "halfstudentt", "half-t" -> "half-student-t";
            case "truncatednormal" -> "truncated-normal";
            case "inversegamma", "inv-gamma" -> "inverse-gamma";
            default -> k;
        };
    }

    /** One parameter from its node. */
    public static Parameter parameter(String name, Node n) {
        if (!n.json().isObject()) {
            // shorthand: `name: 3.0` means fixed
            if (n.json().isNumber() || n.json().isTextual()) {
                return Parameter.of(name, wrap(n, () -> Priors.fixed(n.number())));
            }
            throw n.error("expected {prior: ..., ...} or {fixed: value}, got " + n.show());
        }
        String label = n.get("label").text(null);
        String unit = n.get("unit").text(null);
        Prior prior;
        if (n.has("fixed")) {
            n.object(Set.of("fixed", "label", "unit"));
            double v = n.get("fixed").number();
            prior = wrap(n.get("fixed"), () -> Priors.fixed(v));
        } else {
            if (!n.has("prior")) {
                throw n.error("missing key 'prior' (or 'fixed'); known priors: " + String.join(", ", kinds()));
            }
            prior = prior(n);
        }
        Parameter p = Parameter.of(name, prior);
        if (label != null) {
            p = p.withLabel(label);
        }
        if (unit != null) {
            p = p.withUnit(unit);
        }
        return p;
    }

    /** The prior of a node holding {@code prior: KIND} and its arguments. */
    public static Prior prior(Node n) {
        String raw = n.get("prior").text();
        String kind = canonical(raw);
        if (!REQUIRED.containsKey(kind)) {
            throw n.get("prior").error("unknown prior '" + raw + "'; known: " + String.join(", ", kinds()));
        }
        java.util.Set<String> allowed = new java.util.HashSet<>(REQUIRED.get(kind));
        allowed.addAll(OPTIONAL.get(kind));
        allowed.addAll(Set.of("prior", "label", "unit"));
        n.object(allowed);
        Map<String, Double> a = new LinkedHashMap<>();
        for (String r : REQUIRED.get(kind)) {
            if (!n.has(r)) {
                throw n.error(kind + " prior needs '" + r + "' (arguments: " + String.join(", ", REQUIRED.get(kind))
                        + ")");
            }
            a.put(r, n.get(r).number());
        }
        for (String o : OPTIONAL.get(kind)) {
            if (n.has(o)) {
                a.put(o, n.get(o).number());
            }
        }
        return wrap(n, () -> build(kind, a));
    }

    private static Prior build(String kind, Map<String, Double> a) {
        return switch (kind) {
            case "uniform" -> Priors.uniform(a.get("min"), a.get("max"));
            case "log-uniform" -> Priors.logUniform(a.get("min"), a.get("max"));
            case "normal" -> Priors.normal(a.get("mean"), a.get("sd"));
            case "truncated-normal" -> Priors.truncatedNormal(a.get("mean"), a.get("sd"), a.get("min"), a.get("max"));
            case "half-normal" -> Priors.halfNormal(a.getOrDefault("location", 0.0), a.get("sd"));
            case "cauchy" -> Priors.cauchy(a.get("location"), a.get("scale"));
            case "half-cauchy" -> Priors.halfCauchy(a.getOrDefault("location", 0.0), a.get("scale"));
            case "student-t" -> Priors.studentT(a.get("nu"), a.get("location"), a.get("scale"));
            case "half-student-t" -> Priors.halfStudentT(a.get("nu"), a.getOrDefault("location", 0.0), a.get("scale"));
            case "exponential" -> Priors.exponential(a.get("rate"));
            case "gamma" -> Priors.gamma(a.get("shape"), a.get("rate"));
            case "inverse-gamma" -> Priors.inverseGamma(a.get("shape"), a.get("scale"));
            case "beta" -> Priors.beta(a.get("alpha"), a.get("beta"));
            case "log-normal" -> Priors.logNormal(a.get("mu"), a.get("sigma"));
            case "flat" -> Priors.flat(a.getOrDefault("min", Double.NEGATIVE_INFINITY),
                    a.getOrDefault("max", Double.POSITIVE_INFINITY));
            default -> throw new IllegalStateException(kind);
        };
    }

    private static Prior wrap(Node n, java.util.function.Supplier<Prior> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    /** The YAML mapping of a parameter, as written to {@code config.resolved.yaml}. */
    public static Map<String, Object> toMap(Parameter p) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (p.prior().isFixed()) {
            m.put("fixed", p.prior().fromUnit(0.5));
        } else {
            m.put("prior", p.prior().kind());
            m.putAll(p.prior().arguments());
        }
        if (!p.label().equals(p.name())) {
            m.put("label", p.label());
        }
        if (!p.unit().isEmpty()) {
            m.put("unit", p.unit());
        }
        return m;
    }
}
