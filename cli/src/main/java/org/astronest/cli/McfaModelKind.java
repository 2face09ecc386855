package org.astronest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.astronest.cli.config.ConfigPaths;
import org.astronest.cli.config.Node;
import org.astronest.cli.config.RunConfig;
import org.astronest.forwardmodels.mcfa.McfaData;
import org.astronest.forwardmodels.mcfa.McfaOptions;

/**
 * {@code model: {type: mcfa, ...}}: one mixture of common factor analyzers fitted by EM, the YAML form of
 * {@code mcfa fit} (docs/mcfa.md), with the same keys as its options in snake_case:
 * <pre>
 * model: {type: mcfa, data: CSV, latent: J, components: K, inits: 2, missing: exact | mcfa,
 *         convergence: absolute | mcfa-compatible | per-star, tol: T, subsample: M, max_iter: N, init: svd | haar,
 *         threads: 1}
 * </pre>
 * The config's {@code seed} seeds the initializations (the command's default is 1). It writes the same
 * {@code result.json} as {@code mcfa fit}.
 */
final class McfaModelKind implements ModelKind {

    static final Set<String> KEYS = Set.of("type", "data", "latent", "components", "inits", "missing",
            "convergence", "tol", "subsample", "max_iter", "init", "threads");

    @Override
    public List<String> types() {
        return List.of("mcfa");
    }

    @Override
    public ConfigModel create(RunConfig config) {
        Node m = config.model().object(KEYS);
        Path data = ConfigPaths.file(m.get("data"));
        if (data == null) {
            throw m.error("give data: CSV (a header row, one star per row)");
        }
        int latent = whole(m, "latent", -1);
        int components = whole(m, "components", -1);
        if (latent < 0 || components < 0) {
            throw m.error("give latent: J and components: K");
        }
        McfaOptions.MissingMode mm = parse(m.get("missing"), "exact", McfaCommand::missingMode);
        McfaOptions.Convergence cv = parse(m.get("convergence"), "absolute", McfaCommand::convergence);
        McfaOptions.FactorInit fi = parse(m.get("init"), "svd", McfaCommand::factorInit);
        double tol = m.get("tol").number(McfaCommand.defaultTolerance(cv));
        if (!(tol > 0)) {
            throw m.get("tol").error("must be > 0, got " + m.get("tol").show());
        }
        int inits = whole(m, "inits", McfaOptions.defaults().inits());
        int maxIter = whole(m, "max_iter", McfaOptions.defaults().maxIterations());
        int subsample = whole(m, "subsample", 0);
        int threads = whole(m, "threads", 1);
        if (inits < 1 || maxIter < 1 || threads < 1 || subsample < 0) {
            String key = inits < 1 ? "inits" : maxIter < 1 ? "max_iter" : threads < 1 ? "threads" : "subsample";
            throw m.get(key).error("must be " + (key.equals("subsample") ? ">= 0 (0 = off)" : ">= 1") + ", got "
                    + m.get(key).show());
        }
        McfaOptions o = McfaOptions.defaults().withMissing(mm).withConvergence(cv, tol).withFactorInit(fi)
                .withInits(inits).withMaxIterations(maxIter).withSubsample(subsample).withThreads(threads);
        return new FitModel() {
            @Override
            public String type() {
                return "mcfa";
            }

            @Override
            public void fit(Path dir, long seed, PrintWriter out) throws IOException {
                McfaData d;
                try {
                    d = McfaData.readCsv(data);
                } catch (IllegalArgumentException e) {
                    throw m.get("data").error(e.getMessage());
                }
                try {
                    McfaCommand.fitAndWrite(d, o, latent, components, seed, dir, McfaCommand.optionsJson(o, seed),
                            out, m.get("latent").path(), m.get("components").path());
                } catch (IllegalArgumentException e) {
                    throw m.error(e.getMessage());
                }
            }
        };
    }

    private static int whole(Node m, String key, int fallback) {
        Node n = m.get(key);
        if (n.isMissing()) {
            return fallback;
        }
        long v = n.integer();
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw n.error("out of range: " + n.show());
        }
        return (int) v;
    }

    private static <T> T parse(Node n, String fallback, Function<String, T> f) {
        try {
            return f.apply(n.text(fallback));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }
}
