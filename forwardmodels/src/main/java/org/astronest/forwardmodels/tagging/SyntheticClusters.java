package org.astronest.forwardmodels.tagging;

import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Synthetic spectra of field stars and open clusters with known RSCA answers (issue 23's test design). In a latent
 * space of D dimensions the field is N(0, I) and clusters share the diagonal covariance Lambda (the generalised
 * eigenvalues of the cluster covariance relative to the field's): each cluster mean is drawn from N(0, I - Lambda) and
 * its members from N(mean, Lambda), so members and field stars have the same marginal distribution. Spectra are
 * {@code 1 + L s + e} with L a fixed Gaussian pixels x D matrix (entries N(0, 0.1^2), so the latent axes are neither
 * orthogonal nor of equal length in pixel space) and white pixel noise e of sd {@code noise}; a fraction of pixels of
 * every spectrum may be removed ({@code NaN}). Extinction and radial velocity are drawn per field star and per cluster
 * (members scatter by 0.01 mag and 1 km/s) for the thesis' pair cuts.
 */
public final class SyntheticClusters {

    private SyntheticClusters() {
    }

    /** The design: generalised eigenvalues, cluster sizes from minSize..maxSize, counts, pixels, noise, missing. */
    public record Design(double[] lambda, int clusters, int minSize, int maxSize, int fieldStars, int pixels,
            double noise, double missing, long seed) {
        public Design {
            for (double l : lambda) {
                if (!(l > 0 && l <= 1)) {
                    throw new IllegalArgumentException("lambda values must be in (0, 1], got " + l);
                }
            }
            if (clusters < 2 || minSize < 2 || maxSize < minSize || fieldStars < 2 || pixels <= lambda.length) {
                throw new IllegalArgumentException("need >= 2 clusters of >= 2 members, >= 2 field stars and more "
                        + "pixels than dimensions");
            }
            if (!(noise >= 0) || !(missing >= 0 && missing < 1)) {
                throw new IllegalArgumentException("noise must be >= 0 and missing in [0, 1), got " + noise + ", "
                        + missing);
            }
        }

        /**
         * Issue 23's: D = 10 with generalised eigenvalues (0.01, 0.04, 0.2, 1 x 7), 22 clusters of 3-14 stars (the
         * thesis' 185 stars in 22 clusters, sec. 5.4.1), 20,000 field stars; 60 pixels with noise 1e-3 (its
         * variance in the compressed space, ~1e-6, is far below the sampling error of the smallest eigenvalue).
         */
        public static Design issue23(long seed) {
            return new Design(new double[] {0.01, 0.04, 0.2, 1, 1, 1, 1, 1, 1, 1}, 22, 3, 14, 20_000, 60, 1e-3, 0,
                    seed);
        }

        /** The same design with a fraction of missing pixels. */
        public Design withMissing(double fraction) {
            return new Design(lambda, clusters, minSize, maxSize, fieldStars, pixels, noise, fraction, seed);
        }
    }

    /**
     * The data: spectra, true latent vectors, cluster labels (0-based) and covariates of field stars and members; the
     * oracle scales sqrt(1 - lambda) / sqrt(lambda) (eq. 5.4 with the true sigma_c^2 = lambda, sigma_p = 1).
     */
    public record Data(double[][] field, double[][] members, int[] labels, double[][] fieldLatent,
            double[][] memberLatent, double[] fieldExtinction, double[] memberExtinction, double[] fieldRv,
            double[] memberRv, double[] lambda) {

        /** The latent vectors scaled by the true 1 / sigma_r, dimensions in decreasing scale (the oracle metric). */
        public double[][] oracle(double[][] latent) {
            Integer[] order = new Integer[lambda.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (p, q) -> Double.compare(lambda[p], lambda[q]));
            double[][] out = new double[latent.length][lambda.length];
            for (int n = 0; n < latent.length; n++) {
                for (int q = 0; q < lambda.length; q++) {
                    double l = lambda[order[q]];
                    out[n][q] = latent[n][order[q]] * (l < 1 ? Math.sqrt(1 - l) / Math.sqrt(l) : 0);
                }
            }
            return out;
        }
    }

    /** Draws the data of {@code design}. The mixing matrix, the field, the clusters and the masks use separate
     *  streams of the seed, so changing the missing fraction keeps the same stars. */
    public static Data draw(Design design) {
        int d = design.lambda().length;
        int px = design.pixels();
        NormalizedGaussianSampler gMix = gauss(design.seed(), 1);
        double[][] mix = new double[px][d];
        for (double[] row : mix) {
            for (int a = 0; a < d; a++) {
                row[a] = 0.1 * gMix.sample();
            }
        }
        UniformRandomProvider rField = stream(design.seed(), 2, 0);
        NormalizedGaussianSampler gField = ZigguratSampler.NormalizedGaussian.of(rField);
        int nf = design.fieldStars();
        double[][] fl = new double[nf][d];
        double[] fa = new double[nf];
        double[] fv = new double[nf];
        for (int n = 0; n < nf; n++) {
            for (int a = 0; a < d; a++) {
                fl[n][a] = gField.sample();
            }
            fa[n] = 0.5 * rField.nextDouble();
            fv[n] = 30 * gField.sample();
        }
        UniformRandomProvider rClust = stream(design.seed(), 3, 0);
        NormalizedGaussianSampler gClust = ZigguratSampler.NormalizedGaussian.of(rClust);
        int[] sizes = new int[design.clusters()];
        int total = 0;
        for (int c = 0; c < sizes.length; c++) {
            sizes[c] = design.minSize() + rClust.nextInt(design.maxSize() - design.minSize() + 1);
            total += sizes[c];
        }
        double[][] ml = new double[total][d];
        int[] labels = new int[total];
        double[] ma = new double[total];
        double[] mv = new double[total];
        int i = 0;
        for (int c = 0; c < sizes.length; c++) {
            double[] mean = new double[d];
            for (int a = 0; a < d; a++) {
                mean[a] = Math.sqrt(1 - design.lambda()[a]) * gClust.sample();
            }
            double ca = 0.5 * rClust.nextDouble();
            double cv = 30 * gClust.sample();
            for (int m = 0; m < sizes[c]; m++, i++) {
                for (int a = 0; a < d; a++) {
                    ml[i][a] = mean[a] + Math.sqrt(design.lambda()[a]) * gClust.sample();
                }
                labels[i] = c;
                ma[i] = ca + 0.01 * gClust.sample();
                mv[i] = cv + gClust.sample();
            }
        }
        double[][] fs = spectra(fl, mix, design, 4);
        double[][] ms = spectra(ml, mix, design, 5);
        return new Data(fs, ms, labels, fl, ml, fa, ma, fv, mv, design.lambda().clone());
    }

    private static double[][] spectra(double[][] latent, double[][] mix, Design design, int stream) {
        UniformRandomProvider r = stream(design.seed(), stream, 0);
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(r);
        UniformRandomProvider mask = stream(design.seed(), stream, 1);
        int px = mix.length;
        double[][] out = new double[latent.length][px];
        for (int n = 0; n < latent.length; n++) {
            for (int j = 0; j < px; j++) {
                double s = 1;
                for (int a = 0; a < latent[n].length; a++) {
                    s += mix[j][a] * latent[n][a];
                }
                out[n][j] = s + design.noise() * g.sample();
                if (mask.nextDouble() < design.missing()) {
                    out[n][j] = Double.NaN;
                }
            }
        }
        return out;
    }

    private static NormalizedGaussianSampler gauss(long seed, int stream) {
        return ZigguratSampler.NormalizedGaussian.of(stream(seed, stream, 0));
    }

    /** Generator number (stream, sub) of a seed: the seed is the LCG state, the stream picks the (odd) increment. */
    private static UniformRandomProvider stream(long seed, int stream, int sub) {
        return RandomSource.L64_X128_MIX.create(new long[] {(0x9E3779B97F4A7C15L * (2L * stream + 1)) ^ sub, seed,
            0x632BE59BD9B4E019L, 0x85157AF5L + sub});
    }
}
