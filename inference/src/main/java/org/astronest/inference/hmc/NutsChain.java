package org.astronest.inference.hmc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.astronest.inference.StateCodec;
import org.astronest.inference.UnconstrainedDensity;
import org.astronest.priors.Prior;

/**
 * One NUTS chain: its point, step size, metric and warm-up state, and its draws after warm-up. Iteration i draws
 * every random number from {@code Rngs.stream(seed, TAG, chain, i)}, so a chain is the same for any thread count and
 * continues exactly (its point's density and gradient saved, not recomputed) from a checkpoint taken between
 * iterations ({@link #write}, {@link #read}).
 *
 * <p>Warm-up follows Stan (adapt_diag_e_nuts / adapt_dense_e_nuts): after each warm-up transition the step size is
 * learnt by {@link DualAveraging}; draws in slow windows feed the metric estimate; at each window end the metric is
 * replaced, the step size re-initialised by Stan's doubling/halving heuristic and dual averaging restarted; the last
 * warm-up iteration fixes the step size at the dual-averaging average.
 */
final class NutsChain {

    /** Path tag of the chains' random streams ("NUTS"). */
    static final long TAG = 0x4E555453L;
    /** Path index of the stream that finds the starting point. */
    static final long START = -1;

    private final int index;
    private final NutsSampler.Options options;
    private final UnconstrainedDensity density;
    private final long seed;
    private final int d;
    private final WarmupWindows windows;
    private final DualAveraging adaptation;
    private final MetricForm.Estimator estimator;

    private int iteration;
    private PhasePoint point;
    private double stepSize;
    private Metric metric;

    // draws after warm-up (free parameters, constrained) and their sampler statistics
    final double[][] draws;
    final double[] logLikelihood;
    final double[] logPosterior;
    final double[] acceptStat;
    final double[] energy;
    final int[] treeDepth;
    final int[] leapfrogs;
    final boolean[] divergent;

    NutsChain(int index, NutsSampler.Options options, UnconstrainedDensity density, long seed) {
        this.index = index;
        this.options = options;
        this.density = density;
        this.seed = seed;
        this.d = density.dimension();
        this.windows = new WarmupWindows(options.warmup());
        this.adaptation = new DualAveraging(options.targetAccept());
        this.estimator = options.metric().estimator(d);
        this.metric = options.metric().identity(d);
        int n = options.draws();
        draws = new double[n][];
        logLikelihood = new double[n];
        logPosterior = new double[n];
        acceptStat = new double[n];
        energy = new double[n];
        treeDepth = new int[n];
        leapfrogs = new int[n];
        divergent = new boolean[n];
    }

    int iteration() {
        return iteration;
    }

    double stepSize() {
        return stepSize;
    }

    Metric metric() {
        return metric;
    }

    /** Finds a starting point of finite density and gradient, and the initial step size (Stan's init). */
    void start() {
        UniformRandomProvider rng = Rngs.stream(seed, TAG, index, START);
        InferenceProblem problem = density.problem();
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        int[] free = problem.priors().freeIndices();
        PhasePoint z = new PhasePoint(d);
        for (int attempt = 0; attempt < NutsSampler.MAX_START_ATTEMPTS; attempt++) {
            double[] x = new double[d];
            for (int k = 0; k < d; k++) {
                Prior p = problem.priors().get(free[k]).prior();
                double[] c = options.initialCenter();
                if (c != null) {
                    double[] s = options.initialScale();
                    x[k] = c[k] + (s.length == 1 ? s[0] : s[k]) * g.sample();
                } else if (p.isProper()) {
                    x[k] = p.fromUnit(rng.nextDouble());
                } else {
                    x[k] = 4 * rng.nextDouble() - 2;
                }
            }
            double[] y = density.toUnconstrained(problem.expand(x));
            if (!allFinite(y)) {
                continue;
            }
            System.arraycopy(y, 0, z.q, 0, d);
            z.logp = density.logDensity(z.q, z.grad, z.parts);
            if (z.logp > Double.NEGATIVE_INFINITY && allFinite(z.grad)) {
                point = z;
                stepSize = initialStepSize(options.stepSize(), rng);
                adaptation.restart(stepSize);
                return;
            }
        }
        throw new IllegalStateException("nuts: chain " + index + " found no point of finite posterior density and "
                + "gradient in " + NutsSampler.MAX_START_ATTEMPTS + " attempts (" + (options.initialCenter() == null
                ? "prior draws" : "initial ball") + "); give an initial ball inside the support");
    }

