package org.astronest.cli.io;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import nom.tam.fits.AsciiTableHDU;
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

/**
 * FITS files for maps and catalogues: a 2-D image with the header cards that place it on the sky (or on any other
 * world coordinates), and a binary table of numeric and text columns. FITS is what radio and optical archives,
 * DS9, CASA, astropy and TOPCAT read and write, so a map or a catalogue of fits in this format needs no converter.
 *
 * <p>The format is the one of the FITS Standard 4.0 (IAU FITS Working Group, 2018): an image is the data array of
 * an HDU (header and data unit) whose first axis, NAXIS1, varies fastest (Sect. 3.3.2), so {@code values[y][x]}
 * holds FITS pixel (x+1, y+1); integer arrays carry physical values {@code BZERO + BSCALE * stored}, with the stored
 * value {@code BLANK} marking an undefined pixel (Sect. 4.4.2.5), and floating-point arrays mark undefined pixels
 * with IEEE NaN (Sect. 5.3). A table is a binary table extension (Sect. 7.3) after a primary HDU with no data; a
 * numeric field holds {@code TZEROn + TSCALn * stored}, with {@code TNULLn} marking an undefined integer.
 *
 * <p>World coordinates are described by the cards of Greisen &amp; Calabretta 2002, A&amp;A 395, 1061 (Paper I:
 * CTYPEi, CUNITi, CRPIXi, CRVALi, CDELTi, PCi_j, CDi_j, PVi_m, WCSAXES) and Calabretta &amp; Greisen 2002, A&amp;A
 * 395, 1077 (Paper II: celestial projections, LONPOLE, LATPOLE, RADESYS, EQUINOX). This class does not evaluate
 * them: it carries them from a file to the caller and back unchanged, each with its FITS type (a string stays a
 * {@link String}, a number becomes a {@link Double}, WCSAXES an {@link Integer}), so that the map written from a
 * map that was read is placed where the original was. Numbers are written as the shortest decimal text that reads
 * back to the same {@code double}, so every card survives the round trip exactly.
 *
 * <p>Every problem with a file's content is an {@link IllegalArgumentException} with one line that names the file
 * and what is wrong; a file that cannot be read or written at all is an {@link UncheckedIOException} naming it.
 * Files are written atomically (a reader sees the old file or the complete new one) with
 * {@link AtomicFiles#write(Path, byte[])}, and the same content gives the same bytes (no date in the header).
 * Reading accepts gzip-compressed files ({@code .fits.gz}); tile-compressed HDUs are not decoded.
 */
public final class FitsIo {

    /** FITS header cards that describe world coordinates, for axes 1 and 2 (Papers I and II). */
    private static final Pattern WCS_KEY = Pattern.compile("WCSAXES|(CTYPE|CUNIT|CRPIX|CRVAL|CDELT|CROTA)[12]"
            + "|(PC|CD)[12]_[12]|PV[12]_[0-9]{1,2}|LONPOLE|LATPOLE|EQUINOX|EPOCH|RADESYS|MJD-OBS|DATE-OBS|RESTFRQ"
            + "|SPECSYS");
    /** A keyword of the standard: up to 8 of upper-case letters, digits, hyphen and underscore (Sect. 4.1.2.1). */
    private static final Pattern KEYWORD = Pattern.compile("[A-Z0-9_-]{1,8}");
    /** Keywords written from the data themselves, which a caller's cards must not replace. */
    private static final Pattern STRUCTURAL = Pattern.compile("SIMPLE|BITPIX|NAXIS[0-9]*|EXTEND|XTENSION|PCOUNT"
            + "|GCOUNT|GROUPS|BSCALE|BZERO|BLANK|BUNIT|END|COMMENT|HISTORY|CONTINUE");
    /** Text of a COMMENT or HISTORY card as nom-tam-fits writes it: columns 10 to 80, after a blank. */
    private static final int COMMENT_WIDTH = HeaderCard.MAX_COMMENT_CARD_COMMENT_LENGTH;
    /** Longest string value on one card: 68 characters between the quotes, a quote inside counting twice. */
    private static final int MAX_STRING = 68;
    private static final String SIMPLE_COMMENT = "conforms to FITS standard";

