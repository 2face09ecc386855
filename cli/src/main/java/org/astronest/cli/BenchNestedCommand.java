package org.astronest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.astronest.inference.Evidence;
import org.astronest.inference.Rngs;
import org.astronest.inference.RunResult;
import org.astronest.inference.nested.NestedSampler;
import org.astronest.validation.problems.PeerCosts;
import org.astronest.validation.problems.ProblemCatalog;
import org.astronest.validation.problems.TestProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code astronest bench nested}: runs the nested sampler on catalogue problems over several seeds and prints, per
 * problem, a JSON object with the per-seed likelihood calls, wall and CPU seconds, logZ, logZErr and the error in
 * sigma, plus their means, the between-seed standard deviation of logZ, the RMS of (logZ - reference), the cost of
 * evidence accuracy F = mean calls x (mean reported error)^2 and its ratio to MultiNest's F from the shared
 * {@code problems/README.md} ({@link PeerCosts}).
 */
@Command(name = "nested", mixinStandardHelpOptions = true,
        description = "Benchmark the nested sampler on catalogue problems; prints one JSON object per problem.")
public final class BenchNestedCommand implements Callable<Integer> {

    /** Problems benchmarked when --problems is not given (those with peer figures in shared/problems). */
    static final List<String> DEFAULT_PROBLEMS = List.of("shells2d", "eggbox2d", "corrgauss10d", "rosenbrock5d",
            "loggamma2d", "loggamma10d");

    @Option(names = "--problems", split = ",", paramLabel = "NAME[,NAME...]",
            description = "Catalogue problems (default: ${DEFAULT-VALUE}).")
    List<String> problems = DEFAULT_PROBLEMS;

    @Option(names = "--seeds", description = "Seeds 1..N per problem (default ${DEFAULT-VALUE}).")
    int seeds = 3;

    @Option(names = "--live-points", description = "Live points (default ${DEFAULT-VALUE}, as the peers used).")
    int livePoints = 500;

    @Option(names = "--threads", description = "Worker threads (default 1: CPU time per call is the figure).")
    int threads = 1;

    @Option(names = "--dlogz", description = "Stopping criterion (default: the sampler's, 0.5).")
    Double dlogz;

    @Option(names = "--bound", paramLabel = "BOUND",
            description = "Rejection bound: mlfriends, ellipsoids or cube (default: the sampler's, ellipsoids).")
    String bound;

    @Option(names = "--step", paramLabel = "STEP",
            description = "Step method: auto, rejection or slice (default: the sampler's, auto).")
    String step;

    @Option(names = "--slice-steps", paramLabel = "N",
            description = "Slice steps per new point (default: the sampler's, 0 = calibrated during the run).")
    Integer sliceSteps;

