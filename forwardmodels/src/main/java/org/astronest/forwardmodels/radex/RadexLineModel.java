package org.astronest.forwardmodels.radex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exact (RADEX) line fluxes for a forward model: given T, n(H2), N and dv, the integrated intensities in K km/s of a
 * fixed list of lines. This is the function the line-fit model calls for {@code radiative_transfer: radex}.
 *
 * <p>Lines are named {@code CO(3-2)}: species, then upper and lower quantum numbers as in the file (integers
 * compare numerically, so {@code HCN(3-2)} finds {@code " 03 " -> " 02 "}); the species prefix is optional and, when
 * given, must be the first word of the file's molecule name (case-insensitive).
 *
 * <p>Thread-safe: one {@link RadexSolver} per thread (a {@link ThreadLocal}), each with preallocated work arrays; the
 * molecule is immutable and shared. Models that do not converge are reported, never returned as numbers.
 */
public final class RadexLineModel {

    private static final Pattern NAME = Pattern.compile("^\\s*(?:([^()]+?)\\s*\\()?\\s*([^()]+?)\\s*-\\s*([^()]+?)\\s*\\)?\\s*$");

    private final Molecule molecule;
    private final Geometry geometry;
    private final RadexOptions options;
    private final List<String> names;
    private final int[] lines;
    private final double tBg;
    private final ThreadLocal<RadexSolver> solvers;

    /** Classic RADEX, CMB background 2.73 K. */
    public RadexLineModel(Molecule molecule, Geometry geometry, List<String> lineNames) {
        this(molecule, geometry, RadexOptions.CLASSIC, RadexInput.DEFAULT_TBG, lineNames);
    }

    public RadexLineModel(Molecule molecule, Geometry geometry, RadexOptions options, double tBg,
                          List<String> lineNames) {
        if (molecule == null || geometry == null || options == null) {
            throw new IllegalArgumentException("molecule, geometry and options must not be null");
        }
        if (!(tBg > 0) || !Double.isFinite(tBg)) {
            throw new IllegalArgumentException("tBg must be finite and > 0, got " + tBg);
        }
        if (lineNames == null || lineNames.isEmpty()) {
            throw new IllegalArgumentException("lines: at least one line name like CO(3-2) is needed, got " + lineNames);
        }
        this.molecule = molecule;
        this.geometry = geometry;
        this.options = options;
        this.tBg = tBg;
        this.names = List.copyOf(lineNames);
        this.lines = new int[names.size()];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = lineIndex(molecule, names.get(i));
        }
        this.solvers = ThreadLocal.withInitial(() -> new RadexSolver(molecule, geometry, options));
    }

    /** The default file and geometry of a species (see {@link MoleculeLibrary}), e.g. {@code forSpecies("CO", ...)}. */
    public static RadexLineModel forSpecies(String species, List<String> lineNames) {
        return new RadexLineModel(MoleculeLibrary.load(species), MoleculeLibrary.defaultGeometry(species), lineNames);
    }

    /** 1-based line of {@code molecule} named like {@code CO(3-2)} or {@code 3-2}; error naming the line otherwise. */
    public static int lineIndex(Molecule molecule, String name) {
        Matcher m = NAME.matcher(name == null ? "" : name);
        if (!m.matches()) {
            throw new IllegalArgumentException("line name must look like CO(3-2), got '" + name + "'");
        }
        String species = m.group(1);
        String first = molecule.name().trim().split("\\s+")[0];
        if (species != null && !species.trim().toLowerCase(Locale.ROOT).equals(first.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("line '" + name + "': species " + species.trim() + " does not match "
                    + "the molecule file " + molecule.source() + " (" + first + ")");
        }
        int k = molecule.findLine(m.group(2), m.group(3));
        if (k < 0) {
            List<String> some = new ArrayList<>();
            for (int i = 1; i <= Math.min(5, molecule.lineCount()); i++) {
                some.add(first + "(" + molecule.lineLabel(i) + ")");
            }
            throw new IllegalArgumentException("line '" + name + "' not found in " + molecule.source()
                    + "; lines are named like " + some);
        }
        return k;
    }

    public Molecule molecule() {
        return molecule;
    }

    public Geometry geometry() {
        return geometry;
    }

    public RadexOptions options() {
        return options;
    }

    public List<String> lineNames() {
        return names;
    }

    public int lineCount() {
        return lines.length;
    }

    /**
     * Writes the fluxes (K km/s) of the lines into {@code out[0..lineCount)}; returns false, with NaN written, when
     * the model did not converge (a likelihood should then reject the point). Invalid physical inputs throw.
     */
    public boolean fluxes(double tKin, double nH2, double columnDensity, double dvKms, double[] out) {
        if (out.length < lines.length) {
            throw new IllegalArgumentException("out must have length >= " + lines.length + ", got " + out.length);
        }
        RadexInput in = RadexInput.ofH2(tKin, nH2, columnDensity, dvKms, tBg);
        return solvers.get().fluxes(in, lines, out);
    }

    /** The fluxes (K km/s) of the lines; {@link RadexNotConvergedException} when the model did not converge. */
    public double[] fluxes(double tKin, double nH2, double columnDensity, double dvKms) {
        double[] out = new double[lines.length];
        if (!fluxes(tKin, nH2, columnDensity, dvKms, out)) {
            throw new RadexNotConvergedException(RadexInput.ofH2(tKin, nH2, columnDensity, dvKms, tBg), geometry,
                    options.maxIterations());
        }
        return out;
    }
}
