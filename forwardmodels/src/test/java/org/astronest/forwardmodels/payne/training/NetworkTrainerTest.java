package org.astronest.forwardmodels.payne.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.astronest.forwardmodels.payne.PerPixelSpectralNetwork;
import org.junit.jupiter.api.Test;

/**
 * The network trainer's contracts: D_scale = 0 is plain training bit for bit, the result does not depend on the
 * thread count, a resumed training ends with the uninterrupted numbers, checkpoints of another training are refused,
 * and a trained network reproduces a known per-pixel network within the noise of its training spectra.
 */
class NetworkTrainerTest {

    private static final long SEED = Long.getLong("astronest.test.seed", 17L);

    /** 40 pixels, 3 Fe and 1 Ni lines, 80 stars at S/N 100 (SyntheticStars). */
    static TrainingSet smallSet() {
        SyntheticStars syn = SyntheticStars.random(40, 3, 1, 1.5, SEED);
        double[] x = SyntheticStars.trainingLabels(80, 0.99, SEED + 1);
        double[] f = syn.spectra(x);
        double[] iv = SyntheticStars.addNoise(f, 0.01, SEED + 2);
        return TrainingSet.of(SyntheticStars.LABELS, x, f, iv, null);
    }

    static GradientPrior smallPrior(TrainingSet set, double d, PenaltyShape shape) {
        SyntheticStars syn = SyntheticStars.random(40, 3, 1, 1.5, SEED);
        return GradientPrior.of(SyntheticStars.LABELS, SyntheticStars.LABELS, set.pixelCount(),
                syn.abInitio(1, SEED + 5, DifferenceScheme.CENTRAL), SyntheticStars.REFERENCE, SyntheticStars.STEPS,
                new GradientPrior.Options(d, shape, 1e-3, DifferenceScheme.CENTRAL));
    }

    static NetworkTrainer.Options options(PixelOptimizer o, int iterations, int threads) {
        return NetworkTrainer.Options.defaults().withHidden(4).withOptimizer(o).withIterations(iterations)
                .withThreads(threads).withCheckpointEvery(10).withProgressEvery(10).withSeed(SEED);
    }

    /** Predictions at every training star and at the reference star: equal arrays mean equal networks here. */
    static double[] fingerprint(PerPixelSpectralNetwork n, TrainingSet set) {
        int np = n.pixelCount();
        double[] out = new double[(set.starCount() + 1) * np];
        for (int i = 0; i < set.starCount(); i++) {
            System.arraycopy(n.predict(set.labelsOf(i)), 0, out, i * np, np);
        }
        System.arraycopy(n.predict(SyntheticStars.REFERENCE), 0, out, set.starCount() * np, np);
        return out;
    }

    @Test
    void zeroDScaleIsPlainTrainingBitForBit() {
        TrainingSet set = smallSet();
        for (PixelOptimizer o : new PixelOptimizer[] {Lbfgs.defaults(), Adam.defaults()}) {
            NetworkTrainer t = new NetworkTrainer(options(o, 30, 2));
            double[] plain = fingerprint(t.train(set, null).network(), set);
            for (PenaltyShape shape : PenaltyShape.values()) {
                double[] zero = fingerprint(t.train(set, smallPrior(set, 0, shape)).network(), set);
                assertArrayEquals(plain, zero, 0.0, o.id() + " " + shape);
            }
            double[] withPrior = fingerprint(t.train(set, smallPrior(set, 1, PenaltyShape.SQUARED)).network(), set);
            assertTrue(!java.util.Arrays.equals(plain, withPrior), "D_scale = 1 changes the network");
        }
    }

    @Test
    void resultDoesNotDependOnTheThreadCount() {
        TrainingSet set = smallSet();
        GradientPrior prior = smallPrior(set, 10, PenaltyShape.SQUARED);
        double[] one = fingerprint(new NetworkTrainer(options(Lbfgs.defaults(), 20, 1)).train(set, prior).network(),
                set);
        double[] three = fingerprint(new NetworkTrainer(options(Lbfgs.defaults(), 20, 3)).train(set, prior)
                .network(), set);
        assertArrayEquals(one, three, 0.0);
    }

    /** A store in memory; a listener that throws at a given iteration stands for a kill. */
    static final class Memory implements TrainingCheckpoints {
        byte[] saved;
        int saves;

        @Override
        public Optional<byte[]> load() {
            return Optional.ofNullable(saved);
        }

        @Override
        public void save(byte[] state) {
            saved = state.clone();
            saves++;
        }
    }

