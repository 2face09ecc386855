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

    /** Halts the JVM when {@code moment} is the one the property names. */
    public static void at(String moment) {
        if (TARGET != null && TARGET.equals(moment)) {
            Runtime.getRuntime().halt(STATUS);
        }
    }
}
