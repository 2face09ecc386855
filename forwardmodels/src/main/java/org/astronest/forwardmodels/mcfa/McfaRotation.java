package org.astronest.forwardmodels.mcfa;

/**
 * Rotation of the latent space (paper Sect. 3.3) and fractional contributions (paper Eq. 36).
 *
 * <p>The likelihood is invariant under {@code A -> A R}, {@code xi_k -> R^T xi_k}, {@code Omega_k -> R^T Omega_k R}
 * for any orthogonal R. {@link #toTarget} finds the rotation R in SO(J) that brings the loads closest to target
 * loads in the Frobenius norm, parameterized by J(J-1)/2 Givens angles (Givens 1958): R = prod_{p&lt;q} G(p,q,theta_pq),
 * in the order (0,1), (0,2), ..., (J-2,J-1). The optimization is cyclic coordinate ascent on
 * {@code tr(T^T A R)}: for the plane (p, q) the best extra rotation has the closed form
 * {@code theta = atan2(t_p.b_q - t_q.b_p, t_p.b_p + t_q.b_q)} (b = columns of A R, t = columns of the target), sweeps
 * repeat until no angle changes by more than 1e-13; the accumulated R is then re-expressed by its J(J-1)/2 angles.
 */
public final class McfaRotation {

    private McfaRotation() {
    }

    /**
     * Result of a rotation: {@code r} (J x J row-major, det +1, or -1 when a reflection was allowed and better),
     * {@code angles} (J(J-1)/2 Givens angles of the proper part), the rotated parameters, and the Frobenius residual
     * ||A R - T||.
     */
    public record Result(double[] r, double[] angles, boolean reflected, McfaParameters rotated, double residual) {
    }

    /**
     * Rotates {@code p} so that its loads best match {@code target} (D x J row-major). With {@code allowReflection}
     * the first factor may also change sign (the paper notes sign flips and re-orderings leave ln L unchanged).
     */
    public static Result toTarget(McfaParameters p, double[] target, boolean allowReflection) {
        int d = p.d;
        int j = p.j;
        if (target.length != d * j) {
            throw new IllegalArgumentException("target loads must have D*J=" + d * j + " entries, got "
                    + target.length);
        }
        Result best = solve(p, target, false);
        if (allowReflection) {
            Result alt = solve(p, target, true);
            if (alt.residual() < best.residual()) {
                best = alt;
            }
        }
        return best;
    }

    private static Result solve(McfaParameters p, double[] target, boolean reflect) {
        int d = p.d;
        int j = p.j;
        double[] b = p.loads.clone();
        double[] r = identity(j);
        if (reflect) {
            for (int i = 0; i < d; i++) {
                b[i * j] = -b[i * j];
            }
            r[0] = -1;
        }
        for (int sweep = 0; sweep < 1000; sweep++) {
            double maxAngle = 0;
            for (int pp = 0; pp < j; pp++) {
                for (int q = pp + 1; q < j; q++) {
                    double num = 0;
                    double den = 0;
                    for (int i = 0; i < d; i++) {
                        double bp = b[i * j + pp];
                        double bq = b[i * j + q];
                        double tp = target[i * j + pp];
                        double tq = target[i * j + q];
                        num += tp * bq - tq * bp;
                        den += tp * bp + tq * bq;
                    }
                    double th = Math.atan2(num, den);
                    if (Math.abs(th) > maxAngle) {
                        maxAngle = Math.abs(th);
                    }
                    rotateColumns(b, d, j, pp, q, th);
                    rotateColumns(r, j, j, pp, q, th);
                }
            }
            if (maxAngle < 1e-13) {
                break;
            }
        }
        double res = 0;
        for (int i = 0; i < d * j; i++) {
            double v = b[i] - target[i];
            res += v * v;
        }
        double[] proper = r.clone();
        if (reflect) {
            // r = diag(-1,1,..) * proper  =>  proper = diag(-1,1,..) * r
            for (int c = 0; c < j; c++) {
                proper[c] = -proper[c];
            }
        }
        return new Result(r, givensAngles(proper, j), reflect, apply(p, r), Math.sqrt(res));
    }

    /** Columns p, q of the n x j matrix m: (m_p, m_q) -> (c m_p + s m_q, -s m_p + c m_q), i.e. m G(p, q, theta). */
    private static void rotateColumns(double[] m, int n, int j, int p, int q, double th) {
        double c = Math.cos(th);
        double s = Math.sin(th);
        for (int i = 0; i < n; i++) {
            double mp = m[i * j + p];
            double mq = m[i * j + q];
            m[i * j + p] = c * mp + s * mq;
            m[i * j + q] = -s * mp + c * mq;
        }
    }

    static double[] identity(int j) {
        double[] r = new double[j * j];
        for (int i = 0; i < j; i++) {
            r[i * j + i] = 1;
        }
        return r;
    }

