package org.astronest.validation.problems;

import org.astronest.inference.InferenceProblem;

/**
 * An analytic sampler test problem with its reference answer.
 *
 * @param name         catalogue name, e.g. {@code shells2d}
 * @param problem      priors (a uniform box) and log-likelihood
 * @param logZ         reference ln Z with respect to the normalized uniform prior
 * @param mean         reference posterior means, or null where the reference gives none
 * @param sd           reference posterior standard deviations, or null
 * @param source       how the reference was computed (from {@code problems/reference_values.json})
 */
public record TestProblem(String name, InferenceProblem problem, double logZ, double[] mean, double[] sd,
                          String source) {

    public int dimension() {
        return problem.dimension();
    }

    public boolean hasMoments() {
        return mean != null && sd != null;
    }
}
