/*
 * r1jk: repacking, activation quantization and the matmul kernels (see r1jk.h for the contract).
 *
 * Layouts (all little-endian, R = R1JK_GROUP = 16 rows per group; a group's last rows are zero when the matrix has
 * fewer rows). A group holds first the IEEE half scales of all its blocks, rows interleaved (Q8_0 and Q6_K: half
 * d[R] a block; Q4_K: half d[R] then half dmin[R]), padded to whole 64-byte lines so that the blocks after them start
 * on a cache line, then its blocks:
 *   Q8_0 weights, per 32-column block (Q8_0_GB bytes): uint8 u[8][R][4], u = q + 128, so the unsigned x signed
 *     8-bit multiply-add (VNNI's vpdpbusd) applies; the +128 is taken back with the block's activation sum (AVX2
 *     without VNNI and NEON flip the top bit back and multiply signed bytes instead).
 *   Q4_K weights, per 256-column super-block (Q4_K_GB): uint8 sc[8][R]; uint8 m[8][R]; uint8 qs[8][4][R][4] whose
 *     low nibble holds column 32j+4k+i and high nibble column 32j+16+4k+i.
 *   Q6_K weights, per super-block (Q6_K_GB): int8 sc[16][R]; then u = q + 32 (0..63) split as the file splits it,
 *     6.6 bits a weight (a byte a weight cost decode a third more memory traffic on Q4_K_M's Q6_K matrices): for
 *     each 64-column chunk c in turn, uint8 lo[8][R][4] then uint8 hi[4][R][4]. Slot p (0..15) of a chunk is columns
 *     64c+4p+i (i = 0..3); its low 4 bits are in lo[p % 8] at bit 4 * (p / 8), its top 2 bits in hi[p % 4] at bit
 *     2 * (p / 4). Sub-block j of 16 columns is chunk j / 4, slots 4 (j % 4) .. +3.
 *   Decode reads every weight byte once, so the scales stay halves as in the file (floats made Q8_0 read 6% more than
 *     the file holds); the kernels widen them exactly (F16C, AVX-512's vcvtph2ps, NEON's fcvtl, half_to_float). A
 *     group of Q8_0 or Q6_K rows is the file's bytes (plus the padding of the scales to a line), Q4_K's 2.8% more
 *     (its 6-bit scales and mins as bytes, which spares the kernels the unpacking).
 *   Q8_0 activations, per 32 values (Q8_0_AB): float d; int32 sum(q); int8 q[32].
 *   Q8_K activations, per 256 values (Q8_K_AB): float d; int32 sum32[8]; int32 sum16[16]; int8 q[256].
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MADV_HUGEPAGE under -std=c11 */
#include "r1jk.h"
#include <math.h>
#include <string.h>
#include <sys/mman.h>

/* Bytes of a block's half scales (_SB) and of the rest of a block (_GB), per group of R rows. */
#define Q8_0_SB (2 * R1JK_GROUP)
#define Q8_0_GB (32 * R1JK_GROUP)
#define Q4_K_SB (4 * R1JK_GROUP)
#define Q4_K_GB (16 * R1JK_GROUP + 128 * R1JK_GROUP)
#define Q4_K_MIN (8 * R1JK_GROUP)
#define Q4_K_QS (16 * R1JK_GROUP)
#define Q6_K_SB (2 * R1JK_GROUP)
#define Q6_K_GB (16 * R1JK_GROUP + 192 * R1JK_GROUP)
/* Chunk c of a Q6_K group block: its low nibbles at Q6_K_LO(c), top bit pairs at Q6_K_HI(c), read in one stream. */
#define Q6_K_CHUNK (48 * R1JK_GROUP)
#define Q6_K_LO(c) (16 * R1JK_GROUP + (c) * Q6_K_CHUNK)
#define Q6_K_HI(c) (16 * R1JK_GROUP + (c) * Q6_K_CHUNK + 32 * R1JK_GROUP)
#define Q8_0_AB 40
#define Q8_K_QOFF (4 + 32 + 64)
#define Q8_K_AB (Q8_K_QOFF + 256)
/* Inputs met by one pass over a group's weights (prefill); any value gives the same results. */
#define TILE 8
/*
 * Inputs whose quantized activations stay in L2 while a call's row groups pass over them: without this blocking a
 * 512-token prompt streamed all its activations (6 MB for ffn_down) from L3 once per group of 16 rows.
 */
#define INPUT_BLOCK 64

static inline float load_f32(const uint8_t *p) { float v; memcpy(&v, p, 4); return v; }
static inline int32_t load_i32(const uint8_t *p) { int32_t v; memcpy(&v, p, 4); return v; }
static inline void put_f32(uint8_t *p, float v) { memcpy(p, &v, 4); }
static inline void put_i32(uint8_t *p, int32_t v) { memcpy(p, &v, 4); }

