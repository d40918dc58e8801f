package r1j.engine.runtime;

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
import r1j.engine.generate.FinishReason;
import r1j.engine.generate.GenerationResult;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.model.LoadedModel;
import r1j.engine.sampling.SamplingOverrides;
import r1j.engine.sampling.SamplingParams;
import r1j.testkit.Fixtures;

/**
 * The engine as the CLI uses it, one sequence at a time: the generation rules (seeds, limits, stop strings, the
 * float64 reference), the prefix cache across turns, cancellation and the thinking budget.
 */
class OneAtATimeTest {
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

    private static GenerationResult run(Engine g, int[] prompt, GenerationSettings s) {
        return g.submit(new GenerationRequest(prompt, s)).await((id, delta) -> {});
    }

    @Test
    void the_same_seed_gives_the_same_tokens_and_another_seed_differs() {
        int[] prompt = model.tokenizer().encodeWithBos("Tell me a story");
        try (BatchEngine g = BatchEngine.oneAtATime(model, 2, 512)) {
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
        try (BatchEngine g = BatchEngine.oneAtATime(model, 2, 512)) {
            GenerationResult r = g.submit(new GenerationRequest(prompt,
                    new GenerationSettings(SamplingParams.greedy(), 10, List.of(), true))).await((id, delta) -> {
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
        try (BatchEngine g = BatchEngine.oneAtATime(model, 2, 512)) {
            GenerationResult r = run(g, prompt, new GenerationSettings(SamplingParams.greedy(), 2, List.of(), true));
            assertThat(r.tokens()).containsExactly(expected[0], expected[1]);
        }
    }

    @Test
    void a_stop_string_ends_generation_before_it() {
        int[] prompt = model.tokenizer().encodeWithBos("Hello");
        try (BatchEngine g = BatchEngine.oneAtATime(model, 2, 512)) {
            GenerationResult free = run(g, prompt, new GenerationSettings(SamplingParams.greedy(), 20, List.of(), true));
            String stop = free.text().substring(free.text().length() / 2, free.text().length() / 2 + 2);
            GenerationResult stopped = run(g, prompt, new GenerationSettings(SamplingParams.greedy(), 20, List.of(stop), true));
            assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(stopped.text()).isEqualTo(free.text().substring(0, free.text().indexOf(stop)));
        }
    }

    @Test
    void reusing_the_cached_prefix_gives_the_same_output_as_a_fresh_run() {
        // The prefix cache shares whole KV blocks (16 positions) and copies the start of the next: the first turn is reused whole.
        String turn = "<｜User｜>" + "Hi, how are you today? ".repeat(6) + "<｜Assistant｜>Hello there<｜end▁of▁sentence｜>";
        int[] first = model.tokenizer().encodeWithBos(turn);
        int[] second = model.tokenizer().encodeWithBos(turn + "<｜User｜>And now?<｜Assistant｜>");
        GenerationSettings s = new GenerationSettings(seeded(3), 12, List.of(), true);
        try (BatchEngine warm = BatchEngine.oneAtATime(model, 2, 512);
             BatchEngine cold = BatchEngine.oneAtATime(model, 2, 512)) {
            run(warm, first, s);
            GenerationResult reused = run(warm, second, s);
            GenerationResult fresh = run(cold, second, s);
            assertThat(reused.cachedPromptTokens()).isEqualTo(first.length).isGreaterThan(16);
            assertThat(fresh.cachedPromptTokens()).isZero();
            assertThat(reused.tokens()).containsExactly(fresh.tokens());
        }
    }

    @Test
    void the_end_of_sentence_token_stops_generation_unless_ignored() {
        int[] prompt = model.tokenizer().encodeWithBos("Hello");
        // Make EOS certain: a huge negative penalty on everything else is not available, so check the rule directly
        // on a run long enough to meet EOS if it comes, and always on the finish reason contract.
        try (BatchEngine g = BatchEngine.oneAtATime(model, 2, 512)) {
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
        try (BatchEngine g = BatchEngine.oneAtATime(model, 1, 32)) {
            int[] prompt = new int[40];
            assertThatThrownBy(() -> run(g, prompt, new GenerationSettings(SamplingParams.greedy(), 4, List.of(), true)))
                    .hasMessageContaining("40 tokens").hasMessageContaining("32");
        }
    }

    @Test
    void the_context_window_ends_generation_with_length() {
        int[] prompt = model.tokenizer().encodeWithBos("Hello");
        try (BatchEngine g = BatchEngine.oneAtATime(model, 1, prompt.length + 5)) {
            GenerationResult r = run(g, prompt, new GenerationSettings(SamplingParams.greedy(), 100, List.of(), true));
            assertThat(r.tokens()).hasSize(5);
            assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
        }
    }

    private static GenerationSettings greedy(int maxTokens) {
        return new GenerationSettings(SamplingParams.greedy(), maxTokens, List.of(), true);
    }

    @Test
    void cancelling_mid_decode_ends_with_cancelled_and_the_next_run_equals_a_fresh_one() throws Exception {
        int[] first = model.tokenizer().encodeWithBos("Tell me a story about a cat");
        int[] second = model.tokenizer().encodeWithBos("Tell me a story about a dog");
        GenerationResult fresh;
        try (BatchEngine g = BatchEngine.oneAtATime(model, 2, 512)) {
            fresh = run(g, second, greedy(12));
        }
        try (BatchEngine g = BatchEngine.oneAtATime(model, 2, 512)) {
            List<Integer> streamed = new ArrayList<>();
            GenerationResult cancelled = g.submit(new GenerationRequest(first, greedy(200)))
                    .await((id, delta) -> streamed.add(id), () -> streamed.size() >= 5);
            assertThat(cancelled.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(cancelled.tokens().length).isLessThan(200);
            GenerationResult after = run(g, second, greedy(12));
            assertThat(after.tokens()).containsExactly(fresh.tokens());
            assertThat(after.text()).isEqualTo(fresh.text());
        }
    }

    @Test
    void a_request_cancelled_before_it_runs_generates_nothing() {
        try (BatchEngine g = BatchEngine.oneAtATime(model, 2, 512)) {
            GenerationStream blocker = g.submit(new GenerationRequest(model.tokenizer().encodeWithBos("Hello"), greedy(300)));
            GenerationStream waiting = g.submit(new GenerationRequest(model.tokenizer().encodeWithBos("Hello there"), greedy(10)));
            waiting.cancel();
            blocker.cancel();
            GenerationResult r = waiting.await((id, delta) -> {});
            assertThat(r.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(r.tokens()).isEmpty();
        }
    }

    @Test
    void a_thinking_budget_forces_the_closing_tag_once_spent() {
        int close = model.tokenizer().id("</think>").orElseThrow();
        int[] prompt = model.tokenizer().encodeWithBos("<｜User｜>What is 2+2?<｜Assistant｜><think>\n");
        try (BatchEngine g = BatchEngine.oneAtATime(model, 2, 512)) {
            GenerationResult free = run(g, prompt, greedy(40).withReasoningBudget(-1));
            assertThat(free.tokens()).as("the random-weight model never closes its thinking by itself").doesNotContain(close);
            for (int budget : new int[] {0, 5}) {
                GenerationResult r = run(g, prompt, greedy(40).withReasoningBudget(budget));
                assertThat(r.tokens()[budget]).as("budget %d", budget).isEqualTo(close);
                for (int i = 0; i < budget; i++) assertThat(r.tokens()[i]).isEqualTo(free.tokens()[i]);
                assertThat(r.text()).contains("</think>");
            }
        }
    }
}
