package org.astronest.forwardmodels.payne.training;

import org.astronest.forwardmodels.payne.SpectralNetwork;

/**
 * A trainer of per-pixel spectral models: the seam shared by {@link NetworkTrainer} (the seed's networks),
 * {@link QuadraticTrainer} (The Cannon's quadratic form) and {@link CrossValidation}.
 */
public interface ModelTrainer {

    /** The model trained on {@code set}, with the gradient prior when it is not null. */
    SpectralNetwork fit(TrainingSet set, GradientPrior prior);
}
