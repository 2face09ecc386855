package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.astronest.inference.RunResult;
import org.astronest.inference.StateCodec;

/**
 * Chooses, at every rebuild, the constrained step that draws the next points. The registered steps are region
 * rejection (index 0: {@link RegionRejection}, or {@link EllipsoidRejection} for {@code bound = ellipsoids}) and
 * slice chains (index 1); {@link NestedSampler.StepMethod} fixes one or lets the policy
 * decide ({@code AUTO}):
 * <ul>
 *   <li>above {@link #AUTO_SLICE_DIMENSION} free parameters, slice chains from the first rebuild: region rejection
 *   is hopeless there (diamonds, 26-d: 1.6% efficiency with 180 envelope draws per proposal, hours of region work
 *   against a 1-us likelihood); dynesty's {@code sample='auto'} makes the same cut (uniform below 10 dimensions,
 *   random walks up to 20, slices above);</li>
 *   <li>otherwise rejection, and slice chains once rejection needs more than 1000 x {@code sliceSteps} calls per
 *   accepted point over the last ~n iterations (decayed sums of 10 rebuild windows; about 150 times the cost of a
 *   slice chain at ~6 calls per slice step): rejection draws exact independent points, whereas slice chains of
 *   5-10 x d steps left visible biases in posterior means on curved posteriors (rosenbrock5d, docs/nested.md).</li>
 * </ul>
 * The switch is one way. The decision reads only counters of the run, so it is the same for any thread count.
 */
final class StepPolicy implements StateCodec.Part {

    /** Above this dimension the AUTO step method uses slice sampling from the first rebuild. */
    static final int AUTO_SLICE_DIMENSION = 20;
    static final int REJECTION = 0;
    static final int SLICE = 1;

    private final NestedSampler.StepMethod method;
    private final int d;
    private final int sliceSteps;
    private final List<ConstrainedStep> steps;

    private int active = REJECTION;
    private long sliceFrom = -1;
    /** Decayed sums of rejection calls and accepted points over rebuild windows. */
    private double longCalls;
    private double longAcc;
    /** Rejection's counters at the previous rebuild. */
    private long lastCalls;
    private long lastAcc;

    StepPolicy(StepContext ctx) {
        this.method = ctx.options().step();
        this.d = ctx.d();
        this.sliceSteps = ctx.sliceSteps();
        ConstrainedStep rejection = ctx.options().bound() == NestedSampler.Bound.ELLIPSOIDS
                ? new EllipsoidRejection(ctx) : new RegionRejection(ctx);
        this.steps = List.of(rejection, new SliceStep(ctx));
    }

    List<ConstrainedStep> steps() {
        return steps;
    }

    ConstrainedStep active() {
        return steps.get(active);
    }

    /**
     * Called at rebuild number {@code rebuilds} (counting this one) at {@code iteration}: picks the step for the
     * next window and rebuilds it.
     */
    ConstrainedStep rebuild(long rebuildId, long rebuilds, long iteration, double logX) {
        ConstrainedStep rejection = steps.get(REJECTION);
        long winCalls = rejection.calls() - lastCalls;
        long winAcc = rejection.accepted() - lastAcc;
        lastCalls = rejection.calls();
        lastAcc = rejection.accepted();
        longCalls = 0.9 * longCalls + winCalls;
        longAcc = 0.9 * longAcc + winAcc;
        if (method == NestedSampler.StepMethod.SLICE
                || method == NestedSampler.StepMethod.AUTO && d > AUTO_SLICE_DIMENSION) {
            switchTo(SLICE, iteration);
        } else if (method == NestedSampler.StepMethod.AUTO && active == REJECTION && rebuilds > 10
                && longCalls >= 1000) {
            double effLong = (longAcc + 1.0) / (longCalls + 2.0);
            if (effLong < 1.0 / (1000.0 * sliceSteps)) {
                switchTo(SLICE, iteration);
            }
        }
        ConstrainedStep step = active();
        step.rebuild(rebuildId, logX);
        return step;
    }

    private void switchTo(int index, long iteration) {
        if (index == SLICE && sliceFrom < 0) {
            sliceFrom = iteration;
        }
        active = index;
    }

    /** Whether slice chains have drawn any point of this run (their proposal density is not known). */
    boolean sliceUsed() {
        return sliceFrom >= 0;
    }

    void diagnostics(RunResult.Builder b) {
        b.diagnostic("sliceFromIteration", sliceFrom);
        for (ConstrainedStep s : steps) {
            s.diagnostics(b);
        }
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(active);
        out.writeLong(sliceFrom);
        out.writeDouble(longCalls);
        out.writeDouble(longAcc);
        out.writeLong(lastCalls);
        out.writeLong(lastAcc);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        active = in.readInt();
        if (active < 0 || active >= steps.size()) {
            throw new IOException("step index " + active + " of " + steps.size());
        }
        sliceFrom = in.readLong();
        longCalls = in.readDouble();
        longAcc = in.readDouble();
        lastCalls = in.readLong();
        lastAcc = in.readLong();
    }
}