/* IEEE half to float, exact (subnormals, infinities and NaNs included). */
static float half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t) (h & 0x8000) << 16;
    uint32_t exp = (h >> 10) & 0x1F, man = h & 0x3FF, bits;
    if (exp == 0) {
        if (man == 0) {
            bits = sign;
        } else {
            int e = -1;
            do { e++; man <<= 1; } while (!(man & 0x400));
            bits = sign | ((uint32_t) (127 - 15 - e) << 23) | ((man & 0x3FF) << 13);
        }
    } else if (exp == 31) {
        bits = sign | 0x7F800000u | (man << 13);
    } else {
        bits = sign | ((exp + 127 - 15) << 23) | (man << 13);
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

static inline uint16_t load_u16(const uint8_t *p) { return (uint16_t) (p[0] | (p[1] << 8)); }
static inline void put_u16(uint8_t *p, uint16_t v) { p[0] = (uint8_t) v; p[1] = (uint8_t) (v >> 8); }
static inline float load_half(const uint8_t *p) { return half_to_float(load_u16(p)); }

/* A group's half scales: sb bytes for each of its blocks, rounded up to whole cache lines. */
static inline int64_t scales_bytes(int64_t sb, int blocks) { return (sb * blocks + 63) / 64 * 64; }
static inline int64_t group_bytes(int64_t sb, int64_t gb, int blocks) { return scales_bytes(sb, blocks) + blocks * gb; }

static void store_rows(float *out, int g, int rows, const float *acc) {
    int n = rows - g * R1JK_GROUP;
    if (n > R1JK_GROUP) n = R1JK_GROUP;
    memcpy(out + g * R1JK_GROUP, acc, (size_t) n * sizeof(float));
}

int r1jk_abi_version(void) { return 4; }

/*
 * Memory for repacked weights, on 2 MiB boundaries and marked for transparent huge pages: decode streams every
 * weight once per token, and with 4 KiB pages the TLB misses cost about a fifth of the single-core bandwidth
 * (measured: a 250 MB Q4_K matrix, 15 ms -> 12 ms). Where THP is off, the hint is ignored.
 */
#define HUGE_PAGE ((size_t) 2 << 20)
#define SMALL_PAGE ((size_t) 4096)
static size_t page_round(int64_t bytes) { return ((size_t) bytes + SMALL_PAGE - 1) / SMALL_PAGE * SMALL_PAGE; }

/* Only whole huge pages get the hint: a matrix's last partial one (and small matrices) stay on 4 KiB pages, so the
 * hint adds no resident memory (a huge page is faulted in whole). */
void *r1jk_alloc(int64_t bytes) {
    if (bytes <= 0) return NULL;
    size_t len = page_round(bytes);
    uint8_t *p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    uint8_t *aligned = (uint8_t *) (((uintptr_t) p + HUGE_PAGE - 1) & ~(uintptr_t) (HUGE_PAGE - 1));
    if (aligned > p) munmap(p, (size_t) (aligned - p));
    size_t tail = (size_t) (p + len + HUGE_PAGE - (aligned + len));
    if (tail > 0) munmap(aligned + len, tail);
#ifdef MADV_HUGEPAGE
    size_t whole = len / HUGE_PAGE * HUGE_PAGE;
    if (whole > 0) madvise(aligned, whole, MADV_HUGEPAGE);
#endif
    return aligned;
}

void r1jk_free(void *p, int64_t bytes) {
    if (p != NULL && bytes > 0) munmap(p, page_round(bytes));
}

static int64_t block_scale_bytes(int type) {
    switch (type) {
        case R1JK_Q8_0: return Q8_0_SB;
        case R1JK_Q4_K: return Q4_K_SB;
        case R1JK_Q6_K: return Q6_K_SB;
        default: return -1;
    }
}

static int64_t group_block_bytes(int type) {
    switch (type) {
        case R1JK_Q8_0: return Q8_0_GB;
        case R1JK_Q4_K: return Q4_K_GB;
        case R1JK_Q6_K: return Q6_K_GB;
        default: return -1;
    }
}

static int block_columns(int type) { return type == R1JK_Q8_0 ? 32 : 256; }

int64_t r1jk_repacked_bytes(int type, int rows, int cols) {
    int64_t gb = group_block_bytes(type);
    if (gb < 0 || rows <= 0 || cols <= 0 || cols % block_columns(type) != 0) return -1;
    int64_t groups = (rows + R1JK_GROUP - 1) / R1JK_GROUP;
    return groups * group_bytes(block_scale_bytes(type), gb, cols / block_columns(type));
}

int64_t r1jk_activation_bytes(int type, int cols) {
    if (group_block_bytes(type) < 0 || cols <= 0 || cols % block_columns(type) != 0) return -1;
    return type == R1JK_Q8_0 ? (int64_t) (cols / 32) * Q8_0_AB : (int64_t) (cols / 256) * Q8_K_AB;
}

/* ggml's get_scale_min_k4: the 6-bit scale and min of sub-block j from a Q4_K block's 12 scale bytes. */
static void q4_k_scale_min(int j, const uint8_t *q, uint8_t *sc, uint8_t *m) {
    if (j < 4) {
        *sc = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *sc = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
        *m = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

/* Quant (0..15) of column e of a Q4_K block: 64-column chunks, low nibbles first then high nibbles. */
static int q4_k_quant(const uint8_t *qs, int e) {
    int chunk = e / 64, l = e % 64;
    uint8_t b = qs[32 * chunk + (l % 32)];
    return l < 32 ? (b & 0xF) : (b >> 4);
}

/* Quant (-32..31) of column e of a Q6_K block (ggml's dequantize_row_q6_K order). */
static int q6_k_quant(const uint8_t *ql, const uint8_t *qh, int e) {
    int half = e / 128, r = e % 128, quarter = r / 32, l = r % 32;
    const uint8_t *L = ql + 64 * half, *H = qh + 32 * half;
    int low = (quarter & 1) ? L[l + 32] : L[l];
    low = quarter < 2 ? (low & 0xF) : (low >> 4);
    int high = (H[l] >> (2 * quarter)) & 3;
    return (low | (high << 4)) - 32;
}

/* Where the 4 low and 2 high bits of column e (0..255), row r, sit in a repacked Q6_K group block. */
static int64_t q6_k_lo_at(int r, int e) {
    int c = e / 64, p = (e % 64) / 4;
    return Q6_K_LO(c) + ((int64_t) (p % 8) * R1JK_GROUP + r) * 4 + e % 4;
}
static int64_t q6_k_hi_at(int r, int e) {
    int c = e / 64, p = (e % 64) / 4;
    return Q6_K_HI(c) + ((int64_t) (p % 4) * R1JK_GROUP + r) * 4 + e % 4;
}
static int q6_k_lo_shift(int e) { return 4 * (((e % 64) / 4) / 8); }
static int q6_k_hi_shift(int e) { return 2 * (((e % 64) / 4) / 4); }

/* Stores u (0..63) for column e of row r into a zeroed repacked Q6_K group block. */
static void q6_k_put(uint8_t *o, int r, int e, int u) {
    o[q6_k_lo_at(r, e)] |= (uint8_t) ((u & 0xF) << q6_k_lo_shift(e));
    o[q6_k_hi_at(r, e)] |= (uint8_t) ((u >> 4) << q6_k_hi_shift(e));
}

static int q6_k_get(const uint8_t *o, int r, int e) {
    return ((o[q6_k_lo_at(r, e)] >> q6_k_lo_shift(e)) & 0xF) | (((o[q6_k_hi_at(r, e)] >> q6_k_hi_shift(e)) & 3) << 4);
}

int r1jk_repack(int type, const uint8_t *src, int rows, int cols, uint8_t *dst) {
    int64_t total = r1jk_repacked_bytes(type, rows, cols);
    if (total < 0) return -1;
    memset(dst, 0, (size_t) total);
    const int bc = block_columns(type);
    const int nblocks = cols / bc;
    const int groups = (rows + R1JK_GROUP - 1) / R1JK_GROUP;
    const int64_t gb = group_block_bytes(type), sb = block_scale_bytes(type);
    for (int g = 0; g < groups; g++) {
        uint8_t *group = dst + g * group_bytes(sb, gb, nblocks);
        for (int b = 0; b < nblocks; b++) {
            uint8_t *h = group + b * sb; /* the block's half scales */
            uint8_t *o = group + scales_bytes(sb, nblocks) + b * gb;
            for (int r = 0; r < R1JK_GROUP; r++) {
                int row = g * R1JK_GROUP + r;
                if (row >= rows) {
                    /* Padding rows: zero scale, quants at the encoding of 0 so sums stay small. */
                    if (type == R1JK_Q8_0) for (int k = 0; k < 8; k++) memset(o + (k * R1JK_GROUP + r) * 4, 128, 4);
                    if (type == R1JK_Q6_K) for (int e = 0; e < 256; e++) q6_k_put(o, r, e, 32);
                    continue;
                }
                if (type == R1JK_Q8_0) {
                    const uint8_t *blk = src + ((int64_t) row * nblocks + b) * 34;
                    put_u16(h + 2 * r, load_u16(blk));
                    for (int e = 0; e < 32; e++) {
                        o[((e / 4) * R1JK_GROUP + r) * 4 + e % 4] = (uint8_t) ((int8_t) blk[2 + e] + 128);
                    }
                } else if (type == R1JK_Q4_K) {
                    const uint8_t *blk = src + ((int64_t) row * nblocks + b) * 144;
                    put_u16(h + 2 * r, load_u16(blk));
                    put_u16(h + 2 * R1JK_GROUP + 2 * r, load_u16(blk + 2));
                    for (int j = 0; j < 8; j++) q4_k_scale_min(j, blk + 4, &o[j * R1JK_GROUP + r], &o[Q4_K_MIN + j * R1JK_GROUP + r]);
                    for (int j = 0; j < 8; j++) {
                        for (int k = 0; k < 4; k++) {
                            for (int i = 0; i < 4; i++) {
                                int lo = q4_k_quant(blk + 16, 32 * j + 4 * k + i);
                                int hi = q4_k_quant(blk + 16, 32 * j + 16 + 4 * k + i);
                                o[Q4_K_QS + ((j * 4 + k) * R1JK_GROUP + r) * 4 + i] = (uint8_t) (lo | (hi << 4));
                            }
                        }
                    }
                } else {
                    const uint8_t *blk = src + ((int64_t) row * nblocks + b) * 210;
                    put_u16(h + 2 * r, load_u16(blk + 208));
                    for (int j = 0; j < 16; j++) o[j * R1JK_GROUP + r] = blk[192 + j];
                    for (int e = 0; e < 256; e++) q6_k_put(o, r, e, q6_k_quant(blk, blk + 128, e) + 32);
                }
            }
        }
    }
    return 0;
}

/*
 * Activation quantization, one definition for every path: amax = max |x| (NaN ignored), d = amax / 127,
 * id = 1 / d (0 when d is 0), q = round-half-even(clamp(x * id, -127, 127)) with NaN going to -127. The AVX-512
 * version below does exactly these operations (maxps/minps keep the second operand on NaN, as the scalar
 * comparisons here do; cvtps2dq rounds half to even as nearbyintf does), so the bytes are the same.
 */
static inline float clamp_q(float v) {
    v = v > -127.0f ? v : -127.0f;
    return v < 127.0f ? v : 127.0f;
}

static float block_amax(const float *v, int n) {
    float amax = 0.0f;
    for (int i = 0; i < n; i++) {
        float a = fabsf(v[i]);
        amax = a > amax ? a : amax;
    }
    return amax;
}

/* Quantizes n (a multiple of 16) values with scale 1/id into q, and their per-16 sums into s16. */
static void quantize_values(const float *v, int n, float id, int8_t *q, int32_t *s16) {
    for (int j = 0; j < n / 16; j++) {
        int32_t sum = 0;
        for (int i = 0; i < 16; i++) {
            int8_t x = (int8_t) nearbyintf(clamp_q(v[16 * j + i] * id));
            q[16 * j + i] = x;
            sum += x;
        }
        s16[j] = sum;
    }
}

#if defined(__x86_64__)
#include <immintrin.h>
#define AVX512Q __attribute__((target("avx512f,avx512bw,avx512vl")))
AVX512Q static float block_amax_avx512(const float *v, int n) {
    __m512 amax = _mm512_setzero_ps();
    for (int i = 0; i < n; i += 16) amax = _mm512_max_ps(_mm512_abs_ps(_mm512_loadu_ps(v + i)), amax);
    return _mm512_reduce_max_ps(amax);
}

AVX512Q static void quantize_values_avx512(const float *v, int n, float id, int8_t *q, int32_t *s16) {
    const __m512 idv = _mm512_set1_ps(id), lo = _mm512_set1_ps(-127.0f), hi = _mm512_set1_ps(127.0f);
    for (int j = 0; j < n / 16; j++) {
        __m512 x = _mm512_mul_ps(_mm512_loadu_ps(v + 16 * j), idv);
        x = _mm512_min_ps(_mm512_max_ps(x, lo), hi);
        __m512i xi = _mm512_cvtps_epi32(x);
        _mm_storeu_si128((__m128i *) (q + 16 * j), _mm512_cvtepi32_epi8(xi));
        s16[j] = _mm512_reduce_add_epi32(xi);
    }
}
#endif

/* The quantizer the CPU has: 0 portable, 1 AVX-512, 2 AVX2 (all write the same bytes; r1jk_test checks). */
static int quantize_simd(void);

#if defined(__x86_64__)
#define AVX2Q __attribute__((target("avx2")))
AVX2Q static float block_amax_avx2(const float *v, int n) {
    const __m256 sign = _mm256_set1_ps(-0.0f);
    __m256 amax = _mm256_setzero_ps();
    /* max_ps returns its second operand when either is NaN, so a NaN is skipped as the portable loop skips it. */
    for (int i = 0; i < n; i += 8) amax = _mm256_max_ps(_mm256_andnot_ps(sign, _mm256_loadu_ps(v + i)), amax);
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(amax), _mm256_extractf128_ps(amax, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
    return _mm_cvtss_f32(m);
}

AVX2Q static void quantize_values_avx2(const float *v, int n, float id, int8_t *q, int32_t *s16) {
    const __m256 idv = _mm256_set1_ps(id), lo = _mm256_set1_ps(-127.0f), hi = _mm256_set1_ps(127.0f);
    for (int j = 0; j < n / 16; j++) {
        /* max(x, lo) first: a NaN product becomes -127, as clamp_q makes it. */
        __m256 x0 = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(_mm256_loadu_ps(v + 16 * j), idv), lo), hi);
        __m256 x1 = _mm256_min_ps(_mm256_max_ps(_mm256_mul_ps(_mm256_loadu_ps(v + 16 * j + 8), idv), lo), hi);
        __m256i i0 = _mm256_cvtps_epi32(x0), i1 = _mm256_cvtps_epi32(x1);  /* round to nearest even, as nearbyintf */
        __m128i w0 = _mm_packs_epi32(_mm256_castsi256_si128(i0), _mm256_extracti128_si256(i0, 1));
        __m128i w1 = _mm_packs_epi32(_mm256_castsi256_si128(i1), _mm256_extracti128_si256(i1, 1));
        _mm_storeu_si128((__m128i *) (q + 16 * j), _mm_packs_epi16(w0, w1));
        __m128i s = _mm_madd_epi16(_mm_add_epi16(w0, w1), _mm_set1_epi16(1));
        s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
        s16[j] = _mm_cvtsi128_si32(_mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1)));
    }
}
#endif

