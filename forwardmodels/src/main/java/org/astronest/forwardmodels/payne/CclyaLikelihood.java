package org.astronest.forwardmodels.payne;

/**
 * The CCLya-Payne likelihood of a Lyman-alpha profile (shared/payne/README.md, {@code cclya_payne_v1.1}; the
 * authors' {@code mcmc} code, avapolzin/CCLya-Payne): theta = (sigma_int, logN_HI, v_exp, logT, v_lya).
 * <ol>
 *   <li>the network profile on its velocity grid (-1400..1400 km/s) is shifted by v_lya: grid {@code v + v_lya};</li>
 *   <li>it is interpolated linearly onto the observed velocities, with zero flux outside the shifted grid
 *       ({@code numpy.interp(..., left=0, right=0)});</li>
 *   <li>the interpolated profile m is normalized to unit sum;</li>
 *   <li>the amplitude is analytic, {@code A = sum(y m / sigma^2) / sum(m^2 / sigma^2)};</li>
 *   <li>{@code ln L = -1/2 sum(((y - A m) / sigma)^2)}.</li>
 * </ol>
 * Pure and thread-safe (scratch per thread). Profiles whose interpolated sum is zero or not finite give
 * {@code ln L = -infinity}.
 */
public final class CclyaLikelihood implements ResidualFunction {

    /** Number of parameters: four network labels and v_lya. */
    public static final int PARAMETERS = 5;

    private final SpectralNetwork network;
    private final double[] modelVelocity;
    private final double[] vel;
    private final double[] flux;
    private final double[] err;
    private final double[] scale;
    private final ThreadLocal<Scratch> scratch;

    private final class Scratch {
        final SpectralNetwork.Workspace ws = network.workspace(1);
        final double[] f = new double[network.pixelCount()];
        final double[] m = new double[vel.length];
        final double[] jf = new double[network.pixelCount() * 4];
        final double[] jp = new double[vel.length * 4];
        final double[] slope = new double[vel.length];
    }

    /**
     * @param network       the 4-label CCLya network
     * @param modelVelocity the network's velocity grid (km/s, increasing; {@code cclya_wavelength.npz})
     * @param velocity      observed velocities (km/s, increasing)
     * @param flux          observed flux
     * @param error         1-sigma errors (finite, positive)
     */
    public CclyaLikelihood(SpectralNetwork network, double[] modelVelocity, double[] velocity, double[] flux,
                           double[] error) {
        if (network.labelCount() != 4) {
            throw new IllegalArgumentException("the CCLya likelihood needs a 4-label network, got "
                    + network.labelCount() + " labels");
        }
        if (modelVelocity.length != network.pixelCount()) {
            throw new IllegalArgumentException("model velocity grid has " + modelVelocity.length
                    + " values but the network predicts " + network.pixelCount());
        }
        if (flux.length != velocity.length || error.length != velocity.length) {
            throw new IllegalArgumentException("spectrum columns differ in length: " + velocity.length
                    + " velocities, " + flux.length + " fluxes, " + error.length + " errors");
        }
        Doppler.requireIncreasing(modelVelocity, "model velocity");
        Doppler.requireIncreasing(velocity, "observed velocity");
        for (int i = 0; i < error.length; i++) {
            if (!(error[i] > 0) || !Double.isFinite(error[i]) || !Double.isFinite(flux[i])) {
                throw new IllegalArgumentException("pixel " + i + ": flux " + flux[i] + " and error " + error[i]
                        + " must be finite with error > 0");
            }
        }
        this.network = network;
        this.modelVelocity = modelVelocity.clone();
        this.vel = velocity.clone();
        this.flux = flux.clone();
        this.err = error.clone();
        double[] lo = network.xMin();
        double[] hi = network.xMax();
        this.scale = new double[PARAMETERS];
        for (int k = 0; k < 4; k++) {
            scale[k] = hi[k] - lo[k];
        }
        scale[4] = 10.0; // km/s: width of the published v_lya prior box (-5, 5), prior.txt
        this.scratch = ThreadLocal.withInitial(Scratch::new);
    }

    /** Observed pixels. */
    public int pixelCount() {
        return vel.length;
    }