    private FitsIo() {
    }

    /**
     * A 2-D image: values[y][x] (NAXIS2 rows of NAXIS1 columns, FITS pixel (x+1, y+1)), and the header cards that
     * describe its world coordinates and units.
     *
     * @param values the pixels, rows of equal length; NaN where undefined
     * @param wcs the world coordinate cards in header order (see {@link FitsIo#wcsCards}); {@code null} is empty
     * @param unit the physical unit of the values (BUNIT), empty when not stated; {@code null} is empty
     */
    public record Image(double[][] values, LinkedHashMap<String, Object> wcs, String unit) {

        public Image {
            if (values == null) {
                throw new IllegalArgumentException("an image needs its values");
            }
            wcs = wcs == null ? new LinkedHashMap<>() : wcs;
            unit = unit == null ? "" : unit;
        }

        /** Columns of the image: NAXIS1. */
        public int width() {
            return values.length == 0 ? 0 : values[0].length;
        }

        /** Rows of the image: NAXIS2. */
        public int height() {
            return values.length;
        }
    }

    /**
     * A table of named columns: numeric ones (double) and text ones (String), in the given column order.
     *
     * @param names every column, in order; each is a key of exactly one of the two maps
     * @param numeric the numeric columns by name (NaN where undefined); {@code null} is empty
     * @param text the text columns by name; {@code null} is empty
     */
    public record Table(List<String> names, Map<String, double[]> numeric, Map<String, String[]> text) {

        public Table {
            names = names == null ? List.of() : names;
            numeric = numeric == null ? Map.of() : numeric;
            text = text == null ? Map.of() : text;
        }

        /** Rows of the table: the length of its first column, 0 without columns. */
        public int rows() {
            for (String n : names) {
                double[] d = numeric.get(n);
                if (d != null) {
                    return d.length;
                }
                String[] s = text.get(n);
                if (s != null) {
                    return s.length;
                }
            }
            return 0;
        }
    }

    // ------------------------------------------------------------------------------------------------ images

