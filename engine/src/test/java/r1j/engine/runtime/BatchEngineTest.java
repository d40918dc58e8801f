package r1j.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
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

class BatchEngineTest {
    private static LoadedModel model;

    @BeforeAll
    static void load() throws IOException {
        model = LoadedModel.load(Fixtures.resolve("tiny-qwen2/tiny-qwen2-Q4_K_M.gguf"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** One submitted request: its streamed text and, once awaited, its result. */
    static final class Run {
        final StringBuilder streamed = new StringBuilder();
        final GenerationStream stream;

        Run(Engine engine, int[] prompt, GenerationSettings settings) {
            this.stream = engine.submit(new GenerationRequest(prompt, settings));
        }

        GenerationResult await() {
            return stream.await((id, text) -> streamed.append(text));
        }
    }

    private static GenerationSettings settings(long seed, int maxTokens) {
        SamplingParams p = SamplingParams.withDefaults(SamplingOverrides.builder().seed(seed).build(), model.samplingDefaults());
        return new GenerationSettings(p, maxTokens, List.of(), true);
    }

    private static int[] prompt(int i) {
        return model.tokenizer().encodeWithBos("<｜User｜>Request number " + i + " asks something "
                + "x".repeat(i * 7) + "<｜Assistant｜><think>\n");
    }

    private static EngineOptions options(long kvBytes, int maxNumSeqs) {
        return new EngineOptions(2, maxNumSeqs, 1024, kvBytes, 16, 256, 64);
    }

    private static long kvFor(int tokens) {
        return tokens * BatchEngine.kvBytesPerToken(model);
    }

    @Test
    void sixteen_concurrent_requests_give_the_same_tokens_as_each_alone() throws Exception {
        List<GenerationResult> alone = new ArrayList<>();
        try (BatchEngine engine = new BatchEngine(model, options(kvFor(8192), 1))) {
            for (int i = 0; i < 16; i++) {
                alone.add(new Run(engine, prompt(i), settings(100 + i, 12 + i)).await());
            }
        }
        try (BatchEngine engine = new BatchEngine(model, options(kvFor(8192), 16))) {
            List<Run> together = new ArrayList<>();
            for (int i = 0; i < 16; i++) together.add(new Run(engine, prompt(i), settings(100 + i, 12 + i)));
            for (int i = 0; i < 16; i++) {
                GenerationResult r = together.get(i).await();
                assertThat(r.tokens()).as("request %d", i).containsExactly(alone.get(i).tokens());
                assertThat(together.get(i).streamed.toString()).isEqualTo(r.text()).isEqualTo(alone.get(i).text());
                assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
            }
            awaitIdle(engine);
            assertThat(engine.stats().kvBlocksUsed()).isZero();
            assertThat(engine.stats().generatedTokens()).isEqualTo(16 * 12 + 120);
        }
    }

    @Test
    void preempted_requests_are_recomputed_and_still_give_the_same_tokens() throws Exception {
        List<GenerationResult> alone = new ArrayList<>();
        try (BatchEngine engine = new BatchEngine(model, options(kvFor(8192), 1))) {
            for (int i = 0; i < 6; i++) {
                alone.add(new Run(engine, prompt(i), settings(7 + i, 40)).await());
            }
        }
        // Room for about two and a half sequences at a time: the rest must wait or be preempted.
        try (BatchEngine engine = new BatchEngine(model, options(kvFor(16 * 12), 6))) {
            List<Run> together = new ArrayList<>();
            for (int i = 0; i < 6; i++) together.add(new Run(engine, prompt(i), settings(7 + i, 40)));
            for (int i = 0; i < 6; i++) {
                assertThat(together.get(i).await().tokens()).as("request %d", i).containsExactly(alone.get(i).tokens());
            }
            assertThat(engine.stats().preemptions()).isGreaterThan(0);
            awaitIdle(engine);
            assertThat(engine.stats().kvBlocksUsed()).isZero();
        }
    }

    @Test
    void cancelling_a_running_request_frees_its_blocks_within_a_step() throws Exception {
        try (BatchEngine engine = new BatchEngine(model, options(kvFor(4096), 4))) {
            GenerationStream stream = engine.submit(new GenerationRequest(prompt(3), settings(1, 1000)));
            for (int seen = 0; seen < 3; ) {
                if (stream.next() instanceof TokenEvent.Token) seen++;
            }
            assertThat(engine.stats().kvBlocksUsed()).isGreaterThan(0);
            stream.cancel();
            GenerationResult r = stream.await((id, text) -> {});
            assertThat(r.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(r.tokens().length).isLessThan(1000);
            awaitIdle(engine);
            assertThat(engine.stats().kvBlocksUsed()).isZero();
        }
    }

    @Test
    void a_shared_prompt_prefix_is_served_from_the_cache_with_identical_output() throws Exception {
        String first = "<｜User｜>" + "Tell me about the sea and the sky. ".repeat(12) + "<｜Assistant｜>Fine.<｜end▁of▁sentence｜>";
        int[] turn1 = model.tokenizer().encodeWithBos(first + "<｜User｜>Once more?<｜Assistant｜><think>\n");
        int[] turn2 = model.tokenizer().encodeWithBos(first + "<｜User｜>And the rivers?<｜Assistant｜><think>\n");
        GenerationResult fresh;
        try (BatchEngine engine = new BatchEngine(model, options(kvFor(4096), 4))) {
            fresh = new Run(engine, turn2, settings(5, 16)).await();
            assertThat(fresh.cachedPromptTokens()).isZero();
        }
        try (BatchEngine engine = new BatchEngine(model, options(kvFor(4096), 4))) {
            new Run(engine, turn1, settings(5, 16)).await();
            GenerationResult reused = new Run(engine, turn2, settings(5, 16)).await();
            int shared = 0;
            while (turn1[shared] == turn2[shared]) shared++;
            // Whole blocks are shared and the matching start of the next one copied: every shared position is reused.
            assertThat(reused.cachedPromptTokens()).isEqualTo(shared).isGreaterThan(100);
            assertThat(reused.tokens()).containsExactly(fresh.tokens());
            assertThat(engine.stats().cachedPromptTokens()).isEqualTo(reused.cachedPromptTokens());
            awaitIdle(engine);
            assertThat(engine.stats().kvBlocksUsed()).isZero();
        }
    }

    @Test
    void a_prompt_longer_than_the_limit_is_refused_naming_it() {
        try (BatchEngine engine = new BatchEngine(model, options(kvFor(4096), 4))) {
            assertThatThrownBy(() -> new Run(engine, new int[1024], settings(1, 4)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1024");
        }
    }

    @Test
    void a_full_queue_is_refused_not_grown() {
        try (BatchEngine engine = new BatchEngine(model, new EngineOptions(1, 1, 1024, kvFor(4096), 16, 64, 2))) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) new Run(engine, prompt(i), settings(i, 200));
            }).isInstanceOf(EngineFullException.class).hasMessageContaining("busy");
        }
    }

    @Test
    void max_tokens_zero_finishes_at_once() throws Exception {
        try (BatchEngine engine = new BatchEngine(model, options(kvFor(4096), 4))) {
            assertThat(new Run(engine, prompt(1), settings(1, 0)).await().tokens()).isEmpty();
        }
    }

    private static void awaitIdle(BatchEngine engine) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while ((engine.stats().running() > 0 || engine.stats().kvBlocksUsed() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }
}
