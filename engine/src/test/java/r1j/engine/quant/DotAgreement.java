package r1j.engine.quant;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import r1j.engine.gguf.GgufFile;
import r1j.engine.kernels.VectorMath;
import r1j.engine.tensor.GgmlType;
import r1j.engine.tensor.TensorEntry;

/**
 * Checks {@code dot} (vector kernels at this JVM's width) and {@code dotScalar} against a float64 dot product of a
 * fixture's ggml-dequantized rows, and {@code dequantize} at this width bit for bit against those rows; shared by {@link DotProductTest} and {@link VectorWidthsTest}'s child JVMs.
 */
final class DotAgreement {
    /**
     * Allowed |dot - exact| as a fraction of sum |w_i * x_i|. Float32 accumulation over a 768-value row errs by
     * about 1e-7 of that sum in practice; one wrongly decoded value in a row would err by about 1e-3.
     */
    static final double DOT_RELATIVE_TOLERANCE = 1e-6;

    /** One dot product to check: each row of a fixture, and all its rows taken as one long vector. */
    record Case(String what, QuantFormat format, MemorySegment data, long byteOffset, float[] x, int xOffset, int n,
                double exact, double allowed) {

        void check(boolean vector, List<String> problems) {
            float dot = vector ? format.dot(data, byteOffset, x, xOffset, n) : format.dotScalar(data, byteOffset, x, xOffset, n);
            if (!(Math.abs(dot - exact) <= allowed)) {
                problems.add(what + ": " + (vector ? "dot (" + VectorSupport.describe() + ")" : "dotScalar") + " = " + dot
                        + ", exact " + exact + ", allowed +-" + allowed);
            }
        }
    }

    /**
     * A decode kernel against the panel path it stands in for: four rows dequantized, then {@link VectorMath#dot},
     * must give the same bits (batch invariance rests on it).
     */
    record RowBlockCase(String what, DecodeRows kernel, QuantFormat format, MemorySegment data, long rowBytes, int n,
                        float[] x, int xOffset) {

        void check(List<String> problems) {
            float[] fused = new float[RowBlockDot.ROWS + 2];
            kernel.dot4Rows(0, x, xOffset, fused, 1);
            float[] row = new float[n];
            for (int i = 0; i < RowBlockDot.ROWS; i++) {
                format.dequantize(data, i * rowBytes, row, 0, n);
                float panel = VectorMath.dot(row, 0, x, xOffset, n);
                if (Float.floatToRawIntBits(fused[1 + i]) != Float.floatToRawIntBits(panel)) {
                    problems.add(what + " row " + i + ": dot4Rows (" + VectorSupport.describe() + ") = " + fused[1 + i]
                            + ", dequantize + dot = " + panel);
                }
            }
        }
    }

