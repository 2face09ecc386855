package org.astronest.forwardmodels.crosssurvey;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Synthetic pairs of surveys with a known latent dimension (issue 23's test design). Star i has latent s_i ~ N(0, I_c);
 * its high-resolution spectrum is F1 = 1 + A1 s_i + eps_i (eps ~ N(0, 0.02^2) per pixel: the star's own structure
 * that the low-resolution survey does not see, treated as exact as in seed 002) and its low-resolution spectrum
 * F2 = 1 + A2 s_i + noise with heteroscedastic errors E2_ij uniform in [0.01, 0.05]. Each latent dimension moves
 * eight absorption lines per survey (Gaussian profiles of width 1.5 pixels at random centres, depths uniform in
 * +-0.08), so spectra look like continuum-normalised spectra and every dimension is far above the noise.
 */
public final class SyntheticSurveys {

    private SyntheticSurveys() {
    }

    /** The design: latent dimension, pixels of both surveys, training and test stars, seed. */
    public record Design(int latent, int hiPixels, int loPixels, int train, int test, long seed) {
        public Design {
            if (latent < 1 || hiPixels < 1 || loPixels < 1 || train < 1 || test < 1) {
                throw new IllegalArgumentException("all sizes must be >= 1");
            }
        }

        /** Issue 23's: 5 latent dimensions, 200 and 150 pixels, 800 training and 300 test stars. */
        public static Design issue23(long seed) {
            return new Design(5, 200, 150, 800, 300, seed);
        }
    }

    /** Training and test stars and the true latent vectors of the test stars. */
    public record Surveys(CrossSurveyData train, CrossSurveyData test, double[][] testLatent) {
    }

    /** Draws the surveys of {@code design}. */
    public static Surveys draw(Design design) {
        UniformRandomProvider shape = stream(design.seed(), 1);
        double[][] a1 = lines(design.hiPixels(), design.latent(), shape);
        double[][] a2 = lines(design.loPixels(), design.latent(), shape);
        UniformRandomProvider r = stream(design.seed(), 2);
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(r);
        int n = design.train() + design.test();
        double[][] hi = new double[n][design.hiPixels()];
        double[][] lo = new double[n][design.loPixels()];
        double[][] err = new double[n][design.loPixels()];
        double[][] latent = new double[n][design.latent()];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < design.latent(); a++) {
                latent[i][a] = g.sample();
            }
            double[] m1 = Lin.multiply(a1, latent[i]);
            double[] m2 = Lin.multiply(a2, latent[i]);
            for (int k = 0; k < design.hiPixels(); k++) {
                hi[i][k] = 1 + m1[k] + 0.02 * g.sample();
            }
            for (int j = 0; j < design.loPixels(); j++) {
                err[i][j] = 0.01 + 0.04 * r.nextDouble();
                lo[i][j] = 1 + m2[j] + err[i][j] * g.sample();
            }
        }
        CrossSurveyData all = new CrossSurveyData(hi, lo, err);
        return new Surveys(all.rows(0, design.train()), all.rows(design.train(), n),
                java.util.Arrays.copyOfRange(latent, design.train(), n));
    }

    /**
     * A copy of {@code lo} with cosmic rays in the first {@code hit} stars: 1-3 pixels each raised by 10-30 times
     * their error (seed 002 fig. 4, "extremely high-flux spectral pixels, possibly caused by a cosmic ray").
     */
    public static double[][] withCosmicRays(double[][] lo, double[][] err, int hit, long seed) {
        UniformRandomProvider r = stream(seed, 3);
        double[][] out = new double[lo.length][];
        for (int i = 0; i < lo.length; i++) {
            out[i] = lo[i].clone();
            if (i < hit) {
                int spikes = 1 + r.nextInt(3);
                for (int s = 0; s < spikes; s++) {
                    int j = r.nextInt(lo[i].length);
                    out[i][j] += (10 + 20 * r.nextDouble()) * err[i][j];
                }
            }
        }
        return out;
    }

    private static double[][] lines(int pixels, int latent, UniformRandomProvider r) {
        double[][] a = new double[pixels][latent];
        for (int q = 0; q < latent; q++) {
            for (int l = 0; l < 8; l++) {
                double centre = pixels * r.nextDouble();
                double depth = 0.16 * (r.nextDouble() - 0.5);
                for (int j = 0; j < pixels; j++) {
                    double t = (j - centre) / 1.5;
                    a[j][q] += depth * Math.exp(-0.5 * t * t);
                }
            }
        }
        return a;
    }

    private static UniformRandomProvider stream(long seed, int stream) {
        return RandomSource.L64_X128_MIX.create(new long[] {0x9E3779B97F4A7C15L * (2L * stream + 1), seed,
            0x632BE59BD9B4E019L, 0x85157AF5L});
    }
}
