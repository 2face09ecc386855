package org.astronest.cli.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.astronest.inference.WeightedSamples;
import org.astronest.inference.WeightedStats;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.priors.Priors;
import org.junit.jupiter.api.Test;

class CornerLayoutTest {

    static final List<String> NAMES = List.of("T", "n", "f", "v", "N");
    static final double[] MEAN = {121, 5.2, 0.31, -12.5, 3e14};
    static final double[] SD = {12, 0.4, 0.02, 1.1, 0.4e14};
    /** Standard normal quantile at 0.84: Phi^{-1}(0.84) = 0.994458 (e.g. scipy.stats.norm.ppf(0.84)). */
    static final double Z84 = 0.9944578832097535;

    static WeightedSamples five() {
        double[][] c = Synthetic.identity(5);
        c[0][1] = c[1][0] = 0.8;
        return Synthetic.gaussian(NAMES, MEAN, SD, c, 40_000, 1.4, 5);
    }

    @Test
    void quantilesDrawnAreTheWeightedQuantiles() {
        WeightedSamples s = five();
        CornerLayout l = CornerLayout.compute(s, CornerOptions.defaults());
        double[] w = s.weights();
        double ess = s.effectiveSampleSize();
        assertEquals(5, l.axes().size());
        for (CornerLayout.Axis a : l.axes()) {
            double[] x = s.column(a.name());
            double[] expect = WeightedStats.quantiles(x, w, new double[] {0.16, 0.5, 0.84});
            // the renderer draws the dashed lines at a.quantiles() and writes a.title(): both from these numbers
            assertArrayEquals(expect, a.quantiles(), 0.0, a.name());
            assertEquals(expect[1], a.median(), 0.0);
            assertEquals(expect[2] - expect[1], a.plus(), 0.0);
            assertEquals(expect[1] - expect[0], a.minus(), 0.0);
            assertTrue(a.title().contains(ValueFormat.title(expect[1], expect[2] - expect[1], expect[1] - expect[0])),
                    a.title());
            // and they are the Gaussian's: mean and mean +- 0.9945 sd, within 4 standard errors of a quantile
            // (sd_q = sqrt(p(1-p)) / (phi(z_p) sqrt(ESS)) in units of sd; phi(0) = 0.3989, phi(0.9945) = 0.2432)
            int j = NAMES.indexOf(a.name());
            double se50 = 0.5 / 0.3989 / Math.sqrt(ess) * SD[j];
            double se84 = Math.sqrt(0.16 * 0.84) / 0.2432 / Math.sqrt(ess) * SD[j];
            assertEquals(MEAN[j], a.median(), 4 * se50, a.name());
            assertEquals(MEAN[j] + Z84 * SD[j], a.quantiles()[2], 4 * se84, a.name());
            assertEquals(MEAN[j] - Z84 * SD[j], a.quantiles()[0], 4 * se84, a.name());
        }
    }

    @Test
    void weightsAreUsedNotIgnored() {
        // the proposal is 1.4 times wider than the target: unweighted quantiles would be 40% too wide
        WeightedSamples s = five();
        CornerLayout l = CornerLayout.compute(s, CornerOptions.defaults());
        double[] x = s.column("T");
        double[] ones = new double[x.length];
        java.util.Arrays.fill(ones, 1.0);
        double[] unweighted = WeightedStats.quantiles(x, ones, new double[] {0.16, 0.84});
        CornerLayout.Axis t = l.axes().get(0);
        double width = t.quantiles()[2] - t.quantiles()[0];
        assertEquals(2 * Z84 * SD[0], width, 0.05 * width);
        assertEquals(1.4, (unweighted[1] - unweighted[0]) / width, 0.07);
    }

    @Test
    void constantColumnsAreSkipped() {
        WeightedSamples g = five();
        double[][] rows = new double[g.size()][];
        for (int i = 0; i < g.size(); i++) {
            double[] r = g.row(i);
            rows[i] = new double[] {r[0], 7.0, r[1]};
        }
        WeightedSamples s = WeightedSamples.of(List.of("T", "fixed", "n"), rows, g.logWeights(), g.logLikelihoods());
        CornerLayout l = CornerLayout.compute(s, CornerOptions.defaults());
        assertEquals(List.of("T", "n"), l.axes().stream().map(CornerLayout.Axis::name).toList());
        assertEquals(List.of("fixed"), l.skipped());
        assertEquals(1, l.pairs().size());
    }

