package r1j.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import r1j.engine.Fixtures;
import r1j.engine.model.LoadedModel;
import r1j.engine.sampling.SamplingOverrides;
import r1j.engine.sampling.SamplingParams;

class GeneratorTest {
    private static LoadedModel model;

    @BeforeAll
    static void load() throws IOException {
        model = LoadedModel.load(Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q8_0.gguf"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static SamplingParams seeded(long seed) {
        return SamplingParams.withDefaults(SamplingOverrides.builder().seed(seed).build(), model.samplingDefaults());
    }

    private static GenerationResult run(Generator g, int[] prompt, GenerationSettings s) {
        return g.generate(prompt, s, (id, delta) -> {});
    }

    @Test
    void the_same_seed_gives_the_same_tokens_and_another_seed_differs() {
        int[] prompt = model.tokenizer().encodeWithBos("Tell me a story");
        try (Generator g = new Generator(model, 2, 512)) {
            GenerationResult a = run(g, prompt, new GenerationSettings(seeded(7), 24, List.of(), true));
            GenerationResult b = run(g, prompt, new GenerationSettings(seeded(7), 24, List.of(), true));
            GenerationResult c = run(g, prompt, new GenerationSettings(seeded(8), 24, List.of(), true));
            assertThat(b.tokens()).containsExactly(a.tokens());
            assertThat(b.text()).isEqualTo(a.text());
            assertThat(c.tokens()).isNotEqualTo(a.tokens());
        }
    }

    @Test
    void max_tokens_ends_with_length_and_streamed_text_equals_the_result() {
        int[] prompt = model.tokenizer().encodeWithBos("Hello");
        StringBuilder streamed = new StringBuilder();
        List<Integer> ids = new ArrayList<>();
        try (Generator g = new Generator(model, 2, 512)) {
            GenerationResult r = g.generate(prompt, new GenerationSettings(SamplingParams.greedy(), 10, List.of(), true),
                    (id, delta) -> {
                        if (id >= 0) ids.add(id);
                        streamed.append(delta);
                    });
            assertThat(r.tokens()).hasSize(10);
            assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(streamed.toString()).isEqualTo(r.text()).isEqualTo(model.tokenizer().decode(r.tokens()));
            assertThat(ids).containsExactly(Arrays.stream(r.tokens()).boxed().toArray(Integer[]::new));
        }
    }

    @Test
    void greedy_generation_follows_the_float64_reference() throws IOException {
        // The `plain` prompt of the Q8_0 fixture: the generation loop (not just the forward pass) must reproduce the
        // reference's greedy tokens while their margins (12.95, 1.42) stay far wider than r1j's float32 error.
        JsonNode plain = null;
        for (JsonNode p : new ObjectMapper().readTree(
                Fixtures.resolve("tiny-qwen2/expected/tiny-qwen2-Q8_0.json").toFile()).get("prompts")) {
            if (p.get("name").asText().equals("plain")) plain = p;
        }
        assertThat(plain).isNotNull();
        int[] prompt = new ObjectMapper().convertValue(plain.get("ids"), int[].class);
        int[] expected = new ObjectMapper().convertValue(plain.get("greedy_32_ref_f64"), int[].class);
        try (Generator g = new Generator(model, 2, 512)) {
            GenerationResult r = run(g, prompt, new GenerationSettings(SamplingParams.greedy(), 2, List.of(), true));
            assertThat(r.tokens()).containsExactly(expected[0], expected[1]);
        }
    }

    @Test
    void a_stop_string_ends_generation_before_it() {
        int[] prompt = model.tokenizer().encodeWithBos("Hello");
        try (Generator g = new Generator(model, 2, 512)) {
            GenerationResult free = run(g, prompt, new GenerationSettings(SamplingParams.greedy(), 20, List.of(), true));
            String stop = free.text().substring(free.text().length() / 2, free.text().length() / 2 + 2);
            GenerationResult stopped = run(g, prompt, new GenerationSettings(SamplingParams.greedy(), 20, List.of(stop), true));
            assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(stopped.text()).isEqualTo(free.text().substring(0, free.text().indexOf(stop)));
        }
    }

    @Test
    void reusing_the_cached_prefix_gives_the_same_output_as_a_fresh_run() {
        int[] first = model.tokenizer().encodeWithBos("<｜User｜>Hi<｜Assistant｜>Hello there<｜end▁of▁sentence｜>");
        int[] second = model.tokenizer().encodeWithBos(
                "<｜User｜>Hi<｜Assistant｜>Hello there<｜end▁of▁sentence｜><｜User｜>And now?<｜Assistant｜>");
        GenerationSettings s = new GenerationSettings(seeded(3), 12, List.of(), true);
        try (Generator warm = new Generator(model, 2, 512); Generator cold = new Generator(model, 2, 512)) {
            run(warm, first, s);
            GenerationResult reused = run(warm, second, s);
            GenerationResult fresh = run(cold, second, s);
            assertThat(reused.reusedPromptTokens()).isGreaterThanOrEqualTo(first.length - 1);
            assertThat(fresh.reusedPromptTokens()).isZero();
            assertThat(reused.tokens()).containsExactly(fresh.tokens());
        }
    }

    @Test
    void the_end_of_sentence_token_stops_generation_unless_ignored() {
        int[] prompt = model.tokenizer().encodeWithBos("Hello");
        // Make EOS certain: a huge negative penalty on everything else is not available, so check the rule directly
        // on a run long enough to meet EOS if it comes, and always on the finish reason contract.
        try (Generator g = new Generator(model, 2, 512)) {
            GenerationResult r = run(g, prompt, new GenerationSettings(seeded(11), 64, List.of(), false));
            boolean sawEog = Arrays.stream(r.tokens()).anyMatch(t -> model.endOfGenerationIds().contains(t));
            if (sawEog) {
                assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
                assertThat(model.endOfGenerationIds()).contains(r.tokens()[r.tokens().length - 1]);
            } else {
                assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
            }
        }
    }

    @Test
    void a_prompt_that_fills_the_context_is_rejected_with_the_limit() {
        try (Generator g = new Generator(model, 1, 32)) {
            int[] prompt = new int[40];
            assertThatThrownBy(() -> run(g, prompt, new GenerationSettings(SamplingParams.greedy(), 4, List.of(), true)))
                    .hasMessageContaining("40 tokens").hasMessageContaining("32");
        }
    }

    @Test
    void the_context_window_ends_generation_with_length() {
        int[] prompt = model.tokenizer().encodeWithBos("Hello");
        try (Generator g = new Generator(model, 1, prompt.length + 5)) {
            GenerationResult r = run(g, prompt, new GenerationSettings(SamplingParams.greedy(), 100, List.of(), true));
            assertThat(r.tokens()).hasSize(5);
            assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
        }
    }
}
