package org.astronest.forwardmodels.nmf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Thesis chapter 3's protostellar maps (seed 001, sec. 3.5.1: three components at (T, n) = (20 K, 1e4 cm^-3),
 * (10 K, 1e5), (100 K, 1e7), 50 x 50 pixels, Gaussian blobs, beam a tenth of the map, SNR 100; intensities from the
 * native RADEX for {@link LineSet#chapter3()}) unmixed by plain NMF from 30 random starts (the thesis' starts,
 * sec. 3.3), scikit-learn's other defaults, no penalty. The median MAE is reported (docs/nmf.md); the assertion is
 * that the fits reach the data: the median fit's objective is at most that of the generating factors W_true V_conv
 * (a feasible point of the same objective), i.e. NMF is limited by the factorisation's ambiguity, not by the solver.
 */
class ChapterThreeMapsTest {

    static final long SEED = Long.getLong("astronest.test.seed", 1);

    static double[][] trueW() {
        return LineSet.chapter3().emission(new double[] {20, 10, 100}, new double[] {1e4, 1e5, 1e7});
    }

    @Test
    void plainNmfMedianMaeOverThirtyRandomStarts() {
        double[][] w = trueW();
        for (int n : new int[] {50, 20}) {
            SyntheticLineMaps.Maps m = SyntheticLineMaps.build(w, SyntheticLineMaps.Design.protostellar(n, SEED));
            MapUnmixing.Preprocessed pre = MapUnmixing.preprocess(m.X());
            // the generating factors in the scaled units of the fit
            double[][] ws = new double[w.length][3];
            for (int l = 0; l < w.length; l++) {
                for (int k = 0; k < 3; k++) {
                    ws[l][k] = w[l][k] * pre.scales()[l];
                }
            }
            double truthLoss = Nmf.loss(pre.scaled(), ws, m.vConv(), 0, 0, 0);
            double[] mae = new double[30];
            double[] loss = new double[30];
            for (int s = 0; s < 30; s++) {
                MapUnmixing.Result r = MapUnmixing.unmix(m.X(), Nmf.Options.defaults(3).withInit(Nmf.Init.RANDOM)
                        .withSeed(s + 1));
                mae[s] = ComponentMatch.mae(w, r.W()).mae();
                loss[s] = r.fit().loss();
            }
            double medMae = median(mae);
            double medLoss = median(loss);
            System.out.printf("chapter 3, %dx%d, seed %d: plain NMF over 30 random starts: median MAE %.4f (min %.4f, "
                            + "max %.4f); median loss %.5g, loss of W_true V_conv %.5g%n", n, n, SEED, medMae,
                    Arrays.stream(mae).min().getAsDouble(), Arrays.stream(mae).max().getAsDouble(), medLoss,
                    truthLoss);
            assertTrue(medLoss <= truthLoss, "median loss " + medLoss + " > truth's " + truthLoss);
        }
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
