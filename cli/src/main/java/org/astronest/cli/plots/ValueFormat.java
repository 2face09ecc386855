package org.astronest.cli.plots;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Number formatting for plot titles and tick labels.
 *
 * <p>Titles ({@link #title}): the errors are rounded to two significant figures of the smaller one and the median to
 * the same decimal place (the usual convention of quoting one or two significant digits of the uncertainty, cf. the
 * Particle Data Group's rounding rule in the introduction of the Review of Particle Physics, which keeps two
 * digits when the error's three leading digits are 100-354 and one for 355-949; we keep two throughout, which never loses information). Values of magnitude
 * >= 1e4 or < 1e-3 are written as {@code (m^{+a}_{-b})\times10^{e}}.
 */
public final class ValueFormat {

    private ValueFormat() {
    }

    /** The rich-text (TeX-like) string {@code median^{+plus}_{-minus}}, scaled by a power of ten when needed. */
    public static String title(double median, double plus, double minus) {
        if (!Double.isFinite(median)) {
            return String.valueOf(median);
        }
        double minErr = Math.min(Math.abs(plus), Math.abs(minus));
        double maxErr = Math.max(Math.abs(plus), Math.abs(minus));
        double scale = Math.max(Math.abs(median), Double.isFinite(maxErr) ? maxErr : 0);
        int exp = 0;
        if (scale >= 1e4 || (scale > 0 && scale < 1e-3)) {
            exp = (int) Math.floor(Math.log10(scale));
        }
        if (exp != 0 && minErr > 0 && Double.isFinite(minErr)) {
            // 0.00099996 +- 0.0002 must read (1.00 +- 0.20)e-3, not (10.0 +- 2.0)e-4
            int d = 1 - (int) Math.floor(Math.log10(minErr * Math.pow(10, -exp)));
            if (Math.abs(Double.parseDouble(fixed(median * Math.pow(10, -exp), d))) >= 10) {
                exp++;
            }
        }
        double f = Math.pow(10, -exp);
        String body;
        if (!(minErr > 0) || !Double.isFinite(minErr)) {
            body = sig(median * f, 4);
        } else {
            int d = 1 - (int) Math.floor(Math.log10(minErr * f));
            body = fixed(median * f, d) + "^{+" + fixed(Math.abs(plus) * f, d) + "}_{-" + fixed(Math.abs(minus) * f, d)
                    + "}";
        }
        return exp == 0 ? body : "(" + body + ")\\times10^{" + exp + "}";
    }

    /** {@code v} rounded to {@code decimals} decimal places (negative: to tens, hundreds, ...), plain notation. */
    static String fixed(double v, int decimals) {
        BigDecimal b = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN);
        if (decimals < 0) {
            b = b.setScale(0, RoundingMode.UNNECESSARY);
        }
        String s = b.toPlainString();
        if (s.startsWith("-") && b.signum() == 0) {
            s = s.substring(1);
        }
        return s;
    }

    /** {@code v} with {@code n} significant figures, plain notation. */
    static String sig(double v, int n) {
        if (v == 0) {
            return "0";
        }
        int d = n - 1 - (int) Math.floor(Math.log10(Math.abs(v)));
        return fixed(v, d);
    }

    /** Tick labels for ticks with spacing {@code step}: enough decimals to tell neighbours apart, no more. */
    static String[] ticks(double[] t, double step) {
        int d = Math.max(0, -(int) Math.floor(Math.log10(step) + 1e-9));
        while (d < 12 && Math.abs(step * Math.pow(10, d) - Math.rint(step * Math.pow(10, d))) > 1e-6 * step
                * Math.pow(10, d)) {
            d++;
        }
        String[] out = new String[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = fixed(Math.abs(t[i]) < 1e-12 * step ? 0 : t[i], d);
        }
        return out;
    }

    /** Compact default: shortest of %.4g. */
    static String compact(double v) {
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("\\.?0+(e|$)", "$1");
    }
}
