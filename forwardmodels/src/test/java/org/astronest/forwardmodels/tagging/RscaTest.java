package org.astronest.forwardmodels.tagging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 23's RSCA acceptance on {@link SyntheticClusters.Design#issue23}: 10 latent dimensions with generalised
 * eigenvalues (0.01, 0.04, 0.2, 1 x 7), 22 clusters of 3-14 stars, 20,000 field stars, PPCA with K = 10, the MAD
 * spread (the thesis' choice). The references are the design's true eigenvalues and the oracle metric built from them
 * (eq. 5.4 with the true sigma_c, sigma_p = 1).
 */
class RscaTest {

    static final long SEED = Long.getLong("astronest.test.seed", 1L);

    static SyntheticClusters.Data data;
    static double[][] zField;
    static double[][] zMembers;
    static Doppelganger.Rates[] loco;

    @BeforeAll
    static void fit() {
        data = SyntheticClusters.draw(SyntheticClusters.Design.issue23(SEED));
        Ppca.Model p = Ppca.fit(data.field(), Ppca.Options.of(10));
        zField = p.transform(data.field());
        zMembers = p.transform(data.members());
        loco = Doppelganger.leaveOneClusterOut(zField, zMembers, data.labels(), Spread.MAD, List.of());
    }

    /**
     * The three informative sigma_c^2 against the design's (0.01, 0.04, 0.2), each within 3 of its delete-one-cluster
     * jackknife errors (false alarm 0.8% for the three if the errors are right; measured over seeds 1-10: z from -2.8
     * to 1.4, sum of z^2 36.8 for 30 values, mean z -0.37: the smallest sample eigenvalues are biased low).
     */
    @Test
    void recoversTheClusterVariances() {
        Rsca.Metric m = Rsca.metric(zField, zMembers, data.labels(), Spread.MAD);
        double[] se = Rsca.sigmaC2Errors(zField, zMembers, data.labels(), Spread.MAD);
        double[] truth = {0.01, 0.04, 0.2};
        for (int a = 0; a < 3; a++) {
            double z = (m.sigmaC2()[a] - truth[a]) / se[a];
            System.out.printf("sigma_c^2 of dimension %d: %.4f +- %.4f (truth %.2f, z %.2f)%n", a + 1, m.sigmaC2()[a],
                    se[a], truth[a], z);
            assertTrue(Math.abs(z) < 3, "dimension " + (a + 1) + ": sigma_c^2 " + m.sigmaC2()[a] + " +- " + se[a]
                    + " vs " + truth[a]);
        }
        // the uninformative dimensions come after, with sigma_c^2 near 1 and scales near 0 (eq. 5.4)
        assertTrue(m.scales()[3] < 0.5 * m.scales()[2], "4th scale " + m.scales()[3] + " vs 3rd " + m.scales()[2]);
    }

    /**
     * The leave-one-cluster-out rate with all 10 dimensions at most 1.5x the oracle's (the issue's bound) and at least
     * 5x below raw Euclidean distance on the spectra (the issue's "far below"; measured 18x).
     */
    @Test
    void crossValidatedRateIsNearTheOracleAndFarBelowEuclidean() {
        Doppelganger.Rates oracle = Doppelganger.rates(data.oracle(data.fieldLatent()),
                data.oracle(data.memberLatent()), data.labels(), List.of())[9];
        Doppelganger.Rates[] raw = Doppelganger.rates(data.field(), data.members(), data.labels(), List.of());
        Doppelganger.Rates euclid = raw[raw.length - 1];
        System.out.printf("rates: RSCA (LOCO) %.5f +- %.5f, oracle %.5f +- %.5f, Euclidean %.4f +- %.4f%n",
                loco[9].global(), loco[9].error(), oracle.global(), oracle.error(), euclid.global(), euclid.error());
        assertTrue(loco[9].global() <= 1.5 * oracle.global(), "LOCO rate " + loco[9].global() + " vs oracle "
                + oracle.global());
        assertTrue(5 * loco[9].global() < euclid.global(), "LOCO rate " + loco[9].global() + " vs Euclidean "
                + euclid.global());
    }

    /**
     * Table 5.1's shape: keeping only the most strongly scaled dimension gives a rate several times the three-
     * dimensional one (thesis: 0.096 vs 0.020, 4.9x; asserted > 3x), and from 3 dimensions on the rate stays flat:
     * its range over N = 3..10 below the jackknife error at N = 10 (thesis: 0.0180-0.0199 against errors 0.0015-0.0028).
     */
    @Test
    void rateDropsThenPlateausWithDimensions() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (Doppelganger.Rates r : loco) {
            System.out.printf("N = %2d: %.5f +- %.5f%n", r.dimensions(), r.global(), r.error());
            if (r.dimensions() >= 3) {
                lo = Math.min(lo, r.global());
                hi = Math.max(hi, r.global());
            }
        }
        assertTrue(loco[0].global() > 3 * loco[2].global(), "N=1 " + loco[0].global() + " vs N=3 "
                + loco[2].global());
        assertTrue(hi - lo < loco[9].error(), "rates over N = 3..10 span " + lo + ".." + hi + ", error "
                + loco[9].error());
    }

    /** 20% of pixels removed at random (PPCA marginalises them) moves the LOCO rate by less than its error. */
    @Test
    void missingPixelsChangeTheRateLessThanItsError() {
        SyntheticClusters.Data d = SyntheticClusters.draw(SyntheticClusters.Design.issue23(SEED).withMissing(0.2));
        Rsca.Model m = Rsca.fit(d.field(), d.members(), d.labels(), 10, Spread.MAD);
        Doppelganger.Rates r = Doppelganger.leaveOneClusterOut(m.compression().transform(d.field()),
                m.compression().transform(d.members()), d.labels(), Spread.MAD, List.of())[9];
        System.out.printf("20%% missing: %.5f +- %.5f (complete %.5f)%n", r.global(), r.error(), loco[9].global());
        assertTrue(Math.abs(r.global() - loco[9].global()) < loco[9].error(), "missing " + r.global()
                + " vs complete " + loco[9].global() + " +- " + loco[9].error());
    }
}
