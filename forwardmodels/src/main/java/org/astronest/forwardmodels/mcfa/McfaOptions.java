package org.astronest.forwardmodels.mcfa;

/**
 * Options of an MCFA fit. Defaults ({@link #defaults()}) and where each comes from:
 * <ul>
 * <li>{@code maxIterations = 10000}: the authors' {@code MCFA(max_iter=10000)} class default.</li>
 * <li>{@code convergence = ABSOLUTE}, {@code tolerance = 1e-3}: stop when one EM step gains less than 1e-3 nats. The
 * paper (Sect. 2.1) says "improves by less than 1e-5 per step", which on |ln L| ~ 1e5 takes many thousand
 * iterations of linear EM convergence for no change in any selection (cells differ by tens of nats); 1e-3 nats is
 * the gain per step at which the authors' own tol=1e-8 reference run stopped at N=5000 (1.16e-3 nats, README B.3).
 * {@code MCFA_COMPATIBLE} reproduces the code's rule |dlnL/lnL| &lt;= tol and lnL increased (README B.7.7), with
 * their default tol 1e-5.</li>
 * <li>{@code missing = EXACT}: the observed-data likelihood (missing entries marginalized); {@code MCFA} is the
 * authors' zero-then-model imputation with psi inflation (paper Sect. 2.3, README B.7.8).</li>
 * <li>{@code factorInit = SVD}: the code's and the experiments' default ({@code init_factors='svd'}); {@code HAAR}
 * is the paper's Sect. 2.1 (Haar on SO(D)).</li>
 * <li>{@code psiInit = ONES}: the code's initialization; {@code DATA_VARIANCE} is the paper's.</li>
 * <li>{@code inits = 2}: the initializations per (J, K) of the reference grid (README B.4; the paper used 25).</li>
 * <li>{@code threads = 1}: threads for the E-step of one fit (rows in fixed chunks, so results do not depend on it).</li>
 * <li>{@code orthonormalize = true}: re-parameterize to A^T A = I after EM, as the code's {@code fit()} does
 * (likelihood invariant; the message length's I_A term is not).</li>
 * <li>{@code psiFloor = 1e-10}: a specific variance at or below this is reported as psi -> 0.</li>
 * <li>{@code subsample = 0} (off): with {@code subsample = m > 0} (and m &lt; N) the {@code inits} initializations are
 * fitted by EM on m rows drawn without replacement (one subsample, its own stream), and only the best of them by
 * subsample log L is refined by EM on all rows. Off by default so
 * every reference number is the plain EM's; meant for large N (docs/mcfa.md, "10^7 entries").</li>
 * </ul>
 */
