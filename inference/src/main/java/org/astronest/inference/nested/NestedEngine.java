package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.Evidence;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.LogMath;
import org.astronest.inference.NestedRun;
import org.astronest.inference.Provenance;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.StateCodec;
import org.astronest.inference.WeightedSamples;
import org.astronest.inference.WorkPool;
import org.astronest.priors.PriorSet;

/**
 * One run of {@link NestedSampler}: the loop (remove the lowest live points, replace them from the queue, rebuild,
 * stop) over its parts: {@link LivePoints}, {@link DeadPoints}, {@link ProposalQueue}, the {@link StepPolicy} with
 * its {@link ConstrainedStep}s, and {@link NestedEvidence} for the result. Random numbers come only from
 * {@code Rngs.stream(seed, kind, counter, item)} ({@link Streams}) with counters that are part of the state, so the
 * run is independent of the thread count; the checkpoint holds one section per part, so a resumed run replays
 * exactly.
 */
final class NestedEngine {

    private static final int MAGIC = 0x4E455354; // "NEST"
    private static final int VERSION = 10; // 5: one section per part; 6: the importance record; 7: slice length; 8: births; 9: the cut; 10: clusters
    private static final int CHUNK = 16;
    /**
     * Importance-weighted posterior samples: the lightest evaluations are left out of the samples while their
     * weights add up to at most this fraction of Z (ln Z and its error use every point).
     */
    static final double SAMPLE_DROP = 1e-6;

    private final InferenceProblem problem;
    private final PriorSet priors;
    private final NestedSampler.Options opt;
    private final RunListener listener;
    private final int n;
    private final int d;
    private final long seed;
    private final Long provenanceSeed;
    private final int rebuildEvery;

    private final LivePoints live;
    private final DeadPoints dead;
    private final ProposalQueue queue;
    private final ProposalBatch batch;
    private final ImportanceRecord importance;
    private final WorkPool pool;
    private final StepPolicy policy;
    private final ClusterVolumes clusters;
    private ConstrainedStep step;

    // loop counters (the "run" section)
    private long iteration;
    private long calls;
    private long batchCounter;
    private long rebuildCounter;
    private long lastRebuild;
    private double logX;
    private double logZ = Double.NEGATIVE_INFINITY;
    private double wallBefore;
    private int resumes;

    private final int[] removed;

    NestedEngine(InferenceProblem problem, NestedSampler.Options opt, UniformRandomProvider rng, RunListener listener) {
        this(problem, opt, rng, listener, 0);
    }

    /**
     * A run whose importance record holds at most {@code recordPoints} evaluations (0: the default,
     * {@link ImportanceRecord#MAX_COORDINATES}); tests use a small record to reach its cut within seconds.
     */
    NestedEngine(InferenceProblem problem, NestedSampler.Options opt, UniformRandomProvider rng, RunListener listener,
                 int recordPoints) {
        this.problem = problem;
        this.priors = problem.priors();
        this.opt = opt;
        this.listener = listener;
        this.n = opt.livePoints();
        this.d = problem.dimension();
        this.seed = Rngs.baseSeed(rng);
        this.provenanceSeed = Rngs.seedOf(rng);
        problem.checkBeforeRun(seed);
        int sliceSteps = opt.sliceSteps() > 0 ? opt.sliceSteps()
                : NestedSampler.DEFAULT_SLICE_STEPS_PER_DIMENSION * d;
        this.rebuildEvery = Math.max(1, n / 10);
        this.live = new LivePoints(n, d);
        this.dead = new DeadPoints(d, 4 * n);
        this.queue = new ProposalQueue(d);
        this.batch = new ProposalBatch(problem, Math.min(CHUNK, opt.batch()));
        this.importance = recordPoints > 0 ? new ImportanceRecord(d, recordPoints) : new ImportanceRecord(d);
        this.pool = WorkPool.of(opt.threads(), "astronest-nested");
        this.policy = new StepPolicy(new StepContext(problem, live, batch, pool, seed, opt, sliceSteps, importance));
        this.step = policy.active();
        this.clusters = new ClusterVolumes(n, d);
        this.removed = new int[n];
    }

    RunResult run() {
        long start = System.nanoTime();
        String startIso = Instant.now().toString();
        try (pool) {
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
        }
    }