static void quantize_block(const float *v, int n, float *d_out, int8_t *q, int32_t *s16) {
    int simd = quantize_simd();
    float amax;
#if defined(__x86_64__)
    amax = simd == 1 ? block_amax_avx512(v, n) : simd == 2 ? block_amax_avx2(v, n) : block_amax(v, n);
#else
    amax = block_amax(v, n);
#endif
    float d = amax / 127.0f, id = d > 0.0f ? 1.0f / d : 0.0f;
#if defined(__x86_64__)
    if (simd == 1) quantize_values_avx512(v, n, id, q, s16);
    else if (simd == 2) quantize_values_avx2(v, n, id, q, s16);
    else quantize_values(v, n, id, q, s16);
#else
    (void) simd;
    quantize_values(v, n, id, q, s16);
#endif
    *d_out = d;
}

void r1jk_quantize(int type, const float *x, int inputs, int cols, uint8_t *dst) {
    int64_t stride = r1jk_activation_bytes(type, cols);
    if (stride < 0) return;
    int32_t s16[16];
    for (int t = 0; t < inputs; t++) {
        const float *xt = x + (int64_t) t * cols;
        uint8_t *o = dst + t * stride;
        if (type == R1JK_Q8_0) {
            for (int b = 0; b < cols / 32; b++, o += Q8_0_AB) {
                float d;
                quantize_block(xt + 32 * b, 32, &d, (int8_t *) (o + 8), s16);
                put_f32(o, d);
                put_i32(o + 4, s16[0] + s16[1]);
            }
        } else {
            for (int b = 0; b < cols / 256; b++, o += Q8_K_AB) {
                float d;
                quantize_block(xt + 256 * b, 256, &d, (int8_t *) (o + Q8_K_QOFF), s16);
                put_f32(o, d);
                for (int j = 0; j < 8; j++) put_i32(o + 4 + 4 * j, s16[2 * j] + s16[2 * j + 1]);
                for (int j = 0; j < 16; j++) put_i32(o + 36 + 4 * j, s16[j]);
            }
        }
    }
}

