package org.astronest.inference.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;
import org.junit.jupiter.api.Test;

/** L-BFGS and the Laplace approximation against closed-form optima and covariances. */
class LaplaceTest {

    /** Rosenbrock's function from (-1.2, 1) (Nocedal &amp; Wright 2006, ex. 2.1): the optimum is (1, 1). */
    @Test
    void lbfgsFindsRosenbrocksMinimum() {
        Lbfgs.Result r = Lbfgs.defaults().maximise((x, g) -> {
            double a = x[0];
            double b = x[1];
            g[0] = 2 * (1 - a) + 400 * a * (b - a * a);
            g[1] = -200 * (b - a * a);
            return -((1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a));
        }, new double[] {-1.2, 1});
        assertEquals(1, r.x()[0], 1e-6, r.toString());
        assertEquals(1, r.x()[1], 1e-6);
        assertTrue(r.iterations() < 100, "iterations " + r.iterations());
    }

    /**
     * A Gaussian likelihood N(mu, Sigma) with rho = 0.8 and wide normal priors N(0, 100^2): the posterior is Gaussian
     * with precision Sigma^-1 + I / 100^2, so the Laplace approximation is exact: mode = posterior mean, covariance =
     * posterior covariance (identity transforms: unconstrained = constrained).
     */
    @Test
    void exactForAGaussianPosterior() {
        double rho = 0.8;
        double s0 = 2;
        double s1 = 0.5;
        double[] mu = {3, -1};
        GradientLogLikelihood ll = (th, g) -> {
            double a = (th[0] - mu[0]) / s0;
            double b = (th[1] - mu[1]) / s1;
            double det = 1 - rho * rho;
            g[0] = -(a - rho * b) / det / s0;
            g[1] = -(b - rho * a) / det / s1;
            return -0.5 * (a * a - 2 * rho * a * b + b * b) / det;
        };
        InferenceProblem p = InferenceProblem.of(PriorSet.of(Parameter.of("a", Priors.normal(0, 100)),
                Parameter.of("b", Priors.normal(0, 100))), ll);
        Laplace l = Laplace.fit(p, 7);
        // posterior precision P = Sigma^-1 + 1e-4 I; mean = P^-1 Sigma^-1 mu
        double det = 1 - rho * rho;
        double[][] si = {{1 / (s0 * s0 * det), -rho / (s0 * s1 * det)}, {-rho / (s0 * s1 * det), 1 / (s1 * s1 * det)}};
        double p00 = si[0][0] + 1e-4;
        double p11 = si[1][1] + 1e-4;
        double p01 = si[0][1];
        double dp = p00 * p11 - p01 * p01;
        double[] c = {p11 / dp, -p01 / dp, -p01 / dp, p00 / dp};
        double r0 = si[0][0] * mu[0] + si[0][1] * mu[1];
        double r1 = si[1][0] * mu[0] + si[1][1] * mu[1];
        assertEquals(c[0] * r0 + c[1] * r1, l.center()[0], 1e-6);
        assertEquals(c[2] * r0 + c[3] * r1, l.center()[1], 1e-6);
        for (int k = 0; k < 4; k++) {
            assertEquals(c[k], l.covariance()[k], 1e-6 * Math.abs(c[0]), "covariance entry " + k);
        }
        assertEquals(Math.sqrt(c[0]), l.scale()[0], 1e-6);
    }

    /**
     * Uniform(0, 1) prior and ln L = 2 ln x + 4 ln(1 - x): the posterior Beta(3, 5) has its mode at (3 - 1)/(8 - 2) =
     * 1/3 in x, while the density of y = logit(x) (Jacobian x (1 - x) included) peaks at 3/8.
     */
    @Test
    void modeWithAndWithoutTheJacobian() {
        GradientLogLikelihood ll = (th, g) -> {
            g[0] = 2 / th[0] - 4 / (1 - th[0]);
            return 2 * Math.log(th[0]) + 4 * Math.log1p(-th[0]);
        };
        Laplace l = Laplace.fit(InferenceProblem.of(PriorSet.of(Parameter.of("x", Priors.uniform(0, 1))), ll), 3);
        assertEquals(1.0 / 3, l.mapTheta()[0], 1e-7);
        assertEquals(3.0 / 8, l.theta()[0], 1e-7);
        // d^2/dy^2 of 3 ln s + 5 ln(1 - s) at the mode is -8 s (1 - s): variance 1 / (8 x 3/8 x 5/8)
        assertEquals(1 / (8 * 0.375 * 0.625), l.covariance()[0], 1e-5);
    }

    /**
     * At a saddle (ln p = -a^2 / 2 + b^2 / 8, -H = diag(1, -1/4)) the covariance uses |eigenvalues|: diag(1, 4), the
     * widest the curvature allows, instead of failing.
     */
    @Test
    void saddleGivesAbsoluteCurvatures() {
        GradientLogLikelihood ll = (th, g) -> {
            g[0] = -th[0];
            g[1] = th[1] / 4;
            return -0.5 * th[0] * th[0] + th[1] * th[1] / 8;
        };
        InferenceProblem p = InferenceProblem.of(PriorSet.of(Parameter.of("a", Priors.flat()),
                Parameter.of("b", Priors.flat())), ll);
        double[] c = Laplace.covariance(new org.astronest.inference.UnconstrainedDensity(p), new double[] {0, 0});
        assertEquals(1, c[0], 1e-6);
        assertEquals(4, c[3], 1e-5);
        assertEquals(0, c[1], 1e-9);
    }
}
