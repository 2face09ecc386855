package org.astronest.validation.sbc;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.LogLikelihood;
import org.astronest.priors.PriorSet;

/** A generative model for simulation-based calibration: a proper prior, a simulator and the likelihood of data. */
public interface SbcModel {

    String name();

    /** Proper priors (the truth is drawn from them). */
    PriorSet priors();

    /** Data simulated from the model at {@code theta}. */
    double[] simulate(double[] theta, UniformRandomProvider rng);

    /** The log likelihood of {@code data}. */
    LogLikelihood likelihood(double[] data);

    /** Parameters whose ranks are tested (default: all). */
    default List<String> ranked() {
        return priors().names();
    }
}
