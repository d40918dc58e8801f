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

    /** The 12 scale bytes as a little-endian long (bytes 0..7) and int (bytes 8..11): two reads instead of twelve. */
    static long low(MemorySegment data, long scales) {
        return data.get(Layouts.LONG_LE, scales);
    }

    static int high(MemorySegment data, long scales) {
        return data.get(Layouts.INT_LE, scales + 8);
    }

    /** {@link #scale} from the packed bytes. */
    static int scale(long low, int high, int j) {
        if (j < 4) return byteAt(low, high, j) & 63;
        return (byteAt(low, high, j + 4) & 0xF) | (byteAt(low, high, j - 4) >>> 6) << 4;
    }

    /** {@link #min} from the packed bytes. */
    static int min(long low, int high, int j) {
        if (j < 4) return byteAt(low, high, j + 4) & 63;
        return (byteAt(low, high, j + 4) >>> 4) | (byteAt(low, high, j) >>> 6) << 4;
    }

    private static int byteAt(long low, int high, int k) {
        return k < 8 ? (int) (low >>> (8 * k)) & 0xFF : (high >>> (8 * (k - 8))) & 0xFF;
    }
}