/* ---------------- portable C kernels: the definition every vector path reproduces ---------------- */

static void portable_q8_0(const uint8_t *w, int rows, int cols, int g0, int g1, const uint8_t *act, int inputs,
                          float *out, int out_stride) {
    const int nb = cols / 32;
    for (int g = g0; g < g1; g++) {
        const uint8_t *wg = w + g * group_bytes(Q8_0_SB, Q8_0_GB, nb);
        for (int t = 0; t < inputs; t++) {
            float acc[R1JK_GROUP] = {0};
            for (int b = 0; b < nb; b++) {
                const uint8_t *h = wg + b * Q8_0_SB, *blk = wg + scales_bytes(Q8_0_SB, nb) + b * Q8_0_GB;
                const uint8_t *xa = act + ((int64_t) t * nb + b) * Q8_0_AB;
                const float dx = load_f32(xa);
                const int8_t *xq = (const int8_t *) (xa + 8);
                for (int r = 0; r < R1JK_GROUP; r++) {
                    int32_t s = 0;
                    for (int e = 0; e < 32; e++) s += blk[((e / 4) * R1JK_GROUP + r) * 4 + e % 4] * xq[e];
                    s -= 128 * load_i32(xa + 4);
                    acc[r] = acc[r] + (load_half(h + 2 * r) * dx) * (float) s;
                }
            }
            store_rows(out + (int64_t) t * out_stride, g, rows, acc);
        }
    }
}

static void portable_q4_k(const uint8_t *w, int rows, int cols, int g0, int g1, const uint8_t *act, int inputs,
                          float *out, int out_stride) {
    const int ns = cols / 256;
    for (int g = g0; g < g1; g++) {
        const uint8_t *wg = w + g * group_bytes(Q4_K_SB, Q4_K_GB, ns);
        for (int t = 0; t < inputs; t++) {
            float acc[R1JK_GROUP] = {0};
            for (int s = 0; s < ns; s++) {
                const uint8_t *h = wg + s * Q4_K_SB, *blk = wg + scales_bytes(Q4_K_SB, ns) + s * Q4_K_GB;
                const uint8_t *xa = act + ((int64_t) t * ns + s) * Q8_K_AB;
                const float dx = load_f32(xa);
                const int8_t *xq = (const int8_t *) (xa + Q8_K_QOFF);
                for (int r = 0; r < R1JK_GROUP; r++) {
                    int32_t a = 0, m = 0;
                    for (int j = 0; j < 8; j++) {
                        int32_t i = 0;
                        for (int k = 0; k < 4; k++) {
                            for (int e = 0; e < 4; e++) {
                                uint8_t q = blk[Q4_K_QS + ((j * 4 + k) * R1JK_GROUP + r) * 4 + e];
                                i += (q & 0xF) * xq[32 * j + 4 * k + e] + (q >> 4) * xq[32 * j + 16 + 4 * k + e];
                            }
                        }
                        a += i * blk[j * R1JK_GROUP + r];
                        m += blk[Q4_K_MIN + j * R1JK_GROUP + r] * load_i32(xa + 4 + 4 * j);
                    }
                    float d = load_half(h + 2 * r), dmin = load_half(h + 2 * R1JK_GROUP + 2 * r);
                    acc[r] = acc[r] + ((d * dx) * (float) a - (dmin * dx) * (float) m);
                }
            }
            store_rows(out + (int64_t) t * out_stride, g, rows, acc);
        }
    }
}

