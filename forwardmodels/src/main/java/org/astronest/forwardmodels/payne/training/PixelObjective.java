package org.astronest.forwardmodels.payne.training;

/**
 * The training objective of one pixel's network: the chi-square over the training stars plus, when a prior with
 * {@code D_scale > 0} is given, the {@link GradientPrior} penalty of the network's gradient spectra at the reference
 * star. With no prior (or {@code D_scale = 0}) the reference points are not evaluated at all, so the objective and
 * its gradient are bit for bit the chi-square's.
 *
 * <p>One instance per thread: {@link #target} points it at a pixel's data; buffers are reused.
 */
final class PixelObjective implements Objective {

    private final int hidden;
    private final int labels;
    private final double[][] sTrain;
    private final int nTrain;
    private final double[][] sValid;
    private final int nValid;
    private final double[][] sRef;
    private final int nRef;
    private final GradientPrior prior; // null when D_scale = 0
    private final double[] f;
    private final double[] h;
    private final double[] q;
    private final double[] dF;
    private final double[] dFr;

    private int pixel;
    private double[] yTrain;
    private double[] wTrain;
    private double[] yValid;
    private double[] wValid;
    private double lastChi2;
    private double lastPenalty;

    PixelObjective(int hidden, double[][] sTrain, int nTrain, double[][] sValid, int nValid, double[][] sRef,
                   GradientPrior prior) {
        this.hidden = hidden;
        this.labels = sTrain.length;
        this.sTrain = sTrain;
        this.nTrain = nTrain;
        this.sValid = sValid;
        this.nValid = nValid;
        this.prior = prior != null && prior.dScale() > 0 ? prior : null;
        this.sRef = this.prior != null ? sRef : null;
        this.nRef = this.prior != null ? prior.pointCount() : 0;
        int nmax = Math.max(Math.max(nTrain, nValid), nRef);
        this.f = new double[nmax];
        this.h = new double[hidden * nmax];
        this.q = new double[nmax];
        this.dF = new double[nmax];
        this.dFr = new double[Math.max(nRef, 1)];
    }

    /** Points the objective at pixel {@code p}'s fluxes and inverse variances (arrays are kept, not copied). */
    void target(int p, double[] yTrain, double[] wTrain, double[] yValid, double[] wValid) {
        this.pixel = p;
        this.yTrain = yTrain;
        this.wTrain = wTrain;
        this.yValid = yValid;
        this.wValid = wValid;
    }

    int size() {
        return PixelNetwork.size(hidden, labels);
    }

    /** Chi-square part of the last {@link #valueAndGradient} call. */
    double lastChi2() {
        return lastChi2;
    }

    /** Penalty part of the last {@link #valueAndGradient} call (0 without a prior). */
    double lastPenalty() {
        return lastPenalty;
    }

    @Override
    public double valueAndGradient(double[] th, double[] grad) {
        java.util.Arrays.fill(grad, 0, size(), 0.0);
        PixelNetwork.forward(th, hidden, labels, sTrain, nTrain, f, h);
        double chi2 = 0;
        for (int i = 0; i < nTrain; i++) {
            double r = f[i] - yTrain[i];
            double wr = wTrain[i] * r;
            chi2 += wr * r;
            dF[i] = 2 * wr;
        }
        PixelNetwork.backward(th, hidden, labels, sTrain, nTrain, dF, h, q, grad);
        double pen = 0;
        if (prior != null) {
            PixelNetwork.forward(th, hidden, labels, sRef, nRef, f, h);
            pen = prior.penalty(pixel, f, 0, dFr);
            PixelNetwork.backward(th, hidden, labels, sRef, nRef, dFr, h, q, grad);
        }
        lastChi2 = chi2;
        lastPenalty = pen;
        return chi2 + pen;
    }

    /** Chi-square over the validation stars. */
    double validationChi2(double[] th) {
        if (nValid == 0) {
            return 0;
        }
        PixelNetwork.forward(th, hidden, labels, sValid, nValid, f, h);
        double chi2 = 0;
        for (int i = 0; i < nValid; i++) {
            double r = f[i] - yValid[i];
            chi2 += wValid[i] * r * r;
        }
        return chi2;
    }

    /** The prior penalty alone (0 without a prior). */
    double penalty(double[] th) {
        if (prior == null) {
            return 0;
        }
        PixelNetwork.forward(th, hidden, labels, sRef, nRef, f, h);
        return prior.penalty(pixel, f, 0, null);
    }

    /** The training chi-square alone. */
    double trainChi2(double[] th) {
        PixelNetwork.forward(th, hidden, labels, sTrain, nTrain, f, h);
        double chi2 = 0;
        for (int i = 0; i < nTrain; i++) {
            double r = f[i] - yTrain[i];
            chi2 += wTrain[i] * r * r;
        }
        return chi2;
    }

    /** Weighted mean over the training stars of the network output without its output bias (init fallback). */
    double meanOutputWithoutBias(double[] th) {
        int b1 = PixelNetwork.size(hidden, labels) - 1;
        double saved = th[b1];
        th[b1] = 0;
        PixelNetwork.forward(th, hidden, labels, sTrain, nTrain, f, h);
        th[b1] = saved;
        double sw = 0;
        double sf = 0;
        for (int i = 0; i < nTrain; i++) {
            sw += wTrain[i];
            sf += wTrain[i] * f[i];
        }
        return sw > 0 ? sf / sw : 0;
    }

    /**
     * Sets the output layer ({@code w1}, {@code b1}) of {@code th} to the weighted least-squares fit of the training
     * fluxes given the hidden layer, with a ridge of {@code ridge} times the mean diagonal on {@code w1} (the
     * output layer is linear in these parameters, so this is exact; a singular system leaves {@code th} as is).
     */
    void fitOutputLayer(double[] th, double ridge) {
        int ow1 = hidden * labels + hidden;
        int m = hidden + 1;
        PixelNetwork.forward(th, hidden, labels, sTrain, nTrain, f, h);
        double[] a = new double[m * m];
        double[] b = new double[m];
        for (int i = 0; i < nTrain; i++) {
            double w = wTrain[i];
            if (w == 0) {
                continue;
            }
            for (int u = 0; u < m; u++) {
                double pu = u < hidden ? h[u * nTrain + i] : 1.0;
                b[u] += w * pu * yTrain[i];
                for (int v = 0; v <= u; v++) {
                    double pv = v < hidden ? h[v * nTrain + i] : 1.0;
                    a[u * m + v] += w * pu * pv;
                }
            }
        }
        double tr = 0;
        for (int u = 0; u < hidden; u++) {
            tr += a[u * m + u];
        }
        double r = ridge * tr / Math.max(1, hidden);
        for (int u = 0; u < m; u++) {
            for (int v = 0; v < u; v++) {
                a[v * m + u] = a[u * m + v];
            }
            if (u < hidden) {
                a[u * m + u] += r;
            }
        }
        double[] x;
        try {
            x = QuadraticTrainer.solve(a, b, m, pixel);
        } catch (IllegalArgumentException e) {
            return;
        }
        System.arraycopy(x, 0, th, ow1, hidden);
        th[ow1 + hidden] = x[hidden];
    }

    /** Weighted mean flux of the training stars. */
    double meanFlux() {
        double sw = 0;
        double sf = 0;
        for (int i = 0; i < nTrain; i++) {
            sw += wTrain[i];
            sf += wTrain[i] * yTrain[i];
        }
        return sw > 0 ? sf / sw : 0;
    }
}
