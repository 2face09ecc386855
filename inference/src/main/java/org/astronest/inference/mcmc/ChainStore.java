package org.astronest.inference.mcmc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * The stored chains of an ensemble run in bounded memory: for every walker the position, log posterior and log
 * likelihood at steps {@code 0, stride, 2 stride, ...}, at most {@code capacity} of them ("rows") per walker.
 *
 * <p>The stride starts at 1 (every step is kept). When a step is due to be stored and the store is full, every
 * other row is dropped (rows 0, 2, 4, ... stay) and the stride doubles. The kept chain is therefore always the whole
 * chain evenly thinned by the stride, row {@code r} holding step {@code r * stride}, and it has between
 * {@code capacity / 2} and {@code capacity} rows once the store has filled: memory is O(walkers x capacity x
 * (dimension + 2)) whatever the run length. This is the "thin while sampling" remedy for long runs (emcee's
 * {@code thin_by} does the same with a fixed factor chosen in advance; here the factor follows the run length).
 * Thinning by a stride s below the autocorrelation time tau loses little information (consecutive steps are nearly
 * equal), so the consumers measure tau, burn-in and thinning in real steps and convert ({@link EnsembleSampler}).
 *
 * <p>Deterministic: the rows kept depend only on the number of steps recorded and the capacity.
 */
final class ChainStore {

    /** Rows allocated at first; the arrays then grow by doubling up to the capacity. */
    private static final int INITIAL_ROWS = 64;

    private final int walkers;
    private final int dim;
    private final int capacity;
    private int steps;
    private int rows;
    private int stride = 1;
    private final double[][] values;
    private final double[][] logPosterior;
    private final double[][] logLikelihood;
    /** The most steps the run will record (bounds the growth of the arrays); not part of the state. */
    private int stepLimit = Integer.MAX_VALUE;

