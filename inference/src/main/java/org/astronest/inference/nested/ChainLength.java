package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.astronest.inference.RunResult;
import org.astronest.inference.StateCodec;

/**
 * The number of slice steps per new point: fixed, or calibrated during the run from how far the chains move.
 *
 * <p>A chain's jump is measured twice, each scaled so that two independent live points are 1 apart on average and
 * a chain still correlated with its start falls short of 1 (by its lag correlation): in space, |C^-1 (x_end -
 * x_start)|^2 / 2d in the live points' whitened metric (in the Gaussianised cube the chains move in); and in
 * likelihood level, 6 (q_end - q_start)^2 with q a point's quantile among the live points' likelihoods (in many
 * dimensions a chain turns freely around a mode while its distance from it, which nested sampling's shrinkage
 * counts, changes slowly). Every {@link #WINDOW} chains the smaller of the two mean jumps, at the end and at half
 * the steps, decides: below {@link #TARGET} at the end, the steps double; at or above it already at half the steps,
 * they halve; otherwise they stay. This is the adaptive step count by move distance of UltraNest's step samplers
 * (Buchner 2022, arXiv:2211.09426, where the steps needed grow linearly with the dimension).
 *
 * <p>The steps never go below a floor (10 x d by default): the jumps are necessary, not sufficient, for an unbiased
 * evidence. On the 21-d Gaussian of NestedHighDimensionTest, chains whose jumps met the target at 2.5-5 x d steps
 * still left ln Z low (-1.3 errors on average over seeds 1-10), as fixed 5 x d chains did, whereas the floor of
 * 10 x d is calibrated there (docs/nested.md). What the calibration adds is the way up where the floor is too short
 * (rosenbrock10d: 10 x d steps left the means 27 Monte Carlo errors off). The decision reads only the chains'
 * results in batch order, so it is the same for any thread count, and its state is checkpointed.
 */
final class ChainLength implements StateCodec.Part {

    /**
     * Mean jump a chain must reach, 1 - 0.05: the residual lag correlation left by a calibrated chain. Measured
     * against posterior means (docs/nested.md): rosenbrock10d reaches 0.92 with 100 steps (means 27 Monte Carlo
     * errors off) and 0.96 with 400 (4.8 errors); corrgauss10d reaches 0.94 with 50 steps and 0.98 with 100 (both
     * within 2 errors).
     */
    static final double TARGET = 0.95;
    /**
     * Chains per decision: the mean of 256 level jumps (each 6 (q1 - q0)^2 of uniform quantiles, relative sd 1.2) has
     * a relative error of 7%.
     */
    static final int WINDOW = 256;
    /** Jumps recorded per chain: space and level at half the steps, then at the end. */
    static final int PER_CHAIN = 4;
    /**
     * Upper limit of calibrated steps per dimension: a cost cap for chains that cannot reach the target. At 64 x d,
     * rosenbrock10d's chains stopped at the cap with x10's mean 2-5 Monte Carlo errors low on most seeds; they
     * reach the target at 256 x d (docs/nested.md).
     */
    static final int MAX_PER_DIMENSION = 256;

    private final boolean calibrated;
    private final int min;
    private final int max;
    private int steps;
    /** Sums of the four jumps ({@link #PER_CHAIN}) over this window and over the run. */
    private final double[] window = new double[PER_CHAIN];
    private final double[] total = new double[PER_CHAIN];
    private int windowChains;
    private long chains;
    private int changes;
    private int maxUsed;

    private ChainLength(boolean calibrated, int steps, int min, int max) {
        this.calibrated = calibrated;
        this.steps = steps;
        this.min = min;
        this.max = max;
        this.maxUsed = steps;
    }

    static ChainLength fixed(int steps) {
        return new ChainLength(false, steps, steps, steps);
    }

    /**
     * Calibrated upwards for dimension d from the floor {@code floor}: the steps double while chains fall short and
     * come back down to the floor, never below it.
     */
    static ChainLength calibrated(int d, int floor) {
        return new ChainLength(true, floor, floor, Math.max(floor, MAX_PER_DIMENSION * d));
    }

    int steps() {
        return steps;
    }

    /**
     * Adds the jumps of {@code b} chains: chain c's space and level jumps at half the steps at {@code jumps[4c]} and
     * {@code jumps[4c+1]}, at the end at {@code jumps[4c+2]} and {@code jumps[4c+3]}.
     */
    void record(double[] jumps, int b) {
        for (int c = 0; c < b; c++) {
            for (int k = 0; k < PER_CHAIN; k++) {
                window[k] += jumps[PER_CHAIN * c + k];
                total[k] += jumps[PER_CHAIN * c + k];
            }
        }
        windowChains += b;
        chains += b;
        if (!calibrated || windowChains < WINDOW) {
            return;
        }
        double mid = Math.min(window[0], window[1]) / windowChains;
        double end = Math.min(window[2], window[3]) / windowChains;
        int next = steps;
        if (end < TARGET) {
            next = Math.min(max, 2 * steps);
        } else if (mid >= TARGET) {
            next = Math.max(min, steps / 2);
        }
        if (next != steps) {
            changes++;
            steps = next;
            maxUsed = Math.max(maxUsed, steps);
        }
        Arrays.fill(window, 0);
        windowChains = 0;
    }

    void diagnostics(RunResult.Builder b) {
        b.diagnostic("sliceSteps", steps)
                .diagnostic("sliceStepsCalibrated", calibrated)
                .diagnostic("sliceStepsMax", maxUsed)
                .diagnostic("sliceStepsChanges", changes)
                .diagnostic("sliceJump", chains == 0 ? Double.NaN : total[2] / chains)
                .diagnostic("sliceJumpLevel", chains == 0 ? Double.NaN : total[3] / chains)
                .diagnostic("sliceJumpMid", chains == 0 ? Double.NaN : total[0] / chains)
                .diagnostic("sliceJumpLevelMid", chains == 0 ? Double.NaN : total[1] / chains);
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(steps);
        for (int k = 0; k < PER_CHAIN; k++) {
            out.writeDouble(window[k]);
            out.writeDouble(total[k]);
        }
        out.writeInt(windowChains);
        out.writeLong(chains);
        out.writeInt(changes);
        out.writeInt(maxUsed);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        steps = in.readInt();
        if (steps < 1) {
            throw new IOException("slice steps " + steps);
        }
        for (int k = 0; k < PER_CHAIN; k++) {
            window[k] = in.readDouble();
            total[k] = in.readDouble();
        }
        windowChains = in.readInt();
        chains = in.readLong();
        changes = in.readInt();
        maxUsed = in.readInt();
    }
}
