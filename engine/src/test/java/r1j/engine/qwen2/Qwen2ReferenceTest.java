package r1j.engine.qwen2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import r1j.engine.gguf.GgufFile;
import r1j.engine.kernels.ComputePool;
import r1j.engine.kv.KvBlockPool;
import r1j.engine.kv.SequenceKv;
import r1j.engine.model.GgufModelConfig;
import r1j.engine.model.ModelConfig;
import r1j.engine.model.Qwen2Weights;
import r1j.engine.nativekernels.KernelChoice;
import r1j.engine.tensor.TensorEntry;

/**
 * Every tiny-qwen2 GGUF variant against the float64 reference, by the fixture README's rule:
 * <ol>
 *   <li>every last-position logit within {@code logit_abs} of {@code last_logits_ref_f64} — {@code logit_abs} is the
 *       per-file tolerance from {@code tolerances.json}, twice llama.cpp's own largest difference on that file;</li>
 *   <li>per-position argmax equal wherever the reference's top-2 margin is at least {@code 2 * logit_abs} (below
 *       that, two logits each off by at most {@code logit_abs} may legitimately swap);</li>
 *   <li>greedy tokens equal up to the first step whose margin is below {@code 2 * logit_abs}.</li>
 * </ol>
 * r1j keeps activations and the KV cache in float32, so its differences land far inside these bounds, and the test
 * also holds it to its own tighter bound ({@link #R1J_FLOAT32_BOUND}), following greedy decoding through every step
 * whose margin is wider than twice that. The largest difference per file is printed at the end for the issue note.
 */
class Qwen2ReferenceTest {
    /**
     * r1j's own bound, much tighter than the fixtures' {@code logit_abs}: with float32 activations and KV cache the
     * measured difference is below 1e-4 on every file, so 1e-3 catches a numerical regression that the quantized
     * files' tolerances (up to 2.8) would hide. A change that quantizes activations must revisit this on purpose.
     */
    private static final double R1J_FLOAT32_BOUND = 1e-3;

    private static final Map<String, Double> MAX_DIFF = new ConcurrentSkipListMap<>();

    static Stream<ReferenceCase> cases() throws IOException {
        Stream.Builder<ReferenceCase> all = Stream.builder();
        for (String type : ReferenceCase.FILE_TYPES) ReferenceCase.load(type).forEach(all::add);
        return all.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matches_the_float64_reference_within_the_files_tolerance(ReferenceCase ref) throws IOException {
        try (GgufFile gguf = GgufFile.open(ReferenceCase.modelFile(ref.fileType()));
             ComputePool pool = new ComputePool(2)) {
            ModelConfig config = GgufModelConfig.read(gguf);
            Map<String, TensorEntry> tensors = new HashMap<>();
            for (TensorEntry t : gguf.tensors()) tensors.put(t.name(), t);
            Qwen2Model model = new Qwen2Model(config, Qwen2Weights.from(config, tensors, KernelChoice.JAVA_REQUESTED), pool);
            int vocab = config.vocabSize();
            KvBlockPool kvPool = new KvBlockPool(16, config.layers(), config.kvDim(), 4096 / 16 + 8);
            try (SequenceKv kv = new SequenceKv(kvPool)) {
                int n = ref.ids().length;
                assertThat(kv.ensureCapacity(n + ref.greedy().length)).isTrue();
                float[] logits = model.forward(ForwardBatch.prefillAllLogits(kv, ref.ids(), 0));

                // Rule 1: last-position logits.
                double maxDiff = 0;
                int lastRow = (n - 1) * vocab;
                assertThat(ref.lastLogits()).hasSize(vocab);
                for (int t = 0; t < vocab; t++) {
                    maxDiff = Math.max(maxDiff, Math.abs(logits[lastRow + t] - ref.lastLogits()[t]));
                }
                MAX_DIFF.merge(ref.fileType(), maxDiff, Math::max);
                assertThat(maxDiff).as("largest last-position logit difference for %s", ref).isLessThanOrEqualTo(ref.logitTolerance());
                assertThat(maxDiff).as("float32 engine bound for %s", ref).isLessThanOrEqualTo(R1J_FLOAT32_BOUND);

                // Rule 2: argmax per position where the reference's margin is wide enough to bind.
                double binding = 2 * ref.logitTolerance();
                for (int pos = 0; pos < n; pos++) {
                    if (ref.marginPerPosition()[pos] >= binding) {
                        assertThat(argmax(logits, pos * vocab, vocab)).as("argmax at position %d of %s", pos, ref)
                                .isEqualTo(ref.argmaxPerPosition()[pos]);
                    }
                }

                // Rule 3, tightened: greedy continuation up to the first step whose margin is inside r1j's own error
                // band (2 * R1J_FLOAT32_BOUND), which is narrower than the README's 2 * logit_abs.
                int next = argmax(logits, lastRow, vocab);
                for (int step = 0; step < ref.greedy().length; step++) {
                    if (ref.greedyMargins()[step] < 2 * R1J_FLOAT32_BOUND) break;
                    assertThat(next).as("greedy token %d of %s", step, ref).isEqualTo(ref.greedy()[step]);
                    float[] stepLogits = model.forward(ForwardBatch.prefill(kv, new int[] {next}, n + step));
                    next = argmax(stepLogits, 0, vocab);
                }
            }
        }
    }

    /** Greedy choice: the largest logit, lowest id on an exact tie. */
    static int argmax(float[] logits, int offset, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (logits[offset + i] > logits[offset + best]) best = i;
        return best;
    }

    @AfterAll
    static void printLargestDifferences() {
        MAX_DIFF.forEach((type, diff) -> System.out.printf("tiny-qwen2-%s: max |logit - ref_f64| = %.5f%n", type, diff));
    }
}
