package org.astronest.inference.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The calibration rule of {@link ChainLength} on fed jumps: the steps double when the window's smaller mean jump
 * (space or level) at the end is below the target, halve when it is reached at half the steps, and stay between the
 * floor and the cap of 64 x d; a fixed length never moves; the state survives a checkpoint.
 */
class ChainLengthTest {

    /** A window of chains with the given jumps (space and level, at half the steps and at the end). */
    private static double[] window(double spaceMid, double levelMid, double spaceEnd, double levelEnd) {
        double[] j = new double[ChainLength.PER_CHAIN * ChainLength.WINDOW];
        for (int c = 0; c < ChainLength.WINDOW; c++) {
            j[4 * c] = spaceMid;
            j[4 * c + 1] = levelMid;
            j[4 * c + 2] = spaceEnd;
            j[4 * c + 3] = levelEnd;
        }
        return j;
    }

    @Test
    void doublesWhileEitherJumpFallsShortAndHalvesBackToTheFloor() {
        int d = 3;
        ChainLength len = ChainLength.calibrated(d, 30);
        assertEquals(30, len.steps());
        // the space jump at the end is short: double
        len.record(window(0.5, 0.9, 0.8, 1.0), ChainLength.WINDOW);
        assertEquals(60, len.steps());
        // the level jump at the end is short, the space one is not: double again
        len.record(window(0.9, 0.5, 1.0, 0.9), ChainLength.WINDOW);
        assertEquals(120, len.steps());
        // both reach the target at the end but not at half the steps: stay
        len.record(window(0.94, 1.0, 1.0, 1.0), ChainLength.WINDOW);
        assertEquals(120, len.steps());
        // both reach it already at half the steps: halve, then never below the floor
        len.record(window(0.96, 0.97, 1.0, 1.0), ChainLength.WINDOW);
        assertEquals(60, len.steps());
        len.record(window(1.0, 1.0, 1.0, 1.0), ChainLength.WINDOW);
        len.record(window(1.0, 1.0, 1.0, 1.0), ChainLength.WINDOW);
        assertEquals(30, len.steps());
    }

    @Test
    void capsAt256StepsPerDimensionAndDecidesOnlyOnFullWindows() {
        int d = 2;
        ChainLength len = ChainLength.calibrated(d, 20);
        double[] half = window(0.1, 0.1, 0.1, 0.1);
        len.record(half, ChainLength.WINDOW / 2); // half a window: no decision yet
        assertEquals(20, len.steps());
        len.record(half, ChainLength.WINDOW / 2);
        assertEquals(40, len.steps());
        for (int i = 0; i < 10; i++) {
            len.record(window(0.1, 0.1, 0.1, 0.1), ChainLength.WINDOW);
        }
        assertEquals(256 * d, len.steps());

        ChainLength fixed = ChainLength.fixed(7);
        fixed.record(window(0.0, 0.0, 0.0, 0.0), ChainLength.WINDOW);
        assertEquals(7, fixed.steps());
    }

    @Test
    void stateRoundTripsThroughTheCheckpointSection() throws IOException {
        ChainLength a = ChainLength.calibrated(4, 40);
        a.record(window(0.2, 0.2, 0.3, 0.3), ChainLength.WINDOW);
        a.record(window(0.2, 0.2, 0.3, 0.3), ChainLength.WINDOW / 4);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.write(new DataOutputStream(bytes));
        ChainLength b = ChainLength.calibrated(4, 40);
        b.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(80, b.steps());
        // the partial window carried over: three more quarters complete it, and the short jumps double again
        double[] q = window(0.2, 0.2, 0.3, 0.3);
        a.record(q, 3 * ChainLength.WINDOW / 4);
        b.record(q, 3 * ChainLength.WINDOW / 4);
        assertEquals(160, a.steps());
        assertEquals(a.steps(), b.steps());
    }
}