    /**
     * @param walkers  walkers
     * @param dim      free parameters
     * @param capacity the most rows kept per walker, at least 2
     */
    ChainStore(int walkers, int dim, int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("ensemble: the chain store needs a capacity >= 2, got " + capacity);
        }
        this.walkers = walkers;
        this.dim = dim;
        this.capacity = capacity;
        int initial = Math.min(INITIAL_ROWS, capacity);
        this.values = new double[walkers][initial * dim];
        this.logPosterior = new double[walkers][initial];
        this.logLikelihood = new double[walkers][initial];
    }

    int walkers() {
        return walkers;
    }

    int capacity() {
        return capacity;
    }

    /** Steps recorded (stored or not). */
    int steps() {
        return steps;
    }

    /** Rows stored per walker: steps {@code 0, stride, ..., (rows - 1) stride}. */
    int rows() {
        return rows;
    }

    /** Rows allocated per walker (at most the capacity). */
    int allocatedRows() {
        return logPosterior[0] == null ? 0 : logPosterior[0].length;
    }

    /** Steps between two stored rows. */
    int stride() {
        return stride;
    }

    /** The run records at most {@code limit} steps: the arrays never grow past the rows that many steps need. */
    void limitSteps(int limit) {
        stepLimit = limit;
    }

    /** Records one step: the walkers' positions {@code pos[walker][i]}, log posteriors and log likelihoods. */
    void record(double[][] pos, double[] lp, double[] ll) {
        if (steps % stride == 0) {
            if (rows == capacity) {
                halve();
            }
            // after halving, the stride has doubled and this step may no longer be due
            if (steps % stride == 0) {
                ensureRoom();
                for (int k = 0; k < walkers; k++) {
                    System.arraycopy(pos[k], 0, values[k], rows * dim, dim);
                    logPosterior[k][rows] = lp[k];
                    logLikelihood[k][rows] = ll[k];
                }
                rows++;
            }
        }
        steps++;
    }

    /** Keeps rows 0, 2, 4, ... (in place) and doubles the stride. */
    private void halve() {
        int kept = (rows + 1) / 2;
        for (int k = 0; k < walkers; k++) {
            double[] v = values[k];
            double[] p = logPosterior[k];
            double[] l = logLikelihood[k];
            for (int j = 1; j < kept; j++) {
                System.arraycopy(v, 2 * j * dim, v, j * dim, dim);
                p[j] = p[2 * j];
                l[j] = l[2 * j];
            }
        }
        rows = kept;
        stride *= 2;
    }

    private void ensureRoom() {
        int allocated = logPosterior[0].length;
        if (rows < allocated) {
            return;
        }
        // doubling, but never past the capacity nor past the rows the run's last step needs (a 400000-step run
        // would otherwise hold 524288 rows while copying from 262144)
        long needed = stepLimit == Integer.MAX_VALUE ? Long.MAX_VALUE : (stepLimit - 1L) / stride + 1;
        long grown = Math.min(Math.min(2L * Math.max(allocated, 1), capacity), needed);
        int size = (int) Math.max(rows + 1L, grown);
        for (int k = 0; k < walkers; k++) {
            values[k] = Arrays.copyOf(values[k], size * dim);
            logPosterior[k] = Arrays.copyOf(logPosterior[k], size);
            logLikelihood[k] = Arrays.copyOf(logLikelihood[k], size);
        }
    }

    /** {@code [walker][j]} values of parameter i at rows from, from + thin, ... (< rows). */
    double[][] series(int i, int from, int thin) {
        int n = rows > from ? (rows - from + thin - 1) / thin : 0;
        double[][] out = new double[walkers][n];
        for (int k = 0; k < walkers; k++) {
            double[] h = values[k];
            for (int j = 0; j < n; j++) {
                out[k][j] = h[(from + j * thin) * dim + i];
            }
        }
        return out;
    }

    /** The walker-averaged log posterior of every row. */
    double[] meanLogPosterior() {
        double[] mean = new double[rows];
        for (int t = 0; t < rows; t++) {
            double m = 0;
            for (int k = 0; k < walkers; k++) {
                m += logPosterior[k][t];
            }
            mean[t] = m / walkers;
        }
        return mean;
    }

    /** A copy of walker k's position at row r. */
    double[] position(int k, int r) {
        return Arrays.copyOfRange(values[k], r * dim, (r + 1) * dim);
    }

    double logLikelihood(int k, int r) {
        return logLikelihood[k][r];
    }

    /** A copy of walker k's log posterior over the rows. */
    double[] logPosterior(int k) {
        return Arrays.copyOf(logPosterior[k], rows);
    }

    /** Drops walker k's rows (the result copies them one walker at a time, so the peak stays near one copy). */
    void release(int k) {
        values[k] = null;
        logPosterior[k] = null;
        logLikelihood[k] = null;
    }

    /** Writes steps, stride, rows and the stored rows (the capacity is the reader's, checked by the caller). */
    void write(DataOutputStream o) throws IOException {
        o.writeInt(capacity);
        o.writeInt(steps);
        o.writeInt(stride);
        o.writeInt(rows);
        for (int k = 0; k < walkers; k++) {
            for (int j = 0; j < rows * dim; j++) {
                o.writeDouble(values[k][j]);
            }
            for (int j = 0; j < rows; j++) {
                o.writeDouble(logPosterior[k][j]);
                o.writeDouble(logLikelihood[k][j]);
            }
        }
    }

    /** Reads what {@link #write} wrote. */
    static ChainStore read(DataInputStream in, int walkers, int dim) throws IOException {
        int capacity = in.readInt();
        ChainStore s = new ChainStore(walkers, dim, capacity);
        s.steps = in.readInt();
        s.stride = in.readInt();
        s.rows = in.readInt();
        if (s.rows < 0 || s.rows > capacity || s.stride < 1 || s.steps < 0) {
            throw new IOException("bad chain store header (steps " + s.steps + ", stride " + s.stride + ", rows "
                    + s.rows + ", capacity " + capacity + ")");
        }
        int size = Math.max(Math.min(INITIAL_ROWS, capacity), s.rows);
        for (int k = 0; k < walkers; k++) {
            s.values[k] = new double[size * dim];
            s.logPosterior[k] = new double[size];
            s.logLikelihood[k] = new double[size];
            for (int j = 0; j < s.rows * dim; j++) {
                s.values[k][j] = in.readDouble();
            }
            for (int j = 0; j < s.rows; j++) {
                s.logPosterior[k][j] = in.readDouble();
                s.logLikelihood[k][j] = in.readDouble();
            }
        }
        return s;
    }
}