    /**
     * Refuses an evidence that did not survive double precision (a reported ln Z = 1e308 +- Infinity): with
     * ln L values of magnitude ~1e16 and above, differences of one nat are below the spacing of doubles.
     */
    private static void checkFinite(Evidence e, double[] logL) {
        if (Double.isFinite(e.logZ()) && Double.isFinite(e.logZErr()) && Double.isFinite(e.information())) {
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logL) {
            max = Math.max(max, v);
        }
        throw new IllegalStateException("the evidence overflowed double precision (ln Z " + e.logZ() + " +- "
                + e.logZErr() + ", largest ln L " + max + "): subtract a constant from the log-likelihood so that "
                + "its values are of order 1 to 1e6");
    }

    // ------------------------------------------------------------------------------------------ main loop

    private void initialise() {
        logX = 0;
        int chunk = batch.chunk;
        int total = ProposalBatch.roundUp(n, chunk);
        batch.ensure(total);
        pool.forEach(total / chunk, c -> {
            UniformRandomProvider r = Rngs.stream(seed, Streams.INIT, c);
            for (int j = c * chunk; j < (c + 1) * chunk; j++) {
                for (int k = 0; k < d; k++) {
                    double x;
                    do {
                        x = r.nextDouble();
                    } while (x == 0);
                    batch.u[j * d + k] = x;
                }
                batch.transform(j);
            }
            batch.evaluate(c);
        });
        // epoch 0 of the importance record: the cube; it is used only when a step with a known density adds more
        int e = importance.newEpoch(null);
        for (int j = 0; j < total; j++) {
            importance.add(batch.u, j * d, batch.logL[j], e);
        }
        importance.addDraws(e, total);
        System.arraycopy(batch.u, 0, live.u, 0, n * d);
        System.arraycopy(batch.logL, 0, live.logL, 0, n);
        calls += total; // whole chunks are evaluated; the extra points are not used
        rebuild();
    }

    private String loop(long start) {
        long lastSave = System.nanoTime();
        long lastProgress = lastSave;
        while (true) {
            double lMin = live.minLogL();
            double lMax = live.maxLogL();
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
            // every live point tied at the minimum goes at once, the live count falling (Fowlie, Handley & Su 2021)
            int k = 0;
            for (int i = 0; i < n; i++) {
                if (live.logL[i] == lMin) {
                    removed[k++] = i;
                }
            }
            for (int j = 0; j < k; j++) {
                int nl = n - j;
                double logW;
                if (clusters.split()) {
                    int c = live.cluster[removed[j]];
                    dead.add(live, removed[j], nl, clusters.count[c]);
                    logW = clusters.remove(c, lMin);
                    logX = clusters.totalLogX();
                } else {
                    dead.add(live, removed[j], nl);
                    logW = lMin + logX + Math.log(-Math.expm1(-1.0 / nl));
                    logX -= 1.0 / nl;
                }
                if (lMin > Double.NEGATIVE_INFINITY) {
                    logZ = LogMath.logAddExp(logZ, logW);
                }
            }
            for (int j = 0; j < k; j++) {
                int slot = removed[j];
                int target = -1;
                if (clusters.split()) {
                    target = clusters.target(live.cluster[slot], seed, iteration, j);
                    clusters.added(target);
                }
                while (!queue.pollInto(lMin, live, slot, target)) {
                    calls += step.fill(lMin, batchCounter++, queue, target);
                }
                if (target >= 0) {
                    live.cluster[slot] = target;
                }
                step.replaced(slot);
            }
            iteration++;
            if (iteration - lastRebuild >= rebuildEvery) {
                rebuild();
            }
            long tick = System.nanoTime();
            if (iteration % 200 == 0 || tick - lastProgress > 1_000_000_000L) {
                lastProgress = tick;
                listener.progress(new RunListener.Progress("nested", iteration, calls,
                        wallBefore + (System.nanoTime() - start) * 1e-9, Map.of("logZ", logZ,
                        "dlogz", LogMath.logAddExp(logZ, lMax + logX) - logZ, "efficiency", step.efficiency(),
                        "logL", lMin, "dlogzStop", opt.dlogz())));
            }
            long now = System.nanoTime();
            // a run without a store encodes nothing: the state holds up to 1 GiB of importance record, and encoding
            // it every 10 s for nothing ran rosenbrock10d's ten-seed benchmark out of its heap
            if ((now - lastSave) * 1e-9 >= opt.checkpointSeconds() && opt.checkpoint() != CheckpointStore.none()) {
                opt.checkpoint().save(save(wallBefore + (now - start) * 1e-9));
                lastSave = System.nanoTime();
            }
        }
    }

