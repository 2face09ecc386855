package org.astronest.forwardmodels.payne.training;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.forwardmodels.payne.LabelScaling;
import org.astronest.forwardmodels.payne.PerPixelSpectralNetwork;

/**
 * Trains the seed's per-pixel networks (Ting et al. 2017, seed 004 sec. 2: "one hidden layer with 100 nodes, using
 * the sigmoid function ... as the activation function"; one network per wavelength pixel) on a
 * {@link TrainingSet}, optionally with the ab initio {@link GradientPrior}, and returns a
 * {@link PerPixelSpectralNetwork} in binspec's / The Payne family's per-pixel {@code .npz} layout.
 *
 * <p>Per pixel the objective is the chi-square over the training stars plus the prior penalty
 * ({@link PixelObjective}); pixels are independent, so they are optimised in parallel, each with the full-batch
 * gradient (all training stars at every iteration; the seed's training sets have ~500 stars). A pixel's initial
 * weights come from its own seeded stream (seed, pixel), the training/validation split from the stream (seed, -1):
 * results do not depend on the thread count. Initialisation: hidden weights and biases uniform in
 * {@code +-1/sqrt(fan_in)} (PyTorch's {@code nn.Linear} default, with which The Payne trains); the output layer,
 * which is linear given the hidden one, is then set to its weighted least-squares fit of the training fluxes (ours:
 * on the binspec network's spectra it lowers the chi-square after 300 L-BFGS iterations from 1.96 to 1.52 per
 * value, docs/payne.md), the prior not included.
 *
 * <p>Early stopping (The Payne keeps the network of lowest validation loss): a fraction of the stars is held out;
 * every {@code validateEvery} iterations the total over pixels of {@code (n_train / n_valid) chi2_valid + penalty}
 * (the training objective estimated on stars the model has not seen) is computed, and the weights of every pixel at
 * the iteration with the lowest total are returned. One iteration for all pixels, as for The Payne's single network:
 * a per-pixel choice follows the noise of each pixel's few validation values (measured: on the synthetic Ni set
 * with D_scale = 10 one pixel kept an early, wrong-signed Ni gradient and the gradient correlation fell from 0.999
 * to 0.959). Without validation stars the last iterate is returned.
 *
 * <p>Checkpoints: all pixels advance in lockstep; every {@code checkpointEvery} iterations the full state
 * (parameters, optimiser state, best weights) is saved through {@link TrainingCheckpoints}; a resumed training
 * continues from it and ends with the same numbers as an uninterrupted one.
 */
public final class NetworkTrainer implements ModelTrainer {

