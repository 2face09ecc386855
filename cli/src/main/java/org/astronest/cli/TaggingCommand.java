package org.astronest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.cli.io.Csv;
import org.astronest.cli.plots.SeriesPlot;
import org.astronest.forwardmodels.tagging.Doppelganger;
import org.astronest.forwardmodels.tagging.Ppca;
import org.astronest.forwardmodels.tagging.Rsca;
import org.astronest.forwardmodels.tagging.Spread;
import org.astronest.forwardmodels.tagging.SyntheticClusters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code astronest tagging}: chemical tagging in spectral space (thesis ch. 5, docs/tagging.md). {@code rsca} learns
 * the metric, {@code doppelganger} measures it, {@code simulate} writes issue 23's synthetic field and clusters.
 * Tables: a header row, one star per row; {@code cluster} (clusters file), {@code extinction} and {@code rv} are star
 * data, every other column a pixel, an empty cell a missing pixel.
 */
@Command(name = "tagging", mixinStandardHelpOptions = true,
        description = "Chemical tagging in spectral space: RSCA metric learning and doppelganger rates.",
        subcommands = {TaggingCommand.Simulate.class, TaggingCommand.RscaFit.class,
            TaggingCommand.DoppelgangerRates.class})
public final class TaggingCommand implements Runnable {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final Set<String> STAR_DATA = Set.of("cluster", "extinction", "rv");

    @Override
    public void run() {
        throw new Main.UsageException("give a subcommand: rsca, doppelganger or simulate (see 'astronest tagging "
                + "--help')");
    }

    /** Shared inputs of rsca and doppelganger. */
    static class Inputs {
        @Option(names = "--field", required = true, paramLabel = "FIELD.csv", description = "Field spectra.")
        Path field;

        @Option(names = "--clusters", required = true, paramLabel = "CLUSTERS.csv",
                description = "Cluster members' spectra with a 'cluster' column (any numbers as labels).")
        Path clusters;

        @Option(names = "--components", required = true, paramLabel = "K", description = "PPCA components (step 1).")
        int components;

        @Option(names = "--spread", paramLabel = "mad|sd", description = "Per-cluster spread of step 4: mad "
                + "(default, the thesis' eq. 5.7, scaled by 1.4826 and unbiased for small clusters) or sd.")
        String spread = "mad";

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Option(names = "--force", description = "Replace the results already in the output directory.")
        boolean force;

        SpectraTables fieldTable;
        SpectraTables clusterTable;
        int[] labels;

        Spread spread() {
            try {
                return Spread.of(spread);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--spread: " + e.getMessage());
            }
        }

        void read() throws IOException {
            Tables t = Tables.load(field, clusters, components, "--field", "--clusters", "--components");
            fieldTable = t.field();
            clusterTable = t.clusters();
            labels = t.labels();
        }
    }

    /** A fitted PPCA and the field's and cluster members' latent coordinates under it. */
    record Latent(Ppca.Model ppca, double[][] field, double[][] clusters) {
    }

    /** The field and cluster tables with the members' labels; errors name the options (or config keys) given. */
    record Tables(SpectraTables field, SpectraTables clusters, int[] labels) {

        static Tables load(Path field, Path clusters, int components, String fieldKey, String clustersKey,
                String componentsKey) throws IOException {
            if (components < 1) {
                throw new IllegalArgumentException(componentsKey + " must be >= 1, got " + components);
            }
            SpectraTables f = SpectraTables.read(field, fieldKey, STAR_DATA);
            SpectraTables c = SpectraTables.read(clusters, clustersKey, STAR_DATA);
            if (!f.pixels().equals(c.pixels())) {
                throw new IllegalArgumentException(clustersKey + " has pixel columns " + c.pixels().size()
                        + " that differ from " + fieldKey + "'s " + f.pixels().size());
            }
            double[] lab = c.column("cluster");
            if (lab == null) {
                throw new IllegalArgumentException(clustersKey + " " + clusters + ": no 'cluster' column");
            }
            int[] labels = new int[lab.length];
            for (int i = 0; i < lab.length; i++) {
                if (!(lab[i] == Math.rint(lab[i])) || Math.abs(lab[i]) > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(clustersKey + " row " + (i + 1) + ": cluster must be a whole "
                            + "number, got " + lab[i]);
                }
                labels[i] = (int) lab[i];
            }
            return new Tables(f, c, labels);
        }

        /** Both tables in the latent space of a PPCA with {@code components} dimensions fitted to the field. */
        Latent latent(int components) {
            Ppca.Model p = Ppca.fit(field.flux(), Ppca.Options.of(components));
            return new Latent(p, p.transform(field.flux()), p.transform(clusters.flux()));
        }

