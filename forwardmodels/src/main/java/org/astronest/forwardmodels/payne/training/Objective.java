package org.astronest.forwardmodels.payne.training;

/** A differentiable objective of one pixel's parameters, minimised by a {@link PixelOptimizer}. */
public interface Objective {

    /** The objective at {@code x}; its gradient is written to {@code grad} (same length as {@code x}). */
    double valueAndGradient(double[] x, double[] grad);
}
