package org.astronest.forwardmodels.crosssurvey;

/**
 * The cross-survey model for stars with only a low-resolution spectrum: F2 ~ N(offset + loadings u, diag(E2^2)) with
 * u ~ N(0, I_c), built by {@link CrossSurveyModel#latent}; z = mean + chol u maps back to the model's latent space.
 */
public record LatentModel(double[][] loadings, double[] offset, double[] mean, double[][] chol) {

    /** Latent dimension c. */
    public int latent() {
        return mean.length;
    }

    /** Pixels of the low-resolution spectra. */
    public int pixels() {
        return offset.length;
    }

    /** The exact posterior over u of one star with spectrum {@code lo} and errors {@code err}. */
    public LatentPosterior posterior(double[] lo, double[] err) {
        return LatentPosterior.of(this, lo, err);
    }
}
