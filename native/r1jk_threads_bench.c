/*
 * Native threads, without Java. Not part of the build or the tests:
 *
 *   cc -O3 -std=c11 -ffp-contract=off -pthread -o /tmp/tb native/r1jk_threads_bench.c native/r1jk.c -lm
 *   /tmp/tb                          one matmul at a time
 *   /tmp/tb decode q4_k_m|q8_0 [T]   a whole token's matmuls
 *
 * One matmul at a time (issue 12 asks to measure it): native threads against Java's pool. The same decode matmul
 * (one input, the model's FFN shapes, Q4_K and Q6_K) split over row groups by persistent pthreads that spin on a
 * shared counter, the cheapest hand-off C can do; compare with bench-jmh's MatmulBenchmark (Java's ComputePool
 * calling the library on row ranges), same shapes, batch 1, 2 threads.
 *
 * A whole token: every weight matrix the 1.5B model reads for one token (28 layers of q, k, v, o, gate, up, down
 * and the output head, at their real shapes and llama-quantize's Q4_K_M or Q8_0 types, random weights) through the
 * same threads (T, default 2). It answers "is decode limited by the kernels or by the Java around them?": compare
 * its tokens/s with `./r1j bench -p 0 -n 128` on the same machine (it leaves out attention, norms and sampling, a few
 * percent of a token). Prints tokens/s per round and each weight type's share of a token with the GB/s it was read at.
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
    int type, rows, cols;
    uint8_t *w;
    int64_t bytes;
} Matrix;

/* Random blocks with small fp16 scales (finite sums), repacked as the engine repacks them. */
static Matrix random_matrix(int type, int rows, int cols) {
    const int block = type == R1JK_Q8_0 ? 34 : type == R1JK_Q4_K ? 144 : 210;
    const int64_t blocks = (int64_t) rows * (cols / (type == R1JK_Q8_0 ? 32 : 256));
    uint8_t *src = malloc((size_t) (blocks * block));
    for (int64_t i = 0; i < blocks * block; i++) src[i] = (uint8_t) rand();
    const uint16_t half = 0x2000;
    for (int64_t b = 0; b < blocks; b++) {
        uint8_t *p = src + b * block;
        if (type == R1JK_Q6_K) {
            memcpy(p + 208, &half, 2); /* Q6_K's d is last; Q8_0's d and Q4_K's d and dmin first */
        } else {
            memcpy(p, &half, 2);
            if (type == R1JK_Q4_K) memcpy(p + 2, &half, 2);
        }
    }
    Matrix m = {type, rows, cols, NULL, r1jk_repacked_bytes(type, rows, cols)};
    m.w = r1jk_alloc(m.bytes);
    if (!m.w || r1jk_repack(type, src, rows, cols, m.w) != 0) {
        fprintf(stderr, "repack failed\n");
        exit(1);
    }
    free(src);
    return m;
}

typedef struct {
    const Matrix *m;
    int path, threads;
    const uint8_t *act;
    float *out;
    atomic_int generation, done;
    atomic_int stop;
} Job;

