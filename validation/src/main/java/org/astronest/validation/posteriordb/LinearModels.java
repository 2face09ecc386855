package org.astronest.validation.posteriordb;

import java.util.ArrayList;
import java.util.List;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogLikelihood;
import org.astronest.priors.Parameter;
import org.astronest.priors.Prior;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/** Shared pieces of the Gaussian linear-regression entries (earnings, mesquite, kilpisjarvi). */
final class LinearModels {

    private LinearModels() {
    }

    /** Normal(y | A beta, sigma) summed over rows; theta = (beta..., sigma). Residuals accumulated directly. */
    static LogLikelihood gaussian(double[][] a, double[] y) {
        return GradientLogLikelihood.of(value(a, y), gaussianGradient(a, y));
    }

    /**
     * The same likelihood with its gradient: d/d beta_j = sum_i r_i a_ij / sigma^2, d/d sigma = ss / sigma^3 -
     * n / sigma (r = y - A beta, ss = sum r^2).
     */
    static GradientLogLikelihood gaussianGradient(double[][] a, double[] y) {
        int p = a[0].length;
        return (theta, g) -> {
            double sigma = theta[p];
            double ss = 0;
            java.util.Arrays.fill(g, 0);
            for (int i = 0; i < y.length; i++) {
                double mu = 0;
                double[] ai = a[i];
                for (int j = 0; j < p; j++) {
                    mu += ai[j] * theta[j];
                }
                double r = y[i] - mu;
                ss += r * r;
                for (int j = 0; j < p; j++) {
                    g[j] += r * ai[j];
                }
            }
            double s2 = sigma * sigma;
            for (int j = 0; j < p; j++) {
                g[j] /= s2;
            }
            g[p] = ss / (s2 * sigma) - y.length / sigma;
            return -0.5 * ss / s2 - y.length * (Math.log(sigma) + Regression.HALF_LOG_2PI);
        };
    }

    private static LogLikelihood value(double[][] a, double[] y) {
        int p = a[0].length;
        return theta -> {
            double sigma = theta[p];
            double ss = 0;
            for (int i = 0; i < y.length; i++) {
                double mu = 0;
                double[] ai = a[i];
                for (int j = 0; j < p; j++) {
                    mu += ai[j] * theta[j];
                }
                double r = y[i] - mu;
                ss += r * r;
            }
            return -0.5 * ss / (sigma * sigma) - y.length * (Math.log(sigma) + Regression.HALF_LOG_2PI);
        };
    }

    /** The stated uniform box of a flat-prior parameter (summary.json nested_sampling_prior_box). */
    static Prior box(PosteriorFolder f, String name) {
        double[] b = f.priorBox().get(name);
        if (b == null) {
            throw new IllegalArgumentException(f.name() + "/summary.json: no nested_sampling_prior_box for '" + name + "'");
        }
        return Priors.uniform(b[0], b[1]);
    }

    /** Flat-prior regression boxed as summary.json states: beta[1..p] and sigma. */
    static InferenceProblem boxed(PosteriorFolder f, double[][] a, double[] y) {
        int p = a[0].length;
        List<Parameter> ps = new ArrayList<>();
        for (int j = 1; j <= p; j++) {
            ps.add(Parameter.of("beta[" + j + "]", box(f, "beta[" + j + "]")));
        }
        ps.add(Parameter.of("sigma", box(f, "sigma")));
        return InferenceProblem.of(PriorSet.of(ps), gaussian(a, y));
    }

}
