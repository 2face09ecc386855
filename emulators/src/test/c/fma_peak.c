/* Native double-precision FMA peak of one core: 16 independent AVX-512 accumulators (enough to cover 2 FMA units
 * x 4-cycle latency), each updated with acc = acc * a + b. Build and run (see docs/emulators.md):
 *   gcc -O2 -mavx512f -mfma -o /tmp/fma_peak emulators/src/test/c/fma_peak.c && /tmp/fma_peak
 * Prints the best GFLOP/s of 5 runs (wall clock, and per second of this thread's CPU time, which is the core's
 * peak even when other processes share the machine). */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(void) {
    const long iters = 1600000000L;
    double best = 0, bestCpu = 0, sink = 0;
    volatile double start[16];
    for (int i = 0; i < 16; i++) {
        start[i] = 1.0 + 0.01 * i;
    }
    for (int run = 0; run < 5; run++) {
        __m512d a = _mm512_set1_pd(0.999999), b = _mm512_set1_pd(1e-7);
        /* distinct starting values, or the compiler merges identical accumulators into one */
        __m512d c0 = _mm512_set1_pd(start[0]), c1 = _mm512_set1_pd(start[1]), c2 = _mm512_set1_pd(start[2]);
        __m512d c3 = _mm512_set1_pd(start[3]), c4 = _mm512_set1_pd(start[4]), c5 = _mm512_set1_pd(start[5]);
        __m512d c6 = _mm512_set1_pd(start[6]), c7 = _mm512_set1_pd(start[7]), c8 = _mm512_set1_pd(start[8]);
        __m512d c9 = _mm512_set1_pd(start[9]), c10 = _mm512_set1_pd(start[10]), c11 = _mm512_set1_pd(start[11]);
        __m512d c12 = _mm512_set1_pd(start[12]), c13 = _mm512_set1_pd(start[13]);
        __m512d c14 = _mm512_set1_pd(start[14]), c15 = _mm512_set1_pd(start[15]);
        double t0 = now(CLOCK_MONOTONIC), u0 = now(CLOCK_THREAD_CPUTIME_ID);
        for (long i = 0; i < iters / 16; i++) {
            c0 = _mm512_fmadd_pd(c0, a, b); c1 = _mm512_fmadd_pd(c1, a, b);
            c2 = _mm512_fmadd_pd(c2, a, b); c3 = _mm512_fmadd_pd(c3, a, b);
            c4 = _mm512_fmadd_pd(c4, a, b); c5 = _mm512_fmadd_pd(c5, a, b);
            c6 = _mm512_fmadd_pd(c6, a, b); c7 = _mm512_fmadd_pd(c7, a, b);
            c8 = _mm512_fmadd_pd(c8, a, b); c9 = _mm512_fmadd_pd(c9, a, b);
            c10 = _mm512_fmadd_pd(c10, a, b); c11 = _mm512_fmadd_pd(c11, a, b);
            c12 = _mm512_fmadd_pd(c12, a, b); c13 = _mm512_fmadd_pd(c13, a, b);
            c14 = _mm512_fmadd_pd(c14, a, b); c15 = _mm512_fmadd_pd(c15, a, b);
        }
        double dt = now(CLOCK_MONOTONIC) - t0, du = now(CLOCK_THREAD_CPUTIME_ID) - u0;
        __m512d s = _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(c0, c1), _mm512_add_pd(c2, c3)),
                                  _mm512_add_pd(_mm512_add_pd(c4, c5), _mm512_add_pd(c6, c7)));
        s = _mm512_add_pd(s, _mm512_add_pd(_mm512_add_pd(_mm512_add_pd(c8, c9), _mm512_add_pd(c10, c11)),
                                           _mm512_add_pd(_mm512_add_pd(c12, c13), _mm512_add_pd(c14, c15))));
        sink += _mm512_reduce_add_pd(s);
        double gflops = (double) (iters / 16) * 16 * 8 * 2 / dt * 1e-9;
        double gflopsCpu = (double) (iters / 16) * 16 * 8 * 2 / du * 1e-9;
        if (gflops > best) best = gflops;
        if (gflopsCpu > bestCpu) bestCpu = gflopsCpu;
    }
    printf("{\"native_fma_peak_gflops\": %.2f, \"per_cpu_second_gflops\": %.2f, \"checksum\": %g}\n", best,
           bestCpu, sink);
    return 0;
}
