package org.astronest.inference.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The record ends once its points can no longer be used (full, or slice chains drew points of unknown density):
 * the points are released, the regions stay for the rejection step, and later evaluations are not kept.
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

    @Test
    void fullRecordOfAnEarlierCheckpointIsReadReleased() throws IOException {
        // earlier builds wrote a full record with all its points; reading one gives the released record
        ImportanceRecord old = withPoints(300);
        old.full = true;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        old.write(out);
        out.writeInt(0x5EC7104);
        ImportanceRecord back = new ImportanceRecord(2);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        back.read(in);
        assertEquals(0x5EC7104, in.readInt(), "the skipped points end where the next section begins");
        assertTrue(back.full);
        assertEquals(0, back.size);
        back.add(new double[] {0.5, 0.5}, 0, 1.0, 0);
        assertEquals(0, back.size);

        // a record that is not full round-trips its points
        ImportanceRecord live = withPoints(300);
        bytes.reset();
        live.write(new DataOutputStream(bytes));
        ImportanceRecord again = new ImportanceRecord(2);
        again.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(300, again.size);
        assertEquals(-299.0, again.logL[299]);
    }
}