static void portable_q6_k(const uint8_t *w, int rows, int cols, int g0, int g1, const uint8_t *act, int inputs,
                          float *out, int out_stride) {
    const int ns = cols / 256;
    for (int g = g0; g < g1; g++) {
        const uint8_t *wg = w + g * group_bytes(Q6_K_SB, Q6_K_GB, ns);
        for (int t = 0; t < inputs; t++) {
            float acc[R1JK_GROUP] = {0};
            for (int s = 0; s < ns; s++) {
                const uint8_t *h = wg + s * Q6_K_SB, *blk = wg + scales_bytes(Q6_K_SB, ns) + s * Q6_K_GB;
                const uint8_t *xa = act + ((int64_t) t * ns + s) * Q8_K_AB;
                const float dx = load_f32(xa);
                const int8_t *xq = (const int8_t *) (xa + Q8_K_QOFF);
                for (int r = 0; r < R1JK_GROUP; r++) {
                    int32_t a = 0;
                    for (int j = 0; j < 16; j++) {
                        int32_t i = 0;
                        for (int e = 0; e < 16; e++) i += q6_k_get(blk, r, 16 * j + e) * xq[16 * j + e];
                        i -= 32 * load_i32(xa + 36 + 4 * j);
                        a += i * (int8_t) blk[j * R1JK_GROUP + r];
                    }
                    acc[r] = acc[r] + (load_half(h + 2 * r) * dx) * (float) a;
                }
            }
            store_rows(out + (int64_t) t * out_stride, g, rows, acc);
        }
    }
}

/*
 * Decode reads every weight once, straight from memory, and the one-input kernels do little work a byte: the
 * hardware prefetcher alone kept one core at about 11 GB/s where a plain read loop reads 14. Asking for the lines
 * PREFETCH_AHEAD bytes ahead of the block being multiplied (the weights are one stream per call) lifted a 2-thread
 * decode of the 1.5B model's matrices from 21 to 23 GB/s; 384 to 1024 bytes measured the same, NTA hints worse.
 * A prefetch past the end of the weights is harmless: prefetches never fault.
 */
#define PREFETCH_AHEAD 768
static inline void prefetch_ahead(const uint8_t *block, int bytes) {
    for (int l = 0; l < bytes; l += 64) __builtin_prefetch(block + PREFETCH_AHEAD + l, 0, 3);
}
/* The group's half scales are a second, slower stream (32 or 64 bytes a block): one line a few blocks ahead. */
static inline void prefetch_scales(const uint8_t *scales) { __builtin_prefetch(scales + 256, 0, 3); }

typedef void (*kernel_fn)(const uint8_t *, int, int, int, int, const uint8_t *, int, float *, int);

#if defined(__x86_64__)
#include <immintrin.h>

/* ---- AVX-512 VNNI: one zmm holds the 16 rows of a group ---- */
#define TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))
#define KERNEL(name) avx512vnni_##name
typedef __m512i VI;
typedef __m512 VF;
TARGET static inline VI vi_zero(void) { return _mm512_setzero_si512(); }
TARGET static inline VI vi_load(const uint8_t *p) { return _mm512_loadu_si512((const void *) p); }
TARGET static inline VI vi_set1(int32_t v) { return _mm512_set1_epi32(v); }
TARGET static inline VI vi_dpbusd(VI acc, VI u, VI s) { return _mm512_dpbusd_epi32(acc, u, s); }
#define vi_dpbusd_small vi_dpbusd
#define vi_dot_q8_0 vi_dpbusd
#define Q8_0_DOT_BIAS 128
#define VP VI
#define vp_zero vi_zero
#define vp_dot vi_dpbusd
#define vp_add vi_add
#define vp_scale vi_mullo
#define vi_scales_u8 vi_cvtu8
TARGET static inline VI vi_add(VI a, VI b) { return _mm512_add_epi32(a, b); }
TARGET static inline VI vi_sub(VI a, VI b) { return _mm512_sub_epi32(a, b); }
TARGET static inline VI vi_mullo(VI a, VI b) { return _mm512_mullo_epi32(a, b); }
TARGET static inline VI vi_and(VI a, VI b) { return _mm512_and_si512(a, b); }
TARGET static inline VI vi_srli16(VI a, int n) { return _mm512_srli_epi16(a, n); }
TARGET static inline VI vi_slli16(VI a, int n) { return _mm512_slli_epi16(a, n); }
TARGET static inline VI vi_or(VI a, VI b) { return _mm512_or_si512(a, b); }
TARGET static inline VI vi_cvtu8(const uint8_t *p) { return _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *) p)); }
TARGET static inline VI vi_cvts8(const uint8_t *p) { return _mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *) p)); }
TARGET static inline VF vf_zero(void) { return _mm512_setzero_ps(); }
TARGET static inline VF vf_load(const float *p) { return _mm512_loadu_ps(p); }
TARGET static inline VF vf_load_h(const uint8_t *p) { return _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *) p)); }
TARGET static inline void vf_store(float *p, VF v) { _mm512_storeu_ps(p, v); }
TARGET static inline VF vf_set1(float v) { return _mm512_set1_ps(v); }
TARGET static inline VF vf_add(VF a, VF b) { return _mm512_add_ps(a, b); }
TARGET static inline VF vf_sub(VF a, VF b) { return _mm512_sub_ps(a, b); }
TARGET static inline VF vf_mul(VF a, VF b) { return _mm512_mul_ps(a, b); }
TARGET static inline VF vf_cvt(VI a) { return _mm512_cvtepi32_ps(a); }
#include "r1jk_kernels.inc"
#undef TARGET
#undef KERNEL