    /**
     * Options.
     *
     * @param hidden             sigmoid units per pixel; default 100 (seed 004 sec. 2)
     * @param optimizer          {@link Lbfgs} (default: on our test sets it reaches in 300 iterations what Adam
     *                           reaches in several thousand, docs/payne.md) or {@link Adam} (The Payne's optimiser)
     * @param iterations         full-batch iterations; default 300 (docs/payne.md)
     * @param validationFraction held-out share of the stars for early stopping, in [0, 0.5]; default 0.1 (ours)
     * @param validateEvery      iterations between validation checks; default 10
     * @param seed               seed of the initial weights and of the split; default 42 (the project's)
     * @param threads            worker threads (results do not depend on it); default: all cores
     * @param checkpointEvery    iterations between checkpoints; default 100
     * @param progressEvery      iterations between progress reports; default 10
     */
    public record Options(int hidden, PixelOptimizer optimizer, int iterations, double validationFraction,
                          int validateEvery, long seed, int threads, int checkpointEvery, int progressEvery) {
        public Options {
            if (hidden < 1) {
                throw new IllegalArgumentException("hidden units must be >= 1, got " + hidden);
            }
            if (optimizer == null) {
                throw new IllegalArgumentException("optimizer must not be null");
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
            }
            if (!(validationFraction >= 0 && validationFraction <= 0.5)) {
                throw new IllegalArgumentException("validation fraction must be in [0, 0.5], got "
                        + validationFraction);
            }
            if (validateEvery < 1) {
                throw new IllegalArgumentException("validateEvery must be >= 1, got " + validateEvery);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            if (checkpointEvery < 1) {
                throw new IllegalArgumentException("checkpoint interval must be >= 1 iterations, got "
                        + checkpointEvery);
            }
            if (progressEvery < 1) {
                throw new IllegalArgumentException("progress interval must be >= 1 iterations, got " + progressEvery);
            }
        }

        /** Defaults: 100 units, L-BFGS, 300 iterations, 10% validation, seed 42, all cores. */
        public static Options defaults() {
            return new Options(100, Lbfgs.defaults(), 300, 0.1, 10, 42,
                    Runtime.getRuntime().availableProcessors(), 100, 10);
        }

        public Options withHidden(int h) {
            return new Options(h, optimizer, iterations, validationFraction, validateEvery, seed, threads,
                    checkpointEvery, progressEvery);
        }

        public Options withOptimizer(PixelOptimizer o) {
            return new Options(hidden, o, iterations, validationFraction, validateEvery, seed, threads,
                    checkpointEvery, progressEvery);
        }

        public Options withIterations(int n) {
            return new Options(hidden, optimizer, n, validationFraction, validateEvery, seed, threads,
                    checkpointEvery, progressEvery);
        }

        public Options withValidationFraction(double f) {
            return new Options(hidden, optimizer, iterations, f, validateEvery, seed, threads, checkpointEvery,
                    progressEvery);
        }

        public Options withSeed(long s) {
            return new Options(hidden, optimizer, iterations, validationFraction, validateEvery, s, threads,
                    checkpointEvery, progressEvery);
        }

        public Options withThreads(int t) {
            return new Options(hidden, optimizer, iterations, validationFraction, validateEvery, seed, t,
                    checkpointEvery, progressEvery);
        }

        public Options withCheckpointEvery(int c) {
            return new Options(hidden, optimizer, iterations, validationFraction, validateEvery, seed, threads, c,
                    progressEvery);
        }

        public Options withProgressEvery(int p) {
            return new Options(hidden, optimizer, iterations, validationFraction, validateEvery, seed, threads,
                    checkpointEvery, p);
        }
    }

    /**
     * A trained network and its figures.
     *
     * @param network     the network (best validation weights per pixel, or the last iterate without validation)
     * @param iterations  iterations run in total
     * @param trainChi2   chi-square per training flux value of the returned network
     * @param validChi2   chi-square per validation flux value of the returned network (NaN without validation)
     * @param penalty     gradient-prior penalty of the returned network, summed over pixels
     * @param trainStars  stars in the training part
     * @param validStars  stars held out for validation
     * @param resumedFrom iteration the run resumed from (0 when it started afresh)
     * @param bestIteration the iteration whose weights were returned (the last one without validation stars)
     */
    public record Result(PerPixelSpectralNetwork network, int iterations, double trainChi2, double validChi2,
                         double penalty, int trainStars, int validStars, int resumedFrom, int bestIteration) {
    }

    private static final int STATS = 1; // the last validation score of the pixel

    /** Ridge of the initial least-squares output layer, relative to the mean diagonal (a guard, not a prior). */
    static final double OUTPUT_RIDGE = 1e-6;

    private final Options options;

    public NetworkTrainer(Options options) {
        this.options = options;
    }

    public Options options() {
        return options;
    }

    /** Trains without checkpoints or progress. */
    public Result train(TrainingSet set, GradientPrior prior) {
        return train(set, prior, TrainingListener.none(), TrainingCheckpoints.none());
    }

    @Override
    public PerPixelSpectralNetwork fit(TrainingSet set, GradientPrior prior) {
        return train(set, prior).network();
    }

    /**
     * Trains (resuming from {@code checkpoints.load()} when it holds a checkpoint of this training).
     *
     * @param set         the training set
     * @param prior       the gradient prior, or null
     * @param listener    progress
     * @param checkpoints where to save (and find) checkpoints
     */
    public Result train(TrainingSet set, GradientPrior prior, TrainingListener listener,
                        TrainingCheckpoints checkpoints) {
        if (prior != null && (prior.pixelCount() != set.pixelCount()
                || !prior.trainingLabels().equals(set.labelNames()))) {
            throw new IllegalArgumentException("gradient prior for " + prior.pixelCount() + " pixels and labels "
                    + prior.trainingLabels() + " does not match the training set (" + set.pixelCount() + " pixels, "
                    + set.labelNames() + ")");
        }
        Setup su = new Setup(set, prior, options);
        int np = set.pixelCount();
        int nPar = PixelNetwork.size(options.hidden(), set.labelCount());
        int stateSize = options.optimizer().stateSize(nPar);
        int perPixel = 2 * nPar + stateSize + STATS;
        long dataFp = set.fingerprint();
        long configFp = configFingerprint(set, prior, options);
        Optional<byte[]> saved = checkpoints.load();
        TrainingState state;
        int resumedFrom = 0;
        if (saved.isPresent()) {
            state = TrainingState.decode(saved.get(), dataFp, configFp, np, perPixel);
            resumedFrom = state.iteration;
        } else {
            state = new TrainingState(dataFp, configFp, 0, Double.POSITIVE_INFINITY, 0, new double[np][]);
            for (int p = 0; p < np; p++) {
                state.pixels[p] = init(su, p, nPar, perPixel);
            }
        }
        ThreadLocal<Worker> workers = ThreadLocal.withInitial(() -> new Worker(su, nPar));
        long t0 = System.nanoTime();
        ForkJoinPool pool = options.threads() > 1 ? new ForkJoinPool(options.threads()) : null;
        try {
            while (state.iteration < options.iterations()) {
                int from = state.iteration;
                int to = Math.min(options.iterations(), Math.min(next(from, options.checkpointEvery()),
                        next(from, options.progressEvery())));
                if (su.nValid > 0) {
                    to = Math.min(to, next(from, options.validateEvery()));
                }
                int end = to;
                TrainingState st = state;
                boolean validate = su.nValid > 0 && (end % options.validateEvery() == 0
                        || end == options.iterations());
                forEachPixel(pool, np, p -> workers.get().advance(p, st.pixels[p], from, end, validate));
                state.iteration = to;
                if (validate) {
                    double total = 0;
                    for (double[] px : state.pixels) {
                        total += px[px.length - 1];
                    }
                    if (total < state.bestScore) {
                        state.bestScore = total;
                        state.bestIteration = to;
                        forEachPixel(pool, np, p -> System.arraycopy(st.pixels[p], 0, st.pixels[p], bestOffset(
                                nPar, stateSize), nPar));
                    }
                }
                if (to % options.progressEvery() == 0 || to == options.iterations()) {
                    double[] sums = statistics(pool, workers, state, false);
                    listener.progress(to, options.iterations(), sums[0] / ((double) su.nTrain * np),
                            su.nValid > 0 ? sums[1] / ((double) su.nValid * np) : Double.NaN, sums[2],
                            (System.nanoTime() - t0) * 1e-9);
                }
                if (to % options.checkpointEvery() == 0 && to < options.iterations()) {
                    checkpoints.save(state.encode());
                }
            }
            PerPixelSpectralNetwork net = network(su, state, nPar);
            double[] sums = statistics(pool, workers, state, su.nValid > 0 && state.bestIteration > 0);
            return new Result(net, state.iteration, sums[0] / ((double) su.nTrain * np),
                    su.nValid > 0 ? sums[1] / ((double) su.nValid * np) : Double.NaN, sums[2], su.nTrain, su.nValid,
                    resumedFrom, su.nValid > 0 && state.bestIteration > 0 ? state.bestIteration : state.iteration);
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    private static int bestOffset(int nPar, int stateSize) {
        return nPar + stateSize;
    }

    private static int next(int from, int every) {
        return (from / every + 1) * every;
    }

    private static void forEachPixel(ForkJoinPool pool, int np, java.util.function.IntConsumer body) {
        if (pool == null) {
            for (int p = 0; p < np; p++) {
                body.accept(p);
            }
            return;
        }
        try {
            pool.submit(() -> IntStream.range(0, np).parallel().forEach(body)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    /** Sums over pixels (in pixel order) of training chi2, validation chi2 and penalty of the current or best weights. */
    private double[] statistics(ForkJoinPool pool, ThreadLocal<Worker> workers, TrainingState state, boolean best) {
        int np = state.pixels.length;
        double[][] per = new double[np][];
        forEachPixel(pool, np, p -> per[p] = workers.get().statistics(p, state.pixels[p], best));
        double[] s = new double[3];
        for (double[] v : per) {
            for (int i = 0; i < 3; i++) {
                s[i] += v[i];
            }
        }
        return s;
    }

    /** The data and prior seen by every pixel: scaled label columns of the training, validation and reference points. */
    private static final class Setup {
        final TrainingSet set;
        final GradientPrior prior;
        final Options options;
        final int hidden;
        final int nl;
        final int nTrain;
        final int nValid;
        final int[] trainStars;
        final int[] validStars;
        final double[][] sTrain;
        final double[][] sValid;
        final double[][] sRef;
        final double[] xMin;
        final double[] xMax;

        Setup(TrainingSet set, GradientPrior prior, Options o) {
            this.set = set;
            this.prior = prior;
            this.options = o;
            this.hidden = o.hidden();
            this.nl = set.labelCount();
            int n = set.starCount();
            int nv = o.validationFraction() > 0 ? Math.max(1, (int) Math.round(o.validationFraction() * n)) : 0;
            if (n - nv < 2) {
                throw new IllegalArgumentException("training set of " + n + " stars leaves " + (n - nv) + " for "
                        + "training after " + nv + " validation stars; need at least 2");
            }
            int[] perm = Streams.permutation(n, Streams.of(o.seed(), Streams.SPLIT));
            this.validStars = java.util.Arrays.copyOfRange(perm, 0, nv);
            this.trainStars = java.util.Arrays.copyOfRange(perm, nv, n);
            java.util.Arrays.sort(validStars);
            java.util.Arrays.sort(trainStars);
            this.nTrain = trainStars.length;
            this.nValid = nv;
            this.xMin = set.xMin();
            this.xMax = set.xMax();
            this.sTrain = columns(set, trainStars, xMin, xMax);
            this.sValid = columns(set, validStars, xMin, xMax);
            if (prior != null && prior.dScale() > 0) {
                double[] pts = prior.points();
                int m = prior.pointCount();
                double[] sc = new double[pts.length];
                LabelScaling.scale(pts, m, xMin, xMax, sc);
                sRef = new double[nl][m];
                for (int i = 0; i < m; i++) {
                    for (int k = 0; k < nl; k++) {
                        sRef[k][i] = sc[i * nl + k];
                    }
                }
            } else {
                sRef = null;
            }
        }

        private static double[][] columns(TrainingSet set, int[] stars, double[] lo, double[] hi) {
            int nl = set.labelCount();
            double[][] c = new double[nl][stars.length];
            double[] x = new double[nl];
            double[] s = new double[nl];
            for (int i = 0; i < stars.length; i++) {
                for (int k = 0; k < nl; k++) {
                    x[k] = set.label(stars[i], k);
                }
                LabelScaling.scale(x, 1, lo, hi, s);
                for (int k = 0; k < nl; k++) {
                    c[k][i] = s[k];
                }
            }
            return c;
        }

        void pixelData(int p, double[] yT, double[] wT, double[] yV, double[] wV) {
            for (int i = 0; i < nTrain; i++) {
                yT[i] = set.flux(trainStars[i], p);
                wT[i] = set.ivar(trainStars[i], p);
            }
            for (int i = 0; i < nValid; i++) {
                yV[i] = set.flux(validStars[i], p);
                wV[i] = set.ivar(validStars[i], p);
            }
        }
    }

    /** Per-thread buffers and the pixel loop. */
    private static final class Worker {
        final Setup su;
        final int nPar;
        final PixelObjective obj;
        final double[] yT;
        final double[] wT;
        final double[] yV;
        final double[] wV;
        final double[] theta;
        final double[][] scratch;

        Worker(Setup su, int nPar) {
            this.su = su;
            this.nPar = nPar;
            this.obj = new PixelObjective(su.hidden, su.sTrain, su.nTrain, su.sValid, su.nValid, su.sRef, su.prior);
            this.yT = new double[su.nTrain];
            this.wT = new double[su.nTrain];
            this.yV = new double[su.nValid];
            this.wV = new double[su.nValid];
            this.theta = new double[nPar];
            this.scratch = su.options.optimizer().newScratch(nPar);
        }

        void target(int p) {
            su.pixelData(p, yT, wT, yV, wV);
            obj.target(p, yT, wT, yV, wV);
        }

        /**
         * Iterations {@code from+1 .. to} of pixel p on its state {@code st}; with {@code validate} the pixel's
         * validation score of the weights reached is stored in the state's last slot.
         */
        void advance(int p, double[] st, int from, int to, boolean validate) {
            target(p);
            System.arraycopy(st, 0, theta, 0, nPar);
            PixelOptimizer opt = su.options.optimizer();
            int optOff = nPar;
            for (int e = from + 1; e <= to; e++) {
                double v = opt.step(obj, theta, st, optOff, e, scratch);
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException("pixel " + p + ": training diverged (objective " + v
                            + " at iteration " + e + "); lower the learning rate");
                }
            }
            System.arraycopy(theta, 0, st, 0, nPar);
            if (validate) {
                st[st.length - 1] = obj.validationChi2(theta) * su.nTrain / su.nValid + obj.penalty(theta);
            }
        }

        /** Training chi2, validation chi2 and penalty of the current (or the best iteration's) weights of pixel p. */
        double[] statistics(int p, double[] st, boolean best) {
            target(p);
            int o = best ? nPar + su.options.optimizer().stateSize(nPar) : 0;
            double[] th = java.util.Arrays.copyOfRange(st, o, o + nPar);
            return new double[] {obj.trainChi2(th), obj.validationChi2(th), obj.penalty(th)};
        }
    }

    /** The initial state of pixel p: weights from its own stream, zero optimiser state, no best yet. */
    private static double[] init(Setup su, int p, int nPar, int perPixel) {
        double[] st = new double[perPixel];
        UniformRandomProvider rng = Streams.of(su.options.seed(), p);
        int h = su.hidden;
        int nl = su.nl;
        double bw0 = 1.0 / Math.sqrt(nl);
        for (int i = 0; i < h * nl + h; i++) {
            st[i] = bw0 * (2 * rng.nextDouble() - 1);
        }
        double bw1 = 1.0 / Math.sqrt(h);
        for (int j = 0; j < h; j++) {
            st[h * nl + h + j] = bw1 * (2 * rng.nextDouble() - 1);
        }
        Worker w = new Worker(su, nPar);
        w.target(p);
        st[nPar - 1] = w.obj.meanFlux() - w.obj.meanOutputWithoutBias(st);
        w.obj.fitOutputLayer(st, OUTPUT_RIDGE);
        // the "best" weights start as the initial ones (used only when no validation iteration has run)
        System.arraycopy(st, 0, st, nPar + su.options.optimizer().stateSize(nPar), nPar);
        return st;
    }

    private static PerPixelSpectralNetwork network(Setup su, TrainingState state, int nPar) {
        int np = state.pixels.length;
        int h = su.hidden;
        int nl = su.nl;
        double[] w0 = new double[np * h * nl];
        double[] b0 = new double[np * h];
        double[] w1 = new double[np * h];
        double[] b1 = new double[np];
        int bestOff = nPar + su.options.optimizer().stateSize(nPar);
        boolean useBest = su.nValid > 0 && state.bestIteration > 0;
        for (int p = 0; p < np; p++) {
            double[] st = state.pixels[p];
            int o = useBest ? bestOff : 0;
            System.arraycopy(st, o, w0, p * h * nl, h * nl);
            System.arraycopy(st, o + h * nl, b0, p * h, h);
            System.arraycopy(st, o + h * nl + h, w1, p * h, h);
            b1[p] = st[o + nPar - 1];
        }
        return new PerPixelSpectralNetwork(su.xMin, su.xMax, np, h, w0, b0, w1, b1);
    }

    /** Fingerprint of everything that determines the numbers except the iteration count and the thread count. */
    static long configFingerprint(TrainingSet set, GradientPrior prior, Options o) {
        StringBuilder sb = new StringBuilder();
        sb.append("network|").append(o.hidden()).append('|').append(o.optimizer()).append('|')
                .append(o.validationFraction()).append('|').append(o.validateEvery()).append('|').append(o.seed());
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < sb.length(); i++) {
            h = (h ^ sb.charAt(i)) * 0x100000001b3L;
        }
        if (prior != null) {
            h = priorFingerprint(h, prior);
        }
        return h;
    }

    static long priorFingerprint(long h, GradientPrior prior) {
        String d = prior.options().toString() + prior.labelNames();
        for (int i = 0; i < d.length(); i++) {
            h = (h ^ d.charAt(i)) * 0x100000001b3L;
        }
        for (double v : prior.reference()) {
            h = (h ^ Double.doubleToLongBits(v)) * 0x100000001b3L;
        }
        for (double v : prior.steps()) {
            h = (h ^ Double.doubleToLongBits(v)) * 0x100000001b3L;
        }
        for (int g = 0; g < prior.size(); g++) {
            for (int p = 0; p < prior.pixelCount(); p++) {
                h = (h ^ Double.doubleToLongBits(prior.abInitio(g, p))) * 0x100000001b3L;
            }
        }
        return h;
    }
}
