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
 *   <li>otherwise rejection, and slice chains once a rejection point costs more than {@link #SLICE_PREFERENCE}
 *   times a slice chain. Costs are per accepted point over the last ~n iterations (decayed sums of 10 rebuild
 *   windows), in likelihood calls plus region work counted in call equivalents ({@link ConstrainedStep#cost()}),
 *   so a region whose draws are what costs (a 13-parameter hierarchical posterior at 3e-4 efficiency spent its time
 *   in the ball tests, not the likelihood) is seen; a slice chain is taken to cost
 *   {@link #SLICE_CALLS_PER_STEP} calls per step at the current chain length.</li>
 * </ul>
 * Rejection is preferred over slice chains of equal cost because its points are exact and independent, and with
 * {@code bound = ellipsoids} they feed the importance-sampled evidence: on the NGC 1068 line fit (30 bootstrap
 * rounds, 0.2% rejection efficiency) that error is 0.014 against the plain nested-sampling 0.148 of the same run;
 * slice chains also left biases in posterior means on curved posteriors (rosenbrock10d, docs/nested.md). Before
 * this rule the switch came at 1000 x {@code sliceSteps} calls per point, counted without region work, and never
 * fired where the region was what stalled.
 * The switch is one way. The decision reads only counters of the run, so it is the same for any thread count.
 */
final class StepPolicy implements StateCodec.Part {

    /** Above this dimension the AUTO step method uses slice sampling from the first rebuild. */
    static final int AUTO_SLICE_DIMENSION = 20;
    static final int REJECTION = 0;
    static final int SLICE = 1;
    /**
     * How many times a slice chain's cost a rejection point may cost before the policy switches: about the ratio of
     * evidence cost (calls x error^2) between the importance-sampled and the plain nested-sampling estimate on the
     * NGC 1068 line fit, (0.148 / 0.0136)^2 = 118, since from the switch on the evidence is the plain nested-sampling
     * one (the importance-sampled part ends there, {@link ImportanceCut}). At 20, in a build where a switch made the
     * whole run's evidence the plain one, that fit switched 58 iterations before its end and its ln Z error went
     * from 0.014 to 0.148.
     */
    static final double SLICE_PREFERENCE = 100;
    /**
     * Likelihood calls per slice step assumed before slice chains have run: stepping out and shrinking take about
     * 6 (diamonds at 10 x d steps: 412 million calls for 2000 live points, H = 198 nats).
     */
    static final double SLICE_CALLS_PER_STEP = 6;

    private final NestedSampler.StepMethod method;
    private final int d;
    private final List<ConstrainedStep> steps;
    private final ImportanceRecord importance;

    private int active = REJECTION;
    private long sliceFrom = -1;
    /** Set by a switch after the first iteration until the engine has let the new step take over. */
    private boolean takeOverDue;
    /** Decayed sums of rejection cost (call equivalents) and accepted points over rebuild windows. */
    private double longCost;
    private double longAcc;
    /** Rejection's counters at the previous rebuild. */
    private double lastCost;
    private long lastAcc;

    StepPolicy(StepContext ctx) {
        this.method = ctx.options().step();
        this.d = ctx.d();
        this.importance = ctx.importance();
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
        double winCost = rejection.cost() - lastCost;
        long winAcc = rejection.accepted() - lastAcc;
        lastCost = rejection.cost();
        lastAcc = rejection.accepted();
        longCost = 0.9 * longCost + winCost;
        longAcc = 0.9 * longAcc + winAcc;
        if (method == NestedSampler.StepMethod.SLICE
                || method == NestedSampler.StepMethod.AUTO && d > AUTO_SLICE_DIMENSION) {
            switchTo(SLICE, iteration);
        } else if (method == NestedSampler.StepMethod.AUTO && active == REJECTION && importance.full) {
            // the importance-sampled evidence is lost anyway, and rejection has cost over ten million calls
            switchTo(SLICE, iteration);
        } else if (method == NestedSampler.StepMethod.AUTO && active == REJECTION && rebuilds > 10
                && longCost >= 1000) {
            double perPoint = (longCost + 2.0) / (longAcc + 1.0);
            double slicePerPoint = SLICE_CALLS_PER_STEP * ((SliceStep) steps.get(SLICE)).steps();
            if (perPoint > SLICE_PREFERENCE * slicePerPoint) {
                switchTo(SLICE, iteration);
            }
        }
        ConstrainedStep step = active();
        step.rebuild(rebuildId, logX);
        return step;
    }

    private void switchTo(int index, long iteration) {
        if (index == SLICE && sliceFrom < 0) {
            // slice chains' points have no known proposal density: the engine cuts the importance record here
            sliceFrom = iteration;
            takeOverDue = iteration > 0;
        }
        active = index;
    }

    /**
     * Whether the step switched to at this rebuild must take over the live points ({@link ConstrainedStep#takeOver});
     * true once per switch after the first iteration. The engine asks right after the rebuild, before any
     * checkpoint, so the flag is not part of the state.
     */
    boolean takeOverDue() {
        boolean due = takeOverDue;
        takeOverDue = false;
        return due;
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
        out.writeDouble(longCost);
        out.writeDouble(longAcc);
        out.writeDouble(lastCost);
        out.writeLong(lastAcc);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        active = in.readInt();
        if (active < 0 || active >= steps.size()) {
            throw new IOException("step index " + active + " of " + steps.size());
        }
        sliceFrom = in.readLong();
        longCost = in.readDouble();
        longAcc = in.readDouble();
        lastCost = in.readDouble();
        lastAcc = in.readLong();
    }
}
