package org.astronest.forwardmodels.mcfa;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Grid search over (J latent factors, K components), as the authors' {@code grid_search}: each cell is fitted from
 * {@code options.inits()} initializations (each with its own stream {@link Mcfa#stream(long, int, int, int)}) and
 * keeps the best by log-likelihood; cells run in parallel on {@code threads} threads. Every cell's result depends
 * only on (data, options, seed, J, K), so the grid is identical for any thread count.
 *
 * <p>Selections: minimum BIC, minimum message length, maximum log-likelihood; and the posterior over the cells
 * {@code p(J, K) ∝ exp(-I(J, K))} with I the message length in nats (the message length is a negative log posterior
 * up to a constant, Wallace 2005).
 */
public final class McfaGrid {

    private McfaGrid() {
    }

    /**
     * One cell. {@code fit} is null (and the numbers NaN) when every initialization failed; {@code error} then holds
     * their messages. {@code seconds} is the cell's wall time (informative only; not part of the result's identity).
     */
    public record Cell(int j, int k, McfaFit fit, String error, double seconds) {
        public double logLikelihood() {
            return fit == null ? Double.NaN : fit.logLikelihood();
        }

        public double bic() {
            return fit == null ? Double.NaN : fit.bic();
        }

        public double messageLength() {
            return fit == null ? Double.NaN : fit.messageLength().total();
        }

        public int iterations() {
            return fit == null ? 0 : fit.iterations();
        }

        public boolean ok() {
            return fit != null;
        }
    }

    /**
     * Grid result: cells in (J, K) order; selected cells (null when no cell succeeded); posterior per cell (same order,
     * 0 for failed cells).
     */
    public record Result(List<Cell> cells, Cell byMessageLength, Cell byBic, Cell byLogLikelihood, double[] posterior,
            double seconds) {
    }

    /** Runs the grid over all j in {@code js} and k in {@code ks}. */
    public static Result run(McfaData data, int[] js, int[] ks, McfaOptions options, long seed, int threads) {
        if (js.length == 0 || ks.length == 0) {
            throw new IllegalArgumentException("grid needs at least one J and one K");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        for (int j : js) {
            if (j < 1 || j >= data.d) {
                throw new IllegalArgumentException("latent factors J must be in 1.." + (data.d - 1) + ", got " + j);
            }
        }
        for (int k : ks) {
            if (k < 1 || k > data.n) {
                throw new IllegalArgumentException("components K must be in 1.." + data.n + ", got " + k);
            }
        }
        Mcfa mcfa = new Mcfa(options.withThreads(1));
        int nc = js.length * ks.length;
        Cell[] cells = new Cell[nc];
        Integer[] order = new Integer[nc];
        for (int i = 0; i < nc; i++) {
            order[i] = i;
        }
        // largest cells first for a shorter makespan; does not change any result
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -js[i / ks.length] * (ks[i % ks.length] + 2)));
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mcfa-grid");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int oi = 0; oi < nc; oi++) {
                int idx = order[oi];
                int j = js[idx / ks.length];
                int k = ks[idx % ks.length];
                futures.add(pool.submit(() -> {
                    long c0 = System.nanoTime();
                    try {
                        McfaFit f = mcfa.fit(data, j, k, seed);
                        cells[idx] = new Cell(j, k, f, null, (System.nanoTime() - c0) * 1e-9);
                    } catch (McfaException e) {
                        cells[idx] = new Cell(j, k, null, e.getMessage(), (System.nanoTime() - c0) * 1e-9);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("grid interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        double secs = (System.nanoTime() - t0) * 1e-9;
        return summarize(Arrays.asList(cells), secs);
    }

    /** Selections and posterior for a list of cells. */
    public static Result summarize(List<Cell> cells, double seconds) {
        Cell byMl = null;
        Cell byBic = null;
        Cell byLl = null;
        for (Cell c : cells) {
            if (!c.ok()) {
                continue;
            }
            if (byMl == null || c.messageLength() < byMl.messageLength()) {
                byMl = c;
            }
            if (byBic == null || c.bic() < byBic.bic()) {
                byBic = c;
            }
            if (byLl == null || c.logLikelihood() > byLl.logLikelihood()) {
                byLl = c;
            }
        }
        double[] post = new double[cells.size()];
        if (byMl != null) {
            double s = 0;
            for (int i = 0; i < post.length; i++) {
                Cell c = cells.get(i);
                post[i] = c.ok() ? Math.exp(-(c.messageLength() - byMl.messageLength())) : 0;
                s += post[i];
            }
            for (int i = 0; i < post.length; i++) {
                post[i] /= s;
            }
        }
        return new Result(List.copyOf(cells), byMl, byBic, byLl, post, seconds);
    }
}
