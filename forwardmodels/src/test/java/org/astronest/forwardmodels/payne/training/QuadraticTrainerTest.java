package org.astronest.forwardmodels.payne.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.astronest.forwardmodels.payne.LabelScaling;
import org.astronest.forwardmodels.payne.QuadraticSpectralModel;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealVector;
import org.junit.jupiter.api.Test;

/**
 * The quadratic trainer against independent solutions: a noiseless quadratic is recovered exactly, noisy data give
 * Hipparchus' QR least-squares solution of the weighted problem, the squared prior gives the QR solution of the
 * problem with the prior rows appended, and the |u| prior's IRLS reaches a minimum of its objective.
 */
class QuadraticTrainerTest {

    private static final List<String> NAMES = List.of("Teff", "logg", "FeH");

    /** 60 stars, 3 labels, 5 pixels; fluxes a known quadratic of the scaled labels plus optional noise. */
    private static TrainingSet set(double[] theta, double noise, long seed) {
        UniformRandomProvider r = RandomSource.L64_X128_MIX.create(seed);
        int n = 60;
        int np = 5;
        int m = QuadraticSpectralModel.termCount(3);
        double[] x = new double[n * 3];
        double[] f = new double[n * np];
        double[] iv = new double[n * np];
        for (int i = 0; i < n; i++) {
            x[3 * i] = 4300 + 1000 * r.nextDouble();
            x[3 * i + 1] = 1.5 + 2 * r.nextDouble();
            x[3 * i + 2] = -0.5 + r.nextDouble();
        }
        x[0] = 4300; // pin the box so that the scaling is known
        x[3] = 5300;
        x[1] = 1.5;
        x[4] = 3.5;
        x[2] = -0.5;
        x[5] = 0.5;
        double[] s = new double[3];
        double[] phi = new double[m];
        for (int i = 0; i < n; i++) {
            LabelScaling.scale(java.util.Arrays.copyOfRange(x, 3 * i, 3 * i + 3), 1, new double[] {4300, 1.5, -0.5},
                    new double[] {5300, 3.5, 0.5}, s);
            QuadraticSpectralModel.features(s, 0, 3, phi);
            for (int p = 0; p < np; p++) {
                double v = 0;
                for (int t = 0; t < m; t++) {
                    v += theta[p * m + t] * phi[t];
                }
                double sig = noise * (1 + 0.5 * r.nextDouble());
                f[i * np + p] = v + sig * (r.nextDouble() - 0.5) * Math.sqrt(12);
                iv[i * np + p] = noise > 0 ? 1 / (sig * sig) : 1;
            }
        }
        return TrainingSet.of(NAMES, x, f, iv, null);
    }

    private static double[] randomTheta(long seed) {
        UniformRandomProvider r = RandomSource.L64_X128_MIX.create(seed);
        double[] t = new double[5 * QuadraticSpectralModel.termCount(3)];
        for (int i = 0; i < t.length; i++) {
            t[i] = r.nextDouble() - 0.5;
        }
        return t;
    }

    @Test
    void recoversANoiselessQuadraticExactly() {
        double[] theta = randomTheta(1);
        QuadraticSpectralModel q = new QuadraticTrainer(2).fit(set(theta, 0, 2), null);
        int m = QuadraticSpectralModel.termCount(3);
        for (int p = 0; p < 5; p++) {
            assertArrayEquals(java.util.Arrays.copyOfRange(theta, p * m, (p + 1) * m), q.coefficients(p), 1e-10);
        }
    }

    @Test
    void weightedLeastSquaresEqualsTheQrSolution() {
        TrainingSet set = set(randomTheta(3), 0.01, 4);
        QuadraticSpectralModel q = new QuadraticTrainer(1).fit(set, null);
        for (int p = 0; p < 5; p++) {
            double[] ref = qr(design(set, p), rhs(set, p));
            assertArrayEquals(ref, q.coefficients(p), 1e-9, "pixel " + p);
        }
    }

    @Test
    void squaredPriorEqualsTheQrSolutionWithPriorRows() {
        TrainingSet set = set(randomTheta(5), 0.01, 6);
        GradientPrior prior = prior(set, 3.0, PenaltyShape.SQUARED);
        QuadraticSpectralModel q = new QuadraticTrainer(2).fit(set, prior);
        int m = QuadraticSpectralModel.termCount(3);
        double[][] rows = priorRows(set, prior);
        for (int p = 0; p < 5; p++) {
            double[][] a = design(set, p);
            double[] b = rhs(set, p);
            double[][] aa = java.util.Arrays.copyOf(a, a.length + prior.size());
            double[] bb = java.util.Arrays.copyOf(b, b.length + prior.size());
            for (int g = 0; g < prior.size(); g++) {
                double c = Math.sqrt(prior.dScale()) / prior.norm(g, p);
                aa[a.length + g] = new double[m];
                for (int t = 0; t < m; t++) {
                    aa[a.length + g][t] = c * rows[g][t];
                }
                bb[b.length + g] = c * prior.abInitio(g, p);
            }
            assertArrayEquals(qr(aa, bb), q.coefficients(p), 1e-8, "pixel " + p);
        }
        // D_scale = 0 is the plain solution
        assertArrayEquals(new QuadraticTrainer(2).fit(set, null).coefficients(2),
                new QuadraticTrainer(2).fit(set, prior.withDScale(0)).coefficients(2), 0.0);
    }

