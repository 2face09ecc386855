package org.astronest.inference.hmc;

import org.apache.commons.rng.UniformRandomProvider;
import org.astronest.inference.UnconstrainedDensity;

/**
 * One NUTS transition: the trajectory doubled forwards or backwards at random until it makes a U-turn, diverges or
 * reaches the maximum depth, with the next state drawn from it multinomially (Hoffman &amp; Gelman 2014 with
 * Betancourt 2017's multinomial sampling and generalised U-turn criterion, sec. A.4): biased progressive sampling
 * between a new subtree and the old trajectory, uniform progressive sampling inside subtrees, and the criterion
 * {@code p#_- . rho > 0 and p#_+ . rho > 0} checked on every subtree, on the whole trajectory, and across each
 * merge (each half extended by the nearest point of the other), as Stan does since 2.26. The merge checks here use
 * the geometric neighbours (the old trajectory's end next to the new subtree), so the criterion is the same function
 * of a trajectory whichever of its points it was built from.
 *
 * <p>Leapfrog steps use the metric's velocity {@code M^-1 p}; a step whose energy exceeds the start's by more than
 * {@value #MAX_DELTA_H} (Stan's {@code max_deltaH}) is a divergence and ends the transition.
 */
final class NutsTrajectory {

    static final double MAX_DELTA_H = 1000;

    private final UnconstrainedDensity density;
    private final Metric metric;
    private final double eps;
    private final int maxDepth;
    private final UniformRandomProvider rng;
    private final int d;

    private double h0;
    private int leapfrogs;
    private double sumMetroProb;
    private boolean divergent;

    /** The outcome of a transition: the new point and Stan's sampler statistics. */
    record Transition(PhasePoint point, int depth, int leapfrogs, boolean divergent, double acceptStat,
                      double energy) {
    }

    NutsTrajectory(UnconstrainedDensity density, Metric metric, double eps, int maxDepth, UniformRandomProvider rng) {
        this.density = density;
        this.metric = metric;
        this.eps = eps;
        this.maxDepth = maxDepth;
        this.rng = rng;
        this.d = metric.dimension();
    }

    /** A transition from {@code start} (q, ln p and gradient set; its momentum is redrawn). */
    Transition transition(PhasePoint start) {
        PhasePoint z = start.copy();
        metric.sampleMomentum(rng, z.p);
        PhasePoint zFwd = z.copy();
        PhasePoint zBck = z.copy();
        PhasePoint zSample = z.copy();
        PhasePoint zPropose = z.copy();

        double[] v0 = new double[d];
        metric.velocity(z.p, v0);
        double[] pSharpFwdBck = v0.clone();
        double[] pSharpFwdFwd = v0.clone();
        double[] pSharpBckFwd = v0.clone();
        double[] pSharpBckBck = v0.clone();
        double[] pFwdBck = z.p.clone();
        double[] pFwdFwd = z.p.clone();
        double[] pBckFwd = z.p.clone();
        double[] pBckBck = z.p.clone();
        double[] rho = z.p.clone();

        double logSumWeight = 0;
        h0 = hamiltonian(z);
        leapfrogs = 0;
        sumMetroProb = 0;
        divergent = false;
        int depth = 0;
        while (depth < maxDepth) {
            double[] rhoFwd = new double[d];
            double[] rhoBck = new double[d];
            double[] lswSub = {Double.NEGATIVE_INFINITY};
            boolean valid;
            if (rng.nextDouble() > 0.5) {
                // extend forwards: the trajectory so far becomes the backward half
                System.arraycopy(rho, 0, rhoBck, 0, d);
                System.arraycopy(pFwdFwd, 0, pBckFwd, 0, d);
                System.arraycopy(pSharpFwdFwd, 0, pSharpBckFwd, 0, d);
                valid = buildTree(depth, zFwd, zPropose, pSharpFwdBck, pSharpFwdFwd, rhoFwd, pFwdBck, pFwdFwd, 1,
                        lswSub);
            } else {
                // extend backwards: the trajectory so far becomes the forward half
                System.arraycopy(rho, 0, rhoFwd, 0, d);
                System.arraycopy(pBckBck, 0, pFwdBck, 0, d);
                System.arraycopy(pSharpBckBck, 0, pSharpFwdBck, 0, d);
                valid = buildTree(depth, zBck, zPropose, pSharpBckFwd, pSharpBckBck, rhoBck, pBckFwd, pBckBck, -1,
                        lswSub);
            }
            if (!valid) {
                break;
            }
            depth++;
            if (lswSub[0] > logSumWeight) {
                zSample.copyFrom(zPropose);
            } else if (rng.nextDouble() < Math.exp(lswSub[0] - logSumWeight)) {
                zSample.copyFrom(zPropose);
            }
            logSumWeight = logAddExp(logSumWeight, lswSub[0]);
            for (int i = 0; i < d; i++) {
                rho[i] = rhoBck[i] + rhoFwd[i];
            }
            boolean persist = criterion(pSharpBckBck, pSharpFwdFwd, rho);
            persist &= criterion(pSharpBckBck, pSharpFwdBck, sum(rhoBck, pFwdBck));
            persist &= criterion(pSharpBckFwd, pSharpFwdFwd, sum(rhoFwd, pBckFwd));
            if (!persist) {
                break;
            }
        }
        double accept = leapfrogs == 0 ? 0 : sumMetroProb / leapfrogs;
        return new Transition(zSample, depth, leapfrogs, divergent, accept, hamiltonian(zSample));
    }

