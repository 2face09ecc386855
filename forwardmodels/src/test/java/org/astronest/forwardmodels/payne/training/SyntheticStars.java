package org.astronest.forwardmodels.payne.training;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * A known smooth spectral model for the training tests: labels {@code Teff, logg, FeH, NiH}; a normalised spectrum
 * of {@code P} pixels with Gaussian absorption lines of Fe and Ni,
 * <pre>
 *   f(l, p) = c(l, p) exp(-sum_lines tau_line(l) exp(-(p - p_line)^2 / (2 w^2))),
 *   tau_line(l) = d_line 10^[X/H] exp(alpha_line (Teff - 4800)/1000 + gamma_line (logg - 2.5)),
 *   c(l, p) = 1 + 0.02 ((Teff - 4800)/500) sin(2 pi p / P)
 * </pre>
 * (an optically thin line's depth scales with the abundance, 10^[X/H]; the Teff and log g factors stand for
 * excitation and ionisation; the continuum term gives Teff a broad signature). Its gradient spectra at the seed's
 * reference star are exact finite differences of this formula, so the truth of every test is known.
 */
final class SyntheticStars {

    static final List<String> LABELS = List.of("Teff", "logg", "FeH", "NiH");
    static final double[] REFERENCE = {4800, 2.5, 0, 0};
    static final double[] STEPS = {200, 0.5, 0.2, 0.2};
    static final int FE = 2;
    static final int NI = 3;

    /** One absorption line. */
    record Line(int element, double centre, double depth, double alpha, double gamma) {
    }

    final int pixels;
    final double width;
    final List<Line> lines;

    SyntheticStars(int pixels, double width, List<Line> lines) {
        this.pixels = pixels;
        this.width = width;
        this.lines = List.copyOf(lines);
    }

    /**
     * Random lines: {@code nFe} Fe lines of depth U(0.05, 0.4) and {@code nNi} Ni lines of depth U(0.15, 0.2), centres
     * U(5, P - 5), Teff sensitivity U(-1.5, 1.5) per 1000 K, log g sensitivity U(-0.3, 0.3) per dex.
     */
    static SyntheticStars random(int pixels, int nFe, int nNi, double width, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(seed);
        List<Line> l = new ArrayList<>();
        for (int i = 0; i < nFe + nNi; i++) {
            boolean fe = i < nFe;
            double c = 5 + (pixels - 10) * rng.nextDouble();
            double d = fe ? 0.05 + 0.35 * rng.nextDouble() : 0.15 + 0.05 * rng.nextDouble();
            double a = -1.5 + 3 * rng.nextDouble();
            double g = -0.3 + 0.6 * rng.nextDouble();
            l.add(new Line(fe ? FE : NI, c, d, a, g));
        }
        return new SyntheticStars(pixels, width, l);
    }

    /** The noiseless spectrum at labels {@code x} (Teff, logg, FeH, NiH). */
    double[] spectrum(double[] x) {
        double[] tau = new double[pixels];
        for (Line ln : lines) {
            double t = ln.depth() * Math.pow(10, x[ln.element()])
                    * Math.exp(ln.alpha() * (x[0] - 4800) / 1000 + ln.gamma() * (x[1] - 2.5));
            int lo = Math.max(0, (int) Math.floor(ln.centre() - 8 * width));
            int hi = Math.min(pixels - 1, (int) Math.ceil(ln.centre() + 8 * width));
            for (int p = lo; p <= hi; p++) {
                double z = (p - ln.centre()) / width;
                tau[p] += t * Math.exp(-0.5 * z * z);
            }
        }
        double[] f = new double[pixels];
        for (int p = 0; p < pixels; p++) {
            double c = 1 + 0.02 * ((x[0] - 4800) / 500) * Math.sin(2 * Math.PI * p / pixels);
            f[p] = c * Math.exp(-tau[p]);
        }
        return f;
    }

