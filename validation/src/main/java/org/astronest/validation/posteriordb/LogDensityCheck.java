package org.astronest.validation.posteriordb;

import java.util.ArrayList;
import java.util.List;
import org.astronest.inference.InferenceProblem;

/**
 * Tier 0 of the protocol (README section 6.1): the Java log likelihood plus log prior (plus the Jacobian to the
 * reference coordinates) at the three {@code logdensity_checks} points. Differences between points must match the
 * stated values to 1e-9 relative (relative to the magnitude of the log densities involved); the absolute offset is
 * reported too (it is a constant when the flat priors are boxed, which the convention counts as 0).
 */
public final class LogDensityCheck {

    /** Relative tolerance on differences between points (README 6.1). */
    public static final double RELATIVE_TOLERANCE = 1e-9;

    /** One point: the stated and the computed log posterior, and the computed log likelihood. */
    public record Point(double stated, double computed, double statedLogLikelihood, double computedLogLikelihood) {
    }

    /** Result for one problem of a model. */
    public record Result(String posterior, String problem, List<Point> points, double maxDifferenceError,
                         double tolerance, double offset, boolean passed) {
    }

    private LogDensityCheck() {
    }

    /** Checks {@code problem()} and, when different, {@code mcmcProblem()}. */
    public static List<Result> check(PosteriorFolder f, PosteriorModel m) {
        List<Result> out = new ArrayList<>();
        out.add(check(f, m, m.problem(), "nested"));
        if (m.mcmcProblem() != m.problem()) {
            out.add(check(f, m, m.mcmcProblem(), "mcmc"));
        }
        return out;
    }

    static Result check(PosteriorFolder f, PosteriorModel m, InferenceProblem p, String label) {
        List<Point> pts = new ArrayList<>();
        for (PosteriorFolder.CheckPoint c : f.checkPoints()) {
            double[] theta = m.theta(p, c.params());
            double ll = p.logLikelihood(theta);
            double lp = ll + p.logPrior(theta) + m.logJacobianToReference(p, theta);
            pts.add(new Point(c.logPosterior(), lp, c.logLikelihood(), ll));
        }
        double worst = 0;
        double scale = 1;
        for (Point q : pts) {
            scale = Math.max(scale, Math.max(Math.abs(q.stated()), Math.abs(q.computed())));
        }
        for (int i = 1; i < pts.size(); i++) {
            double dStated = pts.get(i).stated() - pts.get(0).stated();
            double dComputed = pts.get(i).computed() - pts.get(0).computed();
            worst = Math.max(worst, Math.abs(dStated - dComputed));
        }
        double tol = RELATIVE_TOLERANCE * scale;
        double offset = pts.get(0).computed() - pts.get(0).stated();
        boolean ok = worst <= tol && Double.isFinite(offset);
        return new Result(f.name(), label, pts, worst, tol, offset, ok);
    }
}
