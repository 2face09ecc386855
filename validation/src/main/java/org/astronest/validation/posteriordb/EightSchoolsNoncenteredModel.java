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
 * eight_schools-eight_schools_noncentered: free (theta_trans[1..8], mu, tau), theta_trans ~ Normal(0, 1),
 * mu ~ Normal(0, 5), tau ~ Half-Cauchy(0, 5); y[j] ~ Normal(mu + tau theta_trans[j], sigma[j]); the reference columns
 * theta[j] = mu + tau theta_trans[j] are derived parameters (model.md).
 */
public final class EightSchoolsNoncenteredModel implements PosteriorModel {

    static final int J = 8;
    private final InferenceProblem problem;

    public EightSchoolsNoncenteredModel(PosteriorFolder f) {
        problem = build(f.vector("y"), f.vector("sigma"));
    }

    static InferenceProblem build(double[] y, double[] s) {
        List<Parameter> ps = new ArrayList<>();
        for (int j = 1; j <= J; j++) {
            ps.add(Parameter.of("theta_trans[" + j + "]", Priors.normal(0, 1)));
        }
        ps.add(Parameter.of("mu", Priors.normal(0, 5)));
        ps.add(Parameter.of("tau", Priors.halfCauchy(5)));
        List<String> derived = new ArrayList<>();
        for (int j = 1; j <= J; j++) {
            derived.add("theta[" + j + "]");
        }
        LogLikelihood value = theta -> {
            double mu = theta[J];
            double tau = theta[J + 1];
            double ll = 0;
            for (int j = 0; j < J; j++) {
                ll += Regression.logNormal(y[j], mu + tau * theta[j], s[j]);
            }
            return ll;
        };
        // with e_j = (y_j - mu - tau t_j) / s_j^2: d/dt_j = tau e_j, d/dmu = sum e_j, d/dtau = sum t_j e_j
        GradientLogLikelihood gradient = (theta, g) -> {
            double mu = theta[J];
            double tau = theta[J + 1];
            double ll = 0;
            g[J] = 0;
            g[J + 1] = 0;
            for (int j = 0; j < J; j++) {
                double m = mu + tau * theta[j];
                ll += Regression.logNormal(y[j], m, s[j]);
                double e = (y[j] - m) / (s[j] * s[j]);
                g[j] = tau * e;
                g[J] += e;
                g[J + 1] += theta[j] * e;
            }
            return ll;
        };
        return InferenceProblem.of(PriorSet.of(ps), GradientLogLikelihood.of(value, gradient))
                .withDerived(derived, EightSchoolsNoncenteredModel::thetas);
    }

    private static double[] thetas(double[] theta) {
        double[] out = new double[J];
        for (int j = 0; j < J; j++) {
            out[j] = theta[J] + theta[J + 1] * theta[j];
        }
        return out;
    }

    @Override
    public String name() {
        return "eight_schools-eight_schools_noncentered";
    }

    @Override
    public InferenceProblem problem() {
        return problem;
    }

    @Override
    public double[] theta(InferenceProblem p, Map<String, Double> ref) {
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

    /** log p(theta, mu, tau) = log p(theta_trans, mu, tau) - 8 log tau (model.md). */
    @Override
    public double logJacobianToReference(InferenceProblem p, double[] theta) {
        return -J * Math.log(theta[J + 1]);
    }
}