    @Option(names = "--bootstraps", paramLabel = "N",
            description = "Bootstrap rounds of the region (default: the sampler's).")
    Integer bootstraps;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) {
            throw new Main.UsageException("--seeds must be >= 1, got " + seeds);
        }
        PrintWriter out = spec.commandLine().getOut();
        ObjectMapper json = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        NestedSampler.Options o;
        try {
            o = NestedSampler.Options.defaults().withLivePoints(livePoints).withThreads(threads);
            if (dlogz != null) {
                o = o.withDlogz(dlogz);
            }
            if (bound != null) {
                o = o.withBound(SamplerFactory.boundOf(bound, "--bound"));
            }
            if (step != null) {
                o = o.withStep(SamplerFactory.stepOf(step, "--step"));
            }
            if (sliceSteps != null) {
                o = o.withSliceSteps(sliceSteps);
            }
            if (bootstraps != null) {
                o = o.withBootstraps(bootstraps);
            }
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException(e.getMessage());
        }
        NestedSampler sampler = NestedSampler.of(o);
        Map<String, Double> multinestF;
        try {
            multinestF = PeerCosts.shared().getOrDefault("MultiNest", Map.of());
        } catch (IllegalStateException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("bench nested: no MultiNest F to compare with (" + e.getMessage()
                    + ")");
            multinestF = Map.of();
        }
        for (String name : problems) {
            TestProblem tp = ProblemCatalog.get(name.trim());
            Map<String, Object> res = bench(sampler, tp);
            // F = calls x (mean reported error)^2, the cost of a given evidence accuracy (problems/README.md)
            double f = (Double) res.get("likelihoodCallsMean") * Math.pow((Double) res.get("logZErrMean"), 2);
            res.put("F", f);
            Double fm = multinestF.get(tp.name());
            res.put("multinestF", fm);
            res.put("fRatioMultiNest", fm == null ? null : f / fm);
            out.println(json.writeValueAsString(res));
            out.flush();
        }
        return 0;
    }

    private Map<String, Object> bench(NestedSampler sampler, TestProblem tp) {
        List<Map<String, Object>> runs = new ArrayList<>();
        double sumZ = 0;
        double sumZ2 = 0;
        double sumD2 = 0;
        double sumErr = 0;
        double sumCalls = 0;
        double sumCpu = 0;
        double sumWall = 0;
        double maxSigma = 0;
        double maxMeanErr = 0;
        double maxMeanErrMc = 0;
        for (int s = 1; s <= seeds; s++) {
            double cpu0 = processCpuSeconds();
            RunResult r = sampler.run(tp.problem(), Rngs.seeded(s));
            double cpu = processCpuSeconds() - cpu0;
            Evidence e = r.evidence().orElseThrow();
            double sigma = (e.logZ() - tp.logZ()) / e.logZErr();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seed", s);
            m.put("logZ", e.logZ());
            m.put("logZErr", e.logZErr());
            m.put("logZErrSimple", r.diagnostics().get("logZErrSimple"));
            m.put("logZErrResampled", r.diagnostics().get("logZErrResampled"));
            if (r.diagnostics().containsKey("logZNested")) {
                m.put("logZNested", r.diagnostics().get("logZNested"));
                m.put("logZErrNested", r.diagnostics().get("logZErrNested"));
            }
            m.put("errorSigma", sigma);
            m.put("likelihoodCalls", r.likelihoodCalls());
            m.put("wallSeconds", r.wallSeconds());
            m.put("cpuSeconds", cpu);
            m.put("cpuMicrosPerCall", 1e6 * cpu / r.likelihoodCalls());
            double meanErr = Double.NaN;
            if (tp.hasMoments()) {
                meanErr = 0;
                // the same in the run's own Monte Carlo errors of the means (the "within 4 MC errors")
                List<?> mc = r.diagnostics().get("posteriorMeanErr") instanceof List<?> l ? l : null;
                double worstMc = 0;
                for (int i = 0; i < tp.mean().length; i++) {
                    double off = Math.abs(r.summary().all().get(i).mean() - tp.mean()[i]);
                    meanErr = Math.max(meanErr, off / tp.sd()[i]);
                    if (mc != null) {
                        worstMc = Math.max(worstMc, off / ((Number) mc.get(i)).doubleValue());
                    }
                }
                m.put("maxPosteriorMeanErrorSd", meanErr);
                maxMeanErr = Math.max(maxMeanErr, meanErr);
                if (mc != null) {
                    m.put("maxPosteriorMeanErrorMc", worstMc);
                    maxMeanErrMc = Math.max(maxMeanErrMc, worstMc);
                }
            }
            m.put("sliceFromIteration", r.diagnostics().get("sliceFromIteration"));
            for (String k : List.of("sliceSteps", "sliceStepsMax", "sliceJump", "sliceJumpMid", "sliceJumpLevel",
                    "sliceJumpLevelMid")) {
                if (r.diagnostics().containsKey(k)) {
                    m.put(k, r.diagnostics().get(k));
                }
            }
            runs.add(m);
            sumZ += e.logZ();
            sumZ2 += e.logZ() * e.logZ();
            sumD2 += (e.logZ() - tp.logZ()) * (e.logZ() - tp.logZ());
            sumErr += e.logZErr();
            sumCalls += r.likelihoodCalls();
            sumCpu += cpu;
            sumWall += r.wallSeconds();
            maxSigma = Math.max(maxSigma, Math.abs(sigma));
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("problem", tp.name());
        res.put("dimension", tp.dimension());
        res.put("referenceLogZ", tp.logZ());
        res.put("sampler", "nested");
        res.put("livePoints", livePoints);
        res.put("threads", threads);
        res.put("seeds", seeds);
        double meanZ = sumZ / seeds;
        res.put("logZMean", meanZ);
        res.put("logZSdBetweenSeeds", seeds > 1 ? Math.sqrt(Math.max(0, (sumZ2 - seeds * meanZ * meanZ) / (seeds - 1)))
                : Double.NaN);
        res.put("logZErrMean", sumErr / seeds);
        res.put("rmsLogZError", Math.sqrt(sumD2 / seeds));
        res.put("maxAbsErrorSigma", maxSigma);
        res.put("likelihoodCallsMean", sumCalls / seeds);
        res.put("cpuSecondsMean", sumCpu / seeds);
        res.put("wallSecondsMean", sumWall / seeds);
        res.put("cpuMicrosPerCall", 1e6 * sumCpu / sumCalls);
        if (tp.hasMoments()) {
            res.put("maxPosteriorMeanErrorSd", maxMeanErr);
            res.put("maxPosteriorMeanErrorMc", maxMeanErrMc);
        }
        res.put("runs", runs);
        return res;
    }

    private static double processCpuSeconds() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() * 1e-9;
        }
        return Double.NaN;
    }
}
