package r1j.engine.qwen2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import r1j.engine.kv.SequenceKv;
import r1j.engine.nativekernels.KernelChoice;
import r1j.engine.nativekernels.KernelPath;
import r1j.engine.nativekernels.KernelSelector;
import r1j.engine.nativekernels.NativeLibrary;

/**
 * The native kernels keep r1j's exactness guarantees: every code path the CPU runs (portable C, AVX2, AVX2-VNNI,
 * AVX-512 VNNI; NEON on aarch64) gives bit-identical logits, and a sequence gets bit-identical logits whether it runs alone or in a
 * batch of 16, and whatever the thread count.
 */
class NativeKernelsInvarianceTest {
    private static final int[] PROMPT = {151646, 151644, 3838, 374, 220, 17, 10, 17, 30, 151645, 151648, 198};

    private static float[] run(String fileType, KernelChoice choice, int threads) throws IOException {
        try (NativeModels m = new NativeModels(fileType, choice, threads); SequenceKv kv = new SequenceKv(m.kvPool)) {
            assertThat(kv.ensureCapacity(PROMPT.length + 1)).isTrue();
            float[] prefill = m.model.forward(ForwardBatch.prefillAllLogits(kv, tokens(m), 0));
            int vocab = m.config.vocabSize();
            float[] all = Arrays.copyOf(prefill, PROMPT.length * vocab + vocab);
            float[] step = m.model.forward(ForwardBatch.prefill(kv, new int[] {7}, PROMPT.length));
            System.arraycopy(step, 0, all, PROMPT.length * vocab, vocab);
            return all;
        }
    }

    private static int[] tokens(NativeModels m) {
        int[] t = PROMPT.clone();
        for (int i = 0; i < t.length; i++) t[i] = Math.floorMod(t[i], m.config.vocabSize());
        return t;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Q8_0", "Q4_K_M", "Q6_K"})
    void every_cpu_path_gives_the_same_bits(String fileType) throws IOException {
        assumeTrue(NativeLibrary.available(), "native library not built: " + NativeLibrary.unavailableReason());
        float[] portable = run(fileType, KernelSelector.forPath(KernelPath.PORTABLE), 1);
        int compared = 0;
        for (KernelPath path : KernelPath.values()) {
            if (path == KernelPath.PORTABLE || !NativeLibrary.supports(path)) continue;
            float[] logits = run(fileType, KernelSelector.forPath(path), 2);
            assertThat(logits).as("logits on %s vs portable C", path.label()).isEqualTo(portable);
            compared++;
        }
        System.out.printf("%s: %d vector paths bit-identical to the portable C path%n", fileType, compared);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Q8_0", "Q4_K_M"})
    void a_sequence_decodes_to_the_same_bits_alone_and_in_a_batch_of_16(String fileType) throws IOException {
        assumeTrue(NativeLibrary.available(), "native library not built: " + NativeLibrary.unavailableReason());
        KernelChoice choice = KernelSelector.choose(r1j.engine.nativekernels.KernelMode.NATIVE);
        int count = 16;
        try (NativeModels m = new NativeModels(fileType, choice, 2)) {
            int vocab = m.config.vocabSize();
            List<SequenceKv> caches = new ArrayList<>();
            int[][] prompts = new int[count][];
            try {
                // Alone: each sequence's prompt in one batch, then one decode step, by itself.
                float[][] alone = new float[count][];
                for (int s = 0; s < count; s++) {
                    prompts[s] = new int[3 + s % 5];
                    for (int i = 0; i < prompts[s].length; i++) prompts[s][i] = (31 * s + 17 * i + 5) % vocab;
                    SequenceKv kv = new SequenceKv(m.kvPool);
                    caches.add(kv);
                    assertThat(kv.ensureCapacity(prompts[s].length + 1)).isTrue();
                    m.model.forward(ForwardBatch.prefill(kv, prompts[s], 0));
                    alone[s] = Arrays.copyOf(m.model.forward(ForwardBatch.prefill(kv, new int[] {s + 1}, prompts[s].length)), vocab);
                }
                // Together: fresh caches, prompts token by token for all 16 at once, then the decode step as one batch.
                List<SequenceKv> batchCaches = new ArrayList<>();
                for (int s = 0; s < count; s++) {
                    SequenceKv kv = new SequenceKv(m.kvPool);
                    batchCaches.add(kv);
                    caches.add(kv);
                    assertThat(kv.ensureCapacity(prompts[s].length + 1)).isTrue();
                }
                int longest = 0;
                for (int[] p : prompts) longest = Math.max(longest, p.length + 1);
                float[] last = null;
                for (int pos = 0; pos < longest; pos++) {
                    List<Integer> members = new ArrayList<>();
                    for (int s = 0; s < count; s++) if (pos <= prompts[s].length) members.add(s);
                    int n = members.size();
                    int[] tokens = new int[n], positions = new int[n], rows = new int[n];
                    SequenceKv[] kvs = new SequenceKv[n];
                    for (int j = 0; j < n; j++) {
                        int s = members.get(j);
                        tokens[j] = pos < prompts[s].length ? prompts[s][pos] : s + 1;
                        positions[j] = pos;
                        kvs[j] = batchCaches.get(s);
                        rows[j] = j;
                    }
                    float[] logits = m.model.forward(new ForwardBatch(n, tokens, positions, kvs, rows));
                    for (int j = 0; j < n; j++) {
                        int s = members.get(j);
                        if (pos == prompts[s].length) {
                            float[] mine = Arrays.copyOfRange(logits, j * vocab, (j + 1) * vocab);
                            assertThat(mine).as("sequence %d: batched decode vs alone", s).isEqualTo(alone[s]);
                        }
                    }
                    last = logits;
                }
                assertThat(last).isNotNull();
            } finally {
                for (SequenceKv kv : caches) kv.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Q4_K_M"})
    void thread_count_does_not_change_the_bits(String fileType) throws IOException {
        assumeTrue(NativeLibrary.available(), "native library not built: " + NativeLibrary.unavailableReason());
        KernelChoice choice = KernelSelector.choose(r1j.engine.nativekernels.KernelMode.NATIVE);
        assertThat(run(fileType, choice, 1)).isEqualTo(run(fileType, choice, 3));
    }
}
