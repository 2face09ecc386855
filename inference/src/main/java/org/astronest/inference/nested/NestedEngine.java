package org.astronest.inference.nested;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.astronest.inference.Evidence;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogMath;
import org.astronest.inference.NestedRun;
import org.astronest.inference.Provenance;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.WeightedSamples;
import org.astronest.priors.PriorSet;

/**
 * One run of {@link NestedSampler}: all mutable state lives here, in flat arrays, and is what a checkpoint holds.
 * Random numbers come only from {@code Rngs.stream(seed, kind, counter, item)}, with counters that are part of the
 * state, so the run is independent of the thread count and replays exactly after a resume.
 */
final class NestedEngine {

    private static final int MAGIC = 0x4E455354; // "NEST"
    private static final int VERSION = 4; // 4: cluster labels and per-cluster ellipsoids in the region
    private static final int CHUNK = 16;
    private static final long KIND_INIT = 0;
    private static final long KIND_REJECT = 1;
    private static final long KIND_SLICE = 2;
    private static final long KIND_BOOT = 3;
    private static final long KIND_RESAMPLE = 4;
    private static final long KIND_ELLIPSOID = 5;
    private static final int MAX_BATCH = 1 << 16;
    /** Above this dimension the AUTO step method uses slice sampling from the first rebuild. */
    static final int AUTO_SLICE_DIMENSION = 20;

    private final InferenceProblem problem;
    private final PriorSet priors;
    private final NestedSampler.Options opt;
    private final RunListener listener;
    private final int n;
    private final int d;
    private final int fullDim;
    private final long seed;
    private final Long provenanceSeed;
    private final int sliceSteps;
    private final int rebuildEvery;
    private final int chunk;

    // live points
    private final double[] liveU;
    private final double[] liveL;
    private final Region region;
    /**
     * In slice mode, the live points in the Gaussianised cube, z = Phi^-1(u), kept in step with liveU (the chains'
     * start points, differential directions and metric read it); derived from liveU, so not checkpointed.
     */
    private double[] liveZ;

    // dead points (growable)
    private double[] deadU;
    private double[] deadL;
    private int[] deadN;
    private int[] deadSlot;
    private int nDead;

    // queue of accepted proposals (FIFO)
    private double[] qU;
    private double[] qL;
    private int qHead;
    private int qTail;

    // counters (all checkpointed)
    private long iteration;
    private long calls;
    private long batchCounter;
    private long rebuildCounter;
    private long lastRebuild;
    private long winEval;
    private long winAcc;
    private long prevEval;
    private long prevAcc;
    private double longEval;
    private double longAcc;
    private boolean sliceMode;
    private long sliceFrom = -1;
    private double sliceScale;
    private long sliceChains;
    private long sliceCalls;
    private long rejectCalls;
    private long rejectAccepted;
    private long proposalDraws;
    private double logX;
    private double logZ = Double.NEGATIVE_INFINITY;
    private double wallBefore;
    private int resumes;
    private int maxClusters;

    // scratch (not state)
    private double[] batchU = new double[0];
    private double[] batchL = new double[0];
    private double[][] batchTheta = new double[0][];
    private double[][][] chunkViews = new double[0][][];
    private long[] chunkDraws = new long[0];
    private double[] dist;
    private ExecutorService pool;
    private final int[] removed;

    NestedEngine(InferenceProblem problem, NestedSampler.Options opt, UniformRandomProvider rng, RunListener listener) {
        this.problem = problem;
        this.priors = problem.priors();
        this.opt = opt;
        this.listener = listener;
        this.n = opt.livePoints();
        this.d = problem.dimension();
        this.fullDim = priors.size();
        this.seed = Rngs.baseSeed(rng);
        this.provenanceSeed = Rngs.seedOf(rng);
        this.sliceSteps = opt.sliceSteps() > 0 ? opt.sliceSteps() : NestedSampler.DEFAULT_SLICE_STEPS_PER_DIMENSION * d;
        this.rebuildEvery = Math.max(1, n / 10);
        this.chunk = Math.min(CHUNK, opt.batch());
        this.liveU = new double[n * d];
        this.liveL = new double[n];
        this.region = new Region(n, d);
        this.deadU = new double[Math.max(16, 4 * n) * d];
        this.deadL = new double[Math.max(16, 4 * n)];
        this.deadN = new int[Math.max(16, 4 * n)];
        this.deadSlot = new int[Math.max(16, 4 * n)];
        this.qU = new double[64 * d];
        this.qL = new double[64];
        this.removed = new int[n];
        this.sliceScale = 1.0;
    }

