package org.astronest.inference.nested;

import java.util.function.LongFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.LogMath;

/**
 * The evidence of a run cut into an importance-sampled part and a nested-sampling part ({@link ImportanceCut}):
 * {@code Z = A + B C}, with A and B from the cut and C the plain nested-sampling evidence of the dead points after
 * the cut and the final live points, their prior volume starting at 1. Pure functions of the cut and of the nested
 * part's estimates.
 *
 * <p>Errors: A and B share the epochs' draws, so {@code Var(A + B C)} for the known C is the stratified variance of
 * {@link ImportanceEvidence} applied to the weights {@code L/g} below the cut and {@code C/g} above it; C's own error
 * adds {@code (B C)^2 (err ln C)^2}. A posterior mean is {@code a m_below + (1 - a) m_above} with {@code a = A / Z},
 * so its variance is {@code a^2 Var(m_below) + (1 - a)^2 Var(m_above) + (m_below - m_above)^2 Var(a)}, with the
 * importance-sampling delta method below, the nested part's thread bootstrap above, and
 * {@code Var(a) = a^2 (1 - a)^2 [(err A / A)^2 + (err B / B)^2 + (err ln C)^2]}.
 */
final class CutEvidence {

    private CutEvidence() {
    }

    /**
     * @param logZ     ln Z
     * @param logZErr  its standard deviation
     * @param logA     ln A (the evidence below the cut)
     * @param logAErr  its standard deviation (stratified delta method)
     * @param logB     ln B (the prior volume above the cut, importance-sampled)
     * @param logBErr  its standard deviation
     * @param logWBelow ln weights of the cut's kept points ({@code ln(L/g)})
     * @param logWAbove ln weights of the nested part's points ({@code ln B} plus their plain weights)
     * @param meanErr  standard deviation of every posterior mean
     */
    record Result(double logZ, double logZErr, double logA, double logAErr, double logB, double logBErr,
                  double[] logWBelow, double[] logWAbove, double[] meanErr) {
    }

    /**
     * The estimate from the cut and the nested part {@code part} (the dead points from the cut on, then the final
     * live points; parameters {@code thetasPart}), whose evidence and errors are those of a whole run: weights with
     * the expected shrinkage, and as its ln-evidence error the largest of sqrt(H/n), the sd of re-simulated
     * shrinkages and the thread bootstrap's (as {@link NestedEngine} reports for a run); a part split into clusters
     * adds to the bootstrap's error of every posterior mean the spread of re-simulated runs, which includes the
     * clusters' volume shares. Round r of the re-simulations draws from {@code streams.apply(r)}, of the bootstrap
     * from {@code streams.apply(1_000_000 + r)}, of the re-simulated means from {@code streams.apply(3_000_000 + r)}.
     */
    static Result estimate(ImportanceCut cut, NestedEvidence.Run part, double[][] thetasPart,
                           double[][] thetasBelow, int rounds, LongFunction<UniformRandomProvider> streams) {
        int m = part.size();
        double[] lw = new double[m];
        NestedEvidence.weights(part, lw, new double[m]);
        double zc = LogMath.logSumExp(lw);
        double errSimple = Math.sqrt(NestedEvidence.information(part.logL(), lw, zc) / part.n());
        double errResampled = NestedEvidence.sd(NestedEvidence.resampledLogZ(part, rounds, streams));
        double[] boot = NestedEvidence.bootstrapThreads(part, thetasPart, rounds,
                r -> streams.apply(1_000_000L + r));
        double errC = Math.max(errSimple, Math.max(errResampled, boot[0]));
        double[] meanSd = NestedEvidence.meanSd(part, thetasPart, boot, rounds, r -> streams.apply(3_000_000L + r));
        return combine(cut, lw, errC, thetasBelow, thetasPart, meanSd);
    }

