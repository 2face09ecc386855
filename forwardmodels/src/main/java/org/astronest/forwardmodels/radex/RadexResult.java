package org.astronest.forwardmodels.radex;

import java.util.List;

/**
 * Immutable result of one RADEX model. A model that hit the iteration limit is {@linkplain #converged() flagged}
 * and its values are not handed out: {@link #lines()} and {@link #levelPopulations()} then throw
 * {@link RadexNotConvergedException} (RADEX itself prints such values without a guard; they are garbage).
 */
public final class RadexResult {

    private final boolean converged;
    private final int iterations;
    private final int unphysicalIterations;
    private final Geometry geometry;
    private final RadexInput input;
    private final List<LineResult> lines;
    private final double[] populations;

    RadexResult(boolean converged, int iterations, int unphysicalIterations, Geometry geometry, RadexInput input, List<LineResult> lines,
                double[] populations) {
        this.converged = converged;
        this.iterations = iterations;
        this.unphysicalIterations = unphysicalIterations;
        this.geometry = geometry;
        this.input = input;
        this.lines = List.copyOf(lines);
        this.populations = populations.clone();
    }

    /** Whether the iteration met RADEX's convergence rule within the iteration limit. */
    public boolean converged() {
        return converged;
    }

    /** Iterations used (the number RADEX prints); the limit when not converged. */
    public int iterations() {
        return iterations;
    }

    /**
     * Number of iterations whose linear solve returned a clearly negative (&lt; -1e-6) or NaN population, which
     * RADEX (and this solver) then floors at 1e-20. Non-zero marks a path through a numerically singular rate matrix
     * (typically a strong maser): the outcome then depends on rounding and cannot be expected to agree digit for
     * digit with another implementation, even RADEX built with another compiler.
     */
    public int unphysicalIterations() {
        return unphysicalIterations;
    }

    public Geometry geometry() {
        return geometry;
    }

    public RadexInput input() {
        return input;
    }

    /** The lines within the input's frequency window, in file order; throws when not converged. */
    public List<LineResult> lines() {
        check();
        return lines;
    }

    /** Fractional level populations (index 0 = level 1); throws when not converged. */
    public double[] levelPopulations() {
        check();
        return populations.clone();
    }

    private void check() {
        if (!converged) {
            throw new RadexNotConvergedException(input, geometry, iterations);
        }
    }

    @Override
    public String toString() {
        return "RadexResult[converged=" + converged + ", iterations=" + iterations + ", " + geometry + ", "
                + lines.size() + " lines]";
    }
}
