package org.astronest.forwardmodels.radex;

/** A RADEX model did not converge; its values must not be used. Names the inputs. */
public final class RadexNotConvergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public RadexNotConvergedException(RadexInput input, Geometry geometry, int iterations) {
        super("RADEX did not converge in " + iterations + " iterations (" + geometry + ", " + input + ")");
    }
}