    /**
     * @param cut        the importance-sampled part
     * @param logWNested plain weights of the nested part, its prior volume starting at 1 at the cut
     * @param logCErr    the nested part's ln-evidence error
     * @param thetasBelow parameters of the cut's kept points
     * @param thetasAbove parameters of the nested part's points
     * @param meanSdAbove the nested part's standard deviation of every posterior mean (its thread bootstrap)
     */
    static Result combine(ImportanceCut cut, double[] logWNested, double logCErr, double[][] thetasBelow,
                          double[][] thetasAbove, double[] meanSdAbove) {
        double logA = LogMath.logSumExp(cut.logS1Below());
        double logB = LogMath.logSumExp(cut.logS1Above());
        double logC = LogMath.logSumExp(logWNested);
        double logZ = LogMath.logAddExp(logA, logB + logC);
        // relative variances: of A + B C for fixed C (stratified per epoch), of A and of B alone
        double varZ = 0;
        double varA = 0;
        double varB = 0;
        for (int e = 0; e < cut.epochs(); e++) {
            long n = cut.draws()[e];
            if (n <= 0) {
                continue;
            }
            double a1 = Math.exp(cut.logS1Below()[e] - logZ);
            double a2 = Math.exp(cut.logS2Below()[e] - 2 * logZ);
            double b1 = Math.exp(cut.logS1Above()[e] + logC - logZ);
            double b2 = Math.exp(cut.logS2Above()[e] + 2 * logC - 2 * logZ);
            varZ += Math.max(0, a2 + b2 - (a1 + b1) * (a1 + b1) / n);
            double ra1 = Math.exp(cut.logS1Below()[e] - logA);
            double ra2 = Math.exp(cut.logS2Below()[e] - 2 * logA);
            varA += logA == Double.NEGATIVE_INFINITY ? 0 : Math.max(0, ra2 - ra1 * ra1 / n);
            double rb1 = Math.exp(cut.logS1Above()[e] - logB);
            double rb2 = Math.exp(cut.logS2Above()[e] - 2 * logB);
            varB += logB == Double.NEGATIVE_INFINITY ? 0 : Math.max(0, rb2 - rb1 * rb1 / n);
        }
        double above = Math.exp(logB + logC - logZ); // 1 - a
        varZ += above * above * logCErr * logCErr;
        double[] logWAbove = new double[logWNested.length];
        for (int i = 0; i < logWNested.length; i++) {
            logWAbove[i] = logWNested[i] + logB;
        }
        double a = Math.exp(logA - logZ);
        double varFraction = a * a * above * above * (varA + varB + logCErr * logCErr);
        int p = thetasAbove.length > 0 ? thetasAbove[0].length : thetasBelow[0].length;
        double[] mBelow = mean(thetasBelow, cut.logW(), p);
        double[] mAbove = mean(thetasAbove, logWNested, p);
        // the importance-sampling delta method of the kept points' own mean
        double[] sdBelow = cut.kept() == 0 ? new double[p]
                : ImportanceEvidence.meanErrors(thetasBelow, cut.logW(), LogMath.logSumExp(cut.logW()));
        double[] meanErr = new double[p];
        for (int k = 0; k < p; k++) {
            double vBelow = sdBelow[k] * sdBelow[k];
            double dm = mBelow[k] - mAbove[k];
            double vAbove = meanSdAbove[k] * meanSdAbove[k];
            meanErr[k] = Math.sqrt(a * a * vBelow + above * above * vAbove + (a > 0 ? dm * dm * varFraction : 0));
        }
        return new Result(logZ, Math.sqrt(varZ), logA, Math.sqrt(varA), logB, Math.sqrt(varB), cut.logW(), logWAbove,
                meanErr);
    }

    /** Weighted mean of every column; zeros where there are no points. */
    private static double[] mean(double[][] thetas, double[] logW, int p) {
        double[] m = new double[p];
        if (thetas.length == 0) {
            return m;
        }
        double z = LogMath.logSumExp(logW);
        if (z == Double.NEGATIVE_INFINITY) {
            return m;
        }
        for (int i = 0; i < thetas.length; i++) {
            double w = Math.exp(logW[i] - z);
            if (w > 0) {
                for (int k = 0; k < p; k++) {
                    m[k] += w * thetas[i][k];
                }
            }
        }
        return m;
    }
}