    /**
     * Reads the first HDU that holds an image of 2 axes (a 3-D cube whose NAXIS3 is 1 is read as 2-D). BSCALE/BZERO
     * applied; BLANK (integer images) and NaN become NaN. Any integer or float BITPIX.
     *
     * @throws IllegalArgumentException naming the file: not a FITS file, no 2-D image in it (saying what each HDU
     *     holds), or a malformed file
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static Image readImage(Path file) {
        return reading(file, fits -> {
            List<String> seen = new ArrayList<>();
            int index = 0;
            for (BasicHDU<?> hdu = fits.readHDU(); hdu != null; hdu = fits.readHDU(), index++) {
                Header h = hdu.getHeader();
                if (!(hdu instanceof ImageHDU)) {
                    seen.add("HDU " + index + " is " + kind(hdu));
                    continue;
                }
                int naxis = h.getIntValue("NAXIS", 0);
                int n1 = h.getIntValue("NAXIS1", 0);
                int n2 = h.getIntValue("NAXIS2", 0);
                int n3 = h.getIntValue("NAXIS3", 0);
                if (naxis == 0) {
                    seen.add("HDU " + index + " has no data");
                } else if (naxis == 2 || naxis == 3 && n3 == 1) {
                    if (n1 == 0 || n2 == 0) {
                        seen.add("HDU " + index + " has an empty image (NAXIS1 = " + n1 + ", NAXIS2 = " + n2 + ")");
                        continue;
                    }
                    return image(file, (ImageHDU) hdu, naxis, n1, n2);
                } else {
                    StringBuilder s = new StringBuilder("HDU " + index + " has NAXIS " + naxis);
                    for (int a = 3; a <= naxis; a++) {
                        s.append(a == 3 ? " with " : ", ").append("NAXIS").append(a).append(" = ")
                                .append(h.getIntValue("NAXIS" + a, 0));
                    }
                    seen.add(s.toString());
                }
            }
            throw problem(file, "no 2-D image (" + (seen.isEmpty() ? "no HDU" : String.join("; ", seen)) + ")");
        });
    }

    private static Image image(Path file, ImageHDU hdu, int naxis, int width, int height) {
        Header h = hdu.getHeader();
        int bitpix = h.getIntValue("BITPIX", 0);
        double scale = h.getDoubleValue("BSCALE", 1.0);
        double zero = h.getDoubleValue("BZERO", 0.0);
        boolean identity = scale == 1.0 && zero == 0.0;
        boolean hasBlank = bitpix > 0 && h.containsKey("BLANK");
        long blank = hasBlank ? h.getLongValue("BLANK", 0) : 0;
        Object kernel = hdu.getData().getKernel();
        Object plane = naxis == 3 ? element(file, kernel, 0) : kernel;
        double[][] values = new double[height][width];
        for (int y = 0; y < height; y++) {
            Object row = element(file, plane, y);
            if (row == null || !row.getClass().isArray() || Array.getLength(row) != width) {
                throw problem(file, "image data of HDU do not match NAXIS1 = " + width + ", NAXIS2 = " + height);
            }
            double[] out = values[y];
            if (row instanceof double[] d) {
                for (int x = 0; x < width; x++) {
                    out[x] = identity ? d[x] : zero + scale * d[x];
                }
            } else if (row instanceof float[] f) {
                for (int x = 0; x < width; x++) {
                    out[x] = identity ? f[x] : zero + scale * f[x];
                }
            } else if (row instanceof byte[] b) {
                // BITPIX 8 is unsigned (Sect. 5.2.1)
                for (int x = 0; x < width; x++) {
                    out[x] = physical(b[x] & 0xFF, hasBlank, blank, scale, zero);
                }
            } else if (row instanceof short[] s) {
                for (int x = 0; x < width; x++) {
                    out[x] = physical(s[x], hasBlank, blank, scale, zero);
                }
            } else if (row instanceof int[] i) {
                for (int x = 0; x < width; x++) {
                    out[x] = physical(i[x], hasBlank, blank, scale, zero);
                }
            } else if (row instanceof long[] l) {
                for (int x = 0; x < width; x++) {
                    out[x] = physical(l[x], hasBlank, blank, scale, zero);
                }
            } else {
                throw problem(file, "image of BITPIX " + bitpix + " cannot be read");
            }
        }
        String unit = h.getStringValue("BUNIT");
        return new Image(values, wcsCards(h), unit == null ? "" : unit.strip());
    }

    private static double physical(long stored, boolean hasBlank, long blank, double scale, double zero) {
        return hasBlank && stored == blank ? Double.NaN : zero + scale * stored;
    }

    private static Object element(Path file, Object array, int i) {
        if (!(array instanceof Object[] a) || a.length <= i) {
            throw problem(file, "image data of an unexpected layout");
        }
        return a[i];
    }

    /**
     * Writes values[y][x] as a float64 primary image with the given WCS cards (written in their map order), BUNIT
     * when unit is non-empty, and COMMENT/HISTORY lines given in comments; atomically (bytes via
     * {@link AtomicFiles#write(Path, byte[])}).
     *
     * <p>A line of {@code comments} that begins with {@code "HISTORY "} becomes HISTORY cards of the rest of it, one
     * that begins with {@code "COMMENT "} COMMENT cards of the rest, any other line COMMENT cards of the whole line;
     * a line longer than a card (71 characters) goes on over several cards, and characters outside printable ASCII
     * (which a header cannot hold) are written as {@code ?}. A WCS value is a String, a Boolean, an integer
     * (Integer, Long) or another finite Number (written as a double).
     *
     * @throws IllegalArgumentException naming the file: values not a non-empty rectangle, or a card that a FITS
     *     header cannot hold (a keyword not of the standard, a structural keyword such as NAXIS1, a non-finite
     *     number, a string that is not printable ASCII or longer than 68 characters)
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void writeImage(Path file, double[][] values, Map<String, Object> wcs, String unit,
            List<String> comments) {
        if (values == null || values.length == 0 || values[0] == null || values[0].length == 0) {
            throw problem(file, "an image needs at least 1 row and 1 column");
        }
        for (int y = 0; y < values.length; y++) {
            if (values[y] == null || values[y].length != values[0].length) {
                throw problem(file, "image rows differ in length (row 0 has " + values[0].length + " values, row "
                        + y + " has " + (values[y] == null ? 0 : values[y].length) + ")");
            }
        }
        try (Fits fits = new Fits()) {
            ImageHDU hdu = ImageData.from(values).toHDU();
            Header h = hdu.getHeader();
            h.findCard("SIMPLE").setComment(SIMPLE_COMMENT);
            if (wcs != null) {
                for (Map.Entry<String, Object> e : wcs.entrySet()) {
                    if (e.getKey() != null && STRUCTURAL.matcher(e.getKey()).matches()) {
                        throw problem(file, e.getKey() + " is written from the data, not from the WCS cards");
                    }
                    h.addLine(card(file, e.getKey(), e.getValue()));
                }
            }
            if (unit != null && !unit.isBlank()) {
                h.addLine(card(file, "BUNIT", unit));
            }
            if (comments != null) {
                for (String line : comments) {
                    comment(h, line == null ? "" : line);
                }
            }
            fits.addHDU(hdu);
            write(file, fits);
        } catch (RuntimeException e) {
            throw rethrow(file, "cannot write the image", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write (" + oneLine(e) + ")", e);
        }
    }

    private static void comment(Header h, String line) {
        String keyword = "COMMENT";
        String text = line;
        if (line.startsWith("HISTORY ")) {
            keyword = "HISTORY";
            text = line.substring(8);
        } else if (line.startsWith("COMMENT ")) {
            text = line.substring(8);
        }
        text = ascii(text);
        do {
            int end = text.length();
            if (end > COMMENT_WIDTH) {
                // break after the last blank that keeps the piece on one card, else at the card's end
                int blank = text.lastIndexOf(' ', COMMENT_WIDTH - 1);
                end = blank > 0 ? blank + 1 : COMMENT_WIDTH;
            }
            h.addLine(HeaderCard.createCommentStyleCard(keyword, text.substring(0, end)));
            text = text.substring(end);
        } while (!text.isEmpty());
    }

    /** One header card, formatted so that reading it back gives the same value. */
    private static HeaderCard card(Path file, String key, Object value) {
        if (key == null || !KEYWORD.matcher(key).matches()) {
            throw problem(file, "'" + key + "' is not a FITS keyword (1 to 8 of A-Z, 0-9, '-', '_')");
        }
        try {
            if (value instanceof String s) {
                if (s.length() + s.chars().filter(ch -> ch == '\'').count() > MAX_STRING || !s.equals(ascii(s))) {
                    throw problem(file, key + " = '" + s + "' is not a string of at most " + MAX_STRING
                            + " printable ASCII characters");
                }
                return new HeaderCard(key, s, (String) null);
            }
            if (value instanceof Boolean b) {
                return new HeaderCard(key, b, (String) null);
            }
            if (value instanceof Integer || value instanceof Long || value instanceof Short
                    || value instanceof Byte) {
                return new HeaderCard(key, ((Number) value).longValue(), (String) null);
            }
            if (value instanceof Number n) {
                double d = n.doubleValue();
                if (!Double.isFinite(d)) {
                    throw problem(file, key + " = " + d + " cannot be written: a FITS header holds finite numbers");
                }
                // Double.toString is a decimal text that parses back to d exactly; value field right-justified to
                // column 30 when it fits (the fixed format, Sect. 4.2.4)
                return HeaderCard.create(String.format(Locale.ROOT, "%-8s= %20s", key, Double.toString(d)));
            }
        } catch (RuntimeException e) {
            throw rethrow(file, "cannot write " + key, e);
        }
        throw problem(file, key + " has a value of type " + (value == null ? "null" : value.getClass().getSimpleName())
                + "; a card holds a String, a Boolean or a Number");
    }

