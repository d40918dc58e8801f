package r1j.engine.quant;

import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector width every kernel uses, chosen once per JVM.
 *
 * <p>{@code -Dr1j.vectorBitSize=0} turns vector kernels off (every {@code dot} runs its scalar loop);
 * {@code 128}, {@code 256} or {@code 512} force a width. Without the property the hardware's preferred width is
 * used, capped at 512 bits because the quant kernels load at most one 16-byte half block per vector. Below 128 bits
 * (four floats) vectors are not worth it and stay off.
 *
 * <p>The species are static finals so the JIT folds lane counts into constants.
 */
public final class VectorSupport {
    public static final String PROPERTY = "r1j.vectorBitSize";

    /** Float vector width in bits, or 0 when vector kernels are off. */
    public static final int BIT_SIZE = chooseBitSize();
    public static final boolean ENABLED = BIT_SIZE > 0;

    /** Float lanes; null when vectors are off (as are the other species). */
    public static final VectorSpecies<Float> FLOATS = ENABLED ? FloatVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(BIT_SIZE)) : null;
    /** Same lane count as {@link #FLOATS}: 16-bit values widened to float lane by lane. */
    static final VectorSpecies<Short> SHORTS = ENABLED ? ShortVector.SPECIES_64.withShape(VectorShape.forBitSize(BIT_SIZE / 2)) : null;
    static final VectorSpecies<Integer> INTS = ENABLED ? IntVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(BIT_SIZE)) : null;
    /**
     * Bytes loaded at once: as many as float lanes, but at least 8 (the smallest byte vector). With 4 float lanes one
     * byte load is widened in two parts, see {@link #BYTE_PARTS}.
     */
    static final VectorSpecies<Byte> BYTES = ENABLED ? ByteVector.SPECIES_64.withShape(VectorShape.forBitSize(Math.max(64, BIT_SIZE / 4))) : null;
    static final int FLOAT_LANES = ENABLED ? FLOATS.length() : 0;
    static final int BYTE_LANES = ENABLED ? BYTES.length() : 0;
    /** Float vectors per byte vector. */
    static final int BYTE_PARTS = ENABLED ? BYTE_LANES / FLOAT_LANES : 0;

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** Butterfly partners for {@link #sumLanes}: lane i with lane i ^ d; null where d is not below the lane count. */
    private static final VectorShuffle<Float> SWAP8 = partners(8);
    private static final VectorShuffle<Float> SWAP4 = partners(4);
    private static final VectorShuffle<Float> SWAP2 = partners(2);
    private static final VectorShuffle<Float> SWAP1 = partners(1);

    private VectorSupport() {}

    /**
     * The sum of the lanes in one fixed order (a butterfly of lane-wise adds), the same whether the code runs
     * interpreted or JIT-compiled. {@code reduceLanes(ADD)} leaves the order open, and the JIT's order differs from
     * the interpreter's, which would let a dot product change its last bit when its caller gets compiled: every dot
     * that must stay batch-invariant ends here instead. Straight-line with constant shuffles so that the JIT turns
     * it into a few permutes.
     */
    public static float sumLanes(FloatVector v) {
        if (FLOAT_LANES >= 16) v = v.add(v.rearrange(SWAP8));
        if (FLOAT_LANES >= 8) v = v.add(v.rearrange(SWAP4));
        v = v.add(v.rearrange(SWAP2));
        v = v.add(v.rearrange(SWAP1));
        return v.lane(0);
    }

    /**
     * {@link #sumLanes} of a vector stored at {@code lanes[off ..]}: the same butterfly in scalar adds, so the same bits.
     * For kernels that finish many dot products in one method, where the JIT may leave some {@code sumLanes} calls
     * out of line and then allocates a box for every vector passed (attention's tiles did: a gigabyte a prompt).
     */
    public static float sumLanes(float[] lanes, int off) {
        if (FLOAT_LANES == 16) {
            return (((lanes[off] + lanes[off + 8]) + (lanes[off + 4] + lanes[off + 12]))
                    + ((lanes[off + 2] + lanes[off + 10]) + (lanes[off + 6] + lanes[off + 14])))
                    + (((lanes[off + 1] + lanes[off + 9]) + (lanes[off + 5] + lanes[off + 13]))
                    + ((lanes[off + 3] + lanes[off + 11]) + (lanes[off + 7] + lanes[off + 15])));
        }
        if (FLOAT_LANES == 8) {
            return ((lanes[off] + lanes[off + 4]) + (lanes[off + 2] + lanes[off + 6]))
                    + ((lanes[off + 1] + lanes[off + 5]) + (lanes[off + 3] + lanes[off + 7]));
        }
        return (lanes[off] + lanes[off + 2]) + (lanes[off + 1] + lanes[off + 3]);
    }

    private static VectorShuffle<Float> partners(int distance) {
        return ENABLED && distance < FLOAT_LANES ? VectorShuffle.fromOp(FLOATS, i -> i ^ distance) : null;
    }

    private static int chooseBitSize() {
        String requested = System.getProperty(PROPERTY);
        if (requested == null || requested.isBlank()) {
            int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
            return preferred < 128 ? 0 : Math.min(preferred, 512);
        }
        int bits;
        try {
            bits = Integer.parseInt(requested.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + requested + " is not a number (use 0, 128, 256 or 512)");
        }
        if (bits != 0 && bits != 128 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + requested + " must be 0 (scalar), 128, 256 or 512");
        }
        return bits;
    }

    /** A one-line description for logs and {@code r1j inspect}. */
    public static String describe() {
        return ENABLED ? "vector kernels " + BIT_SIZE + "-bit (" + FLOAT_LANES + " float lanes)" : "scalar kernels (vectors off)";
    }
}
