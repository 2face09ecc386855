package org.astronest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.astronest.cli.config.ConfigPaths;
import org.astronest.cli.config.Node;
import org.astronest.cli.config.RunConfig;
import org.astronest.forwardmodels.nmf.Nmf;

/**
 * {@code model: {type: nmf-halo, ...}}: seed 003's stellar-halo split by NMF (docs/nmf.md), the YAML form of
 * {@code nmf halo}, with its options as keys:
 * <pre>
 * model: {type: nmf-halo, stars: CSV, bins: 8, hist: 50, components: 2, solver: cd | mu,
 *         init: nndsvd | nndsvda | nndsvdar | random}
 * </pre>
 * The config's {@code seed} seeds the random starts. It writes what {@code nmf halo} writes.
 */
final class NmfHaloModelKind implements ModelKind {

    static final Set<String> KEYS = Set.of("type", "stars", "bins", "hist", "components", "solver", "init");

    @Override
    public List<String> types() {
        return List.of("nmf-halo");
    }

    @Override
    public ConfigModel create(RunConfig config) {
        Node m = config.model().object(KEYS);
        Path stars = ConfigPaths.file(m.get("stars"));
        if (stars == null) {
            throw m.error("give stars: CSV (columns E, Lz, FeH, MgFe, AlFe)");
        }
        int bins = positive(m, "bins", 8);
        int hist = positive(m, "hist", 50);
        int components = positive(m, "components", 2);
        Nmf.Solver solver;
        Nmf.Init init;
        try {
            solver = Nmf.Solver.parse(m.get("solver").text("cd"));
        } catch (IllegalArgumentException e) {
            throw m.get("solver").error(e.getMessage());
        }
        try {
            init = Nmf.Init.parse(m.get("init").text("nndsvda"));
        } catch (IllegalArgumentException e) {
            throw m.get("init").error(e.getMessage());
        }
        if (init == Nmf.Init.CUSTOM) {
            throw m.get("init").error("custom is not available for nmf-halo; use nndsvd, nndsvda, nndsvdar or random");
        }
        String tooMany = NmfHaloCommand.tooManyComponents(bins, hist, components, init);
        if (tooMany != null) {
            throw m.get("components").error(tooMany + "; use init: random");
        }
        return new FitModel() {
            @Override
            public String type() {
                return "nmf-halo";
            }

            @Override
            public void fit(Path dir, long seed, PrintWriter out) throws IOException {
                try {
                    NmfHaloCommand.fitAndWrite(stars, bins, hist, Nmf.Options.defaults(components).withSolver(solver)
                            .withInit(init).withSeed(seed), dir, out);
                } catch (IllegalArgumentException e) {
                    throw m.error(e.getMessage());
                }
            }
        };
    }

    private static int positive(Node m, String key, int fallback) {
        Node n = m.get(key);
        if (n.isMissing()) {
            return fallback;
        }
        long v = n.integer();
        if (v < 1 || v > 100_000) {
            throw n.error("must be a whole number from 1 to 100000, got " + n.show());
        }
        return (int) v;
    }
}