    /**
     * Four random rows of every type with a decode kernel (the fixtures keep fewer rows than that), 1536 values wide
     * like the model's hidden size: the kernel {@link DecodeKernels#forTensor} picks, and for types it prepares
     * (a repacked copy) also the plain kernel over the mapped bytes. None when vectors are off.
     */
    static List<RowBlockCase> rowBlockCases() {
        List<RowBlockCase> cases = new ArrayList<>();
        if (!VectorSupport.ENABLED) return cases;
        int n = 1536;
        Random random = new Random(7);
        float[] x = new float[n + 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();
        for (GgmlType type : GgmlType.values()) {
            if (!type.supported) continue;
            MemorySegment data = VectorDequantizeTest.randomBlocks(type, RowBlockDot.ROWS * n, 11);
            TensorEntry tensor = new TensorEntry("w", type, new long[] {n, RowBlockDot.ROWS}, data);
            DecodeRows chosen = DecodeKernels.forTensor(tensor);
            if (chosen == null) continue;
            QuantFormat format = QuantFormats.of(type);
            cases.add(new RowBlockCase(type + " decode rows", chosen, format, data, type.bytesFor(n), n, x, 3));
            if (format instanceof RowBlockDot plain) {
                cases.add(new RowBlockCase(type + " plain rows", DecodeKernels.plain(plain, tensor), format, data,
                        type.bytesFor(n), n, x, 3));
            }
        }
        return cases;
    }

    private DotAgreement() {}

    /** Every disagreement of either path, described; empty when both agree. */
    static List<String> problems(DequantFixture fixture) throws IOException {
        List<String> problems = new ArrayList<>();
        try (GgufFile gguf = GgufFile.open(fixture.model())) {
            for (Case c : cases(fixture, gguf)) {
                c.check(true, problems);
                c.check(false, problems);
            }
            // dequantize runs the vector path at this JVM's width: it must still be bit-exact with ggml.
            TensorEntry tensor = gguf.tensor(fixture.tensor()).orElseThrow();
            float[] values = new float[fixture.rows() * fixture.cols()];
            QuantFormats.forTensor(tensor).dequantize(tensor.data(), 0, values, 0, values.length);
            for (int i = 0; i < values.length; i++) {
                if (Float.floatToRawIntBits(values[i]) != Float.floatToRawIntBits(fixture.values()[i])) {
                    problems.add(fixture + ": dequantize (" + VectorSupport.describe() + ") value " + i + " = " + values[i]
                            + ", ggml " + fixture.values()[i]);
                    break;
                }
            }
        }
        return problems;
    }

    static List<Case> cases(DequantFixture fixture, GgufFile gguf) {
        TensorEntry tensor = gguf.tensor(fixture.tensor()).orElseThrow();
        QuantFormat format = QuantFormats.forTensor(tensor);
        int n = fixture.cols();
        long rowBytes = tensor.type().bytesFor(n);
        Random random = new Random(42);
        int xOffset = 5;
        float[] x = new float[xOffset + fixture.rows() * n + 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) random.nextGaussian();

        List<Case> cases = new ArrayList<>();
        for (int row = 0; row < fixture.rows(); row++) {
            cases.add(newCase(fixture + " row " + row, format, tensor, row * rowBytes, fixture.values(), row * n, x,
                    xOffset + row * n, n));
        }
        // All rows as one long vector: rows are contiguous blocks, so this is a valid dot of rows * n values.
        cases.add(newCase(fixture + " all rows", format, tensor, 0, fixture.values(), 0, x, xOffset, fixture.rows() * n));
        return cases;
    }

    private static Case newCase(String what, QuantFormat format, TensorEntry tensor, long byteOffset, float[] w, int wOffset,
                                float[] x, int xOffset, int n) {
        double exact = 0;
        double magnitude = 0;
        for (int i = 0; i < n; i++) {
            double product = (double) w[wOffset + i] * x[xOffset + i];
            exact += product;
            magnitude += Math.abs(product);
        }
        return new Case(what, format, tensor.data(), byteOffset, x, xOffset, n, exact, DOT_RELATIVE_TOLERANCE * magnitude);
    }

    /**
     * Child-JVM entry point: checks every fixture {@code args[0]} times (default 1), so that later rounds run the
     * JIT-compiled (intrinsified) vector kernels rather than the interpreter's; prints problems, exits 1 if any.
     */
    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        List<DequantFixture> fixtures = DequantFixture.all();
        List<GgufFile> files = new ArrayList<>();
        List<Case> cases = new ArrayList<>();
        List<RowBlockCase> rowBlocks = rowBlockCases();
        for (DequantFixture fixture : fixtures) {
            GgufFile gguf = GgufFile.open(fixture.model());
            files.add(gguf);
            cases.addAll(cases(fixture, gguf));
        }
        List<String> problems = new ArrayList<>();
        for (int round = 0; round < rounds && problems.isEmpty(); round++) {
            for (Case c : cases) {
                c.check(true, problems);
                if (round == 0 || round == rounds - 1) c.check(false, problems);
            }
            for (RowBlockCase c : rowBlocks) c.check(problems);
        }
        files.forEach(GgufFile::close);
        problems.forEach(System.out::println);
        System.out.println(VectorSupport.describe() + ": " + fixtures.size() + " fixtures, " + rowBlocks.size()
                + " fused row blocks, " + rounds + " rounds, " + problems.size() + " problems");
        System.exit(problems.isEmpty() ? 0 : 1);
    }
}
