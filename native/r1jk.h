/*
 * r1jk: r1j's native matmul kernels, called from Java through FFM (r1j.engine.nativekernels).
 *
 * Weights are repacked at load into groups of R1JK_GROUP rows, interleaved so that one vector load feeds every row of
 * the group; activations are quantized to 8-bit blocks once per matmul. Every kernel path (portable C, AVX2, AVX2 +
 * AVX-VNNI, AVX-512 VNNI, aarch64 NEON with dotprod) computes the same exact integer block sums and then the same float
 * operations in the same order per (row, input), so all paths give bit-identical results and the result of one (row,
 * input) never depends on the batch or on how rows are split between threads (batch invariance).
 */
#ifndef R1JK_H
#define R1JK_H
#include <stdint.h>
#include <stddef.h>

#define R1JK_GROUP 16

/* Weight types, numbered as ggml's GGUF type ids. */
#define R1JK_Q8_0 8
#define R1JK_Q4_K 12
#define R1JK_Q6_K 14

/* Kernel paths; r1jk_paths() reports which the CPU runs as a bit mask of (1 << path). */
#define R1JK_PATH_PORTABLE 0
#define R1JK_PATH_AVX2 1
#define R1JK_PATH_AVX2_VNNI 2
#define R1JK_PATH_AVX512_VNNI 3
#define R1JK_PATH_NEON 4 /* aarch64 with the dot product extension */

int r1jk_abi_version(void);
void *r1jk_alloc(int64_t bytes);
void r1jk_free(void *p, int64_t bytes);
int r1jk_paths(void);
int64_t r1jk_repacked_bytes(int type, int rows, int cols);
int64_t r1jk_activation_bytes(int type, int cols);
int r1jk_repack(int type, const uint8_t *src, int rows, int cols, uint8_t *dst);
/* Tests: 1 forces the portable quantizer, 0 restores the CPU's choice. */
void r1jk_set_portable_quantize(int portable);
void r1jk_quantize(int type, const float *x, int inputs, int cols, uint8_t *dst);
int r1jk_matmul(int path, int type, const uint8_t *w, int rows, int cols, int group_from, int group_to,
                const uint8_t *act, int inputs, float *out, int out_stride);
#endif
