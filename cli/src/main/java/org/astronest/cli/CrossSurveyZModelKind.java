package org.astronest.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.astronest.cli.config.ConfigPaths;
import org.astronest.cli.config.Node;
import org.astronest.cli.config.RunConfig;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.forwardmodels.crosssurvey.LatentModel;
import org.astronest.forwardmodels.crosssurvey.LatentPosterior;
import org.astronest.inference.InferenceProblem;
import org.astronest.inference.RunResult;
import org.astronest.priors.Parameter;
import org.astronest.priors.PriorSet;
import org.astronest.validation.crosssurvey.LatentPosteriorProblem;

/**
 * {@code model: {type: crosssurvey-z, model: MODEL.json, lo: LO.csv, lo_err: ERR.csv, star: 1}}: the latent
 * posterior of one star seen only at low resolution (row {@code star}, 1-based, of the tables), under a model from
 * {@code crosssurvey fit} (docs/crosssurvey.md). Parameters u1..uc, the whitened latent coordinates, with N(0, 1)
 * priors; the run directory also gets {@code exact_posterior.json}, the closed-form mean, covariance and ln Z the
 * sampled ones can be compared with.
 */
final class CrossSurveyZModelKind implements ModelKind {

    static final Set<String> KEYS = Set.of("type", "model", "lo", "lo_err", "star");

    @Override
    public List<String> types() {
        return List.of("crosssurvey-z");
    }

    @Override
    public ConfigModel create(RunConfig config) {
        Node m = config.model().object(KEYS);
        Path model = ConfigPaths.file(m.get("model"));
        Path lo = ConfigPaths.file(m.get("lo"));
        Path err = ConfigPaths.file(m.get("lo_err"));
        if (model == null || lo == null || err == null) {
            throw m.error("give model: MODEL.json (from crosssurvey fit), lo: LO.csv and lo_err: ERR.csv");
        }
        long star = m.get("star").isMissing() ? 1 : m.get("star").integer();
        LatentPosterior p;
        try {
            LatentModel lm = read(m.get("model"), () -> CrossSurveyCommand.readModel(model));
            double[][] y = read(m.get("lo"), () -> CrossSurveyCommand.checked(lo, "lo", false));
            double[][] e = read(m.get("lo_err"), () -> CrossSurveyCommand.checked(err, "lo_err", true));
            if (star < 1 || star > y.length || y.length != e.length) {
                throw m.get("star").error(y.length != e.length ? "lo has " + y.length + " stars, lo_err " + e.length
                        : "must be in 1.." + y.length + ", got " + star);
            }
            p = read(m.get("lo"), () -> lm.posterior(y[(int) star - 1], e[(int) star - 1]));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        InferenceProblem problem = LatentPosteriorProblem.of(p);
        LatentPosterior exact = p;
        return new RunModel() {
            @Override
            public String type() {
                return "crosssurvey-z";
            }

            @Override
            public List<Parameter> defaults() {
                return problem.priors().parameters();
            }

            @Override
            public InferenceProblem problem(PriorSet priors) {
                return InferenceProblem.of(priors, exact::logLikelihood);
            }

            @Override
            public void finish(Path dir, RunResult result) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("star", star);
                j.put("mean", exact.mean());
                j.put("covariance", exact.covariance());
                j.put("log_evidence", exact.logEvidence());
                j.put("note", "exact for the N(0, 1) priors of u1..uc; other priors change the posterior");
                try {
                    AtomicFiles.write(dir.resolve("exact_posterior.json"), w -> TaggingCommand.JSON.writeValue(w, j));
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        };
    }

    interface Io<T> {
        T get() throws IOException;
    }

    private static <T> T read(Node n, Io<T> s) throws IOException {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }
}