    /**
     * Builds a subtree of 2^depth leapfrog steps from z (advanced to the subtree's far end) in direction sign;
     * returns whether it is valid (no divergence, no U-turn inside). Outputs: the proposal drawn uniformly-
     * progressively from it, its end momenta and sharp momenta, its summed momentum added to rho, and its log sum of
     * weights added to lsw[0].
     */
    private boolean buildTree(int depth, PhasePoint z, PhasePoint zPropose, double[] pSharpBeg, double[] pSharpEnd,
                              double[] rho, double[] pBeg, double[] pEnd, int sign, double[] lsw) {
        if (depth == 0) {
            leapfrog(z, sign * eps);
            leapfrogs++;
            double h = hamiltonian(z);
            if (Double.isNaN(h)) {
                h = Double.POSITIVE_INFINITY;
            }
            if (h - h0 > MAX_DELTA_H) {
                divergent = true;
            }
            lsw[0] = logAddExp(lsw[0], h0 - h);
            sumMetroProb += h0 - h > 0 ? 1 : Math.exp(h0 - h);
            zPropose.copyFrom(z);
            metric.velocity(z.p, pSharpBeg);
            System.arraycopy(pSharpBeg, 0, pSharpEnd, 0, d);
            for (int i = 0; i < d; i++) {
                rho[i] += z.p[i];
            }
            System.arraycopy(z.p, 0, pBeg, 0, d);
            System.arraycopy(z.p, 0, pEnd, 0, d);
            return !divergent;
        }
        double[] lswInit = {Double.NEGATIVE_INFINITY};
        double[] pInitEnd = new double[d];
        double[] pSharpInitEnd = new double[d];
        double[] rhoInit = new double[d];
        if (!buildTree(depth - 1, z, zPropose, pSharpBeg, pSharpInitEnd, rhoInit, pBeg, pInitEnd, sign, lswInit)) {
            return false;
        }
        PhasePoint zProposeFinal = z.copy();
        double[] lswFinal = {Double.NEGATIVE_INFINITY};
        double[] pFinalBeg = new double[d];
        double[] pSharpFinalBeg = new double[d];
        double[] rhoFinal = new double[d];
        if (!buildTree(depth - 1, z, zProposeFinal, pSharpFinalBeg, pSharpEnd, rhoFinal, pFinalBeg, pEnd, sign,
                lswFinal)) {
            return false;
        }
        double lswSubtree = logAddExp(lswInit[0], lswFinal[0]);
        lsw[0] = logAddExp(lsw[0], lswSubtree);
        if (rng.nextDouble() < Math.exp(lswFinal[0] - lswSubtree)) {
            zPropose.copyFrom(zProposeFinal);
        }
        double[] rhoSubtree = sum(rhoInit, rhoFinal);
        for (int i = 0; i < d; i++) {
            rho[i] += rhoSubtree[i];
        }
        boolean persist = criterion(pSharpBeg, pSharpEnd, rhoSubtree);
        persist &= criterion(pSharpBeg, pSharpFinalBeg, sum(rhoInit, pFinalBeg));
        persist &= criterion(pSharpInitEnd, pSharpEnd, sum(rhoFinal, pInitEnd));
        return persist;
    }

    /** One leapfrog step of size e (half kick, drift, half kick). */
    void leapfrog(PhasePoint z, double e) {
        for (int i = 0; i < d; i++) {
            z.p[i] += 0.5 * e * z.grad[i];
        }
        double[] v = new double[d];
        metric.velocity(z.p, v);
        for (int i = 0; i < d; i++) {
            z.q[i] += e * v[i];
        }
        z.logp = density.logDensity(z.q, z.grad, z.parts);
        if (z.logp == Double.NEGATIVE_INFINITY) {
            return;
        }
        for (int i = 0; i < d; i++) {
            z.p[i] += 0.5 * e * z.grad[i];
        }
    }

    /** H = -ln p(q) + 0.5 p' M^-1 p. */
    double hamiltonian(PhasePoint z) {
        return -z.logp + metric.kinetic(z.p);
    }

    private static boolean criterion(double[] pSharpMinus, double[] pSharpPlus, double[] rho) {
        double a = 0;
        double b = 0;
        for (int i = 0; i < rho.length; i++) {
            a += pSharpPlus[i] * rho[i];
            b += pSharpMinus[i] * rho[i];
        }
        return a > 0 && b > 0;
    }

    private static double[] sum(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }

    static double logAddExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b)));
    }
}
