package org.astronest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.astronest.forwardmodels.radex.Geometry;
import org.astronest.forwardmodels.radex.LineResult;
import org.astronest.forwardmodels.radex.Molecule;
import org.astronest.forwardmodels.radex.MoleculeLibrary;
import org.astronest.forwardmodels.radex.RadexInput;
import org.astronest.forwardmodels.radex.RadexOptions;
import org.astronest.forwardmodels.radex.RadexResult;
import org.astronest.forwardmodels.radex.RadexSolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code astronest radex}: one non-LTE model with the native RADEX (van der Tak et al. 2007, classic 30nov2011).
 * Prints RADEX's table, or with {@code --json} the object
 * {@code {converged, iterations, lines: [{upper, lower, frequencyGHz, eUpK, tex, tau, tR, fluxKkms, fluxErg}]}}.
 * A model that does not converge prints no values ({@code lines} is empty) and exits with code 3.
 */
@Command(name = "radex", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Non-LTE line radiative transfer of one model with the native RADEX (classic 30nov2011).",
            "Exit code 3: the model did not converge (values withheld)."})
public final class RadexCommand implements Callable<Integer> {

    /** Exit code of a model that did not converge. */
    public static final int NOT_CONVERGED = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--molecule", required = true, paramLabel = "FILE|NAME",
            description = {"LAMDA file: a path; else a species (co, hcn, hco+, cs, hnc: the default files of the shared"
                + " lamda folder, e.g. co -> spectralradex/co.dat, cs -> spectralradex/cs@lique.dat); else a path"
                + " inside the shared lamda folder (pythonradex/cs.dat) or a file name found there once"
                + " (hco+@xpol.dat)."})
    String molecule;

    @Option(names = "--T", required = true, paramLabel = "K", description = "Kinetic temperature (K).")
    double tKin;

    @Option(names = "--n", paramLabel = "CM-3", description = "Total H2 density (cm^-3); the thermal ortho/para "
            + "split is applied when the file has several partners, as RADEX does.")
    Double nH2;

    @Option(names = "--partner", paramLabel = "NAME=CM-3", split = ",",
            description = "Explicit partner density, repeatable: H2, p-H2, o-H2, e, H, He, H+ (or ids 1-7), e.g. "
                + "--partner p-H2=1e3,o-H2=1e2. With p-H2/o-H2 given RADEX sets H2 = p + o unless --n is given.")
    List<String> partners = new ArrayList<>();

    @Option(names = "--N", required = true, paramLabel = "CM-2", description = "Column density (cm^-2).")
    double column;

    @Option(names = "--dv", defaultValue = "1.0", paramLabel = "KM/S",
            description = "FWHM line width (km/s); default ${DEFAULT-VALUE} (RADEX's example input).")
    double dv;

    @Option(names = "--geometry", defaultValue = "sphere", paramLabel = "sphere|lvg|slab",
            description = "Escape probability: uniform sphere (RADEX default), LVG expanding sphere, slab; default "
                + "${DEFAULT-VALUE}.")
    String geometry;

    @Option(names = "--tbg", defaultValue = "2.73", paramLabel = "K",
            description = "Blackbody background temperature (K); default ${DEFAULT-VALUE} (CMB, RADEX example input).")
    double tBg;

    @Option(names = "--fmin", defaultValue = "0", paramLabel = "GHZ", description = "Lowest frequency listed (GHz).")
    double fmin;

    @Option(names = "--fmax", defaultValue = "1e9", paramLabel = "GHZ", description = "Highest frequency listed (GHz).")
    double fmax;

    @Option(names = "--ng", description = "Ng-accelerated iteration instead of classic RADEX (same convergence rule; "
            + "not bit-faithful).")
    boolean ng;

    @Option(names = "--json", description = "Print JSON instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        positive("--T", tKin);
        positive("--N", column);
        positive("--dv", dv);
        positive("--tbg", tBg);
        if (nH2 != null) {
            positive("--n", nH2);
        }
        Geometry g = Geometry.parse(geometry);
        Molecule mol = MoleculeLibrary.load(molecule);
        RadexInput in;
        try {
            in = new RadexInput(tKin, densities(), tBg, column, dv, fmin, fmax);
        } catch (IllegalArgumentException e) {
            // the record names its fields (fminGHz); the user typed the options
            throw new Main.UsageException(e.getMessage().replace("fminGHz", "--fmin").replace("fmaxGHz", "--fmax"));
        }
        RadexResult r = new RadexSolver(mol, g, ng ? RadexOptions.ACCELERATED : RadexOptions.CLASSIC).solve(in);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(r));
        } else {
            table(out, mol, r);
        }
        out.flush();
        if (!r.converged()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("warning: RADEX did not converge in " + r.iterations() + " iterations; no values reported");
            err.flush();
            return NOT_CONVERGED;
        }
        return 0;
    }

    private static void positive(String option, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(option + " must be finite and > 0, got " + v);
        }
    }

    private double[] densities() {
        double[] d = new double[8];
        if (nH2 != null) {
            d[1] = nH2;
        }
        boolean op = false;
        for (String p : partners) {
            int eq = p.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("--partner must be NAME=DENSITY, got '" + p + "'");
            }
            int id = partnerId(p.substring(0, eq).trim());
            double v;
            try {
                v = Double.parseDouble(p.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--partner " + p.substring(0, eq).trim() + ": density must be a "
                        + "number, got '" + p.substring(eq + 1).trim() + "'");
            }
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("--partner " + p.substring(0, eq).trim() + ": density must be "
                        + "finite and >= 0, got " + v);
            }
            d[id] = v;
            op |= id == 2 || id == 3;
        }
        if (nH2 == null && op) {
            d[1] = d[2] + d[3]; // RADEX: giving o/p densities sets H2 = p + o (ALGORITHM.md Sect. 1.2)
        }
        if (nH2 == null && partners.isEmpty()) {
            throw new IllegalArgumentException("give the H2 density with --n, or partner densities with --partner");
        }
        return d;
    }

    private static int partnerId(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "1": case "h2":
                return 1;
            case "2": case "p-h2": case "ph2": case "para-h2":
                return 2;
            case "3": case "o-h2": case "oh2": case "ortho-h2":
                return 3;
            case "4": case "e": case "e-": case "electrons":
                return 4;
            case "5": case "h":
                return 5;
            case "6": case "he":
                return 6;
            case "7": case "h+":
                return 7;
            default:
                throw new IllegalArgumentException("--partner: unknown partner '" + name
                        + "' (H2, p-H2, o-H2, e, H, He, H+ or 1-7)");
        }
    }

    static String json(RadexResult r) throws Exception {
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = om.createObjectNode();
        root.put("converged", r.converged());
        root.put("iterations", r.iterations());
        ArrayNode arr = root.putArray("lines");
        if (r.converged()) {
            for (LineResult l : r.lines()) {
                ObjectNode o = arr.addObject();
                o.put("upper", l.upper());
                o.put("lower", l.lower());
                o.put("frequencyGHz", l.frequencyGHz());
                o.put("eUpK", l.eUpK());
                o.put("tex", l.tex());
                o.put("tau", l.tau());
                o.put("tR", l.tR());
                o.put("fluxKkms", l.fluxKkms());
                o.put("fluxErg", l.fluxErg());
            }
        }
        return om.writeValueAsString(root);
    }

    private void table(PrintWriter out, Molecule mol, RadexResult r) {
        RadexInput in = r.input();
        out.printf(Locale.ROOT, "* Radex                : native Java port of classic RADEX 30nov2011%s%n",
                ng ? " (Ng-accelerated)" : "");
        out.printf(Locale.ROOT, "* Geometry             : %s%n", r.geometry().name().toLowerCase(Locale.ROOT));
        out.printf(Locale.ROOT, "* Molecular data file  : %s (%s)%n", mol.source(), mol.name());
        out.printf(Locale.ROOT, "* T(kin)            [K]: %8.3f%n", in.tKin());
        String[] names = {"", "H2", "pH2", "oH2", "e", "H", "He", "H+"};
        for (int i = 1; i < 8; i++) {
            if (in.density(i) > 0) {
                out.printf(Locale.ROOT, "* Density of %-3s [cm-3]: %10.3E%n", names[i], in.density(i));
            }
        }
        out.printf(Locale.ROOT, "* T(background)     [K]: %8.3f%n", in.tBg());
        out.printf(Locale.ROOT, "* Column density [cm-2]: %10.3E%n", in.columnDensity());
        out.printf(Locale.ROOT, "* Line width     [km/s]: %8.3f%n", in.lineWidthKms());
        if (!r.converged()) {
            out.printf(Locale.ROOT, "NOT CONVERGED after %d iterations: values withheld%n", r.iterations());
            return;
        }
        out.printf(Locale.ROOT, "Calculation finished in %4d iterations%n", r.iterations());
        out.println("      LINE         E_UP       FREQ        WAVEL     T_EX      TAU        T_R       POP        "
                + "POP       FLUX        FLUX");
        out.println("                   (K)        (GHz)       (um)      (K)                  (K)        UP        "
                + "LOW      (K*km/s) (erg/cm2/s)");
        for (LineResult l : r.lines()) {
            out.printf(Locale.ROOT, "%-6s -- %-6s %7.1f %11.4f %11.4f %8.3f %10.3E %10.3E %10.3E %10.3E %10.3E %10.3E%n",
                    l.upper(), l.lower(), l.eUpK(), l.frequencyGHz(), l.wavelengthUm(), l.tex(), l.tau(), l.tR(),
                    l.popUp(), l.popLow(), l.fluxKkms(), l.fluxErg());
        }
    }
}
