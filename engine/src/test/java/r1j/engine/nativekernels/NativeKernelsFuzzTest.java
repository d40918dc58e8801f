package r1j.engine.nativekernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import r1j.engine.gguf.GgufFile;
import r1j.engine.kernels.ComputePool;
import r1j.engine.kv.KvBlockPool;
import r1j.engine.kv.SequenceKv;
import r1j.engine.model.LoadedModel;
import r1j.engine.model.UnsupportedModelException;
import r1j.engine.qwen2.ForwardBatch;
import r1j.engine.qwen2.Qwen2Model;
import r1j.engine.template.TemplateException;
import r1j.engine.tokenizer.TokenizerFormatException;
import r1j.testkit.Fixtures;

/**
 * Seeded, bounded fuzzing of the native path: mutants of a fixture (bytes of the header overwritten, the file cut
 * short, or the weights' bytes and scales overwritten with extremes such as NaN, infinity and the largest half) are
 * loaded on the native kernels and, when they load, run through a forward pass. Each either runs (any logits, NaN
 * included: garbage weights give garbage numbers) or is refused with a clear exception; a native crash would take
 * the test JVM down, and the Java-side bound checks must refuse anything the kernels could read out of bounds.
 */
class NativeKernelsFuzzTest {
    private static final int MUTANTS = 60;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Q4_K_M", "Q8_0"})
    void mutated_files_run_or_fail_cleanly_on_the_native_kernels(String fileType, @TempDir Path dir) throws IOException {
        assumeTrue(NativeLibrary.available(), "native library not built: " + NativeLibrary.unavailableReason());
        KernelMode before = KernelSelector.mode();
        KernelSelector.setMode(KernelMode.NATIVE);
        try {
            Path tiny = Fixtures.resolve("tiny-qwen2/tiny-qwen2-" + fileType + ".gguf");
            byte[] original = Files.readAllBytes(tiny);
            long dataStart;
            try (GgufFile gguf = GgufFile.open(tiny)) {
                dataStart = original.length - gguf.tensors().stream().mapToLong(t -> t.data().byteSize()).sum();
            }
            int header = (int) Math.max(64, dataStart - 4096);
            SplittableRandom random = new SplittableRandom(42);
            Path file = dir.resolve("mutant.gguf");
            int ran = 0, refused = 0;
            for (int i = 0; i < MUTANTS; i++) {
                byte[] mutant = original.clone();
                switch (i % 3) {
                    case 0 -> {
                        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) mutant[random.nextInt(header)] = (byte) random.nextInt(256);
                    }
                    case 1 -> mutant = java.util.Arrays.copyOf(original, (int) (dataStart + random.nextLong(original.length - dataStart)));
                    default -> {
                        short[] extremes = {(short) 0x7C00, (short) 0xFC00, (short) 0x7E00, (short) 0x7BFF, (short) 0xFBFF, 0, 1};
                        for (int flips = 0; flips < 200; flips++) {
                            int at = (int) (dataStart + random.nextLong(original.length - dataStart - 2));
                            short v = random.nextBoolean() ? extremes[random.nextInt(extremes.length)] : (short) random.nextInt();
                            mutant[at] = (byte) v;
                            mutant[at + 1] = (byte) (v >> 8);
                        }
                    }
                }
                Files.write(file, mutant);
                try (LoadedModel model = LoadedModel.load(file); ComputePool pool = new ComputePool(2)) {
                    assertThat(model.kernels().isNative()).isTrue();
                    Qwen2Model qwen = new Qwen2Model(model.config(), model.weights(), pool);
                    KvBlockPool kvPool = new KvBlockPool(16, model.config().layers(), model.config().kvDim(), 4);
                    try (SequenceKv kv = new SequenceKv(kvPool)) {
                        assertThat(kv.ensureCapacity(5)).isTrue();
                        int[] prompt = {1, 2, 3, 4};
                        for (int t = 0; t < prompt.length; t++) prompt[t] = Math.floorMod(prompt[t] * 7919, model.config().vocabSize());
                        float[] logits = qwen.forward(ForwardBatch.prefill(kv, prompt, 0));
                        assertThat(logits.length).isGreaterThanOrEqualTo(model.config().vocabSize());
                        qwen.forward(ForwardBatch.prefill(kv, new int[] {0}, prompt.length));
                    }
                    ran++;
                } catch (IOException | UnsupportedModelException | TokenizerFormatException | TemplateException
                        | IllegalArgumentException e) {
                    assertThat(e.getMessage()).as("mutant %d", i).isNotBlank();
                    refused++;
                }
            }
            System.out.printf("%s: %d mutants ran on the native kernels, %d refused%n", fileType, ran, refused);
            assertThat(ran + refused).isEqualTo(MUTANTS);
            assertThat(ran).as("mutants that reached the native kernels").isGreaterThanOrEqualTo(MUTANTS / 4);
        } finally {
            KernelSelector.setMode(before);
        }
    }
}
