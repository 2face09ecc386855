package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.astronest.cli.config.ConfigLoader;
import org.astronest.cli.config.RunConfig;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.Rngs;
import org.junit.jupiter.api.Test;

/**
 * The Payne likelihoods' analytic gradients (network Jacobian, Doppler shift, CCLya's normalisation and analytic
 * amplitude) against five-point finite differences at 20 prior draws ({@link InferenceProblem#checkGradient}). The
 * networks' leaky-ReLU layers and the linear interpolation of the shift make ln L piecewise smooth (kinks wherever a
 * unit's pre-activation or a shifted pixel crosses a grid point); the check takes each component's best agreement over
 * relative steps 1e-6, 1e-7 and 1e-8 (inside one piece the stencil is exact; a wrong gradient disagrees at every
 * step), which must be within 1e-6 (issue 22).
 */
class PayneGradientTest {

    static final long SEED = Long.getLong("astronest.test.seed", 2404L);
    static final double[] STEP = {1e-6, 1e-7, 1e-8};

    static InferenceProblem problem(String model) {
        RunConfig c = ConfigLoader.parse("payne.yaml", "model: " + model + "\n");
        RunModel m = (RunModel) Models.create(c);
        return m.problem(c.priors(m.type(), m.defaults()));
    }

    /** The 2HL network of shared/payne/cclya_the_payne_2hl at rest: smooth in the labels, 1e-6 (issue 22). */
    @Test
    void payneNetworkLabels() {
        InferenceProblem p = problem("{type: payne, network: shared:payne/cclya_the_payne_2hl/"
                + "NN_normalized_spectra_smallbatch_v2.npz, spectrum: shared:payne/cclya_the_payne_2hl/"
                + "selfconsistent_spectrum_1.csv}");
        assertTrue(p.hasGradient());
        InferenceProblem.GradientCheck c = p.checkGradient(Rngs.stream(SEED, 1), 20, STEP);
        assertTrue(c.relativeError() < 1e-6, c.describe());
    }

    /**
     * With a radial velocity every observed pixel's shifted position crosses a model grid point every few km/s, so
     * kinks in rv are dense (about 10^3 per km/s over 7,000 pixels) and only the 1e-8 step stays inside one piece;
     * there the rounding of ln L (~1e6 at prior draws far from the fit) limits the stencil to 1.5 eps |ln L| / h,
     * about 3e-6 of a gradient of ~600. The rv component is therefore held to 1e-5 (measured worst 2.3e-6 at the
     * default seed), the labels to 1e-6 as without rv.
     */
    @Test
    void payneWithRadialVelocity() {
        InferenceProblem p = problem("{type: payne, network: shared:payne/cclya_the_payne_2hl/"
                + "NN_normalized_spectra_smallbatch_v2.npz, spectrum: shared:payne/cclya_the_payne_2hl/"
                + "selfconsistent_spectrum_1.csv, rv: true, rv_range: [-20, 20]}");
        InferenceProblem.GradientCheck c = p.checkGradient(Rngs.stream(SEED, 2), 20, STEP);
        assertTrue(c.relativeError() < (c.parameter().equals("rv") ? 1e-5 : 1e-6), c.describe());
    }

    @Test
    void cclya() {
        InferenceProblem p = problem("{type: payne, network: shared:payne/cclya_payne_v1.1/cclya_neuralnetwork.npz, "
                + "spectrum: shared:payne/cclya_payne_v1.1/sample_spectrum.csv, wavelength: "
                + "shared:payne/cclya_payne_v1.1/cclya_wavelength.npz, likelihood: cclya}");
        InferenceProblem.GradientCheck c = p.checkGradient(Rngs.stream(SEED, 3), 20, STEP);
        assertTrue(c.relativeError() < 1e-6, c.describe());
    }
}
