package org.astronest.inference.hmc;

/**
 * Stan's windowed warm-up schedule (Stan Reference Manual, "HMC algorithm parameters: automatic parameter tuning"):
 * a fast initial buffer (75 iterations) where only the step size adapts, slow windows (25, 50, 100, ... iterations,
 * the last stretched to the terminal buffer) at whose ends the metric is re-estimated from the window's draws, and
 * a fast terminal buffer (50). When the three do not fit in the warm-up, Stan's fallback: 15% / 75% / 10%.
 * A function of the warm-up length and the iteration only: a resumed run recreates it by replaying.
 */
final class WarmupWindows {

    static final int INIT_BUFFER = 75;
    static final int TERM_BUFFER = 50;
    static final int BASE_WINDOW = 25;
    static final int MIN_WARMUP_FOR_METRIC = 20;

    private final int warmup;
    private final int initBuffer;
    private final int termBuffer;
    private int windowSize;
    private int nextWindowEnd;

    WarmupWindows(int warmup) {
        this.warmup = warmup;
        int ib = INIT_BUFFER;
        int tb = TERM_BUFFER;
        int bw = BASE_WINDOW;
        if (warmup < MIN_WARMUP_FOR_METRIC) {
            // Stan: no metric estimation below 20 warm-up iterations; the step size still adapts
            ib = warmup;
            tb = 0;
            bw = 0;
        } else if (ib + bw + tb > warmup) {
            ib = (int) (0.15 * warmup);
            tb = (int) (0.1 * warmup);
            bw = warmup - (ib + tb);
        }
        this.initBuffer = ib;
        this.termBuffer = tb;
        this.windowSize = bw;
        this.nextWindowEnd = ib + bw - 1;
    }

    /** Whether the draw of warm-up iteration {@code i} (0-based) joins the metric estimate. */
    boolean inSlowWindow(int i) {
        return i >= initBuffer && i < warmup - termBuffer && i != warmup;
    }

    /**
     * Whether warm-up iteration {@code i} ends a slow window (the metric is then re-estimated). Must be called once
     * per iteration, in order: it advances the schedule.
     */
    boolean endsWindow(int i) {
        if (i != nextWindowEnd || i == warmup || windowSize <= 0) {
            return false;
        }
        if (nextWindowEnd != warmup - termBuffer - 1) {
            windowSize *= 2;
            nextWindowEnd = i + windowSize;
            if (nextWindowEnd != warmup - termBuffer - 1 && nextWindowEnd + 2 * windowSize >= warmup - termBuffer) {
                nextWindowEnd = warmup - termBuffer - 1;
            }
        }
        return true;
    }
}
