package r1j.engine.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import r1j.engine.generate.GenerationSettings;
import r1j.engine.sampling.InvalidSettingException;
import r1j.engine.sampling.SamplingOverrides;
import r1j.engine.sampling.SamplingParams;

class SettingsResolverTest {
    private static final SamplingOverrides R1 = SamplingOverrides.builder().temperature(0.6).topP(0.95).build();
    private static final int CONTEXT = 1000;
    private final SettingsResolver resolver = new SettingsResolver(R1, CONTEXT, GenerationSettings.UNLIMITED_REASONING);

    /** A caller's fields, as a request record or the CLI's flags carry them: null where not given. */
    record Asked(Double temperature, Integer topK, Long seed, Integer maxTokens, Integer maxCompletionTokens,
            List<String> stop, Integer reasoningBudget, String reasoningEffort) implements RequestedSettings {
        static Asked nothing() {
            return new Asked(null, null, null, null, null, null, null, null);
        }

        Asked temperature(double value) {
            return new Asked(value, topK, seed, maxTokens, maxCompletionTokens, stop, reasoningBudget, reasoningEffort);
        }

        Asked topK(int value) {
            return new Asked(temperature, value, seed, maxTokens, maxCompletionTokens, stop, reasoningBudget,
                    reasoningEffort);
        }

        Asked seed(long value) {
            return new Asked(temperature, topK, value, maxTokens, maxCompletionTokens, stop, reasoningBudget,
                    reasoningEffort);
        }

        Asked maxTokens(Integer value) {
            return new Asked(temperature, topK, seed, value, maxCompletionTokens, stop, reasoningBudget,
                    reasoningEffort);
        }

        Asked maxCompletionTokens(int value) {
            return new Asked(temperature, topK, seed, maxTokens, value, stop, reasoningBudget, reasoningEffort);
        }

        Asked stop(String... values) {
            return new Asked(temperature, topK, seed, maxTokens, maxCompletionTokens, Arrays.asList(values),
                    reasoningBudget, reasoningEffort);
        }

        Asked reasoning(Integer budget, String effort) {
            return new Asked(temperature, topK, seed, maxTokens, maxCompletionTokens, stop, budget, effort);
        }

        @Override
        public Double topP() {
            return null;
        }

        @Override
        public Double minP() {
            return null;
        }

        @Override
        public Double presencePenalty() {
            return null;
        }

        @Override
        public Double frequencyPenalty() {
            return null;
        }

        @Override
        public Double repetitionPenalty() {
            return null;
        }
    }

    private GenerationSettings chat(RequestedSettings asked, int promptTokens) {
        return resolver.resolve(asked, MaxTokensDefault.REST_OF_CONTEXT, promptTokens, "messages");
    }

    @Test
    void temperature_is_the_request_s_then_the_model_s_then_openai_s() {
        assertThat(chat(Asked.nothing().temperature(0.2), 10).sampling().temperature()).isEqualTo(0.2);
        assertThat(chat(Asked.nothing().temperature(0.0), 10).sampling().isGreedy()).isTrue();
        SamplingParams modelDefaults = chat(Asked.nothing(), 10).sampling();
        assertThat(modelDefaults.temperature()).isEqualTo(0.6);
        assertThat(modelDefaults.topP()).isEqualTo(0.95);
        assertThat(modelDefaults.topK()).isZero();
        assertThat(modelDefaults.seed()).isNull();

        SettingsResolver openAiDefaults = new SettingsResolver(SamplingOverrides.NONE, CONTEXT, -1);
        SamplingParams openAi = openAiDefaults.sampling(Asked.nothing());
        assertThat(openAi.temperature()).isEqualTo(1.0);
        assertThat(openAi.topP()).isEqualTo(1.0);
        assertThat(openAi.repetitionPenalty()).isEqualTo(1.0);
    }

    @Test
    void bad_sampling_values_name_their_field() {
        assertThatThrownBy(() -> chat(Asked.nothing().temperature(-0.5), 10))
                .isInstanceOf(InvalidSettingException.class)
                .extracting(e -> ((InvalidSettingException) e).field()).isEqualTo("temperature");
        assertThatThrownBy(() -> chat(Asked.nothing().topK(-2), 10))
                .extracting(e -> ((InvalidSettingException) e).field()).isEqualTo("top_k");
        assertThat(chat(Asked.nothing().topK(-1), 10).sampling().topK()).isZero();
    }

    @Test
    void max_tokens_defaults_follow_the_one_table() {
        assertThat(chat(Asked.nothing(), 100).maxTokens()).isEqualTo(CONTEXT - 100);
        assertThat(resolver.resolve(Asked.nothing(), MaxTokensDefault.OPENAI_COMPLETIONS, 100, "prompt").maxTokens())
                .isEqualTo(16);
        assertThat(resolver.resolve(Asked.nothing(), MaxTokensDefault.OPENAI_COMPLETIONS, CONTEXT - 5, "prompt")
                .maxTokens()).isEqualTo(5);
        assertThat(resolver.resolveReply(Asked.nothing()).maxTokens()).isEqualTo(CONTEXT / 4);
    }