    /**
     * The rotation R = G(0,1,a_0) G(0,2,a_1) ... G(J-2,J-1,a_m) with G(p,q,a) the identity but for
     * G_pp = G_qq = cos a, G_pq = sin a, G_qp = -sin a (so that M G rotates columns as in {@link #toTarget}).
     */
    public static double[] fromGivensAngles(double[] angles, int j) {
        if (angles.length != j * (j - 1) / 2) {
            throw new IllegalArgumentException("need J(J-1)/2=" + j * (j - 1) / 2 + " angles, got " + angles.length);
        }
        double[] r = identity(j);
        int a = 0;
        for (int p = 0; p < j; p++) {
            for (int q = p + 1; q < j; q++) {
                rotateColumns(r, j, j, p, q, angles[a++]);
            }
        }
        return r;
    }

    /**
     * The J(J-1)/2 angles of a rotation R in SO(J) such that {@link #fromGivensAngles} gives R back: Givens QR of R
     * with left rotations G_a^T in the order (0,1), (0,2), ..., each zeroing entry (q, p); the reduced matrix is
     * upper triangular, orthogonal, with non-negative leading diagonal and det +1, hence the identity, so
     * R = G_0 G_1 ... G_m.
     */
    public static double[] givensAngles(double[] r, int j) {
        double[] m = r.clone();
        double[] angles = new double[j * (j - 1) / 2];
        int a = 0;
        for (int p = 0; p < j; p++) {
            for (int q = p + 1; q < j; q++) {
                double th = Math.atan2(m[q * j + p], m[p * j + p]);
                double c = Math.cos(th);
                double s = Math.sin(th);
                for (int t = 0; t < j; t++) {
                    double mp = m[p * j + t];
                    double mq = m[q * j + t];
                    m[p * j + t] = c * mp + s * mq;
                    m[q * j + t] = -s * mp + c * mq;
                }
                angles[a++] = th;
            }
        }
        return angles;
    }

    /** Applies A -> A R, xi -> R^T xi, Omega -> R^T Omega R (R orthogonal, J x J row-major). */
    public static McfaParameters apply(McfaParameters p, double[] r) {
        int d = p.d;
        int j = p.j;
        int k = p.k;
        double[] a = new double[d * j];
        for (int i = 0; i < d; i++) {
            for (int c = 0; c < j; c++) {
                double v = 0;
                for (int t = 0; t < j; t++) {
                    v += p.loads[i * j + t] * r[t * j + c];
                }
                a[i * j + c] = v;
            }
        }
        double[] xi = new double[k * j];
        double[] om = new double[k * j * j];
        double[] tmp = new double[j * j];
        for (int c = 0; c < k; c++) {
            for (int q = 0; q < j; q++) {
                double v = 0;
                for (int t = 0; t < j; t++) {
                    v += r[t * j + q] * p.means[c * j + t];
                }
                xi[c * j + q] = v;
            }
            int po = c * j * j;
            for (int q = 0; q < j; q++) {
                for (int t = 0; t < j; t++) {
                    double v = 0;
                    for (int s = 0; s < j; s++) {
                        v += r[s * j + q] * p.covariances[po + s * j + t];
                    }
                    tmp[q * j + t] = v;
                }
            }
            for (int q = 0; q < j; q++) {
                for (int t = 0; t < j; t++) {
                    double v = 0;
                    for (int s = 0; s < j; s++) {
                        v += tmp[q * j + s] * r[s * j + t];
                    }
                    om[po + q * j + t] = v;
                }
            }
        }
        return new McfaParameters(d, j, k, p.pi.clone(), a, xi, om, p.psi.clone(), false);
    }

    /**
     * Fractional contributions (paper Eq. 36): {@code C[d][j] = sum_n |L_dj S_nj| / sum_j' sum_n |L_dj' S_nj'|}, with
     * loads L (D x J) and scores S (N x J, e.g. {@link Mcfa#factorScores}); returns D x J row-major, rows summing
     * to 1.
     */
    public static double[] fractionalContributions(double[] loads, double[] scores, int d, int j) {
        if (loads.length != d * j || scores.length % j != 0) {
            throw new IllegalArgumentException("loads must be D x J and scores N x J");
        }
        int n = scores.length / j;
        double[] sAbs = new double[j];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < j; c++) {
                sAbs[c] += Math.abs(scores[i * j + c]);
            }
        }
        double[] out = new double[d * j];
        for (int i = 0; i < d; i++) {
            double tot = 0;
            for (int c = 0; c < j; c++) {
                out[i * j + c] = Math.abs(loads[i * j + c]) * sAbs[c];
                tot += out[i * j + c];
            }
            for (int c = 0; c < j; c++) {
                out[i * j + c] = tot > 0 ? out[i * j + c] / tot : 0;
            }
        }
        return out;
    }
}