    RunResult run() {
        long start = System.nanoTime();
        String startIso = Instant.now().toString();
        if (opt.threads() > 1) {
            pool = Executors.newFixedThreadPool(opt.threads(), r -> {
                Thread t = new Thread(r, "astronest-nested");
                t.setDaemon(true);
                return t;
            });
        }
        try {
            boolean resumed = false;
            if (opt.resume()) {
                Optional<byte[]> saved = opt.checkpoint().load();
                if (saved.isPresent()) {
                    load(saved.get());
                    resumed = true;
                    resumes++;
                }
            }
            if (!resumed) {
                initialise();
            }
            String stop = loop(start);
            double wall = wallBefore + (System.nanoTime() - start) * 1e-9;
            RunResult r = finish(stop, wall, startIso);
            opt.checkpoint().clear();
            return r;
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    // ------------------------------------------------------------------------------------------ main loop

    private void initialise() {
        logX = 0;
        ensureBatchCapacity(roundUp(n, chunk));
        int total = roundUp(n, chunk);
        int chunks = total / chunk;
        parallelFor(chunks, c -> {
            UniformRandomProvider r = Rngs.stream(seed, KIND_INIT, c);
            for (int j = c * chunk; j < (c + 1) * chunk; j++) {
                for (int k = 0; k < d; k++) {
                    double x;
                    do {
                        x = r.nextDouble();
                    } while (x == 0);
                    batchU[j * d + k] = x;
                }
                priors.fromUnit(slice(batchU, j), batchTheta[j]);
            }
            evaluate(c);
        });
        System.arraycopy(batchU, 0, liveU, 0, n * d);
        System.arraycopy(batchL, 0, liveL, 0, n);
        calls += total; // whole chunks are evaluated; the extra points are not used
        rebuild();
    }

    private String loop(long start) {
        long lastSave = System.nanoTime();
        while (true) {
            double lMin = Double.POSITIVE_INFINITY;
            double lMax = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lMin = Math.min(lMin, liveL[i]);
                lMax = Math.max(lMax, liveL[i]);
            }
            if (lMin == lMax) {
                return "plateau";
            }
            if (logZ > Double.NEGATIVE_INFINITY
                    && LogMath.logAddExp(logZ, lMax + logX) - logZ < opt.dlogz()) {
                return "dlogz";
            }
            if (calls >= opt.maxCalls()) {
                return "max_calls";
            }
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (liveL[i] == lMin) {
                    removed[k++] = i;
                }
            }
            for (int j = 0; j < k; j++) {
                int nl = n - j;
                addDead(removed[j], nl);
                double logW = lMin + logX + Math.log(-Math.expm1(-1.0 / nl));
                if (lMin > Double.NEGATIVE_INFINITY) {
                    logZ = LogMath.logAddExp(logZ, logW);
                }
                logX -= 1.0 / nl;
            }
            for (int j = 0; j < k; j++) {
                int slot = removed[j];
                takeFromQueue(lMin, slot);
                if (sliceMode) {
                    gaussianise(slot);
                } else {
                    region.update(slot, liveU);
                }
            }
            iteration++;
            if (iteration - lastRebuild >= rebuildEvery) {
                rebuild();
            }
            if (iteration % 200 == 0) {
                listener.progress(new RunListener.Progress("nested", iteration, calls,
                        wallBefore + (System.nanoTime() - start) * 1e-9, Map.of("logZ", logZ,
                        "dlogz", LogMath.logAddExp(logZ, lMax + logX) - logZ, "efficiency", efficiency(),
                        "logL", lMin)));
            }
            long now = System.nanoTime();
            if ((now - lastSave) * 1e-9 >= opt.checkpointSeconds()) {
                double wallSave = wallBefore + (now - start) * 1e-9;
                opt.checkpoint().save(save(wallSave));
                lastSave = System.nanoTime();
            }
        }
    }

    private double efficiency() {
        return (prevAcc + winAcc + 1.0) / (prevEval + winEval + 2.0);
    }

    private void addDead(int slot, int nl) {
        if (nDead == deadL.length) {
            int cap = deadL.length * 2;
            deadU = Arrays.copyOf(deadU, cap * d);
            deadL = Arrays.copyOf(deadL, cap);
            deadN = Arrays.copyOf(deadN, cap);
            deadSlot = Arrays.copyOf(deadSlot, cap);
        }
        System.arraycopy(liveU, slot * d, deadU, nDead * d, d);
        deadL[nDead] = liveL[slot];
        deadN[nDead] = nl;
        deadSlot[nDead] = slot;
        nDead++;
    }

    /** Fills live slot {@code slot} with the next queued point above lMin, generating batches as needed. */
    private void takeFromQueue(double lMin, int slot) {
        while (true) {
            while (qHead < qTail && !(qL[qHead] > lMin)) {
                qHead++;
            }
            if (qHead < qTail) {
                System.arraycopy(qU, qHead * d, liveU, slot * d, d);
                liveL[slot] = qL[qHead];
                qHead++;
                return;
            }
            qHead = 0;
            qTail = 0;
            if (sliceMode) {
                sliceBatch(lMin);
            } else {
                rejectionBatch(lMin);
            }
        }
    }

