package org.astronest.forwardmodels.payne;

/**
 * Gaussian likelihood of an observed spectrum under a {@link SpectralModel}:
 * {@code chi2(theta) = sum_good ((y_i - m_i(theta)) / sigma_i)^2} and {@code ln L = -chi2 / 2} (the constant
 * {@code -sum ln(sqrt(2 pi) sigma_i)} is dropped; {@link #logNormalization()} gives it). Good pixels: not masked,
 * finite flux, finite positive error, error below the optional limit.
 *
 * <p>Pure and thread-safe (scratch memory per thread): {@link #logLikelihood(double[])} and the batched
 * {@link #logLikelihood(double[][], double[])} have the signatures of {@code org.astronest.inference.LogLikelihood}
 * so that callers wrap them without this module depending on the inference module.
 */
public final class ChiSquareLikelihood implements ResidualFunction {

    private final SpectralModel model;
    private final double[] flux;
    private final double[] invSigma; // 0 for bad pixels
    private final int[] good;
    private final double[] scale;
    private final ThreadLocal<Scratch> scratch;

    private final class Scratch {
        final SpectralModel.Scratch s;
        final double[] m;
        final double[] jac;
        final int capacity;
        final double[] mb;
        final double[] thetas;

        Scratch(int batch) {
            this.capacity = batch;
            this.s = model.scratch(batch);
            this.m = new double[model.pixelCount()];
            this.jac = new double[model.pixelCount() * model.parameterCount()];
            this.mb = new double[batch * model.pixelCount()];
            this.thetas = new double[batch * model.parameterCount()];
        }
    }

    /** Batch size of the per-thread scratch used by the batched likelihood (larger batches are split). */
    public static final int BATCH = 16;

