package r1j.engine.quant;

import java.lang.foreign.MemorySegment;

/**
 * The 12-byte scale/min table shared by Q4_K and Q5_K (ggml's {@code get_scale_min_k4}): eight 6-bit scales and
 * eight 6-bit mins. Sub-blocks 0..3 keep theirs in the low 6 bits of bytes j (scale) and j+4 (min); sub-blocks
 * 4..7 keep the low 4 bits in byte j+4 (scale low nibble, min high nibble) and the top 2 bits in the spare top
 * bits of bytes j-4 (scale) and j (min).
 */
final class KScales {
    private KScales() {}

    static int scale(MemorySegment data, long scales, int j) {
        if (j < 4) return Layouts.u8(data, scales + j) & 63;
        return (Layouts.u8(data, scales + j + 4) & 0xF) | (Layouts.u8(data, scales + j - 4) >>> 6) << 4;
    }

    static int min(MemorySegment data, long scales, int j) {
        if (j < 4) return Layouts.u8(data, scales + j + 4) & 63;
        return (Layouts.u8(data, scales + j + 4) >>> 4) | (Layouts.u8(data, scales + j) >>> 6) << 4;
    }
}
