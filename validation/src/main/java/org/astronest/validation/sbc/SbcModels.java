package org.astronest.validation.sbc;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.LogLikelihood;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/** The SBC models: all priors proper, data small so a replicate is cheap. */
public final class SbcModels {

    public static final List<String> NAMES = List.of("normal", "linear", "hierarchical");

    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    private SbcModels() {
    }

    public static SbcModel get(String name) {
        return switch (name) {
            case "normal" -> NORMAL;
            case "linear" -> LINEAR;
            case "hierarchical" -> HIERARCHICAL;
            default -> throw new IllegalArgumentException("unknown SBC model '" + name + "'; known: "
                    + String.join(", ", NAMES));
        };
    }

    static double gauss(UniformRandomProvider rng) {
        return ZigguratSampler.NormalizedGaussian.of(rng).sample();
    }

    /** y[1..20] ~ Normal(mu, sigma); mu ~ Normal(0, 1), sigma ~ Half-Normal(0, 1). */
    static final SbcModel NORMAL = new SbcModel() {
        final PriorSet priors = PriorSet.of(Parameter.of("mu", Priors.normal(0, 1)),
                Parameter.of("sigma", Priors.halfNormal(1)));

        public String name() {
            return "normal";
        }

        public PriorSet priors() {
            return priors;
        }

        public double[] simulate(double[] t, UniformRandomProvider rng) {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] y = new double[20];
            for (int i = 0; i < y.length; i++) {
                y[i] = t[0] + t[1] * g.sample();
            }
            return y;
        }

        public LogLikelihood likelihood(double[] y) {
            LogLikelihood value = t -> {
                double ss = 0;
                for (double v : y) {
                    ss += (v - t[0]) * (v - t[0]);
                }
                return -0.5 * ss / (t[1] * t[1]) - y.length * (Math.log(t[1]) + HALF_LOG_2PI);
            };
            // d/dmu = sum (y - mu) / sigma^2, d/dsigma = ss / sigma^3 - n / sigma
            return GradientLogLikelihood.of(value, (t, g) -> {
                double ss = 0;
                double sr = 0;
                for (double v : y) {
                    ss += (v - t[0]) * (v - t[0]);
                    sr += v - t[0];
                }
                double s2 = t[1] * t[1];
                g[0] = sr / s2;
                g[1] = ss / (s2 * t[1]) - y.length / t[1];
                return -0.5 * ss / s2 - y.length * (Math.log(t[1]) + HALF_LOG_2PI);
            });
        }
    };

    /** y[i] ~ Normal(a + b x[i], sigma), x[i] = -1..1 on 15 points; a, b ~ Normal(0, 1), sigma ~ Half-Normal(0, 0.5). */
    static final SbcModel LINEAR = new SbcModel() {
        final PriorSet priors = PriorSet.of(Parameter.of("a", Priors.normal(0, 1)),
                Parameter.of("b", Priors.normal(0, 1)), Parameter.of("sigma", Priors.halfNormal(0.5)));
        final double[] x = grid(15);

        public String name() {
            return "linear";
        }

        public PriorSet priors() {
            return priors;
        }

        public double[] simulate(double[] t, UniformRandomProvider rng) {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] y = new double[x.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = t[0] + t[1] * x[i] + t[2] * g.sample();
            }
            return y;
        }

        public LogLikelihood likelihood(double[] y) {
            LogLikelihood value = t -> {
                double ss = 0;
                for (int i = 0; i < y.length; i++) {
                    double r = y[i] - t[0] - t[1] * x[i];
                    ss += r * r;
                }
                return -0.5 * ss / (t[2] * t[2]) - y.length * (Math.log(t[2]) + HALF_LOG_2PI);
            };
            // d/da = sum r / sigma^2, d/db = sum r x / sigma^2, d/dsigma = ss / sigma^3 - n / sigma
            return GradientLogLikelihood.of(value, (t, g) -> {
                double ss = 0;
                double sr = 0;
                double srx = 0;
                for (int i = 0; i < y.length; i++) {
                    double r = y[i] - t[0] - t[1] * x[i];
                    ss += r * r;
                    sr += r;
                    srx += r * x[i];
                }
                double s2 = t[2] * t[2];
                g[0] = sr / s2;
                g[1] = srx / s2;
                g[2] = ss / (s2 * t[2]) - y.length / t[2];
                return -0.5 * ss / s2 - y.length * (Math.log(t[2]) + HALF_LOG_2PI);
            });
        }
    };

    /**
     * Four "schools", non-centred: z[j] ~ Normal(0, 1), mu ~ Normal(0, 5), tau ~ Half-Normal(0, 5),
     * y[j] ~ Normal(mu + tau z[j], s[j]) with s = (10, 12, 8, 15) (eight-schools-like, a half-normal tau so every
     * replicate is well posed).
     */
    static final SbcModel HIERARCHICAL = new SbcModel() {
        final double[] s = {10, 12, 8, 15};
        final PriorSet priors = PriorSet.of(Parameter.of("z[1]", Priors.normal(0, 1)),
                Parameter.of("z[2]", Priors.normal(0, 1)), Parameter.of("z[3]", Priors.normal(0, 1)),
                Parameter.of("z[4]", Priors.normal(0, 1)), Parameter.of("mu", Priors.normal(0, 5)),
                Parameter.of("tau", Priors.halfNormal(5)));

        public String name() {
            return "hierarchical";
        }

        public PriorSet priors() {
            return priors;
        }

        public double[] simulate(double[] t, UniformRandomProvider rng) {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] y = new double[4];
            for (int j = 0; j < 4; j++) {
                y[j] = t[4] + t[5] * t[j] + s[j] * g.sample();
            }
            return y;
        }

        public LogLikelihood likelihood(double[] y) {
            LogLikelihood value = t -> {
                double ll = 0;
                for (int j = 0; j < 4; j++) {
                    double r = (y[j] - t[4] - t[5] * t[j]) / s[j];
                    ll += -0.5 * r * r - Math.log(s[j]) - HALF_LOG_2PI;
                }
                return ll;
            };
            // with e_j = r_j / s_j: d/dz_j = tau e_j, d/dmu = sum e_j, d/dtau = sum z_j e_j
            return GradientLogLikelihood.of(value, (t, g) -> {
                double ll = 0;
                g[4] = 0;
                g[5] = 0;
                for (int j = 0; j < 4; j++) {
                    double r = (y[j] - t[4] - t[5] * t[j]) / s[j];
                    ll += -0.5 * r * r - Math.log(s[j]) - HALF_LOG_2PI;
                    double e = r / s[j];
                    g[j] = t[5] * e;
                    g[4] += e;
                    g[5] += t[j] * e;
                }
                return ll;
            });
        }

        public List<String> ranked() {
            return List.of("z[1]", "mu", "tau");
        }
    };

    static double[] grid(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -1 + 2.0 * i / (n - 1);
        }
        return x;
    }
}