    private void enqueue(double[] u, int uo, double l) {
        if (qTail == qL.length) {
            if (qHead > 0) {
                int m = qTail - qHead;
                System.arraycopy(qU, qHead * d, qU, 0, m * d);
                System.arraycopy(qL, qHead, qL, 0, m);
                qHead = 0;
                qTail = m;
            }
            if (qTail == qL.length) {
                qU = Arrays.copyOf(qU, qL.length * 2 * d);
                qL = Arrays.copyOf(qL, qL.length * 2);
            }
        }
        System.arraycopy(u, uo, qU, qTail * d, d);
        qL[qTail++] = l;
    }

    // ------------------------------------------------------------------------------------------ rejection

    private void rejectionBatch(double lMin) {
        double eff = efficiency();
        long want = (long) Math.ceil(4.0 / eff);
        int b = (int) Math.min(MAX_BATCH, Math.max(opt.batch(), want));
        b = roundUp(b, chunk);
        ensureBatchCapacity(b);
        final long batchId = batchCounter++;
        int chunks = b / chunk;
        if (region.useUnion) {
            region.index();
        }
        parallelFor(chunks, c -> {
            UniformRandomProvider r = Rngs.stream(seed, KIND_REJECT, batchId, c);
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(r);
            double[] wv = new double[d];
            double[] z = new double[d];
            long draws = 0;
            for (int j = c * chunk; j < (c + 1) * chunk; j++) {
                draws += region.sample(r, g, batchU, j * d, wv, z);
                priors.fromUnit(slice(batchU, j), batchTheta[j]);
            }
            chunkDraws[c] = draws;
            evaluate(c);
        });
        int acc = 0;
        for (int j = 0; j < b; j++) {
            if (batchL[j] > lMin) {
                enqueue(batchU, j * d, batchL[j]);
                acc++;
            }
        }
        for (int c = 0; c < chunks; c++) {
            proposalDraws += chunkDraws[c];
        }
        calls += b;
        rejectCalls += b;
        rejectAccepted += acc;
        winEval += b;
        winAcc += acc;
    }

    // ------------------------------------------------------------------------------------------ slice

    private void sliceBatch(double lMin) {
        int b = opt.batch();
        ensureBatchCapacity(b);
        // start points: live points strictly above the threshold
        int[] starts = new int[n];
        int ns = 0;
        for (int i = 0; i < n; i++) {
            if (liveL[i] > lMin) {
                starts[ns++] = i;
            }
        }
        final int nStarts = ns;
        final long batchId = batchCounter++;
        final double scale = sliceScale;
        final long[] stats = new long[3 * b]; // calls, step-outs, shrinks per chain
        parallelFor(b, c -> {
            UniformRandomProvider r = Rngs.stream(seed, KIND_SLICE, batchId, c);
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(r);
            int s = starts[r.nextInt(nStarts)];
            sliceChain(r, g, s, lMin, scale, c, stats);
        });
        long out = 0;
        long shrink = 0;
        for (int c = 0; c < b; c++) {
            calls += stats[3 * c];
            sliceCalls += stats[3 * c];
            out += stats[3 * c + 1];
            shrink += stats[3 * c + 2];
            enqueue(batchU, c * d, batchL[c]);
        }
        sliceChains += b;
        // scale adaptation: balance stepping-out and shrinking (Neal 2003 sec. 4: the width should be of the
        // order of the slice size)
        if (out > shrink) {
            sliceScale *= 1.1;
        } else if (out < shrink) {
            sliceScale /= 1.1;
        }
    }

