package org.astronest.forwardmodels.payne.training;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.astronest.forwardmodels.payne.ChiSquareLikelihood;
import org.astronest.forwardmodels.payne.LabelFitter;
import org.astronest.forwardmodels.payne.SpectralModel;
import org.astronest.forwardmodels.payne.SpectralNetwork;

/**
 * Fits the labels of held-out stars with a trained model, as {@code payne fit} does for one spectrum (no radial
 * velocity; the model's training box as bounds; the box centre as start, The Payne's {@code p0 = 0} in scaled
 * labels; errors {@code 1/sqrt(ivar)}, pixels with {@code ivar = 0} left out), and compares them with the stars'
 * known labels: the precision of seed 004 Fig. 2 ("the 1 sigma values ... between the APOGEE values and our LAMOST
 * estimates").
 */
public final class LabelRecovery {

    /**
     * Fitted labels of {@code n} stars.
     *
     * @param names  label names
     * @param truth  the stars' known labels, {@code n x L}
     * @param fitted best-fit labels, {@code n x L}
     * @param errors 1-sigma fit errors, {@code n x L}
     */
    public record Fits(List<String> names, double[] truth, double[] fitted, double[] errors) {

        public int starCount() {
            return truth.length / names.size();
        }

        /** Fitted minus true label k of every star. */
        public double[] differences(int k) {
            int nl = names.size();
            double[] d = new double[starCount()];
            for (int i = 0; i < d.length; i++) {
                d[i] = fitted[i * nl + k] - truth[i * nl + k];
            }
            return d;
        }

        /** Standard deviation (n - 1) of fitted minus true, per label. */
        public double[] scatter() {
            double[] s = new double[names.size()];
            for (int k = 0; k < s.length; k++) {
                double[] d = differences(k);
                double m = mean(d);
                double v = 0;
                for (double x : d) {
                    v += (x - m) * (x - m);
                }
                s[k] = Math.sqrt(v / Math.max(1, d.length - 1));
            }
            return s;
        }

        /** Mean of fitted minus true, per label. */
        public double[] bias() {
            double[] s = new double[names.size()];
            for (int k = 0; k < s.length; k++) {
                s[k] = mean(differences(k));
            }
            return s;
        }

        /** Label {@code k} of every star: true ({@code fitted = false}) or fitted. */
        public double[] column(int k, boolean fittedValues) {
            int nl = names.size();
            double[] c = new double[starCount()];
            for (int i = 0; i < c.length; i++) {
                c[i] = (fittedValues ? fitted : truth)[i * nl + k];
            }
            return c;
        }
    }

    private LabelRecovery() {
    }

    /** Fits every star of {@code stars} with {@code model} on {@code threads} threads (results in star order). */
    public static Fits fit(SpectralNetwork model, TrainingSet stars, LabelFitter fitter, int threads) {
        int n = stars.starCount();
        int nl = stars.labelCount();
        if (model.labelCount() != nl || model.pixelCount() != stars.pixelCount()) {
            throw new IllegalArgumentException("model of " + model.labelCount() + " labels and " + model.pixelCount()
                    + " pixels cannot fit stars of " + nl + " labels and " + stars.pixelCount() + " pixels");
        }
        double[] fitted = new double[n * nl];
        double[] errors = new double[n * nl];
        double[] truth = new double[n * nl];
        SpectralModel sm = new SpectralModel(model, null, null, false);
        double[] lo = model.xMin();
        double[] hi = model.xMax();
        java.util.function.IntConsumer one = i -> {
            double[] flux = stars.fluxOf(i);
            double[] iv = stars.ivarOf(i);
            double[] err = new double[iv.length];
            for (int p = 0; p < iv.length; p++) {
                err[p] = iv[p] > 0 ? 1 / Math.sqrt(iv[p]) : Double.POSITIVE_INFINITY;
            }
            ChiSquareLikelihood c = new ChiSquareLikelihood(sm, flux, err, null, Double.POSITIVE_INFINITY);
            LabelFitter.Result r = fitter.fit(c, lo, hi, List.of(LabelFitter.centre(lo, hi)));
            System.arraycopy(r.theta(), 0, fitted, i * nl, nl);
            System.arraycopy(r.errors(), 0, errors, i * nl, nl);
            System.arraycopy(stars.labelsOf(i), 0, truth, i * nl, nl);
        };
        if (threads <= 1) {
            for (int i = 0; i < n; i++) {
                one.accept(i);
            }
        } else {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                pool.submit(() -> IntStream.range(0, n).parallel().forEach(one)).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("fits interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            } finally {
                pool.shutdown();
            }
        }
        return new Fits(stars.labelNames(), truth, fitted, errors);
    }

    /** Ordinary least-squares slope of y on x. */
    public static double slope(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }

    static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }
}
