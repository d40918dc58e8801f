/*
 * Unit test of the C kernels alone (also run under qemu-user for other architectures): every path the CPU has
 * gives bit-identical results, each equals the dot product of the dequantized weights with the dequantized 8-bit
 * activations up to float rounding, and results do not depend on the batch size or the group split.
 */
#include "r1jk.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t seed = 12345;
static uint32_t next(void) { seed = seed * 1664525u + 1013904223u; return seed >> 8; }

static uint16_t small_half(void) { return (uint16_t) (0x2000 + (next() % 0x0C00)); } /* ~ 2^-7 .. 2^-4, positive */

static float half_to_float_ref(uint16_t h) { /* normal halves only, as small_half makes */
    int e = (h >> 10) & 31, m = h & 1023;
    return ldexpf(1.0f + m / 1024.0f, e - 15);
}

static int block_bytes(int type) { return type == R1JK_Q8_0 ? 34 : type == R1JK_Q4_K ? 144 : 210; }
static int block_cols(int type) { return type == R1JK_Q8_0 ? 32 : 256; }

static void fill_blocks(int type, uint8_t *p, int count) {
    for (int b = 0; b < count; b++, p += block_bytes(type)) {
        for (int i = 0; i < block_bytes(type); i++) p[i] = (uint8_t) next();
        uint16_t d = small_half();
        if (type == R1JK_Q8_0) memcpy(p, &d, 2);
        if (type == R1JK_Q4_K) { uint16_t m = small_half(); memcpy(p, &d, 2); memcpy(p + 2, &m, 2); }
        if (type == R1JK_Q6_K) memcpy(p + 208, &d, 2);
    }
}

/* Independent dequantization, straight from the ggml formats. */
static void dequant_row(int type, const uint8_t *row, int cols, float *out) {
    for (int b = 0; b < cols / block_cols(type); b++) {
        const uint8_t *blk = row + b * block_bytes(type);
        float *y = out + b * block_cols(type);
        if (type == R1JK_Q8_0) {
            float d = half_to_float_ref((uint16_t) (blk[0] | blk[1] << 8));
            for (int i = 0; i < 32; i++) y[i] = d * (int8_t) blk[2 + i];
        } else if (type == R1JK_Q4_K) {
            float d = half_to_float_ref((uint16_t) (blk[0] | blk[1] << 8));
            float dmin = half_to_float_ref((uint16_t) (blk[2] | blk[3] << 8));
            const uint8_t *q = blk + 4, *qs = blk + 16;
            for (int j = 0; j < 8; j++) {
                int sc, m;
                if (j < 4) { sc = q[j] & 63; m = q[j + 4] & 63; }
                else { sc = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4); m = (q[j + 4] >> 4) | ((q[j] >> 6) << 4); }
                for (int l = 0; l < 32; l++) {
                    int e = 32 * j + l;
                    uint8_t byte = qs[32 * (e / 64) + l];
                    int v = (j % 2 == 0) ? (byte & 0xF) : (byte >> 4);
                    y[e] = d * sc * v - dmin * m;
                }
            }
        } else {
            const uint8_t *ql = blk, *qh = blk + 128;
            const int8_t *sc = (const int8_t *) (blk + 192);
            float d = half_to_float_ref((uint16_t) (blk[208] | blk[209] << 8));
            for (int n = 0; n < 2; n++) {
                for (int l = 0; l < 32; l++) {
                    int is = l / 16;
                    int q1 = ((ql[l] & 0xF) | ((qh[l] >> 0 & 3) << 4)) - 32;
                    int q2 = ((ql[l + 32] & 0xF) | ((qh[l] >> 2 & 3) << 4)) - 32;
                    int q3 = ((ql[l] >> 4) | ((qh[l] >> 4 & 3) << 4)) - 32;
                    int q4 = ((ql[l + 32] >> 4) | ((qh[l] >> 6 & 3) << 4)) - 32;
                    y[l] = d * sc[is] * q1;
                    y[l + 32] = d * sc[is + 2] * q2;
                    y[l + 64] = d * sc[is + 4] * q3;
                    y[l + 96] = d * sc[is + 6] * q4;
                }
                y += 128; ql += 64; qh += 32; sc += 8;
            }
        }
    }
}