    /**
     * @param model    the spectral model
     * @param flux     observed flux per observed pixel
     * @param error    1-sigma errors per pixel
     * @param excluded pixels to leave out (true = excluded, The Payne's mask convention), or null
     * @param maxError pixels with error >= this are left out (APOGEE flags bad pixels with huge errors);
     *                 {@code Double.POSITIVE_INFINITY} keeps all
     */
    public ChiSquareLikelihood(SpectralModel model, double[] flux, double[] error, boolean[] excluded,
                               double maxError) {
        this.model = model;
        int n = model.pixelCount();
        if (flux.length != n || error.length != n || (excluded != null && excluded.length != n)) {
            throw new IllegalArgumentException("spectrum has " + flux.length + " flux values, " + error.length
                    + " errors" + (excluded != null ? ", " + excluded.length + " mask values" : "") + " but the model "
                    + "has " + n + " pixels");
        }
        if (!(maxError > 0)) {
            throw new IllegalArgumentException("maxError must be > 0, got " + maxError);
        }
        this.flux = flux.clone();
        this.invSigma = new double[n];
        int ng = 0;
        for (int i = 0; i < n; i++) {
            boolean ok = (excluded == null || !excluded[i]) && Double.isFinite(flux[i]) && Double.isFinite(error[i])
                    && error[i] > 0 && error[i] < maxError;
            if (ok) {
                invSigma[i] = 1.0 / error[i];
                ng++;
            }
        }
        if (ng == 0) {
            throw new IllegalArgumentException("no usable pixels: every pixel is masked or has a non-finite, "
                    + "non-positive or too large error");
        }
        this.good = new int[ng];
        for (int i = 0, k = 0; i < n; i++) {
            if (invSigma[i] > 0) {
                good[k++] = i;
            }
        }
        SpectralNetwork net = model.network();
        this.scale = new double[model.parameterCount()];
        double[] lo = net.xMin();
        double[] hi = net.xMax();
        for (int k = 0; k < net.labelCount(); k++) {
            scale[k] = hi[k] - lo[k];
        }
        if (model.fitsRv()) {
            scale[net.labelCount()] = 100.0; // km/s: our unit for rv, of the order of a box width in scaled labels
        }
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(BATCH));
    }

    public SpectralModel model() {
        return model;
    }

    /** Number of pixels in the chi-square. */
    public int goodCount() {
        return good.length;
    }

    /** Indices of the pixels in the chi-square. */
    public int[] goodPixels() {
        return good.clone();
    }

    /** {@code -sum_good ln(sqrt(2 pi) sigma_i)}, the constant left out of {@link #logLikelihood(double[])}. */
    public double logNormalization() {
        double c = 0;
        for (int i : good) {
            c += Math.log(invSigma[i]) - 0.5 * Math.log(2 * Math.PI);
        }
        return c;
    }

    /** The chi-square at theta. */
    public double chi2(double[] theta) {
        Scratch s = scratch.get();
        model.model(theta, s.m, s.s);
        return chi2Of(s.m, 0);
    }

    private double chi2Of(double[] m, int off) {
        double c = 0;
        for (int i : good) {
            double r = (flux[i] - m[off + i]) * invSigma[i];
            c += r * r;
        }
        return c;
    }

    /** {@code -chi2/2}; {@code -infinity} when the model is not finite. */
    public double logLikelihood(double[] theta) {
        double c = chi2(theta);
        return Double.isFinite(c) ? -0.5 * c : Double.NEGATIVE_INFINITY;
    }

    /**
     * {@code ln L} and its gradient {@code d lnL / d theta_k = sum_good (y_i - m_i) / sigma_i^2 d m_i / d theta_k}
     * from the model's analytic Jacobian (the network's forward-mode derivatives, interpolated with the Doppler
     * shift; the radial-velocity column is the interpolant's slope times d(1 + v/c)/dv). The shifted model is a
     * piecewise-linear interpolant, so ln L is only piecewise smooth in the velocity: the velocity component is the
     * derivative within the current pieces. Signature of {@code org.astronest.inference.GradientLogLikelihood}.
     */
    public double logLikelihood(double[] theta, double[] gradient) {
        Scratch s = scratch.get();
        int np = model.parameterCount();
        model.modelWithJacobian(theta, s.m, s.jac, s.s);
        double c = 0;
        java.util.Arrays.fill(gradient, 0, np, 0);
        for (int i : good) {
            double w = invSigma[i];
            double r = (flux[i] - s.m[i]) * w;
            c += r * r;
            double rw = r * w;
            for (int p = 0; p < np; p++) {
                gradient[p] += rw * s.jac[i * np + p];
            }
        }
        return Double.isFinite(c) ? -0.5 * c : Double.NEGATIVE_INFINITY;
    }

    /** Batched {@code ln L} through the network's batched evaluation: {@code out[i] = logLikelihood(thetas[i])}. */
    public void logLikelihood(double[][] thetas, double[] out) {
        Scratch s = scratch.get();
        int np = model.parameterCount();
        int nObs = model.pixelCount();
        for (int start = 0; start < thetas.length; start += s.capacity) {
            int n = Math.min(s.capacity, thetas.length - start);
            for (int i = 0; i < n; i++) {
                System.arraycopy(thetas[start + i], 0, s.thetas, i * np, np);
            }
            model.modelBatch(s.thetas, n, s.mb, s.s);
            for (int i = 0; i < n; i++) {
                double c = chi2Of(s.mb, i * nObs);
                out[start + i] = Double.isFinite(c) ? -0.5 * c : Double.NEGATIVE_INFINITY;
            }
        }
    }

    /**
     * Chi-square at fixed labels for each radial velocity in {@code rvs}: the network is evaluated once and only the
     * shift is repeated (a cheap cross-correlation used to start the optimizer).
     */
    public double[] chi2Scan(double[] labels, double[] rvs) {
        if (!model.fitsRv()) {
            throw new IllegalStateException("this likelihood has no radial velocity");
        }
        Scratch s = scratch.get();
        double[] rest = new double[model.network().pixelCount()];
        model.network().predict(labels, rest, s.s.ws);
        double[] out = new double[rvs.length];
        for (int k = 0; k < rvs.length; k++) {
            model.shift(rest, rvs[k], s.m);
            out[k] = chi2Of(s.m, 0);
        }
        return out;
    }

    /** The model at every observed pixel (a new array). */
    public double[] model(double[] theta) {
        double[] m = new double[model.pixelCount()];
        model.model(theta, m, scratch.get().s);
        return m;
    }

    @Override
    public int parameterCount() {
        return model.parameterCount();
    }

    @Override
    public int residualCount() {
        return good.length;
    }

    @Override
    public void residuals(double[] theta, double[] r) {
        Scratch s = scratch.get();
        model.model(theta, s.m, s.s);
        for (int k = 0; k < good.length; k++) {
            int i = good[k];
            r[k] = (flux[i] - s.m[i]) * invSigma[i];
        }
    }

    @Override
    public void residualsAndJacobian(double[] theta, double[] r, double[] jac) {
        Scratch s = scratch.get();
        int np = model.parameterCount();
        model.modelWithJacobian(theta, s.m, s.jac, s.s);
        for (int k = 0; k < good.length; k++) {
            int i = good[k];
            double w = invSigma[i];
            r[k] = (flux[i] - s.m[i]) * w;
            for (int p = 0; p < np; p++) {
                jac[k * np + p] = -s.jac[i * np + p] * w;
            }
        }
    }

    @Override
    public double[] typicalScale() {
        return scale.clone();
    }
}
