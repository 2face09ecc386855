package org.astronest.forwardmodels.payne;

import java.util.ArrayList;
import java.util.List;

/**
 * A spectrum fit set up from a network, an observed spectrum and options: the likelihood (plain chi-square with an
 * optional radial velocity, or the CCLya variant for CCLya-Payne v1.1 networks), parameter names, the box used as
 * optimizer bounds and uniform priors, and the optimizer's starts. Used by the {@code payne fit} command.
 *
 * <p>Parameters: the network's labels (box {@code x_min..x_max} of the network file) then {@code rv} [km/s]
 * (stellar networks; default box [-500, 500] km/s) or {@code v_lya} [km/s] (CCLya; default [-100, 100] km/s).
 */
public final class PayneProblem {

    /** Default velocity half-range for stellar spectra, km/s: covers Milky Way stars (|rv| &lt; 500 km/s). */
    public static final double DEFAULT_RV_HALF_RANGE = 500;
    /** Default v_lya half-range for CCLya profiles, km/s: well beyond the published +-5 km/s prior (prior.txt). */
    public static final double DEFAULT_VLYA_HALF_RANGE = 100;
    /** Step of the velocity scan that picks the optimizer's starting velocity, km/s. */
    public static final double RV_SCAN_STEP = 2.0;

    /**
     * Options.
     *
     * @param fitRv        fit a radial velocity (null: the family's default)
     * @param rvRange      velocity box {min, max} in km/s (null: default)
     * @param maxError     pixels with error >= maxError are left out (+infinity: keep all)
     * @param labelNames   label names (null: the family's)
     * @param cclya        use the CCLya likelihood (null: for CCLya v1.1 networks)
     */
    public record Options(Boolean fitRv, double[] rvRange, double maxError, List<String> labelNames, Boolean cclya) {
        public Options {
            if (!(maxError > 0)) {
                throw new IllegalArgumentException("maxError must be > 0, got " + maxError);
            }
            if (rvRange != null && (rvRange.length != 2 || !(rvRange[1] > rvRange[0]))) {
                throw new IllegalArgumentException("velocity range (--rv-range) must be MIN,MAX with MIN < MAX, got "
                        + java.util.Arrays.toString(rvRange));
            }
            rvRange = rvRange == null ? null : rvRange.clone();
            labelNames = labelNames == null ? null : List.copyOf(labelNames);
        }

        /** No rv override, default velocity box, all pixels with finite positive errors, family label names. */
        public static Options defaults() {
            return new Options(null, null, Double.POSITIVE_INFINITY, null, null);
        }
    }

    private final PayneNetworks.Loaded network;
    private final Spectrum spectrum;
    private final List<String> names;
    private final double[] lower;
    private final double[] upper;
    private final ChiSquareLikelihood chi2;
    private final CclyaLikelihood cclya;
    private final double[] grid; // observed wavelengths for output (may be the model grid)

    private PayneProblem(PayneNetworks.Loaded network, Spectrum spectrum, List<String> names, double[] lower,
                         double[] upper, ChiSquareLikelihood chi2, CclyaLikelihood cclya, double[] grid) {
        this.network = network;
        this.spectrum = spectrum;
        this.names = List.copyOf(names);
        this.lower = lower;
        this.upper = upper;
        this.chi2 = chi2;
        this.cclya = cclya;
        this.grid = grid;
    }

