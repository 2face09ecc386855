package org.astronest.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.astronest.inference.RunListener;

/**
 * The progress line of a run on stderr, from the sampler's {@link RunListener} events: on a terminal one line redrawn
 * in place (at most twice a second), otherwise a new line every {@code interval} seconds (5 by default), so a log
 * file gets a readable record and a long run is never silent. Nested sampling shows the iteration, calls, ln Z, the
 * remaining evidence against the stopping value, the recent efficiency and an estimate of the time left; the
 * ensemble shows the step, calls, acceptance and the latest autocorrelation time.
 */
public final class ProgressPrinter implements RunListener {

    /** Seconds between lines when not on a terminal (system property {@code astronest.progressSeconds}). */
    static final double DEFAULT_INTERVAL = 5.0;

    private final PrintWriter err;
    private final boolean inPlace;
    private final long intervalNanos;
    private final LongSupplier clock;
    private long last;
    private int width;
    /** ln(remaining dlogz) and time at the previous nested line, for the time-left estimate. */
    private double lastLogDlogz = Double.NaN;
    private long lastLogTime;

    ProgressPrinter(PrintWriter err, boolean inPlace, double intervalSeconds, LongSupplier clock) {
        this.err = err;
        this.inPlace = inPlace;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.clock = clock;
        this.last = clock.getAsLong();
    }

    /** For a command: redrawn in place on a terminal, else every few seconds; none with {@code quiet}. */
    static RunListener forCommand(PrintWriter err, boolean quiet) {
        if (quiet) {
            return RunListener.NONE;
        }
        boolean terminal = System.console() != null && System.getProperty("astronest.progressSeconds") == null;
        double interval = terminal ? 0.5 : Double.parseDouble(System.getProperty("astronest.progressSeconds",
                Double.toString(DEFAULT_INTERVAL)));
        return new ProgressPrinter(err, terminal, interval, System::nanoTime);
    }

    @Override
    public void progress(Progress p) {
        long now = clock.getAsLong();
        if (now - last < intervalNanos) {
            return;
        }
        last = now;
        String line = line(p, now);
        if (inPlace) {
            int pad = Math.max(0, width - line.length());
            width = line.length();
            err.print("\r" + line + " ".repeat(pad));
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** Ends the in-place line (call once the run is over). */
    void done() {
        if (inPlace && width > 0) {
            err.println();
            err.flush();
        }
    }

    String line(Progress p, long now) {
        Map<String, Double> v = p.values();
        StringBuilder b = new StringBuilder(p.sampler()).append(": ");
        if (p.sampler().equals("nested")) {
            b.append(String.format(Locale.ROOT, "iteration %d, %s calls", p.iteration(), count(p.likelihoodCalls())));
            append(b, v, "logZ", ", ln Z %.3f");
            Double dz = v.get("dlogz");
            Double stop = v.get("dlogzStop");
            if (dz != null) {
                b.append(String.format(Locale.ROOT, ", remaining %.3g", dz));
                if (stop != null) {
                    b.append(String.format(Locale.ROOT, " (stops below %.3g)", stop));
                }
            }
            Double eff = v.get("efficiency");
            if (eff != null) {
                b.append(String.format(Locale.ROOT, ", efficiency %.3g%%", 100 * eff));
            }
            b.append(eta(dz, stop, now));
        } else if (p.sampler().equals("nuts")) {
            Double warm = v.get("warmup");
            Double total = v.get("total");
            boolean warming = warm != null && p.iteration() <= warm;
            b.append(String.format(Locale.ROOT, "iteration %d/%.0f%s, %s gradients", p.iteration(),
                    total == null ? Double.NaN : total, warming ? " (warm-up)" : "",
                    count(v.getOrDefault("gradients", 0.0).longValue())));
            append(b, v, "stepSize", ", step size %.3g");
            Double div = v.get("divergences");
            if (div != null && div > 0) {
                b.append(String.format(Locale.ROOT, ", %.0f divergent", div));
            }
        } else {
            b.append(String.format(Locale.ROOT, "step %d, %s calls", p.iteration(), count(p.likelihoodCalls())));
            append(b, v, "acceptance", ", acceptance %.3f");
            append(b, v, "tau", ", tau %.1f");
        }
        b.append(String.format(Locale.ROOT, ", %.0f s", p.wallSeconds()));
        return b.toString();
    }

    /**
     * Time left for nested sampling: the remaining evidence shrinks about geometrically once the posterior bulk is
     * reached, so ln(remaining) is extrapolated linearly in time to ln(stopping value). Shown only while it shrinks.
     */
    private String eta(Double dz, Double stop, long now) {
        if (dz == null || stop == null || !(dz > 0) || !(stop > 0)) {
            return "";
        }
        double l = Math.log(dz);
        String out = "";
        if (!Double.isNaN(lastLogDlogz) && l < lastLogDlogz && now > lastLogTime) {
            double rate = (lastLogDlogz - l) / ((now - lastLogTime) * 1e-9);
            double left = Math.max(0, (l - Math.log(stop)) / rate);
            out = String.format(Locale.ROOT, ", about %s left", duration(left));
        }
        lastLogDlogz = l;
        lastLogTime = now;
        return out;
    }

    private static void append(StringBuilder b, Map<String, Double> v, String key, String fmt) {
        Double x = v.get(key);
        if (x != null && Double.isFinite(x)) {
            b.append(String.format(Locale.ROOT, fmt, x));
        }
    }

    static String count(long n) {
        if (n >= 10_000_000) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        if (n >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", n / 1e3);
        }
        return Long.toString(n);
    }

    static String duration(double s) {
        if (s < 90) {
            return String.format(Locale.ROOT, "%.0f s", s);
        }
        if (s < 5400) {
            return String.format(Locale.ROOT, "%.0f min", s / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600);
    }
}
