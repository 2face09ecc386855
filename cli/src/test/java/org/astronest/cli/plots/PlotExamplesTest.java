package org.astronest.cli.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.astronest.inference.Chains;
import org.astronest.inference.Evidence;
import org.astronest.inference.NestedRun;
import org.astronest.inference.RunResult;
import org.astronest.inference.WeightedSamples;
import org.junit.jupiter.api.Test;

/**
 * Renders the example figures (shells2d, a 5-parameter and an 8-parameter Gaussian, trace and run plots) into
 * {@code target/plot-examples} for a person to look at, and checks that the files are real images with ink on them.
 */
class PlotExamplesTest {

    static final Path OUT = Paths.get("target", "plot-examples");

    @Test
    void shells2d() throws IOException {
        WeightedSamples s = Synthetic.shells(200_000, 11);
        RunResult r = RunResult.builder("nested", s).evidence(new Evidence(-1.75, 0.05, 3.0)).build();
        Plots.Rendered out = Plots.render(OUT.resolve("shells2d"), r, CornerOptions.defaults()
                .withTruths(Map.of("x", 3.5, "y", 0.0)), List.of("png", "svg"), List.of("png"));
        checkPng(out.files().get(0), 0.05);
        assertTrue(Files.readString(out.files().get(1)).contains("<svg"));
    }

    /**
     * A straight-line fit as in emcee's "fitting a model to data" example (truths m = -0.9594, b = 4.294,
     * ln f = ln 0.534 = -0.627): slope and intercept strongly anti-correlated, the linear posterior being Gaussian.
     */
    @Test
    void lineFit() throws IOException {
        double[][] c = Synthetic.identity(3);
        c[0][1] = c[1][0] = -0.93;
        WeightedSamples s = Synthetic.gaussian(List.of("m", "b", "lnf"), new double[] {-1.003, 4.53, -0.71},
                new double[] {0.078, 0.37, 0.15}, c, 20_000, 1.25, 17);
        RunResult r = RunResult.builder("nested", s).evidence(new Evidence(-21.07, 0.09, 5.1)).build();
        CornerOptions o = CornerOptions.defaults()
                .withLabels(Map.of("m", "m", "b", "b", "lnf", "ln f"), Map.of())
                .withTruths(Map.of("m", -0.9594, "b", 4.294, "lnf", Math.log(0.534)));
        Plots.Rendered out = Plots.render(OUT.resolve("linefit"), r, o, List.of("png", "svg"), List.of("png"));
        checkPng(out.files().get(0), 0.05);
    }

    /** Long tick labels (rotated) and a one-parameter figure. */
    @Test
    void longTickLabelsAndOneParameter() throws IOException {
        WeightedSamples s = Synthetic.gaussian(List.of("p", "q"), new double[] {12.3456, -0.5},
                new double[] {0.0011, 0.3}, Synthetic.identity(2), 5000, 1.0, 23);
        RunResult r = RunResult.builder("mcmc", s).build();
        checkPng(Plots.render(OUT.resolve("narrow"), r, CornerOptions.defaults(), List.of("png"), List.of())
                .files().get(0), 0.03);
        checkPng(Plots.render(OUT.resolve("single"), r, CornerOptions.defaults().withParams(List.of("p")),
                List.of("png"), List.of()).files().get(0), 0.01);
    }

    @Test
    void gaussian5() throws IOException {
        double[][] c = Synthetic.identity(5);
        c[0][1] = c[1][0] = 0.8;
        c[2][3] = c[3][2] = -0.5;
        WeightedSamples s = Synthetic.gaussian(List.of("T", "logn", "f", "v", "N"),
                new double[] {121, 5.2, 0.31, -12.5, 3e14}, new double[] {12, 0.4, 0.02, 1.1, 0.4e14}, c, 40_000, 1.3,
                5);
        RunResult r = RunResult.builder("nested", s).evidence(new Evidence(-23.456, 0.12, 7.5)).build();
        CornerOptions o = CornerOptions.defaults()
                .withLabels(Map.of("T", "T_{kin}", "logn", "log n_{H}", "f", "\\alpha", "v", "v_{LSR}", "N", "N_{CO}"),
                        Map.of("T", "K", "logn", "cm^{-3}", "v", "km s^{-1}", "N", "cm^{-2}"))
                .withTruths(Map.of("T", 130.0, "f", 0.3));
        Plots.Rendered out = Plots.render(OUT.resolve("gauss5"), r, o, List.of("png", "svg"), List.of("png"));
        checkPng(out.files().get(0), 0.05);
        Plots.render(OUT.resolve("gauss5-log"), r, o.withLogScale(Set.of("N")), List.of("png"), List.of());
    }

    @Test
    void gaussian8WithChainsAndNestedRun() throws IOException {
        int d = 8;
        double[][] c = Synthetic.identity(d);
        for (int i = 0; i + 1 < d; i++) {
            c[i][i + 1] = c[i + 1][i] = 0.4;
        }
        List<String> names = List.of("a", "b", "c", "d", "e", "f", "g", "h");
        double[] mean = {1, -2, 300, 0.001, 5e5, 0, 42, 7};
        double[] sd = {0.1, 0.5, 20, 0.0002, 1e4, 1, 3, 0.7};
        WeightedSamples s = Synthetic.gaussian(names, mean, sd, c, 30_000, 1.2, 8);
        Chains ch = Synthetic.chains(names, mean, sd, 32, 1500, 300, 9);
        NestedRun nr = Synthetic.nestedRun(500, d, 400, 12_000);
        RunResult r = RunResult.builder("emcee", s).chains(ch).nestedRun(nr).build();
        Plots.Rendered out = Plots.render(OUT.resolve("gauss8"), r, CornerOptions.defaults(), List.of("png", "svg"),
                List.of("png"));
        assertEquals(4, out.files().size(), "corner png+svg, trace, run: " + out.files());
        BufferedImage img = checkPng(out.files().get(0), 0.03);
        assertTrue(img.getWidth() >= 8 * 240, "8 panels of 240 px, got " + img.getWidth());
        checkPng(out.files().get(2), 0.02);
        checkPng(out.files().get(3), 0.02);
    }

    /** Reads a PNG back and checks its share of non-white pixels; returns the image. */
    static BufferedImage checkPng(Path f, double minInk) throws IOException {
        BufferedImage img = ImageIO.read(f.toFile());
        assertTrue(img != null && img.getWidth() > 300 && img.getHeight() > 300, f + " is not a real PNG");
        long ink = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    ink++;
                }
            }
        }
        double frac = ink / ((img.getWidth() / 2.0) * (img.getHeight() / 2.0));
        assertTrue(frac > minInk, f + ": only " + frac + " of the pixels are not white");
        return img;
    }
}