        /** A pair cut on {@code column}, or none when {@code max} is null; errors name {@code key}. */
        void cut(List<Doppelganger.Cut> cuts, String column, Double max, String key) {
            if (max == null) {
                return;
            }
            if (!(max > 0)) {
                throw new IllegalArgumentException(key + " must be > 0, got " + max);
            }
            double[] f = field.column(column);
            double[] c = clusters.column(column);
            if (f == null || c == null) {
                throw new IllegalArgumentException(key + " needs a '" + column + "' column in the field and "
                        + "cluster tables");
            }
            cuts.add(new Doppelganger.Cut(column, f, c, max));
        }
    }

    @Command(name = "rsca", mixinStandardHelpOptions = true, description = "Learn the RSCA metric (thesis sec. 5.3). "
            + "Writes DIR/result.json, field_rsca.csv, clusters_rsca.csv (dimensions by decreasing scale).")
    static final class RscaFit extends Inputs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RunOutput.refuseExisting(out, force, "result.json", "field_rsca.csv", "clusters_rsca.csv");
            Spread s = spread();
            read();
            RunOutput.checkWritable(out, "--out");
            Latent z = new Tables(fieldTable, clusterTable, labels).latent(components);
            Ppca.Model p = z.ppca();
            double[][] zf = z.field();
            double[][] zc = z.clusters();
            Rsca.Metric m = Rsca.metric(zf, zc, labels, s);
            double[] se = Rsca.sigmaC2Errors(zf, zc, labels, s);
            double[][] lead = new double[labels.length][];
            for (int i = 0; i < labels.length; i++) {
                lead[i] = new double[] {labels[i]};
            }
            SpectraTables.write(out.resolve("field_rsca.csv"), List.of(), null, "r", m.transform(zf));
            SpectraTables.write(out.resolve("clusters_rsca.csv"), List.of("cluster"), lead, "r", m.transform(zc));
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("field_stars", zf.length);
            j.put("cluster_members", zc.length);
            j.put("clusters", m.clusters());
            j.put("components", components);
            j.put("spread", s.name());
            j.put("ppca", Map.of("iterations", p.iterations(), "noise_variance", p.noiseVariance(),
                    "log_likelihood", p.logLikelihood()));
            j.put("sigma_c2", m.sigmaC2());
            j.put("sigma_c2_error", se);
            j.put("scales", m.scales());
            AtomicFiles.write(out.resolve("result.json"), w -> JSON.writeValue(w, j));
            spec.commandLine().getOut().printf("RSCA on %d field stars, %d members of %d clusters, K = %d: "
                    + "sigma_c^2 of the top three dimensions %.4g, %.4g, %.4g; wrote %s%n", zf.length, zc.length,
                    m.clusters(), components, m.sigmaC2()[0], m.sigmaC2()[Math.min(1, components - 1)],
                    m.sigmaC2()[Math.min(2, components - 1)], out);
            return 0;
        }
    }

    @Command(name = "doppelganger", mixinStandardHelpOptions = true, description = "Doppelganger rates of the RSCA "
            + "metric (thesis sec. 5.4.2) against the number of kept dimensions, leave-one-cluster-out by default. "
            + "Writes DIR/result.json, rates.csv, doppelganger.png.")
    static final class DoppelgangerRates extends Inputs implements Callable<Integer> {
        @Option(names = "--no-loco", description = "Use one metric fitted on all clusters (overfits; sec. 5.4.3).")
        boolean noLoco;

        @Option(names = "--max-extinction-diff", paramLabel = "A", description = "Keep pairs with |extinction "
                + "difference| < A (the thesis: 0.05; needs 'extinction' columns).")
        Double maxExtinction;

        @Option(names = "--max-rv-diff", paramLabel = "V", description = "Keep pairs with |rv difference| < V (the "
                + "thesis: 5 km/s; needs 'rv' columns).")
        Double maxRv;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RunOutput.refuseExisting(out, force, "result.json", "rates.csv", "doppelganger.png");
            Spread s = spread();
            read();
            List<Doppelganger.Cut> cuts = new ArrayList<>();
            Tables t = new Tables(fieldTable, clusterTable, labels);
            t.cut(cuts, "extinction", maxExtinction, "--max-extinction-diff");
            t.cut(cuts, "rv", maxRv, "--max-rv-diff");
            RunOutput.checkWritable(out, "--out");
            doppelganger(t, components, s, cuts, !noLoco, out, spec.commandLine().getOut());
            return 0;
        }
    }

    /**
     * The doppelganger rates of the RSCA metric (leave one cluster out when {@code loco}) written to {@code out}:
     * result.json, rates.csv, doppelganger.png; one summary line to {@code pw}. Shared by the command and
     * {@code model: {type: doppelganger}}.
     */
    static void doppelganger(Tables t, int components, Spread s, List<Doppelganger.Cut> cuts, boolean loco, Path out,
            java.io.PrintWriter pw) throws IOException {
        Latent z = t.latent(components);
        double[][] zf = z.field();
        double[][] zc = z.clusters();
        Doppelganger.Rates[] r;
        if (loco) {
            r = Doppelganger.leaveOneClusterOut(zf, zc, t.labels(), s, cuts);
        } else {
            Rsca.Metric m = Rsca.metric(zf, zc, t.labels(), s);
            r = Doppelganger.rates(m.transform(zf), m.transform(zc), t.labels(), cuts);
        }
        double[] n = new double[r.length];
        double[] rate = new double[r.length];
        double[][] rows = new double[r.length][];
        List<Map<String, Object>> byDims = new ArrayList<>();
        for (int d = 0; d < r.length; d++) {
            n[d] = d + 1;
            rate[d] = r[d].global();
            rows[d] = new double[] {d + 1, r[d].global(), r[d].error()};
            byDims.add(Map.of("dimensions", d + 1, "rate", r[d].global(), "error", r[d].error()));
        }
        AtomicFiles.write(out.resolve("rates.csv"), w -> {
            w.write("dimensions,rate,error\n");
            for (double[] row : rows) {
                w.write((int) row[0] + "," + Csv.number(row[1]) + "," + Csv.number(row[2]) + "\n");
            }
        });
        List<Map<String, Object>> clusters = new ArrayList<>();
        for (Doppelganger.ClusterRate c : r[r.length - 1].clusters()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cluster", c.label());
            m.put("size", c.size());
            m.put("median_distance", c.medianIntra());
            m.put("pairs", c.pairs());
            m.put("closer", c.closer());
            m.put("rate", c.rate());
            clusters.add(m);
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("leave_one_cluster_out", loco);
        j.put("components", components);
        j.put("spread", s.name());
        j.put("cuts", cuts.stream().map(c -> Map.of("column", c.name(), "max_difference", c.maxDifference()))
                .toList());
        j.put("rate", r[r.length - 1].global());
        j.put("error", r[r.length - 1].error());
        j.put("by_dimensions", byDims);
        j.put("clusters_all_dimensions", clusters);
        AtomicFiles.write(out.resolve("result.json"), w -> JSON.writeValue(w, j));
        NmfHaloCommand.png(out.resolve("doppelganger.png"), SeriesPlot.of("Doppelganger rate"
                + (loco ? " (leave one cluster out)" : ""), "kept RSCA dimensions", List.of(new SeriesPlot.Panel(
                "global doppelganger rate", 1, List.of(new SeriesPlot.Series("rate", n, rate, true)))), 640,
                420));
        pw.printf("doppelganger rate with all %d dimensions %.5f +- %.5f (%s); wrote %s%n",
                r.length, r[r.length - 1].global(), r[r.length - 1].error(),
                loco ? "leave one cluster out" : "one metric for all clusters", out);
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true, description = "Write issue 23's synthetic field "
            + "(20,000 stars) and 22 clusters: DIR/field.csv, DIR/clusters.csv.")
    static final class Simulate implements Callable<Integer> {
        @Option(names = "--seed", paramLabel = "S", description = "Seed (default 1).")
        long seed = 1;

        @Option(names = "--missing", paramLabel = "F", description = "Fraction of pixels removed at random (default 0).")
        double missing;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Option(names = "--force", description = "Replace the files already in the output directory.")
        boolean force;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RunOutput.refuseExisting(out, force, "field.csv", "clusters.csv");
            if (!(missing >= 0 && missing < 1)) {
                throw new IllegalArgumentException("--missing must be in [0, 1), got " + missing);
            }
            RunOutput.checkWritable(out, "--out");
            SyntheticClusters.Data d = SyntheticClusters.draw(SyntheticClusters.Design.issue23(seed)
                    .withMissing(missing));
            double[][] fl = new double[d.field().length][];
            for (int i = 0; i < fl.length; i++) {
                fl[i] = new double[] {d.fieldExtinction()[i], d.fieldRv()[i]};
            }
            double[][] ml = new double[d.members().length][];
            for (int i = 0; i < ml.length; i++) {
                ml[i] = new double[] {d.labels()[i], d.memberExtinction()[i], d.memberRv()[i]};
            }
            SpectraTables.write(out.resolve("field.csv"), List.of("extinction", "rv"), fl, "p", d.field());
            SpectraTables.write(out.resolve("clusters.csv"), List.of("cluster", "extinction", "rv"), ml, "p",
                    d.members());
            spec.commandLine().getOut().printf("wrote %d field stars and %d members of %d clusters to %s%n",
                    fl.length, ml.length, d.labels()[ml.length - 1] + 1, out);
            return 0;
        }
    }
}
