package org.astronest.cli.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTable;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.ImageData;
import nom.tam.fits.ImageHDU;
import nom.tam.fits.NullDataHDU;
import nom.tam.util.Cursor;
import nom.tam.util.FitsOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitsIoTest {

    private static final int WIDTH = 7;
    private static final int HEIGHT = 5;
    private static final double CRPIX1 = 4.0;
    private static final double CRPIX2 = 3.0;
    /** 17 significant digits: a header writer that keeps 16 would change it. */
    private static final double CDELT1 = -(0.1 + 0.2);
    private static final double CDELT2 = 0.25;
    private static final double CRVAL1 = 83.6330833333333;
    /** Far from the equator, so that the pixels' right ascensions differ from a linear guess by degrees. */
    private static final double CRVAL2 = 60.0145;

    /** values[y][x] = 100 y + x, so every pixel tells where it came from; one NaN and one -0.0. */
    private static double[][] map() {
        double[][] v = new double[HEIGHT][WIDTH];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                v[y][x] = 100 * y + x;
            }
        }
        v[2][3] = Double.NaN;
        v[0][0] = -0.0;
        return v;
    }

    private static LinkedHashMap<String, Object> tanWcs() {
        LinkedHashMap<String, Object> w = new LinkedHashMap<>();
        w.put("WCSAXES", 2);
        w.put("CTYPE1", "RA---TAN");
        w.put("CTYPE2", "DEC--TAN");
        w.put("CRPIX1", CRPIX1);
        w.put("CRPIX2", CRPIX2);
        w.put("CRVAL1", CRVAL1);
        w.put("CRVAL2", CRVAL2);
        w.put("CDELT1", CDELT1);
        w.put("CDELT2", CDELT2);
        w.put("CUNIT1", "deg");
        w.put("CUNIT2", "deg");
        w.put("EQUINOX", 2000.0);
        w.put("RADESYS", "ICRS");
        return w;
    }

    private static Path writeMap(Path file) {
        FitsIo.writeImage(file, map(), tanWcs(), "K km/s", List.of("integrated intensity of a test map",
                "HISTORY written by FitsIoTest", "x".repeat(100)));
        return file;
    }

    @Test
    void imageRoundTripKeepsEveryValueCardAndTheOrientation(@TempDir Path dir) throws Exception {
        Path file = writeMap(dir.resolve("map.fits"));
        FitsIo.Image back = FitsIo.readImage(file);

        assertEquals(WIDTH, back.width());
        assertEquals(HEIGHT, back.height());
        double[][] v = map();
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                assertEquals(Double.doubleToRawLongBits(v[y][x]), Double.doubleToRawLongBits(back.values()[y][x]),
                        "pixel x=" + x + " y=" + y);
            }
        }
        assertTrue(Double.isNaN(back.values()[2][3]));
        assertEquals(406.0, back.values()[4][6]);
        assertEquals(6.0, back.values()[0][6]);
        assertEquals(400.0, back.values()[4][0]);
        assertEquals(new ArrayList<>(tanWcs().entrySet()), new ArrayList<>(back.wcs().entrySet()));
        assertEquals(Integer.class, back.wcs().get("WCSAXES").getClass());
        assertEquals(-0.30000000000000004, (Double) back.wcs().get("CDELT1"), 0.0);
        assertEquals("K km/s", back.unit());

        try (Fits fits = new Fits(file.toFile())) {
            Header h = fits.getHDU(0).getHeader();
            assertEquals(-64, h.getIntValue("BITPIX"));
            assertEquals(2, h.getIntValue("NAXIS"));
            assertEquals(7, h.getIntValue("NAXIS1"));
            assertEquals(5, h.getIntValue("NAXIS2"));
            assertEquals("K km/s", h.getStringValue("BUNIT"));
            List<String> comments = new ArrayList<>();
            for (Cursor<String, HeaderCard> it = h.iterator(); it.hasNext(); ) {
                HeaderCard c = it.next();
                if (c.getKey().equals("COMMENT") || c.getKey().equals("HISTORY")) {
                    comments.add(c.getKey() + " " + c.getComment());
                }
            }
            assertEquals(List.of("COMMENT integrated intensity of a test map", "HISTORY written by FitsIoTest",
                    "COMMENT " + "x".repeat(71), "COMMENT " + "x".repeat(29)), comments);
        }
        // 2880-byte records: one header record, 7 * 5 * 8 = 280 data bytes padded to a record
        assertEquals(2 * 2880, Files.size(file));
    }

    @Test
    void sameImageGivesSameBytes(@TempDir Path dir) throws Exception {
        byte[] first = Files.readAllBytes(writeMap(dir.resolve("a.fits")));
        // the header of nom-tam-fits carries the time to the second unless replaced
        Thread.sleep(1100);
        byte[] second = Files.readAllBytes(writeMap(dir.resolve("b.fits")));
        assertArrayEquals(first, second);
    }

    @Test
    void scaledIntegerImageWithBlank(@TempDir Path dir) throws Exception {
        short[][] stored = {{0, 2, -32768}, {-4, 32767, 100}};
        ImageHDU hdu = ImageData.from(stored).toHDU();
        hdu.getHeader().addValue("BSCALE", 0.5, null);
        hdu.getHeader().addValue("BZERO", 10.0, null);
        hdu.getHeader().addValue("BLANK", -32768, null);
        hdu.getHeader().addValue("BUNIT", "Jy/beam", null);
        Path file = dir.resolve("i16.fits");
        writeFits(file, hdu);

        FitsIo.Image img = FitsIo.readImage(file);
        assertEquals(3, img.width());
        assertEquals(2, img.height());
        assertEquals(10.0, img.values()[0][0], 0.0);
        assertEquals(11.0, img.values()[0][1], 0.0);
        assertTrue(Double.isNaN(img.values()[0][2]));
        assertEquals(8.0, img.values()[1][0], 0.0);
        assertEquals(10 + 0.5 * 32767, img.values()[1][1], 0.0);
        assertEquals(60.0, img.values()[1][2], 0.0);
        assertEquals("Jy/beam", img.unit());
        assertTrue(img.wcs().isEmpty());
    }

    @Test
    void everyIntegerAndFloatBitpix(@TempDir Path dir) throws Exception {
        Object[] arrays = {
            new byte[][] {{0, (byte) 200, (byte) 255}},
            new int[][] {{-7, 2_000_000_000, 3}},
            new long[][] {{-7, 1L << 40, 3}},
            new float[][] {{1.5f, Float.NaN, -2.25f}},
        };
        double[][] expected = {
            {1.0, 401.0, Double.NaN}, // BLANK 255 of an unsigned byte image
            {-13.0, 4_000_000_001.0, Double.NaN}, // BLANK 3
            {-13.0, 2.0 * (1L << 40) + 1, Double.NaN},
            {4.0, Double.NaN, -3.5}, // BLANK ignored for float images
        };
        int[] bitpix = {8, 32, 64, -32};
        for (int k = 0; k < arrays.length; k++) {
            ImageHDU hdu = ImageData.from(arrays[k]).toHDU();
            hdu.getHeader().addValue("BSCALE", 2.0, null);
            hdu.getHeader().addValue("BZERO", 1.0, null);
            hdu.getHeader().addValue("BLANK", k == 0 ? 255 : 3, null);
            Path file = dir.resolve("b" + k + ".fits");
            writeFits(file, hdu);
            try (Fits fits = new Fits(file.toFile())) {
                assertEquals(bitpix[k], fits.getHDU(0).getHeader().getIntValue("BITPIX"));
            }
            double[] got = FitsIo.readImage(file).values()[0];
            assertArrayEquals(expected[k], got, 0.0, "BITPIX " + bitpix[k]);
        }
    }

    @Test
    void cubeOfOnePlaneIsAnImageAndOfFourIsRefused(@TempDir Path dir) throws Exception {
        double[][][] one = {map()};
        ImageHDU hdu = ImageData.from(one).toHDU();
        Header h = hdu.getHeader();
        h.addValue("WCSAXES", 3, null);
        h.addValue("CTYPE1", "GLON-CAR", null);
        h.addValue("CTYPE2", "GLAT-CAR", null);
        h.addValue("CTYPE3", "FREQ", null);
        h.addValue("CRVAL3", 1.15271e11, null);
        h.addValue("PC1_3", 0.0, null);
        h.addValue("CDELT1", -0.5, null);
        h.addValue("RESTFRQ", 1.15271202e11, null);
        h.addValue("SPECSYS", "LSRK", null);
        Path file = dir.resolve("cube1.fits");
        writeFits(file, hdu);
        FitsIo.Image img = FitsIo.readImage(file);
        assertEquals(WIDTH, img.width());
        assertEquals(HEIGHT, img.height());
        assertEquals(406.0, img.values()[4][6]);
        assertTrue(Double.isNaN(img.values()[2][3]));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("WCSAXES", 2);
        expected.put("CTYPE1", "GLON-CAR");
        expected.put("CTYPE2", "GLAT-CAR");
        expected.put("CDELT1", -0.5);
        expected.put("RESTFRQ", 1.15271202e11);
        expected.put("SPECSYS", "LSRK");
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(img.wcs().entrySet()));

        Path four = dir.resolve("cube4.fits");
        writeFits(four, ImageData.from(new double[4][HEIGHT][WIDTH]).toHDU());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitsIo.readImage(four));
        assertEquals(four + ": no 2-D image (HDU 0 has NAXIS 3 with NAXIS3 = 4)", e.getMessage());
    }

    @Test
    void imageAfterOtherHdusAndFromGzip(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("t.fits");
        FitsIo.writeTable(table, new FitsIo.Table(List.of("a"), Map.of("a", new double[] {1}), Map.of()), "T");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitsIo.readImage(table));
        assertEquals(table + ": no 2-D image (HDU 0 has no data; HDU 1 is a binary table)", e.getMessage());

        Path file = writeMap(dir.resolve("map.fits"));
        Path gz = dir.resolve("map.fits.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(file));
        }
        FitsIo.Image img = FitsIo.readImage(gz);
        assertEquals(406.0, img.values()[4][6]);
        assertEquals(tanWcs(), img.wcs());
    }

    private static FitsIo.Table catalogue() {
        Map<String, double[]> numeric = new LinkedHashMap<>();
        numeric.put("T_mean", new double[] {12.5, Double.NaN, -0.0, 1e-300, 273.15});
        Map<String, String[]> text = new LinkedHashMap<>();
        text.put("task", new String[] {"0_0", "12_3", "7_10", "3_3", "100_99"});
        text.put("status", new String[] {"ok", "failed", "ok", "ok", "ok"});
        text.put("message", new String[] {"", "  did not converge: 5000 iterations", "", "", ""});
        text.put("note", new String[] {"", "", "", "", ""});
        return new FitsIo.Table(List.of("task", "T_mean", "status", "message", "note"), numeric, text);
    }

    @Test
    void tableRoundTripKeepsColumnsValuesAndOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalogue.fits");
        FitsIo.Table t = catalogue();
        FitsIo.writeTable(file, t, "CATALOGUE");
        FitsIo.Table back = FitsIo.readTable(file);

        assertEquals(List.of("task", "T_mean", "status", "message", "note"), back.names());
        assertEquals(5, back.rows());
        assertEquals(List.of("T_mean"), new ArrayList<>(back.numeric().keySet()));
        assertEquals(List.of("task", "status", "message", "note"), new ArrayList<>(back.text().keySet()));
        double[] mean = back.numeric().get("T_mean");
        for (int r = 0; r < 5; r++) {
            assertEquals(Double.doubleToRawLongBits(t.numeric().get("T_mean")[r]),
                    Double.doubleToRawLongBits(mean[r]), "row " + r);
        }
        for (String name : List.of("task", "status", "message", "note")) {
            assertArrayEquals(t.text().get(name), back.text().get(name), name);
        }

        try (Fits fits = new Fits(file.toFile())) {
            assertEquals(0, fits.getHDU(0).getHeader().getIntValue("NAXIS"));
            Header h = fits.getHDU(1).getHeader();
            assertEquals("BINTABLE", h.getStringValue("XTENSION"));
            assertEquals("CATALOGUE", h.getStringValue("EXTNAME"));
            assertEquals(5, h.getIntValue("TFIELDS"));
            assertEquals("6A", h.getStringValue("TFORM1").strip());
            assertEquals("1D", h.getStringValue("TFORM2").strip());
            assertEquals("6A", h.getStringValue("TFORM3").strip());
            assertEquals("35A", h.getStringValue("TFORM4").strip());
            assertEquals("1A", h.getStringValue("TFORM5").strip());
            assertEquals("T_mean", h.getStringValue("TTYPE2").strip());
        }
    }

    @Test
    void tableOfEveryNumericTypeWithScalingAndNulls(@TempDir Path dir) throws Exception {
        BinaryTable data = new BinaryTable();
        data.addColumn(new short[] {1, -99, 3});
        data.addColumn(new byte[] {(byte) 200, 0, (byte) 255});
        data.addColumn(new int[] {-5, 6, 7});
        data.addColumn(new long[] {1L << 40, 2, -3});
        data.addColumn(new float[] {1.5f, Float.NaN, -0.25f});
        data.addColumn(new String[] {"a  ", " b", "c"});
        BinaryTableHDU hdu = data.toHDU();
        String[] names = {"s", "u8", "i", "k", "f", "txt"};
        for (int i = 0; i < names.length; i++) {
            hdu.setColumnName(i, names[i], null);
        }
        Header h = hdu.getHeader();
        h.addValue("TSCAL1", 2.0, null);
        h.addValue("TZERO1", 100.0, null);
        h.addValue("TNULL1", -99, null);
        h.addValue("TNULL2", 255, null);
        h.addValue("TZERO5", 1.0, null);
        Path file = dir.resolve("types.fits");
        writeFits(file, new NullDataHDU(), hdu);

        FitsIo.Table t = FitsIo.readTable(file);
        assertEquals(List.of(names), t.names());
        assertArrayEquals(new double[] {102, Double.NaN, 106}, t.numeric().get("s"), 0.0);
        assertArrayEquals(new double[] {200, 0, Double.NaN}, t.numeric().get("u8"), 0.0);
        assertArrayEquals(new double[] {-5, 6, 7}, t.numeric().get("i"), 0.0);
        assertArrayEquals(new double[] {1L << 40, 2, -3}, t.numeric().get("k"), 0.0);
        assertArrayEquals(new double[] {2.5, Double.NaN, 0.75}, t.numeric().get("f"), 0.0);
        assertArrayEquals(new String[] {"a", " b", "c"}, t.text().get("txt"));
    }

    @Test
    void columnsThatAreNotScalarNumbersOrTextAreRefused(@TempDir Path dir) throws Exception {
        Object[][] columns = {
            {new boolean[] {true, false}, "column 2 'bad' (TFORM2 = '1L') of HDU 1 is logical, neither numeric nor "
                    + "character"},
            {new double[][] {{1, 2, 3}, {4, 5, 6}}, "column 2 'bad' (TFORM2 = '3D') of HDU 1 is an array column "
                    + "(several values per row); only scalar columns can be read"},
            {new String[][] {{"a", "b"}, {"c", "d"}}, "is an array column (several values per row)"},
        };
        for (int k = 0; k < columns.length; k++) {
            BinaryTable data = new BinaryTable();
            data.addColumn(new double[] {1, 2});
            data.addColumn(columns[k][0]);
            BinaryTableHDU hdu = data.toHDU();
            hdu.setColumnName(0, "good", null);
            hdu.setColumnName(1, "bad", null);
            Path file = dir.resolve("bad" + k + ".fits");
            writeFits(file, new NullDataHDU(), hdu);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitsIo.readTable(file));
            assertTrue(e.getMessage().startsWith(file + ": column 2 'bad'"), e.getMessage());
            assertTrue(e.getMessage().contains((String) columns[k][1]), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        BinaryTable data = new BinaryTable();
        data.addVariableSizeColumn(new double[][] {{1}, {2, 3}});
        Path file = dir.resolve("var.fits");
        writeFits(file, new NullDataHDU(), data.toHDU());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitsIo.readTable(file));
        assertTrue(e.getMessage().startsWith(file + ": column 1 "), e.getMessage());
        assertTrue(e.getMessage().contains("variable-length array"), e.getMessage());

        Path image = writeMap(dir.resolve("map.fits"));
        e = assertThrows(IllegalArgumentException.class, () -> FitsIo.readTable(image));
        assertEquals(image + ": no binary table (HDU 0 has an image of NAXIS 2)", e.getMessage());
    }

    @Test
    void nonFitsAndMissingFilesAreNamed(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.fits");
        Files.writeString(text, "task,T_mean\n0_0,12.5\n");
        for (var read : List.<java.util.function.Consumer<Path>>of(FitsIo::readImage, FitsIo::readTable)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read.accept(text));
            assertEquals(text + ": not a FITS file (it does not begin with the card SIMPLE = T)", e.getMessage());
        }
        Path empty = dir.resolve("empty.fits");
        Files.write(empty, new byte[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FitsIo.readImage(empty));
        assertTrue(e.getMessage().startsWith(empty + ": not a FITS file"), e.getMessage());

        Path missing = dir.resolve("missing.fits");
        UncheckedIOException u = assertThrows(UncheckedIOException.class, () -> FitsIo.readImage(missing));
        assertEquals(missing + ": no such file", u.getMessage());

        // a header that ends before its END card
        byte[] whole = Files.readAllBytes(writeMap(dir.resolve("map.fits")));
        Path cut = dir.resolve("cut.fits");
        Files.write(cut, java.util.Arrays.copyOf(whole, 400));
        e = assertThrows(IllegalArgumentException.class, () -> FitsIo.readImage(cut));
        assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void writeRefusesWhatAHeaderOrTableCannotHoldAndLeavesNoFile(@TempDir Path dir) {
        Path file = dir.resolve("x.fits");
        List<Map<String, Object>> bad = List.of(Map.of("NAXIS1", 3), Map.of("CRVAL1", Double.NaN),
                Map.of("crval1", 1.0), Map.of("CTYPE1", "RA—TAN"), Map.of("CRVAL1", List.of(1)));
        List<String> why = List.of("NAXIS1 is written from the data", "CRVAL1 = NaN cannot be written",
                "'crval1' is not a FITS keyword", "CTYPE1 = 'RA—TAN' is not a string",
                "CRVAL1 has a value of type");
        for (int k = 0; k < bad.size(); k++) {
            Map<String, Object> wcs = bad.get(k);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FitsIo.writeImage(file, map(), wcs, "", List.of()));
            assertTrue(e.getMessage().startsWith(file + ": " + why.get(k)), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FitsIo.writeImage(file, new double[][] {{1, 2}, {3}}, Map.of(), "", List.of()));
        assertTrue(e.getMessage().startsWith(file + ": image rows differ in length"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FitsIo.writeTable(file, new FitsIo.Table(
                List.of("a", "b"), Map.of("a", new double[] {1, 2}), Map.of("b", new String[] {"x"})), "T"));
        assertEquals(file + ": column 'b' has 1 rows, the first column 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FitsIo.writeTable(file, new FitsIo.Table(
                List.of("a", "A"), Map.of("a", new double[] {1}, "A", new double[] {2}), Map.of()), "T"));
        assertEquals(file + ": column names 'a' and 'A' are equal but for case", e.getMessage());
        assertFalse(Files.exists(file));
    }

    // ------------------------------------------------------------------------------------------------ astropy

    /**
     * World coordinates (deg) of FITS pixel (p1, p2) under RA---TAN / DEC--TAN with CDELTi and no PC matrix.
     * Intermediate world coordinates x = CDELT1 (p1 - CRPIX1), y = CDELT2 (p2 - CRPIX2) (Greisen &amp; Calabretta
     * 2002, Sect. 2.1, PC the unit matrix). Native spherical coordinates of the gnomonic projection (Calabretta &amp;
     * Greisen 2002, Sect. 5.1 and 5.1.3): phi = arg(-y, x), R = sqrt(x^2 + y^2), theta = atan(180 deg / (pi R))
     * (eq. 55). Celestial coordinates by the rotation of eq. (2) of that paper, with (alpha_p, delta_p) = (CRVAL1,
     * CRVAL2) for a zenithal projection and phi_p = LONPOLE = 180 deg, its default when delta_0 &lt; theta_0 = 90 deg.
     */
    private static double[] tan(double p1, double p2) {
        double x = CDELT1 * (p1 - CRPIX1);
        double y = CDELT2 * (p2 - CRPIX2);
        double phi = Math.atan2(x, -y);
        double theta = Math.atan2(180 / Math.PI, Math.hypot(x, y));
        double dp = Math.toRadians(CRVAL2);
        double dphi = phi - Math.PI;
        double ra = CRVAL1 + Math.toDegrees(Math.atan2(-Math.cos(theta) * Math.sin(dphi),
                Math.sin(theta) * Math.cos(dp) - Math.cos(theta) * Math.sin(dp) * Math.cos(dphi)));
        double dec = Math.toDegrees(Math.asin(Math.sin(theta) * Math.sin(dp)
                + Math.cos(theta) * Math.cos(dp) * Math.cos(dphi)));
        return new double[] {((ra % 360) + 360) % 360, dec};
    }

    @Test
    @Tag("python")
    void astropyReadsTheImageWcsAndTheTable(@TempDir Path dir) throws Exception {
        String python = org.astronest.cli.PythonReaders.require("astropy", "python3-astropy");
        Path image = writeMap(dir.resolve("map.fits"));
        Path table = dir.resolve("catalogue.fits");
        FitsIo.writeTable(table, catalogue(), "CATALOGUE");
        // 0-based pixels for astropy: the corners (0, 0) and (6, 4), FITS pixels (1, 1) and (7, 5)
        String script = String.join("\n",
                "import json, math, sys",
                "from astropy.io import fits",
                "from astropy.table import Table",
                "from astropy.wcs import WCS",
                "out = {}",
                "with fits.open(sys.argv[1]) as h:",
                "    w = WCS(h[0].header)",
                "    ra, dec = w.pixel_to_world_values([0.0, 6.0], [0.0, 4.0])",
                "    out['world'] = [[float(ra[i]), float(dec[i])] for i in range(2)]",
                "    out['shape'] = list(h[0].data.shape)",
                "    out['pixel'] = float(h[0].data[4, 6])",
                "    out['bunit'] = h[0].header['BUNIT']",
                "with fits.open(sys.argv[2]) as h:",
                "    t = h[1]",
                "    out['extname'] = t.name",
                "    out['names'] = list(t.columns.names)",
                "    out['formats'] = [str(f) for f in t.columns.formats]",
                "    cols = {}",
                "    for n in t.columns.names:",
                "        vals = []",
                "        for v in t.data[n].tolist():",
                "            if isinstance(v, bytes):",
                "                v = v.decode('ascii')",
                "            if isinstance(v, float) and math.isnan(v):",
                "                v = None",
                "            vals.append(v)",
                "        cols[n] = vals",
                "    out['columns'] = cols",
                "t = Table.read(sys.argv[2], hdu=1)",
                "out['table_names'] = list(t.colnames)",
                "out['table_columns'] = {n: [None if isinstance(v, float) and math.isnan(v) else v",
                "                            for v in t[n].tolist()] for n in t.colnames}",
                "print(json.dumps(out))");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(python, "-c", script, image.toString(), table.toString())
                .redirectError(err.toFile()).start();
        String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(err));
        JsonNode got = new ObjectMapper().readTree(stdout);

        double[][] pixels = {{1, 1}, {7, 5}};
        for (int i = 0; i < 2; i++) {
            double[] expected = tan(pixels[i][0], pixels[i][1]);
            assertEquals(expected[0], got.get("world").get(i).get(0).asDouble(), 1e-9, "RA of pixel " + i);
            assertEquals(expected[1], got.get("world").get(i).get(1).asDouble(), 1e-9, "Dec of pixel " + i);
            // a flat-sky guess is off by far more: the check is of the projection, not of the linear part
            double linearRa = CRVAL1 + CDELT1 * (pixels[i][0] - CRPIX1);
            assertTrue(Math.abs(linearRa - expected[0]) > 0.1, "pixel " + i);
        }
        assertEquals(List.of(HEIGHT, WIDTH), List.of(got.get("shape").get(0).asInt(), got.get("shape").get(1).asInt()));
        assertEquals(406.0, got.get("pixel").asDouble(), 0.0);
        assertEquals("K km/s", got.get("bunit").asText());

        FitsIo.Table t = catalogue();
        assertEquals("CATALOGUE", got.get("extname").asText());
        List<String> names = new ArrayList<>();
        got.get("names").forEach(n -> names.add(n.asText()));
        assertEquals(t.names(), names);
        List<String> formats = new ArrayList<>();
        got.get("formats").forEach(f -> formats.add(f.asText()));
        assertEquals(List.of("6A", "1D", "6A", "35A", "1A"), formats);
        List<String> tableNames = new ArrayList<>();
        got.get("table_names").forEach(n -> tableNames.add(n.asText()));
        assertEquals(t.names(), tableNames);
        // astropy.io.fits row by row, and astropy.table.Table (which cannot read a character field of width 0)
        for (String reader : List.of("columns", "table_columns")) {
            for (String name : t.names()) {
                JsonNode col = got.get(reader).get(name);
                assertEquals(t.rows(), col.size(), reader + " " + name);
                for (int r = 0; r < t.rows(); r++) {
                    String where = reader + " " + name + " row " + r;
                    if (t.numeric().containsKey(name)) {
                        double v = t.numeric().get(name)[r];
                        if (Double.isNaN(v)) {
                            assertTrue(col.get(r).isNull(), where);
                        } else {
                            assertEquals(v, col.get(r).asDouble(), 0.0, where);
                        }
                    } else {
                        assertEquals(t.text().get(name)[r], col.get(r).asText(), where);
                    }
                }
            }
        }
    }


    private static void writeFits(Path file, BasicHDU<?>... hdus) throws Exception {
        try (Fits fits = new Fits()) {
            for (BasicHDU<?> hdu : hdus) {
                fits.addHDU(hdu);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (FitsOutputStream out = new FitsOutputStream(bytes)) {
                fits.write(out);
            }
            Files.write(file, bytes.toByteArray());
        }
    }
}