/* ---- AVX2: two ymm per group (rows 0-7, 8-15); VNNI or its exact emulation ---- */
typedef struct { __m256i lo, hi; } VI2;
typedef struct { __m256 lo, hi; } VF2;
#define AVX2_HELPERS(T, P)                                                                                          \
    T static inline VI2 P##vi_zero(void) { VI2 r = {_mm256_setzero_si256(), _mm256_setzero_si256()}; return r; }     \
    T static inline VI2 P##vi_load(const uint8_t *p) {                                                              \
        VI2 r = {_mm256_loadu_si256((const __m256i *) p), _mm256_loadu_si256((const __m256i *) (p + 32))}; return r; } \
    T static inline VI2 P##vi_set1(int32_t v) { VI2 r = {_mm256_set1_epi32(v), _mm256_set1_epi32(v)}; return r; }   \
    T static inline VI2 P##vi_add(VI2 a, VI2 b) { VI2 r = {_mm256_add_epi32(a.lo, b.lo), _mm256_add_epi32(a.hi, b.hi)}; return r; } \
    T static inline VI2 P##vi_sub(VI2 a, VI2 b) { VI2 r = {_mm256_sub_epi32(a.lo, b.lo), _mm256_sub_epi32(a.hi, b.hi)}; return r; } \
    T static inline VI2 P##vi_mullo(VI2 a, VI2 b) { VI2 r = {_mm256_mullo_epi32(a.lo, b.lo), _mm256_mullo_epi32(a.hi, b.hi)}; return r; } \
    T static inline VI2 P##vi_and(VI2 a, VI2 b) { VI2 r = {_mm256_and_si256(a.lo, b.lo), _mm256_and_si256(a.hi, b.hi)}; return r; } \
    T static inline VI2 P##vi_srli16(VI2 a, int n) { VI2 r = {_mm256_srli_epi16(a.lo, n), _mm256_srli_epi16(a.hi, n)}; return r; } \
    T static inline VI2 P##vi_slli16(VI2 a, int n) { VI2 r = {_mm256_slli_epi16(a.lo, n), _mm256_slli_epi16(a.hi, n)}; return r; } \
    T static inline VI2 P##vi_or(VI2 a, VI2 b) { VI2 r = {_mm256_or_si256(a.lo, b.lo), _mm256_or_si256(a.hi, b.hi)}; return r; } \
    T static inline VI2 P##vi_cvtu8(const uint8_t *p) {                                                             \
        VI2 r = {_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *) p)),                                         \
                 _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *) (p + 8)))}; return r; }                      \
    T static inline VI2 P##vi_cvts8(const uint8_t *p) {                                                             \
        VI2 r = {_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *) p)),                                         \
                 _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *) (p + 8)))}; return r; }                      \
    T static inline VF2 P##vf_zero(void) { VF2 r = {_mm256_setzero_ps(), _mm256_setzero_ps()}; return r; }           \
    T static inline VF2 P##vf_load(const float *p) { VF2 r = {_mm256_loadu_ps(p), _mm256_loadu_ps(p + 8)}; return r; } \
    T static inline void P##vf_store(float *p, VF2 v) { _mm256_storeu_ps(p, v.lo); _mm256_storeu_ps(p + 8, v.hi); }    \
    T static inline VF2 P##vf_set1(float v) { VF2 r = {_mm256_set1_ps(v), _mm256_set1_ps(v)}; return r; }           \
    T static inline VF2 P##vf_add(VF2 a, VF2 b) { VF2 r = {_mm256_add_ps(a.lo, b.lo), _mm256_add_ps(a.hi, b.hi)}; return r; } \
    T static inline VF2 P##vf_sub(VF2 a, VF2 b) { VF2 r = {_mm256_sub_ps(a.lo, b.lo), _mm256_sub_ps(a.hi, b.hi)}; return r; } \
    T static inline VF2 P##vf_mul(VF2 a, VF2 b) { VF2 r = {_mm256_mul_ps(a.lo, b.lo), _mm256_mul_ps(a.hi, b.hi)}; return r; } \
    T static inline VF2 P##vf_cvt(VI2 a) { VF2 r = {_mm256_cvtepi32_ps(a.lo), _mm256_cvtepi32_ps(a.hi)}; return r; }

#define VI VI2
#define VF VF2
#define vi_zero a2_vi_zero
#define vi_load a2_vi_load
#define vi_set1 a2_vi_set1
#define vi_add a2_vi_add
#define vi_sub a2_vi_sub
#define vi_mullo a2_vi_mullo
#define vi_and a2_vi_and
#define vi_srli16 a2_vi_srli16
#define vi_slli16 a2_vi_slli16
#define vi_or a2_vi_or
#define vi_cvtu8 a2_vi_cvtu8
#define vi_cvts8 a2_vi_cvts8
#define vf_zero a2_vf_zero
#define vf_load a2_vf_load
#define vf_store a2_vf_store
#define vf_set1 a2_vf_set1
#define vf_add a2_vf_add
#define vf_sub a2_vf_sub
#define vf_mul a2_vf_mul
#define vf_cvt a2_vf_cvt
AVX2_HELPERS(__attribute__((target("avx2,fma"))), a2_)

/*
 * AVX2 without VNNI. With u <= 127 a pair u0*s0 + u1*s1 is at most 2*127*127 in magnitude and vpmaddubsw cannot
 * saturate, so one vpmaddubsw and one vpmaddwd do exactly what vpdpbusd does: 3 instructions where widening the
 * even and odd bytes to 16 bits (exact for any u) took 9, and the K-quant kernels ran about twice as fast.
 */
__attribute__((target("avx2"))) static inline __m256i dpbusd_small_emulated(__m256i acc, __m256i u, __m256i s) {
    return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1)));
}
__attribute__((target("avx2"))) static inline VI2 a2_dpbusd_small_plain(VI2 a, VI2 u, VI2 s) {
    VI2 r = {dpbusd_small_emulated(a.lo, u.lo, s.lo), dpbusd_small_emulated(a.hi, u.hi, s.hi)};
    return r;
}
/*
 * Q8_0 weights are stored as u = q + 128; the signed q = u ^ 0x80 times s is |q| * (s signed by q), where |q| <= 128
 * is a valid unsigned byte and |s| <= 127 keeps the sign change exact, so vpmaddubsw's pairs stay within 16 bits
 * (2*128*127): 6 instructions for sum q*s (Q8_0_DOT_BIAS 0) instead of 9.
 */
__attribute__((target("avx2"))) static inline __m256i dot_q8_0_signed(__m256i acc, __m256i u, __m256i s) {
    const __m256i q = _mm256_xor_si256(u, _mm256_set1_epi8((char) 0x80));
    const __m256i pairs = _mm256_maddubs_epi16(_mm256_abs_epi8(q), _mm256_sign_epi8(s, q));
    return _mm256_add_epi32(acc, _mm256_madd_epi16(pairs, _mm256_set1_epi16(1)));
}
__attribute__((target("avx2"))) static inline VI2 a2_dot_q8_0_plain(VI2 a, VI2 u, VI2 s) {
    VI2 r = {dot_q8_0_signed(a.lo, u.lo, s.lo), dot_q8_0_signed(a.hi, u.hi, s.hi)};
    return r;
}
__attribute__((target("avx2"))) static inline VI2 a2_vp_dot16(VI2 p, VI2 u, VI2 s) {
    VI2 r = {_mm256_add_epi16(p.lo, _mm256_maddubs_epi16(u.lo, s.lo)), _mm256_add_epi16(p.hi, _mm256_maddubs_epi16(u.hi, s.hi))};
    return r;
}
__attribute__((target("avx2"))) static inline VI2 a2_vp_add16(VI2 a, VI2 b) {
    VI2 r = {_mm256_add_epi16(a.lo, b.lo), _mm256_add_epi16(a.hi, b.hi)};
    return r;
}
__attribute__((target("avx2"))) static inline VI2 a2_vp_scale16(VI2 p, VI2 scale) {
    VI2 r = {_mm256_madd_epi16(p.lo, scale.lo), _mm256_madd_epi16(p.hi, scale.hi)};
    return r;
}
__attribute__((target("avx2"))) static inline VI2 a2_vp_sub16(VI2 a, VI2 b) {
    VI2 r = {_mm256_sub_epi16(a.lo, b.lo), _mm256_sub_epi16(a.hi, b.hi)};
    return r;
}
/* The two 16-bit halves of each lane added into 32 bits. */
__attribute__((target("avx2"))) static inline VI2 a2_vp_widen16(VI2 p) {
    const __m256i ones = _mm256_set1_epi16(1);
    VI2 r = {_mm256_madd_epi16(p.lo, ones), _mm256_madd_epi16(p.hi, ones)};
    return r;
}
/* Each lane's scale byte in both 16-bit halves, for vpmaddwd. */
__attribute__((target("avx2"))) static inline VI2 a2_scales16_u8(const uint8_t *p) {
    VI2 v = a2_vi_cvtu8(p);
    VI2 r = {_mm256_or_si256(v.lo, _mm256_slli_epi32(v.lo, 16)), _mm256_or_si256(v.hi, _mm256_slli_epi32(v.hi, 16))};
    return r;
}
/* 16 half scales widened to floats, exactly. */
__attribute__((target("avx2,f16c"))) static inline VF2 a2_vf_load_h(const uint8_t *p) {
    VF2 r = {_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *) p)), _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *) (p + 16)))};
    return r;
}
#define vf_load_h a2_vf_load_h
__attribute__((target("avx2,avxvnni"))) static inline VI2 a2_dpbusd_vnni(VI2 a, VI2 u, VI2 s) {
    VI2 r = {_mm256_dpbusd_avx_epi32(a.lo, u.lo, s.lo), _mm256_dpbusd_avx_epi32(a.hi, u.hi, s.hi)};
    return r;
}

