package org.astronest.forwardmodels.nmf;

import java.util.ArrayList;
import java.util.List;
import org.astronest.forwardmodels.radex.Geometry;
import org.astronest.forwardmodels.radex.MoleculeLibrary;
import org.astronest.forwardmodels.radex.RadexLineModel;
import org.astronest.forwardmodels.radex.RadexOptions;
import org.astronest.forwardmodels.radex.RadexInput;

/**
 * The emission of one gas component in a set of molecular lines: the native RADEX (classic iteration, CMB background
 * 2.73 K) integrated intensities in K km/s of every line, for a kinetic temperature T and an H2 density n, with one
 * column density per species and one line width fixed for all components. This is a column of W in thesis chapter
 * 3's data model X = W V (seed 001, sec. 3.4: "the RADEX radiative transfer code ... uses these molecular column
 * densities and the temperature to predict molecular line intensities ... These intensities form the entries of
 * W_true").
 *
 * <p>RADEX runs with {@link #ITERATION}: Ng-accelerated to a tolerance of 1e-10.
 *
 * <p>The thesis took each component's column densities from UCLCHEM; here they are given per species and are the same
 * for every component, so components differ by their excitation (T, n) only. All species use one geometry (default
 * the uniform sphere, RADEX's default: with the LVG slab CS at N = 1e14 cm^-2 and dv = 5 km/s does not converge at
 * 38 of 1581 points of a (log T, log n) grid over [0.9, 2.4] x [3, 8], with the sphere at none).
 *
 * <p>Thread-safe (each {@link RadexLineModel} keeps one solver per thread).
 */
public final class LineSet {

    /**
     * One species: its LAMDA molecule (a name of {@link MoleculeLibrary} or a file), column density (cm^-2) and the
     * lines taken from it, named like {@code CO(3-2)}.
     */
    public record Species(String molecule, double columnDensity, List<String> lines) {
        public Species {
            if (molecule == null || molecule.isBlank()) {
                throw new IllegalArgumentException("species: molecule must be named, got '" + molecule + "'");
            }
            if (!(columnDensity > 0) || Double.isInfinite(columnDensity)) {
                throw new IllegalArgumentException("species " + molecule + ": column density must be finite and > 0, "
                        + "got " + columnDensity);
            }
            if (lines == null || lines.isEmpty()) {
                throw new IllegalArgumentException("species " + molecule + ": give at least one line");
            }
            lines = List.copyOf(lines);
        }
    }

    /**
     * RADEX's iteration with Ng acceleration to a mean relative Tex change of 1e-10 (RADEX's own criterion is 1e-6).
     * RADEX's criterion stops a slowly converging iteration up to 1e-4 (relative) away from its fixed point, e.g.
     * HCO+(3-2) at 191 K and 2.2e6 cm^-3: 21.02760 K km/s at 1e-6 against 21.02531 at 1e-10 with either iteration;
     * that jitter is noise to a spline through a grid ({@link LineGrid}) and larger than the noise of thesis-like maps
     * averaged over their pixels.
     */
    public static final RadexOptions ITERATION = new RadexOptions(RadexOptions.Mode.NG, 10, 9999, 1e-10);

    private final List<Species> species;
    private final double lineWidthKms;
    private final Geometry geometry;
    private final RadexLineModel[] models;
    private final int[] offsets;
    private final List<String> names;

    /** Spherical geometry for every species. */
    public LineSet(List<Species> species, double lineWidthKms) {
        this(species, lineWidthKms, Geometry.SPHERE);
    }