static void run_share(Job *j, int index) {
    const Matrix *m = j->m;
    const int groups = (m->rows + R1JK_GROUP - 1) / R1JK_GROUP;
    int from = groups * index / j->threads, to = groups * (index + 1) / j->threads;
    r1jk_matmul(j->path, m->type, m->w, m->rows, m->cols, from, to, j->act, 1, j->out, m->rows);
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

static pthread_t tids[64];

static void start_threads(int threads, const uint8_t *act, float *out) {
    const int paths = r1jk_paths();
    job.path = 0;
    for (int p = 0; p <= R1JK_PATH_NEON; p++) if (paths & (1 << p)) job.path = p;
    job.threads = threads;
    job.act = act;
    job.out = out;
    for (int t = 1; t < threads; t++) pthread_create(&tids[t], NULL, worker, (void *) (intptr_t) t);
}

static void stop_threads(void) {
    atomic_store(&job.stop, 1);
    for (int t = 1; t < job.threads; t++) pthread_join(tids[t], NULL);
    atomic_store(&job.stop, 0);
}

/* One parallel matmul of m: the caller quantizes, publishes, does share 0 and spins until the others are done. */
static void parallel_matmul(const Matrix *m, const float *x, uint8_t *act) {
    r1jk_quantize(m->type, x, 1, m->cols, act);
    job.m = m;
    atomic_store_explicit(&job.done, 0, memory_order_relaxed);
    atomic_fetch_add_explicit(&job.generation, 1, memory_order_release);
    run_share(&job, 0);
    while (atomic_load_explicit(&job.done, memory_order_acquire) < job.threads - 1) {
    }
}

static float *random_input(int n) {
    float *x = malloc(sizeof(float) * (size_t) n);
    for (int i = 0; i < n; i++) x[i] = (float) (rand() % 2000) / 1000.0f - 1.0f;
    return x;
}

static void bench(int type, int rows, int cols, int threads) {
    srand(1);
    Matrix m = random_matrix(type, rows, cols);
    float *x = random_input(cols);
    uint8_t *act = malloc((size_t) r1jk_activation_bytes(type, cols));
    float *out = malloc(sizeof(float) * (size_t) rows);
    start_threads(threads, act, out);
    for (int i = 0; i < 50; i++) parallel_matmul(&m, x, act);
    int calls = 2000;
    double t0 = now_s();
    for (int i = 0; i < calls; i++) parallel_matmul(&m, x, act);
    double per = (now_s() - t0) / calls;
    stop_threads();
    printf("%s %dx%d (cols x rows) batch 1, %d native thread(s): %.1f us a call, %.1f GB/s\n",
           type == R1JK_Q4_K ? "Q4_K" : "Q6_K", cols, rows, threads, per * 1e6, m.bytes / per / 1e9);
    r1jk_free(m.w, m.bytes);
    free(x);
    free(act);
    free(out);
}

#define LAYERS 28
#define HIDDEN 1536
#define KV 256
#define FFN 8960
#define VOCAB 151936

/* llama-quantize's Q4_K_M gives attn_v and ffn_down Q6_K in the first and last eighth and every third layer between. */
static int more_bits(int layer) {
    return layer < LAYERS / 8 || layer >= 7 * LAYERS / 8 || (layer - LAYERS / 8) % 3 == 2;
}

static void decode(int q8, int threads) {
    srand(1);
    const int base = q8 ? R1JK_Q8_0 : R1JK_Q4_K;
    static Matrix layers[LAYERS][7];
    for (int l = 0; l < LAYERS; l++) {
        const int wide = q8 ? R1JK_Q8_0 : more_bits(l) ? R1JK_Q6_K : R1JK_Q4_K;
        layers[l][0] = random_matrix(base, HIDDEN, HIDDEN); /* q */
        layers[l][1] = random_matrix(base, KV, HIDDEN);     /* k */
        layers[l][2] = random_matrix(wide, KV, HIDDEN);     /* v */
        layers[l][3] = random_matrix(base, HIDDEN, HIDDEN); /* o */
        layers[l][4] = random_matrix(base, FFN, HIDDEN);    /* gate */
        layers[l][5] = random_matrix(base, FFN, HIDDEN);    /* up */
        layers[l][6] = random_matrix(wide, HIDDEN, FFN);    /* down */
    }
    const Matrix head = random_matrix(q8 ? R1JK_Q8_0 : R1JK_Q6_K, VOCAB, HIDDEN);
    float *x = random_input(FFN);
    const int64_t a8 = r1jk_activation_bytes(R1JK_Q8_0, FFN), ak = r1jk_activation_bytes(R1JK_Q4_K, FFN);
    uint8_t *act = malloc((size_t) (a8 > ak ? a8 : ak));
    float *out = malloc(sizeof(float) * VOCAB);
    start_threads(threads, act, out);
    printf("%s, %d threads, path %d\n", q8 ? "Q8_0" : "Q4_K_M", threads, job.path);
    double seconds[16], bytes[16];
    for (int round = 0; round < 4; round++) {
        memset(seconds, 0, sizeof seconds);
        memset(bytes, 0, sizeof bytes);
        const int tokens = 32;
        const double t0 = now_s();
        for (int t = 0; t < tokens; t++) {
            for (int l = 0; l <= LAYERS; l++) {
                for (int k = 0; k < (l < LAYERS ? 7 : 1); k++) {
                    const Matrix *m = l < LAYERS ? &layers[l][k] : &head;
                    const double m0 = now_s();
                    parallel_matmul(m, x, act);
                    seconds[m->type] += now_s() - m0;
                    bytes[m->type] += (double) m->bytes;
                }
            }
        }
        const double t = now_s() - t0;
        printf("round %d: %.2f tok/s (%.1f ms a token)", round, tokens / t, t / tokens * 1e3);
        for (int type = 0; type < 16; type++) {
            if (seconds[type] > 0) printf("; type %d %.1f ms at %.1f GB/s", type, seconds[type] * 1e3 / tokens,
                                          bytes[type] / seconds[type] / 1e9);
        }
        printf("%s\n", round == 0 ? " (warm-up)" : "");
    }
    stop_threads();
}

int main(int argc, char **argv) {
    if (argc > 1) {
        const int threads = argc > 3 ? atoi(argv[3]) : 2;
        if (strcmp(argv[1], "decode") != 0 || argc < 3 || (strcmp(argv[2], "q4_k_m") != 0 && strcmp(argv[2], "q8_0") != 0)
            || threads < 1 || threads > 64) {
            fprintf(stderr, "usage: %s [decode q4_k_m|q8_0 [THREADS]]\n", argv[0]);
            return 2;
        }
        decode(strcmp(argv[2], "q8_0") == 0, threads);
        return 0;
    }
    int types[2] = {R1JK_Q4_K, R1JK_Q6_K};
    for (int k = 0; k < 2; k++) {
        for (int threads = 1; threads <= 2; threads++) {
            bench(types[k], 8960, 1536, threads);
            bench(types[k], 1536, 8960, threads);
        }
    }
    return 0;
}
