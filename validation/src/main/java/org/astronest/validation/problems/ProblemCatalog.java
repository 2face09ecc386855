package org.astronest.validation.problems;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.astronest.data.SharedData;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogLikelihood;
import org.astronest.inference.LogMath;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/**
 * The analytic problems of the nested-sampling literature, as specified in {@code shared/problems/README.md}, with
 * reference values read from {@code shared/problems/reference_values.json}:
 * two Gaussian shells (Feroz, Hobson &amp; Bridges 2009, sec. 6.2), the eggbox (ibid. sec. 6.3), a correlated
 * Gaussian, the Rosenbrock function, and the LogGamma mixture (Beaujean &amp; Caldwell 2013).
 */
public final class ProblemCatalog {

    /** The problems listed by {@code astronest problem --list}. */
    public static final List<String> NAMES = List.of("shells2d", "shells5d", "shells10d", "shells20d", "shells30d",
            "eggbox2d", "corrgauss10d", "rosenbrock2d", "rosenbrock3d", "rosenbrock5d", "rosenbrock10d",
            "loggamma2d", "loggamma10d");

    private static final Pattern NAME = Pattern.compile("([a-z]+)(\\d+)d");

    private ProblemCatalog() {
    }

    /** The problem of that name; an error listing the known names otherwise. */
    public static TestProblem get(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown problem '" + name + "'; known: " + String.join(", ", NAMES));
        }
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            throw new IllegalStateException(name);
        }
        String family = m.group(1);
        int d = Integer.parseInt(m.group(2));
        JsonNode refs = references();
        return switch (family) {
            case "shells" -> {
                JsonNode r = refs.path("shells" + d + "d");
                double logZ = refs.path("shells_radial").path(Integer.toString(d)).asDouble();
                yield new TestProblem(name, InferenceProblem.of(box(d, -6, 6), shells(d)), logZ, arr(r, "mean"),
                        arr(r, "std"), "radial quadrature" + (r.isMissingNode() ? "" : "; moments: "
                        + r.path("method").asText()));
            }
            case "eggbox" -> of(name, box(2, 0, 10 * Math.PI), GradientLogLikelihood.of(Problems::eggbox,
                    Problems::eggbox), refs);
            case "corrgauss" -> of(name, box(d, -10, 10), corrGauss(d), refs);
            case "rosenbrock" -> of(name, box(d, -5, 5), GradientLogLikelihood.of(Problems::rosenbrock,
                    Problems::rosenbrock), refs);
            case "loggamma" -> of(name, box(d, 0, 1), GradientLogLikelihood.of(Problems::logGamma,
                    Problems::logGamma), refs);
            default -> throw new IllegalStateException(family);
        };
    }

    private static TestProblem of(String name, PriorSet priors, LogLikelihood like, JsonNode refs) {
        JsonNode r = refs.path(name);
        return new TestProblem(name, InferenceProblem.of(priors, like), r.path("logz").asDouble(), arr(r, "mean"),
                arr(r, "std"), r.path("method").asText());
    }

    /** Uniform box [lo, hi]^d with parameters x1..xd. */
    static PriorSet box(int d, double lo, double hi) {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 1; i <= d; i++) {
            ps.add(Parameter.of("x" + i, Priors.uniform(lo, hi)));
        }
        return PriorSet.of(ps);
    }

    private static double[] arr(JsonNode r, String key) {
        JsonNode a = r.path(key);
        if (!a.isArray()) {
            return null;
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    private static volatile JsonNode cache;

    private static JsonNode references() {
        JsonNode c = cache;
        if (c == null) {
            Path f = SharedData.resolve("problems/reference_values.json");
            try {
                c = new ObjectMapper().readTree(f.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
            cache = c;
        }
        return c;
    }

    /** Two Gaussian shells, centres (+-3.5, 0, ...), radius 2, width 0.1, each normalized radially as stated. */
    static LogLikelihood shells(int d) {
        final double r = 2;
        final double w = 0.1;
        final double norm = -0.5 * Math.log(2 * Math.PI * w * w);
        LogLikelihood value = x -> {
            double s1 = 0;
            double s2 = 0;
            for (int i = 0; i < d; i++) {
                double a = x[i] - (i == 0 ? -3.5 : 0);
                double b = x[i] - (i == 0 ? 3.5 : 0);
                s1 += a * a;
                s2 += b * b;
            }
            double e1 = Math.sqrt(s1) - r;
            double e2 = Math.sqrt(s2) - r;
            return LogMath.logAddExp(-e1 * e1 / (2 * w * w), -e2 * e2 / (2 * w * w)) + norm;
        };
        // d l_k / dx_i = -(e_k / w^2) (x_i - c_ki) / |x - c_k|, mixed by the shells' responsibilities
        GradientLogLikelihood gradient = (x, g) -> {
            double s1 = 0;
            double s2 = 0;
            for (int i = 0; i < d; i++) {
                double a = x[i] - (i == 0 ? -3.5 : 0);
                double b = x[i] - (i == 0 ? 3.5 : 0);
                s1 += a * a;
                s2 += b * b;
            }
            double n1 = Math.sqrt(s1);
            double n2 = Math.sqrt(s2);
            double e1 = n1 - r;
            double e2 = n2 - r;
            double l1 = -e1 * e1 / (2 * w * w);
            double l2 = -e2 * e2 / (2 * w * w);
            double lse = LogMath.logAddExp(l1, l2);
            double p1 = Math.exp(l1 - lse);
            double p2 = 1 - p1;
            for (int i = 0; i < d; i++) {
                double a = x[i] - (i == 0 ? -3.5 : 0);
                double b = x[i] - (i == 0 ? 3.5 : 0);
                g[i] = -p1 * e1 / (w * w) * a / n1 - p2 * e2 / (w * w) * b / n2;
            }
            return lse + norm;
        };
        return GradientLogLikelihood.of(value, gradient);
    }

    /** Normalized Gaussian, mean linspace(-1, 1, d), unit variances, all correlations 0.95 (Sherman-Morrison). */
    static LogLikelihood corrGauss(int d) {
        final double rho = 0.95;
        final double a = 1 - rho;
        final double[] mu = new double[d];
        for (int i = 0; i < d; i++) {
            mu[i] = d == 1 ? 0 : -1 + 2.0 * i / (d - 1);
        }
        // Sigma = a I + rho 11^T; Sigma^-1 = (I - rho/(a + d rho) 11^T) / a; ln det = (d-1) ln a + ln(a + d rho)
        final double c = rho / (a + d * rho);
        final double logNorm = -0.5 * ((d - 1) * Math.log(a) + Math.log(a + d * rho)) - 0.5 * d * Math.log(2 * Math.PI);
        LogLikelihood value = x -> {
            double ss = 0;
            double s = 0;
            for (int i = 0; i < d; i++) {
                double z = x[i] - mu[i];
                ss += z * z;
                s += z;
            }
            return -0.5 * (ss - c * s * s) / a + logNorm;
        };
        // d/dx_i = -(z_i - c sum z) / a
        GradientLogLikelihood gradient = (x, g) -> {
            double ss = 0;
            double s = 0;
            for (int i = 0; i < d; i++) {
                double z = x[i] - mu[i];
                ss += z * z;
                s += z;
            }
            for (int i = 0; i < d; i++) {
                g[i] = -(x[i] - mu[i] - c * s) / a;
            }
            return -0.5 * (ss - c * s * s) / a + logNorm;
        };
        return GradientLogLikelihood.of(value, gradient);
    }

    /** For documentation and listings: a one-line description of each family. */
    public static Map<String, String> descriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("shells", "two Gaussian shells on [-6,6]^D (Feroz et al. 2009 sec. 6.2)");
        m.put("eggbox", "eggbox (2 + cos(x/2) cos(y/2))^5 on [0,10 pi]^2 (Feroz et al. 2009 sec. 6.3)");
        m.put("corrgauss", "Gaussian with all correlations 0.95 on [-10,10]^D");
        m.put("rosenbrock", "Rosenbrock on [-5,5]^D");
        m.put("loggamma", "LogGamma/normal mixture on [0,1]^D (Beaujean & Caldwell 2013)");
        return m;
    }

    /** The family of a catalogue name ({@code shells2d} -> {@code shells}). */
    public static String family(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() ? m.group(1) : name;
    }
}
