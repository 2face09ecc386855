package org.astronest.validation.posteriordb;

import org.astronest.inference.InferenceProblem;

/** earnings-earn_height: earn ~ Normal(beta[1] + beta[2] height, sigma), flat priors boxed as summary.json states. */
public final class EarningsModel implements PosteriorModel {

    private final InferenceProblem problem;
    private final double[][] start;

    public EarningsModel(PosteriorFolder f) {
        double[] earn = f.vector("earn");
        double[] height = f.vector("height");
        double[][] a = new double[earn.length][];
        for (int i = 0; i < a.length; i++) {
            a[i] = new double[] {1, height[i]};
        }
        problem = LinearModels.boxed(f, a, earn);
        start = Regression.start(a, earn);
    }

    @Override
    public String name() {
        return "earnings-earn_height";
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