    /** The true gradient spectrum of label k at the reference star in the given finite-difference scheme. */
    double[] trueGradient(int k, DifferenceScheme scheme) {
        double[] x0 = REFERENCE.clone();
        x0[k] += (scheme == DifferenceScheme.CENTRAL ? -0.5 : 0) * STEPS[k];
        double[] f0 = spectrum(x0);
        double[] x = REFERENCE.clone();
        x[k] += (scheme == DifferenceScheme.CENTRAL ? 0.5 : 1) * STEPS[k];
        double[] f1 = spectrum(x);
        for (int p = 0; p < pixels; p++) {
            f1[p] -= f0[p];
        }
        return f1;
    }

    /**
     * Training labels: Teff U(4300, 5300), log g U(1.5, 3.5), [Fe/H] N(-0.05, 0.25), [Ni/H] = [Fe/H] + N(0, sd) with
     * sd = 0.25 sqrt(1/rho^2 - 1), so that corr([Fe/H], [Ni/H]) = rho in expectation.
     */
    static double[] trainingLabels(int n, double rho, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(seed);
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(rng);
        double sd = 0.25 * Math.sqrt(1 / (rho * rho) - 1);
        double[] x = new double[n * 4];
        for (int i = 0; i < n; i++) {
            x[i * 4] = 4300 + 1000 * rng.nextDouble();
            x[i * 4 + 1] = 1.5 + 2 * rng.nextDouble();
            x[i * 4 + 2] = -0.05 + 0.25 * g.sample();
            x[i * 4 + 3] = x[i * 4 + 2] + sd * g.sample();
        }
        return x;
    }

    /**
     * Off-sequence test labels: K giants around the reference star (seed 004 fits stars in its reference's parameter
     * range): Teff U(4650, 4950), log g U(2.25, 2.75), [Fe/H] U(-0.1, 0.1), [Ni/Fe] U(-dNi, dNi).
     */
    static double[] testLabels(int n, double dNi, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(seed);
        double[] x = new double[n * 4];
        for (int i = 0; i < n; i++) {
            x[i * 4] = 4650 + 300 * rng.nextDouble();
            x[i * 4 + 1] = 2.25 + 0.5 * rng.nextDouble();
            x[i * 4 + 2] = -0.1 + 0.2 * rng.nextDouble();
            x[i * 4 + 3] = x[i * 4 + 2] + dNi * (2 * rng.nextDouble() - 1);
        }
        return x;
    }

    /** Noiseless spectra of the label rows {@code x} ({@code n x P}). */
    double[] spectra(double[] x) {
        int n = x.length / 4;
        double[] out = new double[n * pixels];
        for (int i = 0; i < n; i++) {
            System.arraycopy(spectrum(java.util.Arrays.copyOfRange(x, i * 4, i * 4 + 4)), 0, out, i * pixels, pixels);
        }
        return out;
    }

    /** Adds Gaussian noise of sd {@code sigma} (in place) and returns the inverse variances. */
    static double[] addNoise(double[] flux, double sigma, long seed) {
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(RandomSource.L64_X128_MIX.create(seed));
        double[] iv = new double[flux.length];
        for (int i = 0; i < flux.length; i++) {
            flux[i] += sigma * g.sample();
            iv[i] = 1 / (sigma * sigma);
        }
        return iv;
    }

    /**
     * Ab initio gradients "wrong by +-30% per pixel": the true gradient of each label times {@code 1 + 0.3 u} with u
     * uniform in [-1, 1] per pixel and label; the Ni row further multiplied by {@code niAmplitude}.
     */
    double[] abInitio(double niAmplitude, long seed, DifferenceScheme scheme) {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(seed);
        double[] a = new double[4 * pixels];
        for (int k = 0; k < 4; k++) {
            double[] g = trueGradient(k, scheme);
            for (int p = 0; p < pixels; p++) {
                a[k * pixels + p] = g[p] * (1 + 0.3 * (2 * rng.nextDouble() - 1)) * (k == NI ? niAmplitude : 1);
            }
        }
        return a;
    }
}