public record McfaOptions(int maxIterations, double tolerance, Convergence convergence, MissingMode missing,
        FactorInit factorInit, PsiInit psiInit, int inits, int threads, boolean orthonormalize, double psiFloor, int subsample) {

    /** Convergence rule. */
    public enum Convergence {
        /** Stop when ln L(t) - ln L(t-1) &lt; tolerance (nats). */
        ABSOLUTE,
        /** The authors' rule: |(ln L(t) - ln L(t-1)) / ln L(t)| &lt;= tolerance and ln L increased. */
        MCFA_COMPATIBLE,
        /**
         * Stop when ln L(t) - ln L(t-1) &lt; tolerance x N (nats per star per step): the absolute rule scaled with the data
         * size, for large N where a fixed gain in nats asks for ever more iterations of linearly converging EM. Its CLI
         * default 2e-7 is the absolute default 1e-3 nats at the reference size N = 5000.
         */
        PER_STAR
    }

    /** Default tolerance of {@link Convergence#PER_STAR}: 1e-3 nats (the absolute default) per 5000 stars. */
    public static final double PER_STAR_TOLERANCE = 2e-7;

    /** Missing-data treatment. */
    public enum MissingMode {
        /** Exact observed-data likelihood: missing entries marginalized in the E-step and the M-step. */
        EXACT,
        /** The authors' scheme: impute zeros, re-impute A * E[u] after each step, inflate psi by N/(N-M_d). */
        MCFA
    }

    /** Initial factor loads. */
    public enum FactorInit {
        /** Top J left singular vectors of a random subsample of at most 1000 rows (code default). */
        SVD,
        /** First J columns of a Haar-random rotation of SO(D) (paper Sect. 2.1). */
        HAAR
    }

    /** Initial specific variances. */
    public enum PsiInit {
        ONES, DATA_VARIANCE
    }

    public McfaOptions {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        if (!(tolerance > 0) || !Double.isFinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be > 0, got " + tolerance);
        }
        if (convergence == null || missing == null || factorInit == null || psiInit == null) {
            throw new IllegalArgumentException("convergence, missing, factorInit and psiInit must be given");
        }
        if (inits < 1) {
            throw new IllegalArgumentException("inits must be >= 1, got " + inits);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (!(psiFloor >= 0)) {
            throw new IllegalArgumentException("psiFloor must be >= 0, got " + psiFloor);
        }
        if (subsample < 0) {
            throw new IllegalArgumentException("subsample must be >= 0 (0 = off), got " + subsample);
        }
    }

    /** The constructor without {@code subsample} (off), kept so that code written before it was added still compiles. */
    public McfaOptions(int maxIterations, double tolerance, Convergence convergence, MissingMode missing,
            FactorInit factorInit, PsiInit psiInit, int inits, int threads, boolean orthonormalize, double psiFloor) {
        this(maxIterations, tolerance, convergence, missing, factorInit, psiInit, inits, threads, orthonormalize,
                psiFloor, 0);
    }

    public static McfaOptions defaults() {
        return new McfaOptions(10000, 1e-3, Convergence.ABSOLUTE, MissingMode.EXACT, FactorInit.SVD, PsiInit.ONES, 2, 1,
                true, 1e-10, 0);
    }

    /** The authors' eval-2 grid configuration: relative rule tol 1e-5, max_iter 1000, SVD, k-means++ (README B.4). */
    public static McfaOptions mcfaCompatible() {
        return new McfaOptions(1000, 1e-5, Convergence.MCFA_COMPATIBLE, MissingMode.MCFA, FactorInit.SVD, PsiInit.ONES,
                2, 1, true, 1e-10, 0);
    }

    public McfaOptions withConvergence(Convergence c, double tol) {
        return new McfaOptions(maxIterations, tol, c, missing, factorInit, psiInit, inits, threads, orthonormalize,
                psiFloor, subsample);
    }

    public McfaOptions withMissing(MissingMode m) {
        return new McfaOptions(maxIterations, tolerance, convergence, m, factorInit, psiInit, inits, threads,
                orthonormalize, psiFloor, subsample);
    }

    public McfaOptions withInits(int n) {
        return new McfaOptions(maxIterations, tolerance, convergence, missing, factorInit, psiInit, n, threads,
                orthonormalize, psiFloor, subsample);
    }

    public McfaOptions withThreads(int n) {
        return new McfaOptions(maxIterations, tolerance, convergence, missing, factorInit, psiInit, inits, n,
                orthonormalize, psiFloor, subsample);
    }

    public McfaOptions withMaxIterations(int n) {
        return new McfaOptions(n, tolerance, convergence, missing, factorInit, psiInit, inits, threads, orthonormalize,
                psiFloor, subsample);
    }

    public McfaOptions withFactorInit(FactorInit f) {
        return new McfaOptions(maxIterations, tolerance, convergence, missing, f, psiInit, inits, threads,
                orthonormalize, psiFloor, subsample);
    }

    public McfaOptions withPsiInit(PsiInit p) {
        return new McfaOptions(maxIterations, tolerance, convergence, missing, factorInit, p, inits, threads,
                orthonormalize, psiFloor, subsample);
    }

    public McfaOptions withOrthonormalize(boolean o) {
        return new McfaOptions(maxIterations, tolerance, convergence, missing, factorInit, psiInit, inits, threads, o,
                psiFloor, subsample);
    }

    public McfaOptions withSubsample(int m) {
        return new McfaOptions(maxIterations, tolerance, convergence, missing, factorInit, psiInit, inits, threads,
                orthonormalize, psiFloor, m);
    }
}
