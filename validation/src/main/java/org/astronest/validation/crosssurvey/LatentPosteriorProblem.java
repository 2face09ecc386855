package org.astronest.validation.crosssurvey;

import java.util.ArrayList;
import java.util.List;
import org.astronest.forwardmodels.crosssurvey.LatentPosterior;
import org.astronest.inference.InferenceProblem;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;

/**
 * The cross-survey posterior over the whitened latent vector of one low-resolution-only star as an
 * {@link InferenceProblem} (issue 23): parameters {@code u1..uc} with independent N(0, 1) priors (the training stars'
 * latent distribution, {@code CrossSurveyModel.latent}), likelihood {@link LatentPosterior#logLikelihood}. Its exact
 * posterior mean, covariance and evidence are in the {@link LatentPosterior}, so the samplers can be checked against
 * them. (The adapter lives here because forwardmodels does not depend on inference.)
 */
public final class LatentPosteriorProblem {

    private LatentPosteriorProblem() {
    }

    /** The column name of latent coordinate k (1-based). */
    public static String name(int k) {
        return "u" + k;
    }

    /** The problem whose exact answer is {@code p}. */
    public static InferenceProblem of(LatentPosterior p) {
        List<Parameter> ps = new ArrayList<>();
        for (int k = 1; k <= p.mean().length; k++) {
            ps.add(Parameter.of(name(k), Priors.normal(0, 1)).withLabel("u_{" + k + "}"));
        }
        return InferenceProblem.of(PriorSet.of(ps), p::logLikelihood);
    }
}