    public LineSet(List<Species> species, double lineWidthKms, Geometry geometry) {
        if (species == null || species.isEmpty()) {
            throw new IllegalArgumentException("species: give at least one");
        }
        if (!(lineWidthKms > 0) || Double.isInfinite(lineWidthKms)) {
            throw new IllegalArgumentException("line width must be finite and > 0 km/s, got " + lineWidthKms);
        }
        if (geometry == null) {
            throw new IllegalArgumentException("geometry must be given");
        }
        this.species = List.copyOf(species);
        this.lineWidthKms = lineWidthKms;
        this.geometry = geometry;
        this.models = new RadexLineModel[species.size()];
        this.offsets = new int[species.size() + 1];
        List<String> n = new ArrayList<>();
        for (int s = 0; s < models.length; s++) {
            Species sp = species.get(s);
            models[s] = new RadexLineModel(MoleculeLibrary.load(sp.molecule()), geometry, ITERATION,
                    RadexInput.DEFAULT_TBG, sp.lines());
            offsets[s + 1] = offsets[s] + sp.lines().size();
            n.addAll(sp.lines());
        }
        this.names = List.copyOf(n);
    }

    /**
     * Thirteen lines of the four species whose RADEX emulators thesis chapter 2 built (sec. 2.2.3: HCO+, HCN, CO,
     * CS), low and high J of each so that they trace both the cold diffuse and the warm dense gas: CO (1-0), (2-1),
     * (3-2), (6-5); HCN (1-0), (3-2), (4-3); HCO+ (1-0), (3-2), (4-3); CS (2-1), (5-4), (7-6). Column densities
     * N(CO) = 1e17, N(HCN) = 1e14, N(HCO+) = 1e13, N(CS) = 1e14 cm^-2 (abundances 1e-4, 1e-7, 1e-8, 1e-7 relative to
     * H2 at N(H2) = 1e21 cm^-2: typical dense-cloud values, our choice; the thesis used UCLCHEM's) and a line width of
     * 5 km/s.
     */
    public static LineSet chapter3() {
        return new LineSet(List.of(
                new Species("CO", 1e17, List.of("CO(1-0)", "CO(2-1)", "CO(3-2)", "CO(6-5)")),
                new Species("HCN", 1e14, List.of("HCN(1-0)", "HCN(3-2)", "HCN(4-3)")),
                new Species("HCO+", 1e13, List.of("HCO+(1-0)", "HCO+(3-2)", "HCO+(4-3)")),
                new Species("CS", 1e14, List.of("CS(2-1)", "CS(5-4)", "CS(7-6)"))), 5.0);
    }

    public List<Species> species() {
        return species;
    }

    public double lineWidthKms() {
        return lineWidthKms;
    }

    public Geometry geometry() {
        return geometry;
    }

    /** The lines in order (species by species, each species' lines as given). */
    public List<String> lineNames() {
        return names;
    }

    public int size() {
        return names.size();
    }

    /**
     * Writes the intensities (K km/s) of every line at (T, n) into {@code out[0..size)}; false, with NaN written for
     * the species concerned, when a RADEX model did not converge.
     */
    public boolean intensities(double tKin, double nH2, double[] out) {
        if (out.length < size()) {
            throw new IllegalArgumentException("out must have length >= " + size() + ", got " + out.length);
        }
        boolean ok = true;
        double[] buf = new double[size()];
        for (int s = 0; s < models.length; s++) {
            boolean c = models[s].fluxes(tKin, nH2, species.get(s).columnDensity(), lineWidthKms, buf);
            System.arraycopy(buf, 0, out, offsets[s], offsets[s + 1] - offsets[s]);
            ok &= c;
        }
        return ok;
    }

    /** W (lines x K) for components at (T_k, n_k); an error naming the component when RADEX did not converge. */
    public double[][] emission(double[] tKin, double[] nH2) {
        if (tKin.length != nH2.length) {
            throw new IllegalArgumentException("give one density per temperature, got " + tKin.length + " and "
                    + nH2.length);
        }
        double[][] W = new double[size()][tKin.length];
        double[] col = new double[size()];
        for (int k = 0; k < tKin.length; k++) {
            if (!intensities(tKin[k], nH2[k], col)) {
                throw new IllegalArgumentException("component " + (k + 1) + ": RADEX did not converge at T = "
                        + tKin[k] + " K, n = " + nH2[k] + " cm^-3");
            }
            for (int l = 0; l < size(); l++) {
                W[l][k] = col[l];
            }
        }
        return W;
    }
}