    @Test
    void max_completion_tokens_wins_over_max_tokens_and_errors_name_the_field_given() {
        assertThat(chat(Asked.nothing().maxTokens(50).maxCompletionTokens(70), 10).maxTokens()).isEqualTo(70);
        assertThatThrownBy(() -> chat(Asked.nothing().maxCompletionTokens(0), 10))
                .extracting(e -> ((InvalidSettingException) e).field()).isEqualTo("max_completion_tokens");
        assertThatThrownBy(() -> chat(Asked.nothing().maxTokens(0), 10))
                .extracting(e -> ((InvalidSettingException) e).field()).isEqualTo("max_tokens");
    }

    @Test
    void a_request_that_does_not_fit_the_context_is_refused_with_its_field_and_code() {
        assertThatThrownBy(() -> chat(Asked.nothing(), CONTEXT))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("maximum context length is 1000")
                .satisfies(e -> {
                    assertThat(((InvalidSettingException) e).field()).isEqualTo("messages");
                    assertThat(((InvalidSettingException) e).code()).isEqualTo("context_length_exceeded");
                });
        assertThatThrownBy(() -> chat(Asked.nothing().maxTokens(991), 10))
                .hasMessageContaining("Lower max_tokens to at most 990")
                .extracting(e -> ((InvalidSettingException) e).field()).isEqualTo("max_tokens");
        assertThatThrownBy(() -> resolver.resolveReply(Asked.nothing().maxTokens(CONTEXT)))
                .extracting(e -> ((InvalidSettingException) e).code()).isEqualTo("context_length_exceeded");
    }

    @Test
    void within_the_context_a_given_max_tokens_is_cut_to_what_is_left_instead() {
        GenerationSettings cut = resolver.resolveWithinContext(Asked.nothing().maxTokens(991),
                MaxTokensDefault.REST_OF_CONTEXT, 10, "prompt");
        assertThat(cut.maxTokens()).isEqualTo(990);
        GenerationSettings kept = resolver.resolveWithinContext(Asked.nothing().maxTokens(20),
                MaxTokensDefault.REST_OF_CONTEXT, 10, "prompt");
        assertThat(kept.maxTokens()).isEqualTo(20);
        assertThatThrownBy(() -> resolver.resolveWithinContext(Asked.nothing(), MaxTokensDefault.REST_OF_CONTEXT,
                CONTEXT, "prompt")).extracting(e -> ((InvalidSettingException) e).field()).isEqualTo("prompt");
    }

    @Test
    void the_thinking_budget_is_the_request_s_number_then_its_effort_then_the_server_default() {
        assertThat(chat(Asked.nothing(), 10).reasoningBudget()).isEqualTo(GenerationSettings.UNLIMITED_REASONING);
        assertThat(chat(Asked.nothing().reasoning(null, "low"), 10).reasoningBudget()).isEqualTo(512);
        assertThat(chat(Asked.nothing().reasoning(100, "high"), 10).reasoningBudget()).isEqualTo(100);
        assertThat(new SettingsResolver(R1, CONTEXT, 0).resolve(Asked.nothing(), MaxTokensDefault.REST_OF_CONTEXT,
                10, "messages").reasoningBudget()).isZero();
        assertThatThrownBy(() -> chat(Asked.nothing().reasoning(null, "extreme"), 10))
                .extracting(e -> ((InvalidSettingException) e).field()).isEqualTo("reasoning_effort");
        assertThatThrownBy(() -> chat(Asked.nothing().reasoning(-2, null), 10))
                .extracting(e -> ((InvalidSettingException) e).field()).isEqualTo("reasoning_budget");
    }

    @Test
    void stop_strings_must_be_non_empty() {
        assertThat(chat(Asked.nothing().stop("\n\n", "END"), 10).stop()).containsExactly("\n\n", "END");
        assertThatThrownBy(() -> chat(Asked.nothing().stop("ok", ""), 10))
                .hasMessageContaining("stop[1]")
                .extracting(e -> ((InvalidSettingException) e).field()).isEqualTo("stop");
    }

    @Test
    void each_choice_of_a_seeded_request_gets_its_own_reproducible_seed() {
        GenerationSettings seeded = chat(Asked.nothing().seed(41), 10);
        assertThat(seeded.forChoice(0)).isSameAs(seeded);
        assertThat(seeded.forChoice(1).sampling().seed()).isEqualTo(42L);
        assertThat(seeded.forChoice(3).sampling().seed()).isEqualTo(44L);
        assertThat(seeded.forChoice(3).sampling().temperature()).isEqualTo(0.6);
        GenerationSettings unseeded = chat(Asked.nothing(), 10);
        assertThat(unseeded.forChoice(2).sampling().seed()).isNull();
    }
}
