package org.astronest.validation.posteriordb;

import java.util.List;
import java.util.Map;
import org.astronest.inference.InferenceProblem;

/**
 * A posteriordb posterior written with the public API: a {@link org.astronest.priors.PriorSet}, a
 * {@link org.astronest.inference.LogLikelihood} and, where posteriordb reports transformed quantities, derived
 * parameters. The column names of {@link #problem()} (free plus derived) include every reference column.
 */
public interface PosteriorModel {

    /** The posteriordb posterior name, e.g. {@code eight_schools-eight_schools_noncentered}. */
    String name();

    /** The problem for nested sampling: proper priors (the stated prior boxes replace improper flat priors). */
    InferenceProblem problem();

    /** The problem for MCMC; the same as {@link #problem()} unless the entry tests a different geometry. */
    default InferenceProblem mcmcProblem() {
        return problem();
    }

    /**
     * The full parameter vector of {@code p} at a reference point given in the reference coordinates (by name).
     * The default looks every parameter up by name.
     */
    default double[] theta(InferenceProblem p, Map<String, Double> reference) {
        List<String> names = p.priors().names();
        double[] t = new double[names.size()];
        for (int i = 0; i < t.length; i++) {
            Double v = reference.get(names.get(i));
            if (v == null) {
                throw new IllegalArgumentException(name() + ": reference point has no parameter '" + names.get(i) + "'");
            }
            t[i] = v;
        }
        return t;
    }

    /**
     * log p(reference coordinates) - log p(sampling coordinates of {@code p}) at {@code theta}: the Jacobian term
     * that makes the tier-0 comparison coordinate-free (0 when {@code p} samples the reference coordinates).
     */
    default double logJacobianToReference(InferenceProblem p, double[] theta) {
        return 0;
    }

    /** Centre of the initial MCMC ball over the free parameters of {@link #mcmcProblem()}, or null for the prior. */
    default double[] initialCenter() {
        return null;
    }

    /** Per-parameter scale of the initial MCMC ball (with {@link #initialCenter()}). */
    default double[] initialScale() {
        return null;
    }
}
