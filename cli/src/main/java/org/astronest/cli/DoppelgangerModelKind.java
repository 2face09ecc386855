package org.astronest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.astronest.cli.config.ConfigPaths;
import org.astronest.cli.config.Node;
import org.astronest.cli.config.RunConfig;
import org.astronest.forwardmodels.tagging.Doppelganger;
import org.astronest.forwardmodels.tagging.Spread;

/**
 * {@code model: {type: doppelganger, ...}}: the YAML form of {@code tagging doppelganger} (docs/tagging.md), with its
 * options in snake_case:
 * <pre>
 * model: {type: doppelganger, field: FIELD.csv, clusters: CLUSTERS.csv, components: K, spread: mad | sd,
 *         leave_one_cluster_out: true, max_extinction_diff: A, max_rv_diff: V}
 * </pre>
 * It writes the command's files (result.json, rates.csv, doppelganger.png) into the run directory.
 */
final class DoppelgangerModelKind implements ModelKind {

    static final Set<String> KEYS = Set.of("type", "field", "clusters", "components", "spread",
            "leave_one_cluster_out", "max_extinction_diff", "max_rv_diff");

    @Override
    public List<String> types() {
        return List.of("doppelganger");
    }

    @Override
    public ConfigModel create(RunConfig config) {
        Node m = config.model().object(KEYS);
        Path field = ConfigPaths.file(m.get("field"));
        Path clusters = ConfigPaths.file(m.get("clusters"));
        if (field == null || clusters == null || m.get("components").isMissing()) {
            throw m.error("give field: FIELD.csv, clusters: CLUSTERS.csv and components: K");
        }
        long k = m.get("components").integer();
        if (k < 1 || k > 10_000) {
            throw m.get("components").error("must be in 1..10000, got " + k);
        }
        Spread spread;
        try {
            spread = Spread.of(m.get("spread").text("mad"));
        } catch (IllegalArgumentException e) {
            throw m.get("spread").error(e.getMessage());
        }
        boolean loco = m.get("leave_one_cluster_out").bool(true);
        Double maxA = m.get("max_extinction_diff").isMissing() ? null : m.get("max_extinction_diff").number(0);
        Double maxV = m.get("max_rv_diff").isMissing() ? null : m.get("max_rv_diff").number(0);
        return new FitModel() {
            @Override
            public String type() {
                return "doppelganger";
            }

            @Override
            public void fit(Path dir, long seed, PrintWriter out) throws IOException {
                TaggingCommand.Tables t;
                List<Doppelganger.Cut> cuts = new ArrayList<>();
                try {
                    t = TaggingCommand.Tables.load(field, clusters, (int) k, "field", "clusters", "components");
                    t.cut(cuts, "extinction", maxA, "max_extinction_diff");
                    t.cut(cuts, "rv", maxV, "max_rv_diff");
                } catch (IllegalArgumentException e) {
                    throw m.error(e.getMessage());
                }
                TaggingCommand.doppelganger(t, (int) k, spread, cuts, loco, dir, out);
            }
        };
    }
}
