package org.astronest.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.astronest.cli.config.ConfigPaths;
import org.astronest.cli.config.Node;
import org.astronest.cli.config.RunConfig;
import org.astronest.forwardmodels.crosssurvey.CrossSurveyData;
import org.astronest.forwardmodels.crosssurvey.CrossSurveyFit;

/**
 * {@code model: {type: crosssurvey, ...}}: the YAML form of {@code crosssurvey fit} (docs/crosssurvey.md), with its
 * options in snake_case:
 * <pre>
 * model: {type: crosssurvey, hi: HI.csv, lo: LO.csv, lo_err: ERR.csv, latent: C, method: map | rrr, prior_sd: 1,
 *         max_iter: 200, test_hi: HI.csv, test_lo: LO.csv, test_lo_err: ERR.csv, scan: MAX}
 * </pre>
 * It writes the command's files (model.json, result.json, heldout.png with a scan) into the run directory.
 */
final class CrossSurveyModelKind implements ModelKind {

    static final Set<String> KEYS = Set.of("type", "hi", "lo", "lo_err", "latent", "method", "prior_sd", "max_iter",
            "test_hi", "test_lo", "test_lo_err", "scan");

    @Override
    public List<String> types() {
        return List.of("crosssurvey");
    }

    @Override
    public ConfigModel create(RunConfig config) {
        Node m = config.model().object(KEYS);
        Path hi = ConfigPaths.file(m.get("hi"));
        Path lo = ConfigPaths.file(m.get("lo"));
        Path err = ConfigPaths.file(m.get("lo_err"));
        if (hi == null || lo == null || err == null || m.get("latent").isMissing()) {
            throw m.error("give hi: HI.csv, lo: LO.csv, lo_err: ERR.csv and latent: C");
        }
        int latent = m.get("latent").whole(0, 1);
        String method = m.get("method").text("map");
        if (!method.equals("map") && !method.equals("rrr")) {
            throw m.get("method").error("must be map or rrr, got " + m.get("method").show());
        }
        double priorSd = m.get("prior_sd").number(1);
        int maxIter = m.get("max_iter").whole(200, 1);
        CrossSurveyFit.Options o;
        try {
            o = new CrossSurveyFit.Options(priorSd, 0.01, maxIter);
        } catch (IllegalArgumentException e) {
            throw m.error(e.getMessage());
        }
        Path testHi = ConfigPaths.file(m.get("test_hi"));
        Path testLo = ConfigPaths.file(m.get("test_lo"));
        Path testErr = ConfigPaths.file(m.get("test_lo_err"));
        boolean test = testHi != null || testLo != null || testErr != null;
        if (test && (testHi == null || testLo == null || testErr == null)) {
            throw m.error("test_hi, test_lo and test_lo_err go together");
        }
        int scan = m.get("scan").whole(0, 0);
        if (scan > 0 && !test) {
            throw m.get("scan").error("needs test_hi, test_lo and test_lo_err");
        }
        return new FitModel() {
            @Override
            public String type() {
                return "crosssurvey";
            }

            @Override
            public void fit(Path dir, long seed, PrintWriter out) throws IOException {
                try {
                    CrossSurveyData train = new CrossSurveyData(CrossSurveyCommand.checked(hi, "hi", false),
                            CrossSurveyCommand.checked(lo, "lo", false), CrossSurveyCommand.checked(err, "lo_err",
                            true));
                    CrossSurveyData held = test ? new CrossSurveyData(CrossSurveyCommand.checked(testHi, "test_hi",
                            false), CrossSurveyCommand.checked(testLo, "test_lo", false),
                            CrossSurveyCommand.checked(testErr, "test_lo_err", true)) : null;
                    CrossSurveyCommand.fitAndWrite(train, held, latent, method, priorSd, o, scan, dir, out);
                } catch (IllegalArgumentException e) {
                    throw m.error(e.getMessage());
                }
            }
        };
    }
}