    @Test
    void paramsOrderTruthsAndLogAxes() {
        WeightedSamples s = five();
        CornerOptions o = CornerOptions.defaults().withParams(List.of("N", "T")).withLogScale(Set.of("N"))
                .withTruths(Map.of("T", 400.0, "N", 3e14));
        CornerLayout l = CornerLayout.compute(s, o);
        assertEquals(List.of("N", "T"), l.axes().stream().map(CornerLayout.Axis::name).toList());
        CornerLayout.Axis n = l.axes().get(0);
        assertTrue(n.log());
        // log axis: range in log10 around log10(3e14) = 14.477
        assertTrue(n.lo() > 14 && n.hi() < 15 && n.lo() < 14.477 && n.hi() > 14.477, n.lo() + " " + n.hi());
        // quantiles stay in data units
        assertEquals(3e14, n.median(), 0.02e14);
        // a truth far outside the posterior widens the range to show it
        CornerLayout.Axis t = l.axes().get(1);
        assertTrue(t.hi() > 400, "range " + t.lo() + ".." + t.hi());
        assertEquals(1, l.pairs().size());
        assertEquals(0, l.pair(1, 0).col());
    }

    @Test
    void priorsGiveLabelsUnitsAndLogAxes() {
        PriorSet ps = PriorSet.of(new Parameter("T", Priors.uniform(50, 200), "T_{kin}", "K"),
                new Parameter("N", Priors.logUniform(1e12, 1e16), "N_{CO}", "cm^{-2}"),
                Parameter.of("f", Priors.uniform(0, 1)));
        CornerOptions o = CornerOptions.defaults().withPriors(ps).withParams(List.of("T", "N", "f"));
        assertEquals(Set.of("N"), o.logScale());
        CornerLayout l = CornerLayout.compute(five(), o);
        assertTrue(l.axes().get(1).log());
        assertTrue(l.axes().get(0).title().startsWith("T_{kin} = "), l.axes().get(0).title());
        assertTrue(l.axes().get(0).title().endsWith(" K"), l.axes().get(0).title());
        assertEquals("N_{CO} [cm^{-2}]", l.axes().get(1).axisLabel());
        assertEquals("f", l.axes().get(2).axisLabel());
    }

    @Test
    void badInputNamesTheParameter() {
        WeightedSamples s = five();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CornerLayout.compute(s, CornerOptions.defaults().withParams(List.of("T", "zz"))));
        assertEquals("unknown parameter 'zz' in params; known: T, n, f, v, N", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CornerLayout.compute(s, CornerOptions.defaults().withTruths(Map.of("q", 1.0))));
        assertTrue(e.getMessage().startsWith("unknown parameter 'q' in truths"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CornerLayout.compute(s, CornerOptions.defaults().withLogScale(Set.of("v"))));
        assertTrue(e.getMessage().startsWith("log axis for 'v' needs values > 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CornerOptions.defaults().withBins(3, 1));
    }

    @Test
    void fewSamplesAndNonFiniteDerivedValuesStillPlot() {
        WeightedSamples g = Synthetic.gaussian(List.of("a", "b"), new double[] {0, 0}, new double[] {1, 1},
                Synthetic.identity(2), 40, 1.0, 41);
        double[][] rows = new double[g.size()][];
        for (int i = 0; i < g.size(); i++) {
            double[] r = g.row(i);
            // a derived column that is undefined (NaN) or infinite on some rows
            rows[i] = new double[] {r[0], r[1], i % 7 == 0 ? Double.NaN : i % 11 == 0 ? Double.POSITIVE_INFINITY
                    : r[0] * r[1]};
        }
        WeightedSamples s = WeightedSamples.of(List.of("a", "b", "ab"), rows, g.logWeights(), g.logLikelihoods());
        CornerLayout l = CornerLayout.compute(s, CornerOptions.defaults());
        assertEquals(3, l.axes().size());
        CornerLayout.Axis ab = l.axes().get(2);
        assertTrue(Double.isFinite(ab.lo()) && Double.isFinite(ab.hi()) && ab.hi() > ab.lo());
        for (double q : ab.quantiles()) {
            assertTrue(Double.isFinite(q), "quantiles of the finite rows");
        }
        assertTrue(new CornerPlot(l).toImage().getWidth() > 600);
        // all the weight on one row: nothing to plot, said in one line
        double[] lw = new double[g.size()];
        java.util.Arrays.fill(lw, Double.NEGATIVE_INFINITY);
        lw[3] = 0;
        double[][] ab2 = new double[g.size()][];
        for (int i = 0; i < g.size(); i++) {
            ab2[i] = g.row(i);
        }
        WeightedSamples one = WeightedSamples.of(List.of("a", "b"), ab2, lw, g.logLikelihoods());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CornerLayout.compute(one, CornerOptions.defaults()));
        assertTrue(e.getMessage().startsWith("nothing to plot"), e.getMessage());
    }

    @Test
    void scatterIsASystematicResampleFollowingTheWeights() {
        double[] w = {0.5, 0.0, 0.25, 0.25};
        assertArrayEquals(new int[] {0, 0, 2, 3}, CornerLayout.systematic(w, 4));
        assertArrayEquals(new int[] {0, 0, 0, 0, 2, 2, 3, 3}, CornerLayout.systematic(w, 8));
    }
}
