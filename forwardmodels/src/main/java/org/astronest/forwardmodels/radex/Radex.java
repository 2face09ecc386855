package org.astronest.forwardmodels.radex;

/**
 * Entry point of the native RADEX (van der Tak et al. 2007, A&amp;A 468, 627; classic version 30nov2011).
 *
 * <p>{@link #solve(Molecule, RadexInput)} is a convenience that builds a {@link RadexSolver} for one call; for many
 * models keep a solver per thread and call {@link RadexSolver#solve(RadexInput)}.
 */
public final class Radex {

    private Radex() {
    }

    /** Uniform sphere (RADEX's default geometry), classic iteration. */
    public static RadexResult solve(Molecule molecule, RadexInput input) {
        return solve(molecule, input, Geometry.SPHERE);
    }

    /** Classic RADEX 30nov2011 iteration in the given geometry. */
    public static RadexResult solve(Molecule molecule, RadexInput input, Geometry geometry) {
        return new RadexSolver(molecule, geometry).solve(input);
    }

    /** With explicit iteration options (e.g. {@link RadexOptions#ACCELERATED}). */
    public static RadexResult solve(Molecule molecule, RadexInput input, Geometry geometry, RadexOptions options) {
        return new RadexSolver(molecule, geometry, options).solve(input);
    }
}
