package org.astronest.forwardmodels.payne.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronest.forwardmodels.payne.LabelFitter;
import org.astronest.forwardmodels.payne.PerPixelSpectralNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 24's acceptance test of the gradient prior (seed 004 sec. 2) on spectra from a known model
 * ({@link SyntheticStars}: Teff, log g, [Fe/H], [Ni/H]; 1000 pixels, 27 Fe lines and one Ni line): 500 training stars
 * at S/N 40 with corr([Fe/H], [Ni/H]) = 0.99, ab initio gradients wrong by +-30% per pixel, 300 off-sequence test
 * stars ([Ni/Fe] uniform in +-0.2 dex around K giants near the reference star) at S/N 200 fitted with the existing
 * {@link LabelFitter}.
 * <ul>
 *   <li>without the prior the recovered [Ni/Fe] follows the truth with slope &lt; 0.2 (Ni is "not measured");</li>
 *   <li>with D_scale = 1 and 10 the slope is within 0.9-1.1 and the learned Ni gradient spectrum correlates
 *       &gt;= 0.95 with the true one;</li>
 *   <li>with the ab initio Ni gradient halved, the slope stays within 0.85-1.15 (D_scale = 1 and 10).</li>
 * </ul>
 * The networks have 20 sigmoid units per pixel (the seed's 100 cost five times more; {@code
 * -Dastronest.test.hidden=100} runs them, docs/payne.md gives the figures of both) and the trainer's defaults
 * otherwise (L-BFGS, 300 iterations, 10% validation). Every slope is printed with its standard error from the fit's
 * residual scatter; the seed is overridable with {@code -Dastronest.test.seed}. The thresholds are the issue's; the margins measured over seeds 1-5 are in
 * docs/payne.md.
 */
@Tag("slow")
class GradientPriorAcceptanceTest {

    static final long SEED = Long.getLong("astronest.test.seed", 1L);
    static final int PIXELS = 1000;
    static final int HIDDEN = Integer.getInteger("astronest.test.hidden", 20);

    static SyntheticStars syn;
    static TrainingSet training;
    static TrainingSet test;

    @BeforeAll
    static void data() {
        syn = SyntheticStars.random(PIXELS, 27, 1, 1.5, SEED);
        double[] x = SyntheticStars.trainingLabels(500, 0.99, SEED + 1);
        double[] f = syn.spectra(x);
        double[] iv = SyntheticStars.addNoise(f, 1 / 40.0, SEED + 2);
        training = TrainingSet.of(SyntheticStars.LABELS, x, f, iv, null);
        double[] xt = SyntheticStars.testLabels(300, 0.2, SEED + 3);
        double[] ft = syn.spectra(xt);
        double[] ivt = SyntheticStars.addNoise(ft, 1 / 200.0, SEED + 4);
        test = TrainingSet.of(SyntheticStars.LABELS, xt, ft, ivt, null);
    }

    /** The correlation of the training labels is the 0.99 (sample sd (1 - rho^2)/sqrt(n) = 9e-4; 3 sd). */
    @Test
    void trainingLabelsAreCorrelatedAtPointNineNine() {
        double[] fe = new double[training.starCount()];
        double[] ni = new double[training.starCount()];
        for (int i = 0; i < fe.length; i++) {
            fe[i] = training.label(i, SyntheticStars.FE);
            ni[i] = training.label(i, SyntheticStars.NI);
        }
        assertEquals(0.99, GradientSpectra.correlation(fe, ni), 3 * (1 - 0.99 * 0.99) / Math.sqrt(fe.length));
    }

    /** One trained model: its [Ni/Fe] slope (with standard error) and the learned-vs-true Ni gradient correlation. */
    record Outcome(double slope, double slopeError, double niGradientCorrelation) {
    }

    static Outcome train(double dScale, double niAmplitude) {
        GradientPrior prior = GradientPrior.of(SyntheticStars.LABELS, SyntheticStars.LABELS, PIXELS,
                syn.abInitio(niAmplitude, SEED + 5, DifferenceScheme.CENTRAL), SyntheticStars.REFERENCE,
                SyntheticStars.STEPS, GradientPrior.Options.defaults().withDScale(dScale));
        NetworkTrainer.Options o = NetworkTrainer.Options.defaults().withHidden(HIDDEN).withSeed(SEED)
                .withThreads(Runtime.getRuntime().availableProcessors());
        PerPixelSpectralNetwork net = new NetworkTrainer(o).train(training, prior).network();
        LabelRecovery.Fits fits = LabelRecovery.fit(net, test, new LabelFitter(), o.threads());
        double[] dt = new double[test.starCount()];
        double[] df = new double[test.starCount()];
        for (int i = 0; i < dt.length; i++) {
            dt[i] = fits.truth()[i * 4 + 3] - fits.truth()[i * 4 + 2];
            df[i] = fits.fitted()[i * 4 + 3] - fits.fitted()[i * 4 + 2];
        }
        double slope = LabelRecovery.slope(dt, df);
        double mx = LabelRecovery.mean(dt);
        double my = LabelRecovery.mean(df);
        double rss = 0;
        double sxx = 0;
        for (int i = 0; i < dt.length; i++) {
            double r = df[i] - my - slope * (dt[i] - mx);
            rss += r * r;
            sxx += (dt[i] - mx) * (dt[i] - mx);
        }
        double se = Math.sqrt(rss / (dt.length - 2) / sxx);
        int[] ni = {SyntheticStars.NI};
        double[] learned = GradientSpectra.of(net, SyntheticStars.REFERENCE, SyntheticStars.STEPS, ni,
                DifferenceScheme.CENTRAL);
        double corr = GradientSpectra.correlation(learned, syn.trueGradient(SyntheticStars.NI,
                DifferenceScheme.CENTRAL));
        System.out.printf("seed %d, %d units, D_scale %s, Ni ab initio x %s: [Ni/Fe] slope %.3f +- %.3f, "
                + "learned-vs-true Ni gradient correlation %.4f%n", SEED, HIDDEN, dScale, niAmplitude, slope, se, corr);
        return new Outcome(slope, se, corr);
    }

    @Test
    void withoutThePriorNickelIsNotMeasured() {
        Outcome o = train(0, 1);
        assertTrue(o.slope() < 0.2, "slope " + o.slope() + " +- " + o.slopeError());
    }

    @Test
    void withThePriorNickelIsMeasuredFromItsOwnLines() {
        for (double d : new double[] {1, 10}) {
            Outcome o = train(d, 1);
            assertTrue(o.slope() >= 0.9 && o.slope() <= 1.1, "D " + d + ": slope " + o.slope() + " +- "
                    + o.slopeError());
            assertTrue(o.niGradientCorrelation() >= 0.95, "D " + d + ": correlation " + o.niGradientCorrelation());
        }
    }

    @Test
    void halvingTheAbInitioNickelGradientKeepsTheSlope() {
        for (double d : new double[] {1, 10}) {
            Outcome o = train(d, 0.5);
            assertTrue(o.slope() >= 0.85 && o.slope() <= 1.15, "D " + d + ": slope " + o.slope() + " +- "
                    + o.slopeError());
        }
    }
}
