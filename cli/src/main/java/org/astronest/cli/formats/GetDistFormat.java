package org.astronest.cli.formats;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.inference.RunResult;
import org.astronest.inference.WeightedSamples;

/**
 * GetDist's plain-text chains (getdist.readthedocs.io, "Chain files"; what {@code getdist.loadMCSamples(ROOT)} reads):
 * {@code ROOT.txt} with one row per sample, {@code weight  -ln(posterior)  column...}, whitespace separated, plus
 * {@code ROOT.paramnames} and {@code ROOT.ranges} ({@link GetDistNames}).
 *
 * <p>Nested sampling: every weighted sample in one file, weights scaled so that the largest is 1. Ensemble MCMC: one
 * file per walker, {@code ROOT_1.txt ... ROOT_W.txt}, its post-burn-in thinned draws with weight 1, so that GetDist's
 * convergence diagnostics see the walkers. The second column is -(ln L + ln prior), the unnormalised minus log
 * posterior; for a run whose prior density was not recorded (written before it was) it is -ln L and the caller is
 * told.
 */
final class GetDistFormat implements OutputFormat {

    @Override
    public String name() {
        return "getdist";
    }

    @Override
    public String description() {
        return "GetDist chains: ROOT.txt (ROOT_1.txt ... per walker), ROOT.paramnames, ROOT.ranges";
    }

    @Override
    public List<Path> write(RunResult run, String root, Path dir) throws IOException {
        WeightedSamples s = run.samples();
        List<Path> out = new ArrayList<>();
        int walkers = walkers(run);
        if (walkers > 1) {
            for (int k = 0; k < walkers; k++) {
                int walker = k;
                Path f = dir.resolve(root + "_" + (k + 1) + ".txt");
                AtomicFiles.write(f, w -> rows(w, s, walker, walkers));
                out.add(f);
            }
        } else {
            Path f = dir.resolve(root + ".txt");
            AtomicFiles.write(f, w -> rows(w, s, 0, 1));
            out.add(f);
        }
        out.addAll(GetDistNames.write(run.columns(), root, dir));
        return out;
    }

    /**
     * The number of walkers whose draws the samples interleave (step-major: row r belongs to walker r mod W), or 1
     * when the run has no chains or the samples do not split evenly.
     */
    static int walkers(RunResult run) {
        if (run.chains().isEmpty() || !run.samples().isEqualWeighted()) {
            return 1;
        }
        int w = run.chains().get().walkers();
        return w > 1 && run.samples().size() % w == 0 ? w : 1;
    }

    /** Rows {@code first, first + stride, ...} of the samples as GetDist rows. */
    private static void rows(BufferedWriter w, WeightedSamples s, int first, int stride) throws IOException {
        double[] lw = s.logWeights();
        double[] ll = s.logLikelihoods();
        double[] lp = s.logPriors();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : lw) {
            max = Math.max(max, v);
        }
        StringBuilder b = new StringBuilder();
        for (int i = first; i < s.size(); i += stride) {
            b.setLength(0);
            double minusLogPost = -(ll[i] + (Double.isNaN(lp[i]) ? 0 : lp[i]));
            b.append(GetDistNames.number(Math.exp(lw[i] - max))).append(' ').append(GetDistNames.number(minusLogPost));
            for (double v : s.row(i)) {
                b.append(' ').append(GetDistNames.number(v));
            }
            w.write(b.toString());
            w.newLine();
        }
    }
}
