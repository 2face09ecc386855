package org.astronest.forwardmodels.radex;

/** A LAMDA file that cannot be read: names the file, the line number and what was expected there. */
public final class LamdaFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public LamdaFormatException(String file, int line, String message) {
        super(file + ":" + line + ": " + message);
        this.file = file;
        this.line = line;
    }

    /** The file name as given to the reader. */
    public String file() {
        return file;
    }

    /** The 1-based line number where reading failed. */
    public int line() {
        return line;
    }
}
