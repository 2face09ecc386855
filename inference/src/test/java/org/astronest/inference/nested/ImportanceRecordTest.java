package org.astronest.inference.nested;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.astronest.inference.WorkPool;
import org.junit.jupiter.api.Test;

/**
 * The record ends once its points can no longer cover the run (full, or slice chains drew points of unknown
 * density): it is cut where its last whole epoch ends, the points are released, the regions stay for the rejection
 * step, and later evaluations are not kept.
 */
class ImportanceRecordTest {

    private static ImportanceRecord withPoints(int count) {
        ImportanceRecord rec = new ImportanceRecord(2);
        rec.newEpoch(null);
        for (int i = 0; i < count; i++) {
            rec.add(new double[] {0.25, 0.75}, 0, -i, 0);
        }
        return rec;
    }

    @Test
    void releaseDropsPointsKeepsRegionsAndIgnoresLaterEvaluations() {
        ImportanceRecord rec = withPoints(5000);
        Ellipsoids ball = Ellipsoids.of(2, new double[] {0.5, 0.5}, new double[] {0.1, 0, 0, 0.1});
        int e = rec.newEpoch(ball);
        assertEquals(5000, rec.size);
        rec.release();
        assertEquals(0, rec.size);
        assertEquals(0, rec.u.length);
        assertFalse(rec.full, "released by a slice switch, not for want of room");
        assertSame(ball, rec.regions.get(e));
        rec.add(new double[] {0.5, 0.5}, 0, 1.0, e);
        assertEquals(0, rec.size);
    }

    /** Three epochs starting at dead points 0, 3 and 6 (last dead ln L -inf, -8, -5), four points each. */
    private static ImportanceRecord threeEpochs(int maxPoints) {
        ImportanceRecord rec = new ImportanceRecord(2, maxPoints);
        double[][] regions = {null, {0.5, 0.5, 0.3}, {0.5, 0.5, 0.1}};
        double[] lastDead = {Double.NEGATIVE_INFINITY, -8, -5};
        int[] deadAt = {0, 3, 6};
        for (int e = 0; e < 3; e++) {
            rec.at(deadAt[e], lastDead[e]);
            double[] r = regions[e];
            int idx = rec.newEpoch(r == null ? null
                    : Ellipsoids.of(2, new double[] {r[0], r[1]}, new double[] {r[2], 0, 0, r[2]}));
            for (int i = 0; i < 4; i++) {
                rec.add(new double[] {0.5 + 0.01 * i, 0.5}, 0, -10 + 3 * e + i, idx);
            }
            rec.addDraws(idx, 4);
        }
        return rec;
    }

    @Test
    void fullRecordIsCutBeforeTheEpochThatOverflowed() throws IOException {
        ImportanceRecord rec = threeEpochs(10); // the third epoch's third point does not fit
        assertTrue(rec.full);
        assertEquals(2, rec.fullEpoch);
        assertEquals(10, rec.size, "the points recorded so far stay until the cut");
        assertTrue(rec.cutDue(false));
        try (WorkPool pool = WorkPool.of(1, "test")) {
            rec.cutNow(9, -4.0, pool);
        }
        ImportanceCut cut = rec.cut;
        assertEquals(6, cut.deadIndex(), "where the overflowing epoch began");
        assertEquals(-5.0, cut.logLCut());
        assertEquals(2, cut.epochs());
        assertEquals(8, cut.points(), "the points of epochs 0 and 1");
        assertEquals(0, rec.size);
        assertFalse(rec.cutDue(true), "cut once");

        // the cut survives a checkpoint
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        rec.write(out);
        out.writeInt(0x5EC7104);
        ImportanceRecord back = new ImportanceRecord(2, 10);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        back.read(in);
        assertEquals(0x5EC7104, in.readInt(), "the section ends where the next begins");
        assertEquals(6, back.cut.deadIndex());
        assertArrayEquals(cut.logS1Below(), back.cut.logS1Below());
        assertArrayEquals(cut.logS2Above(), back.cut.logS2Above());
        assertArrayEquals(cut.logW(), back.cut.logW());
        assertArrayEquals(cut.u(), back.cut.u());
        assertEquals(6, back.startDead[2]);
        assertEquals(-5.0, back.startLogL[2]);
        back.add(new double[] {0.5, 0.5}, 0, 1.0, 2);
        assertEquals(0, back.size, "nothing is recorded after the cut");
    }

    @Test
    void sliceSwitchCutsAtTheSwitchOverEveryEpoch() {
        ImportanceRecord rec = threeEpochs(100);
        assertFalse(rec.full);
        assertFalse(rec.cutDue(false));
        assertTrue(rec.cutDue(true));
        try (WorkPool pool = WorkPool.of(1, "test")) {
            rec.cutNow(7, -3.5, pool);
        }
        assertEquals(7, rec.cut.deadIndex());
        assertEquals(-3.5, rec.cut.logLCut());
        assertEquals(3, rec.cut.epochs());
        assertEquals(12, rec.cut.points());
        // points at ln L -10..-1; below -3.5: all but -3, -2 and -1 (the ones above carry 1/g only)
        assertEquals(Double.NEGATIVE_INFINITY, rec.cut.logS1Above()[0]);
        assertEquals(Double.NEGATIVE_INFINITY, rec.cut.logS1Above()[1]);
        assertTrue(rec.cut.logS1Above()[2] > Double.NEGATIVE_INFINITY);
    }

    @Test
    void cutBeforeTheFirstDeadPointOrWithoutEllipsoidsLeavesNothing() {
        ImportanceRecord rec = threeEpochs(100);
        try (WorkPool pool = WorkPool.of(1, "test")) {
            rec.cutNow(0, Double.NEGATIVE_INFINITY, pool);
            assertEquals(0, rec.cut.deadIndex(), "slice chains from the first rebuild: the plain evidence");
            ImportanceRecord cube = new ImportanceRecord(2);
            cube.newEpoch(null);
            cube.add(new double[] {0.5, 0.5}, 0, -1, 0);
            cube.addDraws(0, 1);
            cube.cutNow(40, -2, pool);
            assertEquals(0, cube.cut.deadIndex(), "the MLFriends bound records no epoch but the cube");
        }
    }

    @Test
    void liveRecordRoundTripsItsPoints() throws IOException {
        ImportanceRecord live = withPoints(300);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        live.write(new DataOutputStream(bytes));
        ImportanceRecord again = new ImportanceRecord(2);
        again.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(300, again.size);
        assertEquals(-299.0, again.logL[299]);
    }
}
