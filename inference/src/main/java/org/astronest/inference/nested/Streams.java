package org.astronest.inference.nested;

/**
 * The random-stream kinds of a nested run: every draw comes from {@code Rngs.stream(seed, kind, counter, item)} with
 * one kind per purpose, so adding a purpose never shifts the numbers another one sees.
 */
final class Streams {

    /** Initial live points, one stream per chunk. */
    static final long INIT = 0;
    /** Region-rejection proposals: (batch, chunk). */
    static final long REJECT = 1;
    /** Slice chains: (batch, chain). */
    static final long SLICE = 2;
    /** MLFriends radius bootstrap: (rebuild, round). */
    static final long BOOT = 3;
    /** Evidence re-simulations and thread bootstraps: (round). */
    static final long RESAMPLE = 4;
    /** Per-cluster ellipsoid bootstrap: (rebuild, round). */
    static final long ELLIPSOID = 5;
    /** Tight-ellipsoid rejection proposals ({@link EllipsoidRejection}): (batch, chunk). */
    static final long ELLIPSOID_REJECT = 6;
    /** Bootstrap of the tight ellipsoids' enlargement ({@link Ellipsoids}): (rebuild, tree node). */
    static final long ELLIPSOID_BOOT = 7;
    /** Monte Carlo volume of a rebuilt ellipsoid region: (rebuild). */
    static final long ELLIPSOID_VOLUME = 8;
    /** Slice chains that move every live point when slice chains take over mid-run: (round, live slot). */
    static final long SLICE_TAKEOVER = 9;
    /**
     * Clusters of the slice phase ({@link ClusterVolumes}): radius bootstrap (0, round), and the cluster a slot of an
     * emptied cluster goes to (1 + iteration, removal).
     */
    static final long CLUSTER = 10;

    private Streams() {
    }
}
