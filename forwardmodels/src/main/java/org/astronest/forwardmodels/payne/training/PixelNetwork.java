package org.astronest.forwardmodels.payne.training;

/**
 * The one-hidden-layer network of one pixel (seed 004 sec. 2; binspec's per-pixel layout, read by
 * {@link org.astronest.forwardmodels.payne.PerPixelSpectralNetwork}):
 * {@code f(s) = b1 + sum_j w1_j g(sum_k W0_jk s_k + b0_j)} with {@code g(z) = 1/(1 + e^-z)} and {@code s} The Payne's
 * scaled labels. Parameters of a pixel are one flat array {@code [W0 (H x L, row-major) | b0 (H) | w1 (H) | b1]}.
 *
 * <p>Points are given as label columns ({@code s[k][i]}: label k of point i) so that the inner loops run over points
 * (contiguous, vectorisable). Stateless; the caller owns every buffer.
 */
final class PixelNetwork {

    private PixelNetwork() {
    }

    /** Number of parameters of a pixel: {@code H (L + 2) + 1}. */
    static int size(int hidden, int labels) {
        return hidden * (labels + 2) + 1;
    }

    /**
     * Forward pass over {@code n} points: {@code f[i]} and the hidden activations {@code h[j * n + i]}.
     */
    static void forward(double[] th, int hidden, int labels, double[][] s, int n, double[] f, double[] h) {
        int ob0 = hidden * labels;
        int ow1 = ob0 + hidden;
        double b1 = th[ow1 + hidden];
        for (int i = 0; i < n; i++) {
            f[i] = b1;
        }
        for (int j = 0; j < hidden; j++) {
            int ho = j * n;
            double bj = th[ob0 + j];
            for (int i = 0; i < n; i++) {
                h[ho + i] = bj;
            }
            int wo = j * labels;
            for (int k = 0; k < labels; k++) {
                double w = th[wo + k];
                double[] sk = s[k];
                for (int i = 0; i < n; i++) {
                    h[ho + i] += w * sk[i];
                }
            }
            double w1 = th[ow1 + j];
            for (int i = 0; i < n; i++) {
                double v = 1.0 / (1.0 + Math.exp(-h[ho + i]));
                h[ho + i] = v;
                f[i] += w1 * v;
            }
        }
    }

    /**
     * Adds to {@code grad} the gradient of {@code sum_i dF[i] f(s_i)} (i.e. back-propagates {@code dF = dLoss/df})
     * using the activations {@code h} of {@link #forward}; {@code q} is scratch of {@code n} values.
     */
    static void backward(double[] th, int hidden, int labels, double[][] s, int n, double[] dF, double[] h,
                         double[] q, double[] grad) {
        int ob0 = hidden * labels;
        int ow1 = ob0 + hidden;
        double gb1 = 0;
        for (int i = 0; i < n; i++) {
            gb1 += dF[i];
        }
        grad[ow1 + hidden] += gb1;
        for (int j = 0; j < hidden; j++) {
            int ho = j * n;
            double w1 = th[ow1 + j];
            double gw1 = 0;
            double gb0 = 0;
            for (int i = 0; i < n; i++) {
                double v = h[ho + i];
                gw1 += dF[i] * v;
                double qi = dF[i] * w1 * v * (1.0 - v);
                q[i] = qi;
                gb0 += qi;
            }
            grad[ow1 + j] += gw1;
            grad[ob0 + j] += gb0;
            int wo = j * labels;
            for (int k = 0; k < labels; k++) {
                double[] sk = s[k];
                double g = 0;
                for (int i = 0; i < n; i++) {
                    g += q[i] * sk[i];
                }
                grad[wo + k] += g;
            }
        }
    }
}
