package org.astronest.inference.nested;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.astronest.inference.StateCodec;

/**
 * The importance-sampled part of a run whose record ended before the run did (the record filled up, or slice
 * chains took over): at the cut, dead point {@code deadIndex} onwards, with threshold {@code logLCut} (the last dead
 * point's log-likelihood), the evidence splits as
 * <pre>
 *   Z = A + B C,   A = int_{L <= L_c} L dX,   B = vol{L > L_c},   C = the mean of L over {L > L_c},
 * </pre>
 * where A and B are importance-sampled from the epochs that ended before the cut ({@link ImportanceEvidence}: the
 * deterministic-mixture estimator of Feroz et al. 2019 applied to {@code L 1[L <= L_c]} and {@code 1[L > L_c]}),
 * and C is the plain nested-sampling evidence of the rest of the run with its prior volume starting at 1 (the live
 * points at the cut are uniform above L_c). A tight bound's bias before the cut is then corrected as in a run that
 * never left rejection, and the run after it is weighted as before ({@link CutEvidence}).
 *
 * <p>Per epoch it keeps what the stratified variance needs once C is known: the sums of the weights and of their
 * squares below and above the cut (as logarithms) and the raw draws; and, as posterior samples, the points below
 * the cut whose weights add up to all but {@link NestedEngine#SAMPLE_DROP} of A.
 *
 * @param deadIndex   dead points before the cut (the first dead point the nested part weighs)
 * @param logLCut     ln L_c
 * @param logS1Below  per epoch ln sum of the weights L/g of its points with L &lt;= L_c
 * @param logS2Below  per epoch ln sum of their squares
 * @param logS1Above  per epoch ln sum of 1/g over its points with L &gt; L_c
 * @param logS2Above  per epoch ln sum of their squares
 * @param draws       raw draws per epoch
 * @param u           kept points below the cut (unit cube, row-major)
 * @param logL        their log-likelihoods
 * @param logW        their ln weights L/g
 * @param points      evaluations of the epochs before the cut
 * @param weighed     of those below the cut, the ones weighed exactly (the rest is bounded by {@code logSkipped})
 * @param logSkipped  ln of the bound on the total weight of the points below the cut left out (-infinity: none)
 */
record ImportanceCut(int deadIndex, double logLCut, double[] logS1Below, double[] logS2Below, double[] logS1Above,
                     double[] logS2Above, long[] draws, double[] u, double[] logL, double[] logW, long points,
                     long weighed, double logSkipped) {

    int epochs() {
        return draws.length;
    }

    int kept() {
        return logL.length;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(deadIndex);
        out.writeDouble(logLCut);
        StateCodec.writeArray(out, logS1Below);
        StateCodec.writeArray(out, logS2Below);
        StateCodec.writeArray(out, logS1Above);
        StateCodec.writeArray(out, logS2Above);
        out.writeInt(draws.length);
        for (long v : draws) {
            out.writeLong(v);
        }
        StateCodec.writeArray(out, u);
        StateCodec.writeArray(out, logL);
        StateCodec.writeArray(out, logW);
        out.writeLong(points);
        out.writeLong(weighed);
        out.writeDouble(logSkipped);
    }

    static ImportanceCut read(DataInputStream in) throws IOException {
        int deadIndex = in.readInt();
        double logLCut = in.readDouble();
        double[] below1 = StateCodec.readArray(in);
        double[] below2 = StateCodec.readArray(in);
        double[] above1 = StateCodec.readArray(in);
        double[] above2 = StateCodec.readArray(in);
        int ne = in.readInt();
        if (ne < 0 || ne != below1.length || ne != below2.length || ne != above1.length || ne != above2.length) {
            throw new IOException("importance cut: " + ne + " epochs against sums of " + below1.length);
        }
        long[] draws = new long[ne];
        for (int e = 0; e < ne; e++) {
            draws[e] = in.readLong();
        }
        double[] u = StateCodec.readArray(in);
        double[] logL = StateCodec.readArray(in);
        double[] logW = StateCodec.readArray(in);
        if (logW.length != logL.length) {
            throw new IOException("importance cut: " + logL.length + " kept points against " + logW.length
                    + " weights");
        }
        return new ImportanceCut(deadIndex, logLCut, below1, below2, above1, above2, draws, u, logL, logW,
                in.readLong(), in.readLong(), in.readDouble());
    }
}
