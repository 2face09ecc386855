package org.astronest.validation.posteriordb;

import java.util.ArrayList;
import java.util.List;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogLikelihood;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/** arK-arK: AR(K) regression of y[t] on an intercept and K lags, conditional on the first K values (model.md). */
public final class ArKModel implements PosteriorModel {

    private final InferenceProblem problem;
    private final double[][] start;

    public ArKModel(PosteriorFolder f) {
        int k = (int) f.scalar("K");
        double[] y = f.vector("y");
        List<Parameter> ps = new ArrayList<>();
        ps.add(Parameter.of("alpha", Priors.normal(0, 10)));
        for (int j = 1; j <= k; j++) {
            ps.add(Parameter.of("beta[" + j + "]", Priors.normal(0, 10)));
        }
        ps.add(Parameter.of("sigma", Priors.halfCauchy(2.5)));
        LogLikelihood value = theta -> {
            double sigma = theta[k + 1];
            double ss = 0;
            for (int t = k; t < y.length; t++) {
                double mu = theta[0];
                for (int j = 1; j <= k; j++) {
                    mu += theta[j] * y[t - j];
                }
                double r = y[t] - mu;
                ss += r * r;
            }
            int n = y.length - k;
            return -0.5 * ss / (sigma * sigma) - n * (Math.log(sigma) + Regression.HALF_LOG_2PI);
        };
        double[][] a = new double[y.length - k][k + 1];
        double[] yy = new double[y.length - k];
        for (int t = k; t < y.length; t++) {
            a[t - k][0] = 1;
            for (int j = 1; j <= k; j++) {
                a[t - k][j] = y[t - j];
            }
            yy[t - k] = y[t];
        }
        start = Regression.start(a, yy);
        // the same likelihood as a regression on (1, y[t-1], ..., y[t-K]): its gradient is the linear model's
        problem = InferenceProblem.of(PriorSet.of(ps), GradientLogLikelihood.of(value,
                LinearModels.gaussianGradient(a, yy)));
    }

    @Override
    public String name() {
        return "arK-arK";
    }

    @Override
    public InferenceProblem problem() {
        return problem;
    }

    @Override
    public double[] initialCenter() {
        return start[0];
    }

    @Override
    public double[] initialScale() {
        return start[1];
    }
}