    /**
     * The header cards that describe world coordinates, in header order: WCSAXES, CTYPEi, CUNITi, CRPIXi, CRVALi,
     * CDELTi, CROTAi, PCi_j, CDi_j, PVi_m, LONPOLE, LATPOLE, EQUINOX, EPOCH, RADESYS, MJD-OBS, DATE-OBS, RESTFRQ,
     * SPECSYS (i, j up to 2 for images; the 3rd axis of a squeezed cube dropped).
     *
     * <p>A string value is a String (trailing blanks, which FITS ignores, removed), a logical one a Boolean, a number
     * a Double, and WCSAXES an Integer of at most 2 (as only 2 axes are kept). A card without a value is left out.
     */
    static LinkedHashMap<String, Object> wcsCards(Header h) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        for (Cursor<String, HeaderCard> it = h.iterator(); it.hasNext(); ) {
            HeaderCard c = it.next();
            String key = c.getKey();
            if (key == null || !WCS_KEY.matcher(key).matches() || !c.isKeyValuePair()) {
                continue;
            }
            String raw = c.getValue();
            if (c.isStringValue()) {
                out.put(key, raw.stripTrailing());
            } else if (c.valueType() == Boolean.class) {
                out.put(key, c.getValue(Boolean.class, Boolean.FALSE));
            } else if (key.equals("WCSAXES") && c.isIntegerType()) {
                out.put(key, (int) Math.min(2, c.getValue(Long.class, 2L)));
            } else if (c.isIntegerType() || c.isDecimalType()) {
                // the card's own text, so that no digit is lost on the way (Fortran 'D' exponents allowed)
                out.put(key, Double.parseDouble(raw.strip().replace('D', 'E').replace('d', 'e')));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ tables

    /**
     * Writes a FITS binary table extension (after an empty primary HDU): float64 columns ('D') for numeric,
     * fixed-width character columns ('A', width = longest string, at least 1) for text; column names in TTYPEn;
     * atomically. EXTNAME given.
     *
     * <p>A {@code null} string is written as the empty string; characters outside printable ASCII (which a FITS
     * character field should not hold) are written as {@code ?}; trailing blanks, which FITS readers treat as padding,
     * are written but not read back. An EXTNAME that is {@code null} or blank is not written.
     *
     * @throws IllegalArgumentException naming the file: no columns, a name missing from both maps or in both, names
     *     equal but for case, a name that is not printable ASCII, or columns of different lengths
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public static void writeTable(Path file, Table table, String extname) {
        if (table == null || table.names().isEmpty()) {
            throw problem(file, "a table needs at least one column");
        }
        int rows = table.rows();
        Map<String, String> lower = new HashMap<>();
        for (String name : table.names()) {
            if (name == null || name.isBlank() || !name.equals(name.strip()) || !name.equals(ascii(name))
                    || name.length() > MAX_STRING) {
                throw problem(file, "column name '" + name + "' is not 1 to " + MAX_STRING
                        + " printable ASCII characters without leading or trailing blanks");
            }
            String before = lower.put(name.toLowerCase(Locale.ROOT), name);
            if (before != null) {
                throw problem(file, "column names '" + before + "' and '" + name + "' are equal but for case");
            }
            boolean isNumeric = table.numeric().containsKey(name);
            boolean isText = table.text().containsKey(name);
            if (isNumeric == isText) {
                throw problem(file, "column '" + name + "' is " + (isText ? "both numeric and text" : "in neither the "
                        + "numeric nor the text columns"));
            }
            Object column = isNumeric ? table.numeric().get(name) : table.text().get(name);
            int length = column == null ? -1 : Array.getLength(column);
            if (length != rows) {
                throw problem(file, "column '" + name + "' has " + length + " rows, the first column " + rows);
            }
        }
        Set<String> names = new HashSet<>(table.names());
        for (Map<String, ?> columns : List.of(table.numeric(), table.text())) {
            for (String name : columns.keySet()) {
                if (!names.contains(name)) {
                    throw problem(file, "column '" + name + "' is not in the table's names " + table.names());
                }
            }
        }
        if (extname != null && !extname.isBlank()
                && (extname.length() > MAX_STRING || !extname.equals(ascii(extname)))) {
            throw problem(file, "EXTNAME '" + extname + "' is not at most " + MAX_STRING
                    + " printable ASCII characters");
        }
        try (Fits fits = new Fits()) {
            BinaryTable data = new BinaryTable();
            for (String name : table.names()) {
                double[] numbers = table.numeric().get(name);
                if (numbers != null) {
                    data.addColumn(numbers.clone());
                } else {
                    data.addColumn(padded(table.text().get(name)));
                }
            }
            BinaryTableHDU hdu = data.toHDU();
            for (int i = 0; i < table.names().size(); i++) {
                hdu.setColumnName(i, table.names().get(i), null);
            }
            if (extname != null && !extname.isBlank()) {
                hdu.getHeader().addLine(new HeaderCard("EXTNAME", extname, (String) null));
            }
            NullDataHDU primary = new NullDataHDU();
            primary.getHeader().findCard("SIMPLE").setComment(SIMPLE_COMMENT);
            fits.addHDU(primary);
            fits.addHDU(hdu);
            write(file, fits);
        } catch (RuntimeException e) {
            throw rethrow(file, "cannot write the table", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write (" + oneLine(e) + ")", e);
        }
    }

    /**
     * The strings as printable ASCII, padded to the longest (at least 1 character, so that no field has width 0, which
     * astropy's Table cannot read) with ASCII NUL, which ends a string in a character field (Sect. 7.3), as astropy
     * pads: a reader then sees the strings without padding however it reads the field.
     */
    private static String[] padded(String[] strings) {
        String[] out = new String[strings.length];
        int width = 1;
        for (int i = 0; i < strings.length; i++) {
            out[i] = strings[i] == null ? "" : ascii(strings[i]);
            width = Math.max(width, out[i].length());
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] + "\0".repeat(width - out[i].length());
        }
        return out;
    }

    /**
     * Reads the first binary-table HDU: numeric columns (any numeric type, scalar per row) as double[], character
     * columns as String[] (trailing blanks trimmed).
     *
     * <p>Numeric values are {@code TZEROn + TSCALn * stored}, NaN where an integer equals {@code TNULLn}; 'B'
     * (unsigned byte) fields are read unsigned. A column without TTYPEn is named {@code COLn}. Tile-compressed
     * images and tables (ZIMAGE, ZTABLE) are not read as tables.
     *
     * @throws IllegalArgumentException naming the file: not a FITS file, no binary table (saying what each HDU
     *     holds), a column that is neither numeric nor character (logical, bits, complex), an array column (several
     *     values or a variable-length array per row), or column names that repeat
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static Table readTable(Path file) {
        return reading(file, fits -> {
            List<String> seen = new ArrayList<>();
            int index = 0;
            for (BasicHDU<?> hdu = fits.readHDU(); hdu != null; hdu = fits.readHDU(), index++) {
                Header h = hdu.getHeader();
                if (hdu instanceof BinaryTableHDU t && !h.getBooleanValue("ZIMAGE", false)
                        && !h.getBooleanValue("ZTABLE", false)) {
                    return table(file, index, t);
                }
                if (hdu instanceof ImageHDU) {
                    int naxis = h.getIntValue("NAXIS", 0);
                    seen.add("HDU " + index + (naxis == 0 ? " has no data" : " has an image of NAXIS " + naxis));
                } else {
                    seen.add("HDU " + index + " is " + kind(hdu));
                }
            }
            throw problem(file, "no binary table (" + (seen.isEmpty() ? "no HDU" : String.join("; ", seen)) + ")");
        });
    }

    private static Table table(Path file, int index, BinaryTableHDU hdu) {
        Header h = hdu.getHeader();
        BinaryTable data = hdu.getData();
        int columns = data.getNCols();
        int rows = data.getNRows();
        List<String> names = new ArrayList<>();
        Map<String, double[]> numeric = new LinkedHashMap<>();
        Map<String, String[]> text = new LinkedHashMap<>();
        for (int c = 0; c < columns; c++) {
            int n = c + 1;
            String ttype = h.getStringValue("TTYPE" + n);
            String name = ttype == null || ttype.isBlank() ? "COL" + n : ttype.strip();
            if (names.contains(name)) {
                throw problem(file, "HDU " + index + " has two columns named '" + name + "'");
            }
            String tform = h.getStringValue("TFORM" + n, "").strip();
            String which = "column " + n + " '" + name + "' (TFORM" + n + " = '" + tform + "') of HDU " + index;
            names.add(name);
            if (tform.matches("0+A")) {
                // a character field of width 0 holds only empty strings
                String[] empty = new String[rows];
                Arrays.fill(empty, "");
                text.put(name, empty);
                continue;
            }
            try {
                BinaryTable.ColumnDesc d = data.getDescriptor(c);
                if (d.isVariableSize()) {
                    throw problem(file, which + " is an array column (a variable-length array per row); only "
                            + "scalar columns can be read");
                }
                if (d.isLogical() || d.isBits() || d.isComplex()) {
                    throw problem(file, which + " is " + (d.isLogical() ? "logical" : d.isBits() ? "bits" : "complex")
                            + ", neither numeric nor character");
                }
                if (!d.isString() && !d.isNumeric()) {
                    throw problem(file, which + " is neither numeric nor character");
                }
                if (!d.isSingleton()) {
                    throw problem(file, which + " is an array column (several values per row); only scalar columns "
                            + "can be read");
                }
                Object raw = data.getColumn(c);
                if (d.isString()) {
                    if (!(raw instanceof String[] s) || s.length != rows) {
                        throw problem(file, which + " cannot be read as text");
                    }
                    String[] out = new String[rows];
                    for (int r = 0; r < rows; r++) {
                        out[r] = s[r] == null ? "" : s[r].stripTrailing();
                    }
                    text.put(name, out);
                } else {
                    numeric.put(name, numbers(file, which, raw, rows, h, n));
                }
            } catch (RuntimeException e) {
                throw rethrow(file, which + " cannot be read", e);
            }
        }
        return new Table(names, numeric, text);
    }

    private static double[] numbers(Path file, String which, Object raw, int rows, Header h, int n) {
        if (raw == null || !raw.getClass().isArray() || Array.getLength(raw) != rows) {
            throw problem(file, which + " cannot be read as numbers");
        }
        double scale = h.getDoubleValue("TSCAL" + n, 1.0);
        double zero = h.getDoubleValue("TZERO" + n, 0.0);
        boolean identity = scale == 1.0 && zero == 0.0;
        boolean hasNull = h.containsKey("TNULL" + n);
        long nul = hasNull ? h.getLongValue("TNULL" + n, 0) : 0;
        double[] out = new double[rows];
        if (raw instanceof double[] d) {
            for (int r = 0; r < rows; r++) {
                out[r] = identity ? d[r] : zero + scale * d[r];
            }
        } else if (raw instanceof float[] f) {
            for (int r = 0; r < rows; r++) {
                out[r] = identity ? f[r] : zero + scale * f[r];
            }
        } else if (raw instanceof byte[] b) {
            for (int r = 0; r < rows; r++) {
                out[r] = physical(b[r] & 0xFF, hasNull, nul, scale, zero);
            }
        } else if (raw instanceof short[] s) {
            for (int r = 0; r < rows; r++) {
                out[r] = physical(s[r], hasNull, nul, scale, zero);
            }
        } else if (raw instanceof int[] i) {
            for (int r = 0; r < rows; r++) {
                out[r] = physical(i[r], hasNull, nul, scale, zero);
            }
        } else if (raw instanceof long[] l) {
            for (int r = 0; r < rows; r++) {
                out[r] = physical(l[r], hasNull, nul, scale, zero);
            }
        } else {
            throw problem(file, which + " holds " + raw.getClass().getComponentType() + ", not numbers");
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    @FunctionalInterface
    private interface Reader<T> {
        T read(Fits fits) throws IOException;
    }

    /** A problem with a file's content, already worded with the file's name. */
    private static final class Problem extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }

    private static Problem problem(Path file, String what) {
        return new Problem(file + ": " + what);
    }

    private static RuntimeException rethrow(Path file, String what, Exception e) {
        if (e instanceof Problem p) {
            return p;
        }
        if (e instanceof UncheckedIOException u) {
            return u;
        }
        return new Problem(file + ": " + what + " (" + oneLine(e) + ")");
    }

    /** Opens a file that begins as a FITS file must, and maps every failure to the exceptions of this class. */
    private static <T> T reading(Path file, Reader<T> body) {
        requireFits(file);
        try (Fits fits = new Fits(file.toFile())) {
            return body.read(fits);
        } catch (Problem e) {
            throw e;
        } catch (EOFException e) {
            throw problem(file, "truncated FITS file (" + oneLine(e) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read (" + oneLine(e) + ")", e);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException(file + ": cannot read (" + oneLine(e) + ")", e.getCause());
        } catch (RuntimeException e) {
            // nom-tam-fits reports a malformed file with FitsException, a RuntimeException since 1.18
            throw problem(file, "malformed FITS file (" + oneLine(e) + ")");
        }
    }

    /** A FITS file begins with the card {@code SIMPLE = T} (Sect. 4.4.1.1); a gzip-compressed one once inflated. */
    private static void requireFits(Path file) {
        if (!Files.exists(file)) {
            throw new UncheckedIOException(file + ": no such file", new NoSuchFileException(file.toString()));
        }
        if (Files.isDirectory(file)) {
            throw problem(file, "is a directory, not a FITS file");
        }
        byte[] first;
        try (InputStream raw = Files.newInputStream(file)) {
            byte[] magic = raw.readNBytes(2);
            InputStream in = raw;
            if (magic.length == 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B) {
                in = new GZIPInputStream(new SequenceInputStream(new ByteArrayInputStream(magic), raw));
                magic = new byte[0];
            }
            byte[] rest = in.readNBytes(80 - magic.length);
            first = new byte[magic.length + rest.length];
            System.arraycopy(magic, 0, first, 0, magic.length);
            System.arraycopy(rest, 0, first, magic.length, rest.length);
        } catch (ZipException e) {
            throw problem(file, "not a FITS file (a damaged gzip stream: " + oneLine(e) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read (" + oneLine(e) + ")", e);
        }
        String card = new String(first, StandardCharsets.ISO_8859_1);
        String value = card.length() == 80 && card.startsWith("SIMPLE  =") ? card.substring(10).split("/", 2)[0] : "";
        if (!value.strip().equals("T")) {
            throw problem(file, "not a FITS file (it does not begin with the card SIMPLE = T)");
        }
    }

    private static void write(Path file, Fits fits) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (FitsOutputStream out = new FitsOutputStream(bytes)) {
            fits.write(out);
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    private static String kind(BasicHDU<?> hdu) {
        Header h = hdu.getHeader();
        if (hdu instanceof BinaryTableHDU) {
            if (h.getBooleanValue("ZIMAGE", false)) {
                return "a tile-compressed image (not decoded; decompress the file first, e.g. with funpack)";
            }
            return h.getBooleanValue("ZTABLE", false) ? "a tile-compressed table" : "a binary table";
        }
        if (hdu instanceof AsciiTableHDU) {
            return "an ASCII table";
        }
        String xtension = h.getStringValue("XTENSION");
        return xtension == null ? "random groups" : "an extension of type " + xtension.strip();
    }

    /** Printable ASCII (32 to 126, what a header or a character field holds), other characters as '?'. */
    private static String ascii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.append(cp >= 32 && cp <= 126 ? (char) cp : '?'));
        return b.toString();
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }
}