    /** The unit-sum profile m(theta) at the observed velocities into {@code m}; returns false if not normalizable. */
    private boolean profile(double[] theta, double[] m, Scratch s) {
        network.predict(theta, s.f, s.ws);
        Doppler.interpolate(modelVelocity, s.f, vel, 1.0, -theta[4], 0.0, m, null);
        // shifting the grid by +v_lya is the same as evaluating the unshifted grid at vel - v_lya
        double sum = 0;
        for (double v : m) {
            sum += v;
        }
        if (sum == 0 || !Double.isFinite(sum)) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            m[i] /= sum;
        }
        return true;
    }

    /** The analytic amplitude at theta. */
    public double amplitude(double[] theta) {
        Scratch s = scratch.get();
        if (!profile(theta, s.m, s)) {
            return Double.NaN;
        }
        return amplitudeOf(s.m);
    }

    private double amplitudeOf(double[] m) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < m.length; i++) {
            double w = 1.0 / (err[i] * err[i]);
            num += flux[i] * m[i] * w;
            den += m[i] * m[i] * w;
        }
        return num / den;
    }

    /** Chi-square with the analytic amplitude. */
    public double chi2(double[] theta) {
        Scratch s = scratch.get();
        if (!profile(theta, s.m, s)) {
            return Double.POSITIVE_INFINITY;
        }
        return chi2Of(s.m, amplitudeOf(s.m));
    }

    /** Chi-square with a given amplitude (e.g. the published A at the published medians). */
    public double chi2(double[] theta, double amplitude) {
        Scratch s = scratch.get();
        if (!profile(theta, s.m, s)) {
            return Double.POSITIVE_INFINITY;
        }
        return chi2Of(s.m, amplitude);
    }

    private double chi2Of(double[] m, double a) {
        double c = 0;
        for (int i = 0; i < m.length; i++) {
            double r = (flux[i] - a * m[i]) / err[i];
            c += r * r;
        }
        return c;
    }

    /** {@code -chi2/2} with the analytic amplitude; {@code -infinity} when the profile cannot be normalized. */
    public double logLikelihood(double[] theta) {
        double c = chi2(theta);
        return Double.isFinite(c) ? -0.5 * c : Double.NEGATIVE_INFINITY;
    }

    /**
     * {@code ln L} and its gradient. The amplitude A minimises the chi-square for every theta, so (envelope theorem)
     * {@code d lnL / d theta = sum_i A (y_i - A m_i) / sigma_i^2 d m_i / d theta} at that A; with the unit-sum profile
     * m = p / S, {@code d m_i = (d p_i - m_i sum_j d p_j) / S}; the network's Jacobian gives d p / d labels
     * (interpolated like the profile, zero outside the shifted grid) and {@code d p_i / d v_lya = -slope_i}, the
     * interpolant's slope at v_i - v_lya. Piecewise smooth in v_lya (linear interpolation), as the likelihood is.
     * Signature of {@code org.astronest.inference.GradientLogLikelihood}.
     */
    public double logLikelihood(double[] theta, double[] gradient) {
        Scratch s = scratch.get();
        java.util.Arrays.fill(gradient, 0, PARAMETERS, 0);
        network.predictWithJacobian(theta, s.f, s.jf, s.ws);
        int n = vel.length;
        Doppler.interpolate(modelVelocity, s.f, vel, 1.0, -theta[4], 0.0, s.m, s.slope);
        Doppler.interpolateColumns(modelVelocity, s.jf, 4, vel, 1.0, -theta[4], 0.0, s.jp);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += s.m[i];
        }
        if (sum == 0 || !Double.isFinite(sum)) {
            return Double.NEGATIVE_INFINITY;
        }
        for (int i = 0; i < n; i++) {
            s.m[i] /= sum;
        }
        double a = amplitudeOf(s.m);
        double c = chi2Of(s.m, a);
        if (!Double.isFinite(c)) {
            return Double.NEGATIVE_INFINITY;
        }
        // g_i = d lnL / d m_i at fixed A; then d lnL / d theta_k = sum_i g_i (dp_ik - m_i sum_j dp_jk) / S
        double gm = 0;
        double[] dsum = new double[PARAMETERS];
        double[] gdot = new double[PARAMETERS];
        for (int i = 0; i < n; i++) {
            double g = a * (flux[i] - a * s.m[i]) / (err[i] * err[i]);
            gm += g * s.m[i];
            for (int k = 0; k < 4; k++) {
                double dp = s.jp[i * 4 + k];
                gdot[k] += g * dp;
                dsum[k] += dp;
            }
            double dv = -s.slope[i];
            gdot[4] += g * dv;
            dsum[4] += dv;
        }
        for (int k = 0; k < PARAMETERS; k++) {
            gradient[k] = (gdot[k] - gm * dsum[k]) / sum;
        }
        return -0.5 * c;
    }

    /** Batched {@code ln L} (loops over {@link #logLikelihood(double[])}). */
    public void logLikelihood(double[][] thetas, double[] out) {
        for (int i = 0; i < thetas.length; i++) {
            out[i] = logLikelihood(thetas[i]);
        }
    }

    /** The model {@code A m(theta)} at the observed velocities (a new array); {@code amplitude} NaN: analytic. */
    public double[] model(double[] theta, double amplitude) {
        Scratch s = scratch.get();
        double[] out = new double[vel.length];
        if (!profile(theta, s.m, s)) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        double a = Double.isNaN(amplitude) ? amplitudeOf(s.m) : amplitude;
        for (int i = 0; i < out.length; i++) {
            out[i] = a * s.m[i];
        }
        return out;
    }

    @Override
    public int parameterCount() {
        return PARAMETERS;
    }

    @Override
    public int residualCount() {
        return vel.length;
    }

    @Override
    public void residuals(double[] theta, double[] r) {
        Scratch s = scratch.get();
        if (!profile(theta, s.m, s)) {
            java.util.Arrays.fill(r, 1e30); // not normalizable: a huge but finite residual keeps optimizers going
            return;
        }
        double a = amplitudeOf(s.m);
        for (int i = 0; i < r.length; i++) {
            r[i] = (flux[i] - a * s.m[i]) / err[i];
        }
    }

    @Override
    public double[] typicalScale() {
        return scale.clone();
    }
}