    /**
     * One slice-sampling chain from live point s, result in batch slot c. The chain moves in the Gaussianised cube
     * z = Phi^-1(u) (each unit-cube coordinate mapped through the standard normal quantile), where a point uniform
     * in {u : L > lMin} has density proportional to prod phi(z_k) on {L > lMin}; slice sampling (Neal 2003) targets
     * that density, so the slice is {t : sum z_k^2 / 2 < -log y} intersected with {L > lMin}, and the Gaussian part
     * is checked before the likelihood is called. In z a Normal prior is the identity map and a smooth prior is
     * locally linear, whereas in u a coefficient sitting 6 prior sds from zero lives within 1e-9 of a cube face and
     * its linear correlations become power-law ridges (diamonds: slice chains in u left ln Z 13 sigma low). The
     * start point, a live point above lMin, is a draw from the target, so the chain is stationary from its start.
     */
    private void sliceChain(UniformRandomProvider r, ZigguratSampler.NormalizedGaussian g, int s, double lMin,
                            double scale, int c, long[] stats) {
        double[] x = new double[d];
        double[] y = new double[d];
        double[] z = new double[d];
        double[] v = new double[d];
        double[] uy = new double[d];
        double[] theta = new double[fullDim];
        double[] lOut = new double[1];
        System.arraycopy(liveZ, s * d, x, 0, d);
        System.arraycopy(liveU, s * d, batchU, c * d, d);
        double lx = liveL[s];
        long nCalls = 0;
        long nOut = 0;
        long nShrink = 0;
        for (int step = 0; step < sliceSteps; step++) {
            double width;
            if ((step & 1) == 1) {
                // differential direction: the difference of two random live points, width |v| (the "differential"
                // direction of UltraNest's step samplers, Buchner 2022; an interval that can span two modes)
                int a;
                int b;
                do {
                    a = r.nextInt(n);
                    b = r.nextInt(n);
                } while (a == b);
                for (int k = 0; k < d; k++) {
                    v[k] = liveZ[a * d + k] - liveZ[b * d + k];
                }
                width = 1.0;
            } else {
                // random direction, isotropic in the space whitened by the live points' covariance in z (PolyChord)
                double norm = 0;
                for (int k = 0; k < d; k++) {
                    z[k] = g.sample();
                    norm += z[k] * z[k];
                }
                norm = Math.sqrt(norm);
                for (int k = 0; k < d; k++) {
                    z[k] /= norm;
                }
                region.direction(z, v);
                width = scale;
            }
            boolean adapt = width == scale;
            double xx = dot(x, x);
            // log of the slice height: log density at x minus an Exp(1) variate
            double logY = -0.5 * xx - (-Math.log(1.0 - r.nextDouble()));
            double xv = dot(x, v);
            double vv = dot(v, v);
            double left = -r.nextDouble() * width;
            double right = left + width;
            for (int m = 0; m < 64; m++) {
                int in = inSlice(x, v, left, xx, xv, vv, logY, lMin, y, uy, theta, lOut);
                nCalls += in >> 1;
                if ((in & 1) == 0) {
                    break;
                }
                left -= width;
                if (adapt) {
                    nOut++;
                }
            }
            for (int m = 0; m < 64; m++) {
                int in = inSlice(x, v, right, xx, xv, vv, logY, lMin, y, uy, theta, lOut);
                nCalls += in >> 1;
                if ((in & 1) == 0) {
                    break;
                }
                right += width;
                if (adapt) {
                    nOut++;
                }
            }
            for (int m = 0; m < 1000; m++) {
                double t = left + r.nextDouble() * (right - left);
                int in = inSlice(x, v, t, xx, xv, vv, logY, lMin, y, uy, theta, lOut);
                nCalls += in >> 1;
                if ((in & 1) == 1) {
                    System.arraycopy(y, 0, x, 0, d);
                    System.arraycopy(uy, 0, batchU, c * d, d);
                    lx = lOut[0];
                    break;
                }
                if (adapt) {
                    nShrink++;
                }
                if (t < 0) {
                    left = t;
                } else {
                    right = t;
                }
                if (right - left < 1e-12 * width) {
                    break;
                }
            }
        }
        batchL[c] = lx;
        stats[3 * c] = nCalls;
        stats[3 * c + 1] = nOut;
        stats[3 * c + 2] = nShrink;
    }

    /**
     * Whether x + t v is inside the slice: bit 0 set when inside, bit 1 set when the likelihood was evaluated. On
     * the way it leaves the point in {@code y} (z), {@code uy} (unit cube) and its log-likelihood in {@code lOut[0]}.
     */
    private int inSlice(double[] x, double[] v, double t, double xx, double xv, double vv, double logY, double lMin,
                        double[] y, double[] uy, double[] theta, double[] lOut) {
        if (!(-0.5 * (xx + 2 * t * xv + t * t * vv) > logY)) {
            return 0;
        }
        for (int k = 0; k < d; k++) {
            y[k] = x[k] + t * v[k];
            uy[k] = fromGauss(y[k]);
        }
        if (!Region.inCube(uy, 0, d)) {
            return 0; // beyond the doubles next to 0 or 1: outside the cube the prior transform can represent
        }
        priors.fromUnit(uy, theta);
        double l = problem.logLikelihood(theta);
        lOut[0] = l;
        return l > lMin ? 3 : 2;
    }

    private static final NormalDistribution STD_NORMAL = NormalDistribution.of(0, 1);

    private void gaussianiseAll() {
        liveZ = new double[n * d];
        for (int i = 0; i < n; i++) {
            gaussianise(i);
        }
    }

    private void gaussianise(int slot) {
        for (int k = slot * d; k < (slot + 1) * d; k++) {
            liveZ[k] = toGauss(liveU[k]);
        }
    }

