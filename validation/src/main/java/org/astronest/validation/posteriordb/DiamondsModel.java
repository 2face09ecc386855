package org.astronest.validation.posteriordb;

import java.util.ArrayList;
import java.util.List;
import org.astronest.inference.GradientLogLikelihood;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogLikelihood;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;

/**
 * diamonds-diamonds: Y ~ Normal(Intercept + Xc b, sigma) with the predictor columns 2..K of X centred (model.md);
 * b ~ Normal(0, 1), Intercept ~ Student-t(3, 8, 10), sigma ~ half-Student-t(3, 0, 10).
 *
 * <p>The likelihood uses the sufficient statistics as model.md suggests, written about the least-squares point so
 * there is no cancellation: RSS(beta) = RSS_min + (beta - beta_hat)^T G (beta - beta_hat), G = A^T A, A = [Xc, 1].
 */
public final class DiamondsModel implements PosteriorModel {

    private final InferenceProblem problem;
    private final double[][] start;

    public DiamondsModel(PosteriorFolder f) {
        double[][] x = f.matrix("X");
        double[] y = f.vector("Y");
        int n = y.length;
        int k = x[0].length - 1;
        int p = k + 1;
        double[][] a = new double[n][p];
        for (int j = 1; j <= k; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                m += x[i][j];
            }
            m /= n;
            for (int i = 0; i < n; i++) {
                a[i][j - 1] = x[i][j] - m;
            }
        }
        for (int i = 0; i < n; i++) {
            a[i][k] = 1;
        }
        start = Regression.start(a, y);
        double[] g = new double[p * p];
        double[] h = new double[p];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r < p; r++) {
                h[r] += a[i][r] * y[i];
                for (int c = 0; c < p; c++) {
                    g[r * p + c] += a[i][r] * a[i][c];
                }
            }
        }
        double[][] gm = new double[p][p];
        for (int r = 0; r < p; r++) {
            System.arraycopy(g, r * p, gm[r], 0, p);
        }
        double[] bhat = new CholeskyDecomposition(new Array2DRowRealMatrix(gm, false), 1e-14, 1e-300).getSolver()
                .solve(new ArrayRealVector(h, false)).toArray();
        double rssMin = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i];
            for (int j = 0; j < p; j++) {
                r -= a[i][j] * bhat[j];
            }
            rssMin += r * r;
        }
        final double rss0 = rssMin;
        List<Parameter> ps = new ArrayList<>();
        for (int j = 1; j <= k; j++) {
            ps.add(Parameter.of("b[" + j + "]", Priors.normal(0, 1)));
        }
        ps.add(Parameter.of("Intercept", Priors.studentT(3, 8, 10)));
        ps.add(Parameter.of("sigma", Priors.halfStudentT(3, 10)));
        LogLikelihood value = theta -> {
            double sigma = theta[p];
            double q = 0;
            for (int r = 0; r < p; r++) {
                double dr = theta[r] - bhat[r];
                double row = 0;
                int o = r * p;
                for (int c = 0; c < p; c++) {
                    row += g[o + c] * (theta[c] - bhat[c]);
                }
                q += dr * row;
            }
            return -0.5 * (rss0 + q) / (sigma * sigma) - n * (Math.log(sigma) + Regression.HALF_LOG_2PI);
        };
        // q = (b - bhat)' G (b - bhat): d/db = -G (b - bhat) / sigma^2, d/dsigma = (rss0 + q) / sigma^3 - n / sigma
        GradientLogLikelihood gradient = (theta, grad) -> {
            double sigma = theta[p];
            double s2 = sigma * sigma;
            double q = 0;
            for (int r = 0; r < p; r++) {
                double row = 0;
                int o = r * p;
                for (int c = 0; c < p; c++) {
                    row += g[o + c] * (theta[c] - bhat[c]);
                }
                q += (theta[r] - bhat[r]) * row;
                grad[r] = -row / s2;
            }
            grad[p] = (rss0 + q) / (s2 * sigma) - n / sigma;
            return -0.5 * (rss0 + q) / s2 - n * (Math.log(sigma) + Regression.HALF_LOG_2PI);
        };
        problem = InferenceProblem.of(PriorSet.of(ps), GradientLogLikelihood.of(value, gradient));
    }

    @Override
    public String name() {
        return "diamonds-diamonds";
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