    /**
     * @param network   the loaded network
     * @param spectrum  the observed spectrum (its mask, if any, is applied)
     * @param modelGrid the network's wavelength (or velocity) grid, or null
     * @param o         options
     */
    public static PayneProblem of(PayneNetworks.Loaded network, Spectrum spectrum, double[] modelGrid, Options o) {
        SpectralNetwork net = network.network();
        List<String> labels = o.labelNames() != null ? o.labelNames() : network.labelNames();
        if (labels.size() != net.labelCount()) {
            throw new IllegalArgumentException("--labels: " + labels.size() + " names " + labels + " for a network of "
                    + net.labelCount() + " labels");
        }
        boolean useCclya = o.cclya() != null ? o.cclya() : network.family() == PayneNetworks.Family.CCLYA_V11;
        double[] grid = spectrum.wavelength() != null ? spectrum.wavelength() : modelGrid;
        List<String> names = new ArrayList<>(labels);
        int nl = net.labelCount();
        if (useCclya) {
            if (modelGrid == null) {
                throw new IllegalArgumentException("the CCLya likelihood needs the network's velocity grid "
                        + "(--wavelength, e.g. cclya_wavelength.npz)");
            }
            if (spectrum.wavelength() == null) {
                throw new IllegalArgumentException(spectrum.source() + ": the CCLya likelihood needs a velocity column");
            }
            if (spectrum.mask() != null) {
                throw new IllegalArgumentException("pixel masks are not part of the CCLya likelihood (README)");
            }
            CclyaLikelihood c = new CclyaLikelihood(net, modelGrid, spectrum.wavelength(), spectrum.flux(),
                    spectrum.error());
            names.add("v_lya");
            double[][] box = box(net, o.rvRange(), DEFAULT_VLYA_HALF_RANGE);
            return new PayneProblem(network, spectrum, names, box[0], box[1], null, c, grid);
        }
        boolean fitRv = o.fitRv() != null ? o.fitRv() : network.family().defaultRv();
        double[] obs = spectrum.wavelength();
        if (obs == null && modelGrid != null) {
            if (spectrum.size() != modelGrid.length) {
                throw new IllegalArgumentException(spectrum.source() + " has " + spectrum.size() + " pixels and no "
                        + "wavelength column; the network grid has " + modelGrid.length);
            }
            obs = modelGrid;
        }
        double[] mg = modelGrid;
        if (mg == null && fitRv) {
            if (obs != null && obs.length == net.pixelCount()) {
                mg = obs; // spectrum on the network's grid, with its wavelengths given
            } else {
                throw new IllegalArgumentException("a radial-velocity fit needs the network's wavelength grid "
                        + "(--wavelength NPZ)");
            }
        }
        if (mg == null) {
            obs = null;
        }
        SpectralModel model = new SpectralModel(net, mg, obs, fitRv);
        ChiSquareLikelihood c = new ChiSquareLikelihood(model, spectrum.flux(), spectrum.error(), spectrum.mask(),
                o.maxError());
        double[][] box;
        if (fitRv) {
            names.add("rv");
            box = box(net, o.rvRange(), DEFAULT_RV_HALF_RANGE);
        } else {
            box = new double[][] {net.xMin(), net.xMax()};
        }
        return new PayneProblem(network, spectrum, names, box[0], box[1], c, null, grid);
    }

    private static double[][] box(SpectralNetwork net, double[] range, double half) {
        int nl = net.labelCount();
        double[] lo = java.util.Arrays.copyOf(net.xMin(), nl + 1);
        double[] hi = java.util.Arrays.copyOf(net.xMax(), nl + 1);
        if (range != null) {
            if (range.length != 2 || !(range[1] > range[0])) {
                throw new IllegalArgumentException("velocity range (--rv-range) must be MIN,MAX with MIN < MAX, got "
                        + java.util.Arrays.toString(range));
            }
            lo[nl] = range[0];
            hi[nl] = range[1];
        } else {
            lo[nl] = -half;
            hi[nl] = half;
        }
        return new double[][] {lo, hi};
    }