    /** Standard normal quantile of a unit-cube coordinate, accurate on both sides (1 - u is exact for u >= 0.5). */
    static double toGauss(double u) {
        return u <= 0.5 ? STD_NORMAL.inverseCumulativeProbability(u)
                : -STD_NORMAL.inverseCumulativeProbability(1.0 - u);
    }

    /** Standard normal distribution function; 0 or 1 once the tail is below the doubles next to them. */
    static double fromGauss(double z) {
        return z <= 0 ? STD_NORMAL.cumulativeProbability(z) : 1.0 - STD_NORMAL.cumulativeProbability(-z);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------ region

    private void rebuild() {
        lastRebuild = iteration;
        long id = rebuildCounter++;
        // switch to slice sampling only when rejection needs more than 1000 x sliceSteps calls per accepted point
        // (about 150 times the cost of a slice chain, ~6 calls per slice step), measured over the last ~n
        // iterations (decayed sums of 10 rebuild windows): rejection draws exact independent points, whereas slice
        // chains of 5-10 x d steps left visible biases in posterior means on curved posteriors (rosenbrock5d: x5
        // 0.49 and 0.42 against 0.72, sd 0.96, docs/nested.md), so the slice sampler is the fallback only where
        // rejection is hopeless (high dimension)
        longEval = 0.9 * longEval + winEval;
        longAcc = 0.9 * longAcc + winAcc;
        // above 20 dimensions region rejection is hopeless (diamonds, 26-d: 1.6% efficiency with 180 envelope draws
        // per proposal, hours of region work against a 1-us likelihood); dynesty's sample = 'auto' makes the same cut
        // (uniform below 10 dimensions, random walks up to 20, slices above)
        if (opt.step() == NestedSampler.StepMethod.SLICE
                || opt.step() == NestedSampler.StepMethod.AUTO && d > AUTO_SLICE_DIMENSION) {
            sliceMode = true;
            if (sliceFrom < 0) {
                sliceFrom = iteration;
            }
        } else if (opt.step() == NestedSampler.StepMethod.AUTO && !sliceMode && rebuildCounter > 10
                && longEval >= 1000) {
            double effLong = (longAcc + 1.0) / (longEval + 2.0);
            if (effLong < 1.0 / (1000.0 * sliceSteps)) {
                sliceMode = true;
                sliceFrom = iteration;
            }
        }
        prevEval = winEval;
        prevAcc = winAcc;
        winEval = 0;
        winAcc = 0;
        if (sliceMode) {
            // the slice chains move in the Gaussianised cube: their metric is the live points' covariance there
            if (liveZ == null) {
                gaussianiseAll();
            }
            region.setMetric(liveZ);
            region.setRadius(0, false);
            return;
        }
        region.setMetric(liveU);
        if (opt.bound() == NestedSampler.Bound.CUBE) {
            region.setRadius(0, false);
            return;
        }
        if (dist == null) {
            dist = new double[n * n];
        }
        parallelFor(n, row -> region.computeDistances(dist, row));
        int rounds = opt.bootstraps();
        double[] r2 = new double[rounds];
        parallelFor(rounds, k -> r2[k] = region.bootstrapRound(dist, Rngs.stream(seed, KIND_BOOT, id, k),
                new boolean[n]));
        // the radius is the maximum over rounds (Buchner 2016), except rounds more than 3 times (in distance) above
        // the median round: those are rounds that left out every point of a small mode, whose radius is the
        // distance between modes and would make the region the whole prior (eggbox2d with ~5 points in its
        // corner modes); the points of such a mode still carry balls of the typical radius
        double[] sorted = r2.clone();
        Arrays.sort(sorted);
        double median = sorted[rounds / 2];
        double max = 0;
        for (int k = 0; k < rounds; k++) {
            if (r2[k] <= 9 * median) {
                max = Math.max(max, r2[k]);
            }
        }
        int k = region.split(region.cluster(dist, max));
        maxClusters = Math.max(maxClusters, k);
        final double radius2 = max;
        region.setEllipsoids(k, radius2, rounds, r -> Rngs.stream(seed, KIND_ELLIPSOID, id, r));
        region.setRadius(radius2, true);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private void evaluate(int c) {
        double[][] view = chunkViews[c];
        double[] out = new double[chunk];
        problem.logLikelihood(view, out);
        System.arraycopy(out, 0, batchL, c * chunk, chunk);
    }

    private double[] slice(double[] a, int j) {
        return Arrays.copyOfRange(a, j * d, (j + 1) * d);
    }

    private void ensureBatchCapacity(int b) {
        if (batchL.length >= b) {
            return;
        }
        int cap = roundUp(Math.max(b, 2 * batchL.length), chunk);
        batchU = new double[cap * d];
        batchL = new double[cap];
        double[][] th = Arrays.copyOf(batchTheta, cap);
        for (int j = batchTheta.length; j < cap; j++) {
            th[j] = new double[fullDim];
        }
        batchTheta = th;
        int chunks = cap / chunk;
        chunkViews = new double[chunks][][];
        for (int c = 0; c < chunks; c++) {
            chunkViews[c] = Arrays.copyOfRange(batchTheta, c * chunk, (c + 1) * chunk);
        }
        chunkDraws = new long[chunks];
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    /** Runs task(0..count-1) on the pool (or inline); each index writes only its own slots. */
    private void parallelFor(int count, IntConsumer task) {
        if (pool == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(opt.threads(), count);
        List<Future<?>> fs = new ArrayList<>(workers);
        for (int t = 0; t < workers; t++) {
            fs.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            }));
        }
        RuntimeException err = null;
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (err == null) {
                    err = c instanceof RuntimeException re ? re : new IllegalStateException(c.getMessage(), c);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("nested sampling interrupted", e);
            }
        }
        if (err != null) {
            throw err;
        }
    }

