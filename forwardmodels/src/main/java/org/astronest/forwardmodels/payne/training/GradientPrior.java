package org.astronest.forwardmodels.payne.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ab initio gradient prior of Ting et al. 2017 (ApJL 849, L9; seed 004 sec. 2): the trained per-pixel model
 * should change with each label, at a reference star, the way ab initio (Kurucz) model spectra do.
 *
 * <p><b>Gradient spectra</b> (Ting et al. 2016; Rix et al. 2016; seed 004 sec. 2: "the change in the model spectra
 * as we vary each stellar label by a small amount, holding all other labels fixed"): for a label {@code i} with a
 * prior, the change of the model over one step {@code Delta_i} at the reference star {@code l_ref}, in flux units
 * per step (no division by the step): by default the centred difference
 * {@code f'_{i,p} = f_p(l_ref + Delta_i/2 e_i) - f_p(l_ref - Delta_i/2 e_i)}, or the forward difference
 * {@code f_p(l_ref + Delta_i e_i) - f_p(l_ref)} ({@link DifferenceScheme}). Reference star by default 4800 K,
 * log g 2.5, solar (every other label 0); steps 200 K, 0.5 dex, 0.2 dex for every other label (seed 004 sec. 2),
 * in physical label units. The given ab initio gradient spectra {@code a_{i,p}} must be the same differences of the
 * ab initio spectra.
 *
 * <p><b>Penalty</b>, added to the chi-square of pixel p over the training spectra:
 * <pre>
 *   L_p = sum_j ivar_jp (f_p(l_j) - y_jp)^2  +  D_scale * sum_i rho( (f'_{i,p} - a_{i,p}) / n_{i,p} ),
 *   n_{i,p} = max(|a_{i,p}|, floor_i),   floor_i = floorFraction * max_p |a_{i,p}|
 * </pre>
 * with {@code rho} the {@link PenaltyShape} ({@code u^2} by default, {@code |u|} on request). The seed's printed
 * equation (its eq. 2) is garbled beyond use: in the text we have it is lost (only "With the model prior included, the loss function for one pixel reads ... where
 * N_S is the number of training spectra, and N_l is the number of labels" survives); its prose fixes the
 * ingredients: the usual chi-square over the N_S training spectra plus D_scale times a sum over the N_l labels of
 * the deviation of the model gradient from the ab initio one, measured relative to the ab initio gradient ("if the
 * theoretical gradient at a given wavelength is close to zero, even small deviations ... imply severe penalties";
 * where it is strong "the data can determine the actual model gradient spectra"). Our choices: the deviation is
 * divided by {@code |a|} (relative, as the prose says), charged by {@code u^2} by default (smooth: L-BFGS and the
 * closed-form quadratic model apply; the data still set strong features when their own precision on the gradient
 * is good against D_scale) or by {@code |u|}, and the divisor is floored at a small fraction of the label's
 * largest ab initio gradient so that pixels where the ab initio gradient is exactly zero give a large but finite
 * penalty. {@code D_scale = 0} is exactly the chi-square
 * alone (the penalty is not evaluated). Labels without ab initio gradients get no prior.
 *
 * <p>Immutable; thread-safe.
 */
public final class GradientPrior {

    /**
     * Options.
     *
     * @param dScale        D_scale >= 0; seed 004 chose 10 for LAMOST ("D_scale = 10 works well in our case")
     * @param shape         rho; default {@link PenaltyShape#SQUARED}
     * @param floorFraction the normaliser's floor as a fraction of the label's largest |ab initio gradient|, in
     *                      (0, 1]; default 1e-3 (our choice: three decades below the strongest feature)
     * @param scheme        finite difference; default {@link DifferenceScheme#CENTRAL}
     */
    public record Options(double dScale, PenaltyShape shape, double floorFraction, DifferenceScheme scheme) {
        public Options {
            if (!(dScale >= 0) || !Double.isFinite(dScale)) {
                throw new IllegalArgumentException("D_scale must be finite and >= 0, got " + dScale);
            }
            if (shape == null) {
                throw new IllegalArgumentException("penalty shape must not be null");
            }
            if (!(floorFraction > 0 && floorFraction <= 1)) {
                throw new IllegalArgumentException("gradient floor fraction must be in (0, 1], got " + floorFraction);
            }
            if (scheme == null) {
                throw new IllegalArgumentException("difference scheme must not be null");
            }
        }

        /** The seed's D_scale = 10, {@code u^2}, floor 1e-3, centred differences. */
        public static Options defaults() {
            return new Options(10, PenaltyShape.SQUARED, 1e-3, DifferenceScheme.CENTRAL);
        }

        public Options withDScale(double d) {
            return new Options(d, shape, floorFraction, scheme);
        }

        public Options withShape(PenaltyShape s) {
            return new Options(dScale, s, floorFraction, scheme);
        }

        public Options withScheme(DifferenceScheme s) {
            return new Options(dScale, shape, floorFraction, s);
        }
    }

    private final List<String> trainingLabels;
    private final int[] labelIndex;   // G prior rows -> training label index
    private final int nPix;
    private final double[] abInitio;  // G x P
    private final double[] norm;      // G x P
    private final double[] reference; // L
    private final double[] steps;     // L
    private final Options options;

    private GradientPrior(List<String> trainingLabels, int[] labelIndex, int nPix, double[] abInitio, double[] norm,
                          double[] reference, double[] steps, Options options) {
        this.trainingLabels = trainingLabels;
        this.labelIndex = labelIndex;
        this.nPix = nPix;
        this.abInitio = abInitio;
        this.norm = norm;
        this.reference = reference;
        this.steps = steps;
        this.options = options;
    }

    /**
     * A prior.
     *
     * @param trainingLabels the model's label names, in order
     * @param priorLabels    the labels that have ab initio gradient spectra (a subset of the training labels)
     * @param pixels         number of pixels
     * @param abInitio       {@code priorLabels.size() x pixels} gradient spectra, row-major
     * @param reference      the reference star, one value per training label (physical units)
     * @param steps          the finite-difference step per training label (physical units; used for prior labels)
     * @param options        D_scale, shape, floor
     */
    public static GradientPrior of(List<String> trainingLabels, List<String> priorLabels, int pixels, double[] abInitio,
                                   double[] reference, double[] steps, Options options) {
        int nl = trainingLabels.size();
        int g = priorLabels.size();
        if (g < 1) {
            throw new IllegalArgumentException("ab initio gradients: no label has a gradient spectrum");
        }
        if (abInitio.length != (long) g * pixels) {
            throw new IllegalArgumentException("ab initio gradients: " + abInitio.length + " values for " + g
                    + " labels x " + pixels + " pixels");
        }
        if (reference.length != nl || steps.length != nl) {
            throw new IllegalArgumentException("gradient prior: reference star has " + reference.length
                    + " labels and steps " + steps.length + "; the model has " + nl + " " + trainingLabels);
        }
        int[] idx = new int[g];
        for (int i = 0; i < g; i++) {
            int k = trainingLabels.indexOf(priorLabels.get(i));
            if (k < 0) {
                throw new IllegalArgumentException("ab initio gradients: label '" + priorLabels.get(i) + "' is not a "
                        + "training label " + trainingLabels);
            }
            for (int j = 0; j < i; j++) {
                if (idx[j] == k) {
                    throw new IllegalArgumentException("ab initio gradients: label '" + priorLabels.get(i)
                            + "' appears twice");
                }
            }
            idx[i] = k;
        }
        for (int k = 0; k < nl; k++) {
            if (!Double.isFinite(reference[k])) {
                throw new IllegalArgumentException("gradient prior: reference " + trainingLabels.get(k) + " = "
                        + reference[k] + " is not finite");
            }
        }
        for (int i = 0; i < g; i++) {
            double s = steps[idx[i]];
            if (!(s != 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("gradient prior: step of " + priorLabels.get(i) + " must be finite "
                        + "and non-zero, got " + s);
            }
        }
        double[] nrm = new double[abInitio.length];
        for (int i = 0; i < g; i++) {
            double max = 0;
            for (int p = 0; p < pixels; p++) {
                double a = abInitio[i * pixels + p];
                if (!Double.isFinite(a)) {
                    throw new IllegalArgumentException("ab initio gradients: label " + priorLabels.get(i) + " pixel "
                            + p + " is " + a + "; gradients must be finite");
                }
                max = Math.max(max, Math.abs(a));
            }
            if (!(max > 0)) {
                throw new IllegalArgumentException("ab initio gradients: label " + priorLabels.get(i) + " is zero at "
                        + "every pixel; leave its column out (no prior) or give its gradient spectrum");
            }
            double floor = options.floorFraction() * max;
            for (int p = 0; p < pixels; p++) {
                nrm[i * pixels + p] = Math.max(Math.abs(abInitio[i * pixels + p]), floor);
            }
        }
        return new GradientPrior(List.copyOf(trainingLabels), idx, pixels, abInitio.clone(), nrm, reference.clone(),
                steps.clone(), options);
    }

    /**
     * The seed's reference star for the labels {@code names}: 4800 K for {@code Teff}, 2.5 for {@code logg}, and 0
     * (solar) for every other label (seed 004 sec. 2: "T_eff = 4800 K, log g = 2.5, and solar metallicity").
     */
    public static double[] defaultReference(List<String> names) {
        double[] r = new double[names.size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = isTeff(names.get(k)) ? 4800 : isLogg(names.get(k)) ? 2.5 : 0;
        }
        return r;
    }

    /**
     * The seed's steps: 200 K for {@code Teff}, 0.5 dex for {@code logg}, 0.2 dex for every other label (seed 004
     * sec. 2, after Ting et al. 2016).
     */
    public static double[] defaultSteps(List<String> names) {
        double[] r = new double[names.size()];
        for (int k = 0; k < r.length; k++) {
            r[k] = isTeff(names.get(k)) ? 200 : isLogg(names.get(k)) ? 0.5 : 0.2;
        }
        return r;
    }

    private static boolean isTeff(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        return t.equals("teff") || t.equals("t_eff");
    }

    private static boolean isLogg(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        return t.equals("logg") || t.equals("log_g");
    }

    /** The same prior with another D_scale. */
    public GradientPrior withDScale(double d) {
        return new GradientPrior(trainingLabels, labelIndex, nPix, abInitio, norm, reference, steps,
                options.withDScale(d));
    }

    public Options options() {
        return options;
    }

    public double dScale() {
        return options.dScale();
    }

    /** Number of labels with a prior. */
    public int size() {
        return labelIndex.length;
    }

    public int pixelCount() {
        return nPix;
    }

    /** Training label index of prior row {@code g}. */
    public int labelIndex(int g) {
        return labelIndex[g];
    }

    /** Names of the labels with a prior, in prior-row order. */
    public List<String> labelNames() {
        List<String> l = new ArrayList<>();
        for (int k : labelIndex) {
            l.add(trainingLabels.get(k));
        }
        return l;
    }

    public List<String> trainingLabels() {
        return trainingLabels;
    }

    /** The reference star (copy). */
    public double[] reference() {
        return reference.clone();
    }

    /** The steps (copy). */
    public double[] steps() {
        return steps.clone();
    }

    /** The ab initio gradient of prior row {@code g} at pixel {@code p}. */
    public double abInitio(int g, int p) {
        return abInitio[g * nPix + p];
    }

    /** The ab initio gradient spectrum of prior row {@code g} (copy). */
    public double[] abInitio(int g) {
        double[] a = new double[nPix];
        System.arraycopy(abInitio, g * nPix, a, 0, nPix);
        return a;
    }

    /** The normaliser {@code n_{g,p}}. */
    public double norm(int g, int p) {
        return norm[g * nPix + p];
    }

    /** Number of model evaluations per pixel: two per prior label. */
    public int pointCount() {
        return 2 * labelIndex.length;
    }

    /**
     * The {@code 2G} label vectors at which the model is evaluated, {@code 2G x L} row-major, physical units:
     * point {@code 2g} is the subtracted one and {@code 2g + 1} the added one of prior label g
     * ({@link DifferenceScheme}: {@code l_ref -+ Delta/2 e_g}, or {@code l_ref} and {@code l_ref + Delta e_g}).
     */
    public double[] points() {
        int nl = reference.length;
        int g = labelIndex.length;
        DifferenceScheme sc = options.scheme();
        double[] pts = new double[2 * g * nl];
        for (int i = 0; i < g; i++) {
            int k = labelIndex[i];
            System.arraycopy(reference, 0, pts, 2 * i * nl, nl);
            System.arraycopy(reference, 0, pts, (2 * i + 1) * nl, nl);
            pts[2 * i * nl + k] += sc.minusOffset() * steps[k];
            pts[(2 * i + 1) * nl + k] += sc.plusOffset() * steps[k];
        }
        return pts;
    }

    /**
     * The penalty {@code D_scale * sum_g rho(u_g)} of pixel {@code p} from the model values {@code fr[off..off+2G)}
     * at {@link #points()}; when {@code dfr} is not null, its derivative with respect to those values is written to
     * {@code dfr[0..2G)}.
     */
    public double penalty(int p, double[] fr, int off, double[] dfr) {
        int g = labelIndex.length;
        double d = options.dScale();
        PenaltyShape shape = options.shape();
        double sum = 0;
        for (int i = 0; i < g; i++) {
            double n = norm[i * nPix + p];
            double u = (fr[off + 2 * i + 1] - fr[off + 2 * i] - abInitio[i * nPix + p]) / n;
            sum += shape.value(u);
            if (dfr != null) {
                double du = d * shape.derivative(u) / n;
                dfr[2 * i + 1] = du;
                dfr[2 * i] = -du;
            }
        }
        return d * sum;
    }
}
