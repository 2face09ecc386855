package org.astronest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.astronest.emulators.Backend;
import org.astronest.emulators.ChemistryEmulator;
import org.astronest.emulators.EmulatorCatalog;
import org.astronest.emulators.LineId;
import org.astronest.emulators.RadexEmulator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code astronest emulate}: evaluate emulchem's published emulators from the command line.
 * <pre>
 *   astronest emulate chem --species CO --chi 10 --zeta 100 --n 5e5 --av 40 --T 150 --metallicity 0.9
 *   astronest emulate line --line "CO(3-2)" --T 150 --n 5e5 --N 1.5e19 --dv 50
 *   astronest emulate --list        (or: astronest emulate list)
 * </pre>
 * Options common to all: {@code --emulchem-dir DIR} (else {@code ASTRONEST_EMULCHEM}, else the shared folder's
 * {@code emulchem/}), {@code --backend java|dl4j} (default java), {@code --json}.
 */
@Command(name = "emulate", mixinStandardHelpOptions = true, description = "Evaluate the emulchem chemistry (UCLCHEM) and RADEX line emulators.",
        subcommands = {EmulateCommand.Chem.class, EmulateCommand.Line.class, EmulateCommand.ListCommand.class})
public final class EmulateCommand implements Callable<Integer> {

    /** Options shared by every emulate command. */
    static final class Common {
        @Option(names = "--emulchem-dir", paramLabel = "DIR",
                description = "emulchem data folder with chem/ and rad/ (default: $ASTRONEST_EMULCHEM, else "
                        + "the shared folder's emulchem/).")
        String emulchemDir;

        @Option(names = "--backend", paramLabel = "java|dl4j", description = "Evaluation backend (default: java).")
        String backend;

        @Option(names = "--json", description = "Print a JSON object instead of the bare value.")
        boolean json;

        /**
         * These options with those given before the subcommand ({@code emulate --json chem ...}) filling the ones not
         * given after it; they were silently ignored.
         */
        Common with(Common outer) {
            if (outer == null) {
                return this;
            }
            Common c = new Common();
            c.emulchemDir = emulchemDir != null ? emulchemDir : outer.emulchemDir;
            c.backend = backend != null ? backend : outer.backend;
            c.json = json || outer.json;
            return c;
        }

        EmulatorCatalog catalog() {
            Backend b;
            String backend = this.backend == null ? "java" : this.backend;
            try {
                b = Backend.parse(backend);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--backend must be java or dl4j, got '" + backend + "'", e);
            }
            return EmulatorCatalog.open(emulchemDir).withBackend(b);
        }
    }

    @Mixin
    Common common;

