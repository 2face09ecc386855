package org.astronest.inference.hmc;

/**
 * A point of phase space: position q (unconstrained), momentum p, ln p(q) and its gradient, and the ln L and ln prior
 * parts of ln p (what a draw records). Mutable scratch.
 */
final class PhasePoint {
    final double[] q;
    final double[] p;
    final double[] grad;
    final double[] parts = new double[2];
    double logp;

    PhasePoint(int d) {
        q = new double[d];
        p = new double[d];
        grad = new double[d];
    }

    PhasePoint copy() {
        PhasePoint c = new PhasePoint(q.length);
        c.copyFrom(this);
        return c;
    }

    void copyFrom(PhasePoint o) {
        System.arraycopy(o.q, 0, q, 0, q.length);
        System.arraycopy(o.p, 0, p, 0, p.length);
        System.arraycopy(o.grad, 0, grad, 0, grad.length);
        logp = o.logp;
        parts[0] = o.parts[0];
        parts[1] = o.parts[1];
    }
}
