package org.astronest.validation.sbc;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.astronest.inference.CheckpointStore;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunListener;
import org.astronest.inference.RunResult;
import org.astronest.inference.Sampler;
import org.astronest.inference.SamplerKind;
import org.astronest.inference.Samplers;
import org.astronest.inference.WeightedSamples;

/**
 * Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari &amp; Gelman 2018, arXiv:1804.06788): for each
 * replicate draw theta from the prior, data from the model, run the sampler, take L posterior draws and record the
 * rank of the true value among them (number of draws below it, 0..L). For a correct sampler the ranks are uniform on
 * {0..L}. Uniformity: Pearson chi-square over {@code bins} equal groups of ranks ((L + 1) / bins ranks each), with
 * bins - 1 degrees of freedom; rejected at p &lt; 0.01.
 *
 * <p>Draws: nested sampling output is resampled by weight (L draws with replacement; the runs' ESS are far above L);
 * MCMC output is thinned to L rows spread evenly over the kept steps and walkers (Talts et al. section 5: thin so the
 * draws are nearly independent, else the histogram is not uniform even for a correct sampler). Replicate i uses the
 * independent streams {@code Rngs.stream(seed, i, 0)} (truth and data) and {@code Rngs.stream(seed, i, 1)} (sampler),
 * so results do not depend on the order or the thread count.
 */
public final class Sbc {

    /**
     * NUTS sizes per replicate: 2 chains of 500 warm-up and 500 draws (1000 draws, thinned evenly to L as the
     * ensemble's; NUTS draws on these small models have ESS near their count).
     */
    public static final int NUTS_CHAINS = 2;
    public static final int NUTS_WARMUP = 500;
    public static final int NUTS_DRAWS = 500;

    /** Rejection level of the uniformity test (issue 9). */
    public static final double ALPHA = 0.01;

    /**
     * @param replicates simulations (default 200)
     * @param draws      L (default 99, so 100 possible ranks)
     * @param bins       histogram bins (default 10: 20 expected per bin at 200 replicates, above Cochran's 5)
     * @param livePoints nested sampling live points (default 200)
     * @param walkers    ensemble walkers (default 32)
     * @param steps      ensemble steps (default 3000)
     * @param threads    sampler threads
     */
    public record Options(int replicates, int draws, int bins, int livePoints, int walkers, int steps, int threads) {
        public Options {
            if (replicates < 10) {
                throw new IllegalArgumentException("replicates must be >= 10, got " + replicates);
            }
            if (draws < 1) {
                throw new IllegalArgumentException("draws must be >= 1, got " + draws);
            }
            if (bins < 2 || (draws + 1) % bins != 0) {
                throw new IllegalArgumentException("bins must be >= 2 and divide draws + 1 = " + (draws + 1)
                        + ", got " + bins);
            }
            if (livePoints < 2 || walkers < 4 || steps < 10 || threads < 1) {
                throw new IllegalArgumentException("live points >= 2, walkers >= 4, steps >= 10, threads >= 1; got "
                        + livePoints + ", " + walkers + ", " + steps + ", " + threads);
            }
        }

        public static Options defaults() {
            return new Options(200, 99, 10, 200, 32, 3000, Runtime.getRuntime().availableProcessors());
        }

        public Options withReplicates(int v) {
            return new Options(v, draws, bins, livePoints, walkers, steps, threads);
        }

        public Options withDraws(int v) {
            return new Options(replicates, v, (v + 1) % 10 == 0 ? 10 : bins, livePoints, walkers, steps, threads);
        }

        public Options withThreads(int v) {
            return new Options(replicates, draws, bins, livePoints, walkers, steps, v);
        }

        public Options withLivePoints(int v) {
            return new Options(replicates, draws, bins, v, walkers, steps, threads);
        }

        public Options withSteps(int v) {
            return new Options(replicates, draws, bins, livePoints, walkers, v, threads);
        }
    }

    private Sbc() {
    }

