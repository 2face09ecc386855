package org.astronest.validation.posteriordb;

import org.astronest.inference.InferenceProblem;

/**
 * mesquite-logmesquite_logvas: log weight regressed on log canopy volume, area, shape, total height, density and
 * group (model.md); flat priors boxed as summary.json states.
 */
public final class MesquiteModel implements PosteriorModel {

    private final InferenceProblem problem;
    private final double[][] start;

    public MesquiteModel(PosteriorFolder f) {
        double[] w = f.vector("weight");
        double[] d1 = f.vector("diam1");
        double[] d2 = f.vector("diam2");
        double[] ch = f.vector("canopy_height");
        double[] th = f.vector("total_height");
        double[] dens = f.vector("density");
        double[] g = f.vector("group");
        int n = w.length;
        double[][] a = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Math.log(w[i]);
            a[i] = new double[] {1, Math.log(d1[i] * d2[i] * ch[i]), Math.log(d1[i] * d2[i]), Math.log(d1[i] / d2[i]),
                Math.log(th[i]), Math.log(dens[i]), g[i]};
        }
        problem = LinearModels.boxed(f, a, y);
        start = Regression.start(a, y);
    }

    @Override
    public String name() {
        return "mesquite-logmesquite_logvas";
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