    /** Runs iterations until {@code until} (warm-up and draws counted together). */
    void advance(int until) {
        int warmup = options.warmup();
        while (iteration < until) {
            int i = iteration;
            UniformRandomProvider rng = Rngs.stream(seed, TAG, index, i);
            NutsTrajectory t = new NutsTrajectory(density, metric, stepSize, options.maxTreeDepth(), rng);
            NutsTrajectory.Transition tr = t.transition(point);
            point = tr.point();
            if (i < warmup) {
                stepSize = adaptation.learn(tr.acceptStat());
                if (windows.inSlowWindow(i)) {
                    estimator.add(point.q);
                }
                if (windows.endsWindow(i)) {
                    metric = estimator.estimate();
                    estimator.restart();
                    stepSize = initialStepSize(stepSize, rng);
                    adaptation.restart(stepSize);
                }
                if (i == warmup - 1) {
                    stepSize = adaptation.finalStepSize();
                }
            } else {
                int k = i - warmup;
                double[] out = point.parts;
                double[] theta = density.theta(point.q);
                draws[k] = density.problem().priors().freeValues(theta);
                logLikelihood[k] = out[0];
                logPosterior[k] = out[0] + out[1];
                acceptStat[k] = tr.acceptStat();
                energy[k] = tr.energy();
                treeDepth[k] = tr.depth();
                leapfrogs[k] = tr.leapfrogs();
                divergent[k] = tr.divergent();
            }
            iteration++;
        }
    }

    /**
     * Stan's step-size heuristic (base_hmc::init_stepsize): from {@code eps}, double (or halve) the step while one
     * leapfrog step from the current point with fresh momentum keeps (or fails to keep) an acceptance probability
     * above 0.8.
     */
    private double initialStepSize(double eps, UniformRandomProvider rng) {
        double threshold = Math.log(0.8);
        double deltaH = oneStep(eps, rng);
        int direction = deltaH > threshold ? 1 : -1;
        while (true) {
            deltaH = oneStep(eps, rng);
            if (direction == 1 && !(deltaH > threshold)) {
                return eps;
            }
            if (direction == -1 && !(deltaH < threshold)) {
                return eps;
            }
            eps = direction == 1 ? 2 * eps : 0.5 * eps;
            if (eps > 1e7) {
                throw new IllegalStateException("nuts: the step size grew past 1e7 in chain " + index
                        + "; the posterior may be improper (flat in some direction)");
            }
            if (eps == 0) {
                throw new IllegalStateException("nuts: no acceptably small step size in chain " + index
                        + "; the posterior density or its gradient may be wrong near the start");
            }
        }
    }

    private double oneStep(double eps, UniformRandomProvider rng) {
        PhasePoint z = point.copy();
        metric.sampleMomentum(rng, z.p);
        NutsTrajectory t = new NutsTrajectory(density, metric, eps, 0, rng);
        double h0 = t.hamiltonian(z);
        t.leapfrog(z, eps);
        double h = t.hamiltonian(z);
        if (Double.isNaN(h)) {
            h = Double.POSITIVE_INFINITY;
        }
        return h0 - h;
    }

    private static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The chain's state as a checkpoint section. */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(iteration);
        StateCodec.writeArray(out, point.q);
        StateCodec.writeArray(out, point.grad);
        out.writeDouble(point.logp);
        out.writeDouble(point.parts[0]);
        out.writeDouble(point.parts[1]);
        out.writeDouble(stepSize);
        adaptation.write(out);
        StateCodec.writeArray(out, metric.inverse());
        estimator.write(out);
        int kept = Math.max(0, iteration - options.warmup());
        out.writeInt(kept);
        for (int k = 0; k < kept; k++) {
            StateCodec.writeArray(out, draws[k]);
            out.writeDouble(logLikelihood[k]);
            out.writeDouble(logPosterior[k]);
            out.writeDouble(acceptStat[k]);
            out.writeDouble(energy[k]);
            out.writeInt(treeDepth[k]);
            out.writeInt(leapfrogs[k]);
            out.writeBoolean(divergent[k]);
        }
    }

    /** Restores the state {@link #write} wrote; the warm-up schedule is replayed to the saved iteration. */
    void read(DataInputStream in) throws IOException {
        iteration = in.readInt();
        point = new PhasePoint(d);
        StateCodec.readArray(in, point.q);
        StateCodec.readArray(in, point.grad);
        point.logp = in.readDouble();
        point.parts[0] = in.readDouble();
        point.parts[1] = in.readDouble();
        stepSize = in.readDouble();
        adaptation.read(in);
        metric = options.metric().fromInverse(d, StateCodec.readArray(in));
        estimator.read(in);
        int kept = in.readInt();
        if (kept != Math.max(0, iteration - options.warmup())) {
            throw new IOException("chain " + index + ": " + kept + " draws at iteration " + iteration);
        }
        for (int k = 0; k < kept; k++) {
            draws[k] = StateCodec.readArray(in);
            logLikelihood[k] = in.readDouble();
            logPosterior[k] = in.readDouble();
            acceptStat[k] = in.readDouble();
            energy[k] = in.readDouble();
            treeDepth[k] = in.readInt();
            leapfrogs[k] = in.readInt();
            divergent[k] = in.readBoolean();
        }
        for (int i = 0; i < Math.min(iteration, options.warmup()); i++) {
            windows.endsWindow(i);
        }
    }
}