    /**
     * Uniform priors over a box {@code lo..hi} for the named parameters (docs/payne.md: labels over the network's
     * training box, velocity over its range), velocities ({@code rv}, {@code v_lya}) in km/s.
     */
    public static List<org.astronest.priors.Parameter> parameters(List<String> names, double[] lo, double[] hi) {
        List<org.astronest.priors.Parameter> ps = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            String unit = names.get(k).equals("rv") || names.get(k).equals("v_lya") ? "km/s" : "";
            ps.add(new org.astronest.priors.Parameter(names.get(k), org.astronest.priors.Priors.uniform(lo[k], hi[k]),
                    names.get(k), unit));
        }
        return ps;
    }

    public PayneNetworks.Loaded network() {
        return network;
    }

    public Spectrum spectrum() {
        return spectrum;
    }

    /** Parameter names: labels then rv / v_lya when fitted. */
    public List<String> parameterNames() {
        return names;
    }

    /** Lower box (copy). */
    public double[] lower() {
        return lower.clone();
    }

    /** Upper box (copy). */
    public double[] upper() {
        return upper.clone();
    }

    /** Whether this is the CCLya likelihood. */
    public boolean isCclya() {
        return cclya != null;
    }

    /** The residual function for the optimizer. */
    public ResidualFunction residuals() {
        return cclya != null ? cclya : chi2;
    }

    public double chi2(double[] theta) {
        return cclya != null ? cclya.chi2(theta) : chi2.chi2(theta);
    }

    /** {@code ln L = -chi2/2} (signature of {@code org.astronest.inference.LogLikelihood}). */
    public double logLikelihood(double[] theta) {
        return cclya != null ? cclya.logLikelihood(theta) : chi2.logLikelihood(theta);
    }

    /** {@code ln L} and its gradient (signature of {@code org.astronest.inference.GradientLogLikelihood}). */
    public double logLikelihood(double[] theta, double[] gradient) {
        return cclya != null ? cclya.logLikelihood(theta, gradient) : chi2.logLikelihood(theta, gradient);
    }

    /** Batched {@code ln L}. */
    public void logLikelihood(double[][] thetas, double[] out) {
        if (cclya != null) {
            cclya.logLikelihood(thetas, out);
        } else {
            chi2.logLikelihood(thetas, out);
        }
    }

    /** Pixels in the chi-square. */
    public int goodCount() {
        return cclya != null ? cclya.pixelCount() : chi2.goodCount();
    }

    /** Per observed pixel: whether it is in the chi-square. */
    public boolean[] used() {
        boolean[] u = new boolean[spectrum.size()];
        if (cclya != null) {
            java.util.Arrays.fill(u, true);
        } else {
            for (int i : chi2.goodPixels()) {
                u[i] = true;
            }
        }
        return u;
    }

    /** Observed wavelengths (or velocities) for output; null when neither the file nor --wavelength gives them. */
    public double[] wavelength() {
        return grid == null ? null : grid.clone();
    }

    /** The model at the observed pixels (CCLya: with the analytic amplitude). */
    public double[] model(double[] theta) {
        return cclya != null ? cclya.model(theta, Double.NaN) : chi2.model(theta);
    }

    /**
     * The optimizer's starts: the centre of the label box (The Payne starts at scaled labels 0); with a radial
     * velocity, the velocity from a chi-square scan at the centre labels (step {@link #RV_SCAN_STEP} km/s over the
     * box, which includes 0 km/s when the box does); for CCLya (multi-modal in sigma_int), the centre and eight points at +-1/4 of the box.
     */
    public List<double[]> starts() {
        return starts(lower, upper);
    }

    /** {@link #starts()} for another box (e.g. narrowed by a prior file). */
    public List<double[]> starts(double[] lower, double[] upper) {
        int n = names.size();
        double[] c = LabelFitter.centre(lower, upper);
        List<double[]> s = new ArrayList<>();
        if (cclya != null) {
            s.add(c);
            // a two-level design at +-1/4 of the box: 8 sign patterns (the first five columns of a Hadamard-like
            // set) so every parameter is tried on both sides of the centre in combination with the others
            double[][] signs = {{1, 1, 1, 1, 1}, {-1, -1, -1, -1, -1}, {1, -1, 1, -1, 1}, {-1, 1, -1, 1, -1},
                {1, 1, -1, -1, 1}, {-1, -1, 1, 1, -1}, {1, -1, -1, 1, -1}, {-1, 1, 1, -1, 1}};
            for (double[] sg : signs) {
                double[] p = c.clone();
                for (int k = 0; k < n; k++) {
                    p[k] += 0.25 * sg[k] * (upper[k] - lower[k]);
                }
                s.add(p);
            }
            return s;
        }
        if (chi2.model().fitsRv()) {
            int nl = n - 1;
            int steps = (int) Math.floor((upper[nl] - lower[nl]) / RV_SCAN_STEP);
            double[] rvs = new double[steps + 1];
            for (int k = 0; k <= steps; k++) {
                rvs[k] = lower[nl] + k * RV_SCAN_STEP;
            }
            double[] cs = chi2.chi2Scan(c, rvs);
            int best = 0;
            for (int k = 1; k < cs.length; k++) {
                if (cs[k] < cs[best]) {
                    best = k;
                }
            }
            double[] p = c.clone();
            p[nl] = rvs[best];
            s.add(p);
            return s;
        }
        s.add(c);
        return s;
    }

    /** The best fit from {@link #starts()}. */
    public LabelFitter.Result fit(LabelFitter fitter) {
        return fitter.fit(residuals(), lower, upper, starts());
    }

    /** The best fit inside another box (e.g. narrowed by a prior file). */
    public LabelFitter.Result fit(LabelFitter fitter, double[] lower, double[] upper) {
        return fitter.fit(residuals(), lower, upper, starts(lower, upper));
    }
}
