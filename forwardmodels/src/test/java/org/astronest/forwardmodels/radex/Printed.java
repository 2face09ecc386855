package org.astronest.forwardmodels.radex;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Comparison of our numbers with values RADEX printed (its {@code f8.3} and {@code 1pe10.3} columns).
 *
 * <p>Rule: a printed value {@code s} with last printed digit of weight {@code u} (e.g. {@code u = 1e-3} for
 * {@code 9.855}, {@code u = 1e-6} for {@code 1.779E-03}, {@code u = 1e97} for {@code 2.556+100}) agrees with our
 * {@code x} when {@code |x - s| <= u/2 * (1 + 1e-9)} (the 1e-9 only absorbs the binary representation of the decimal
 * string). That is exactly "x rounds to what RADEX printed", allowing either rounding at a tie.
 */
final class Printed {

    private Printed() {
    }

    private static final Pattern EXP3 = Pattern.compile("(.*\\d)([+-]\\d{3})");

    /** The value of a RADEX-printed number, including the 3-digit exponent form {@code 2.556+100}. */
    static double value(String s) {
        String t = s.trim();
        Matcher m = EXP3.matcher(t);
        if (!t.toUpperCase().contains("E") && m.matches()) {
            t = m.group(1) + "E" + m.group(2);
        }
        return Double.parseDouble(t);
    }

    /** Weight of the last printed digit. */
    static double unit(String s) {
        String t = s.trim();
        String mant = t;
        int exp = 0;
        int e = t.toUpperCase().indexOf('E');
        Matcher m = EXP3.matcher(t);
        if (e >= 0) {
            mant = t.substring(0, e);
            exp = Integer.parseInt(t.substring(e + 1).replace("+", ""));
        } else if (m.matches()) {
            mant = m.group(1);
            exp = Integer.parseInt(m.group(2).replace("+", ""));
        }
        int dot = mant.indexOf('.');
        int decimals = dot < 0 ? 0 : mant.length() - dot - 1;
        return Math.pow(10, exp - decimals);
    }

    /** |ours - printed| in units of the last printed digit (0.5 or less = agreement). */
    static double digits(double ours, String printed) {
        return Math.abs(ours - value(printed)) / unit(printed);
    }

    static boolean agrees(double ours, String printed) {
        return digits(ours, printed) <= 0.5 * (1 + 1e-9);
    }

    /** One model block of a RADEX output file. */
    record Block(java.util.Map<String, String> header, int iterations, List<String[]> rows) {
        String get(String key) {
            for (var e : header.entrySet()) {
                if (e.getKey().startsWith(key)) {
                    return e.getValue();
                }
            }
            return null;
        }

        double num(String key) {
            String v = get(key);
            if (v == null) {
                throw new IllegalStateException("no header '" + key + "' in " + header);
            }
            return Double.parseDouble(v.trim());
        }
    }

    /**
     * Parses a RADEX output file into blocks: {@code * key : value} header lines, the iteration count (-1 for
     * {@code ****}) and table rows as {@code [qnUp, qnLow, E_UP, FREQ, WAVEL, T_EX, TAU, T_R, POP UP, POP LOW,
     * FLUX K km/s, FLUX erg]}.
     */
    static List<Block> parseOut(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        java.util.Map<String, String> header = null;
        int iterations = 0;
        List<String[]> rows = null;
        for (String line : lines) {
            if (line.startsWith("* Radex version")) {
                if (header != null) {
                    blocks.add(new Block(header, iterations, rows));
                }
                header = new java.util.LinkedHashMap<>();
                rows = new ArrayList<>();
                iterations = 0;
            }
            if (header == null) {
                continue;
            }
            String t = line.strip();
            if (t.startsWith("*") && t.contains(":") && !t.contains("Calculation finished")) {
                int c = t.indexOf(':');
                header.put(t.substring(1, c).strip(), t.substring(c + 1).strip());
            } else if (t.startsWith("The ") && t.contains(":")) {
                int c = t.indexOf(':');
                header.put(t.substring(0, c).strip(), t.substring(c + 1).strip());
            } else if (t.contains("Calculation finished in")) {
                Matcher m = Pattern.compile("finished in\\s+(\\S+)\\s+iterations").matcher(t);
                if (m.find()) {
                    iterations = m.group(1).startsWith("*") ? -1 : Integer.parseInt(m.group(1));
                }
            } else if (t.contains("--") && !t.startsWith("LINE")) {
                int d = t.indexOf("--");
                String up = t.substring(0, d).strip();
                String[] rest = t.substring(d + 2).strip().split("\\s+");
                String[] row = new String[12];
                row[0] = up;
                System.arraycopy(rest, 0, row, 1, 11);
                rows.add(row);
            }
        }
        if (header != null) {
            blocks.add(new Block(header, iterations, rows));
        }
        return blocks;
    }
}