    private void rebuild() {
        lastRebuild = iteration;
        long id = rebuildCounter++;
        double lastDead = dead.size > 0 ? dead.logL[dead.size - 1] : Double.NEGATIVE_INFINITY;
        importance.at(dead.size, lastDead);
        step = policy.rebuild(id, rebuildCounter, iteration, logX);
        if (importance.cutDue(policy.sliceUsed())) {
            importance.cutNow(dead.size, lastDead, pool);
        }
        if (policy.takeOverDue()) {
            calls += step.takeOver(lastDead);
            clusters.enabled = true; // slice chains keep to their start's mode from here on
        }
        if (clusters.enabled && clusters.recluster(live, dead.size, logX, seed, id, opt.bootstraps(), pool)) {
            queue.clear(); // queued points were drawn for the clusters before this split
        }
    }

    // ------------------------------------------------------------------------------------------ result

    private RunResult finish(String stop, double wall, String startIso) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(live.logL[a], live.logL[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int nDead = dead.size;
        int m = nDead + n;
        double[] logL = new double[m];
        int[] nLive = new int[m];
        int[] thread = new int[m];
        double[] birth = new double[m];
        double[][] thetas = new double[m][];
        for (int i = 0; i < nDead; i++) {
            birth[i] = dead.birth[i];
            logL[i] = dead.logL[i];
            nLive[i] = dead.nLive[i];
            thread[i] = dead.slot[i];
            thetas[i] = fromUnit(dead.u, i);
        }
        for (int j = 0; j < n; j++) {
            int s = order[j];
            int i = nDead + j;
            logL[i] = live.logL[s];
            birth[i] = live.birth[s];
            nLive[i] = n - j;
            thread[i] = s;
            thetas[i] = fromUnit(live.u, s);
        }
        NestedEvidence.Run run = clusters.split() ? clusteredRun(logL, nLive, thread, order)
                : new NestedEvidence.Run(logL, nLive, thread, nDead, n);
        double[] lw = new double[m];
        double[] lx = new double[m];
        NestedEvidence.weights(run, lw, lx);
        double z = LogMath.logSumExp(lw);
        if (z == Double.NEGATIVE_INFINITY) {
            throw new IllegalStateException("nested sampling: every point has log-likelihood -infinity (after "
                    + calls + " likelihood calls); the likelihood is impossible everywhere the prior was sampled");
        }
        double h = NestedEvidence.information(logL, lw, z);
        double errSimple = Math.sqrt(h / n);
        double[] sims = NestedEvidence.resampledLogZ(run, opt.resamples(),
                r -> Rngs.stream(seed, Streams.RESAMPLE, r));
        double meanSim = NestedEvidence.mean(sims);
        double errResampled = NestedEvidence.sd(sims);
        double[] boot = NestedEvidence.bootstrapThreads(run, thetas, opt.resamples(),
                r -> Rngs.stream(seed, Streams.RESAMPLE, 1_000_000L + r));
        double errBoot = boot[0];
        double err = Math.max(errSimple, Math.max(errResampled, errBoot));
        List<Double> meanErr = new ArrayList<>();
        for (double e : NestedEvidence.meanSd(run, thetas, boot, opt.resamples(),
                r -> Rngs.stream(seed, Streams.RESAMPLE, 3_000_000L + r))) {
            meanErr.add(e);
        }
        Evidence evidence = new Evidence(z, err, h);
        WeightedSamples runPoints = problem.samples(thetas, lw, logL);
        WeightedSamples samples;
        ImportanceEvidence.Result ins = null;
        CutEvidence.Result hybrid = null;
        // importance weights need every new point from a known density: not once slice chains have drawn some
        // (the ellipsoid epochs alone would then miss the mass the chains found)
        boolean useImportance = importance.epochs() > 1 && !policy.sliceUsed() && !importance.full;
        if (useImportance) {
            ins = ImportanceEvidence.estimate(importance, pool);
            int[] keep = ImportanceEvidence.significant(ins.logW(), ins.logZ(), SAMPLE_DROP);
            int mi = keep.length;
            double[][] thetasIns = new double[mi][];
            double[] logLIns = new double[mi];
            double[] logWIns = new double[mi];
            for (int j = 0; j < mi; j++) {
                int i = keep[j];
                thetasIns[j] = fromUnit(importance.u, i);
                logLIns[j] = importance.logL[i];
                logWIns[j] = ins.logW()[i];
            }
            samples = problem.samples(thetasIns, logWIns, logLIns);
            evidence = new Evidence(ins.logZ(), ins.logZErr(),
                    NestedEvidence.information(Arrays.copyOf(importance.logL, importance.size), ins.logW(),
                            ins.logZ()));
            meanErr.clear();
            for (double e : ImportanceEvidence.meanErrors(thetasIns, logWIns, ins.logZ())) {
                meanErr.add(e);
            }
        } else if (importance.cut != null && importance.cut.deadIndex() > 0) {
            ImportanceCut cut = importance.cut;
            double[][] below = new double[cut.kept()][];
            for (int j = 0; j < below.length; j++) {
                below[j] = fromUnit(cut.u(), j);
            }
            hybrid = cutEvidence(cut, below, run, thetas);
            int nb = hybrid.logWBelow().length;
            int na = hybrid.logWAbove().length;
            double[][] th = new double[nb + na][];
            double[] ll = new double[nb + na];
            double[] lwAll = new double[nb + na];
            for (int j = 0; j < nb; j++) {
                th[j] = below[j];
                ll[j] = cut.logL()[j];
                lwAll[j] = hybrid.logWBelow()[j];
            }
            for (int j = 0; j < na; j++) {
                th[nb + j] = thetas[cut.deadIndex() + j];
                ll[nb + j] = logL[cut.deadIndex() + j];
                lwAll[nb + j] = hybrid.logWAbove()[j];
            }
            samples = problem.samples(th, lwAll, ll);
            evidence = new Evidence(hybrid.logZ(), hybrid.logZErr(),
                    NestedEvidence.information(ll, lwAll, hybrid.logZ()));
            meanErr.clear();
            for (double e : hybrid.meanErr()) {
                meanErr.add(e);
            }
        } else {
            samples = runPoints;
        }
        checkFinite(evidence, logL);
        RunResult.Builder b = RunResult.builder("nested", samples)
                .evidence(evidence)
                .likelihoodCalls(calls)
                .wallSeconds(wall)
                .provenance(Provenance.of(provenanceSeed, "nested", opt.toMap(), startIso, wall))
                .nestedRun(new NestedRun(logL, lx, lw, nLive, birth, nDead, runPoints))
                .columns(problem.columnInfo())
                .diagnostic("logZErrSimple", errSimple)
                .diagnostic("logZErrResampled", errResampled)
                .diagnostic("logZResampledMean", meanSim)
                .diagnostic("logZErrBootstrap", errBoot)
                .diagnostic("posteriorMeanErr", meanErr)
                .diagnostic("stopReason", stop)
                .diagnostic("iterations", iteration)
                .diagnostic("livePoints", n)
                .diagnostic("regionRebuilds", rebuildCounter)
                .diagnostic("resumes", resumes);
        if (ins != null) {
            crossCheck(b, z, err, ins.logZ(), ins.logZErr(), "importance-sampled");
            b.diagnostic("logZImportance", ins.logZ())
                    .diagnostic("logZErrImportance", ins.logZErr())
                    .diagnostic("importancePoints", importance.size)
                    .diagnostic("importanceSamplesKept", samples.size())
                    .diagnostic("importanceEpochs", importance.epochs())
                    .diagnostic("importanceEss", ins.ess());
        }
        if (hybrid != null) {
            ImportanceCut cut = importance.cut;
            crossCheck(b, z, err, hybrid.logZ(), hybrid.logZErr(),
                    "importance-sampled (before the cut at dead point " + cut.deadIndex() + ")");
            b.diagnostic("importanceCutDeadPoints", cut.deadIndex())
                    .diagnostic("importanceCutLogL", cut.logLCut())
                    .diagnostic("logZBelowCut", hybrid.logA())
                    .diagnostic("logVolumeAboveCut", hybrid.logB())
                    .diagnostic("logVolumeAboveCutNested", lx[cut.deadIndex() - 1])
                    .diagnostic("importancePoints", cut.points())
                    .diagnostic("importanceSamplesKept", cut.kept())
                    .diagnostic("importanceWeighed", cut.weighed())
                    .diagnostic("importanceSkippedShare", Math.exp(cut.logSkipped() - hybrid.logA()))
                    .diagnostic("importanceEpochs", cut.epochs());
        }
        if (importance.full) {
            b.diagnostic("importanceRecordFull", true);
        }
        if (clusters.split()) {
            List<Integer> sizes = new ArrayList<>();
            for (int c : clusters.count) {
                if (c > 0) {
                    sizes.add(c);
                }
            }
            b.diagnostic("sliceClusters", sizes.size())
                    .diagnostic("sliceClusterSplits", clusters.splits.size())
                    .diagnostic("sliceClusterFirstSplit", clusters.splits.get(0).at())
                    .diagnostic("sliceClusterSizes", sizes);
        }
        policy.diagnostics(b);
        return b.build();
    }

    /**
     * Records the plain nested-sampling estimate beside the reported one ({@code what}), with a warning when they
     * differ by more than 3 combined errors.
     */
    private static void crossCheck(RunResult.Builder b, double z, double err, double logZ, double logZErr,
                                   String what) {
        double dz = logZ - z;
        double tol = 3 * Math.hypot(err, logZErr);
        b.diagnostic("logZNested", z).diagnostic("logZErrNested", err);
        if (Math.abs(dz) > tol) {
            b.diagnostic("evidenceWarning", String.format(java.util.Locale.ROOT,
                    "%s ln Z %.3f and nested-sampling ln Z %.3f differ by %.3f, more than 3 combined errors (%.3f)",
                    what, logZ, z, dz, tol));
        }
    }

    /**
     * The run with the clusters of the slice phase: dead points carry their cluster (0 before the first split) and its
     * live count at their removal, the final live points (in {@code order}) count down within their cluster.
     */
    private NestedEvidence.Run clusteredRun(double[] logL, int[] nLive, int[] thread, Integer[] order) {
        int nDead = dead.size;
        int m = logL.length;
        int[] local = nLive.clone();
        int[] cluster = new int[m];
        for (int i = 0; i < nDead; i++) {
            local[i] = dead.nLocal[i];
            cluster[i] = dead.cluster[i];
        }
        int[] left = new int[clusters.clusters()];
        for (int c : live.cluster) {
            left[c]++;
        }
        for (int j = 0; j < n; j++) {
            int c = live.cluster[order[j]];
            cluster[nDead + j] = c;
            local[nDead + j] = left[c]--;
        }
        return new NestedEvidence.Run(logL, local, thread, nDead, n, cluster, List.copyOf(clusters.splits));
    }

    /** The parameters of row {@code row} of the unit-cube points {@code u} (d per row). */
    private double[] fromUnit(double[] u, int row) {
        return priors.fromUnit(Arrays.copyOfRange(u, row * d, (row + 1) * d));
    }

    /**
     * The evidence of a cut run: the nested part is the dead points from the cut on and the final live points;
     * {@code below} holds the parameters of the cut's kept points.
     */
    private CutEvidence.Result cutEvidence(ImportanceCut cut, double[][] below, NestedEvidence.Run run,
                                           double[][] thetas) {
        int c = cut.deadIndex();
        return CutEvidence.estimate(cut, run.from(c), Arrays.copyOfRange(thetas, c, thetas.length), below,
                opt.resamples(), r -> Rngs.stream(seed, Streams.RESAMPLE, 2_000_000L + r));
    }

    // ------------------------------------------------------------------------------------------ checkpoint

    /** The loop's own section: shape, seed and counters. */
    private final StateCodec.Part runSection = new StateCodec.Part() {
        @Override
        public void write(DataOutputStream out) throws IOException {
            out.writeInt(n);
            out.writeInt(d);
            out.writeLong(seed);
            out.writeLong(iteration);
            out.writeLong(calls);
            out.writeLong(batchCounter);
            out.writeLong(rebuildCounter);
            out.writeLong(lastRebuild);
            out.writeDouble(logX);
            out.writeDouble(logZ);
            out.writeDouble(wallBefore);
            out.writeInt(resumes);
        }

        @Override
        public void read(DataInputStream in) throws IOException {
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
            logX = in.readDouble();
            logZ = in.readDouble();
            wallBefore = in.readDouble();
            resumes = in.readInt();
        }
    };

    private Map<String, StateCodec.Part> sections() {
        Map<String, StateCodec.Part> s = StateCodec.sections();
        s.put("run", runSection);
        s.put("live", live); // before the steps: the slice step rebuilds its Gaussianised copy from it
        s.put("dead", dead);
        s.put("queue", queue);
        s.put("clusters", clusters);
        s.put("importance", importance); // before the steps: the ellipsoid step takes its current union from it
        s.put("policy", policy);
        for (ConstrainedStep st : policy.steps()) {
            s.put(st.name(), st);
        }
        return s;
    }

    private byte[] save(double wall) {
        double before = wallBefore;
        wallBefore = wall;
        try {
            return StateCodec.encode(MAGIC, VERSION, sections());
        } finally {
            wallBefore = before;
        }
    }

    private void load(byte[] state) {
        StateCodec.decode(state, MAGIC, VERSION, "nested-sampler", sections());
        step = policy.active();
    }
}
