package org.astronest.cli.plots;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jfree.svg.SVGGraphics2D;

/**
 * A small TeX-like text layout for plot labels: {@code x^{2}}, {@code n_H}, {@code cm^-3}, a superscript directly
 * followed by a subscript is stacked ({@code 121^{+14}_{-11}}), and a few commands become Unicode characters
 * ({@code \alpha}, {@code \odot}, {@code \times}, ...). Dollar signs are ignored so that matplotlib-style labels
 * ({@code $T_\mathrm{kin}$}) read sensibly. Drawn with {@link Graphics2D#drawString} (as glyph outlines into SVG).
 */
public final class RichText {

    /** Scale of super- and subscripts relative to the base font (matplotlib uses 0.7). */
    static final double SCRIPT_SCALE = 0.7;

    private static final Map<String, String> SYMBOLS = Map.ofEntries(
            Map.entry("alpha", "\u03b1"), Map.entry("beta", "\u03b2"), Map.entry("gamma", "\u03b3"),
            Map.entry("delta", "\u03b4"), Map.entry("epsilon", "\u03b5"), Map.entry("zeta", "\u03b6"),
            Map.entry("eta", "\u03b7"), Map.entry("theta", "\u03b8"), Map.entry("kappa", "\u03ba"),
            Map.entry("lambda", "\u03bb"), Map.entry("mu", "\u03bc"), Map.entry("nu", "\u03bd"),
            Map.entry("xi", "\u03be"), Map.entry("pi", "\u03c0"), Map.entry("rho", "\u03c1"),
            Map.entry("sigma", "\u03c3"), Map.entry("tau", "\u03c4"), Map.entry("phi", "\u03c6"),
            Map.entry("chi", "\u03c7"), Map.entry("psi", "\u03c8"), Map.entry("omega", "\u03c9"),
            Map.entry("Gamma", "\u0393"), Map.entry("Delta", "\u0394"), Map.entry("Theta", "\u0398"),
            Map.entry("Lambda", "\u039b"), Map.entry("Sigma", "\u03a3"), Map.entry("Phi", "\u03a6"),
            Map.entry("Omega", "\u03a9"), Map.entry("odot", "\u2299"), Map.entry("sun", "\u2299"),
            Map.entry("times", "\u00d7"), Map.entry("pm", "\u00b1"), Map.entry("circ", "\u00b0"),
            Map.entry("cdot", "\u00b7"), Map.entry("AA", "\u00c5"), Map.entry("infty", "\u221e"),
            Map.entry("log", "log"), Map.entry("ln", "ln"), Map.entry(",", "\u2009"), Map.entry(" ", " "));

    /** One run of text at a script level (0 base, +1 superscript, -1 subscript); stacked with the previous run. */
    record Run(String text, int level, boolean stacked) {
        /** Spaces become no-break spaces: SVG viewers drop leading and trailing spaces of a text element. */
        Run {
            text = text.replace(' ', '\u00a0');
        }
    }

    private final List<Run> runs;

    private RichText(List<Run> runs) {
        this.runs = runs;
    }

    /** Parses a label. */
    public static RichText parse(String s) {
        List<Run> out = new ArrayList<>();
        parseInto(s == null ? "" : s, 0, out);
        return new RichText(out);
    }

    /** The text without markup (for tests and accessibility). */
    public String plain() {
        StringBuilder b = new StringBuilder();
        for (Run r : runs) {
            b.append(r.text);
        }
        return b.toString().replace('\u00a0', ' ');
    }

    List<Run> runs() {
        return runs;
    }

