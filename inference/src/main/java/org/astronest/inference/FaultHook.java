package org.astronest.inference;

/**
 * Named moments of writing files at which a test can kill the JVM, to check that a kill -9 there loses nothing:
 * with the system property {@code astronest.faultAt=NAME} the process halts (exit status 86, no shutdown hooks,
 * as after kill -9) when it reaches the moment {@code NAME}. Without the property this is one string comparison.
 * The moments are listed in docs/reliability.md.
 */
public final class FaultHook {

    /** The system property naming the moment to halt at. */
    public static final String PROPERTY = "astronest.faultAt";

    /** The exit status of a halt at a fault moment. */
    public static final int STATUS = 86;

    private static final String TARGET = System.getProperty(PROPERTY);

    private FaultHook() {
    }

    /** The system property naming a moment at which writing fails as on a full disk. */
    public static final String IO_PROPERTY = "astronest.faultIoAt";

    /**
     * Throws an {@link java.io.IOException} "No space left on device" when {@code moment} is the one
     * {@value #IO_PROPERTY} names (read at every call, so that a test can set it in-process).
     */
    public static void ioAt(String moment) throws java.io.IOException {
        if (moment.equals(System.getProperty(IO_PROPERTY))) {
            throw new java.io.IOException("No space left on device");
        }
    }

    /** Halts the JVM when {@code moment} is the one the property names. */
    public static void at(String moment) {
        if (TARGET != null && TARGET.equals(moment)) {
            Runtime.getRuntime().halt(STATUS);
        }
    }
}
