package org.astronest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.cli.plots.SeriesPlot;
import org.astronest.forwardmodels.crosssurvey.CrossSurveyData;
import org.astronest.forwardmodels.crosssurvey.CrossSurveyFit;
import org.astronest.forwardmodels.crosssurvey.CrossSurveyModel;
import org.astronest.forwardmodels.crosssurvey.LatentModel;
import org.astronest.forwardmodels.crosssurvey.LatentPosterior;
import org.astronest.forwardmodels.crosssurvey.ReducedRankRegression;
import org.astronest.forwardmodels.crosssurvey.SyntheticSurveys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code astronest crosssurvey}: seed 002's latent model shared by a high- and a low-resolution survey
 * (docs/crosssurvey.md). {@code fit} learns it from stars in both, {@code posterior} gives stars seen only at low
 * resolution their exact latent posterior, denoised spectrum and flags, {@code simulate} writes issue 23's synthetic
 * surveys. Spectra and errors are CSV tables with a header row, one star per row, one column per pixel.
 */
@Command(name = "crosssurvey", mixinStandardHelpOptions = true,
        description = "A latent representation shared by a high- and a low-resolution survey (seed 002).",
        subcommands = {CrossSurveyCommand.Simulate.class, CrossSurveyCommand.Fit.class,
            CrossSurveyCommand.Posterior.class})
public final class CrossSurveyCommand implements Runnable {

    static final String MODEL = "model.json";

    @Override
    public void run() {
        throw new Main.UsageException("give a subcommand: fit, posterior or simulate (see 'astronest crosssurvey "
                + "--help')");
    }

    static double[][] matrix(Path f, String option) throws IOException {
        return SpectraTables.read(f, option, Set.of()).flux();
    }

    static CrossSurveyData data(Path hi, Path lo, Path err, String prefix) throws IOException {
        return new CrossSurveyData(checked(hi, prefix + "hi", false), checked(lo, prefix + "lo", false),
                checked(err, prefix + "lo-err", true));
    }

