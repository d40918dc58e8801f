/*
 * Native threads against Java's pool (issue 12 asks to measure it): the same decode matmul (one input, the model's
 * FFN shapes, Q4_K and Q6_K) split over row groups by persistent pthreads that spin on a shared counter, the
 * cheapest hand-off C can do; compare with bench-jmh's MatmulBenchmark (Java's ComputePool calling the library on
 * row ranges), same shapes, batch 1, 2 threads. Not part of the build or the tests:
 *
 *   cc -O3 -std=c11 -ffp-contract=off -pthread -o /tmp/tb native/r1jk_threads_bench.c native/r1jk.c -lm && /tmp/tb
 */
#define _POSIX_C_SOURCE 199309L
#include "r1jk.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

typedef struct {
    int type, rows, cols, groups, path, threads;
    const uint8_t *w, *act;
    float *out;
    atomic_int generation, done;
    atomic_int stop;
} Job;

static void run_share(Job *j, int index) {
    int from = j->groups * index / j->threads, to = j->groups * (index + 1) / j->threads;
    r1jk_matmul(j->path, j->type, j->w, j->rows, j->cols, from, to, j->act, 1, j->out, j->rows);
}

static Job job;

static void *worker(void *arg) {
    int index = (int) (intptr_t) arg, seen = 0;
    for (;;) {
        int g;
        while ((g = atomic_load_explicit(&job.generation, memory_order_acquire)) == seen) {
            if (atomic_load_explicit(&job.stop, memory_order_relaxed)) return NULL;
        }
        seen = g;
        run_share(&job, index);
        atomic_fetch_add_explicit(&job.done, 1, memory_order_release);
    }
}

/* One parallel matmul: the caller quantizes, publishes, does share 0 and spins until the others are done. */
static void parallel_matmul(const float *x, uint8_t *act) {
    r1jk_quantize(job.type, x, 1, job.cols, act);
    atomic_store_explicit(&job.done, 0, memory_order_relaxed);
    atomic_fetch_add_explicit(&job.generation, 1, memory_order_release);
    run_share(&job, 0);
    while (atomic_load_explicit(&job.done, memory_order_acquire) < job.threads - 1) {
    }
}

static void bench(int type, int rows, int cols, int threads) {
    int block = type == R1JK_Q4_K ? 144 : 210;
    int64_t file = (int64_t) rows * (cols / 256) * block;
    uint8_t *src = malloc((size_t) file);
    srand(1);
    for (int64_t i = 0; i < file; i++) src[i] = (uint8_t) rand();
    uint16_t half = 0x2000; /* small scales: finite sums */
    for (int64_t b = 0; b < (int64_t) rows * (cols / 256); b++) {
        uint8_t *p = src + b * block;
        if (type == R1JK_Q4_K) {
            memcpy(p, &half, 2);
            memcpy(p + 2, &half, 2);
        } else {
            memcpy(p + 208, &half, 2);
        }
    }
    int64_t bytes = r1jk_repacked_bytes(type, rows, cols);
    uint8_t *w = r1jk_alloc(bytes);
    r1jk_repack(type, src, rows, cols, w);
    float *x = malloc(sizeof(float) * (size_t) cols);
    for (int i = 0; i < cols; i++) x[i] = (float) (rand() % 2000) / 1000.0f - 1.0f;
    uint8_t *act = malloc((size_t) r1jk_activation_bytes(type, cols));
    float *out = malloc(sizeof(float) * (size_t) rows);
    int paths = r1jk_paths(), path = 0;
    for (int p = 0; p <= R1JK_PATH_NEON; p++) if (paths & (1 << p)) path = p;

    job = (Job) {.type = type, .rows = rows, .cols = cols, .groups = (rows + R1JK_GROUP - 1) / R1JK_GROUP,
                 .path = path, .threads = threads, .w = w, .out = out};
    job.act = act;
    pthread_t tids[8];
    for (int t = 1; t < threads; t++) pthread_create(&tids[t], NULL, worker, (void *) (intptr_t) t);
    for (int i = 0; i < 50; i++) parallel_matmul(x, act);
    int calls = 2000;
    double t0 = now_s();
    for (int i = 0; i < calls; i++) parallel_matmul(x, act);
    double per = (now_s() - t0) / calls;
    atomic_store(&job.stop, 1);
    for (int t = 1; t < threads; t++) pthread_join(tids[t], NULL);
    atomic_store(&job.stop, 0);
    printf("%s %dx%d (cols x rows) batch 1, %d native thread(s): %.1f us a call, %.1f GB/s\n",
           type == R1JK_Q4_K ? "Q4_K" : "Q6_K", cols, rows, threads, per * 1e6, bytes / per / 1e9);
    r1jk_free(w, bytes);
    free(src);
    free(x);
    free(act);
    free(out);
}

int main(void) {
    int types[2] = {R1JK_Q4_K, R1JK_Q6_K};
    for (int k = 0; k < 2; k++) {
        for (int threads = 1; threads <= 2; threads++) {
            bench(types[k], 8960, 1536, threads);
            bench(types[k], 1536, 8960, threads);
        }
    }
    return 0;
}
