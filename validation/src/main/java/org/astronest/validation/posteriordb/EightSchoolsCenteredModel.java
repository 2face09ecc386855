package org.astronest.validation.posteriordb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogLikelihood;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/**
 * eight_schools-eight_schools_centered: MCMC samples (theta[1..8], mu, tau) directly (the funnel, on purpose). The
 * hierarchical prior theta[j] ~ Normal(mu, tau) is not an independent prior, so theta[j] gets the flat prior in the
 * PriorSet and its Normal(mu, tau) term is added to the log likelihood (the posterior is the same). Nested sampling
 * needs a prior transform, with which the centred and non-centred entries are the same computation (model.md), so
 * {@link #problem()} is the non-centred problem.
 */
public final class EightSchoolsCenteredModel implements PosteriorModel {

    private static final int J = EightSchoolsNoncenteredModel.J;
    private final InferenceProblem centred;
    private final InferenceProblem nested;
    private final double[] center;
    private final double[] scale;

    public EightSchoolsCenteredModel(PosteriorFolder f) {
        double[] y = f.vector("y");
        double[] s = f.vector("sigma");
        nested = EightSchoolsNoncenteredModel.build(y, s);
        List<Parameter> ps = new ArrayList<>();
        for (int j = 1; j <= J; j++) {
            ps.add(Parameter.of("theta[" + j + "]", Priors.flat()));
        }
        ps.add(Parameter.of("mu", Priors.normal(0, 5)));
        ps.add(Parameter.of("tau", Priors.halfCauchy(5)));
        LogLikelihood value = theta -> {
            double mu = theta[J];
            double tau = theta[J + 1];
            if (!(tau > 0)) {
                return Double.NEGATIVE_INFINITY;
            }
            double ll = 0;
            for (int j = 0; j < J; j++) {
                ll += Regression.logNormal(theta[j], mu, tau) + Regression.logNormal(y[j], theta[j], s[j]);
            }
            return ll;
        };
        // d/dtheta_j = -(theta_j - mu) / tau^2 + (y_j - theta_j) / s_j^2, d/dmu = sum (theta_j - mu) / tau^2,
        // d/dtau = sum ((theta_j - mu)^2 / tau^3 - 1 / tau)
        GradientLogLikelihood gradient = (theta, g) -> {
            double mu = theta[J];
            double tau = theta[J + 1];
            java.util.Arrays.fill(g, 0);
            if (!(tau > 0)) {
                return Double.NEGATIVE_INFINITY;
            }
            double ll = 0;
            double t2 = tau * tau;
            for (int j = 0; j < J; j++) {
                ll += Regression.logNormal(theta[j], mu, tau) + Regression.logNormal(y[j], theta[j], s[j]);
                double d = theta[j] - mu;
                g[j] = -d / t2 + (y[j] - theta[j]) / (s[j] * s[j]);
                g[J] += d / t2;
                g[J + 1] += d * d / (t2 * tau) - 1 / tau;
            }
            return ll;
        };
        centred = InferenceProblem.of(PriorSet.of(ps), GradientLogLikelihood.of(value, gradient));
        // walkers start around the precision-weighted mean of y (what a user would take as a first guess)
        double sw = 0;
        double swy = 0;
        for (int j = 0; j < J; j++) {
            sw += 1 / (s[j] * s[j]);
            swy += y[j] / (s[j] * s[j]);
        }
        center = new double[J + 2];
        scale = new double[J + 2];
        for (int j = 0; j < J; j++) {
            center[j] = swy / sw;
            scale[j] = 2;
        }
        center[J] = swy / sw;
        scale[J] = 2;
        center[J + 1] = 3;
        scale[J + 1] = 0.5;
    }

    @Override
    public String name() {
        return "eight_schools-eight_schools_centered";
    }

    @Override
    public InferenceProblem problem() {
        return nested;
    }

    @Override
    public InferenceProblem mcmcProblem() {
        return centred;
    }

    @Override
    public double[] theta(InferenceProblem p, Map<String, Double> ref) {
        if (p == nested) {
            double[] t = new double[J + 2];
            double mu = ref.get("mu");
            double tau = ref.get("tau");
            for (int j = 0; j < J; j++) {
                t[j] = (ref.get("theta[" + (j + 1) + "]") - mu) / tau;
            }
            t[J] = mu;
            t[J + 1] = tau;
            return t;
        }
        return PosteriorModel.super.theta(p, ref);
    }

    @Override
    public double logJacobianToReference(InferenceProblem p, double[] theta) {
        return p == nested ? -J * Math.log(theta[J + 1]) : 0;
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
