package org.astronest.cli.plots;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;

/** Something drawable onto a {@link Graphics2D} of a fixed size; written as PNG or SVG from the same drawing code. */
public interface Figure {

    int width();

    int height();

    /** Draws onto {@code g}, whose origin is the top-left corner and whose background is already white. */
    void draw(Graphics2D g);

    /** Renders to an image (white background, antialiased). */
    default BufferedImage toImage() {
        BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            hints(g);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width(), height());
            draw(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The SVG document. */
    default String toSvg() {
        SVGGraphics2D g = new SVGGraphics2D(width(), height());
        g.setGeomDoubleConverter(Figure::twoDecimals); // 1/100 pixel is plenty and keeps the file small
        hints(g);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width(), height());
        draw(g);
        return g.getSVGDocument();
    }

    /** Writes {@code file} as PNG or SVG according to {@code format} ("png" or "svg"). */
    default void write(Path file, String format) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            switch (format.toLowerCase(Locale.ROOT)) {
                case "png" -> {
                    if (!ImageIO.write(toImage(), "png", file.toFile())) {
                        throw new IOException("no PNG writer");
                    }
                }
                case "svg" -> Files.writeString(file, toSvg(), StandardCharsets.UTF_8);
                default -> throw new IllegalArgumentException("unknown plot format '" + format + "'; known: png, svg");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file + ": " + e.getMessage(), e);
        }
    }

    /** Shortest plain form of {@code v} rounded to two decimals. */
    static String twoDecimals(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        long r = Math.round(v * 100);
        if (r % 100 == 0) {
            return Long.toString(r / 100);
        }
        return java.math.BigDecimal.valueOf(r, 2).stripTrailingZeros().toPlainString();
    }

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    }
}