    @Test
    void absolutePriorReachesAMinimumOfItsObjective() {
        TrainingSet set = set(randomTheta(7), 0.01, 8);
        GradientPrior prior = prior(set, 5.0, PenaltyShape.ABSOLUTE);
        QuadraticSpectralModel q = new QuadraticTrainer(2).fit(set, prior);
        double[][] rows = priorRows(set, prior);
        UniformRandomProvider r = RandomSource.L64_X128_MIX.create(9L);
        for (int p = 0; p < 5; p++) {
            double[] th = q.coefficients(p);
            double best = objective(set, p, th, prior, rows);
            for (int k = 0; k < 2000; k++) {
                double[] t2 = th.clone();
                double scale = k < 1000 ? 1e-4 : 1e-2;
                for (int t = 0; t < t2.length; t++) {
                    t2[t] += scale * (r.nextDouble() - 0.5);
                }
                assertTrue(objective(set, p, t2, prior, rows) >= best * (1 - 1e-12), "pixel " + p + " trial " + k);
            }
        }
    }

    @Test
    void aLargeDScaleMakesTheModelGradientsTheAbInitioOnes() {
        TrainingSet set = set(randomTheta(10), 0.01, 11);
        GradientPrior prior = prior(set, 1e11, PenaltyShape.SQUARED);
        QuadraticSpectralModel q = new QuadraticTrainer(2).fit(set, prior);
        // the deviation falls like 1/D_scale (chi2 gradient / prior curvature): at D = 1e8 it measured 3.6e-6
        // relative, so at 1e11 about 4e-9
        double[] g = GradientSpectra.of(q, prior);
        for (int i = 0; i < prior.size(); i++) {
            for (int p = 0; p < 5; p++) {
                assertEquals(prior.abInitio(i, p), g[i * 5 + p], 1e-6 * Math.abs(prior.abInitio(i, p)) + 1e-9);
            }
        }
    }

    @Test
    void anUndeterminedPixelIsNamed() {
        TrainingSet set = set(randomTheta(12), 0.01, 13).subset(java.util.stream.IntStream.range(0, 6).toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new QuadraticTrainer(1).fit(set, null));
        assertTrue(e.getMessage().contains("pixel 0 is not determined by the training set"), e.getMessage());
    }

    private static GradientPrior prior(TrainingSet set, double d, PenaltyShape shape) {
        UniformRandomProvider r = RandomSource.L64_X128_MIX.create(14L);
        double[] a = new double[2 * 5];
        for (int i = 0; i < a.length; i++) {
            a[i] = 0.05 * (r.nextDouble() - 0.5);
        }
        return GradientPrior.of(NAMES, List.of("Teff", "FeH"), 5, a, GradientPrior.defaultReference(NAMES),
                GradientPrior.defaultSteps(NAMES), new GradientPrior.Options(d, shape, 1e-3,
                        DifferenceScheme.CENTRAL));
    }

    /** sqrt(w)-weighted design rows of pixel p (quadratic label vectors). */
    private static double[][] design(TrainingSet set, int p) {
        int m = QuadraticSpectralModel.termCount(3);
        double[][] a = new double[set.starCount()][m];
        double[] s = new double[3];
        for (int i = 0; i < set.starCount(); i++) {
            LabelScaling.scale(set.labelsOf(i), 1, set.xMin(), set.xMax(), s);
            QuadraticSpectralModel.features(s, 0, 3, a[i]);
            double w = Math.sqrt(set.ivar(i, p));
            for (int t = 0; t < m; t++) {
                a[i][t] *= w;
            }
        }
        return a;
    }

    private static double[] rhs(TrainingSet set, int p) {
        double[] b = new double[set.starCount()];
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.sqrt(set.ivar(i, p)) * set.flux(i, p);
        }
        return b;
    }

    private static double[] qr(double[][] a, double[] b) {
        RealVector x = new QRDecomposition(new Array2DRowRealMatrix(a)).getSolver().solve(new ArrayRealVector(b));
        return x.toArray();
    }

    /** phi(plus point) - phi(minus point) of each prior label. */
    private static double[][] priorRows(TrainingSet set, GradientPrior prior) {
        int m = QuadraticSpectralModel.termCount(3);
        double[] pts = prior.points();
        double[] s = new double[pts.length];
        LabelScaling.scale(pts, prior.pointCount(), set.xMin(), set.xMax(), s);
        double[][] rows = new double[prior.size()][m];
        double[] lo = new double[m];
        double[] hi = new double[m];
        for (int g = 0; g < prior.size(); g++) {
            QuadraticSpectralModel.features(s, 2 * g * 3, 3, lo);
            QuadraticSpectralModel.features(s, (2 * g + 1) * 3, 3, hi);
            for (int t = 0; t < m; t++) {
                rows[g][t] = hi[t] - lo[t];
            }
        }
        return rows;
    }

    private static double objective(TrainingSet set, int p, double[] th, GradientPrior prior, double[][] rows) {
        double[][] a = design(set, p);
        double[] b = rhs(set, p);
        double c = 0;
        for (int i = 0; i < a.length; i++) {
            double v = -b[i];
            for (int t = 0; t < th.length; t++) {
                v += a[i][t] * th[t];
            }
            c += v * v;
        }
        double[] fr = new double[2 * prior.size()];
        for (int g = 0; g < prior.size(); g++) {
            double v = 0;
            for (int t = 0; t < th.length; t++) {
                v += rows[g][t] * th[t];
            }
            fr[2 * g + 1] = v;
        }
        return c + prior.penalty(p, fr, 0, null);
    }
}