    /** A spectra table whose values are finite (and positive for errors); errors name the option, row and pixel. */
    static double[][] checked(Path f, String option, boolean positive) throws IOException {
        double[][] m = matrix(f, option);
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[i].length; j++) {
                if (!Double.isFinite(m[i][j]) || positive && !(m[i][j] > 0)) {
                    throw new IllegalArgumentException(option + " row " + (i + 1) + " pixel " + (j + 1) + " must be "
                            + (positive ? "> 0" : "finite (no missing pixels)") + ", got " + m[i][j]);
                }
            }
        }
        return m;
    }

    @Command(name = "fit", mixinStandardHelpOptions = true, description = "Fit the model (MAP under unit-normal "
            + "priors, or the closed-form reduced-rank regression). With --test-* and --scan, the held-out "
            + "log-likelihood against the latent dimension. Writes DIR/model.json and DIR/result.json.")
    static final class Fit implements Callable<Integer> {
        @Option(names = "--hi", required = true, paramLabel = "HI.csv", description = "High-resolution spectra.")
        Path hi;

        @Option(names = "--lo", required = true, paramLabel = "LO.csv", description = "Low-resolution spectra.")
        Path lo;

        @Option(names = "--lo-err", required = true, paramLabel = "ERR.csv", description = "Their errors (> 0).")
        Path loErr;

        @Option(names = "--latent", required = true, paramLabel = "C", description = "Latent dimension c.")
        int latent;

        @Option(names = "--method", paramLabel = "map|rrr", description = "map (default): heteroscedastic errors "
                + "and normal priors; rrr: the closed form with one weight per pixel and flat priors.")
        String method = "map";

        @Option(names = "--prior-sd", paramLabel = "S", description = "Prior sd of every coefficient (default 1).")
        double priorSd = 1;

        @Option(names = "--max-iter", paramLabel = "N", description = "MAP iterations at most (default 200).")
        int maxIter = 200;

        @Option(names = "--test-hi", paramLabel = "HI.csv", description = "Held-out high-resolution spectra.")
        Path testHi;

        @Option(names = "--test-lo", paramLabel = "LO.csv", description = "Held-out low-resolution spectra.")
        Path testLo;

        @Option(names = "--test-lo-err", paramLabel = "ERR.csv", description = "Their errors.")
        Path testErr;

        @Option(names = "--scan", paramLabel = "MAX", description = "Also fit c = 1..MAX and report the held-out "
                + "log-likelihood of each (needs --test-*).")
        int scan;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Option(names = "--force", description = "Replace the results already in the output directory.")
        boolean force;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RunOutput.refuseExisting(out, force, MODEL, "result.json", "heldout.png");
            if (!method.equals("map") && !method.equals("rrr")) {
                throw new IllegalArgumentException("--method must be map or rrr, got '" + method + "'");
            }
            CrossSurveyFit.Options o = options(() -> new CrossSurveyFit.Options(priorSd, 0.01, maxIter));
            boolean test = testHi != null || testLo != null || testErr != null;
            if (test && (testHi == null || testLo == null || testErr == null)) {
                throw new IllegalArgumentException("--test-hi, --test-lo and --test-lo-err go together");
            }
            if (scan != 0 && (!test || scan < 1)) {
                throw new IllegalArgumentException(scan < 1 ? "--scan must be >= 1, got " + scan
                        : "--scan needs --test-hi, --test-lo and --test-lo-err");
            }
            CrossSurveyData train = data(hi, lo, loErr, "--");
            CrossSurveyData held = test ? data(testHi, testLo, testErr, "--test-") : null;
            if (held != null && (held.hiPixels() != train.hiPixels() || held.loPixels() != train.loPixels())) {
                throw new IllegalArgumentException("--test-* spectra have " + held.hiPixels() + " and "
                        + held.loPixels() + " pixels, the training ones " + train.hiPixels() + " and "
                        + train.loPixels());
            }
            RunOutput.checkWritable(out, "--out");
            fitAndWrite(train, held, latent, method, priorSd, o, scan, out, spec.commandLine().getOut());
            return 0;
        }
    }

    /**
     * Fits latent dimension {@code latent} ({@code method} map or rrr), with {@code held} the held-out
     * log-likelihood and with {@code scan > 0} the scan over c = 1..scan; writes model.json, result.json (and
     * heldout.png) into {@code out}. Shared by {@code crosssurvey fit} and {@code model: {type: crosssurvey}}.
     */
    static void fitAndWrite(CrossSurveyData train, CrossSurveyData held, int latent, String method, double priorSd,
            CrossSurveyFit.Options o, int scan, Path out, java.io.PrintWriter pw) throws IOException {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("stars", train.stars());
        j.put("hi_pixels", train.hiPixels());
        j.put("lo_pixels", train.loPixels());
        j.put("latent", latent);
        j.put("method", method);
        j.put("prior_sd", priorSd);
        CrossSurveyModel m = fit(train, latent, method, o, j);
        if (held != null) {
            j.put("heldout_log_likelihood", m.logLikelihood(held));
        }
        if (scan > 0) {
            List<Map<String, Object>> rows = new ArrayList<>();
            double[] cs = new double[scan];
            double[] ll = new double[scan];
            for (int c = 1; c <= scan; c++) {
                cs[c - 1] = c;
                ll[c - 1] = fit(train, c, method, o, new LinkedHashMap<>()).logLikelihood(held);
                rows.add(Map.of("latent", c, "heldout_log_likelihood", ll[c - 1]));
                pw.printf("c = %d: held-out ln L %.2f%n", c, ll[c - 1]);
            }
            j.put("scan", rows);
            NmfHaloCommand.png(out.resolve("heldout.png"), SeriesPlot.of("Held-out log-likelihood", "latent "
                    + "dimension c", List.of(new SeriesPlot.Panel("ln L (test stars)", 1, List.of(
                    new SeriesPlot.Series(method, cs, ll, true)))), 640, 420));
        }
        LatentModel lm = m.latent(train.hi());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("latent", latent);
        model.put("beta_F", m.betaF());
        model.put("beta_z", m.betaZ());
        model.put("b_F", m.b());
        model.put("latent_mean", lm.mean());
        model.put("latent_chol", lm.chol());
        AtomicFiles.write(out.resolve(MODEL), w -> TaggingCommand.JSON.writeValue(w, model));
        AtomicFiles.write(out.resolve("result.json"), w -> TaggingCommand.JSON.writeValue(w, j));
        pw.printf("crosssurvey %s, c = %d on %d stars%s; wrote %s%n", method, latent,
                train.stars(), held == null ? "" : String.format(", held-out ln L %.2f",
                (double) j.get("heldout_log_likelihood")), out);
    }

    private static CrossSurveyModel fit(CrossSurveyData d, int c, String method, CrossSurveyFit.Options o,
            Map<String, Object> j) {
        if (method.equals("rrr")) {
            return ReducedRankRegression.fit(d, c);
        }
        CrossSurveyFit.Result r = CrossSurveyFit.fit(d, c, o);
        j.put("iterations", r.iterations());
        j.put("log_posterior", r.logPosterior());
        j.put("converged", r.iterations() < o.maxIterations());
        return r.model();
    }

    @Command(name = "posterior", mixinStandardHelpOptions = true, description = "The exact latent posterior of "
            + "stars seen only at low resolution. Writes DIR/posterior.csv (mean and sd of z, ln evidence, reduced "
            + "chi-square, flagged pixels), denoised.csv, residuals.csv and star.png.")
    static final class Posterior implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "MODEL.json", description = "From crosssurvey fit.")
        Path model;

        @Option(names = "--lo", required = true, paramLabel = "LO.csv", description = "Low-resolution spectra.")
        Path lo;

        @Option(names = "--lo-err", required = true, paramLabel = "ERR.csv", description = "Their errors (> 0).")
        Path loErr;

        @Option(names = "--flag", paramLabel = "K", description = "Flag pixels with |residual| > K errors "
                + "(default 5).")
        double flag = LatentPosterior.FLAG_THRESHOLD;

        @Option(names = "--plot-star", paramLabel = "I", description = "Row (1-based) drawn in star.png (default "
                + "the star with the largest reduced chi-square).")
        Integer plotStar;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Option(names = "--force", description = "Replace the results already in the output directory.")
        boolean force;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            RunOutput.refuseExisting(out, force, "posterior.csv", "denoised.csv", "residuals.csv", "star.png");
            if (!(flag > 0)) {
                throw new IllegalArgumentException("--flag must be > 0, got " + flag);
            }
            LatentModel lm = readModel(model);
            double[][] y = checked(lo, "--lo", false);
            double[][] e = checked(loErr, "--lo-err", true);
            if (y.length != e.length) {
                throw new IllegalArgumentException("--lo has " + y.length + " stars, --lo-err " + e.length);
            }
            if (plotStar != null && (plotStar < 1 || plotStar > y.length)) {
                throw new IllegalArgumentException("--plot-star must be in 1.." + y.length + ", got " + plotStar);
            }
            RunOutput.checkWritable(out, "--out");
            int c = lm.latent();
            double[][] post = new double[y.length][];
            double[][] den = new double[y.length][];
            double[][] res = new double[y.length][];
            int worst = 0;
            int flagged = 0;
            for (int i = 0; i < y.length; i++) {
                LatentPosterior p;
                try {
                    p = lm.posterior(y[i], e[i]);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException("star " + (i + 1) + ": " + ex.getMessage());
                }
                double[] row = new double[2 * c + 3];
                double[] z = p.latentMean();
                for (int k = 0; k < c; k++) {
                    row[k] = z[k];
                    double v = 0;
                    for (int a = 0; a < c; a++) {
                        for (int b = 0; b < c; b++) {
                            v += lm.chol()[k][a] * p.covariance()[a][b] * lm.chol()[k][b];
                        }
                    }
                    row[c + k] = Math.sqrt(v);
                }
                row[2 * c] = p.logEvidence();
                row[2 * c + 1] = p.reducedChiSquare();
                row[2 * c + 2] = p.flagged(flag).length;
                flagged += row[2 * c + 2] > 0 ? 1 : 0;
                post[i] = row;
                den[i] = p.denoised();
                res[i] = p.residuals();
                if (p.reducedChiSquare() > post[worst][2 * c + 1]) {
                    worst = i;
                }
            }
            List<String> head = new ArrayList<>();
            for (int k = 1; k <= c; k++) {
                head.add("z" + k);
            }
            for (int k = 1; k <= c; k++) {
                head.add("z" + k + "_sd");
            }
            head.addAll(List.of("log_evidence", "reduced_chi2", "flagged_pixels"));
            SpectraTables.write(out.resolve("posterior.csv"), head, post);
            SpectraTables.write(out.resolve("denoised.csv"), List.of(), null, "p", den);
            SpectraTables.write(out.resolve("residuals.csv"), List.of(), null, "p", res);
            int star = plotStar != null ? plotStar - 1 : worst;
            double[] px = IntStream.range(0, y[star].length).mapToDouble(k -> k + 1).toArray();
            NmfHaloCommand.png(out.resolve("star.png"), SeriesPlot.of("Star " + (star + 1) + ": reduced chi-square "
                    + String.format("%.2f", post[star][2 * c + 1]), "pixel", List.of(
                    new SeriesPlot.Panel("flux", 3, List.of(new SeriesPlot.Series("observed", px, y[star], false),
                            new SeriesPlot.Series("denoised", px, den[star], false))),
                    new SeriesPlot.Panel("residual / error", 2, List.of(new SeriesPlot.Series("residual", px,
                            res[star], false)))), 900, 560));
            spec.commandLine().getOut().printf("%d stars, %d with a pixel beyond %.3g errors; wrote %s%n", y.length,
                    flagged, flag, out);
            return 0;
        }
    }

    /** The latent model a {@code crosssurvey fit} wrote. */
    static LatentModel readModel(Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("--model: no such file: " + f);
        }
        JsonNode n;
        try {
            n = TaggingCommand.JSON.readTree(f.toFile());
            CrossSurveyModel m = new CrossSurveyModel(matrix(n, "beta_F"), matrix(n, "beta_z"), vector(n, "b_F"));
            return m.latent(vector(n, "latent_mean"), matrix(n, "latent_chol"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--model " + f + ": not a crosssurvey model (" + e.getMessage() + ")");
        }
    }

    private static double[][] matrix(JsonNode n, String key) {
        JsonNode a = n.get(key);
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException("no '" + key + "' matrix");
        }
        double[][] m = new double[a.size()][];
        for (int i = 0; i < m.length; i++) {
            m[i] = new double[a.get(i).size()];
            for (int j = 0; j < m[i].length; j++) {
                m[i][j] = a.get(i).get(j).asDouble();
            }
        }
        return m;
    }

    private static double[] vector(JsonNode n, String key) {
        JsonNode a = n.get(key);
        if (a == null || !a.isArray()) {
            throw new IllegalArgumentException("no '" + key + "' vector");
        }
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    static <T> T options(java.util.function.Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith("prior_sd") ? "--prior-sd"
                    + e.getMessage().substring(8) : e.getMessage().startsWith("max_iter") ? "--max-iter"
                    + e.getMessage().substring(8) : e.getMessage());
        }
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true, description = "Write issue 23's synthetic "
            + "surveys (5 latent dimensions, 200 and 150 pixels, 800 training and 300 test stars; cosmic rays in the "
            + "first --cosmic-rays test stars): DIR/{train,test}_{hi,lo,lo_err}.csv.")
    static final class Simulate implements Callable<Integer> {
        @Option(names = "--seed", paramLabel = "S", description = "Seed (default 1).")
        long seed = 1;

        @Option(names = "--cosmic-rays", paramLabel = "N", description = "Test stars given 1-3 cosmic-ray pixels "
                + "(default 30).")
        int cosmicRays = 30;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Option(names = "--force", description = "Replace the files already in the output directory.")
        boolean force;

        @Spec
        CommandSpec spec;

        static final String[] FILES = {"train_hi.csv", "train_lo.csv", "train_lo_err.csv", "test_hi.csv",
            "test_lo.csv", "test_lo_err.csv"};

        @Override
        public Integer call() throws Exception {
            RunOutput.refuseExisting(out, force, FILES);
            SyntheticSurveys.Design design = SyntheticSurveys.Design.issue23(seed);
            if (cosmicRays < 0 || cosmicRays > design.test()) {
                throw new IllegalArgumentException("--cosmic-rays must be in 0.." + design.test() + ", got "
                        + cosmicRays);
            }
            RunOutput.checkWritable(out, "--out");
            SyntheticSurveys.Surveys s = SyntheticSurveys.draw(design);
            double[][] testLo = SyntheticSurveys.withCosmicRays(s.test().lo(), s.test().loErr(), cosmicRays, seed);
            double[][][] m = {s.train().hi(), s.train().lo(), s.train().loErr(), s.test().hi(), testLo,
                s.test().loErr()};
            for (int f = 0; f < FILES.length; f++) {
                SpectraTables.write(out.resolve(FILES[f]), List.of(), null, "p", m[f]);
            }
            spec.commandLine().getOut().printf("wrote %d training and %d test stars (%d with cosmic rays) to %s%n",
                    s.train().stars(), s.test().stars(), cosmicRays, out);
            return 0;
        }
    }
}