    /**
     * The registered sampler {@code kind} with the SBC sizes: each kind takes the sizing keys it has
     * ({@code live_points}; {@code walkers}, {@code steps}; NUTS's {@code chains}, {@code warmup}, {@code draws};
     * {@code threads}) and its defaults for the rest.
     */
    public static Sampler sampler(String kind, Options o) {
        SamplerKind k = Samplers.get(kind);
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("live_points", o.livePoints());
        sizes.put("walkers", o.walkers());
        sizes.put("steps", o.steps());
        sizes.put("threads", o.threads());
        sizes.put("chains", NUTS_CHAINS);
        sizes.put("warmup", NUTS_WARMUP);
        sizes.put("draws", NUTS_DRAWS);
        sizes.keySet().retainAll(k.keys());
        return k.create(sizes, CheckpointStore.none(), false);
    }

    /** Runs SBC of {@code model} with {@code sampler}. */
    public static SbcReport run(SbcModel model, String label, Sampler sampler, long seed, Options o) {
        List<String> ranked = model.ranked();
        int[] idx = new int[ranked.size()];
        for (int p = 0; p < idx.length; p++) {
            idx[p] = model.priors().indexOf(ranked.get(p));
        }
        int d = model.priors().freeDimension();
        int[][] ranks = new int[ranked.size()][o.replicates()];
        for (int i = 0; i < o.replicates(); i++) {
            UniformRandomProvider gen = Rngs.stream(seed, i, 0);
            double[] u = new double[d];
            for (int k = 0; k < d; k++) {
                u[k] = gen.nextDouble();
            }
            double[] truth = model.priors().fromUnit(u);
            double[] data = model.simulate(truth, gen);
            InferenceProblem p = InferenceProblem.of(model.priors(), model.likelihood(data));
            RunResult r = sampler.run(p, Rngs.stream(seed, i, 1), RunListener.NONE);
            double[][] draws = draws(r.samples(), o.draws(), Rngs.stream(seed, i, 2));
            for (int q = 0; q < idx.length; q++) {
                int below = 0;
                for (double[] row : draws) {
                    if (row[idx[q]] < truth[idx[q]]) {
                        below++;
                    }
                }
                ranks[q][i] = below;
            }
        }
        int bins = o.bins();
        int per = (o.draws() + 1) / bins;
        int[][] hist = new int[ranked.size()][bins];
        double[] chi2 = new double[ranked.size()];
        double[] pv = new double[ranked.size()];
        boolean ok = true;
        double expected = (double) o.replicates() / bins;
        ChiSquaredDistribution dist = ChiSquaredDistribution.of(bins - 1);
        for (int q = 0; q < ranked.size(); q++) {
            for (int rk : ranks[q]) {
                hist[q][rk / per]++;
            }
            double c = 0;
            for (int h : hist[q]) {
                c += (h - expected) * (h - expected) / expected;
            }
            chi2[q] = c;
            pv[q] = dist.survivalProbability(c);
            ok &= pv[q] >= ALPHA;
        }
        return new SbcReport(model.name(), label, o.replicates(), o.draws(), bins, ranked, ranks, hist, chi2, pv, ALPHA,
                ok);
    }

    /** L draws: weighted resampling, or evenly spaced rows of equal-weight (MCMC) output. */
    static double[][] draws(WeightedSamples s, int l, UniformRandomProvider rng) {
        double[][] out = new double[l][];
        if (s.isEqualWeighted()) {
            int n = s.size();
            for (int k = 0; k < l; k++) {
                out[k] = s.row((int) ((long) k * n / l + n / (2L * l)));
            }
            return out;
        }
        double[] w = s.weights();
        double[] cum = new double[w.length];
        double acc = 0;
        for (int i = 0; i < w.length; i++) {
            acc += w[i];
            cum[i] = acc;
        }
        for (int k = 0; k < l; k++) {
            int j = Arrays.binarySearch(cum, rng.nextDouble() * acc);
            out[k] = s.row(Math.min(w.length - 1, j >= 0 ? j : -j - 1));
        }
        return out;
    }
}
