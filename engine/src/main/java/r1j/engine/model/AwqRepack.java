package r1j.engine.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/**
 * AWQ's int4 GEMM layout turned into Q8_0 rows the engine's kernels already run, without changing a single value.
 *
 * <p>An AWQ linear layer ({@code X.qweight}, {@code X.qzeros}, {@code X.scales}, HF shapes {@code [in, out/8]},
 * {@code [in/group, out/8]}, {@code [in/group, out]}) holds, for input i and output o, a 4-bit q and per group a
 * 4-bit zero z and an fp16 scale s; the weight is {@code (q - z) * s}. Eight 4-bit values share an int32 along
 * the output dimension, nibble k (bits 4k..4k+3) holding output {@code 8j + ORDER[k]} with AWQ's interleave
 * {@code ORDER = [0, 2, 4, 6, 1, 3, 5, 7]}.
 *
 * <p>A Q8_0 block is an fp16 d and 32 int8 values, value {@code d * q8}. With d = s (the same fp16 bits) and
 * q8 = q - z (in [-15, 15]) each block is one 32-wide slice of one group, and {@code d * q8} equals
 * {@code (q - z) * s} exactly in float32 (an 11-bit significand times a 4-bit integer). The cost is memory: 8.5 bits
 * a weight instead of AWQ's 4.25 (still half of fp16). vLLM's kernels compute {@code (q - z) * s} in fp16, which
 * can round that product; r1j keeps it exact.
 */
final class AwqRepack {
    static final int[] ORDER = {0, 2, 4, 6, 1, 3, 5, 7};
    private static final int Q8_0_BLOCK = 32;
    private static final int Q8_0_BYTES = 2 + 32;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private AwqRepack() {
    }

    /**
     * Replaces every {@code X.qweight} / {@code X.qzeros} / {@code X.scales} triple in {@code tensors} (keyed by
     * name as loaded) with a Q8_0 tensor named as {@code X.weight} would be, allocated in {@code arena}.
     */
    static Map<String, TensorEntry> apply(Path file, Map<String, TensorEntry> tensors, AwqConfig config, Arena arena)
            throws HfCheckpointException {
        Map<String, TensorEntry> out = new LinkedHashMap<>();
        List<String> prefixes = new ArrayList<>();
        for (String name : tensors.keySet()) {
            if (name.endsWith(".qweight")) prefixes.add(name.substring(0, name.length() - ".qweight".length()));
        }
        if (prefixes.isEmpty()) {
            throw new HfCheckpointException(file, "the config says AWQ but no tensor is named *.qweight");
        }
        for (var e : tensors.entrySet()) {
            String name = e.getKey();
            boolean part = name.endsWith(".qweight") || name.endsWith(".qzeros") || name.endsWith(".scales");
            if (!part) out.put(name, e.getValue());
        }
        for (String prefix : prefixes) {
            TensorEntry qweight = tensors.get(prefix + ".qweight");
            TensorEntry qzeros = tensors.get(prefix + ".qzeros");
            TensorEntry scales = tensors.get(prefix + ".scales");
            if (qzeros == null || scales == null) {
                throw new HfCheckpointException(file, prefix + " has a qweight but no " + (qzeros == null ? "qzeros" : "scales"));
            }
            String weightName = HfTensorNames.ggufName(prefix + ".weight").orElseThrow();
            out.put(weightName, toQ8_0(file, weightName, qweight, qzeros, scales, config.groupSize(), arena));
        }
        return out;
    }

    static TensorEntry toQ8_0(Path file, String name, TensorEntry qweight, TensorEntry qzeros, TensorEntry scales,
                              int group, Arena arena) throws HfCheckpointException {
        // ggml order: shape[0] is the fastest dimension, so HF [in, out/8] is {out/8, in}.
        int in = qweight.rows();
        int packed = qweight.rowLength();
        int out = packed * 8;
        int groups = in / group;
        if (qweight.type() != GgmlType.I32 || qzeros.type() != GgmlType.I32 || scales.type() != GgmlType.F16) {
            throw new HfCheckpointException(file, name + ": AWQ needs int32 qweight and qzeros and fp16 scales, got "
                    + qweight.type() + ", " + qzeros.type() + ", " + scales.type());
        }
        if (in % group != 0 || qzeros.rowLength() != packed || qzeros.rows() != groups
                || scales.rowLength() != out || scales.rows() != groups) {
            throw new HfCheckpointException(file, name + ": AWQ shapes disagree (qweight " + qweight
                    + ", qzeros " + qzeros + ", scales " + scales + ", group size " + group + ")");
        }
        long blocksPerRow = in / Q8_0_BLOCK;
        MemorySegment q8 = arena.allocate(out * blocksPerRow * Q8_0_BYTES, 64);
        MemorySegment qw = qweight.data(), qz = qzeros.data(), sc = scales.data();
        for (int i = 0; i < in; i++) {
            int g = i / group;
            long blockOffset = (long) (i / Q8_0_BLOCK) * Q8_0_BYTES;
            boolean blockStart = i % Q8_0_BLOCK == 0;
            for (int j = 0; j < packed; j++) {
                int weights = qw.get(INT, ((long) i * packed + j) * 4);
                int zeros = qz.get(INT, ((long) g * packed + j) * 4);
                for (int k = 0; k < 8; k++) {
                    int o = 8 * j + ORDER[k];
                    int q = (weights >>> (4 * k)) & 0xF;
                    int z = (zeros >>> (4 * k)) & 0xF;
                    long block = o * blocksPerRow * Q8_0_BYTES + blockOffset;
                    if (blockStart) q8.set(HALF, block, sc.get(HALF, ((long) g * out + o) * 2));
                    q8.set(ValueLayout.JAVA_BYTE, block + 2 + i % Q8_0_BLOCK, (byte) (q - z));
                }
            }
        }
        return new TensorEntry(name, GgmlType.Q8_0, new long[] {in, out}, q8.asReadOnly());
    }
}
