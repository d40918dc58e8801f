package r1j.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.engine.Fixtures;
import r1j.engine.model.LoadedModel;
import r1j.engine.sampling.SamplingParams;

class GeneratorCancellationTest {
    private static LoadedModel model;

    @BeforeAll
    static void load() throws IOException {
        model = LoadedModel.load(Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q8_0.gguf"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static GenerationSettings greedy(int maxTokens) {
        return new GenerationSettings(SamplingParams.greedy(), maxTokens, List.of(), true);
    }

    @Test
    void cancelling_mid_decode_stops_within_one_step_with_cancelled() {
        int[] prompt = model.tokenizer().encodeWithBos("Tell me a story");
        List<Integer> streamed = new ArrayList<>();
        try (Generator g = new Generator(model, 2, 512)) {
            GenerationResult r = g.generate(prompt, greedy(200), (id, delta) -> streamed.add(id),
                    () -> streamed.size() >= 5);
            assertThat(r.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(r.tokens()).hasSize(5);
        }
    }

    @Test
    void a_cancel_before_prefill_generates_nothing() {
        int[] prompt = model.tokenizer().encodeWithBos("Hello there");
        try (Generator g = new Generator(model, 2, 512)) {
            GenerationResult r = g.generate(prompt, greedy(10), (id, delta) -> {}, () -> true);
            assertThat(r.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(r.tokens()).isEmpty();
        }
    }

    @Test
    void the_generation_after_a_cancelled_one_equals_a_fresh_run() {
        int[] first = model.tokenizer().encodeWithBos("Tell me a story about a cat");
        int[] second = model.tokenizer().encodeWithBos("Tell me a story about a dog");
        GenerationResult fresh;
        try (Generator g = new Generator(model, 2, 512)) {
            fresh = g.generate(second, greedy(12), (id, delta) -> {});
        }
        try (Generator g = new Generator(model, 2, 512)) {
            int[] seen = {0};
            g.generate(first, greedy(50), (id, delta) -> seen[0]++, () -> seen[0] >= 3);
            g.generate(first, greedy(50), (id, delta) -> {}, () -> true);
            GenerationResult after = g.generate(second, greedy(12), (id, delta) -> {});
            assertThat(after.reusedPromptTokens()).isPositive();
            assertThat(Arrays.equals(after.tokens(), fresh.tokens())).isTrue();
            assertThat(after.text()).isEqualTo(fresh.text());
        }
    }
}
