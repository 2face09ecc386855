package org.astronest.forwardmodels.payne;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CCLya posterior under the published flat priors (prior.txt), computed independently of the project's samplers
 * by importance sampling: proposal = a Gaussian around our maximum-likelihood point with twice the best-fit
 * covariance (J^T W J)^-1 (correlations included), restricted to the prior box; weight = L / q. The weighted medians must fall inside the published
 * 1-sigma intervals (reproduction.json, the authors' emcee run). This checks the likelihood and the prior box; the
 * samplers' own check is the lead's (docs/payne.md).
 */
class CclyaPosteriorTest {

    @Test
    @Tag("slow") // ~6000 likelihood calls + a 9-start fit: a few CPU seconds
    void importanceSampledMediansFallInsideThePublishedIntervals() throws IOException {
        CclyaLikelihood like = CclyaLikelihoodTest.load();
        double[] lo = {0, 19.4, 10, 4.0, -5}; // prior.txt
        double[] hi = {50, 20.0, 100, 4.8, 5};
        PayneNetworks.Loaded net = PayneNetworks.load(SharedData.resolve(SpectralNetworkTest.CCLYA), null);
        Spectrum s = Spectrum.read(SharedData.resolve("payne/cclya_payne_v1.1/sample_spectrum.csv"));
        double[] grid = Spectrum.readVector(SharedData.resolve("payne/cclya_payne_v1.1/cclya_wavelength.npz"),
                "wavelength");
        PayneProblem p = PayneProblem.of(net, s, grid, PayneProblem.Options.defaults());
        LabelFitter.Result ml = p.fit(new LabelFitter(), lo, hi);
        double[] chol = cholesky(ml.covariance(), 5);
        int n = 6000;
        SplittableRandom rng = new SplittableRandom(20240912L);
        double[][] th = new double[n][];
        double[] logw = new double[n];
        int kept = 0;
        while (kept < n) {
            double[] z = new double[5];
            double lq = 0;
            for (int k = 0; k < 5; k++) {
                double u1 = 1 - rng.nextDouble();
                double u2 = rng.nextDouble();
                z[k] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
                lq += -0.5 * z[k] * z[k];
            }
            double[] t = new double[5];
            boolean inside = true;
            for (int a = 0; a < 5; a++) {
                double v = ml.theta()[a];
                for (int b = 0; b <= a; b++) {
                    v += 2 * chol[a * 5 + b] * z[b];
                }
                t[a] = v;
                inside &= t[a] >= lo[a] && t[a] <= hi[a];
            }
            if (!inside) {
                continue; // flat prior: zero density outside the box
            }
            th[kept] = t;
            logw[kept] = like.logLikelihood(t) - lq;
            kept++;
        }
        double max = Arrays.stream(logw).max().orElseThrow();
        double[] w = new double[n];
        double sw = 0;
        double sw2 = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp(logw[i] - max);
            sw += w[i];
            sw2 += w[i] * w[i];
        }
        double ess = sw * sw / sw2;
        JsonNode ref = SpectralNetworkTest.json("payne/cclya_payne_v1.1/reproduction.json").path("reference");
        String[] names = {"sigma_int", "logN_HI", "v_exp", "logT", "v_lya"};
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "CCLya importance posterior (ESS %.0f):", ess));
        assertTrue(ess > 200, "ESS " + ess); // Monte Carlo error of a median ~1.25 sigma / sqrt(ESS) < 0.09 sigma
        for (int k = 0; k < 5; k++) {
            double[] q = quantiles(th, w, k, new double[] {0.16, 0.5, 0.84});
            double med = ref.path("posterior_median").path(names[k]).asDouble();
            double lower = med - ref.path("lower_1sigma").path(names[k]).asDouble();
            double upper = med + ref.path("upper_1sigma").path(names[k]).asDouble();
            line.append(String.format(Locale.ROOT, " %s %.4g [%.4g, %.4g] (published %.4g [%.4g, %.4g]);", names[k],
                    q[1], q[0], q[2], med, lower, upper));
            assertTrue(q[1] >= lower && q[1] <= upper, names[k] + " median " + q[1] + " outside [" + lower + ", "
                    + upper + "]");
        }
        System.out.println(line);
    }

    /** Lower Cholesky factor of a row-major symmetric positive-definite n x n matrix. */
    static double[] cholesky(double[] c, int n) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = c[i * n + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                l[i * n + j] = i == j ? Math.sqrt(s) : s / l[j * n + j];
            }
        }
        return l;
    }

    /** Weighted quantiles of column k (linear in the cumulative weight at sample midpoints). */
    static double[] quantiles(double[][] th, double[] w, int k, double[] probs) {
        Integer[] idx = new Integer[th.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Double.compare(th[a][k], th[b][k]));
        double total = Arrays.stream(w).sum();
        double[] out = new double[probs.length];
        for (int j = 0; j < probs.length; j++) {
            double c = 0;
            for (Integer i : idx) {
                c += w[i];
                if (c >= probs[j] * total) {
                    out[j] = th[i][k];
                    break;
                }
            }
        }
        return out;
    }
}
