package org.astronest.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.astronest.cli.io.FitsIo;
import org.astronest.forwardmodels.nmf.MapUnmixing;
import org.astronest.forwardmodels.nmf.Nmf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code astronest nmf maps}: FITS, CSV and --list inputs give the same unmixing as {@link MapUnmixing} called
 * directly; an exact separable mixture is recovered (MAE ~ 0, the analytic answer: the factorisation is unique); the
 * component maps are FITS images of the input's shape with its WCS, and PNGs.
 */
class NmfMapsCommandTest {

    static final int NX = 8;
    static final int NY = 6;
    static final double[][] W_TRUE = {{3, 0}, {0, 2}, {1, 1}, {2, 0.5}};
    /** Each map in its own unit: the preprocessing must take it out. */
    static final double[] UNITS = {1, 40, 1e-3, 7};

    @TempDir
    static Path dir;
    static double[][] maps;
    static List<Path> fits = new ArrayList<>();
    static Path csv;
    static Path truth;

    @BeforeAll
    static void files() throws Exception {
        int p = NX * NY;
        maps = new double[W_TRUE.length][p];
        for (int j = 0; j < p; j++) {
            // pixel 0 holds only component 1, pixel 1 only component 2 (separable); a small negative noise pixel
            double v1 = j == 1 ? 0 : 0.6 + 0.4 * Math.sin(0.37 * j);
            double v2 = j == 0 ? 0 : 0.5 + 0.5 * Math.cos(0.23 * j * j);
            for (int l = 0; l < W_TRUE.length; l++) {
                maps[l][j] = UNITS[l] * (W_TRUE[l][0] * v1 + W_TRUE[l][1] * v2);
            }
        }
        Map<String, Object> wcs = new LinkedHashMap<>();
        wcs.put("CTYPE1", "RA---TAN");
        wcs.put("CTYPE2", "DEC--TAN");
        wcs.put("CRVAL1", 40.67);
        wcs.put("CRVAL2", -0.013);
        StringBuilder sb = new StringBuilder();
        for (int l = 0; l < maps.length; l++) {
            Path f = dir.resolve("line" + (l + 1) + ".fits");
            FitsIo.writeImage(f, NmfMapsCommand.image(maps[l], NX, NY), wcs, "K km/s", List.of());
            fits.add(f);
            for (int j = 0; j < p; j++) {
                sb.append(j > 0 ? "," : "").append(maps[l][j]);
            }
            sb.append('\n');
        }
        csv = dir.resolve("maps.csv");
        Files.writeString(csv, sb);
        StringBuilder t = new StringBuilder();
        for (int l = 0; l < W_TRUE.length; l++) {
            t.append(UNITS[l] * W_TRUE[l][0]).append(',').append(UNITS[l] * W_TRUE[l][1]).append('\n');
        }
        truth = dir.resolve("true.csv");
        Files.writeString(truth, t);
    }

    static int run(StringWriter err, String... args) {
        return Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
    }

    static List<String> args(List<String> inputs, String out, String... more) {
        List<String> a = new ArrayList<>(List.of("nmf", "maps"));
        a.addAll(inputs);
        a.addAll(List.of("--components", "2", "--max-iter", "20000", "--tol", "1e-12", "--out", out));
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void fitsCsvAndListAgreeWithTheDirectUnmixing() throws Exception {
        List<String> names = fits.stream().map(Path::toString).toList();
        Path o1 = dir.resolve("fits");
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, args(names, o1.toString(), "--true-w", truth.toString()).toArray(new String[0])),
                err.toString());
        // the wiring: the same numbers as MapUnmixing called directly on the maps
        MapUnmixing.Result direct = MapUnmixing.unmix(maps, Nmf.Options.defaults(2).withIterations(20000, 1e-12));
        assertArrayEquals(direct.W(), NmfCommandTest.readCsv(o1.resolve("W.csv")));
        assertArrayEquals(direct.V(), NmfCommandTest.readCsv(o1.resolve("H.csv")));
        JsonNode r = new ObjectMapper().readTree(o1.resolve("result.json").toFile());
        // the mixture is exact and separable: the analytic answer is W_TRUE up to scale and order, MAE 0
        assertTrue(r.get("mae").asDouble() < 1e-4, "MAE " + r.get("mae"));
        assertEquals(List.of("line1", "line2", "line3", "line4"),
                new ObjectMapper().convertValue(r.get("maps"), List.class));
        assertEquals(NX, r.get("width").asInt());
        assertEquals(NY, r.get("height").asInt());
        for (int l = 0; l < UNITS.length; l++) {
            assertEquals(direct.scales()[l], r.get("scales").get(l).asDouble(), 0.0);
        }
        for (int k = 0; k < 2; k++) {
            FitsIo.Image im = FitsIo.readImage(o1.resolve("component" + (k + 1) + ".fits"));
            assertEquals(NX, im.width());
            assertEquals(NY, im.height());
            assertEquals("RA---TAN", im.wcs().get("CTYPE1"));
            for (int j = 0; j < NX * NY; j++) {
                assertEquals(direct.V()[k][j], im.values()[j / NX][j % NX], 0.0);
            }
            assertTrue(Files.size(o1.resolve("component" + (k + 1) + ".png")) > 1000);
        }

        Path o2 = dir.resolve("csv");
        assertEquals(0, run(err, args(List.of(csv.toString()), o2.toString(), "--width", "8").toArray(new String[0])),
                err.toString());
        assertEquals(Files.readString(o1.resolve("W.csv")), Files.readString(o2.resolve("W.csv")));
        assertEquals(Files.readString(o1.resolve("H.csv")), Files.readString(o2.resolve("H.csv")));

        Path list = dir.resolve("maps.txt");
        Files.writeString(list, "# the four lines\nline1.fits\nline2.fits\n\nline3.fits\nline4.fits\n");
        Path o3 = dir.resolve("list");
        assertEquals(0, run(err, args(List.of("--list", list.toString()), o3.toString()).toArray(new String[0])),
                err.toString());
        assertEquals(Files.readString(o1.resolve("W.csv")), Files.readString(o3.resolve("W.csv")));

        StringWriter again = new StringWriter();
        assertEquals(2, run(again, args(names, o3.toString()).toArray(new String[0])));
        assertTrue(again.toString().contains("already holds W.csv; pass --force"), again.toString());
        assertEquals(0, run(err, args(names, o3.toString(), "--force").toArray(new String[0])), err.toString());
    }

    @Test
    void fitsMapsOfAnotherShapeAreRefused() throws Exception {
        Path small = dir.resolve("small.fits");
        FitsIo.writeImage(small, new double[][] {{1, 2}, {3, 4}}, null, "", List.of());
        StringWriter err = new StringWriter();
        assertEquals(2, run(err, args(List.of(fits.get(0).toString(), small.toString()),
                dir.resolve("bad").toString()).toArray(new String[0])));
        assertTrue(err.toString().contains("is 2 x 2 pixels, the first map " + fits.get(0) + " is 8 x 6"),
                err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }
}