    // ------------------------------------------------------------------------------------------ result

    private RunResult finish(String stop, double wall, String startIso) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(liveL[a], liveL[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int m = nDead + n;
        double[] logL = new double[m];
        double[] lx = new double[m];
        double[] lw = new double[m];
        int[] live = new int[m];
        int[] thread = new int[m];
        double[][] thetas = new double[m][];
        double x = 0;
        for (int i = 0; i < nDead; i++) {
            logL[i] = deadL[i];
            live[i] = deadN[i];
            thread[i] = deadSlot[i];
            lw[i] = deadL[i] + x + Math.log(-Math.expm1(-1.0 / deadN[i]));
            if (deadL[i] == Double.NEGATIVE_INFINITY) {
                lw[i] = Double.NEGATIVE_INFINITY;
            }
            x -= 1.0 / deadN[i];
            lx[i] = x;
            thetas[i] = priors.fromUnit(Arrays.copyOfRange(deadU, i * d, (i + 1) * d));
        }
        double xFinal = x;
        for (int j = 0; j < n; j++) {
            int s = order[j];
            int i = nDead + j;
            logL[i] = liveL[s];
            live[i] = n - j;
            thread[i] = s;
            lx[i] = xFinal + Math.log((double) (n - j) / (n + 1)); // expected X of the j-th lowest of n uniform points
            lw[i] = liveL[s] == Double.NEGATIVE_INFINITY ? Double.NEGATIVE_INFINITY : liveL[s] + xFinal - Math.log(n);
            thetas[i] = priors.fromUnit(Arrays.copyOfRange(liveU, s * d, (s + 1) * d));
        }
        double z = LogMath.logSumExp(lw);
        if (z == Double.NEGATIVE_INFINITY) {
            throw new IllegalStateException("nested sampling: every point has log-likelihood -infinity (after "
                    + calls + " likelihood calls); the likelihood is impossible everywhere the prior was sampled");
        }
        double h = 0;
        for (int i = 0; i < m; i++) {
            if (lw[i] > Double.NEGATIVE_INFINITY) {
                h += Math.exp(lw[i] - z) * logL[i];
            }
        }
        h = Math.max(0, h - z);
        double errSimple = Math.sqrt(h / n);
        double[] sims = resampledLogZ(logL, live, opt.resamples());
        double meanSim = 0;
        for (double s : sims) {
            meanSim += s;
        }
        meanSim /= sims.length;
        double var = 0;
        for (double s : sims) {
            var += (s - meanSim) * (s - meanSim);
        }
        double errResampled = Math.sqrt(var / (sims.length - 1));
        double[] boot = bootstrapThreads(logL, thread, thetas, opt.resamples());
        double errBoot = boot[0];
        double err = Math.max(errSimple, Math.max(errResampled, errBoot));
        List<Double> meanErr = new ArrayList<>();
        for (int k = 1; k < boot.length; k++) {
            meanErr.add(boot[k]);
        }
        WeightedSamples samples = problem.samples(thetas, lw, logL);
        RunResult.Builder b = RunResult.builder("nested", samples)
                .evidence(new Evidence(z, err, h))
                .likelihoodCalls(calls)
                .wallSeconds(wall)
                .provenance(Provenance.of(provenanceSeed, "nested",
                        opt.toMap(), startIso, wall))
                .nestedRun(new NestedRun(logL, lx, lw, live))
                .diagnostic("logZErrSimple", errSimple)
                .diagnostic("logZErrResampled", errResampled)
                .diagnostic("logZResampledMean", meanSim)
                .diagnostic("logZErrBootstrap", errBoot)
                .diagnostic("posteriorMeanErr", meanErr)
                .diagnostic("stopReason", stop)
                .diagnostic("iterations", iteration)
                .diagnostic("livePoints", n)
                .diagnostic("rejectionCalls", rejectCalls)
                .diagnostic("rejectionEfficiency", rejectCalls == 0 ? Double.NaN : (double) rejectAccepted / rejectCalls)
                .diagnostic("regionDrawsPerProposal", rejectCalls == 0 ? Double.NaN : (double) proposalDraws / rejectCalls)
                .diagnostic("sliceFromIteration", sliceFrom)
                .diagnostic("sliceSteps", sliceSteps)
                .diagnostic("sliceCalls", sliceCalls)
                .diagnostic("sliceChains", sliceChains)
                .diagnostic("sliceScale", sliceScale)
                .diagnostic("regionRebuilds", rebuildCounter)
                .diagnostic("clusters", region.clusters)
                .diagnostic("maxClusters", maxClusters)
                .diagnostic("resumes", resumes);
        return b.build();
    }

    /**
     * logZ of re-simulated runs: shrinkage ratios t_i ~ Beta(n_i, 1), i.e. t = U^(1/n_i) (Higson et al. 2018); the
     * final live points are treated as removed one by one with n = N, N-1, ..., 1, the last one taking the rest.
     */
    private double[] resampledLogZ(double[] logL, int[] live, int rounds) {
        int m = logL.length;
        double[] out = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            UniformRandomProvider rng = Rngs.stream(seed, KIND_RESAMPLE, r);
            double x = 0;
            double acc = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                double u;
                do {
                    u = rng.nextDouble();
                } while (u == 0);
                double logT = Math.log(u) / live[i];
                double lw;
                if (i == m - 1) {
                    lw = logL[i] + x;
                } else {
                    lw = logL[i] + x + Math.log(-Math.expm1(logT));
                }
                if (logL[i] > Double.NEGATIVE_INFINITY) {
                    acc = LogMath.logAddExp(acc, lw);
                }
                x += logT;
            }
            out[r] = acc;
        }
        return out;
    }

    /**
     * Bootstrap over threads (Higson, Handley, Hobson &amp; Lasenby 2018, "Sampling errors in nested sampling
     * parameter estimation", Bayesian Analysis 13, 873): the run is split into its n single-live-point threads (a
     * thread is the chain of points that replaced each other in one live slot), threads are resampled with
     * replacement and recombined; the standard deviations over replicates of ln Z and of every posterior mean are the
     * returned errors: {@code [sd(ln Z), sd(mean_0), sd(mean_1), ...]}, columns of the full theta.
     */
    private double[] bootstrapThreads(double[] logL, int[] thread, double[][] thetas, int rounds) {
        int m = logL.length;
        int p = fullDim;
        double[] lwb = new double[m];
        double[] zs = new double[rounds];
        double[][] means = new double[rounds][p];
        int[] mult = new int[n];
        for (int r = 0; r < rounds; r++) {
            UniformRandomProvider rng = Rngs.stream(seed, KIND_RESAMPLE, 1_000_000L + r);
            Arrays.fill(mult, 0);
            for (int k = 0; k < n; k++) {
                mult[rng.nextInt(n)]++;
            }
            double x = 0;
            int nl = n;
            for (int i = 0; i < m; i++) {
                int c = mult[thread[i]];
                double acc = Double.NEGATIVE_INFINITY;
                boolean finalPoint = i >= nDead;
                for (int k = 0; k < c; k++) {
                    double lw;
                    if (finalPoint) {
                        lw = nl == 1 ? logL[i] + x : logL[i] + x + Math.log(-Math.expm1(-1.0 / nl));
                        x -= 1.0 / nl;
                        nl--;
                    } else {
                        lw = logL[i] + x + Math.log(-Math.expm1(-1.0 / n));
                        x -= 1.0 / n;
                    }
                    if (logL[i] > Double.NEGATIVE_INFINITY) {
                        acc = LogMath.logAddExp(acc, lw);
                    }
                }
                lwb[i] = acc;
            }
            double z = LogMath.logSumExp(lwb);
            zs[r] = z;
            for (int i = 0; i < m; i++) {
                if (lwb[i] > Double.NEGATIVE_INFINITY) {
                    double w = Math.exp(lwb[i] - z);
                    for (int k = 0; k < p; k++) {
                        means[r][k] += w * thetas[i][k];
                    }
                }
            }
        }
        double[] out = new double[1 + p];
        out[0] = sd(zs);
        double[] col = new double[rounds];
        for (int k = 0; k < p; k++) {
            for (int r = 0; r < rounds; r++) {
                col[r] = means[r][k];
            }
            out[1 + k] = sd(col);
        }
        return out;
    }

    private static double sd(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    // ------------------------------------------------------------------------------------------ checkpoint

    private byte[] save(double wall) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 8 * (nDead * (d + 2) + n * (3 * d + 2)));
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(n);
            out.writeInt(d);
            out.writeLong(seed);
            out.writeLong(iteration);
            out.writeLong(calls);
            out.writeLong(batchCounter);
            out.writeLong(rebuildCounter);
            out.writeLong(lastRebuild);
            out.writeLong(winEval);
            out.writeLong(winAcc);
            out.writeLong(prevEval);
            out.writeLong(prevAcc);
            out.writeDouble(longEval);
            out.writeDouble(longAcc);
            out.writeBoolean(sliceMode);
            out.writeLong(sliceFrom);
            out.writeDouble(sliceScale);
            out.writeLong(sliceChains);
            out.writeLong(sliceCalls);
            out.writeLong(rejectCalls);
            out.writeLong(rejectAccepted);
            out.writeLong(proposalDraws);
            out.writeDouble(logX);
            out.writeDouble(logZ);
            out.writeDouble(wall);
            out.writeInt(resumes);
            out.writeInt(maxClusters);
            writeArray(out, liveU);
            writeArray(out, liveL);
            region.write(out);
            out.writeInt(nDead);
            for (int i = 0; i < nDead * d; i++) {
                out.writeDouble(deadU[i]);
            }
            for (int i = 0; i < nDead; i++) {
                out.writeDouble(deadL[i]);
                out.writeInt(deadN[i]);
                out.writeInt(deadSlot[i]);
            }
            int q = qTail - qHead;
            out.writeInt(q);
            for (int i = qHead * d; i < qTail * d; i++) {
                out.writeDouble(qU[i]);
            }
            for (int i = qHead; i < qTail; i++) {
                out.writeDouble(qL[i]);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void load(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IllegalArgumentException("checkpoint: not a nested-sampler checkpoint (version "
                        + VERSION + ")");
            }
            int cn = in.readInt();
            int cd = in.readInt();
            long cs = in.readLong();
            if (cn != n || cd != d) {
                throw new IllegalArgumentException("checkpoint: written with live_points=" + cn + ", dimension=" + cd
                        + " but this run has live_points=" + n + ", dimension=" + d);
            }
            if (cs != seed) {
                throw new IllegalArgumentException("checkpoint: written with seed " + cs + " but this run has seed "
                        + seed + "; resume with the same seed");
            }
            iteration = in.readLong();
            calls = in.readLong();
            batchCounter = in.readLong();
            rebuildCounter = in.readLong();
            lastRebuild = in.readLong();
            winEval = in.readLong();
            winAcc = in.readLong();
            prevEval = in.readLong();
            prevAcc = in.readLong();
            longEval = in.readDouble();
            longAcc = in.readDouble();
            sliceMode = in.readBoolean();
            sliceFrom = in.readLong();
            sliceScale = in.readDouble();
            sliceChains = in.readLong();
            sliceCalls = in.readLong();
            rejectCalls = in.readLong();
            rejectAccepted = in.readLong();
            proposalDraws = in.readLong();
            logX = in.readDouble();
            logZ = in.readDouble();
            wallBefore = in.readDouble();
            resumes = in.readInt();
            maxClusters = in.readInt();
            readArray(in, liveU);
            readArray(in, liveL);
            region.read(in);
            if (sliceMode) {
                gaussianiseAll();
            }
            nDead = in.readInt();
            int cap = Math.max(nDead, 16);
            deadU = new double[cap * d];
            deadL = new double[cap];
            deadN = new int[cap];
            deadSlot = new int[cap];
            for (int i = 0; i < nDead * d; i++) {
                deadU[i] = in.readDouble();
            }
            for (int i = 0; i < nDead; i++) {
                deadL[i] = in.readDouble();
                deadN[i] = in.readInt();
                deadSlot[i] = in.readInt();
            }
            int q = in.readInt();
            qU = new double[Math.max(q, 64) * d];
            qL = new double[Math.max(q, 64)];
            for (int i = 0; i < q * d; i++) {
                qU[i] = in.readDouble();
            }
            for (int i = 0; i < q; i++) {
                qL[i] = in.readDouble();
            }
            qHead = 0;
            qTail = q;
        } catch (IOException e) {
            throw new IllegalArgumentException("checkpoint: unreadable (" + e.getMessage() + ")", e);
        }
    }

    static void writeArray(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) {
            out.writeDouble(v);
        }
    }

    static void readArray(DataInputStream in, double[] a) throws IOException {
        int len = in.readInt();
        if (len != a.length) {
            throw new IOException("array of length " + len + ", expected " + a.length);
        }
        for (int i = 0; i < len; i++) {
            a[i] = in.readDouble();
        }
    }
}
