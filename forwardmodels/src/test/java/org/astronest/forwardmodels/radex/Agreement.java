package org.astronest.forwardmodels.radex;

import java.util.ArrayList;
import java.util.List;

/**
 * Tally of our lines against RADEX-printed rows (see {@link Printed} for the rule: the value must round to what
 * RADEX printed, i.e. lie within half a unit of the last printed digit).
 *
 * <p>Compared per line: Tex, tau, T_R, flux (K km/s) and flux (erg/cm^2/s). The rule is applied to every line whose
 * printed upper and lower populations are both at least {@link #MIN_POP}. Lines below are fixed by rounding, not by
 * the physics: populations near RADEX's 1e-20 floor (where RADEX keeps a Tex from an earlier iteration, or prints
 * the background intensity as a temperature), and high levels that are still moving when the thick lines meet the
 * convergence rule. Their digits depend on the last bit of every exp/log: replacing {@code Math} by
 * {@code StrictMath} in our solver moves some of them by several percent. They are counted (and how many of them
 * still agree) but not asserted. The threshold is where the reference sets stop agreeing: the largest population
 * of a disagreeing line is 1.0e-14 in radex_grid.csv and 1.4e-12 in pythonradex's 108 cases (a slab at 231 K,
 * N = 1e18, where J = 33..40 are still relaxing when the thick lines converge).
 */
final class Agreement {

    static final double MIN_POP = 1e-11;
    static final String[] NAMES = {"Tex", "tau", "T_R", "flux_Kkms", "flux_erg"};
    /** Column of each compared quantity in a {@link Printed#parseOut} row. */
    static final int[] OUT_COLUMNS = {5, 6, 7, 10, 11};

    int lines;
    int values;
    int strictAgree;
    int lowPopLines;
    int lowPopValues;
    int lowPopAgree;
    double maxFailingPop;
    final List<String> failures = new ArrayList<>();

    /**
     * Compares one line; {@code printed} holds the five printed values in {@link #NAMES} order, {@code popUp} and
     * {@code popLow} the printed populations.
     */
    void compare(String where, LineResult l, String[] printed, String popUp, String popLow) {
        double[] ours = {l.tex(), l.tau(), l.tR(), l.fluxKkms(), l.fluxErg()};
        double pop = Math.min(Printed.value(popUp), Printed.value(popLow));
        boolean low = pop < MIN_POP;
        lines++;
        if (low) {
            lowPopLines++;
        }
        for (int q = 0; q < ours.length; q++) {
            boolean ok = Printed.agrees(ours[q], printed[q]);
            if (low) {
                lowPopValues++;
                lowPopAgree += ok ? 1 : 0;
            } else {
                values++;
                if (ok) {
                    strictAgree++;
                }
            }
            if (!ok) {
                maxFailingPop = Math.max(maxFailingPop, pop);
                if (!low) {
                    failures.add(where + " " + NAMES[q] + ": ours " + ours[q] + " RADEX " + printed[q] + " ("
                            + String.format("%.2f", Printed.digits(ours[q], printed[q])) + " last digits, pop " + pop
                            + ")");
                }
            }
        }
    }

    /** Adds the counts of another tally. */
    void add(Agreement o) {
        lines += o.lines;
        values += o.values;
        strictAgree += o.strictAgree;
        lowPopLines += o.lowPopLines;
        lowPopValues += o.lowPopValues;
        lowPopAgree += o.lowPopAgree;
        maxFailingPop = Math.max(maxFailingPop, o.maxFailingPop);
        failures.addAll(o.failures);
    }

    String summary() {
        return lines + " lines; above the population threshold " + (lines - lowPopLines) + " lines, " + values
                + " values, " + strictAgree + " agree to print precision, " + failures.size() + " disagree; below it "
                + lowPopLines + " lines (" + lowPopAgree + "/" + lowPopValues + " values agree anyway); largest "
                + "population of any disagreeing line " + maxFailingPop;
    }
}