    @Test
    void aResumedTrainingEndsWithTheUninterruptedNumbers() {
        TrainingSet set = smallSet();
        GradientPrior prior = smallPrior(set, 10, PenaltyShape.SQUARED);
        for (PixelOptimizer o : new PixelOptimizer[] {Lbfgs.defaults(), Adam.defaults()}) {
            NetworkTrainer t = new NetworkTrainer(options(o, 40, 2));
            NetworkTrainer.Result whole = t.train(set, prior);
            Memory store = new Memory();
            RuntimeException kill = assertThrows(RuntimeException.class, () -> t.train(set, prior,
                    (it, n, tc, vc, pen, s) -> {
                        if (it == 30) {
                            throw new RuntimeException("killed");
                        }
                    }, store));
            assertEquals("killed", kill.getMessage());
            assertEquals(2, store.saves, "checkpoints at 10 and 20");
            NetworkTrainer.Result resumed = t.train(set, prior, TrainingListener.none(), store);
            assertEquals(20, resumed.resumedFrom());
            assertEquals(40, resumed.iterations());
            assertArrayEquals(fingerprint(whole.network(), set), fingerprint(resumed.network(), set), 0.0, o.id());
            assertEquals(whole.trainChi2(), resumed.trainChi2(), 0.0);
        }
    }

    @Test
    void checkpointsOfAnotherTrainingAreRefused() {
        TrainingSet set = smallSet();
        Memory store = new Memory();
        NetworkTrainer t = new NetworkTrainer(options(Lbfgs.defaults(), 10, 1).withCheckpointEvery(5));
        t.train(set, null, TrainingListener.none(), store);
        assertTrue(store.saves == 1 && store.saved != null);
        NetworkTrainer other = new NetworkTrainer(options(Lbfgs.defaults(), 10, 1).withSeed(SEED + 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> other.train(set, null, TrainingListener.none(), store));
        assertTrue(e.getMessage().contains("written with other training options"), e.getMessage());
        TrainingSet fewer = set.subset(java.util.stream.IntStream.range(0, 70).toArray());
        e = assertThrows(IllegalArgumentException.class, () -> t.train(fewer, null, TrainingListener.none(), store));
        assertTrue(e.getMessage().contains("written for another training set"), e.getMessage());
        store.saved[100] ^= 1;
        e = assertThrows(IllegalArgumentException.class, () -> t.train(set, null, TrainingListener.none(), store));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void reproducesAKnownPerPixelNetworkWithinTheNoise() {
        // the truth: a per-pixel network of 3 sigmoid units on 2 labels, 6 pixels, fixed weights
        double[] lo = {0, 0};
        double[] hi = {1, 1};
        int np = 6;
        int h = 3;
        org.apache.commons.rng.UniformRandomProvider r = org.apache.commons.rng.simple.RandomSource.L64_X128_MIX
                .create(SEED);
        double[] w0 = new double[np * h * 2];
        double[] b0 = new double[np * h];
        double[] w1 = new double[np * h];
        double[] b1 = new double[np];
        for (int i = 0; i < w0.length; i++) {
            w0[i] = 4 * r.nextDouble() - 2;
        }
        for (int i = 0; i < b0.length; i++) {
            b0[i] = r.nextDouble() - 0.5;
            w1[i] = 0.2 * r.nextDouble() - 0.1;
        }
        java.util.Arrays.fill(b1, 0.9);
        PerPixelSpectralNetwork truth = new PerPixelSpectralNetwork(lo, hi, np, h, w0, b0, w1, b1);
        int n = 300;
        double sigma = 1e-3;
        double[] x = new double[n * 2];
        double[] f = new double[n * np];
        for (int i = 0; i < n; i++) {
            x[2 * i] = r.nextDouble();
            x[2 * i + 1] = r.nextDouble();
            System.arraycopy(truth.predict(new double[] {x[2 * i], x[2 * i + 1]}), 0, f, i * np, np);
        }
        double[] iv = SyntheticStars.addNoise(f, sigma, SEED + 9);
        TrainingSet set = TrainingSet.of(java.util.List.of("a", "b"), x, f, iv, null);
        // the defaults (L-BFGS, 300 iterations, 10% validation) with 6 units
        NetworkTrainer.Result res = new NetworkTrainer(NetworkTrainer.Options.defaults().withHidden(6).withThreads(2)
                .withSeed(SEED)).train(set, null);
        // held-out labels inside the box
        double ss = 0;
        int m = 0;
        for (int i = 0; i < 200; i++) {
            double[] xi = {0.05 + 0.9 * r.nextDouble(), 0.05 + 0.9 * r.nextDouble()};
            double[] a = truth.predict(xi);
            double[] b = res.network().predict(xi);
            for (int p = 0; p < np; p++) {
                ss += (a[p] - b[p]) * (a[p] - b[p]);
                m++;
            }
        }
        double rms = Math.sqrt(ss / m);
        System.out.printf("known network: held-out rms(trained - truth) = %.3g (noise %.3g), chi2/value train %.4f "
                + "valid %.4f%n", rms, sigma, res.trainChi2(), res.validChi2());
        // within the noise: the model error well below one noise sigma (measured 1.6e-4 = 0.16 sigma), and the
        // validation chi2 per value within 3 sd of 1 (a chi2 of n values per n has sd sqrt(2/n))
        assertTrue(rms < 0.5 * sigma, "rms " + rms);
        int values = res.validStars() * np;
        assertEquals(1.0, res.validChi2(), 3 * Math.sqrt(2.0 / values));
    }
}
