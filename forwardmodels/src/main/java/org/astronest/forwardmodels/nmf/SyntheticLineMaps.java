package org.astronest.forwardmodels.nmf;

import java.util.List;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Synthetic line-intensity maps as thesis chapter 3 builds them (seed 001, secs. 3.2, 3.4 and 3.5): X = W_true V_true K
 * + N on an nx x ny pixel grid.
 *
 * <ul>
 *   <li>V_true: one 2-D Gaussian per component, v = exp(-r^2 / (2 sigma^2)) at each pixel centre, "the amplitude set
 *   such that v = 1 at the peak location of the component";</li>
 *   <li>K: the telescope beam, a Gaussian kernel whose FWHM is a tenth of the map width (sec. 3.5: "a convolution with
 *   a Gaussian kernel of width 1/10 of the overall width of maps"; we read the width as the FWHM), normalised to unit
 *   sum and truncated at 4 sigma, applied with zero padding outside the map;</li>
 *   <li>N: Gaussian noise, the same standard deviation at every pixel of a map, sigma_l = mean of the noiseless map l /
 *   SNR ("maps have a mean per-pixel SNR of 100", "noise uniformly added to all pixels").</li>
 * </ul>
 * Pixels are numbered row by row, x fastest (as a FITS image's NAXIS1): pixel j is (x, y) = (j mod nx, j div nx).
 */
public final class SyntheticLineMaps {

    private SyntheticLineMaps() {
    }

    /** A component's spatial profile: centre (pixels, 0 = centre of the first pixel) and width sigma (pixels). */
    public record Blob(double x, double y, double sigma) {
        public Blob {
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new IllegalArgumentException("blob centre must be finite, got (" + x + ", " + y + ")");
            }
            if (!(sigma > 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("blob sigma must be finite and > 0 pixels, got " + sigma);
            }
        }
    }

    /**
     * The map design.
     *
     * @param nx       pixels per row
     * @param ny       rows
     * @param blobs    one per component, in the order of W's columns
     * @param beamFwhm FWHM of the beam in pixels (0: no convolution)
     * @param snr      mean per-pixel signal-to-noise ratio of every map (infinity: no noise)
     * @param seed     seed of the noise
     */
    public record Design(int nx, int ny, List<Blob> blobs, double beamFwhm, double snr, long seed) {
        public Design {
            if (nx < 1 || ny < 1) {
                throw new IllegalArgumentException("maps need nx, ny >= 1, got " + nx + " x " + ny);
            }
            if (blobs == null || blobs.isEmpty()) {
                throw new IllegalArgumentException("give one blob per component");
            }
            blobs = List.copyOf(blobs);
            if (!(beamFwhm >= 0) || Double.isInfinite(beamFwhm)) {
                throw new IllegalArgumentException("beamFwhm must be finite and >= 0 pixels, got " + beamFwhm);
            }
            if (!(snr > 0)) {
                throw new IllegalArgumentException("snr must be > 0, got " + snr);
            }
        }

        /**
         * The protostellar scene of sec. 3.5.1 on an n x n grid (n = 50 in the thesis): an extended component (for the
         * 20 K, 1e4 cm^-3 gas) centred at (0.36 n, 0.60 n) with sigma 0.18 n, a medium one (10 K, 1e5) at (0.60 n,
         * 0.44 n) with sigma 0.12 n, a compact one (100 K, 1e7) at (0.72 n, 0.62 n) with sigma 0.07 n: moderate
         * overlap, as the thesis' Fig. 3.2 describes (positions and sizes are ours). Beam FWHM n / 10, SNR 100.
         */
        public static Design protostellar(int n, long seed) {
            return new Design(n, n, List.of(new Blob(0.36 * n, 0.60 * n, 0.18 * n),
                    new Blob(0.60 * n, 0.44 * n, 0.12 * n), new Blob(0.72 * n, 0.62 * n, 0.07 * n)),
                    n / 10.0, 100, seed);
        }
    }

    /**
     * Maps and their ingredients.
     *
     * @param X         lines x pixels, the noisy maps
     * @param noiseless lines x pixels, W V_conv
     * @param W         lines x K, the components' emission (as given)
     * @param vTrue     K x pixels, the Gaussian profiles before the beam
     * @param vConv     K x pixels, after the beam (the thesis' V_conv)
     * @param noiseSd   per line, the noise standard deviation
     */
    public record Maps(double[][] X, double[][] noiseless, double[][] W, double[][] vTrue, double[][] vConv,
                       double[] noiseSd) {
    }

    /** The maps of emission {@code W} (lines x K, K = the number of blobs) under {@code design}. */
    public static Maps build(double[][] W, Design design) {
        int k = design.blobs().size();
        if (W == null || W.length == 0 || W[0].length != k) {
            throw new IllegalArgumentException("W must be lines x " + k + " (one column per blob), got "
                    + (W == null || W.length == 0 ? "none" : W.length + " x " + W[0].length));
        }
        int nx = design.nx();
        int ny = design.ny();
        int p = nx * ny;
        double[][] vTrue = new double[k][p];
        for (int c = 0; c < k; c++) {
            Blob b = design.blobs().get(c);
            for (int j = 0; j < p; j++) {
                double dx = j % nx - b.x();
                double dy = j / nx - b.y();
                vTrue[c][j] = Math.exp(-(dx * dx + dy * dy) / (2 * b.sigma() * b.sigma()));
            }
        }
        double[][] vConv = new double[k][];
        for (int c = 0; c < k; c++) {
            vConv[c] = convolve(vTrue[c], nx, ny, design.beamFwhm());
        }
        double[][] clean = NmfMatrices.multiply(W, vConv);
        double[][] X = new double[W.length][p];
        double[] sd = new double[W.length];
        NormalizedGaussianSampler g = ZigguratSampler.NormalizedGaussian.of(
                RandomSource.L64_X128_MIX.create(design.seed()));
        for (int l = 0; l < W.length; l++) {
            double mean = 0;
            for (double v : clean[l]) {
                mean += v;
            }
            mean /= p;
            sd[l] = Double.isInfinite(design.snr()) ? 0 : mean / design.snr();
            for (int j = 0; j < p; j++) {
                X[l][j] = clean[l][j] + sd[l] * g.sample();
            }
        }
        return new Maps(X, clean, NmfMatrices.copy(W), vTrue, vConv, sd);
    }

    /**
     * Discrete convolution with a Gaussian of the given FWHM (pixels), kernel normalised to unit sum over its 4-sigma
     * support, zero outside the map. FWHM 0 returns a copy.
     */
    static double[] convolve(double[] img, int nx, int ny, double fwhm) {
        if (fwhm == 0) {
            return img.clone();
        }
        double sigma = fwhm / (2 * Math.sqrt(2 * Math.log(2)));
        int r = (int) Math.ceil(4 * sigma);
        double[][] kern = new double[2 * r + 1][2 * r + 1];
        double sum = 0;
        for (int a = -r; a <= r; a++) {
            for (int b = -r; b <= r; b++) {
                double w = a * a + b * b <= 16 * sigma * sigma ? Math.exp(-(a * a + b * b) / (2 * sigma * sigma)) : 0;
                kern[a + r][b + r] = w;
                sum += w;
            }
        }
        double[] out = new double[nx * ny];
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                double s = 0;
                for (int a = -r; a <= r; a++) {
                    int yy = y + a;
                    if (yy < 0 || yy >= ny) {
                        continue;
                    }
                    for (int b = -r; b <= r; b++) {
                        int xx = x + b;
                        if (xx >= 0 && xx < nx) {
                            s += kern[a + r][b + r] * img[yy * nx + xx];
                        }
                    }
                }
                out[y * nx + x] = s / sum;
            }
        }
        return out;
    }
}
