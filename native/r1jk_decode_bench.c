/*
 * Decode of the 1.5B model in C alone: every weight matrix a token reads (28 layers of q, k, v, o, gate, up, down and
 * the output head, at their real shapes and llama-quantize's Q4_K_M or Q8_0 types, random weights), one input each,
 * split over row groups by persistent pthreads spinning on a shared counter. It answers "is decode limited by the
 * kernels or by the Java around them?": compare its tokens/s with `./r1j bench -p 0 -n 128` on the same machine
 * (it leaves out attention, norms and sampling, a few percent of a token). Not part of the build or the tests:
 *
 *   cc -O3 -std=c11 -ffp-contract=off -pthread -o /tmp/db native/r1jk_decode_bench.c native/r1jk.c -lm
 *   /tmp/db [q4_k_m|q8_0] [THREADS (2)] [CHUNKS_PER_THREAD (4)]
 *
 * Prints tokens/s per round and each weight type's share of a token with the GB/s it was read at.
 */
#define _POSIX_C_SOURCE 199309L
#include "r1jk.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LAYERS 28
#define HIDDEN 1536
#define KV 256
#define FFN 8960
#define VOCAB 151936

typedef struct {
    int type, rows, cols;
    uint8_t *w;
} Matrix;

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int block_bytes(int type) { return type == R1JK_Q8_0 ? 34 : type == R1JK_Q4_K ? 144 : 210; }
static int block_values(int type) { return type == R1JK_Q8_0 ? 32 : 256; }

/* Random blocks with small finite fp16 scales (0x2000), repacked as the engine repacks them. */
static Matrix matrix(int type, int rows, int cols) {
    Matrix m = {type, rows, cols, NULL};
    const int64_t blocks = (int64_t) rows * cols / block_values(type);
    const int bb = block_bytes(type);
    uint8_t *src = malloc((size_t) (blocks * bb));
    for (int64_t i = 0; i < blocks * bb; i++) src[i] = (uint8_t) rand();
    for (int64_t b = 0; b < blocks; b++) {
        uint8_t *p = src + b * bb;
        if (type == R1JK_Q6_K) p += 208; /* Q6_K's d is last; Q8_0's and Q4_K's d (and Q4_K's dmin) first */
        p[0] = 0, p[1] = 0x20;
        if (type == R1JK_Q4_K) p[2] = 0, p[3] = 0x20;
    }
    m.w = r1jk_alloc(r1jk_repacked_bytes(type, rows, cols));
    if (!m.w || r1jk_repack(type, src, rows, cols, m.w) != 0) {
        fprintf(stderr, "repack failed\n");
        exit(1);
    }
    free(src);
    return m;
}

/* llama-quantize's Q4_K_M gives attn_v and ffn_down Q6_K in the first and last eighth and every third layer between. */
static int more_bits(int layer) {
    return layer < LAYERS / 8 || layer >= 7 * LAYERS / 8 || (layer - LAYERS / 8) % 3 == 2;
}

static int path, threads, chunks;
static const Matrix *current;
static const uint8_t *current_act;
static float *out;
static atomic_int generation, next_chunk, done;

static void run_chunks(void) {
    const int groups = (current->rows + R1JK_GROUP - 1) / R1JK_GROUP, total = chunks * threads;
    int c;
    while ((c = atomic_fetch_add(&next_chunk, 1)) < total) {
        const int from = (int) ((int64_t) groups * c / total), to = (int) ((int64_t) groups * (c + 1) / total);
        r1jk_matmul(path, current->type, current->w, current->rows, current->cols, from, to, current_act, 1, out,
                    current->rows);
    }
}

static void *worker(void *arg) {
    (void) arg;
    int seen = 0;
    for (;;) {
        int g;
        while ((g = atomic_load(&generation)) == seen) {
        }
        seen = g;
        run_chunks();
        atomic_fetch_add(&done, 1);
    }
    return NULL;
}