    @Option(names = "--list", description = "List the emulated species and lines.")
    boolean list;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (list) {
            return printList(common, spec.commandLine().getOut());
        }
        throw new Main.UsageException("give a subcommand: chem, line or list, or --list (see 'astronest emulate "
                + "--help')");
    }

    static int printList(Common common, PrintWriter out) {
        EmulatorCatalog cat = common.catalog();
        List<String> species = cat.species();
        List<LineId> lines = cat.lines();
        if (common.json) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode o = m.createObjectNode();
            o.put("emulchem_dir", cat.directory().toString());
            ArrayNode s = o.putArray("species");
            species.forEach(s::add);
            ArrayNode l = o.putArray("lines");
            lines.forEach(x -> l.add(x.toString()));
            out.println(o.toString());
        } else {
            out.println("emulchem networks in " + cat.directory());
            out.println("chemistry species (" + species.size() + "): " + String.join(" ", species));
            StringBuilder sb = new StringBuilder();
            for (LineId x : lines) {
                sb.append(sb.length() == 0 ? "" : " ").append(x);
            }
            out.println("lines (" + lines.size() + "; transition index = J_upper - 1): " + sb);
        }
        out.flush();
        return 0;
    }

    /** {@code emulate list}: same as {@code emulate --list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the emulated species and lines.")
    static final class ListCommand implements Callable<Integer> {
        @Mixin
        Common common;

        @CommandLine.ParentCommand
        EmulateCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return printList(common.with(parent.common), spec.commandLine().getOut());
        }
    }

    /** {@code emulate chem}: fractional abundance of one species. */
    @Command(name = "chem", mixinStandardHelpOptions = true, description = "Fractional abundance (relative to H) from the UCLCHEM emulator.")
    static final class Chem implements Callable<Integer> {
        @Mixin
        Common common;

        @CommandLine.ParentCommand
        EmulateCommand parent;

        @Option(names = "--species", required = true, description = "Species as named by UCLCHEM, e.g. CO, HCO+.")
        String species;

        @Option(names = "--chi", required = true, description = "UV field (Draine), 1..1e3.")
        double chi;

        @Option(names = "--zeta", required = true, description = "Cosmic-ray ionisation rate (x 1.3e-17 s^-1), 1..1e3.")
        double zeta;

        @Option(names = "--n", required = true, description = "Density (cm^-3), 1e4..1e6.")
        double density;

        @Option(names = "--av", required = true, description = "Visual extinction (mag), 1..100.")
        double av;

        @Option(names = "--T", required = true, description = "Gas temperature (K), 10..200.")
        double temperature;

        @Option(names = "--metallicity", required = true, description = "Metallicity (solar), 0..2.")
        double metallicity;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            common = common.with(parent.common);
            ChemistryEmulator e = common.catalog().chemistry(species);
            double x = e.abundance(chi, zeta, density, av, temperature, metallicity);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                ObjectNode o = new ObjectMapper().createObjectNode();
                o.put("species", e.species());
                o.put("chi", chi);
                o.put("zeta", zeta);
                o.put("n", density);
                o.put("av", av);
                o.put("T", temperature);
                o.put("metallicity", metallicity);
                o.put("backend", e.emulator().kernel().backend().name().toLowerCase(java.util.Locale.ROOT));
                o.put("abundance", x);
                out.println(o.toString());
            } else {
                out.println(x);
            }
            out.flush();
            return 0;
        }
    }

    /** {@code emulate line}: integrated intensity of one line. */
    @Command(name = "line", mixinStandardHelpOptions = true, description = "Integrated line intensity (K km/s) from the RADEX emulator.")
    static final class Line implements Callable<Integer> {
        @Mixin
        Common common;

        @CommandLine.ParentCommand
        EmulateCommand parent;

        @Option(names = "--line", required = true, description = "Line as species(Jup-Jlow), e.g. \"CO(3-2)\".")
        String line;

        @Option(names = "--T", required = true, description = "Kinetic temperature (K), 10..200.")
        double temperature;

        @Option(names = "--n", required = true, description = "H2 density (cm^-3), 1e4..1e6.")
        double density;

        @Option(names = "--N", required = true, description = "Column density (cm^-2); N/dv must be in the "
                + "species' range (CO 1e13..1e19, 13CO 1e12..1e18, CS 1e10..1e18, HCN 1e9..1e17, "
                + "HCO+ 1e8..1e15).")
        double column;

        @Option(names = "--dv", required = true, description = "Line width (km/s).")
        double width;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            common = common.with(parent.common);
            RadexEmulator e = common.catalog().line(line);
            double i = e.intensity(temperature, density, column, width);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                ObjectNode o = new ObjectMapper().createObjectNode();
                o.put("line", e.line().toString());
                o.put("T", temperature);
                o.put("n", density);
                o.put("N", column);
                o.put("dv", width);
                o.put("backend", e.emulator().kernel().backend().name().toLowerCase(java.util.Locale.ROOT));
                o.put("intensity", i);
                o.put("intensity_unit", "K km/s");
                out.println(o.toString());
            } else {
                out.println(i);
            }
            out.flush();
            return 0;
        }
    }
}
