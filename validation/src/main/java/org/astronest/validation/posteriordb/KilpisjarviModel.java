package org.astronest.validation.posteriordb;

import org.astronest.inference.InferenceProblem;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/**
 * kilpisjarvi_mod-kilpisjarvi: y ~ Normal(alpha + beta x, sigma) with x = year + 2000 NOT centred (model.md); prior
 * constants read from data.json; the flat prior of sigma boxed as summary.json states.
 */
public final class KilpisjarviModel implements PosteriorModel {

    private final InferenceProblem problem;
    private final double[][] start;

    public KilpisjarviModel(PosteriorFolder f) {
        double[] x = f.vector("x");
        double[] y = f.vector("y");
        double[][] a = new double[x.length][];
        for (int i = 0; i < a.length; i++) {
            a[i] = new double[] {1, x[i]};
        }
        PriorSet priors = PriorSet.of(
                Parameter.of("alpha", Priors.normal(f.scalar("pmualpha"), f.scalar("psalpha"))),
                Parameter.of("beta", Priors.normal(f.scalar("pmubeta"), f.scalar("psbeta"))),
                Parameter.of("sigma", LinearModels.box(f, "sigma")));
        problem = InferenceProblem.of(priors, LinearModels.gaussian(a, y));
        start = Regression.start(a, y);
    }

    @Override
    public String name() {
        return "kilpisjarvi_mod-kilpisjarvi";
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