static float *x;
static uint8_t *act;
static double seconds[16], bytes[16];

static void multiply(const Matrix *m) {
    const double t0 = now_s();
    r1jk_quantize(m->type, x, 1, m->cols, act);
    current = m;
    current_act = act;
    atomic_store(&next_chunk, 0);
    atomic_store(&done, 0);
    atomic_fetch_add(&generation, 1);
    run_chunks();
    while (atomic_load(&done) < threads - 1) {
    }
    seconds[m->type] += now_s() - t0;
    bytes[m->type] += (double) r1jk_repacked_bytes(m->type, m->rows, m->cols);
}

int main(int argc, char **argv) {
    const int q8 = argc > 1 && strcmp(argv[1], "q8_0") == 0;
    threads = argc > 2 ? atoi(argv[2]) : 2;
    chunks = argc > 3 ? atoi(argv[3]) : 4;
    if (threads < 1 || threads > 64 || chunks < 1) {
        fprintf(stderr, "usage: %s [q4_k_m|q8_0] [THREADS] [CHUNKS_PER_THREAD]\n", argv[0]);
        return 2;
    }
    const int paths = r1jk_paths();
    for (int p = 0; p <= R1JK_PATH_NEON; p++) if (paths & (1 << p)) path = p;

    const int base = q8 ? R1JK_Q8_0 : R1JK_Q4_K;
    static Matrix layers[LAYERS][7];
    for (int l = 0; l < LAYERS; l++) {
        const int wide = q8 ? R1JK_Q8_0 : more_bits(l) ? R1JK_Q6_K : R1JK_Q4_K;
        layers[l][0] = matrix(base, HIDDEN, HIDDEN); /* q */
        layers[l][1] = matrix(base, KV, HIDDEN);     /* k */
        layers[l][2] = matrix(wide, KV, HIDDEN);     /* v */
        layers[l][3] = matrix(base, HIDDEN, HIDDEN); /* o */
        layers[l][4] = matrix(base, FFN, HIDDEN);    /* gate */
        layers[l][5] = matrix(base, FFN, HIDDEN);    /* up */
        layers[l][6] = matrix(wide, HIDDEN, FFN);    /* down */
    }
    const Matrix head = matrix(q8 ? R1JK_Q8_0 : R1JK_Q6_K, VOCAB, HIDDEN);
    x = malloc(sizeof(float) * FFN);
    for (int i = 0; i < FFN; i++) x[i] = (float) rand() / (float) RAND_MAX - 0.5f;
    const int64_t a8 = r1jk_activation_bytes(R1JK_Q8_0, FFN), ak = r1jk_activation_bytes(R1JK_Q4_K, FFN);
    act = malloc((size_t) (a8 > ak ? a8 : ak));
    out = malloc(sizeof(float) * VOCAB);

    pthread_t tid;
    for (int i = 0; i < threads - 1; i++) pthread_create(&tid, NULL, worker, NULL);
    printf("%s, %d threads, %d chunks a thread, path %d\n", q8 ? "Q8_0" : "Q4_K_M", threads, chunks, path);
    for (int round = 0; round < 4; round++) {
        const int tokens = 32;
        const double t0 = now_s();
        for (int t = 0; t < tokens; t++) {
            for (int l = 0; l < LAYERS; l++) for (int k = 0; k < 7; k++) multiply(&layers[l][k]);
            multiply(&head);
        }
        const double t = now_s() - t0;
        printf("round %d: %.2f tok/s (%.1f ms a token)", round, tokens / t, t / tokens * 1e3);
        for (int type = 0; type < 16; type++) {
            if (seconds[type] > 0) printf("; type %d %.1f ms at %.1f GB/s", type, seconds[type] * 1e3 / tokens,
                                          bytes[type] / seconds[type] / 1e9);
            seconds[type] = bytes[type] = 0;
        }
        printf("%s\n", round == 0 ? " (warm-up)" : "");
    }
    exit(0); /* the spinning workers end with the process */
}