#define TARGET __attribute__((target("avx2,fma,f16c")))
#define KERNEL(name) avx2_##name
#define vi_dpbusd_small a2_dpbusd_small_plain
#define vi_dot_q8_0 a2_dot_q8_0_plain
#define Q8_0_DOT_BIAS 0
#define VP VI2
#define vp_zero a2_vi_zero
#define vp_dot a2_vp_dot16
#define vp_add a2_vp_add16
#define vp_scale a2_vp_scale16
#define vi_scales_u8 a2_scales16_u8
#define Q6_K_PAIR_SUMS 1
#define vp_sub a2_vp_sub16
#define vp_widen a2_vp_widen16
#include "r1jk_kernels.inc"
#undef TARGET
#undef KERNEL

#define TARGET __attribute__((target("avx2,fma,f16c,avxvnni")))
#define KERNEL(name) avx2vnni_##name
#define vi_dpbusd_small a2_dpbusd_vnni
#define vi_dot_q8_0 a2_dpbusd_vnni
#define Q8_0_DOT_BIAS 128
#define VP VI2
#define vp_zero a2_vi_zero
#define vp_dot a2_dpbusd_vnni
#define vp_add a2_vi_add
#define vp_scale a2_vi_mullo
#define vi_scales_u8 a2_vi_cvtu8
#include "r1jk_kernels.inc"
#undef TARGET
#undef KERNEL

int r1jk_paths(void) {
    __builtin_cpu_init();
    int paths = 1 << R1JK_PATH_PORTABLE;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")) {
        paths |= 1 << R1JK_PATH_AVX2;
        if (__builtin_cpu_supports("avxvnni")) paths |= 1 << R1JK_PATH_AVX2_VNNI;
    }
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512vnni")) {
        paths |= 1 << R1JK_PATH_AVX512_VNNI;
    }
    return paths;
}

static kernel_fn vector_kernel(int path, int type) {
    static const kernel_fn table[4][3] = {
        {portable_q8_0, portable_q4_k, portable_q6_k},
        {avx2_q8_0, avx2_q4_k, avx2_q6_k},
        {avx2vnni_q8_0, avx2vnni_q4_k, avx2vnni_q6_k},
        {avx512vnni_q8_0, avx512vnni_q4_k, avx512vnni_q6_k},
    };
    int t = type == R1JK_Q8_0 ? 0 : type == R1JK_Q4_K ? 1 : 2;
    return table[path][t];
}
#elif defined(__aarch64__)
#include <arm_neon.h>
#include <sys/auxv.h>
#include <asm/hwcap.h>

/*
 * ---- NEON with the dot product extension (Armv8.2 sdot): four 128-bit registers per group (rows 0-3, 4-7, 8-11,
 * 12-15). The target attribute, not a global flag, enables sdot, so one binary also runs on cores without it
 * (r1jk_paths then reports only the portable path). It names Armv8.2-A because GCC's arm_neon.h declares vdotq_s32
 * under that architecture and will not inline it into code built for less; dotprod itself first came with 8.2.
 */
