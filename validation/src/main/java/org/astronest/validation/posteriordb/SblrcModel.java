package org.astronest.validation.posteriordb;

import java.util.ArrayList;
import java.util.List;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogLikelihood;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/** sblrc-blr: y ~ Normal(X beta, sigma), beta ~ Normal(0, 10), sigma ~ Half-Normal(0, 10) (model.md). */
public final class SblrcModel implements PosteriorModel {

    private final InferenceProblem problem;
    private final double[][] start;

    public SblrcModel(PosteriorFolder f) {
        double[][] x = f.matrix("X");
        double[] y = f.vector("y");
        int d = x[0].length;
        List<Parameter> ps = new ArrayList<>();
        for (int j = 1; j <= d; j++) {
            ps.add(Parameter.of("beta[" + j + "]", Priors.normal(0, 10)));
        }
        ps.add(Parameter.of("sigma", Priors.halfNormal(10)));
        LogLikelihood value = theta -> {
            double sigma = theta[d];
            double ss = 0;
            for (int i = 0; i < y.length; i++) {
                double mu = 0;
                for (int j = 0; j < d; j++) {
                    mu += x[i][j] * theta[j];
                }
                double r = y[i] - mu;
                ss += r * r;
            }
            return -0.5 * ss / (sigma * sigma) - y.length * (Math.log(sigma) + Regression.HALF_LOG_2PI);
        };
        problem = InferenceProblem.of(PriorSet.of(ps), GradientLogLikelihood.of(value,
                LinearModels.gaussianGradient(x, y)));
        start = Regression.start(x, y);
    }

    @Override
    public String name() {
        return "sblrc-blr";
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
