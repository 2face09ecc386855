package org.astronest.forwardmodels.radex;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tolerant reader of LAMDA molecular data files (Schöier et al. 2005, A&amp;A 432, 369; format described at
 * https://home.strw.leidenuniv.nl/~moldata/molformat.html).
 *
 * <p>The file is read as a sequence of data lines in the fixed LAMDA order (name, weight, level count, levels,
 * line count, lines, partner count, then per partner: id line, transition count, temperature count, temperatures,
 * rate lines). Tolerated: comment lines starting with {@code !} or {@code #} anywhere (the usual headers, extra
 * remarks inside blocks), blank lines, tabs, trailing {@code !} remarks on numeric lines, quoted or multi-token
 * quantum numbers ({@code " 03 "}, {@code 01_02}, {@code 1 0 1}), Fortran exponents {@code E-011}, {@code 1.0D-11}
 * and {@code 1.175+121}, and any notes after the last rate line. The partner id is the leading integer of the
 * "COLLISIONS BETWEEN" data line (RADEX reads its first character); a line without one is recognised by the partner
 * name (H2, p-H2/para, o-H2/ortho, e, H, He, H+).
 *
 * <p>A broken file fails with a {@link LamdaFormatException} naming the file, the line number and what was expected.
 */
public final class LamdaReader {

    private LamdaReader() {
    }

    /** Reads a LAMDA file; {@link LamdaFormatException} for a broken file, {@link UncheckedIOException} for IO. */
    public static Molecule read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("molecule file not found: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read molecule file " + file + ": " + e.getMessage(), e);
        }
        return parse(file.getFileName() == null ? file.toString() : file.getFileName().toString(), lines);
    }

    /** Parses the lines of a LAMDA file; {@code source} names it in error messages. */
    public static Molecule parse(String source, List<String> lines) {
        return new Parser(source, lines).molecule();
    }

    /** Parses the text of a LAMDA file. */
    public static Molecule parse(String source, String text) {
        return parse(source, Arrays.asList(text.split("\\R", -1)));
    }

    private static final Pattern FORTRAN_EXP3 = Pattern.compile("([+-]?(?:\\d+\\.?\\d*|\\.\\d+))([+-]\\d{2,3})");

    /** A number as Fortran may write it; null when it is not one. */
    static Double number(String token) {
        String t = token.trim();
        if (t.isEmpty()) {
            return null;
        }
        t = t.replace('D', 'E').replace('d', 'E');
        Matcher m = FORTRAN_EXP3.matcher(t);
        if (m.matches()) {
            t = m.group(1) + "E" + m.group(2);
        }
        char c0 = t.charAt(0);
        if (!(Character.isDigit(c0) || c0 == '+' || c0 == '-' || c0 == '.')) {
            return null; // rejects NaN, Infinity, hex
        }
        try {
            double v = Double.parseDouble(t);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static final class Parser {
        private final String source;
        private final List<String> lines;
        private int pos;          // index of the next line to look at
        private int lineNo;       // 1-based number of the current data line

        Parser(String source, List<String> lines) {
            this.source = source;
            this.lines = lines;
        }

        private LamdaFormatException error(String what, String found) {
            return new LamdaFormatException(source, lineNo, "expected " + what + ", found " + found);
        }

        /** The next non-blank, non-comment line (raw text), or an error saying what was expected. */
        private String nextData(String what) {
            while (pos < lines.size()) {
                String raw = lines.get(pos++);
                String t = raw.strip();
                if (t.isEmpty() || t.charAt(0) == '!' || t.charAt(0) == '#') {
                    continue;
                }
                lineNo = pos;
                return raw;
            }
            lineNo = lines.size();
            throw new LamdaFormatException(source, lineNo, "unexpected end of file: expected " + what);
        }

        /** Whitespace tokens of a numeric data line, without a trailing ! remark. */
        private static String[] tokens(String raw) {
            int bang = raw.indexOf('!');
            String s = (bang >= 0 ? raw.substring(0, bang) : raw).strip();
            return s.isEmpty() ? new String[0] : s.split("[\\s,]+");
        }

        private static String show(String raw) {
            String s = raw.strip();
            return "'" + (s.length() > 60 ? s.substring(0, 57) + "..." : s) + "'";
        }

        private double num(String tok, String what) {
            Double v = number(tok);
            if (v == null) {
                throw error(what + " (a number)", "'" + tok + "'");
            }
            return v;
        }

        private int integer(String tok, String what, int min, int max) {
            Double v = number(tok);
            if (v == null || v != Math.rint(v)) {
                throw error(what + " (an integer)", "'" + tok + "'");
            }
            if (v < min || v > max) {
                throw error(what + " in " + min + ".." + max, "'" + tok + "'");
            }
            return (int) v.doubleValue();
        }

        private int count(String what, int min) {
            String raw = nextData(what);
            String[] t = tokens(raw);
            if (t.length == 0) {
                throw error(what, show(raw));
            }
            return integer(t[0], what, min, 10_000_000);
        }

        Molecule molecule() {
            String name = nextData("the molecule name").strip();
            String[] wt = tokens(nextData("the molecular weight"));
            if (wt.length == 0) {
                throw error("the molecular weight", "an empty line");
            }
            double weight = num(wt[0], "the molecular weight");

            int nlev = count("the number of energy levels", 1);
            double[] energy = new double[nlev];
            double[] g = new double[nlev];
            String[] qn = new String[nlev];
            for (int i = 0; i < nlev; i++) {
                String what = "energy level " + (i + 1) + " of " + nlev + " (LEVEL ENERGY(cm^-1) WEIGHT QNUMS)";
                String raw = nextData(what);
                String[] t = tokens(raw);
                if (t.length < 3) {
                    throw error(what, show(raw));
                }
                int idx = integer(t[0], "level number " + (i + 1), 1, nlev);
                if (idx != i + 1) {
                    throw error("level number " + (i + 1), "'" + t[0] + "'");
                }
                energy[i] = num(t[1], "the energy of level " + (i + 1));
                g[i] = num(t[2], "the statistical weight of level " + (i + 1));
                if (g[i] <= 0) {
                    throw error("a positive statistical weight of level " + (i + 1), "'" + t[2] + "'");
                }
                qn[i] = quantumNumbers(raw, t);
            }

            int nlin = count("the number of radiative transitions", 0);
            int[] up = new int[nlin];
            int[] lo = new int[nlin];
            double[] a = new double[nlin];
            double[] freq = new double[nlin];
            double[] eup = new double[nlin];
            for (int k = 0; k < nlin; k++) {
                String what = "radiative transition " + (k + 1) + " of " + nlin + " (TRANS UP LOW A(s^-1) FREQ(GHz) E_u(K))";
                String raw = nextData(what);
                String[] t = tokens(raw);
                if (t.length < 6) {
                    throw error(what, show(raw));
                }
                integer(t[0], "transition number " + (k + 1), 1, Integer.MAX_VALUE);
                up[k] = integer(t[1], "the upper level of transition " + (k + 1), 1, nlev) - 1;
                lo[k] = integer(t[2], "the lower level of transition " + (k + 1), 1, nlev) - 1;
                a[k] = num(t[3], "the Einstein A of transition " + (k + 1));
                freq[k] = num(t[4], "the frequency (GHz) of transition " + (k + 1));
                eup[k] = num(t[5], "the upper energy (K) of transition " + (k + 1));
                if (!(energy[up[k]] > energy[lo[k]])) {
                    throw error("transition " + (k + 1) + " with an upper level above its lower level (E"
                            + (up[k] + 1) + "=" + energy[up[k]] + ", E" + (lo[k] + 1) + "=" + energy[lo[k]] + " cm^-1)",
                            show(raw));
                }
                if (a[k] < 0) {
                    throw error("a non-negative Einstein A of transition " + (k + 1), "'" + t[3] + "'");
                }
            }

            int npart = count("the number of collision partners", 1);
            List<CollisionPartner> partners = new ArrayList<>();
            for (int p = 0; p < npart; p++) {
                partners.add(partner(p + 1, npart, nlev));
            }
            for (int i = 0; i < partners.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (partners.get(i).id() == partners.get(j).id()) {
                        throw new LamdaFormatException(source, lineNo, "collision partner id "
                                + partners.get(i).id() + " appears twice");
                    }
                }
            }
            // Anything after the last rate line (e.g. !NOTES) is ignored, as RADEX does.
            return new Molecule(name, source, weight, energy, g, qn, up, lo, a, freq, eup, partners);
        }

        private static String quantumNumbers(String raw, String[] t) {
            int bang = raw.indexOf('!');
            String s = bang >= 0 ? raw.substring(0, bang) : raw;
            // skip the first three tokens, keep the rest verbatim
            int i = 0;
            int seen = 0;
            while (seen < 3) {
                while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                seen++;
            }
            String rest = s.substring(Math.min(i, s.length())).strip();
            if (rest.length() >= 2 && (rest.charAt(0) == '"' || rest.charAt(0) == '\'')
                    && rest.charAt(rest.length() - 1) == rest.charAt(0)) {
                rest = rest.substring(1, rest.length() - 1).strip();
            }
            return rest.replaceAll("\\s+", " ");
        }

        private CollisionPartner partner(int p, int npart, int nlev) {
            String what = "the id line of collision partner " + p + " of " + npart + " (e.g. '1 H2 ...')";
            String raw = nextData(what);
            int id = partnerId(raw.strip());
            if (id < 1) {
                throw error(what + " with an id 1..7 (1=H2 2=p-H2 3=o-H2 4=e 5=H 6=He 7=H+)", show(raw));
            }
            String desc = raw.strip().replaceFirst("^\\d+\\s*", "");
            int ntr = count("the number of collisional transitions of partner " + p, 0);
            int ntemp = count("the number of collision temperatures of partner " + p, 1);
            String twhat = ntemp + " collision temperatures of partner " + p;
            String traw = nextData(twhat);
            String[] tt = tokens(traw);
            if (tt.length < ntemp) {
                throw error(twhat, tt.length + " values in " + show(traw));
            }
            double[] temps = new double[ntemp];
            for (int i = 0; i < ntemp; i++) {
                temps[i] = num(tt[i], "collision temperature " + (i + 1) + " of partner " + p);
                if (!(temps[i] > 0) || (i > 0 && !(temps[i] > temps[i - 1]))) {
                    throw error("positive, increasing collision temperatures of partner " + p, show(traw));
                }
            }
            int[] up = new int[ntr];
            int[] lo = new int[ntr];
            double[] rates = new double[ntr * ntemp];
            for (int k = 0; k < ntr; k++) {
                String rw = "collisional transition " + (k + 1) + " of " + ntr + " of partner " + p
                        + " (TRANS UP LOW and " + ntemp + " rates)";
                String r = nextData(rw);
                String[] t = tokens(r);
                if (t.length < 3 + ntemp) {
                    throw error(rw, (t.length) + " values");
                }
                integer(t[0], "collisional transition number " + (k + 1), 0, Integer.MAX_VALUE);
                up[k] = integer(t[1], "the upper level of collisional transition " + (k + 1), 1, nlev) - 1;
                lo[k] = integer(t[2], "the lower level of collisional transition " + (k + 1), 1, nlev) - 1;
                if (up[k] == lo[k]) {
                    throw error("different upper and lower levels in collisional transition " + (k + 1), show(r));
                }
                for (int i = 0; i < ntemp; i++) {
                    double v = num(t[3 + i], "rate " + (i + 1) + " of collisional transition " + (k + 1));
                    if (v < 0) {
                        throw error("a non-negative rate " + (i + 1) + " of collisional transition " + (k + 1),
                                "'" + t[3 + i] + "'");
                    }
                    rates[k * ntemp + i] = v;
                }
            }
            return new CollisionPartner(id, desc, temps, up, lo, rates);
        }

        /** Leading integer 1..7, else a recognised partner name; 0 if neither. */
        private static int partnerId(String s) {
            Matcher m = Pattern.compile("^(\\d+)").matcher(s);
            if (m.find()) {
                int id = Integer.parseInt(m.group(1));
                return id >= 1 && id <= 7 ? id : 0;
            }
            String u = s.toUpperCase(java.util.Locale.ROOT);
            if (u.matches(".*\\b(P-H2|PH2|PARA-H2|PARA H2)\\b.*")) {
                return 2;
            }
            if (u.matches(".*\\b(O-H2|OH2|ORTHO-H2|ORTHO H2)\\b.*")) {
                return 3;
            }
            if (u.matches(".*\\bH2\\b.*")) {
                return 1;
            }
            if (u.matches(".*\\b(E-|ELECTRONS?)(\\s|$).*") || u.matches(".*-E\\b.*")) {
                return 4;
            }
            if (u.matches(".*\\bHE\\b.*")) {
                return 6;
            }
            if (u.matches(".*\\bH\\+.*")) {
                return 7;
            }
            if (u.matches(".*\\bH\\b.*")) {
                return 5;
            }
            return 0;
        }
    }
}
