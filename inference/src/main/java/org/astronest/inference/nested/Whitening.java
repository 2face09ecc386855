package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.astronest.inference.StateCodec;

/**
 * The affine metric of a set of points: their mean and the Cholesky factor {@code C} of their covariance, so that
 * {@code x = mean + C w} maps whitened coordinates w (unit covariance) to the points' space. The MLFriends region
 * measures distances in w (Buchner 2019, PASP 131, 108005); the slice step draws isotropic directions in w
 * (PolyChord, Handley, Hobson &amp; Lasenby 2015, MNRAS 453, 4384). Flat arrays, d x d row-major, lower triangles.
 */
final class Whitening implements StateCodec.Part {

    final int d;
    final double[] mean;
    final double[] chol;
    final double[] cholInv;
    /** ln det C: the whitened volume of a unit volume in the points' space is exp(-logDetChol). */
    double logDetChol;

    Whitening(int d) {
        this.d = d;
        this.mean = new double[d];
        this.chol = new double[d * d];
        this.cholInv = new double[d * d];
    }

    /** Mean and covariance of the first n points of {@code x} (n x d row-major), and the factor C and its inverse. */
    void fit(double[] x, int n) {
        Arrays.fill(mean, 0);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                mean[k] += x[i * d + k];
            }
        }
        for (int k = 0; k < d; k++) {
            mean[k] /= n;
        }
        double[] cov = new double[d * d];
        for (int i = 0; i < n; i++) {
            int o = i * d;
            for (int a = 0; a < d; a++) {
                double da = x[o + a] - mean[a];
                for (int b = 0; b <= a; b++) {
                    cov[a * d + b] += da * (x[o + b] - mean[b]);
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b <= a; b++) {
                cov[a * d + b] /= (n - 1);
                cov[b * d + a] = cov[a * d + b];
            }
        }
        // Cholesky of the correlation matrix, then rows scaled by the standard deviations: a jitter relative to the
        // largest variance would swamp parameters whose posterior is 1e-6 of the cube while others span 0.1 (the
        // diamonds regression: the metric came out 10x too wide along the intercept, and slice widths collapsed)
        double[] sd = new double[d];
        for (int a = 0; a < d; a++) {
            sd[a] = Math.sqrt(Math.max(cov[a * d + a], 1e-300));
        }
        double jitter = 1e-12;
        for (int attempt = 0; ; attempt++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    chol[a * d + b] = cov[a * d + b] / (sd[a] * sd[b]) + (a == b ? jitter : 0);
                }
            }
            if (choleskyInPlace(chol, d)) {
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b <= a; b++) {
                        chol[a * d + b] *= sd[a];
                    }
                }
                break;
            }
            if (attempt > 40) {
                // degenerate: diagonal metric
                Arrays.fill(chol, 0);
                for (int a = 0; a < d; a++) {
                    chol[a * d + a] = Math.sqrt(Math.max(cov[a * d + a], 1e-24));
                }
                break;
            }
            jitter *= 10;
        }
        invertLowerInto(chol, d, cholInv, 0);
        logDetChol = 0;
        for (int a = 0; a < d; a++) {
            logDetChol += Math.log(chol[a * d + a]);
        }
    }

    /** {@code out[oo..] = C^-1 (x[xo..] - mean)}. */
    void whiten(double[] x, int xo, double[] out, int oo) {
        for (int a = 0; a < d; a++) {
            double s = 0;
            for (int k = 0; k <= a; k++) {
                s += cholInv[a * d + k] * (x[xo + k] - mean[k]);
            }
            out[oo + a] = s;
        }
    }

    /** |C^-1 (b - a)|^2: the squared distance between a and b in the whitened coordinates. */
    double squaredDistance(double[] a, double[] b) {
        double ss = 0;
        for (int i = 0; i < d; i++) {
            double t = 0;
            for (int k = 0; k <= i; k++) {
                t += cholInv[i * d + k] * (b[k] - a[k]);
            }
            ss += t * t;
        }
        return ss;
    }

    /** {@code x[xo..] = mean + C w}. */
    void unwhiten(double[] w, double[] x, int xo) {
        for (int a = 0; a < d; a++) {
            double s = mean[a];
            for (int k = 0; k <= a; k++) {
                s += chol[a * d + k] * w[k];
            }
            x[xo + a] = s;
        }
    }

    /** {@code v = C z}: the direction in the points' space of a whitened direction z. */
    void direction(double[] z, double[] v) {
        for (int a = 0; a < d; a++) {
            double s = 0;
            for (int k = 0; k <= a; k++) {
                s += chol[a * d + k] * z[k];
            }
            v[a] = s;
        }
    }

    /**
     * Cholesky factor, in place, of the symmetric matrix whose lower triangle is in {@code a} (d x d row-major):
     * on return the lower triangle holds L with L L^T = A and the upper triangle is zero. False (a left partly
     * overwritten) when A is not numerically positive definite.
     */
    static boolean choleskyInPlace(double[] a, int d) {
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * d + j];
                for (int k = 0; k < j; k++) {
                    s -= a[i * d + k] * a[j * d + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return false;
                    }
                    a[i * d + i] = Math.sqrt(s);
                } else {
                    a[i * d + j] = s / a[j * d + j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                a[i * d + j] = 0;
            }
        }
        return true;
    }

    /** Inverse of the lower-triangular {@code l} (d x d) into {@code out} at offset {@code oo} (forward substitution). */
    static void invertLowerInto(double[] l, int d, double[] out, int oo) {
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < d; i++) {
                out[oo + i * d + j] = 0;
            }
            out[oo + j * d + j] = 1.0 / l[j * d + j];
            for (int i = j + 1; i < d; i++) {
                double s = 0;
                for (int k = j; k < i; k++) {
                    s -= l[i * d + k] * out[oo + k * d + j];
                }
                out[oo + i * d + j] = s / l[i * d + i];
            }
        }
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        StateCodec.writeArray(out, mean);
        StateCodec.writeArray(out, chol);
        StateCodec.writeArray(out, cholInv);
        out.writeDouble(logDetChol);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        StateCodec.readArray(in, mean);
        StateCodec.readArray(in, chol);
        StateCodec.readArray(in, cholInv);
        logDetChol = in.readDouble();
    }
}
