package org.astronest.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A parallel loop over independent work items, shared by the samplers. Items are handed out one at a time to at
 * most {@code threads} daemon workers; each item must write only its own slots and draw only from its own random
 * stream ({@link Rngs#stream}), so what a loop computes never depends on the thread count. With one thread the
 * items run inline, in order, with no pool at all. The first exception thrown by an item is rethrown by
 * {@link #forEach} after every worker has stopped.
 */
public final class WorkPool implements AutoCloseable {

    private final int threads;
    private final ExecutorService pool;

    private WorkPool(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A pool of {@code threads} workers named {@code name} (one thread: no pool, items run inline). */
    public static WorkPool of(int threads, String name) {
        return new WorkPool(threads, name);
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code task.accept(i)} for i = 0..count-1 and returns when all have finished. */
    public void forEach(int count, IntConsumer task) {
        if (pool == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        int workers = Math.min(threads, count);
        List<Future<?>> fs = new ArrayList<>(workers);
        for (int t = 0; t < workers; t++) {
            fs.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            }));
        }
        RuntimeException err = null;
        Error fatal = null;
        for (Future<?> f : fs) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof Error er) {
                    fatal = fatal == null ? er : fatal;
                } else if (err == null) {
                    err = c instanceof RuntimeException re ? re : new IllegalStateException(c.getMessage(), c);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for worker threads", e);
            }
        }
        if (fatal != null) {
            throw fatal;
        }
        if (err != null) {
            throw err;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
