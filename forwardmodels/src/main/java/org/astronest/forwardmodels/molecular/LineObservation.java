package org.astronest.forwardmodels.molecular;

/**
 * One observed line: its name ({@code CO(3-2)}), the integrated intensity in K km/s (for an upper limit, the limit),
 * and its 1-sigma uncertainty, absolute ({@code sigma}, K km/s) or relative ({@code sigmaRel}, fraction of the
 * observed value). Exactly one of the two is given; the other is NaN.
 */
public record LineObservation(String line, double intensity, double sigma, double sigmaRel, boolean upperLimit) {

    public LineObservation {
        if (!(intensity >= 0) || !Double.isFinite(intensity)) {
            throw new IllegalArgumentException("line " + line + ": intensity must be a finite number >= 0, got "
                    + intensity);
        }
        boolean abs = !Double.isNaN(sigma);
        boolean rel = !Double.isNaN(sigmaRel);
        if (abs == rel) {
            throw new IllegalArgumentException("line " + line + ": give exactly one of sigma (K km/s) or sigma_rel "
                    + "(fraction of the intensity)" + (abs ? ", not both" : ""));
        }
        if (abs && !(sigma > 0 && Double.isFinite(sigma))) {
            throw new IllegalArgumentException("line " + line + ": sigma must be > 0, got " + sigma);
        }
        if (rel && !(sigmaRel > 0 && Double.isFinite(sigmaRel))) {
            throw new IllegalArgumentException("line " + line + ": sigma_rel must be > 0, got " + sigmaRel);
        }
        if (rel && intensity == 0) {
            throw new IllegalArgumentException("line " + line + ": sigma_rel needs a non-zero intensity; give sigma");
        }
    }

    /** A detection with an absolute uncertainty. */
    public static LineObservation absolute(String line, double intensity, double sigma) {
        return new LineObservation(line, intensity, sigma, Double.NaN, false);
    }

    /** A detection with a relative uncertainty. */
    public static LineObservation relative(String line, double intensity, double sigmaRel) {
        return new LineObservation(line, intensity, Double.NaN, sigmaRel, false);
    }

    /** The observational 1-sigma uncertainty in K km/s. */
    public double observationalSigma() {
        return Double.isNaN(sigma) ? sigmaRel * intensity : sigma;
    }
}
