package org.astronest.validation.posteriordb;

import java.util.Arrays;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogLikelihood;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/**
 * low_dim_gauss_mix-low_dim_gauss_mix: y[n] ~ theta Normal(mu[1], sigma[1]) + (1 - theta) Normal(mu[2], sigma[2]),
 * mu ~ Normal(0, 2), sigma ~ Half-Normal(0, 2), theta ~ Beta(5, 5); the ordering mu[1] &lt; mu[2] is imposed by
 * log L = -inf outside it (model.md option (a)), so the prior mass is halved (no exact evidence exists here).
 */
public final class LowDimGaussMixModel implements PosteriorModel {

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private final InferenceProblem problem;
    private final double[] center;
    private final double[] scale;

    public LowDimGaussMixModel(PosteriorFolder f) {
        double[] y = f.vector("y");
        PriorSet priors = PriorSet.of(
                Parameter.of("mu[1]", Priors.normal(0, 2)),
                Parameter.of("mu[2]", Priors.normal(0, 2)),
                Parameter.of("sigma[1]", Priors.halfNormal(2)),
                Parameter.of("sigma[2]", Priors.halfNormal(2)),
                Parameter.of("theta", Priors.beta(5, 5)));
        LogLikelihood value = t -> {
            if (!(t[0] < t[1])) {
                return Double.NEGATIVE_INFINITY;
            }
            double la = Math.log(t[4]) - Math.log(t[2]) - LOG_SQRT_2PI;
            double lb = Math.log1p(-t[4]) - Math.log(t[3]) - LOG_SQRT_2PI;
            double ia = 1 / t[2];
            double ib = 1 / t[3];
            double ll = 0;
            for (double v : y) {
                double za = (v - t[0]) * ia;
                double zb = (v - t[1]) * ib;
                double a = la - 0.5 * za * za;
                double b = lb - 0.5 * zb * zb;
                ll += a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
            }
            return ll;
        };
        // gradient: with w = the first component's responsibility, d/dmu1 = sum w za / s1, d/ds1 = sum w (za^2 - 1)
        // / s1, likewise (1 - w) for the second, d/dtheta = sum (w / theta - (1 - w) / (1 - theta))
        GradientLogLikelihood gradient = (t, g) -> {
            java.util.Arrays.fill(g, 0);
            if (!(t[0] < t[1])) {
                return Double.NEGATIVE_INFINITY;
            }
            double la = Math.log(t[4]) - Math.log(t[2]) - LOG_SQRT_2PI;
            double lb = Math.log1p(-t[4]) - Math.log(t[3]) - LOG_SQRT_2PI;
            double ia = 1 / t[2];
            double ib = 1 / t[3];
            double ll = 0;
            for (double v : y) {
                double za = (v - t[0]) * ia;
                double zb = (v - t[1]) * ib;
                double a = la - 0.5 * za * za;
                double b = lb - 0.5 * zb * zb;
                double lse = a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
                ll += lse;
                double w = Math.exp(a - lse);
                double u = 1 - w;
                g[0] += w * za * ia;
                g[1] += u * zb * ib;
                g[2] += w * (za * za - 1) * ia;
                g[3] += u * (zb * zb - 1) * ib;
                g[4] += w / t[4] - u / (1 - t[4]);
            }
            return ll;
        };
        problem = InferenceProblem.of(priors, GradientLogLikelihood.of(value, gradient));
        // first guess from the data as a user would: the lower and upper quartiles as the two means
        double[] s = y.clone();
        Arrays.sort(s);
        center = new double[] {s[s.length / 4], s[3 * s.length / 4], 1, 1, 0.5};
        scale = new double[] {0.1, 0.1, 0.1, 0.1, 0.05};
    }

    @Override
    public String name() {
        return "low_dim_gauss_mix-low_dim_gauss_mix";
    }

    @Override
    public InferenceProblem problem() {
        return problem;
    }

    @Override
    public double[] initialCenter() {
        return center;
    }

    @Override
    public double[] initialScale() {
        return scale;
    }
}
