package r1j.engine.qwen2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import r1j.engine.kv.SequenceKv;
import r1j.engine.nativekernels.KernelChoice;
import r1j.engine.nativekernels.KernelMode;
import r1j.engine.nativekernels.KernelSelector;
import r1j.engine.nativekernels.NativeLibrary;

/**
 * The native kernels against the float64 reference by the fixture README's three rules with each file's own
 * {@code logit_abs} (measured on llama.cpp, which quantizes activations to 8 bits as these kernels do): every
 * last-position logit within it, argmax per position where the margin binds, greedy tokens up to the first step
 * whose margin is below {@code 2 * logit_abs}. Files of the served types (Q8_0, Q6_K, Q4_K_M), and two that fall
 * back per tensor: Q5_K_M (Q5_K on Java, its Q6_K tensors native) and Q4_0 (all Java).
 */
class NativeKernelsReferenceTest {
    private static final Map<String, Double> MAX_DIFF = new ConcurrentSkipListMap<>();

    static Stream<ReferenceCase> cases() throws IOException {
        Stream.Builder<ReferenceCase> all = Stream.builder();
        for (String type : new String[] {"Q8_0", "Q6_K", "Q4_K_M", "Q5_K_M", "Q4_0"}) {
            ReferenceCase.load(type).forEach(all::add);
        }
        return all.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void native_kernels_match_the_float64_reference_within_the_files_tolerance(ReferenceCase ref) throws IOException {
        assumeTrue(NativeLibrary.available(), "native library not built: " + NativeLibrary.unavailableReason());
        KernelChoice choice = KernelSelector.choose(KernelMode.NATIVE);
        try (NativeModels m = new NativeModels(ref.fileType(), choice, 2);
             SequenceKv kv = new SequenceKv(m.kvPool)) {
            int vocab = m.config.vocabSize();
            int n = ref.ids().length;
            assertThat(kv.ensureCapacity(n + ref.greedy().length)).isTrue();
            float[] logits = m.model.forward(ForwardBatch.prefillAllLogits(kv, ref.ids(), 0));

            double maxDiff = 0;
            int lastRow = (n - 1) * vocab;
            for (int t = 0; t < vocab; t++) maxDiff = Math.max(maxDiff, Math.abs(logits[lastRow + t] - ref.lastLogits()[t]));
            MAX_DIFF.merge(ref.fileType(), maxDiff, Math::max);
            assertThat(maxDiff).as("largest last-position logit difference for %s", ref).isLessThanOrEqualTo(ref.logitTolerance());

            double binding = 2 * ref.logitTolerance();
            for (int pos = 0; pos < n; pos++) {
                if (ref.marginPerPosition()[pos] >= binding) {
                    assertThat(Qwen2ReferenceTest.argmax(logits, pos * vocab, vocab)).as("argmax at position %d of %s", pos, ref)
                            .isEqualTo(ref.argmaxPerPosition()[pos]);
                }
            }

            int next = Qwen2ReferenceTest.argmax(logits, lastRow, vocab);
            for (int step = 0; step < ref.greedy().length; step++) {
                if (ref.greedyMargins()[step] < binding) break;
                assertThat(next).as("greedy token %d of %s", step, ref).isEqualTo(ref.greedy()[step]);
                float[] stepLogits = m.model.forward(ForwardBatch.prefill(kv, new int[] {next}, n + step));
                next = Qwen2ReferenceTest.argmax(stepLogits, 0, vocab);
            }
        }
    }

    @AfterAll
    static void printLargestDifferences() {
        MAX_DIFF.forEach((type, diff) -> System.out.printf("native tiny-qwen2-%s: max |logit - ref_f64| = %.5f%n", type, diff));
    }
}
