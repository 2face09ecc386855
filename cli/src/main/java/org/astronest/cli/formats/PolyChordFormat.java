package org.astronest.cli.formats;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.astronest.cli.io.AtomicFiles;
import org.astronest.inference.NestedRun;
import org.astronest.inference.RunResult;
import org.astronest.inference.WeightedSamples;

/**
 * PolyChord's output layout as anesthetic reads it ({@code anesthetic.read_chains(ROOT)}; Handley et al. 2015,
 * PolyChord's README "Output files"; Handley 2019, anesthetic, JOSS 4, 1414): {@code ROOT_dead-birth.txt}, one row
 * per dead point in the order of death, {@code column...  logL  logL_birth}, and {@code ROOT_phys_live-birth.txt}, the
 * final live points in the same columns, with GetDist's {@code ROOT.paramnames} and {@code ROOT.ranges}. A point's
 * {@code logL_birth} is the contour it was drawn above: {@code -inf} for the first live points, else the
 * log-likelihood of the point whose removal it replaced; anesthetic recovers the live-point count at each death from
 * it. Needs a nested run that recorded births (runs since issue 19).
 */
final class PolyChordFormat implements OutputFormat {

    @Override
    public String name() {
        return "anesthetic";
    }

    @Override
    public String description() {
        return "anesthetic / PolyChord: ROOT_dead-birth.txt, ROOT_phys_live-birth.txt, ROOT.paramnames, ROOT.ranges";
    }

    @Override
    public java.util.Optional<String> cannotWrite(RunResult run) {
        if (run.nestedRun().isEmpty()) {
            return java.util.Optional.of("format anesthetic needs a nested-sampling run; this run's sampler is "
                    + run.sampler());
        }
        NestedRun r = run.nestedRun().get();
        if (!r.hasBirths() || r.points() == null) {
            return java.util.Optional.of("format anesthetic needs each dead point's birth contour (nested_run.csv "
                    + "column log_likelihood_birth), which runs written before it was recorded lack; run it again to "
                    + "get it (getdist and arviz work on this run)");
        }
        return java.util.Optional.empty();
    }

    @Override
    public List<Path> write(RunResult run, String root, Path dir) throws IOException {
        cannotWrite(run).ifPresent(why -> {
            throw new IllegalArgumentException(why);
        });
        NestedRun r = run.nestedRun().orElseThrow();
        WeightedSamples p = r.points();
        List<Path> out = new ArrayList<>();
        Path dead = dir.resolve(root + "_dead-birth.txt");
        AtomicFiles.write(dead, w -> rows(w, r, p, 0, r.deadCount()));
        out.add(dead);
        Path live = dir.resolve(root + "_phys_live-birth.txt");
        AtomicFiles.write(live, w -> rows(w, r, p, r.deadCount(), r.size()));
        out.add(live);
        out.addAll(GetDistNames.write(columnsOf(run, p), root, dir));
        return out;
    }

    private static List<org.astronest.inference.ColumnInfo> columnsOf(RunResult run, WeightedSamples p) {
        return org.astronest.inference.ColumnInfo.forNames(p.names(), run.columns());
    }

    private static void rows(BufferedWriter w, NestedRun r, WeightedSamples p, int from, int to) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.setLength(0);
            for (double v : p.row(i)) {
                b.append(GetDistNames.number(v)).append(' ');
            }
            b.append(GetDistNames.number(r.logL()[i])).append(' ').append(GetDistNames.number(r.logLBirth()[i]));
            w.write(b.toString());
            w.newLine();
        }
    }
}
