package org.astronest.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.astronest.inference.RunResult;

/**
 * The verdict a run ends with: "converged" with the figures that say so, or one warning per failed criterion with
 * what to change. Ensemble MCMC: split R-hat at most {@link #RHAT_MAX} (Vehtari et al. 2021 recommend 1.01), a
 * chain at least {@link #MIN_TAU_MULTIPLE} autocorrelation times long (emcee's documentation advises 50), an
 * autocorrelation time estimated reliably, and a smallest bulk ESS of at least {@link #MIN_ESS}. Nested sampling: stopped by dlogz rather than by max_calls, and its two
 * evidence estimates (importance-sampled and nested-sampling) within 3 combined errors. NUTS: R-hat and bulk ESS as
 * for the ensemble, no divergent transition, no transition at the maximum tree depth, and an E-BFMI of at least
 * {@link #MIN_EBFMI} in every chain (Stan's diagnose thresholds); a finite-difference gradient is reported too.
 */
public final class Verdict {

    static final double RHAT_MAX = 1.01;
    static final double MIN_TAU_MULTIPLE = 50;
    /** Bulk ESS below which R-hat and ESS themselves are unreliable (Vehtari et al. 2021, sec. 4: at least 400). */
    static final double MIN_ESS = 400;
    /** E-BFMI below which the energy is poorly explored (Betancourt 2016; Stan's diagnose uses 0.3). */
    static final double MIN_EBFMI = 0.3;

    private Verdict() {
    }

    /** The lines to print: warnings starting {@code "warning: "}, or one line starting {@code "verdict: "}. */
    public static List<String> of(RunResult r) {
        Map<String, Object> d = r.diagnostics();
        List<String> w = new ArrayList<>();
        String ok;
        if ("nested".equals(r.sampler())) {
            if ("max_calls".equals(d.get("stopReason"))) {
                w.add("warning: nested sampling stopped at max_calls before the remaining evidence fell below dlogz: "
                        + "ln Z and the posterior are incomplete; raise max_calls");
            }
            if (d.get("evidenceWarning") instanceof String s) {
                w.add("warning: " + s + "; more live points or a smaller dlogz narrow both");
            }
            ok = "verdict: nested sampling stopped at dlogz"
                    + (d.containsKey("logZImportance") ? ", its two evidence estimates agree" : "");
        } else if ("ensemble".equals(r.sampler())) {
            double rhat = number(d.get("rhatMax"));
            double over = number(d.get("chainOverTau"));
            if (rhat > RHAT_MAX) {
                w.add(String.format(Locale.ROOT, "warning: ensemble not converged: R-hat %.3f > %.2f; run longer "
                        + "(--steps, or --until-converged)", rhat, RHAT_MAX));
            }
            if (over < MIN_TAU_MULTIPLE) {
                w.add(String.format(Locale.ROOT, "warning: the chains are %.1f autocorrelation times long, fewer "
                        + "than %.0f; run longer (--steps, or --until-converged)", over, MIN_TAU_MULTIPLE));
            }
            if (Boolean.FALSE.equals(d.get("tauReliable"))) {
                w.add("warning: the autocorrelation time is not reliably estimated (chains too short for it)");
            }
            double ess = r.effectiveSampleSize();
            if (ess < MIN_ESS) {
                w.add(String.format(Locale.ROOT, "warning: the smallest bulk ESS is %.0f, below %.0f (the least for "
                        + "trustworthy R-hat and ESS, Vehtari et al. 2021); run longer", ess, MIN_ESS));
            }
            ok = String.format(Locale.ROOT, "verdict: converged (R-hat %.4f, chains %.0f autocorrelation times "
                    + "long)", rhat, over);
        } else if ("nuts".equals(r.sampler())) {
            double rhat = number(d.get("rhatMax"));
            if (rhat > RHAT_MAX) {
                w.add(String.format(Locale.ROOT, "warning: NUTS chains disagree: R-hat %.3f > %.2f; run longer "
                        + "(--warmup, --draws)", rhat, RHAT_MAX));
            }
            double ess = r.effectiveSampleSize();
            if (ess < MIN_ESS) {
                w.add(String.format(Locale.ROOT, "warning: the smallest bulk ESS is %.0f, below %.0f (the least for "
                        + "trustworthy R-hat and ESS, Vehtari et al. 2021); run longer (--draws)", ess, MIN_ESS));
            }
            int div = (int) number(d.get("divergences"));
            if (div > 0) {
                w.add(String.format(Locale.ROOT, "warning: %d divergent transitions after warm-up: the posterior has "
                        + "regions the step size cannot follow (e.g. a funnel) and may be biased; raise --adapt-delta "
                        + "(e.g. 0.95) or reparameterise", div));
            }
            int sat = (int) number(d.get("treeDepthSaturated"));
            if (sat > 0) {
                w.add(String.format(Locale.ROOT, "warning: %d transitions reached the maximum tree depth %d: "
                        + "exploration is slowed, not biased; raise --max-depth or try --metric dense", sat,
                        (int) number(d.get("maxTreeDepth"))));
            }
            if (d.get("ebfmi") instanceof List<?> l) {
                for (int c = 0; c < l.size(); c++) {
                    double e = number(l.get(c));
                    if (e < MIN_EBFMI) {
                        w.add(String.format(Locale.ROOT, "warning: chain %d has E-BFMI %.2f < %.1f: the momentum "
                                + "resampling explores the energy poorly (heavy tails?); reparameterise", c, e,
                                MIN_EBFMI));
                    }
                }
            }
            if ("finite differences".equals(d.get("gradient"))) {
                w.add("warning: the model has no analytic gradient; NUTS used central finite differences (2 d + 1 "
                        + "likelihood calls per gradient, and less accurate)");
            }
            ok = String.format(Locale.ROOT, "verdict: converged (R-hat %.4f, smallest bulk ESS %.0f, no divergences)",
                    rhat, ess);
            if (w.size() == 1 && w.get(0).contains("no analytic gradient")) {
                return List.of(w.get(0), ok);
            }
        } else {
            return List.of();
        }
        return w.isEmpty() ? List.of(ok) : w;
    }

    private static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