static int check(int type, int rows, int cols, int inputs) {
    int bpr = cols / block_cols(type);
    uint8_t *w = malloc((size_t) rows * bpr * block_bytes(type));
    fill_blocks(type, w, rows * bpr);
    int64_t rb = r1jk_repacked_bytes(type, rows, cols), ab = r1jk_activation_bytes(type, cols);
    uint8_t *packed = malloc(rb), *act = malloc(ab * inputs), *act1 = malloc(ab);
    if (r1jk_repack(type, w, rows, cols, packed) != 0) { printf("repack failed\n"); return 1; }
    float *x = malloc(sizeof(float) * cols * inputs);
    for (int i = 0; i < cols * inputs; i++) x[i] = ((int) (next() % 2001) - 1000) / 250.0f;
    r1jk_quantize(type, x, inputs, cols, act);
    int groups = (rows + R1JK_GROUP - 1) / R1JK_GROUP, failures = 0;
    float *ref = NULL, *out = malloc(sizeof(float) * rows * inputs), *one = malloc(sizeof(float) * rows);
    for (int path = 0; path <= R1JK_PATH_NEON; path++) {
        if (!(r1jk_paths() & (1 << path))) continue;
        memset(out, 0, sizeof(float) * rows * inputs);
        /* Split the groups in two calls, as two threads would. */
        r1jk_matmul(path, type, packed, rows, cols, 0, groups / 2, act, inputs, out, rows);
        r1jk_matmul(path, type, packed, rows, cols, groups / 2, groups, act, inputs, out, rows);
        if (!ref) {
            ref = malloc(sizeof(float) * rows * inputs);
            memcpy(ref, out, sizeof(float) * rows * inputs);
        } else if (memcmp(ref, out, sizeof(float) * rows * inputs) != 0) {
            printf("type %d path %d differs from path 0\n", type, path);
            failures++;
        }
        /* Batch invariance: the last input alone gives the same bits. */
        r1jk_quantize(type, x + (int64_t) (inputs - 1) * cols, 1, cols, act1);
        r1jk_matmul(path, type, packed, rows, cols, 0, groups, act1, 1, one, rows);
        if (memcmp(one, out + (int64_t) (inputs - 1) * rows, sizeof(float) * rows) != 0) {
            printf("type %d path %d: input alone differs from in a batch\n", type, path);
            failures++;
        }
    }
    /* Against the float dot of dequantized weights and dequantized activations. */
    float *wr = malloc(sizeof(float) * cols), *xr = malloc(sizeof(float) * cols);
    double worst = 0;
    for (int t = 0; t < inputs; t++) {
        const uint8_t *a = act + t * ab;
        if (type == R1JK_Q8_0) {
            for (int b = 0; b < cols / 32; b++) {
                float d; memcpy(&d, a + b * 40, 4);
                for (int i = 0; i < 32; i++) xr[32 * b + i] = d * (int8_t) a[b * 40 + 8 + i];
            }
        } else {
            for (int b = 0; b < cols / 256; b++) {
                float d; memcpy(&d, a + b * 356, 4);
                for (int i = 0; i < 256; i++) xr[256 * b + i] = d * (int8_t) a[b * 356 + 100 + i];
            }
        }
        for (int r = 0; r < rows; r++) {
            dequant_row(type, w + (size_t) r * bpr * block_bytes(type), cols, wr);
            double s = 0, mag = 0;
            for (int c = 0; c < cols; c++) { s += (double) wr[c] * xr[c]; mag += fabs((double) wr[c] * xr[c]); }
            double err = fabs(s - ref[t * rows + r]) / (mag + 1e-30);
            if (err > worst) worst = err;
        }
    }
    if (worst > 1e-5) { printf("type %d: relative error %g against the float reference\n", type, worst); failures++; }
    /* A digest of the results: every architecture and path must print the same one (native/test.sh compares). */
    uint64_t digest = 1469598103934665603ull;
    const uint8_t *bytes = (const uint8_t *) ref;
    for (size_t i = 0; i < sizeof(float) * rows * inputs; i++) digest = (digest ^ bytes[i]) * 1099511628211ull;
    printf("type %2d rows %4d cols %4d inputs %2d: results %016llx, worst relative error %.2g%s\n", type, rows, cols,
           inputs, (unsigned long long) digest, worst, failures ? " FAILED" : "");
    free(w); free(packed); free(act); free(act1); free(x); free(ref); free(out); free(one); free(wr); free(xr);
    return failures;
}

/* The CPU's quantizer and the portable one write the same bytes, specials and halfway cases included. */
static int check_quantize(int type, int cols) {
    int inputs = 7;
    float *x = malloc(sizeof(float) * cols * inputs);
    for (int i = 0; i < cols * inputs; i++) {
        x[i] = ((int) (next() % 2001) - 1000) / 8.0f;            /* many exact halves after scaling */
        if (next() % 97 == 0) x[i] = NAN;
        if (next() % 211 == 0) x[i] = (next() & 1) ? INFINITY : -INFINITY;
        if (next() % 101 == 0) x[i] = 0.0f;
    }
    for (int i = 0; i < cols; i++) x[i] = 0.0f;                  /* an all-zero input */
    int64_t ab = r1jk_activation_bytes(type, cols);
    uint8_t *a = malloc(ab * inputs), *b = malloc(ab * inputs);
    r1jk_set_portable_quantize(1);
    r1jk_quantize(type, x, inputs, cols, a);
    r1jk_set_portable_quantize(0);
    r1jk_quantize(type, x, inputs, cols, b);
    int bad = memcmp(a, b, ab * inputs) != 0;
    printf("quantize type %d: CPU quantizer %s the portable one\n", type, bad ? "DIFFERS from" : "matches");
    free(x); free(a); free(b);
    return bad;
}

int main(void) {
    int failures = 0;
    /* Which paths this run compares (native/test.sh checks that the aarch64 run has its vector path). */
    static const char *const names[] = {"portable", "avx2", "avx2-vnni", "avx512-vnni", "neon"};
    printf("paths:");
    for (int path = 0; path <= R1JK_PATH_NEON; path++) if (r1jk_paths() & (1 << path)) printf(" %s", names[path]);
    printf("\n");
    failures += check_quantize(R1JK_Q8_0, 512);
    failures += check_quantize(R1JK_Q4_K, 1024);
    failures += check(R1JK_Q8_0, 40, 512, 11);
    failures += check(R1JK_Q4_K, 37, 512, 9);
    failures += check(R1JK_Q6_K, 48, 768, 10);
    failures += check(R1JK_Q8_0, 16, 32, 1);
    /* One input: decode's own Q4_K and Q6_K kernels. */
    failures += check(R1JK_Q4_K, 37, 512, 1);
    failures += check(R1JK_Q6_K, 40, 768, 1);
    printf(failures ? "r1jk_test: FAILED\n" : "r1jk_test: ok\n");
    return failures != 0;
}
