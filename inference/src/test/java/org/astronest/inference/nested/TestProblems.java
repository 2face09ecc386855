package org.astronest.inference.nested;

import java.util.ArrayList;
import java.util.List;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogMath;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/** Small problems with closed-form evidences for the nested-sampler tests. */
final class TestProblems {

    private TestProblems() {
    }

    /**
     * Isotropic Gaussian N(mu, s^2 I) likelihood (normalized) on the box [-5, 5]^d: Z = prod_i (1/10) (mass of
     * N(mu_i, s) inside [-5, 5]) = 10^-d to within 1e-20 for |mu_i| &lt;= 1, s = 0.5, so ln Z = -d ln 10.
     */
    static InferenceProblem gaussian(int d, double s) {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            ps.add(Parameter.of("x" + i, Priors.uniform(-5, 5)));
        }
        double norm = -0.5 * d * Math.log(2 * Math.PI * s * s);
        return InferenceProblem.of(PriorSet.of(ps), th -> {
            double q = 0;
            for (int i = 0; i < d; i++) {
                double mu = d == 1 ? 0 : -1 + 2.0 * i / (d - 1);
                double z = (th[i] - mu) / s;
                q += z * z;
            }
            return norm - 0.5 * q;
        });
    }

    /**
     * Two well-separated equal Gaussians (sd 0.3, centres +-2.5 in x0) on [-5, 5]^d, mixture weight 1/2 each:
     * ln Z = -d ln 10 (the mass outside the box is below 1e-15).
     */
    static InferenceProblem twoModes(int d) {
        return unequalModes(d, 0.5);
    }

    /**
     * Two separated Gaussians (sd 0.3, centres -2.5 and +2.5 in x0) of mixture weights 1 - w and w on [-5, 5]^d:
     * ln Z = -d ln 10 (the mass outside the box is below 1e-15), mean of x0 = 2.5 (2w - 1), the others 0.
     */
    static InferenceProblem unequalModes(int d, double w) {
        List<Parameter> ps = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            ps.add(Parameter.of("x" + i, Priors.uniform(-5, 5)));
        }
        double s = 0.3;
        double norm = -0.5 * d * Math.log(2 * Math.PI * s * s);
        double la = Math.log1p(-w);
        double lb = Math.log(w);
        return InferenceProblem.of(PriorSet.of(ps), th -> {
            double q1 = 0;
            double q2 = 0;
            for (int i = 0; i < d; i++) {
                double a = (th[i] - (i == 0 ? -2.5 : 0)) / s;
                double b = (th[i] - (i == 0 ? 2.5 : 0)) / s;
                q1 += a * a;
                q2 += b * b;
            }
            return norm + LogMath.logAddExp(la - 0.5 * q1, lb - 0.5 * q2);
        });
    }
}