#define TARGET __attribute__((target("arch=armv8.2-a+dotprod")))
#define KERNEL(name) neon_##name
typedef struct { int32x4_t q[4]; } VN;
typedef struct { float32x4_t q[4]; } VFN;
#define VI VN
#define VF VFN
#define NEON_MAP(out, expr) for (int l_ = 0; l_ < 4; l_++) out.q[l_] = expr
TARGET static inline VN vi_zero(void) { VN r; NEON_MAP(r, vdupq_n_s32(0)); return r; }
TARGET static inline VN vi_load(const uint8_t *p) { VN r; NEON_MAP(r, vreinterpretq_s32_u8(vld1q_u8(p + 16 * l_))); return r; }
TARGET static inline VN vi_set1(int32_t v) { VN r; NEON_MAP(r, vdupq_n_s32(v)); return r; }
/* u <= 127 is the same byte signed: one sdot. */
TARGET static inline VN vi_dpbusd_small(VN acc, VN u, VN s) {
    VN r;
    NEON_MAP(r, vdotq_s32(acc.q[l_], vreinterpretq_s8_s32(u.q[l_]), vreinterpretq_s8_s32(s.q[l_])));
    return r;
}
/* Q8_0's u = q + 128: sdot of q = u ^ 0x80 gives sum q*s directly (Q8_0_DOT_BIAS 0). */
TARGET static inline VN vi_dot_q8_0(VN acc, VN u, VN s) {
    VN r;
    NEON_MAP(r, vdotq_s32(acc.q[l_], vreinterpretq_s8_u8(veorq_u8(vreinterpretq_u8_s32(u.q[l_]), vdupq_n_u8(0x80))),
                          vreinterpretq_s8_s32(s.q[l_])));
    return r;
}
#define Q8_0_DOT_BIAS 0
#define VP VN
#define vp_zero vi_zero
#define vp_dot vi_dpbusd_small
#define vp_add vi_add
#define vp_scale vi_mullo
#define vi_scales_u8 vi_cvtu8
TARGET static inline VN vi_add(VN a, VN b) { VN r; NEON_MAP(r, vaddq_s32(a.q[l_], b.q[l_])); return r; }
TARGET static inline VN vi_sub(VN a, VN b) { VN r; NEON_MAP(r, vsubq_s32(a.q[l_], b.q[l_])); return r; }
TARGET static inline VN vi_mullo(VN a, VN b) { VN r; NEON_MAP(r, vmulq_s32(a.q[l_], b.q[l_])); return r; }
TARGET static inline VN vi_and(VN a, VN b) { VN r; NEON_MAP(r, vandq_s32(a.q[l_], b.q[l_])); return r; }
TARGET static inline VN vi_or(VN a, VN b) { VN r; NEON_MAP(r, vorrq_s32(a.q[l_], b.q[l_])); return r; }
/* Shifts of 16-bit lanes as vpsrlw/vpsllw; ushl by a register count, as n is a parameter (constant once inlined). */
TARGET static inline VN vi_srli16(VN a, int n) {
    VN r;
    NEON_MAP(r, vreinterpretq_s32_u16(vshlq_u16(vreinterpretq_u16_s32(a.q[l_]), vdupq_n_s16((int16_t) -n))));
    return r;
}
TARGET static inline VN vi_slli16(VN a, int n) {
    VN r;
    NEON_MAP(r, vreinterpretq_s32_u16(vshlq_u16(vreinterpretq_u16_s32(a.q[l_]), vdupq_n_s16((int16_t) n))));
    return r;
}
TARGET static inline VN vi_cvtu8(const uint8_t *p) {
    const uint8x16_t b = vld1q_u8(p);
    const uint16x8_t lo = vmovl_u8(vget_low_u8(b)), hi = vmovl_u8(vget_high_u8(b));
    VN r = {{vreinterpretq_s32_u32(vmovl_u16(vget_low_u16(lo))), vreinterpretq_s32_u32(vmovl_u16(vget_high_u16(lo))),
             vreinterpretq_s32_u32(vmovl_u16(vget_low_u16(hi))), vreinterpretq_s32_u32(vmovl_u16(vget_high_u16(hi)))}};
    return r;
}
TARGET static inline VN vi_cvts8(const uint8_t *p) {
    const int8x16_t b = vld1q_s8((const int8_t *) p);
    const int16x8_t lo = vmovl_s8(vget_low_s8(b)), hi = vmovl_s8(vget_high_s8(b));
    VN r = {{vmovl_s16(vget_low_s16(lo)), vmovl_s16(vget_high_s16(lo)), vmovl_s16(vget_low_s16(hi)),
             vmovl_s16(vget_high_s16(hi))}};
    return r;
}
TARGET static inline VFN vf_zero(void) { VFN r; NEON_MAP(r, vdupq_n_f32(0.0f)); return r; }
TARGET static inline VFN vf_load(const float *p) { VFN r; NEON_MAP(r, vld1q_f32(p + 4 * l_)); return r; }
TARGET static inline VFN vf_load_h(const uint8_t *p) {
    VFN r;
    NEON_MAP(r, vcvt_f32_f16(vreinterpret_f16_u16(vld1_u16((const uint16_t *) p + 4 * l_))));
    return r;
}
TARGET static inline void vf_store(float *p, VFN v) { for (int l = 0; l < 4; l++) vst1q_f32(p + 4 * l, v.q[l]); }
TARGET static inline VFN vf_set1(float v) { VFN r; NEON_MAP(r, vdupq_n_f32(v)); return r; }
/* Separate multiplies and adds (never fmla): the build's -ffp-contract=off keeps them unfused, as on x86. */
TARGET static inline VFN vf_add(VFN a, VFN b) { VFN r; NEON_MAP(r, vaddq_f32(a.q[l_], b.q[l_])); return r; }
TARGET static inline VFN vf_sub(VFN a, VFN b) { VFN r; NEON_MAP(r, vsubq_f32(a.q[l_], b.q[l_])); return r; }
TARGET static inline VFN vf_mul(VFN a, VFN b) { VFN r; NEON_MAP(r, vmulq_f32(a.q[l_], b.q[l_])); return r; }
/* scvtf rounds to nearest even under the default FPCR, as cvtdq2ps does under the default MXCSR. */
TARGET static inline VFN vf_cvt(VN a) { VFN r; NEON_MAP(r, vcvtq_f32_s32(a.q[l_])); return r; }
#include "r1jk_kernels.inc"
#undef TARGET
#undef KERNEL
#undef VI
#undef VF
#undef NEON_MAP

int r1jk_paths(void) {
    int paths = 1 << R1JK_PATH_PORTABLE;
    if (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) paths |= 1 << R1JK_PATH_NEON;
    return paths;
}

static kernel_fn vector_kernel(int path, int type) {
    if (path == R1JK_PATH_NEON) return type == R1JK_Q8_0 ? neon_q8_0 : type == R1JK_Q4_K ? neon_q4_k : neon_q6_k;
    return type == R1JK_Q8_0 ? portable_q8_0 : type == R1JK_Q4_K ? portable_q4_k : portable_q6_k;
}
#else
int r1jk_paths(void) { return 1 << R1JK_PATH_PORTABLE; }

static kernel_fn vector_kernel(int path, int type) {
    (void) path;
    return type == R1JK_Q8_0 ? portable_q8_0 : type == R1JK_Q4_K ? portable_q4_k : portable_q6_k;
}
#endif

/* Set by r1jk_set_portable_quantize (tests compare both) or chosen from the CPU on first use. */
static int quantize_mode = -1;

void r1jk_set_portable_quantize(int portable) { quantize_mode = portable ? 0 : -1; }

static int quantize_simd(void) {
    if (quantize_mode < 0) {
        int paths = r1jk_paths();
        quantize_mode = (paths & (1 << R1JK_PATH_AVX512_VNNI)) ? 1 : (paths & (1 << R1JK_PATH_AVX2)) ? 2 : 0;
    }
    return quantize_mode;
}

int r1jk_matmul(int path, int type, const uint8_t *w, int rows, int cols, int group_from, int group_to,
                const uint8_t *act, int inputs, float *out, int out_stride) {
    if (path < 0 || path > R1JK_PATH_NEON || !(r1jk_paths() & (1 << path)) || group_block_bytes(type) < 0) return -1;
    if (r1jk_repacked_bytes(type, rows, cols) < 0 || group_from < 0 || group_to < group_from
        || group_to > (rows + R1JK_GROUP - 1) / R1JK_GROUP || inputs < 0 || out_stride < rows) {
        return -1;
    }
    vector_kernel(path, type)(w, rows, cols, group_from, group_to, act, inputs, out, out_stride);
    return 0;
}