    private static void parseInto(String s, int level, List<Run> out) {
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int lastScript = 0; // level of the script run just emitted (to stack ^{}_{} pairs), 0 if none
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '$' || c == '{' || c == '}') {
                i++;
                continue;
            }
            if (c == '\\') {
                int j = i + 1;
                while (j < s.length() && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                if (j == i + 1 && j < s.length()) {
                    j++;
                }
                String cmd = s.substring(i + 1, j);
                if (cmd.equals("mathrm") || cmd.equals("rm") || cmd.equals("text") || cmd.equals("mathit")) {
                    i = j;
                    continue;
                }
                cur.append(SYMBOLS.getOrDefault(cmd, cmd));
                i = j;
                lastScript = 0;
                continue;
            }
            if ((c == '^' || c == '_') && i + 1 < s.length()) {
                int j = i + 1;
                String arg;
                if (s.charAt(j) == '{') {
                    int depth = 0;
                    int k = j;
                    for (; k < s.length(); k++) {
                        if (s.charAt(k) == '{') {
                            depth++;
                        } else if (s.charAt(k) == '}' && --depth == 0) {
                            break;
                        }
                    }
                    arg = s.substring(j + 1, Math.min(k, s.length()));
                    i = Math.min(k + 1, s.length());
                } else if (s.charAt(j) == '\\') {
                    int k = j + 1;
                    while (k < s.length() && Character.isLetter(s.charAt(k))) {
                        k++;
                    }
                    if (k < s.length() && s.charAt(k) == '{') { // e.g. _\mathrm{kin}: take the group too
                        int depth = 0;
                        int m = k;
                        for (; m < s.length(); m++) {
                            if (s.charAt(m) == '{') {
                                depth++;
                            } else if (s.charAt(m) == '}' && --depth == 0) {
                                break;
                            }
                        }
                        k = Math.min(m + 1, s.length());
                    }
                    arg = s.substring(j, k);
                    i = k;
                } else {
                    int k = j;
                    if (s.charAt(k) == '-' || s.charAt(k) == '+') {
                        k++;
                    }
                    while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '.')) {
                        k++;
                    }
                    if (k == j) {
                        k = j + 1;
                    }
                    arg = s.substring(j, k);
                    i = k;
                }
                boolean stacked = cur.length() == 0 && lastScript != 0;
                if (cur.length() > 0) {
                    out.add(new Run(cur.toString(), level, false));
                    cur.setLength(0);
                }
                int sub = c == '^' ? 1 : -1;
                List<Run> inner = new ArrayList<>();
                parseInto(arg, level + sub, inner);
                StringBuilder t = new StringBuilder();
                for (Run r : inner) {
                    t.append(r.text);
                }
                out.add(new Run(t.toString(), level + sub, stacked && lastScript != sub));
                lastScript = sub;
                continue;
            }
            cur.append(c);
            lastScript = 0;
            i++;
        }
        if (cur.length() > 0) {
            out.add(new Run(cur.toString(), level, false));
        }
    }

    private static Font fontAt(Font base, int level) {
        return level == 0 ? base : base.deriveFont((float) (base.getSize2D() * Math.pow(SCRIPT_SCALE,
                Math.abs(level))));
    }

    private static double shift(Font base, int level) {
        if (level == 0) {
            return 0;
        }
        double s = base.getSize2D();
        return level > 0 ? -0.42 * s * level : 0.25 * s * -level;
    }

    /** Width in pixels when drawn with {@code font}. */
    public double width(Font font, FontRenderContext frc) {
        double x = 0;
        double lastW = 0;
        for (Run r : runs) {
            double w = fontAt(font, r.level).getStringBounds(r.text, frc).getWidth();
            if (r.stacked) {
                x += Math.max(0, w - lastW);
                lastW = Math.max(w, lastW);
            } else {
                x += w;
                lastW = w;
            }
        }
        return x;
    }

    /** Draws with the baseline of the base text at (x, y); returns the advance. */
    public double draw(Graphics2D g, Font font, double x, double y) {
        Font old = g.getFont();
        FontRenderContext frc = g.getFontRenderContext();
        double pos = x;
        double start = x;
        double lastW = 0;
        for (Run r : runs) {
            Font f = fontAt(font, r.level);
            double w = f.getStringBounds(r.text, frc).getWidth();
            g.setFont(f);
            if (r.stacked) {
                text(g, r.text, (float) start, (float) (y + shift(font, r.level)));
                pos = start + Math.max(w, lastW);
                lastW = Math.max(w, lastW);
            } else {
                start = pos;
                text(g, r.text, (float) pos, (float) (y + shift(font, r.level)));
                pos += w;
                lastW = w;
            }
        }
        g.setFont(old);
        return pos - x;
    }

    /**
     * Draws one run. Into SVG the glyph outlines are drawn instead of a text element: the runs of a label are placed
     * with Java's font metrics, and a viewer substituting another font would misplace scripts and spacing.
     */
    private static void text(Graphics2D g, String s, float x, float y) {
        if (g instanceof SVGGraphics2D) {
            GlyphVector gv = g.getFont().createGlyphVector(g.getFontRenderContext(), s);
            g.fill(gv.getOutline(x, y));
        } else {
            g.drawString(s, x, y);
        }
    }

    /** Draws centred horizontally on {@code cx}. */
    public void drawCentered(Graphics2D g, Font font, double cx, double y) {
        draw(g, font, cx - width(font, g.getFontRenderContext()) / 2, y);
    }

    /** Draws rotated by {@code theta} radians about the anchor (cx, cy), centred on it along the text direction. */
    public void drawRotated(Graphics2D g, Font font, double cx, double cy, double theta, double alignFraction) {
        AffineTransform t = g.getTransform();
        g.translate(cx, cy);
        g.rotate(theta);
        double w = width(font, g.getFontRenderContext());
        draw(g, font, -alignFraction * w, 0);
        g.setTransform(t);
    }
}
